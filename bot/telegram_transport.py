"""The Telegram side of delivery: turns outbox content into Bot API calls and Telegram's
answers into the sender's results."""

from __future__ import annotations

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
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.delivery.transport import (
    Delivered,
    Moved,
    Rejected,
    RetryAfter,
    SendResult,
    Transient,
    Unreachable,
)
from bot.storage.outbox import ContentData

# aiogram keeps this generic response model only through a weak reference: rebuilt when
# collected (about 6 ms each time) unless something holds it.
_RESPONSE_MODEL = Response[Message]

# A private chat that no longer exists (account deleted) is as gone as a blocked one.
GONE = ("chat not found", "user is deactivated", "bot was kicked", "not a member")


def markup(buttons: list[Any]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(**button) for button in row] for row in buttons]
    )


class TelegramTransport:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, content: ContentData) -> SendResult:
        return await self._call(lambda: self._send(chat_id, content))

    async def edit(
        self, chat_id: int, message_id: int, text: str, buttons: list[Any]
    ) -> SendResult:
        async def call() -> Message | bool:
            return await self.bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup(buttons)
            )

        try:
            return await self._call(call)
        except _NotModified:
            return Delivered(message_id)

    async def _send(self, chat_id: int, content: ContentData) -> Message:
        keyboard = markup(content.buttons)
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
