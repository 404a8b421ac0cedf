"""/newevent: an event for an audience, previewed and published; the coming / not coming /
calendar buttons on what was pushed; /events: a person's upcoming events, and for the author or
a methodologist the figures, the sign-up sheet, changing and cancelling.

The wizard keeps its draft in the dialog state (the fields of ``EventDraft.to_json()``), so a
restart keeps it. Every typed field is checked as it arrives; a refusal leaves the step open
for another try. Who may create what, the reach and every rule of the draft are the event
service's, asked again at the preview and at publishing, so a forged button changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from html import escape
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.config import Settings
from bot.delivery.sender import Sender
from bot.handlers.broadcasts import chosen_in, describe_audience, picker_items, with_chosen
from bot.i18n import Gettext, enum_key
from bot.keyboards import broadcasts as an
from bot.keyboards import events as kb
from bot.keyboards.events import NevCb
from bot.keyboards.paging import page_of
from bot.services import Services
from bot.services.audience import Audience, Groups, Reach, Where, Who
from bot.services.dates import When, examples, format_when, parse_end, parse_when
from bot.services.events import (
    CAPTION_LIMIT,
    DEFAULT_REMINDERS,
    REMINDER_CHOICES,
    Competence,
    EventCard,
    EventDraft,
    EventInfo,
    StaffCard,
    format_period,
    looks_like_link,
    message_length,
)
from bot.services.people import MemberInfo, local_today
from bot.storage.models import EventKind, EventStatus, Role

PUBLISHED = "event_published"  # dialog data after publishing: the wizard that was published
ID_DIGITS = 9  # an event id in a button or a link: never a number the database cannot hold
CARD_LIMIT = 3800  # a little under Telegram's 4096: the names on a card stop here
DEEP_LINK = r"^ev_\d{1,9}$"


class NewEvent(StatesGroup):
    kind = State()
    association = State()
    title = State()
    start = State()
    end = State()
    place = State()
    description = State()
    competences = State()
    audience = State()
    reminders = State()
    attachment = State()
    preview = State()


class ChangingEvent(StatesGroup):
    time = State()
    place = State()
    link = State()


# The wizard's steps in order; each is a state of the same name.
ORDER = (
    "kind",
    "association",
    "title",
    "start",
    "end",
    "place",
    "description",
    "competences",
    "audience",
    "reminders",
    "attachment",
)
STEP_STATES: dict[str, State] = {name: getattr(NewEvent, name) for name in ORDER}
TYPED = (
    NewEvent.title,
    NewEvent.start,
    NewEvent.end,
    NewEvent.place,
    NewEvent.description,
)
BUTTONS = (
    NewEvent.kind,
    NewEvent.association,
    NewEvent.competences,
    NewEvent.audience,
    NewEvent.reminders,
    NewEvent.preview,
)
ALL_STEPS = (*STEP_STATES.values(), NewEvent.preview)
CHANGE_STATES = {
    kb.CHANGE_TIME: ChangingEvent.time,
    kb.CHANGE_PLACE: ChangingEvent.place,
    kb.CHANGE_LINK: ChangingEvent.link,
}


def _blank_draft(audience: Audience) -> dict[str, Any]:
    """An empty draft in the shape of ``EventDraft.to_json()``."""
    return {
        "kind": None,
        "title": None,
        "starts_at": None,
        "ends_at": None,
        "all_day": False,
        "place": None,
        "link": None,
        "description": None,
        "competences": [],
        "audience": audience.to_json(),
        "reminder_minutes": list(DEFAULT_REMINDERS),
        "attachment_ref": None,
        "attachment_kind": None,
        "association_id": None,
    }


@dataclass
class Wizard:
    """The dialog's data. ``heads``: the associations a head may hold meetings for (empty for
    a methodologist); ``ready``: the preview was shown once, so a changed field goes back to
    it; ``reach``: the reach at the last check (people, unreachable, groups)."""

    w: int
    draft: dict[str, Any]
    heads: list[int] = field(default_factory=list)
    ready: bool = False
    reach: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, data: dict[str, Any]) -> Wizard:
        return cls(
            w=int(data.get("w", 0)),
            draft=dict(data.get("draft") or _blank_draft(Audience())),
            heads=[int(a) for a in data.get("heads", ())],
            ready=bool(data.get("ready")),
            reach=[int(n) for n in data.get("reach", ())],
        )

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "draft": self.draft,
            "heads": self.heads,
            "ready": self.ready,
            "reach": self.reach,
        }

    @property
    def head(self) -> bool:
        return bool(self.heads)

    @property
    def audience(self) -> Audience:
        return Audience.from_json(self.draft["audience"])

    def complete(self) -> EventDraft:
        return EventDraft.from_json(self.draft)


def _today(clock: Clock, settings: Settings) -> date:
    return local_today(clock.now(), settings.tz)


# ---------------------------------------------------------------------- words


def _reach_line(reach: Reach, i18n: Gettext) -> str:
    return i18n(
        "announce-reach",
        people=i18n("announce-people", count=reach.people),
        unreachable=reach.unreachable,
        groups=i18n("announce-group-count", count=reach.groups),
    )


def _reminders_words(minutes: list[int], i18n: Gettext) -> str:
    chosen = [m for m in REMINDER_CHOICES if m in minutes]
    if not chosen:
        return i18n("newevent-reminders-none")
    return ", ".join(i18n(f"newevent-reminder-{m}") for m in chosen)


def _competence_words(values: list[str], i18n: Gettext) -> str:
    if not values:
        return i18n("newevent-competences-none")
    return ", ".join(i18n(enum_key("competence", Competence(v))) for v in values)


def _audience_text(wizard: Wizard, i18n: Gettext) -> str:
    return "\n\n".join(
        (
            i18n("newevent-audience-title"),
            describe_audience(wizard.audience, i18n),
            i18n("newevent-audience-hint"),
        )
    )


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


# ---------------------------------------------------------------------- helpers


async def _accessible(callback: CallbackQuery, i18n: Gettext) -> Message | None:
    """The message under the button, or None (and an answer) when Telegram no longer gives it."""
    if isinstance(callback.message, Message):
        return callback.message
    await callback.answer(i18n("error-stale-button"), show_alert=True)
    return None


async def _show(message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Turn the message into the next screen; pressing the current choice again changes nothing."""
    try:
        await message.edit_text(text, reply_markup=keyboard)
    except TelegramBadRequest as error:
        if "message is not modified" not in error.message:
            raise


