"""Screens made of one message: turning it into the next one, and the stale-button answer."""

from __future__ import annotations

from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Gettext


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
    it), then answer the press (with ``toast``, if given)."""
    message = callback.message
    if isinstance(message, Message):
        await show(message, text, keyboard)
    elif callback.bot is not None:
        await callback.bot.send_message(callback.from_user.id, text, reply_markup=keyboard)
    await callback.answer(toast)


async def say(
    callback: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """A new message below the pressed one (a dialog's question), then answer the press."""
    if callback.bot is not None:
        await callback.bot.send_message(callback.from_user.id, text, reply_markup=keyboard)
    await callback.answer()


def toggle(values: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    """``values`` with ``value`` added, or taken out when it is there."""
    return tuple(v for v in values if v != value) if value in values else (*values, value)


def toggled_in_order(choices: tuple[Any, ...], current: Any, value: Any) -> list[Any]:
    """``choices`` that are in ``current`` with ``value`` toggled, in the order of ``choices``."""
    return [c for c in choices if (c in current) != (c == value)]
