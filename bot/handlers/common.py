"""Commands that work for anyone, in any step: /cancel."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.i18n import Gettext


async def on_cancel(message: Message, state: FSMContext, i18n: Gettext) -> None:
    if await state.get_state() is None:
        await message.answer(i18n("cancel-nothing"), reply_markup=ReplyKeyboardRemove())
        return
    await state.clear()
    await message.answer(i18n("cancel-done"), reply_markup=ReplyKeyboardRemove())


async def close_keyboard(callback: CallbackQuery, bot: Bot) -> None:
    """Take the buttons off an answered message, so an old one cannot be pressed again."""
    if callback.message is not None:
        await bot.edit_message_reply_markup(
            chat_id=callback.from_user.id, message_id=callback.message.message_id
        )


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(on_cancel, Command("cancel"))
    return router
