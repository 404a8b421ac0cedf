"""People the bot does not know yet: everything but /start leads to the invitation."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, StateFilter
from aiogram.types import Message

from bot.i18n import Gettext


async def on_help(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("help-guest"))


async def on_anything(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("start-by-invitation"))


def create_router() -> Router:
    router = Router(name="guests")
    router.message.register(on_help, Command("help"))
    router.message.register(on_anything, StateFilter(None))
    return router
