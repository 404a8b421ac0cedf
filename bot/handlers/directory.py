"""/members: the directory of members, for methodologists and school coordinators.

Every handler parses its button, calls one method of the directory service (which checks who
presses it) and renders the answer. The list message is edited in place as the person moves
between the list, the pickers and a card.
"""

from __future__ import annotations

from datetime import date
from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.clock import Clock
from bot.commands import apply_menu
from bot.config import Settings
from bot.handlers.ui.screen import replace
from bot.i18n import Gettext, Translator, enum_key
from bot.keyboards import directory as kb
from bot.keyboards.paging import PER_PAGE
from bot.services import Services
from bot.services.directory import (
    ExportLabels,
    MemberCard,
    MemberFilters,
    MemberPage,
    PersonRef,
)
from bot.services.people import MemberInfo, local_today
from bot.storage.models import Role


def _today(clock: Clock, settings: Settings) -> date:
    """The date in the deployment's time zone: the young-specialist rule counts by it."""
    return local_today(clock.now(), settings.tz)


def _role(i18n: Gettext, role: Role) -> str:
    return i18n(enum_key("role", role))


# ---------------------------------------------------------------------- texts


def _list_text(page: MemberPage, i18n: Gettext) -> str:
    filters = page.filters
    parts: list[str] = []
    if filters.role is not None:
        parts.append(i18n("directory-part-role", role=_role(i18n, filters.role)))
    if filters.organisation_id is not None:
        parts.append(i18n("directory-part-organisation", name=escape(page.organisation_name or "")))
    if filters.association_id is not None:
        parts.append(i18n("directory-part-association", name=escape(page.association_name or "")))
    if filters.young:
        parts.append(i18n("directory-part-young"))
    if filters.mentors:
        parts.append(i18n("directory-part-mentors"))
    if filters.unregistered:
        parts.append(i18n("directory-part-unregistered"))
    if filters.unreachable:
        parts.append(i18n("directory-part-unreachable"))
    if filters.deactivated:
        parts.append(i18n("directory-part-deactivated"))
    lines = [
        i18n("directory-title"),
        i18n("directory-filters", filters="; ".join(parts))
        if parts
        else i18n("directory-filters-none"),
        i18n("directory-found", count=page.total),
    ]
    if not page.total:
        lines.append(i18n("directory-empty"))
    return "\n".join(lines)


def _names(people: tuple[PersonRef, ...]) -> str:
    return ", ".join(escape(person.full_name) for person in people)


def _card_text(card: MemberCard, i18n: Gettext) -> str:
    lines = [
        i18n("directory-card-title", name=escape(card.full_name)),
        i18n("directory-card-role", role=_role(i18n, card.role)),
        i18n("directory-card-organisation", name=escape(card.organisation_name))
        if card.organisation_name
        else i18n("directory-card-no-organisation"),
    ]
    if card.associations:
        names = ", ".join(
            i18n("directory-card-head-mark", name=escape(a.name)) if a.is_head else escape(a.name)
            for a in card.associations
        )
        lines.append(i18n("directory-card-associations", names=names))
    else:
        lines.append(i18n("directory-card-no-associations"))
    if card.career_start_year is None:
        lines.append(i18n("directory-card-no-career"))
    elif card.young:
        lines.append(i18n("directory-card-career-young", year=str(card.career_start_year)))
    else:
        lines.append(i18n("directory-card-career", year=str(card.career_start_year)))
    lines.append(
        i18n("directory-card-mentor-yes" if card.is_mentor else "directory-card-mentor-no")
    )
    if card.mentors:
        lines.append(i18n("directory-card-mentors", names=_names(card.mentors)))
    if card.mentees:
        lines.append(i18n("directory-card-mentees", names=_names(card.mentees)))
    lines.append(
        i18n("directory-card-reachable" if card.reachable else "directory-card-unreachable")
    )
    lines.append(
        i18n("directory-card-registered" if card.registered else "directory-card-unregistered")
    )
    if not card.active:
        lines.append(i18n("directory-card-inactive"))
    return "\n".join(lines)


def _export_labels(i18n: Gettext) -> ExportLabels:
    return ExportLabels(
        columns=(
            i18n("directory-col-name"),
            i18n("directory-col-role"),
            i18n("directory-col-organisation"),
            i18n("directory-col-associations"),
            i18n("directory-col-head-of"),
            i18n("directory-col-career-start"),
            i18n("directory-col-young"),
            i18n("directory-col-mentor"),
            i18n("directory-col-pairs"),
            i18n("directory-col-reachable"),
            i18n("directory-col-registered"),
        ),
        roles={role: _role(i18n, role) for role in Role},
        yes=i18n("directory-yes"),
        no=i18n("directory-no"),
        sheet=i18n("directory-export-sheet"),
    )


