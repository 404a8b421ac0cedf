"""Registered members: /help by role. Each role's own commands nest here as child routers."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.i18n import Gettext, enum_key
from bot.services.people import MemberInfo


async def on_help(message: Message, member: MemberInfo, i18n: Gettext) -> None:
    await message.answer(i18n(enum_key("help", member.role)))


def create_router() -> Router:
    router = Router(name="members")
    router.message.register(on_help, Command("help"))
    return router
