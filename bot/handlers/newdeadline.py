"""/newdeadline: what is handed in, by whom and by when, asked step by step, previewed as it
will be announced, with the units it reaches, and created.

The wizard keeps its draft in the dialog state (the fields of ``DeadlineDraft.to_json()``),
so a restart keeps it. Every typed field is checked as it arrives by the deadline service's
own checks; a refusal leaves the step open for another try. Who may create what (a
coordinator within its school, a head for its own association's members, each person owing)
and every rule of the draft are the service's, asked again at the preview and at «Создать»,
so a forged button changes nothing. The audience is chosen in the shared audience
sub-dialog; a head ticks its own associations instead.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.handlers.newdeadline_draft import (
    Draft,
    blank_draft,
    lonely_line,
    months_words,
    reach_line,
    reminders_words,
)
from bot.handlers.ui import audience as audience_dialog
from bot.handlers.ui.audience import AudienceHost, described
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import show, stale, toggle
from bot.handlers.ui.wizard import Editing, Screen, Step, Steps, Wizard, close_question
from bot.i18n import Gettext, enum_key
from bot.keyboards import newdeadline as kb
from bot.keyboards.newdeadline import NdlCb
from bot.services.audience import Audience, Where
from bot.services.dates import examples, parse_when
from bot.services.deadlines import DeadlineDraft
from bot.services.errors import DomainError, NotAllowed
from bot.services.events import CAPTION_LIMIT, message_length
from bot.storage.models import DeadlineUnit, Recurrence, Role


class NewDeadline(StatesGroup):
    title = State()
    kind = State()
    unit = State()
    due = State()
    audience = State()
    associations = State()
    recurrence = State()
    months = State()
    reminders = State()
    reminder_days = State()
    reminder_time = State()
    description = State()
    attachment = State()
    preview = State()


TYPED = (
    NewDeadline.title,
    NewDeadline.due,
    NewDeadline.reminder_days,
    NewDeadline.reminder_time,
    NewDeadline.description,
)
BUTTONS = (
    NewDeadline.kind,
    NewDeadline.unit,
    NewDeadline.audience,
    NewDeadline.associations,
    NewDeadline.recurrence,
    NewDeadline.months,
    NewDeadline.reminders,
    NewDeadline.preview,
)
# The reminder schedule's buttons work while a new day list or time is being typed too.
REMINDING = (NewDeadline.reminders, NewDeadline.reminder_days, NewDeadline.reminder_time)


WIZARD: Wizard[Draft] = Wizard(Draft.load, "deadline_created", "newdeadline-already-created", NdlCb)
AUDIENCE = audience_dialog.register(
    AudienceHost(WIZARD, NewDeadline.audience, "newdeadline", kb.audience_exits, named=True)
)


# ---------------------------------------------------------------------- the steps


async def _ask_title(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newdeadline-ask-title"), None


async def _ask_kind(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newdeadline-ask-kind"), kb.kinds(wizard.w, ctx.i18n)


async def _ask_unit(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newdeadline-ask-unit"), kb.units(wizard.w, ctx.i18n)


async def _ask_due(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newdeadline-ask-due", **examples(ctx.clock.now(), ctx.settings.tz)), None


async def _ask_audience(wizard: Draft, ctx: Ctx) -> Screen:
    return await audience_dialog.open_menu(AUDIENCE, wizard, ctx)


async def _head_items(wizard: Draft, ctx: Ctx) -> list[tuple[int, str]]:
    registry = ctx.services.registry
    return [(a, (await registry.get_association(a)).name) for a in wizard.heads]


async def _ask_associations(wizard: Draft, ctx: Ctx) -> Screen:
    items = await _head_items(wizard, ctx)
    chosen = wizard.audience.associations
    keyboard = kb.head_associations(wizard.w, items, chosen, ctx.i18n)
    return ctx.i18n("newdeadline-ask-associations"), keyboard


async def _ask_recurrence(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("newdeadline-ask-recurrence"), kb.recurrences(wizard.w, ctx.i18n)


async def _ask_months(wizard: Draft, ctx: Ctx) -> Screen:
    chosen = wizard.draft.get("months") or []
    return ctx.i18n("newdeadline-ask-months"), kb.months(wizard.w, chosen, ctx.i18n)


def _schedule(wizard: Draft, i18n: Gettext) -> str:
    return reminders_words(wizard.draft["reminder_days"], wizard.draft["reminder_time"], i18n)


async def _ask_reminders(wizard: Draft, ctx: Ctx) -> Screen:
    text = ctx.i18n("newdeadline-ask-reminders", schedule=_schedule(wizard, ctx.i18n))
    return text, kb.reminders(wizard.w, ctx.i18n)


def _ask_skippable(step: str) -> Any:
    async def ask(wizard: Draft, ctx: Ctx) -> Screen:
        return ctx.i18n(f"newdeadline-ask-{step}"), kb.skip(wizard.w, step, ctx.i18n)

    return ask


def _several_heads(wizard: Draft) -> bool:
    return len(wizard.heads) > 1


STEPS = Steps(
    WIZARD,
    Step("title", NewDeadline.title, _ask_title),
    Step("kind", NewDeadline.kind, _ask_kind),
    Step("unit", NewDeadline.unit, _ask_unit, skip_if=lambda w: w.head),
    Step("due", NewDeadline.due, _ask_due),
    Step("audience", NewDeadline.audience, _ask_audience, skip_if=lambda w: w.head),
    Step(
        "associations",
        NewDeadline.associations,
        _ask_associations,
        skip_if=lambda w: not _several_heads(w),
    ),
    Step("recurrence", NewDeadline.recurrence, _ask_recurrence),
    Step(
        "months",
        NewDeadline.months,
        _ask_months,
        skip_if=lambda w: w.recurrence is not Recurrence.MONTHS,
    ),
    Step("reminders", NewDeadline.reminders, _ask_reminders),
    Step("description", NewDeadline.description, _ask_skippable("description")),
    Step("attachment", NewDeadline.attachment, _ask_skippable("attachment")),
)
ALL_STATES = (
    *STEPS.states,
    NewDeadline.reminder_days,
    NewDeadline.reminder_time,
    NewDeadline.preview,
)


def _fits(ctx: Ctx, wizard: Draft) -> None:
    """Refuse what would make the deadline's messages too long for Telegram, once the draft
    has what its messages cannot do without."""
    if all(wizard.draft.get(k) for k in ("title", "kind", "unit", "due_at")):
        ctx.services.deadlines.check_fits(wizard.complete())


async def _advance(after: str, wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    """The step after ``after``, or the preview. A changed field goes back to the preview,
    except «by months», which asks for the months first."""
    step = STEPS.after(after, wizard)
    if wizard.ready and not (after == "recurrence" and step == "months"):
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


async def _send_announcement(ctx: Ctx, chat_id: int, draft: DeadlineDraft) -> None:
    """The deadline exactly as those who owe it will get it."""
    i18n = ctx.i18n
    rendered = ctx.services.deadlines.render(draft, i18n.locale)
    text = i18n("deadline-notice-new") + "\n\n" + rendered
    if draft.attachment_ref and message_length(text) <= CAPTION_LIMIT:
        if draft.attachment_kind == "photo":
            await ctx.bot.send_photo(chat_id, draft.attachment_ref, caption=text)
            return
        await ctx.bot.send_document(chat_id, draft.attachment_ref, caption=text)
        return
    await ctx.bot.send_message(chat_id, text)


async def _preview(wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    """The deadline as announced and what it reaches; a draft the service refuses (an
    audience with no unit, a due time now past, a reminder after it) shows why, with the
    fields to change."""
    i18n, service = ctx.i18n, ctx.services.deadlines
    draft = wizard.complete()
    wizard = replace(wizard, ready=True)
    try:
        preview = await service.preview(ctx.member, draft)
    except NotAllowed:
        raise
    except DomainError as error:
        text = i18n("newdeadline-preview-refused", reason=i18n(error.key, **error.params))
        keyboard = EDITING.menu(wizard, i18n, back=False)
        await ctx.bot.send_message(chat_id, text, reply_markup=keyboard)
        await WIZARD.save(ctx.state, wizard, NewDeadline.preview)
        return
    wizard = replace(wizard, reach=[preview.units, preview.people])
    await _send_announcement(ctx, chat_id, draft)
    lines = [i18n("newdeadline-preview-title")]
    lines.append(reach_line(draft.unit, preview.units, preview.people, i18n))
    if preview.lonely_count:
        lines.append(lonely_line(draft.unit, preview, i18n))
    if not wizard.head:
        lines.append(await described(draft.audience, ctx))
    if draft.recurrence is Recurrence.MONTHS:
        lines.append(i18n("newdeadline-preview-months", months=months_words(draft.months, i18n)))
    schedule = reminders_words(draft.reminder_days, draft.reminder_time, i18n)
    lines.append(i18n("newdeadline-preview-reminders", schedule=schedule))
    if preview.late_reminders:
        late = reminders_words(preview.late_reminders, draft.reminder_time, i18n)
        lines.append(
            i18n(
                "newdeadline-preview-reminders-late",
                count=len(preview.late_reminders),
                schedule=late,
            )
        )
    lines.append(i18n("newdeadline-preview-ask"))
    keyboard = kb.preview(wizard.w, i18n)
    await ctx.bot.send_message(chat_id, "\n\n".join(lines), reply_markup=keyboard)
    await WIZARD.save(ctx.state, wizard, NewDeadline.preview)


# ---------------------------------------------------------------------- the start


async def on_newdeadline(message: Message, ctx: Ctx) -> None:
    heads = await ctx.services.deadlines.may_create(ctx.member)
    member = ctx.member
    assert member is not None  # may_create refuses a stranger
    own = member.organisation_id if member.role is Role.COORDINATOR else None
    wizard = Draft(w=message.message_id, draft=blank_draft(Audience().within(own)), heads=heads)
    if heads:
        wizard.draft["unit"] = DeadlineUnit.PERSON.value
        if len(heads) == 1:
            only = Audience(where=Where.ASSOCIATIONS, associations=(heads[0],))
            wizard = wizard.with_audience(only)
        await message.answer(ctx.i18n("newdeadline-intro-head"))
    else:
        await message.answer(ctx.i18n("newdeadline-intro"))
    await STEPS.ask(STEPS.first(wizard) or "title", wizard, ctx, message.chat.id)


# ---------------------------------------------------------------------- buttons of the steps


@WIZARD.button(kb.KIND, NewDeadline.kind)
async def on_kind(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if not 0 <= callback_data.v < len(kb.KIND_CHOICES):
        await stale(callback, ctx.i18n)
        return
    kind = kb.KIND_CHOICES[callback_data.v]
    wizard.draft["kind"] = kind.value
    _fits(ctx, wizard)
    chosen = ctx.i18n("newdeadline-chosen-kind", kind=ctx.i18n(enum_key("deliverable", kind)))
    await _go_on(callback, message, "kind", wizard, ctx, chosen)


@WIZARD.button(kb.UNIT, NewDeadline.unit)
async def on_unit(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if wizard.head or not 0 <= callback_data.v < len(kb.UNIT_CHOICES):
        await stale(callback, ctx.i18n)
        return
    unit = kb.UNIT_CHOICES[callback_data.v]
    wizard.draft["unit"] = unit.value
    chosen = ctx.i18n("newdeadline-chosen-unit", unit=ctx.i18n(enum_key("deadline-unit", unit)))
    await _go_on(callback, message, "unit", wizard, ctx, chosen)


@WIZARD.button(kb.HEAD_ASSOC, NewDeadline.associations)
async def on_head_association(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if callback_data.v not in wizard.heads:
        await stale(callback, ctx.i18n)
        return
    chosen = toggle(wizard.audience.associations, callback_data.v)
    wizard = wizard.with_audience(Audience(where=Where.ASSOCIATIONS, associations=chosen))
    await WIZARD.save(ctx.state, wizard)
    await show(message, *await _ask_associations(wizard, ctx))
    await callback.answer()


@WIZARD.button(kb.HEAD_DONE, NewDeadline.associations)
async def on_head_done(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    chosen = set(wizard.audience.associations)
    if not chosen:
        await callback.answer(ctx.i18n("newdeadline-error-no-associations"), show_alert=True)
        return
    names = "; ".join(escape(name) for a, name in await _head_items(wizard, ctx) if a in chosen)
    closing = ctx.i18n("newdeadline-chosen-associations", names=names)
    await _go_on(callback, message, "associations", wizard, ctx, closing)


@WIZARD.button(kb.AUDIENCE_NEXT, NewDeadline.audience)
async def on_audience_next(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    """The audience sub-dialog hands the audience back; what it reaches is counted at the
    preview, where an audience with no unit in it is refused."""
    closing = ctx.i18n(
        "newdeadline-chosen-audience", audience=await described(wizard.audience, ctx)
    )
    await _go_on(callback, message, "audience", wizard, ctx, closing)


@WIZARD.button(kb.RECURRENCE, NewDeadline.recurrence)
async def on_recurrence(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if not 0 <= callback_data.v < len(kb.RECURRENCE_CHOICES):
        await stale(callback, ctx.i18n)
        return
    recurrence = kb.RECURRENCE_CHOICES[callback_data.v]
    wizard.draft["recurrence"] = recurrence.value
    if recurrence is not Recurrence.MONTHS:
        wizard.draft["months"] = []
    chosen = ctx.i18n(
        "newdeadline-chosen-recurrence",
        recurrence=ctx.i18n(enum_key("deadline-recurrence", recurrence)),
    )
    await _go_on(callback, message, "recurrence", wizard, ctx, chosen)


@WIZARD.button(kb.MONTH, NewDeadline.months)
async def on_month(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if callback_data.v not in kb.MONTH_ORDER:
        await stale(callback, ctx.i18n)
        return
    months = toggle(tuple(wizard.draft.get("months") or ()), callback_data.v)
    wizard.draft["months"] = sorted(months)
    await WIZARD.save(ctx.state, wizard)
    await show(message, *await _ask_months(wizard, ctx))
    await callback.answer()


@WIZARD.button(kb.MONTHS_DONE, NewDeadline.months)
async def on_months_done(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    months = wizard.draft.get("months") or []
    ctx.services.deadlines.check_months(wizard.recurrence, months)
    chosen = ctx.i18n("newdeadline-chosen-months", months=months_words(months, ctx.i18n))
    await _go_on(callback, message, "months", wizard, ctx, chosen)


@WIZARD.button(kb.KEEP, *REMINDING)
async def on_keep_reminders(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    ctx.services.deadlines.check_reminders(wizard.complete())
    chosen = ctx.i18n("newdeadline-chosen-reminders", schedule=_schedule(wizard, ctx.i18n))
    await _go_on(callback, message, "reminders", wizard, ctx, chosen)


@WIZARD.button(kb.CHANGE_DAYS, *REMINDING)
async def on_change_days(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    await WIZARD.save(ctx.state, wizard, NewDeadline.reminder_days)
    await ctx.bot.send_message(message.chat.id, ctx.i18n("newdeadline-ask-reminder-days"))
    await callback.answer()


@WIZARD.button(kb.CHANGE_TIME, *REMINDING)
async def on_change_time(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    await WIZARD.save(ctx.state, wizard, NewDeadline.reminder_time)
    await ctx.bot.send_message(message.chat.id, ctx.i18n("newdeadline-ask-reminder-time"))
    await callback.answer()


# What «Пропустить» clears, by step.
SKIPPED_FIELDS = {
    "description": ("description",),
    "attachment": ("attachment_ref", "attachment_kind"),
}


async def on_skip(callback: CallbackQuery, callback_data: NdlCb, ctx: Ctx) -> None:
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


# ---------------------------------------------------------------------- typed steps


async def on_title(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    wizard.draft["title"] = ctx.services.deadlines.check_title(message.text)
    _fits(ctx, wizard)
    await _advance("title", wizard, ctx, message.chat.id)


async def on_due(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    service = ctx.services.deadlines
    when = parse_when(message.text or "", ctx.clock.now(), ctx.settings.tz)
    due = service.due_of(when)
    wizard.draft["due_at"] = due.isoformat()
    await message.answer(ctx.i18n("newdeadline-chosen-due", due=service.format_due(due)))
    await _advance("due", wizard, ctx, message.chat.id)


async def on_reminder_days(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    service = ctx.services.deadlines
    wizard.draft["reminder_days"] = list(service.parse_reminder_days(message.text or ""))
    service.check_reminders(wizard.complete())
    await STEPS.ask("reminders", wizard, ctx, message.chat.id)


async def on_reminder_time(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    service = ctx.services.deadlines
    wizard.draft["reminder_time"] = service.check_reminder_time(message.text or "")
    service.check_reminders(wizard.complete())
    await STEPS.ask("reminders", wizard, ctx, message.chat.id)


async def on_description(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    wizard.draft["description"] = (message.text or "").strip() or None
    _fits(ctx, wizard)
    await _advance("description", wizard, ctx, message.chat.id)


async def on_attachment(message: Message, ctx: Ctx) -> None:
    if message.document is not None:
        kind, ref = "document", message.document.file_id
    elif message.photo:
        kind, ref = "photo", message.photo[-1].file_id
    else:
        await message.answer(ctx.i18n("newdeadline-attachment-expected"))
        return
    wizard = await WIZARD.draft(ctx.state)
    wizard.draft["attachment_kind"], wizard.draft["attachment_ref"] = kind, ref
    _fits(ctx, wizard)
    await _advance("attachment", wizard, ctx, message.chat.id)


async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("newdeadline-text-expected"))


async def on_not_a_button(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("newdeadline-use-buttons"))


# ---------------------------------------------------------------------- create, edit, cancel


@WIZARD.button(kb.CREATE, NewDeadline.preview)
async def on_create(
    callback: CallbackQuery, callback_data: NdlCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    """The draft is checked again by the service; the wizard ends in the same transaction,
    so a second press finds it over and creates nothing."""
    await WIZARD.end(ctx.state, wizard)
    service = ctx.services.deadlines
    info = await service.create(ctx.member, wizard.complete())
    await callback.answer()
    units, people = [*wizard.reach, 0, 0][:2]  # set by the preview
    i18n = ctx.i18n
    text = i18n(
        "newdeadline-created",
        title=escape(info.title),
        due=service.format_due(info.due_at),
        reach=reach_line(info.unit, units, people, i18n),
    )
    await show(message, text, kb.created(info.id, i18n))


def _edit_fields(wizard: Draft) -> list[str]:
    if not wizard.head:
        return [f for f in kb.EDIT_FIELDS if f != "associations"]
    fixed = {"unit", "audience"} | (set() if _several_heads(wizard) else {"associations"})
    return [f for f in kb.EDIT_FIELDS if f not in fixed]


EDITING = Editing(STEPS, "newdeadline", kb.EDIT_FIELDS, _preview, _edit_fields)
EDITING.register(NewDeadline.preview)
WIZARD.cancel_button(kb.CANCEL, ALL_STATES, "newdeadline-cancelled")


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    """For registered members (the parent router's filter); who may create is the
    service's answer to /newdeadline."""
    router = install(Router(name="newdeadline"))
    router.message.register(on_newdeadline, Command("newdeadline"))
    router.message.register(on_title, NewDeadline.title, F.text)
    router.message.register(on_due, NewDeadline.due, F.text)
    router.message.register(on_reminder_days, NewDeadline.reminder_days, F.text)
    router.message.register(on_reminder_time, NewDeadline.reminder_time, F.text)
    router.message.register(on_description, NewDeadline.description, F.text)
    router.message.register(on_attachment, NewDeadline.attachment)
    router.message.register(on_not_text, StateFilter(*TYPED))
    router.message.register(on_not_a_button, StateFilter(*BUTTONS))
    router.callback_query.register(on_skip, NdlCb.filter(F.act == kb.SKIP))
    WIZARD.register(router)
    return router
