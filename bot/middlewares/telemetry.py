"""Counts Telegram's "429 Too Many Requests" answers for /metrics, whatever the call."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot import metrics


class CountRateLimits(BaseRequestMiddleware):
    """A request middleware of the bot's session: every 429 answer adds one to a counter."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter:
            metrics.telegram_rate_limited()
            raise
