"""The coming / not coming / calendar buttons on what was pushed; /events: a person's upcoming
events, and for the author or a methodologist the figures, the sign-up sheet, changing and
cancelling; /start ev_<id>, the sign-up link of a group. The /newevent wizard is in
``newevent``.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.config import Settings
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import accessible, show, stale
from bot.i18n import Gettext
from bot.keyboards import events as kb
from bot.keyboards.events import NevCb
from bot.keyboards.paging import page_of
from bot.services import Services
from bot.services.dates import examples, parse_when
from bot.services.events import EventCard, EventInfo, StaffCard, format_period
from bot.services.people import MemberInfo
from bot.storage.models import EventStatus, Role

ID_DIGITS = 9  # an event id in a button or a link: never a number the database cannot hold
CARD_LIMIT = 3800  # a little under Telegram's 4096: the names on a card stop here
DEEP_LINK = r"^ev_\d{1,9}$"


class ChangingEvent(StatesGroup):
    time = State()
    place = State()
    link = State()


CHANGE_STATES = {
    kb.CHANGE_TIME: ChangingEvent.time,
    kb.CHANGE_PLACE: ChangingEvent.place,
    kb.CHANGE_LINK: ChangingEvent.link,
}


# ---------------------------------------------------------------------- words


def _headline(event: EventInfo, i18n: Gettext, settings: Settings) -> str:
    lines = [
        f"<b>{escape(kb.kind_label(event.kind, i18n))}: {escape(event.title)}</b>",
        i18n(
            "event-when",
            when=format_period(event.starts_at, event.ends_at, event.all_day, settings.tz),
        ),
    ]
    if event.place:
        lines.append(i18n("event-place", place=escape(event.place)))
    if event.link:
        lines.append(i18n("event-link", link=escape(event.link)))
    return "\n".join(lines)


def _answer_words(coming: bool | None, i18n: Gettext) -> str:
    if coming is None:
        return i18n("events-answer-none")
    return i18n("events-answer-coming") if coming else i18n("events-answer-not-coming")


def _is_open(event: EventInfo, clock: Clock) -> bool:
    return event.status is EventStatus.PUBLISHED and event.starts_at > clock.now()


def _member_card_text(card: EventCard, services: Services, i18n: Gettext, clock: Clock) -> str:
    parts = [services.events.render(card.event, i18n.locale)]
    if card.event.status is EventStatus.CANCELLED:
        parts.append(i18n("events-card-cancelled"))
    elif not _is_open(card.event, clock):
        parts.append(i18n("events-card-started"))
    parts.append(i18n("events-card-answer", answer=_answer_words(card.coming, i18n)))
    return "\n\n".join(parts)


def _staff_card_text(card: StaffCard, i18n: Gettext, settings: Settings) -> str:
    status = (
        i18n("events-card-cancelled")
        if card.event.status is EventStatus.CANCELLED
        else i18n("events-status-published")
    )
    head = "\n\n".join(
        (
            _headline(card.event, i18n, settings),
            status,
            i18n(
                "events-figures",
                recipients=card.recipients,
                delivered=card.delivered,
                pending=card.pending,
                failed=card.failed,
            ),
            i18n(
                "events-answers",
                coming=card.coming,
                not_coming=card.not_coming,
                no_answer=card.no_answer,
            ),
        )
    )
    if not card.coming_by_organisation:
        return f"{head}\n\n{i18n('events-coming-nobody')}"
    lines = [i18n("events-coming-title")]
    length = len(head) + len(lines[0])
    left = card.coming
    for organisation, names in card.coming_by_organisation:
        line = i18n(
            "events-coming-line",
            organisation=escape(organisation or i18n("events-no-organisation")),
            names=escape(", ".join(names)),
        )
        if length + len(line) > CARD_LIMIT:
            lines.append(i18n("events-coming-more", count=left))
            break
        lines.append(line)
        length += len(line) + 1
        left -= len(names)
    return f"{head}\n\n" + "\n".join(lines)


# ---------------------------------------------------------------------- RSVP and the calendar


def _event_id(data: str | None) -> int | None:
    _, _, raw = (data or "").partition(":")
    return int(raw) if raw.isdigit() and len(raw) <= ID_DIGITS else None


async def on_rsvp(callback: CallbackQuery, ctx: Ctx) -> None:
    event_id = _event_id(callback.data)
    if event_id is None:
        await stale(callback, ctx.i18n)
        return
    coming = (callback.data or "").startswith(f"{kb.COMING}:")
    await ctx.services.events.answer(ctx.member, event_id, coming)
    if coming:
        await callback.answer(ctx.i18n("events-rsvp-coming"))
    else:
        await callback.answer(ctx.i18n("events-rsvp-not-coming"))


async def on_calendar(callback: CallbackQuery, ctx: Ctx) -> None:
    event_id = _event_id(callback.data)
    if event_id is None:
        await stale(callback, ctx.i18n)
        return
    name, content = await ctx.services.events.ics(ctx.member, event_id)
    await callback.answer()
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename=name),
        caption=ctx.i18n("events-calendar-caption"),
    )


# ---------------------------------------------------------------------- /events


def _list_screen(
    cards: list[EventCard], page: int, i18n: Gettext, settings: Settings
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not cards:
        return i18n("events-empty"), None
    items = [
        (c.event.id, kb.list_label(c.event.title, c.event.starts_at, settings.tz)) for c in cards
    ]
    keyboard = kb.event_list(items, page, i18n)
    shown, _, _ = page_of(cards, page)
    lines = [i18n("events-title")]
    for card in shown:
        event = card.event
        lines.append(
            i18n(
                "events-item",
                when=format_period(event.starts_at, event.ends_at, event.all_day, settings.tz),
                kind=kb.kind_label(event.kind, i18n),
                title=escape(event.title),
                answer=_answer_words(card.coming, i18n),
            )
        )
    lines.append(i18n("events-hint"))
    return "\n\n".join(lines), keyboard


async def on_events(message: Message, ctx: Ctx) -> None:
    cards = await ctx.services.events.upcoming(_member(ctx), ctx.today)
    text, keyboard = _list_screen(cards, 0, ctx.i18n, ctx.settings)
    await message.answer(text, reply_markup=keyboard)


async def on_list(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return
    cards = await ctx.services.events.upcoming(_member(ctx), ctx.today)
    await show(message, *_list_screen(cards, callback_data.p, ctx.i18n, ctx.settings))
    await callback.answer()


def _member(ctx: Ctx) -> MemberInfo:
    """The registered member pressing (the parent router's filter lets no one else in)."""
    assert ctx.member is not None
    return ctx.member


def _manages(member: MemberInfo, event: EventInfo) -> bool:
    """Whose card shows the figures (the service checks it again for each of them)."""
    return member.role is Role.METHODOLOGIST or event.author_id == member.id


async def _card_screen(event_id: int, page: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    member, i18n = _member(ctx), ctx.i18n
    card = await ctx.services.events.card(member, event_id, ctx.today)
    open_ = _is_open(card.event, ctx.clock)
    if _manages(member, card.event):
        staff = await ctx.services.events.staff_card(member, event_id)
        keyboard = kb.staff_card(event_id, page, i18n, open_=open_)
        return _staff_card_text(staff, i18n, ctx.settings), keyboard
    keyboard = kb.member_card(event_id, page, i18n, open_=open_)
    return _member_card_text(card, ctx.services, i18n, ctx.clock), keyboard


async def on_card(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return
    await show(message, *await _card_screen(callback_data.v, callback_data.p, ctx))
    await callback.answer()


async def on_excel(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    name, content = await ctx.services.events.registration_xlsx(
        ctx.member, callback_data.v, ctx.i18n.locale
    )
    await callback.answer()
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename=name),
        caption=ctx.i18n("events-excel-caption"),
    )


async def _manageable(
    callback: CallbackQuery, callback_data: NevCb, ctx: Ctx
) -> tuple[Message, StaffCard] | None:
    """The card of an event the presser may change, still open; else a clear answer."""
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return None
    card = await ctx.services.events.staff_card(ctx.member, callback_data.v)
    title = escape(card.event.title)
    if card.event.status is EventStatus.CANCELLED:
        await callback.answer(ctx.i18n("event-error-cancelled", title=title), show_alert=True)
        return None
    if not _is_open(card.event, ctx.clock):
        await callback.answer(ctx.i18n("event-error-started", title=title), show_alert=True)
        return None
    return message, card


async def on_change(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    opened = await _manageable(callback, callback_data, ctx)
    if opened is None:
        return
    message, card = opened
    i18n = ctx.i18n
    text = "\n\n".join((_headline(card.event, i18n, ctx.settings), i18n("events-change-ask")))
    await show(message, text, kb.change_menu(card.event.id, callback_data.p, i18n))
    await callback.answer()


async def on_change_field(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    opened = await _manageable(callback, callback_data, ctx)
    if opened is None:
        return
    _, card = opened
    await ctx.state.set_state(CHANGE_STATES[callback_data.act])
    await ctx.state.set_data({"event": card.event.id})
    await callback.answer()
    title, i18n = escape(card.event.title), ctx.i18n
    if callback_data.act == kb.CHANGE_TIME:
        examples_now = examples(ctx.clock.now(), ctx.settings.tz)
        question = i18n("events-ask-time", title=title, **examples_now)
    elif callback_data.act == kb.CHANGE_PLACE:
        question = i18n("events-ask-place", title=title)
    else:
        question = i18n("events-ask-link", title=title)
    await ctx.bot.send_message(callback.from_user.id, question)


async def _changing(ctx: Ctx) -> int:
    return int((await ctx.state.get_data())["event"])


async def _changed(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    await message.answer(ctx.i18n("events-changed"))


async def on_new_time(message: Message, ctx: Ctx) -> None:
    event_id = await _changing(ctx)
    when = parse_when(message.text or "", ctx.clock.now(), ctx.settings.tz)
    await ctx.services.events.change(
        ctx.member, event_id, starts_at=when.start, ends_at=when.end, all_day=when.all_day
    )
    await _changed(message, ctx)


async def on_new_place(message: Message, ctx: Ctx) -> None:
    event_id = await _changing(ctx)
    await ctx.services.events.change(ctx.member, event_id, place=message.text or "")
    await _changed(message, ctx)


async def on_new_link(message: Message, ctx: Ctx) -> None:
    event_id = await _changing(ctx)
    await ctx.services.events.change(ctx.member, event_id, link=message.text or "")
    await _changed(message, ctx)


async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("newevent-text-expected"))


async def on_drop(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    opened = await _manageable(callback, callback_data, ctx)
    if opened is None:
        return
    message, card = opened
    i18n = ctx.i18n
    text = "\n\n".join((_headline(card.event, i18n, ctx.settings), i18n("events-drop-ask")))
    await show(message, text, kb.drop_confirm(card.event.id, callback_data.p, i18n))
    await callback.answer()


async def on_drop_yes(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    message = await accessible(callback, ctx.i18n)
    if message is None:
        return
    event = await ctx.services.events.cancel(ctx.member, callback_data.v)
    await callback.answer()
    text = "\n\n".join((_headline(event, ctx.i18n, ctx.settings), ctx.i18n("events-dropped")))
    await show(message, text)


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n)


# ---------------------------------------------------------------------- /start ev_<id>


async def on_event_link(message: Message, command: CommandObject, ctx: Ctx) -> None:
    """The sign-up button of a group: the card with the answer buttons to a member, what
    the bot is and how to join to anyone else."""
    member = ctx.member
    if member is None or not member.registered:
        await message.answer(ctx.i18n("events-link-stranger"))
        return
    event_id = int((command.args or "").removeprefix("ev_"))
    card = await ctx.services.events.card(member, event_id, ctx.today)
    open_ = _is_open(card.event, ctx.clock)
    await message.answer(
        _member_card_text(card, ctx.services, ctx.i18n, ctx.clock),
        reply_markup=kb.member_card(event_id, 0, ctx.i18n, open_=open_),
    )


# ---------------------------------------------------------------------- routers


def create_router() -> Router:
    """For registered members (the parent router's filter); goes after ``newevent``, whose
    buttons share the prefix: any button of it neither answers is stale."""
    router = install(Router(name="events"))
    router.message.register(on_events, Command("events"))
    router.message.register(on_new_time, ChangingEvent.time, F.text)
    router.message.register(on_new_place, ChangingEvent.place, F.text)
    router.message.register(on_new_link, ChangingEvent.link, F.text)
    router.message.register(on_not_text, StateFilter(*CHANGE_STATES.values()))
    router.callback_query.register(
        on_rsvp, F.data.startswith(f"{kb.COMING}:") | F.data.startswith(f"{kb.NOT_COMING}:")
    )
    router.callback_query.register(on_calendar, F.data.startswith(f"{kb.CALENDAR}:"))
    for act, handler in (
        (kb.LIST, on_list),
        (kb.CARD, on_card),
        (kb.EXCEL, on_excel),
        (kb.CHANGE, on_change),
        (kb.DROP, on_drop),
        (kb.DROP_YES, on_drop_yes),
    ):
        router.callback_query.register(handler, NevCb.filter(F.act == act))
    router.callback_query.register(on_change_field, NevCb.filter(F.act.in_(CHANGE_STATES)))
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{NevCb.__prefix__}:"))
    return router


def create_deeplink_router() -> Router:
    """/start ev_<id>, for anyone: goes before onboarding, which takes every other payload."""
    router = install(Router(name="events-deeplink"))
    router.message.register(
        on_event_link, CommandStart(deep_link=True, magic=F.args.regexp(DEEP_LINK))
    )
    return router
