"""Commands that work for anyone, in any step: /cancel."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.handlers.ui.screen import with_answer
from bot.i18n import Gettext
from bot.storage.unit import commit_current


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


async def answer_and_close(callback: CallbackQuery, bot: Bot, toast: str | None = None) -> None:
    """Answer the press and take the buttons off its message, both at once (one round trip of
    waiting, not two), after committing what the update has written."""
    await commit_current()
    await with_answer(callback, close_keyboard(callback, bot), toast)


def create_router() -> Router:
    router = Router(name="common")
    router.message.register(on_cancel, Command("cancel"))
    return router
