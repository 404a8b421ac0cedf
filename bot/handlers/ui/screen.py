"""Screens made of one message: turning it into the next one, and the stale-button answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Gettext
from bot.storage.unit import commit_current


async def stale(callback: CallbackQuery, i18n: Gettext, key: str = "error-stale-button") -> None:
    """The answer to a button that no longer does anything (or was never shown)."""
    await callback.answer(i18n(key), show_alert=True)


async def accessible(callback: CallbackQuery, i18n: Gettext) -> Message | None:
    """The message under the button, or None (and an answer) when Telegram no longer gives it."""
    if isinstance(callback.message, Message):
        return callback.message
    await stale(callback, i18n)
    return None


async def show(message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Turn the message into the next screen; pressing the current choice again changes nothing."""
    try:
        await message.edit_text(text, reply_markup=keyboard)
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


async def replace(
    callback: CallbackQuery,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    toast: str | None = None,
) -> None:
    """Replace the pressed message with ``text`` (or send it anew when Telegram no longer gives
    it) and answer the press (with ``toast``, if given), both at once."""
    message = callback.message
    await commit_current()  # once, before either request (see with_answer)
    if isinstance(message, Message):
        await with_answer(callback, show(message, text, keyboard), toast)
    elif callback.bot is not None:
        sent = callback.bot.send_message(callback.from_user.id, text, reply_markup=keyboard)
        await with_answer(callback, sent, toast)
    else:
        await callback.answer(toast)


async def say(
    callback: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """A new message below the pressed one (a dialog's question), and the press answered, both
    at once."""
    if callback.bot is None:
        await callback.answer()
        return
    await commit_current()  # once, before either request (see with_answer)
    sent = callback.bot.send_message(callback.from_user.id, text, reply_markup=keyboard)
    await with_answer(callback, sent, None)


async def with_answer(
    callback: CallbackQuery, screen: Awaitable[Any], toast: str | None = None
) -> None:
    """The screen and the answer to the press go to Telegram together: one round trip of
    waiting, not two. The caller has committed what the update wrote, once, before making
    either request: neither leaves before it (commit before you tell), and the two do not both
    commit the one session at the same time. When the screen fails the press has been
    answered already; the error handler then tells the person in the chat instead of in an
    alert."""
    results = await asyncio.gather(screen, _answer(callback, toast), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result


async def _answer(callback: CallbackQuery, toast: str | None) -> None:
    await callback.answer(toast)


def toggle(values: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    """``values`` with ``value`` added, or taken out when it is there."""
    return tuple(v for v in values if v != value) if value in values else (*values, value)


def toggled_in_order(choices: tuple[Any, ...], current: Any, value: Any) -> list[Any]:
    """``choices`` that are in ``current`` with ``value`` toggled, in the order of ``choices``."""
    return [c for c in choices if (c in current) != (c == value)]
