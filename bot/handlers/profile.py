"""/me: a person's own profile, edited field by field; /forget: erase it.

/forget is open to anyone who gave consent, the profile finished or not: its router sits
before the registered people's room (see ``create_forget_router``).
"""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.clock import Clock
from bot.commands import apply_menu
from bot.config import Settings
from bot.handlers.common import answer_and_close, close_keyboard
from bot.i18n import Gettext, Translator, enum_key
from bot.keyboards import people as kb
from bot.services import Services
from bot.services.onboarding import parse_year
from bot.services.people import MemberInfo, local_today
from bot.storage.models import Role


class Editing(StatesGroup):
    name = State()
    year = State()


async def render(
    services: Services, member_id: int, i18n: Gettext, clock: Clock, settings: Settings
) -> tuple[str, kb.InlineKeyboardMarkup]:
    view = await services.profile.view(member_id, local_today(clock.now(), settings.tz))
    m = view.member
    none = i18n("profile-none")
    associations = ", ".join(
        escape(name) + (i18n("profile-head-mark") if head else "")
        for name, head in view.associations
    )
    lines = [
        i18n("profile-title"),
        i18n("profile-name", value=escape(m.full_name or none)),
        i18n("profile-role", value=i18n(enum_key("role", m.role))),
        i18n("profile-organisation", value=escape(view.organisation_name or none)),
        i18n("profile-associations", value=associations or none),
    ]
    if m.role is Role.TEACHER:
        year = str(m.career_start_year) if m.career_start_year else none
        lines.append(i18n("profile-year", value=year))
        if view.young_specialist:
            lines.append(i18n("profile-young-specialist"))
        lines.append(i18n("profile-mentor-yes" if m.is_mentor else "profile-mentor-no"))
    if view.mentors:
        lines.append(i18n("profile-mentors", value=escape(", ".join(view.mentors))))
    if view.mentees:
        lines.append(i18n("profile-mentees", value=escape(", ".join(view.mentees))))
    lines.append(i18n("profile-language", value=i18n(f"language-{i18n.locale}")))
    markup = kb.profile(i18n, view.may_move, m.role is Role.TEACHER)
    return "\n".join(lines), markup


async def on_me(
    message: Message,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
    state: FSMContext,
) -> None:
    await state.clear()
    text, markup = await render(services, member.id, i18n, clock, settings)
    await message.answer(text, reply_markup=markup)


async def on_forget(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("forget-ask"), reply_markup=kb.forget_confirm(i18n))


async def on_forget_answer(
    callback: CallbackQuery,
    callback_data: kb.Me,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
) -> None:
    """The profile's «Удалить мои данные» and the answer to the question it asks."""
    chat_id = callback.from_user.id
    await callback.answer()
    if callback_data.action == "forget":
        await bot.send_message(chat_id, i18n("forget-ask"), reply_markup=kb.forget_confirm(i18n))
        return
    await close_keyboard(callback, bot)
    if callback_data.action == "forget_no":
        kept = "forget-kept" if member.registered else "forget-kept-unfinished"
        await bot.send_message(chat_id, i18n(kept))
        return
    await services.profile.forget(member.id)
    await state.clear()
    await apply_menu(bot, translator, chat_id, None, None)
    await bot.send_message(chat_id, i18n("forget-done"))