# ---------------------------------------------------------------------- the list


async def on_members(
    message: Message,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    page = await services.directory.list_members(
        member, MemberFilters(), today=_today(clock, settings), per_page=PER_PAGE
    )
    await message.answer(_list_text(page, i18n), reply_markup=kb.list_keyboard(page, i18n))


async def on_list(
    callback: CallbackQuery,
    callback_data: kb.ListCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    page = await services.directory.list_members(
        member,
        kb.decode_filters(callback_data.f),
        today=_today(clock, settings),
        page=callback_data.p,
        per_page=PER_PAGE,
    )
    await replace(callback, _list_text(page, i18n), kb.list_keyboard(page, i18n))


async def on_pick(
    callback: CallbackQuery,
    callback_data: kb.PickCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    filters = kb.decode_filters(callback_data.f)
    if callback_data.k == "r":
        roles = await services.directory.filter_roles(member)
        markup = kb.role_filter_keyboard(roles, filters, i18n)
        await replace(callback, i18n("directory-pick-role"), markup)
        return
    if callback_data.k == "o":
        choices = await services.directory.organisation_choices(member)
        text = i18n("directory-pick-organisation")
    else:
        choices = await services.directory.association_choices(member, filters)
        text = i18n("directory-pick-association")
    if not choices:
        text = i18n("directory-pick-nothing")
    markup = kb.choice_filter_keyboard(callback_data.k, choices, filters, callback_data.p, i18n)
    await replace(callback, text, markup)


async def on_export(
    callback: CallbackQuery,
    callback_data: kb.ExportCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
    bot: Bot,
) -> None:
    result = await services.directory.export_members(
        member,
        kb.decode_filters(callback_data.f),
        today=_today(clock, settings),
        labels=_export_labels(i18n),
    )
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(result.content, filename=result.filename),
        caption=i18n("directory-export-caption", count=result.count),
    )
    await callback.answer()


# ---------------------------------------------------------------------- a card and its actions


async def on_card(
    callback: CallbackQuery,
    callback_data: kb.CardCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    card = await services.directory.card(member, callback_data.id, today=_today(clock, settings))
    markup = kb.card_keyboard(card, callback_data.f, callback_data.p, i18n)
    await replace(callback, _card_text(card, i18n), markup)


async def _show_card(
    callback: CallbackQuery,
    card: MemberCard,
    data: kb.ActCb | kb.RoleCb,
    i18n: Gettext,
    toast: str,
) -> None:
    markup = kb.card_keyboard(card, data.f, data.p, i18n)
    await replace(callback, _card_text(card, i18n), markup, toast)


async def on_roles(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    options = await services.directory.role_options(member, callback_data.id)
    text = i18n(
        "directory-role-choose",
        name=escape(options.member.full_name),
        role=_role(i18n, options.current),
    )
    markup = kb.role_keyboard(options, callback_data.f, callback_data.p, i18n)
    await replace(callback, text, markup)


async def on_role_ask(
    callback: CallbackQuery,
    callback_data: kb.RoleCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    preview = await services.directory.preview_role_change(
        member, callback_data.id, callback_data.role
    )
    text = i18n(
        "directory-role-confirm",
        name=escape(preview.member.full_name),
        old=_role(i18n, preview.current),
        new=_role(i18n, preview.new),
    )
    markup = kb.role_confirm_keyboard(preview, callback_data.f, callback_data.p, i18n)
    await replace(callback, text, markup)


async def on_role_set(
    callback: CallbackQuery,
    callback_data: kb.RoleCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
    bot: Bot,
    translator: Translator,
) -> None:
    change = await services.directory.change_role(
        member, callback_data.id, callback_data.role, today=_today(clock, settings)
    )
    if change.telegram_id is not None:
        await apply_menu(bot, translator, change.telegram_id, change.role, change.locale)
    toast = i18n("directory-role-changed", role=_role(i18n, change.role))
    await _show_card(callback, change.card, callback_data, i18n, toast)


async def on_heads(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    options = await services.directory.head_options(member, callback_data.id)
    name = escape(options.member.full_name)
    text = (
        i18n("directory-head-choose", name=name)
        if options.associations
        else i18n("directory-head-none", name=name)
    )
    markup = kb.head_keyboard(options, callback_data.arg, callback_data.f, callback_data.p, i18n)
    await replace(callback, text, markup)


async def on_head_set(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    head = callback_data.a == "hs"
    card = await services.directory.set_head(
        member, callback_data.id, callback_data.arg, head=head, today=_today(clock, settings)
    )
    toast = i18n("directory-head-set") if head else i18n("directory-head-cleared")
    await _show_card(callback, card, callback_data, i18n, toast)


async def on_pair_options(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    mode = "m" if callback_data.a == "m" else "e"
    today = _today(clock, settings)
    if mode == "m":
        options = await services.directory.mentor_options(member, callback_data.id, today=today)
    else:
        options = await services.directory.mentee_options(member, callback_data.id, today=today)
    name = escape(options.member.full_name)
    if not options.candidates:
        text = i18n("directory-pair-none", name=name)
    elif mode == "m":
        text = i18n("directory-mentor-choose", name=name)
    else:
        text = i18n("directory-mentee-choose", name=name)
    markup = kb.pair_keyboard(
        options, mode, callback_data.arg, callback_data.f, callback_data.p, i18n
    )
    await replace(callback, text, markup)


async def on_pair(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    today = _today(clock, settings)
    if callback_data.a == "ms":
        card = await services.directory.add_mentor(
            member, callback_data.id, callback_data.arg, today=today
        )
    else:
        card = await services.directory.add_mentee(
            member, callback_data.id, callback_data.arg, today=today
        )
    await _show_card(callback, card, callback_data, i18n, i18n("directory-paired"))


async def on_unpair_options(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    card = await services.directory.card(member, callback_data.id, today=_today(clock, settings))
    text = (
        i18n("directory-unpair-choose", name=escape(card.full_name))
        if card.mentors or card.mentees
        else i18n("directory-unpair-none", name=escape(card.full_name))
    )
    markup = kb.unpair_keyboard(card, callback_data.f, callback_data.p, i18n)
    await replace(callback, text, markup)


async def on_unpair(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    shown, other = callback_data.id, callback_data.arg
    mentor_id, mentee_id = (other, shown) if callback_data.a == "um" else (shown, other)
    card = await services.directory.unpair(
        member,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        card_of=shown,
        today=_today(clock, settings),
    )
    await _show_card(callback, card, callback_data, i18n, i18n("directory-unpaired"))


async def on_deactivate_ask(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    person = await services.directory.deactivation_preview(member, callback_data.id)
    text = i18n("directory-deactivate-confirm", name=escape(person.full_name))
    markup = kb.deactivate_keyboard(person.id, callback_data.f, callback_data.p, i18n)
    await replace(callback, text, markup)


async def on_deactivate(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    card = await services.directory.deactivate(
        member, callback_data.id, today=_today(clock, settings)
    )
    await _show_card(callback, card, callback_data, i18n, i18n("directory-deactivated"))


async def on_reactivate(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    card = await services.directory.reactivate(
        member, callback_data.id, today=_today(clock, settings)
    )
    await _show_card(callback, card, callback_data, i18n, i18n("directory-reactivated"))


async def on_route(
    callback: CallbackQuery,
    callback_data: kb.ActCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    bot: Bot,
) -> None:
    route = await services.survey_answering.route_for(member, callback_data.id, i18n.locale)
    await callback.answer()
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(route.content, filename=route.file_name),
        caption=i18n("directory-route-caption", name=escape(route.name)),
    )


def create_router() -> Router:
    router = Router(name="directory")
    router.message.register(on_members, Command("members"))
    cb = router.callback_query
    cb.register(on_list, kb.ListCb.filter())
    cb.register(on_pick, kb.PickCb.filter())
    cb.register(on_export, kb.ExportCb.filter())
    cb.register(on_card, kb.CardCb.filter())
    cb.register(on_role_ask, kb.RoleCb.filter(~F.ok))
    cb.register(on_role_set, kb.RoleCb.filter(F.ok))
    cb.register(on_roles, kb.ActCb.filter(F.a == "r"))
    cb.register(on_heads, kb.ActCb.filter(F.a == "h"))
    cb.register(on_head_set, kb.ActCb.filter(F.a.in_({"hs", "hc"})))
    cb.register(on_pair_options, kb.ActCb.filter(F.a.in_({"m", "e"})))
    cb.register(on_pair, kb.ActCb.filter(F.a.in_({"ms", "es"})))
    cb.register(on_unpair_options, kb.ActCb.filter(F.a == "u"))
    cb.register(on_unpair, kb.ActCb.filter(F.a.in_({"um", "ue"})))
    cb.register(on_deactivate_ask, kb.ActCb.filter(F.a == "d"))
    cb.register(on_deactivate, kb.ActCb.filter(F.a == "ds"))
    cb.register(on_reactivate, kb.ActCb.filter(F.a == "ra"))
    cb.register(on_route, kb.ActCb.filter(F.a == "rt"))
    return router
