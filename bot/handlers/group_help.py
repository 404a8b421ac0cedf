"""Group chats: the bot answers only commands addressed to it and stays quiet otherwise."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.i18n import Gettext


async def on_help(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("help-group"))


def create_router() -> Router:
    router = Router(name="groups")
    router.message.register(on_help, Command("help"))
    router.message.register(on_help, CommandStart())
    return router