async def on_action(
    callback: CallbackQuery,
    callback_data: kb.Me,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    action = callback_data.action
    chat_id = callback.from_user.id
    await callback.answer()
    if action == "name":
        await state.set_state(Editing.name)
        await bot.send_message(chat_id, i18n("profile-ask-name"))
    elif action == "year":
        this_year = local_today(clock.now(), settings.tz).year
        await bot.send_message(
            chat_id, i18n("onboarding-ask-year"), reply_markup=kb.years(i18n, "p", this_year)
        )
    elif action == "mentor":
        await bot.send_message(
            chat_id, i18n("onboarding-ask-mentor"), reply_markup=kb.yes_no(i18n, "p", "mentor")
        )
    elif action == "lang":
        await bot.send_message(
            chat_id,
            i18n("profile-ask-language"),
            reply_markup=kb.languages(i18n, translator.locales),
        )
    elif action == "org":
        services.profile.check_may_move(member.role)
        items = [(o.id, o.name) for o in await services.registry.list_organisations(None)]
        await bot.send_message(
            chat_id,
            i18n("onboarding-ask-organisation"),
            reply_markup=kb.organisations(i18n, "p", items, 0),
        )
    elif action == "asc":
        services.profile.check_may_move(member.role)
        items, chosen = await _associations(services, member)
        await bot.send_message(
            chat_id,
            i18n("profile-ask-associations"),
            reply_markup=kb.associations(i18n, "p", items, chosen),
        )
    elif action == "ok":
        await close_keyboard(callback, bot)
        await services.profile.confirm(member.id)
        await bot.send_message(chat_id, i18n("reconfirm-thanks"))
    elif action == "edit":
        await close_keyboard(callback, bot)
        await services.profile.confirm(member.id)
        text, markup = await render(services, member.id, i18n, clock, settings)
        await bot.send_message(chat_id, text, reply_markup=markup)


async def on_pick(
    callback: CallbackQuery,
    callback_data: kb.Pick,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    what, value = callback_data.what, callback_data.value
    chat_id = callback.from_user.id
    if what == "orgs":
        items = [(o.id, o.name) for o in await services.registry.list_organisations(None)]
        await callback.answer()
        await callback.message.edit_reply_markup(  # type: ignore[union-attr]
            reply_markup=kb.organisations(i18n, "p", items, value)
        )
        return
    if what == "asc":
        await services.profile.toggle_association(member.id, value)
        items, chosen = await _associations(services, member)
        await callback.answer()
        await callback.message.edit_reply_markup(  # type: ignore[union-attr]
            reply_markup=kb.associations(i18n, "p", items, chosen)
        )
        return
    if what == "org":
        await services.profile.move(member.id, value)
    elif what == "year":
        if value == 0:
            await answer_and_close(callback, bot)
            await state.set_state(Editing.year)
            await bot.send_message(chat_id, i18n("onboarding-year-type"))
            return
        today = local_today(clock.now(), settings.tz)
        await services.profile.set_career_year(member.id, value, today)
    elif what == "mentor":
        await services.profile.set_mentor(member.id, bool(value))
    elif what == "lang":
        locales = translator.locales
        locale = locales[value] if 0 <= value < len(locales) else ""
        changed = await services.profile.set_locale(member.id, locale)
        i18n = translator.bind(locale)
        await apply_menu(bot, translator, chat_id, changed.role, changed.locale)
    await answer_and_close(callback, bot, i18n("profile-saved"))
    text, markup = await render(services, member.id, i18n, clock, settings)
    await bot.send_message(chat_id, text, reply_markup=markup)


async def on_name(
    message: Message,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
) -> None:
    await services.profile.rename(member.id, message.text)
    await state.clear()
    text, markup = await render(services, member.id, i18n, clock, settings)
    await message.answer(i18n("profile-saved") + "\n\n" + text, reply_markup=markup)


async def on_year(
    message: Message,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
) -> None:
    today = local_today(clock.now(), settings.tz)
    await services.profile.set_career_year(member.id, parse_year(message.text, today), today)
    await state.clear()
    text, markup = await render(services, member.id, i18n, clock, settings)
    await message.answer(i18n("profile-saved") + "\n\n" + text, reply_markup=markup)


async def on_not_text(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("fallback-unexpected-input"))


async def _associations(
    services: Services, member: MemberInfo
) -> tuple[list[tuple[int, str]], set[int]]:
    items = [(a.id, a.name) for a in await services.registry.open_to(member.organisation_id)]
    return items, await services.profile.association_ids(member.id)


FORGET_ACTIONS = ("forget", "forget_yes", "forget_no")


def _consented(event: TelegramObject, member: MemberInfo | None = None) -> bool:
    """Anyone who gave consent: registered, or still filling the profile."""
    return member is not None


def create_forget_router() -> Router:
    """/forget and its confirmation, for anyone who consented (see the module docstring)."""
    router = Router(name="forget")
    router.message.filter(_consented)
    router.callback_query.filter(_consented)
    router.message.register(on_forget, Command("forget"))
    router.callback_query.register(on_forget_answer, kb.Me.filter(F.action.in_(FORGET_ACTIONS)))
    return router


def create_router() -> Router:
    router = Router(name="profile")
    router.message.register(on_me, Command("me"))
    router.message.register(on_name, StateFilter(Editing.name), F.text, ~F.text.startswith("/"))
    router.message.register(on_year, StateFilter(Editing.year), F.text, ~F.text.startswith("/"))
    router.message.register(on_not_text, StateFilter(Editing.name, Editing.year))
    router.callback_query.register(on_action, kb.Me.filter())
    router.callback_query.register(on_pick, kb.Pick.filter(F.flow == "p"))
    return router
