"""/start without an invitation: recognise a member, resume an unfinished profile,
register a first methodologist, explain invitations to everyone else."""

from __future__ import annotations

from html import escape

from aiogram import Bot, Router
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.clock import Clock
from bot.config import Settings
from bot.handlers.onboarding import ask_next
from bot.i18n import Gettext, Translator, enum_key
from bot.keyboards import people as kb
from bot.services import Services
from bot.services.onboarding import BOOTSTRAP


async def on_start(
    message: Message,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    user = message.from_user
    if user is None:
        return
    member = await services.people.find(user.id)
    if member is None:
        await state.clear()
        if services.people.is_bootstrap_methodologist(user.id):
            await message.answer(i18n("onboarding-welcome-methodologist"))
            await message.answer(
                i18n("onboarding-consent"), reply_markup=kb.consent(i18n, BOOTSTRAP)
            )
            return
        await message.answer(i18n("start-by-invitation"))
        return
    if not member.registered:
        data = await state.get_data()
        done = list(data.get("done", []))
        await state.set_data({"member_id": member.id, "done": done})
        progress = await services.onboarding.progress(member.id, done)
        await message.answer(i18n("onboarding-resume"))
        await ask_next(
            bot,
            message.chat.id,
            progress,
            services,
            i18n,
            state,
            translator,
            clock,
            settings,
            telegram_name=user.full_name,
        )
        return
    await state.clear()
    await message.answer(
        i18n(
            "start-welcome-back",
            name=escape(member.full_name or user.full_name),
            role=i18n(enum_key("role", member.role)),
        )
    )


def create_router() -> Router:
    router = Router(name="start")
    router.message.register(on_start, CommandStart())
    return router