async def _open(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    *states: State,
) -> tuple[Message, Wizard] | None:
    """The wizard this button belongs to, in one of ``states``; else a clear answer and None."""
    message = await _accessible(callback, i18n)
    if message is None:
        return None
    current = await state.get_state()
    data = await state.get_data()
    ours = bool(callback_data.w) and data.get("w") == callback_data.w
    if ours and current in {s.state for s in states}:
        return message, Wizard.load(data)
    if callback_data.w and data.get(PUBLISHED) == callback_data.w:
        await callback.answer(i18n("newevent-already-published"), show_alert=True)
    else:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
    return None


def _fits(services: Services, wizard: Wizard, field: str = "other") -> None:
    """Refuse what would make the draft's messages too long for Telegram (once it has a
    start, the first thing the message cannot do without), so it can always be previewed."""
    if wizard.draft.get("starts_at"):
        services.events.check_fits(wizard.complete(), field)


async def _save(state: FSMContext, wizard: Wizard, step: State | None = None) -> None:
    if step is not None:
        await state.set_state(step)
    await state.set_data(wizard.dump())


async def _meeting_audience(services: Services, association_id: int) -> Audience:
    """A head's meeting: the members of its association and the groups bound to it."""
    groups = tuple(
        b.id for b in await services.groups.active_bindings() if b.association_id == association_id
    )
    return Audience(
        where=Where.ASSOCIATIONS,
        associations=(association_id,),
        groups=Groups.CHOSEN if groups else Groups.NONE,
        group_ids=groups,
    )


def _skipped(step: str, wizard: Wizard) -> bool:
    """Steps the wizard does not ask: fixed for a head's meeting, or already answered."""
    if step in ("kind", "audience"):
        return wizard.head
    if step == "association":
        return len(wizard.heads) <= 1
    if step == "end":
        return wizard.draft.get("ends_at") is not None
    return False


def _next_step(after: str, wizard: Wizard) -> str | None:
    """The step after ``after``; None: the preview. A changed field goes back to the preview,
    except a new start without an end, which asks for the end."""
    if wizard.ready and not (after == "start" and wizard.draft.get("ends_at") is None):
        return None
    for step in ORDER[ORDER.index(after) + 1 :]:
        if not _skipped(step, wizard):
            return step
    return None


@dataclass(frozen=True)
class Ctx:
    """What asking a step and the preview need, gathered once per update."""

    bot: Bot
    chat_id: int
    services: Services
    member: MemberInfo | None
    i18n: Gettext
    state: FSMContext
    clock: Clock
    settings: Settings


def _ctx(
    chat_id: int,
    bot: Bot,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
) -> Ctx:
    return Ctx(bot, chat_id, services, member, i18n, state, clock, settings)


