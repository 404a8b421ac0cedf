"""The catch-all, last of the private routers: whatever no handler took gets a hint."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.i18n import Gettext


async def on_unknown_command(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("fallback-unknown-command"))


async def on_free_text(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("fallback-free-text"))


async def on_unexpected_in_dialog(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("fallback-unexpected-input"))


async def on_stale_button(callback: CallbackQuery, i18n: Gettext) -> None:
    await callback.answer(i18n("fallback-button-outdated"))


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(on_unknown_command, StateFilter(None), F.text.startswith("/"))
    router.message.register(on_free_text, StateFilter(None))
    router.message.register(on_unexpected_in_dialog)
    router.callback_query.register(on_stale_button)
    return router
