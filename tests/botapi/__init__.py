"""A Telegram Bot API test double: an aiohttp server a real aiogram ``Bot`` can talk to."""

from .double import (
    DEFAULT_TOKEN,
    SECRET_HEADER,
    ApiError,
    BotAPIDouble,
    Request,
    WebhookDelivery,
)

__all__ = [
    "DEFAULT_TOKEN",
    "SECRET_HEADER",
    "ApiError",
    "BotAPIDouble",
    "Request",
    "WebhookDelivery",
]
