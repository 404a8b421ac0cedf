"""Commit before you tell: the update's transaction ends before every Bot API call.

Registered on the bot's HTTP session, so it covers every handler without any of them having to
remember it: whatever a handler has written is committed before the person is told anything,
and no transaction stays open while the bot waits on Telegram. ``getUpdates`` is the polling
loop's own call and runs outside any update.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.storage.unit import commit_current


class CommitBeforeTelling(BaseRequestMiddleware):
    """Commits the running unit of work, then lets the request go."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        if not isinstance(method, GetUpdates):
            await commit_current()
        return await make_request(bot, method)
