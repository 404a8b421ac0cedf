"""/newevent: an event for an audience, asked step by step, previewed exactly as members get
it and published.

The wizard keeps its draft in the dialog state (the fields of ``EventDraft.to_json()``), so a
restart keeps it. Every typed field is checked as it arrives; a refusal leaves the step open
for another try. Who may create what, the reach and every rule of the draft are the event
service's, asked again at the preview and at publishing, so a forged button changes nothing.
The audience is chosen in the shared audience sub-dialog.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, NamedTuple

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.handlers.newevent_draft import (
    Draft,
    blank_draft,
    competence_words,
    reach_line,
    reminders_words,
)
from bot.handlers.ui import audience as audience_dialog
from bot.handlers.ui.audience import AudienceHost, describe_audience, described
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import show, stale, toggled_in_order
from bot.handlers.ui.wizard import Editing, Screen, Step, Steps, Wizard, close_question
from bot.keyboards import events as kb
from bot.keyboards.events import NevCb
from bot.services.audience import Audience
from bot.services.dates import When, examples, format_when, parse_end, parse_when
from bot.services.events import (
    CAPTION_LIMIT,
    REMINDER_CHOICES,
    Competence,
    EventDraft,
    looks_like_link,
    message_length,
)
from bot.storage.models import EventKind


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


WIZARD: Wizard[Draft] = Wizard(Draft.load, "event_published", "newevent-already-published", NevCb)
AUDIENCE = audience_dialog.register(
    AudienceHost(WIZARD, NewEvent.audience, "newevent", kb.audience_exits)
)


# ---------------------------------------------------------------------- the steps


async def _ask_kind(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newevent-ask-kind"), kb.kinds(wizard.w, ctx.i18n)


async def _ask_association(wizard: Draft, ctx: Ctx) -> Screen:
    registry = ctx.services.registry
    items = [(a, (await registry.get_association(a)).name) for a in wizard.heads]
    return ctx.i18n("newevent-ask-association"), kb.head_associations(wizard.w, items, ctx.i18n)


async def _ask_title(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newevent-ask-title"), None


async def _ask_start(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newevent-ask-start", **examples(ctx.clock.now(), ctx.settings.tz)), None


async def _ask_end(wizard: Draft, ctx: Ctx) -> Screen:
    start = wizard.complete().starts_at
    text = ctx.i18n("newevent-ask-end", **examples(ctx.clock.now(), ctx.settings.tz, start))
    return text, kb.skip(wizard.w, "end", ctx.i18n)


def _ask_skippable(step: str) -> Any:
    async def ask(wizard: Draft, ctx: Ctx) -> Screen:
        return ctx.i18n(f"newevent-ask-{step}"), kb.skip(wizard.w, step, ctx.i18n)

    return ask


async def _ask_competences(wizard: Draft, ctx: Ctx) -> Screen:
    chosen = [Competence(c) for c in wizard.draft["competences"]]
    return ctx.i18n("newevent-ask-competences"), kb.competences(wizard.w, chosen, ctx.i18n)


async def _ask_audience(wizard: Draft, ctx: Ctx) -> Screen:
    return await audience_dialog.open_menu(AUDIENCE, wizard, ctx)


async def _ask_reminders(wizard: Draft, ctx: Ctx) -> Screen:
    chosen = wizard.draft["reminder_minutes"]
    return ctx.i18n("newevent-ask-reminders"), kb.reminders(wizard.w, chosen, ctx.i18n)


def _heads(wizard: Draft) -> bool:
    """Fixed for a head's meeting."""
    return wizard.head


STEPS = Steps(
    WIZARD,
    Step("kind", NewEvent.kind, _ask_kind, skip_if=_heads),
    Step("association", NewEvent.association, _ask_association, lambda w: len(w.heads) <= 1),
    Step("title", NewEvent.title, _ask_title),
    Step("start", NewEvent.start, _ask_start),
    Step("end", NewEvent.end, _ask_end, skip_if=lambda w: w.draft.get("ends_at") is not None),
    Step("place", NewEvent.place, _ask_skippable("place")),
    Step("description", NewEvent.description, _ask_skippable("description")),
    Step("competences", NewEvent.competences, _ask_competences),
    Step("audience", NewEvent.audience, _ask_audience, skip_if=_heads),
    Step("reminders", NewEvent.reminders, _ask_reminders),
    Step("attachment", NewEvent.attachment, _ask_skippable("attachment")),
)
ALL_STEPS = (*STEPS.states, NewEvent.preview)


