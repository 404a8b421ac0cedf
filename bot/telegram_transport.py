"""The Telegram side of delivery: turns outbox content (with its neutral buttons) into Bot API
calls and Telegram's answers into the sender's results."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods.base import Response
from aiogram.types import Message

from bot.delivery.transport import (
    Delivered,
    Moved,
    Rejected,
    RetryAfter,
    SendResult,
    Transient,
    Unreachable,
)
from bot.keyboards.actions import UnknownAction, markup, needs_username
from bot.storage.outbox import ContentData

__all__ = ["TelegramTransport", "file_fetcher", "markup"]

# aiogram keeps this generic response model only through a weak reference: rebuilt when
# collected (about 6 ms each time) unless something holds it.
_RESPONSE_MODEL = Response[Message]

# A private chat that no longer exists (account deleted) is as gone as a blocked one.
GONE = ("chat not found", "user is deactivated", "bot was kicked", "not a member")


class TelegramTransport:
    """``username``: the bot's, read once at start-up (deep links need it); when it was not
    given, it is asked of Telegram once, the first time a deep link is sent."""

    def __init__(self, bot: Bot, username: str | None = None) -> None:
        self.bot = bot
        self.username = username

    async def send(self, chat_id: int, content: ContentData) -> SendResult:
        if self.username is None and needs_username(content.buttons):
            try:
                self.username = (await self.bot.me()).username
            except TelegramAPIError as exc:
                return Transient(str(exc))
        try:
            return await self._call(lambda: self._send(chat_id, content))
        except UnknownAction as exc:
            return Rejected(f"unknown button: {exc}")

    async def edit(
        self, chat_id: int, message_id: int, text: str, buttons: list[Any]
    ) -> SendResult:
        async def call() -> Message | bool:
            return await self.bot.edit_message_text(
                text=text,
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=markup(buttons, self.username),
            )

        try:
            return await self._call(call)
        except _NotModified:
            return Delivered(message_id)

    async def _send(self, chat_id: int, content: ContentData) -> Message:
        keyboard = markup(content.buttons, self.username)
        if content.kind == "photo":
            return await self.bot.send_photo(
                chat_id, content.file_ref or "", caption=content.text, reply_markup=keyboard
            )
        if content.kind == "document":
            return await self.bot.send_document(
                chat_id, content.file_ref or "", caption=content.text, reply_markup=keyboard
            )
        return await self.bot.send_message(chat_id, content.text or "", reply_markup=keyboard)

    async def _call(self, call: Any) -> SendResult:
        try:
            message = await call()
        except TelegramRetryAfter as exc:
            return RetryAfter(float(exc.retry_after))
        except TelegramMigrateToChat as exc:
            return Moved(int(exc.migrate_to_chat_id))
        except TelegramForbiddenError as exc:
            return Unreachable(exc.message)
        except (TelegramNetworkError, TelegramServerError) as exc:
            return Transient(str(exc))
        except TelegramBadRequest as exc:
            text = exc.message.lower()
            if "message is not modified" in text:
                raise _NotModified from exc
            if any(marker in text for marker in GONE):
                return Unreachable(exc.message)
            return Rejected(exc.message)
        except TelegramAPIError as exc:
            return Transient(str(exc))
        return Delivered(message.message_id if isinstance(message, Message) else 0)


class _NotModified(Exception):
    pass


def file_fetcher(bot: Bot) -> Callable[[str], Awaitable[bytes]]:
    """The core's file fetcher on Telegram: a file's bytes by its ``file_id`` (Telegram's
    error when it cannot be read)."""

    async def fetch(file_id: str) -> bytes:
        buffer = io.BytesIO()
        await bot.download(file_id, destination=buffer)
        return buffer.getvalue()

    return fetch
