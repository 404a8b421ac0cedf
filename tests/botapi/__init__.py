"""A Telegram Bot API test double: an aiohttp server a real aiogram ``Bot`` can talk to."""

from .double import DEFAULT_TOKEN, ApiError, BotAPIDouble, Request

__all__ = ["DEFAULT_TOKEN", "ApiError", "BotAPIDouble", "Request"]