async def _ask(step: str, wizard: Wizard, ctx: Ctx) -> None:
    """Put the question of ``step`` and wait for its answer."""
    i18n, w, tz = ctx.i18n, wizard.w, ctx.settings.tz
    await _save(ctx.state, wizard, STEP_STATES[step])
    match step:
        case "kind":
            text, keyboard = i18n("newevent-ask-kind"), kb.kinds(w, i18n)
        case "association":
            items = [
                (a, (await ctx.services.registry.get_association(a)).name) for a in wizard.heads
            ]
            text, keyboard = i18n("newevent-ask-association"), kb.head_associations(w, items, i18n)
        case "title":
            text, keyboard = i18n("newevent-ask-title"), None
        case "start":
            text, keyboard = i18n("newevent-ask-start", **examples(ctx.clock.now(), tz)), None
        case "end":
            start = wizard.complete().starts_at
            text = i18n("newevent-ask-end", **examples(ctx.clock.now(), tz, start))
            keyboard = kb.skip(w, "end", i18n)
        case "place":
            text, keyboard = i18n("newevent-ask-place"), kb.skip(w, "place", i18n)
        case "description":
            text, keyboard = i18n("newevent-ask-description"), kb.skip(w, "description", i18n)
        case "competences":
            chosen = [Competence(c) for c in wizard.draft["competences"]]
            text, keyboard = i18n("newevent-ask-competences"), kb.competences(w, chosen, i18n)
        case "audience":
            text, keyboard = _audience_text(wizard, i18n), kb.audience_menu(w, i18n)
        case "reminders":
            chosen_minutes = wizard.draft["reminder_minutes"]
            text, keyboard = i18n("newevent-ask-reminders"), kb.reminders(w, chosen_minutes, i18n)
        case _:
            text, keyboard = i18n("newevent-ask-attachment"), kb.skip(w, "attachment", i18n)
    await ctx.bot.send_message(ctx.chat_id, text, reply_markup=keyboard)


async def _advance(after: str, wizard: Wizard, ctx: Ctx) -> None:
    step = _next_step(after, wizard)
    if step is None:
        await _preview(wizard, ctx)
    else:
        await _ask(step, wizard, ctx)


async def _go_on(
    callback: CallbackQuery,
    message: Message,
    after: str,
    wizard: Wizard,
    ctx: Ctx,
    closing: str | None = None,
) -> None:
    """The next step; only then the answered question loses its buttons (and says
    ``closing``), so a refusal on the way (the error router rolls the step back) leaves it
    as it was."""
    await _advance(after, wizard, ctx)
    if closing is None:
        await message.edit_reply_markup(reply_markup=None)
    else:
        await _show(message, closing)
    await callback.answer()


async def _send_event(ctx: Ctx, draft: EventDraft) -> None:
    """The event exactly as a member will get it (a long text goes without its file, as the
    delivery sends it)."""
    text = ctx.services.events.render(draft, ctx.i18n.locale)
    if draft.attachment_ref and message_length(text) <= CAPTION_LIMIT:
        if draft.attachment_kind == "photo":
            await ctx.bot.send_photo(ctx.chat_id, draft.attachment_ref, caption=text)
            return
        await ctx.bot.send_document(ctx.chat_id, draft.attachment_ref, caption=text)
        return
    await ctx.bot.send_message(ctx.chat_id, text)


async def _preview(wizard: Wizard, ctx: Ctx) -> None:
    i18n = ctx.i18n
    draft = wizard.complete()
    reach = await ctx.services.events.check_draft(
        ctx.member, draft, _today(ctx.clock, ctx.settings)
    )
    wizard = replace(wizard, ready=True, reach=[reach.people, reach.unreachable, reach.groups])
    await _send_event(ctx, draft)
    lines = [i18n("newevent-preview-title")]
    if not wizard.head:
        names = await ctx.services.broadcasts.names(draft.audience)
        lines.append(describe_audience(draft.audience, i18n, names))
    lines.append(
        i18n(
            "newevent-preview-reminders",
            reminders=_reminders_words(list(draft.reminder_minutes), i18n),
        )
    )
    late = ctx.services.events.late_reminders(draft)
    if late:
        lines.append(
            i18n(
                "newevent-preview-reminders-late",
                count=len(late),
                reminders=_reminders_words(list(late), i18n),
                less=i18n("newevent-reminder-less", minutes=min(late)),
            )
        )
    lines.append(_reach_line(reach, i18n))
    lines.append(i18n("newevent-preview-ask"))
    await ctx.bot.send_message(
        ctx.chat_id, "\n\n".join(lines), reply_markup=kb.preview(wizard.w, i18n)
    )
    await _save(ctx.state, wizard, NewEvent.preview)


# ---------------------------------------------------------------------- the wizard: start


