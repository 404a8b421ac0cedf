"""Commands that work for anyone, in any step: /cancel."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, ReplyKeyboardRemove

from bot.i18n import Gettext


async def on_cancel(message: Message, state: FSMContext, i18n: Gettext) -> None:
    if await state.get_state() is None:
        await message.answer(i18n("cancel-nothing"), reply_markup=ReplyKeyboardRemove())
        return
    await state.clear()
    await message.answer(i18n("cancel-done"), reply_markup=ReplyKeyboardRemove())


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(on_cancel, Command("cancel"))
    return router
