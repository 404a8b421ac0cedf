"""/start: recognise a member, register a first methodologist, explain invitations to others."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.i18n import Gettext, enum_key
from bot.services import Services


async def on_start(message: Message, services: Services, i18n: Gettext, state: FSMContext) -> None:
    user = message.from_user
    if user is None:
        return
    await state.clear()
    result = await services.people.start(user.id, user.full_name)
    if result.member is None:
        await message.answer(i18n("start-by-invitation"))
        return
    member = result.member
    await message.answer(
        i18n(
            "start-welcome-new" if result.created else "start-welcome-back",
            name=escape(member.full_name or user.full_name),
            role=i18n(enum_key("role", member.role)),
        )
    )


def create_router() -> Router:
    router = Router(name="start")
    router.message.register(on_start, CommandStart())
    return router