async def on_newevent(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    heads = await services.events.may_create(member)
    wizard = Wizard(w=message.message_id, draft=_blank_draft(Audience()), heads=heads)
    if heads:
        wizard.draft["kind"] = EventKind.MEETING.value
        if len(heads) == 1:
            wizard.draft["association_id"] = heads[0]
            wizard.draft["audience"] = (await _meeting_audience(services, heads[0])).to_json()
    if heads:
        await message.answer(i18n("newevent-intro-head"))
    else:
        await message.answer(i18n("newevent-intro"))
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    first = next(step for step in ORDER if not _skipped(step, wizard))
    await _ask(first, wizard, ctx)


async def on_kind(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.kind)
    if opened is None:
        return
    message, wizard = opened
    if wizard.head or not 0 <= callback_data.v < len(kb.KIND_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    kind = kb.KIND_CHOICES[callback_data.v]
    wizard.draft["kind"] = kind.value
    _fits(services, wizard)
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    chosen = i18n("newevent-chosen-kind", kind=i18n(f"newevent-kind-{kind.value}"))
    await _go_on(callback, message, "kind", wizard, ctx, chosen)


async def on_head_association(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.association)
    if opened is None:
        return
    message, wizard = opened
    if callback_data.v not in wizard.heads:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    wizard.draft["association_id"] = callback_data.v
    wizard.draft["audience"] = (await _meeting_audience(services, callback_data.v)).to_json()
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    chosen = i18n("newevent-chosen-association")
    await _go_on(callback, message, "association", wizard, ctx, chosen)


# ---------------------------------------------------------------------- the wizard: typed steps


async def on_title(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    wizard = Wizard.load(await state.get_data())
    wizard.draft["title"] = services.events.check_title(message.text)
    _fits(services, wizard, "title")
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _advance("title", wizard, ctx)


async def on_start(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    wizard = Wizard.load(await state.get_data())
    when = parse_when(message.text or "", clock.now(), settings.tz)
    wizard.draft["starts_at"] = when.start.isoformat()
    wizard.draft["ends_at"] = when.end.isoformat() if when.end else None
    wizard.draft["all_day"] = when.all_day
    _fits(services, wizard)
    await message.answer(
        i18n(
            "newevent-chosen-when",
            when=format_when(when, settings.tz, i18n),
        )
    )
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _advance("start", wizard, ctx)


async def on_end(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    wizard = Wizard.load(await state.get_data())
    draft = wizard.complete()
    end = parse_end(message.text or "", draft.starts_at, clock.now(), settings.tz)
    wizard.draft["ends_at"] = end.isoformat()
    _fits(services, wizard)
    await message.answer(
        i18n(
            "newevent-chosen-when",
            when=format_when(When(draft.starts_at, end, draft.all_day), settings.tz, i18n),
        )
    )
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _advance("end", wizard, ctx)


async def on_place(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    """A text that looks like a link is the link (and must be one); anything else the place."""
    wizard = Wizard.load(await state.get_data())
    raw = message.text or ""
    if looks_like_link(raw):
        wizard.draft["link"], wizard.draft["place"] = services.events.check_link(raw), None
    else:
        wizard.draft["place"], wizard.draft["link"] = services.events.check_place(raw), None
    _fits(services, wizard, "link" if wizard.draft["link"] else "place")
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _advance("place", wizard, ctx)


async def on_description(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    wizard = Wizard.load(await state.get_data())
    with_attachment = wizard.draft.get("attachment_ref") is not None
    text = services.events.check_description(message.text, with_attachment=with_attachment)
    wizard.draft["description"] = text or None
    _fits(services, wizard, "description")
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _advance("description", wizard, ctx)


async def on_attachment(
    message: Message,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    state: FSMContext,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    if message.photo:
        kind, ref = "photo", message.photo[-1].file_id
    elif message.document is not None:
        kind, ref = "document", message.document.file_id
    else:
        await message.answer(i18n("newevent-attachment-expected"))
        return
    wizard = Wizard.load(await state.get_data())
    services.events.check_description(wizard.draft.get("description"), with_attachment=True)
    wizard.draft["attachment_kind"], wizard.draft["attachment_ref"] = kind, ref
    _fits(services, wizard, "attachment")
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _advance("attachment", wizard, ctx)


async def on_not_text(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("newevent-text-expected"))


async def on_not_a_button(message: Message, i18n: Gettext) -> None:
    await message.answer(i18n("newevent-use-buttons"))


async def on_skip(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    if not 0 <= callback_data.v < len(kb.STEP_CODES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    step = kb.STEP_CODES[callback_data.v]
    opened = await _open(callback, callback_data, state, i18n, STEP_STATES[step])
    if opened is None:
        return
    message, wizard = opened
    cleared = {
        "end": ("ends_at",),
        "place": ("place", "link"),
        "description": ("description",),
        "attachment": ("attachment_ref", "attachment_kind"),
    }[step]
    for key in cleared:
        wizard.draft[key] = None
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _go_on(callback, message, step, wizard, ctx)


# ---------------------------------------------------------------------- the wizard: toggles


async def on_competence(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.competences)
    if opened is None:
        return
    message, wizard = opened
    if not 0 <= callback_data.v < len(kb.COMPETENCE_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    value = kb.COMPETENCE_CHOICES[callback_data.v].value
    current = wizard.draft["competences"]
    wizard.draft["competences"] = [
        c.value for c in kb.COMPETENCE_CHOICES if (c.value in current) != (c.value == value)
    ]
    _fits(services, wizard)
    await _save(state, wizard)
    chosen = [Competence(c) for c in wizard.draft["competences"]]
    await _show(message, i18n("newevent-ask-competences"), kb.competences(wizard.w, chosen, i18n))
    await callback.answer()


async def on_competences_done(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.competences)
    if opened is None:
        return
    message, wizard = opened
    _fits(services, wizard)
    words = _competence_words(wizard.draft["competences"], i18n)
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    chosen = i18n("newevent-chosen-competences", names=words)
    await _go_on(callback, message, "competences", wizard, ctx, chosen)


async def on_reminder(
    callback: CallbackQuery, callback_data: NevCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.reminders)
    if opened is None:
        return
    message, wizard = opened
    if not 0 <= callback_data.v < len(REMINDER_CHOICES):
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    minutes = REMINDER_CHOICES[callback_data.v]
    current = wizard.draft["reminder_minutes"]
    wizard.draft["reminder_minutes"] = [
        m for m in REMINDER_CHOICES if (m in current) != (m == minutes)
    ]
    await _save(state, wizard)
    keyboard = kb.reminders(wizard.w, wizard.draft["reminder_minutes"], i18n)
    await _show(message, i18n("newevent-ask-reminders"), keyboard)
    await callback.answer()


async def on_reminders_done(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.reminders)
    if opened is None:
        return
    message, wizard = opened
    words = _reminders_words(wizard.draft["reminder_minutes"], i18n)
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    chosen = i18n("newevent-chosen-reminders", reminders=words)
    await _go_on(callback, message, "reminders", wizard, ctx, chosen)


# ---------------------------------------------------------------------- the wizard: audience


def _toggle(values: tuple[Any, ...], value: Any) -> tuple[Any, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


# The act that shows a list, the act that ticks an item in it.
LISTS = {an.ORGS: "organisations", an.ASSOCS: "associations", an.CHATS: "chats"}
TICKS = {an.ORG: "organisations", an.ASSOC: "associations", an.CHAT: "chats"}


def _pick_screen(
    w: int,
    kind: str,
    items: list[tuple[int, str]],
    chosen: tuple[int, ...],
    page: int,
    i18n: Gettext,
) -> tuple[str, InlineKeyboardMarkup]:
    text, keyboard = an.pick_screen(w, kind, items, chosen, page, i18n)
    return text, kb.readdressed(keyboard)


def _enum_toggles(
    w: int, audience: Audience, what: str, i18n: Gettext
) -> tuple[str, InlineKeyboardMarkup]:
    """The kinds of organisations or the levels of associations to tick."""
    screen = an.kinds_screen if what == "kinds" else an.levels_screen
    text, keyboard = screen(w, audience, i18n)
    return text, kb.readdressed(keyboard)


async def _audience_step(
    callback_data: NevCb,
    wizard: Wizard,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
) -> tuple[Audience, str, InlineKeyboardMarkup] | None:
    """One press on the audience screens: the audience after it and the screen to show; None
    for a button that does not fit (forged or stale)."""
    act, v, w = callback_data.act, callback_data.v, wizard.w
    audience = wizard.audience

    def menu(new: Audience) -> tuple[Audience, str, InlineKeyboardMarkup]:
        shown = replace(wizard, draft={**wizard.draft, "audience": new.to_json()})
        return new, _audience_text(shown, i18n), kb.audience_menu(w, i18n)

    def fits(choices: tuple[Any, ...]) -> bool:
        return 0 <= v < len(choices)

    match act:
        case an.MENU:
            return menu(audience)
        case an.WHO:
            return (
                audience,
                i18n("announce-who-title"),
                kb.readdressed(an.who_menu(w, audience, i18n)),
            )
        case an.WHO_SET if fits(an.WHO_CHOICES):
            return menu(replace(audience, who=an.WHO_CHOICES[v]))
        case an.ROLES:
            return (
                audience,
                i18n("announce-pick-roles"),
                kb.readdressed(an.roles_menu(w, audience, i18n)),
            )
        case an.ROLE if fits(an.ROLE_CHOICES):
            role = an.ROLE_CHOICES[v]
            current = audience.roles if audience.who is Who.ROLES else ()
            roles = tuple(r for r in an.ROLE_CHOICES if (r in current) != (r is role))
            new = replace(audience, who=Who.ROLES, roles=roles)
            return new, i18n("announce-pick-roles"), kb.readdressed(an.roles_menu(w, new, i18n))
        case an.WHERE:
            keyboard = an.where_menu(w, audience, i18n, own_organisation=False)
            return audience, i18n("announce-where-title"), kb.readdressed(keyboard)
        case an.WHERE_ALL:
            return menu(replace(audience, where=Where.ALL))
        case an.KINDS:
            return audience, *_enum_toggles(w, audience, "kinds", i18n)
        case an.KIND if fits(an.KIND_CHOICES):
            current_kinds = audience.org_kinds if audience.where is Where.ORG_KINDS else ()
            kinds = _toggle(current_kinds, an.KIND_CHOICES[v])
            new = replace(audience, where=Where.ORG_KINDS, org_kinds=kinds)
            return new, *_enum_toggles(w, new, "kinds", i18n)
        case an.LEVELS:
            return audience, *_enum_toggles(w, audience, "levels", i18n)
        case an.LEVEL if fits(an.LEVEL_CHOICES):
            current_levels = audience.levels if audience.where is Where.LEVELS else ()
            levels = _toggle(current_levels, an.LEVEL_CHOICES[v])
            new = replace(audience, where=Where.LEVELS, levels=levels)
            return new, *_enum_toggles(w, new, "levels", i18n)
        case an.GROUPS:
            keyboard = an.groups_menu(w, audience, i18n)
            return audience, i18n("announce-groups-title"), kb.readdressed(keyboard)
        case an.GROUPS_SET if fits(an.GROUP_CHOICES):
            return menu(replace(audience, groups=an.GROUP_CHOICES[v], group_ids=()))
        case _ if act in LISTS:
            kind = LISTS[act]
            items = await picker_items(kind, services, member)
            chosen = chosen_in(audience, kind)
            return audience, *_pick_screen(w, kind, items, chosen, callback_data.p, i18n)
        case _ if act in TICKS:
            kind = TICKS[act]
            items = await picker_items(kind, services, member)
            if v not in {item_id for item_id, _ in items}:
                return None
            chosen = _toggle(chosen_in(audience, kind), v)
            new = with_chosen(audience, kind, chosen)
            return new, *_pick_screen(w, kind, items, chosen, callback_data.p, i18n)
    return None


async def on_audience(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.audience)
    if opened is None:
        return
    message, wizard = opened
    step = await _audience_step(callback_data, wizard, services, member, i18n)
    if step is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    audience, text, keyboard = step
    wizard.draft["audience"] = audience.to_json()
    await _save(state, wizard)
    await _show(message, text, keyboard)
    await callback.answer()


async def on_audience_next(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    """The audience is checked at once: one that reaches nobody keeps the step open."""
    opened = await _open(callback, callback_data, state, i18n, NewEvent.audience)
    if opened is None:
        return
    message, wizard = opened
    reach = await services.events.check_draft(member, wizard.complete(), _today(clock, settings))
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    names = await services.broadcasts.names(wizard.audience)
    described = describe_audience(wizard.audience, i18n, names)
    chosen = "\n\n".join((described, _reach_line(reach, i18n)))
    closing = i18n("newevent-chosen-audience", audience=chosen)
    await _go_on(callback, message, "audience", wizard, ctx, closing)


# ---------------------------------------------------------------------- the wizard: preview


async def on_publish(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
    sender: Sender,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.preview)
    if opened is None:
        return
    message, wizard = opened
    # The dialog ends before publishing: a second press finds it over (and is told so). Should
    # publishing fail, the update's transaction rolls the dialog back with it.
    await state.set_state(None)
    await state.set_data({PUBLISHED: wizard.w})
    await services.events.publish(member, wizard.complete(), today=_today(clock, settings))
    await callback.answer()
    people, _, groups = wizard.reach  # set by the preview
    await _show(
        message,
        i18n(
            "newevent-published",
            people=i18n("announce-people", count=people),
            groups=i18n("announce-group-count", count=groups),
        ),
    )


def _edit_fields(wizard: Wizard) -> list[str]:
    return [f for f in kb.EDIT_FIELDS if not (wizard.head and f in kb.HEAD_FIXED)]


async def on_edit(
    callback: CallbackQuery, callback_data: NevCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.preview)
    if opened is None:
        return
    message, wizard = opened
    await _show(
        message, i18n("newevent-edit-ask"), kb.edit_menu(wizard.w, _edit_fields(wizard), i18n)
    )
    await callback.answer()


async def on_edit_field(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.preview)
    if opened is None:
        return
    message, wizard = opened
    fields = _edit_fields(wizard)
    name = kb.EDIT_FIELDS[callback_data.v] if 0 <= callback_data.v < len(kb.EDIT_FIELDS) else ""
    if name not in fields:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    await callback.answer()
    await _show(message, i18n("newevent-editing"))
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _ask(name, wizard, ctx)


async def on_back(
    callback: CallbackQuery,
    callback_data: NevCb,
    state: FSMContext,
    i18n: Gettext,
    services: Services,
    member: MemberInfo | None,
    bot: Bot,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _open(callback, callback_data, state, i18n, NewEvent.preview)
    if opened is None:
        return
    message, wizard = opened
    ctx = _ctx(message.chat.id, bot, services, member, i18n, state, clock, settings)
    await _preview(wizard, ctx)
    await _show(message, i18n("newevent-edit-nothing"))
    await callback.answer()


async def on_cancel(
    callback: CallbackQuery, callback_data: NevCb, state: FSMContext, i18n: Gettext
) -> None:
    opened = await _open(callback, callback_data, state, i18n, *ALL_STEPS)
    if opened is None:
        return
    message, _ = opened
    await state.clear()
    await _show(message, i18n("newevent-cancelled"))
    await callback.answer()


async def on_unknown_button(callback: CallbackQuery, i18n: Gettext) -> None:
    await callback.answer(i18n("error-stale-button"), show_alert=True)


# ---------------------------------------------------------------------- RSVP and the calendar


def _event_id(data: str | None) -> int | None:
    _, _, raw = (data or "").partition(":")
    return int(raw) if raw.isdigit() and len(raw) <= ID_DIGITS else None


async def on_rsvp(
    callback: CallbackQuery, services: Services, member: MemberInfo | None, i18n: Gettext
) -> None:
    event_id = _event_id(callback.data)
    if event_id is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    coming = (callback.data or "").startswith(f"{kb.COMING}:")
    await services.events.answer(member, event_id, coming)
    if coming:
        await callback.answer(i18n("events-rsvp-coming"))
    else:
        await callback.answer(i18n("events-rsvp-not-coming"))


async def on_calendar(
    callback: CallbackQuery,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    bot: Bot,
) -> None:
    event_id = _event_id(callback.data)
    if event_id is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    name, content = await services.events.ics(member, event_id)
    await callback.answer()
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename=name),
        caption=i18n("events-calendar-caption"),
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


async def on_events(
    message: Message,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    cards = await services.events.upcoming(member, _today(clock, settings))
    text, keyboard = _list_screen(cards, 0, i18n, settings)
    await message.answer(text, reply_markup=keyboard)


async def on_list(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    cards = await services.events.upcoming(member, _today(clock, settings))
    text, keyboard = _list_screen(cards, callback_data.p, i18n, settings)
    await _show(message, text, keyboard)
    await callback.answer()


def _manages(member: MemberInfo, event: EventInfo) -> bool:
    """Whose card shows the figures (the service checks it again for each of them)."""
    return member.role is Role.METHODOLOGIST or event.author_id == member.id


async def _card_screen(
    event_id: int,
    page: int,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> tuple[str, InlineKeyboardMarkup]:
    card = await services.events.card(member, event_id, _today(clock, settings))
    open_ = _is_open(card.event, clock)
    if _manages(member, card.event):
        staff = await services.events.staff_card(member, event_id)
        keyboard = kb.staff_card(event_id, page, i18n, open_=open_)
        return _staff_card_text(staff, i18n, settings), keyboard
    keyboard = kb.member_card(event_id, page, i18n, open_=open_)
    return _member_card_text(card, services, i18n, clock), keyboard


async def on_card(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    text, keyboard = await _card_screen(
        callback_data.v, callback_data.p, services, member, i18n, clock, settings
    )
    await _show(message, text, keyboard)
    await callback.answer()


async def on_excel(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    bot: Bot,
) -> None:
    name, content = await services.events.registration_xlsx(member, callback_data.v, i18n.locale)
    await callback.answer()
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename=name),
        caption=i18n("events-excel-caption"),
    )


async def _manageable(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    clock: Clock,
) -> tuple[Message, StaffCard] | None:
    """The card of an event the presser may change, still open; else a clear answer."""
    message = await _accessible(callback, i18n)
    if message is None:
        return None
    card = await services.events.staff_card(member, callback_data.v)
    if card.event.status is EventStatus.CANCELLED:
        await callback.answer(
            i18n("event-error-cancelled", title=escape(card.event.title)), show_alert=True
        )
        return None
    if not _is_open(card.event, clock):
        await callback.answer(
            i18n("event-error-started", title=escape(card.event.title)), show_alert=True
        )
        return None
    return message, card


async def on_change(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _manageable(callback, callback_data, services, member, i18n, clock)
    if opened is None:
        return
    message, card = opened
    text = "\n\n".join((_headline(card.event, i18n, settings), i18n("events-change-ask")))
    await _show(message, text, kb.change_menu(card.event.id, callback_data.p, i18n))
    await callback.answer()


async def on_change_field(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
    bot: Bot,
) -> None:
    opened = await _manageable(callback, callback_data, services, member, i18n, clock)
    if opened is None:
        return
    _, card = opened
    await state.set_state(CHANGE_STATES[callback_data.act])
    await state.set_data({"event": card.event.id})
    await callback.answer()
    title = escape(card.event.title)
    if callback_data.act == kb.CHANGE_TIME:
        question = i18n("events-ask-time", title=title, **examples(clock.now(), settings.tz))
    elif callback_data.act == kb.CHANGE_PLACE:
        question = i18n("events-ask-place", title=title)
    else:
        question = i18n("events-ask-link", title=title)
    await bot.send_message(callback.from_user.id, question)


async def _changed(message: Message, state: FSMContext, i18n: Gettext, sender: Sender) -> None:
    await state.clear()
    await message.answer(i18n("events-changed"))


async def on_new_time(
    message: Message,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    state: FSMContext,
    clock: Clock,
    settings: Settings,
    sender: Sender,
) -> None:
    event_id = int((await state.get_data())["event"])
    when = parse_when(message.text or "", clock.now(), settings.tz)
    await services.events.change(
        member, event_id, starts_at=when.start, ends_at=when.end, all_day=when.all_day
    )
    await _changed(message, state, i18n, sender)


async def on_new_place(
    message: Message,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    state: FSMContext,
    sender: Sender,
) -> None:
    event_id = int((await state.get_data())["event"])
    await services.events.change(member, event_id, place=message.text or "")
    await _changed(message, state, i18n, sender)


async def on_new_link(
    message: Message,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    state: FSMContext,
    sender: Sender,
) -> None:
    event_id = int((await state.get_data())["event"])
    await services.events.change(member, event_id, link=message.text or "")
    await _changed(message, state, i18n, sender)


async def on_drop(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    opened = await _manageable(callback, callback_data, services, member, i18n, clock)
    if opened is None:
        return
    message, card = opened
    text = "\n\n".join((_headline(card.event, i18n, settings), i18n("events-drop-ask")))
    await _show(message, text, kb.drop_confirm(card.event.id, callback_data.p, i18n))
    await callback.answer()


async def on_drop_yes(
    callback: CallbackQuery,
    callback_data: NevCb,
    services: Services,
    member: MemberInfo,
    i18n: Gettext,
    settings: Settings,
    sender: Sender,
) -> None:
    message = await _accessible(callback, i18n)
    if message is None:
        return
    event = await services.events.cancel(member, callback_data.v)
    await callback.answer()
    text = "\n\n".join((_headline(event, i18n, settings), i18n("events-dropped")))
    await _show(message, text)


# ---------------------------------------------------------------------- /start ev_<id>


async def on_event_link(
    message: Message,
    command: CommandObject,
    services: Services,
    member: MemberInfo | None,
    i18n: Gettext,
    clock: Clock,
    settings: Settings,
) -> None:
    """The sign-up button of a group: the card with the answer buttons to a member, what
    the bot is and how to join to anyone else."""
    if member is None or not member.registered:
        await message.answer(i18n("events-link-stranger"))
        return
    event_id = int((command.args or "").removeprefix("ev_"))
    card = await services.events.card(member, event_id, _today(clock, settings))
    open_ = _is_open(card.event, clock)
    await message.answer(
        _member_card_text(card, services, i18n, clock),
        reply_markup=kb.member_card(event_id, 0, i18n, open_=open_),
    )


# ---------------------------------------------------------------------- routers


def create_router() -> Router:
    """For registered members (the parent router's filter)."""
    router = Router(name="events")
    router.message.register(on_newevent, Command("newevent"))
    router.message.register(on_events, Command("events"))
    router.message.register(on_title, NewEvent.title, F.text)
    router.message.register(on_start, NewEvent.start, F.text)
    router.message.register(on_end, NewEvent.end, F.text)
    router.message.register(on_place, NewEvent.place, F.text)
    router.message.register(on_description, NewEvent.description, F.text)
    router.message.register(on_attachment, NewEvent.attachment)
    router.message.register(on_not_text, StateFilter(*TYPED))
    router.message.register(on_not_a_button, StateFilter(*BUTTONS))
    router.message.register(on_new_time, ChangingEvent.time, F.text)
    router.message.register(on_new_place, ChangingEvent.place, F.text)
    router.message.register(on_new_link, ChangingEvent.link, F.text)
    router.message.register(on_not_text, StateFilter(*CHANGE_STATES.values()))

    router.callback_query.register(
        on_rsvp, F.data.startswith(f"{kb.COMING}:") | F.data.startswith(f"{kb.NOT_COMING}:")
    )
    router.callback_query.register(on_calendar, F.data.startswith(f"{kb.CALENDAR}:"))
    wizard = (
        (kb.KIND, on_kind),
        (kb.HEAD_ASSOC, on_head_association),
        (kb.SKIP, on_skip),
        (kb.COMPETENCE, on_competence),
        (kb.COMPETENCES_DONE, on_competences_done),
        (kb.REMINDER, on_reminder),
        (kb.REMINDERS_DONE, on_reminders_done),
        (kb.AUDIENCE_NEXT, on_audience_next),
        (an.DONE, on_audience_next),  # «Готово» in an audience picker
        (kb.PUBLISH, on_publish),
        (kb.EDIT, on_edit),
        (kb.EDIT_FIELD, on_edit_field),
        (kb.BACK, on_back),
        (kb.CANCEL, on_cancel),
        (kb.LIST, on_list),
        (kb.CARD, on_card),
        (kb.EXCEL, on_excel),
        (kb.CHANGE, on_change),
        (kb.DROP, on_drop),
        (kb.DROP_YES, on_drop_yes),
    )
    for act, handler in wizard:
        router.callback_query.register(handler, NevCb.filter(F.act == act))
    router.callback_query.register(on_change_field, NevCb.filter(F.act.in_(CHANGE_STATES)))
    router.callback_query.register(on_audience, NevCb.filter(F.act.in_(kb.AUDIENCE_ACTS)))
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{NevCb.__prefix__}:"))
    return router


def create_deeplink_router() -> Router:
    """/start ev_<id>, for anyone: goes before onboarding, which takes every other payload."""
    router = Router(name="events-deeplink")
    router.message.register(
        on_event_link, CommandStart(deep_link=True, magic=F.args.regexp(DEEP_LINK))
    )
    return router