def _fits(ctx: Ctx, wizard: Draft, field: str = "other") -> None:
    """Refuse what would make the draft's messages too long for Telegram (once it has a
    start, the first thing the message cannot do without), so it can always be previewed."""
    if wizard.draft.get("starts_at"):
        ctx.services.events.check_fits(wizard.complete(), field)


async def _meeting_audience(ctx: Ctx, association_id: int) -> Audience:
    """A head's meeting: its association's members and the groups bound to it."""
    return await ctx.services.events.meeting_audience(association_id)


async def _advance(after: str, wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    """The step after ``after``, or the preview. A changed field goes back to the preview,
    except a new start without an end, which asks for the end."""
    step = STEPS.after(after, wizard)
    if wizard.ready and not (after == "start" and wizard.draft.get("ends_at") is None):
        step = None
    if step is None:
        await _preview(wizard, ctx, chat_id)
    else:
        await STEPS.ask(step, wizard, ctx, chat_id)


async def _go_on(
    callback: CallbackQuery, message: Message, after: str, wizard: Draft, ctx: Ctx, closing: str
) -> None:
    """The next step; only then the answered question loses its buttons and says ``closing``."""
    await _advance(after, wizard, ctx, message.chat.id)
    await close_question(callback, message, closing)


# ---------------------------------------------------------------------- the preview


async def _send_event(ctx: Ctx, chat_id: int, draft: EventDraft) -> None:
    """The event exactly as a member will get it (a long text goes without its file, as the
    delivery sends it)."""
    text = ctx.services.events.render(draft, ctx.i18n.locale)
    if draft.attachment_ref and message_length(text) <= CAPTION_LIMIT:
        if draft.attachment_kind == "photo":
            await ctx.bot.send_photo(chat_id, draft.attachment_ref, caption=text)
            return
        await ctx.bot.send_document(chat_id, draft.attachment_ref, caption=text)
        return
    await ctx.bot.send_message(chat_id, text)


async def _preview(wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    i18n = ctx.i18n
    draft = wizard.complete()
    reach = await ctx.services.events.check_draft(ctx.member, draft, ctx.today)
    wizard = replace(wizard, ready=True, reach=[reach.people, reach.unreachable, reach.groups])
    await _send_event(ctx, chat_id, draft)
    lines = [i18n("newevent-preview-title")]
    if not wizard.head:
        lines.append(await described(draft.audience, ctx))
    lines.append(
        i18n(
            "newevent-preview-reminders",
            reminders=reminders_words(list(draft.reminder_minutes), i18n),
        )
    )
    late = ctx.services.events.late_reminders(draft)
    if late:
        lines.append(
            i18n(
                "newevent-preview-reminders-late",
                count=len(late),
                reminders=reminders_words(list(late), i18n),
                less=i18n("newevent-reminder-less", minutes=min(late)),
            )
        )
    lines.append(reach_line(reach, i18n))
    lines.append(i18n("newevent-preview-ask"))
    keyboard = kb.preview(wizard.w, i18n)
    await ctx.bot.send_message(chat_id, "\n\n".join(lines), reply_markup=keyboard)
    await WIZARD.save(ctx.state, wizard, NewEvent.preview)


# ---------------------------------------------------------------------- the start


async def on_newevent(message: Message, ctx: Ctx) -> None:
    heads = await ctx.services.events.may_create(ctx.member)
    wizard = Draft(w=message.message_id, draft=blank_draft(Audience()), heads=heads)
    if heads:
        wizard.draft["kind"] = EventKind.MEETING.value
        if len(heads) == 1:
            wizard.draft["association_id"] = heads[0]
            wizard.draft["audience"] = (await _meeting_audience(ctx, heads[0])).to_json()
        await message.answer(ctx.i18n("newevent-intro-head"))
    else:
        await message.answer(ctx.i18n("newevent-intro"))
    await STEPS.ask(STEPS.first(wizard) or "title", wizard, ctx, message.chat.id)


@WIZARD.button(kb.KIND, NewEvent.kind)
async def on_kind(
    callback: CallbackQuery, callback_data: NevCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if wizard.head or not 0 <= callback_data.v < len(kb.KIND_CHOICES):
        await stale(callback, ctx.i18n)
        return
    kind = kb.KIND_CHOICES[callback_data.v]
    wizard.draft["kind"] = kind.value
    _fits(ctx, wizard)
    chosen = ctx.i18n("newevent-chosen-kind", kind=ctx.i18n(f"newevent-kind-{kind.value}"))
    await _go_on(callback, message, "kind", wizard, ctx, chosen)


@WIZARD.button(kb.HEAD_ASSOC, NewEvent.association)
async def on_head_association(
    callback: CallbackQuery, callback_data: NevCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if callback_data.v not in wizard.heads:
        await stale(callback, ctx.i18n)
        return
    wizard.draft["association_id"] = callback_data.v
    wizard.draft["audience"] = (await _meeting_audience(ctx, callback_data.v)).to_json()
    chosen = ctx.i18n("newevent-chosen-association")
    await _go_on(callback, message, "association", wizard, ctx, chosen)


# ---------------------------------------------------------------------- typed steps


async def on_title(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    wizard.draft["title"] = ctx.services.events.check_title(message.text)
    _fits(ctx, wizard, "title")
    await _advance("title", wizard, ctx, message.chat.id)


async def on_start(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    tz = ctx.settings.tz
    when = parse_when(message.text or "", ctx.clock.now(), tz)
    wizard.draft["starts_at"] = when.start.isoformat()
    wizard.draft["ends_at"] = when.end.isoformat() if when.end else None
    wizard.draft["all_day"] = when.all_day
    _fits(ctx, wizard)
    await message.answer(ctx.i18n("newevent-chosen-when", when=format_when(when, tz, ctx.i18n)))
    await _advance("start", wizard, ctx, message.chat.id)


async def on_end(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    draft, tz = wizard.complete(), ctx.settings.tz
    end = parse_end(message.text or "", draft.starts_at, ctx.clock.now(), tz)
    wizard.draft["ends_at"] = end.isoformat()
    _fits(ctx, wizard)
    when = format_when(When(draft.starts_at, end, draft.all_day), tz, ctx.i18n)
    await message.answer(ctx.i18n("newevent-chosen-when", when=when))
    await _advance("end", wizard, ctx, message.chat.id)


async def on_place(message: Message, ctx: Ctx) -> None:
    """A text that looks like a link is the link (and must be one); anything else the place."""
    wizard = await WIZARD.draft(ctx.state)
    raw, events = message.text or "", ctx.services.events
    if looks_like_link(raw):
        wizard.draft["link"], wizard.draft["place"] = events.check_link(raw), None
    else:
        wizard.draft["place"], wizard.draft["link"] = events.check_place(raw), None
    _fits(ctx, wizard, "link" if wizard.draft["link"] else "place")
    await _advance("place", wizard, ctx, message.chat.id)


async def on_description(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    with_attachment = wizard.draft.get("attachment_ref") is not None
    text = ctx.services.events.check_description(message.text, with_attachment=with_attachment)
    wizard.draft["description"] = text or None
    _fits(ctx, wizard, "description")
    await _advance("description", wizard, ctx, message.chat.id)


async def on_attachment(message: Message, ctx: Ctx) -> None:
    if message.photo:
        kind, ref = "photo", message.photo[-1].file_id
    elif message.document is not None:
        kind, ref = "document", message.document.file_id
    else:
        await message.answer(ctx.i18n("newevent-attachment-expected"))
        return
    wizard = await WIZARD.draft(ctx.state)
    ctx.services.events.check_description(wizard.draft.get("description"), with_attachment=True)
    wizard.draft["attachment_kind"], wizard.draft["attachment_ref"] = kind, ref
    _fits(ctx, wizard, "attachment")
    await _advance("attachment", wizard, ctx, message.chat.id)


async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("newevent-text-expected"))


async def on_not_a_button(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("newevent-use-buttons"))


# What «Пропустить» clears, by step.
SKIPPED_FIELDS = {
    "end": ("ends_at",),
    "place": ("place", "link"),
    "description": ("description",),
    "attachment": ("attachment_ref", "attachment_kind"),
}


async def on_skip(callback: CallbackQuery, callback_data: NevCb, ctx: Ctx) -> None:
    if not 0 <= callback_data.v < len(kb.STEP_CODES):
        await stale(callback, ctx.i18n)
        return
    step = kb.STEP_CODES[callback_data.v]
    opened = await WIZARD.open(callback, callback_data.w, ctx, STEPS.state(step))
    if opened is None:
        return
    message, wizard = opened
    for key in SKIPPED_FIELDS[step]:
        wizard.draft[key] = None
    await _advance(step, wizard, ctx, message.chat.id)
    await close_question(callback, message)


# ---------------------------------------------------------------------- toggles


class Ticks(NamedTuple):
    """A step that ticks choices: the draft's list, the choices in order, the question, and
    whether a change can make the event's messages too long."""

    key: str
    choices: tuple[Any, ...]
    ask: Callable[[Draft, Ctx], Awaitable[Screen]]
    lengthens: bool


COMPETENCES = Ticks(
    "competences", tuple(c.value for c in kb.COMPETENCE_CHOICES), _ask_competences, True
)
REMINDERS = Ticks("reminder_minutes", REMINDER_CHOICES, _ask_reminders, False)


TICKS = {kb.COMPETENCE: COMPETENCES, kb.REMINDER: REMINDERS}


@WIZARD.button(kb.COMPETENCE, NewEvent.competences)
@WIZARD.button(kb.REMINDER, NewEvent.reminders)
async def on_tick(
    callback: CallbackQuery, callback_data: NevCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    """Tick or untick a choice of the step and show its question again."""
    step, index = TICKS[callback_data.act], callback_data.v
    if not 0 <= index < len(step.choices):
        await stale(callback, ctx.i18n)
        return
    current = wizard.draft[step.key]
    wizard.draft[step.key] = toggled_in_order(step.choices, current, step.choices[index])
    if step.lengthens:
        _fits(ctx, wizard)
    await WIZARD.save(ctx.state, wizard)
    await show(message, *await step.ask(wizard, ctx))
    await callback.answer()


@WIZARD.button(kb.COMPETENCES_DONE, NewEvent.competences)
async def on_competences_done(
    callback: CallbackQuery, callback_data: NevCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    _fits(ctx, wizard)
    words = competence_words(wizard.draft["competences"], ctx.i18n)
    chosen = ctx.i18n("newevent-chosen-competences", names=words)
    await _go_on(callback, message, "competences", wizard, ctx, chosen)


@WIZARD.button(kb.REMINDERS_DONE, NewEvent.reminders)
async def on_reminders_done(
    callback: CallbackQuery, callback_data: NevCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    words = reminders_words(wizard.draft["reminder_minutes"], ctx.i18n)
    chosen = ctx.i18n("newevent-chosen-reminders", reminders=words)
    await _go_on(callback, message, "reminders", wizard, ctx, chosen)


@WIZARD.button(kb.AUDIENCE_NEXT, NewEvent.audience)
async def on_audience_next(
    callback: CallbackQuery, callback_data: NevCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    """The audience sub-dialog hands the audience back; it is checked at once: one that
    reaches nobody keeps the step open."""
    audience = wizard.audience  # handed back by the audience sub-dialog
    reach = await ctx.services.events.check_draft(ctx.member, wizard.complete(), ctx.today)
    names = await ctx.services.broadcasts.names(audience)
    chosen = "\n\n".join(
        (describe_audience(audience, ctx.i18n, names), reach_line(reach, ctx.i18n))
    )
    closing = ctx.i18n("newevent-chosen-audience", audience=chosen)
    await _go_on(callback, message, "audience", wizard, ctx, closing)


# ---------------------------------------------------------------------- publish, edit, cancel


@WIZARD.button(kb.PUBLISH, NewEvent.preview)
async def on_publish(
    callback: CallbackQuery, callback_data: NevCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    await WIZARD.end(ctx.state, wizard)
    await ctx.services.events.publish(ctx.member, wizard.complete(), today=ctx.today)
    await callback.answer()
    people, _, groups = wizard.reach  # set by the preview
    i18n = ctx.i18n
    published = i18n(
        "newevent-published",
        people=i18n("announce-people", count=people),
        groups=i18n("announce-group-count", count=groups),
    )
    await show(message, published)


def _edit_fields(wizard: Draft) -> list[str]:
    return [f for f in kb.EDIT_FIELDS if not (wizard.head and f in kb.HEAD_FIXED)]


EDITING = Editing(STEPS, "newevent", kb.EDIT_FIELDS, _preview, _edit_fields)
EDITING.register(NewEvent.preview)
WIZARD.cancel_button(kb.CANCEL, ALL_STEPS, "newevent-cancelled")


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    """For registered members (the parent router's filter); the buttons of /events and any
    other button of this prefix are in ``events``, after this router."""
    router = install(Router(name="newevent"))
    router.message.register(on_newevent, Command("newevent"))
    router.message.register(on_title, NewEvent.title, F.text)
    router.message.register(on_start, NewEvent.start, F.text)
    router.message.register(on_end, NewEvent.end, F.text)
    router.message.register(on_place, NewEvent.place, F.text)
    router.message.register(on_description, NewEvent.description, F.text)
    router.message.register(on_attachment, NewEvent.attachment)
    router.message.register(on_not_text, StateFilter(*TYPED))
    router.message.register(on_not_a_button, StateFilter(*BUTTONS))
    router.callback_query.register(on_skip, NevCb.filter(F.act == kb.SKIP))
    WIZARD.register(router)
    return router
