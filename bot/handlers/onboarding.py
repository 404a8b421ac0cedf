"""Joining by invitation: /start <code>, consent, then the profile with buttons."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.clock import Clock
from bot.commands import apply_menu
from bot.config import Settings
from bot.handlers.common import answer_and_close
from bot.i18n import Gettext, Translator, enum_key
from bot.keyboards import people as kb
from bot.services import Services
from bot.services.onboarding import Progress, Step, offered_name, parse_year
from bot.services.people import MemberInfo, local_today


class Onboarding(StatesGroup):
    name = State()
    organisation = State()
    associations = State()
    career = State()
    career_typed = State()
    mentor = State()


# The one thing kept before consent: the code of the invite the person opened.
OPENED_INVITE = "invite_code"

STATE_OF = {
    Step.NAME: Onboarding.name,
    Step.ORGANISATION: Onboarding.organisation,
    Step.ASSOCIATIONS: Onboarding.associations,
    Step.CAREER: Onboarding.career,
    Step.MENTOR: Onboarding.mentor,
}


async def on_start_with_invite(
    message: Message,
    command: CommandObject,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
) -> None:
    if member is not None and member.registered:
        await message.answer(i18n("invite-error-already-member"))
        return
    await state.clear()
    invite = await services.invites.check(command.args or "")
    await state.set_data({OPENED_INVITE: invite.code})
    inviter = (
        i18n(
            "onboarding-invited-by",
            name=escape(invite.inviter_name),
            role=i18n(enum_key("role", invite.inviter_role)),
        )
        if invite.inviter_name and invite.inviter_role
        else ""
    )
    await message.answer(
        i18n(
            "onboarding-welcome",
            invited=inviter,
            role=i18n(enum_key("role", invite.role)),
            organisation=f", {escape(invite.organisation_name)}"
            if invite.organisation_name
            else "",
        )
    )
    await message.answer(i18n("onboarding-consent"), reply_markup=kb.consent(i18n, invite.id))


async def on_consent(
    callback: CallbackQuery,
    callback_data: kb.Consent,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    if not callback_data.agree:
        await state.clear()
        await answer_and_close(callback, bot)
        await bot.send_message(callback.from_user.id, i18n("onboarding-declined"))
        return
    opened = (await state.get_data()).get(OPENED_INVITE)
    progress = await services.onboarding.consent(
        callback.from_user.id, callback_data.invite, opened
    )
    await state.set_data({"member_id": progress.member.id, "done": []})
    # Answered once the consent is decided: a refusal (a stale or used-up invitation) is then
    # the button's alert, and what was decided is committed with the one transaction before it.
    await answer_and_close(callback, bot)
    await ask_next(
        bot,
        callback.from_user.id,
        progress,
        services,
        i18n,
        state,
        translator,
        clock,
        settings,
        telegram_name=callback.from_user.full_name,
    )


async def on_name(
    message: Message,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    data = await state.get_data()
    progress = await services.onboarding.set_name(data["member_id"], message.text, data["done"])
    await message.answer(
        i18n("onboarding-name-saved", name=escape(progress.member.full_name or "")),
        reply_markup=ReplyKeyboardRemove(),
    )
    await ask_next(
        bot, message.chat.id, progress, services, i18n, state, translator, clock, settings
    )


async def on_pick(
    callback: CallbackQuery,
    callback_data: kb.Pick,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    data = await state.get_data()
    if "member_id" not in data:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    member_id, done = data["member_id"], list(data["done"])
    chat_id = callback.from_user.id
    what, value = callback_data.what, callback_data.value
    current = await state.get_state()
    if what == "orgs" and current == Onboarding.organisation.state:
        await callback.answer()
        await _show_organisations(callback, services, i18n, value)
        return
    if what == "asc" and current == Onboarding.associations.state:
        chosen = await services.onboarding.toggle_association(member_id, value)
        await callback.answer()
        await _show_associations(callback, services, i18n, member_id, chosen)
        return
    if what == "year" and value == 0 and current == Onboarding.career.state:
        await callback.answer()
        await state.set_state(Onboarding.career_typed)
        await bot.send_message(chat_id, i18n("onboarding-year-type"))
        return
    step_of = {
        "org": Onboarding.organisation.state,
        "done": Onboarding.associations.state,
        "year": Onboarding.career.state,
        "mentor": Onboarding.mentor.state,
    }
    if step_of.get(what) != current:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    await answer_and_close(callback, bot)
    if what == "org":
        progress = await services.onboarding.set_organisation(member_id, value, done)
    elif what == "done":
        done.append(Step.ASSOCIATIONS)
        progress = await services.onboarding.progress(member_id, done)
    elif what == "year":
        today = local_today(clock.now(), settings.tz)
        progress = await services.onboarding.set_career_year(member_id, value, today, done)
    else:
        done.append(Step.MENTOR)
        progress = await services.onboarding.set_mentor(member_id, bool(value), done)
    await state.update_data(done=done)
    await ask_next(bot, chat_id, progress, services, i18n, state, translator, clock, settings)


async def on_typed_year(
    message: Message,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    translator: Translator,
    clock: Clock,
    settings: Settings,
) -> None:
    data = await state.get_data()
    today = local_today(clock.now(), settings.tz)
    year = parse_year(message.text, today)
    progress = await services.onboarding.set_career_year(
        data["member_id"], year, today, data["done"]
    )
    await ask_next(
        bot, message.chat.id, progress, services, i18n, state, translator, clock, settings
    )


async def on_not_a_button(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("onboarding-use-buttons"))


async def on_not_text_name(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("onboarding-ask-name"))


async def on_not_a_year(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("profile-error-year-format"))


async def ask_next(
    bot: Bot,
    chat_id: int,
    progress: Progress,
    services: Services,
    i18n: Gettext,
    state: FSMContext,
    translator: Translator,
    clock: Clock,
    settings: Settings,
    telegram_name: str | None = None,
) -> None:
    """Ask for the next missing piece, or finish."""
    step = progress.step
    member = progress.member
    if step is Step.DONE:
        await state.clear()
        await apply_menu(bot, translator, chat_id, member.role, member.locale)
        await bot.send_message(
            chat_id,
            i18n(
                "onboarding-done",
                name=escape(member.full_name or ""),
                role=i18n(enum_key("role", member.role)),
            )
            + "\n\n"
            + i18n(enum_key("onboarding-expect", member.role)),
            reply_markup=ReplyKeyboardRemove(),
        )
        return
    await state.set_state(STATE_OF[step])
    if step is Step.NAME:
        offered = offered_name(telegram_name)
        markup = kb.use_telegram_name(offered) if offered else None
        await bot.send_message(chat_id, i18n("onboarding-ask-name"), reply_markup=markup)
    elif step is Step.ORGANISATION:
        items = [(o.id, o.name) for o in await services.registry.list_organisations(None)]
        if not items:
            await bot.send_message(chat_id, i18n("onboarding-no-organisations"))
            return
        await bot.send_message(
            chat_id,
            i18n("onboarding-ask-organisation"),
            reply_markup=kb.organisations(i18n, "o", items, 0),
        )
    elif step is Step.ASSOCIATIONS:
        items = await _association_items(services, member)
        if not items:
            data = await state.get_data()
            done = [*data.get("done", []), Step.ASSOCIATIONS]
            await state.update_data(done=done)
            nxt = await services.onboarding.progress(member.id, done)
            await ask_next(bot, chat_id, nxt, services, i18n, state, translator, clock, settings)
            return
        await bot.send_message(
            chat_id,
            i18n("onboarding-ask-associations"),
            reply_markup=kb.associations(i18n, "o", items, set()),
        )
    elif step is Step.CAREER:
        this_year = local_today(clock.now(), settings.tz).year
        await bot.send_message(
            chat_id, i18n("onboarding-ask-year"), reply_markup=kb.years(i18n, "o", this_year)
        )
    elif step is Step.MENTOR:
        await bot.send_message(
            chat_id, i18n("onboarding-ask-mentor"), reply_markup=kb.yes_no(i18n, "o", "mentor")
        )


async def _association_items(services: Services, member: MemberInfo) -> list[tuple[int, str]]:
    return [(a.id, a.name) for a in await services.registry.open_to(member.organisation_id)]


async def _show_organisations(
    callback: CallbackQuery, services: Services, i18n: Gettext, page: int
) -> None:
    items = [(o.id, o.name) for o in await services.registry.list_organisations(None)]
    if callback.message is not None:
        await callback.message.edit_reply_markup(  # type: ignore[union-attr]
            reply_markup=kb.organisations(i18n, "o", items, page)
        )


async def _show_associations(
    callback: CallbackQuery, services: Services, i18n: Gettext, member_id: int, chosen: set[int]
) -> None:
    member = await services.people.get(member_id)
    items = await _association_items(services, member)
    if callback.message is not None:
        await callback.message.edit_reply_markup(  # type: ignore[union-attr]
            reply_markup=kb.associations(i18n, "o", items, chosen)
        )


def create_router() -> Router:
    router = Router(name="onboarding")
    router.message.register(on_start_with_invite, CommandStart(deep_link=True))
    router.callback_query.register(on_consent, kb.Consent.filter())
    router.message.register(on_name, StateFilter(Onboarding.name), F.text)
    router.message.register(on_typed_year, StateFilter(Onboarding.career_typed), F.text)
    router.message.register(on_not_text_name, StateFilter(Onboarding.name))
    router.message.register(on_not_a_year, StateFilter(Onboarding.career_typed))
    router.message.register(
        on_not_a_button,
        StateFilter(
            Onboarding.organisation, Onboarding.associations, Onboarding.career, Onboarding.mentor
        ),
    )
    router.callback_query.register(on_pick, kb.Pick.filter(F.flow == "o"))
    return router
