"""/minutes: a head submits the minutes of a meeting, lists its minutes and corrects them.

The wizard (also opened by «Сдать» of a meeting's deadline) asks: the association (when the
head leads several), the number (the next one suggested), the date, the topic, the agenda
(a message per item, or one message with a line per item), attendance («12 из 15») and who
was absent, then «Слушали / Выступили / Решили» for each item or one text of decisions, the
attachments; a preview, «Отправить». The head gets the protocol DOCX at once.

Every typed field is checked by the minutes service as it arrives (a refusal leaves the
step open), and all of them again at «Отправить»; who may submit for which association is
the service's answer at every step. The draft lives in the dialog state, so a restart
keeps it.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.draft import WizardDraft
from bot.handlers.ui.screen import replace as replace_screen
from bot.handlers.ui.screen import show, stale
from bot.handlers.ui.wizard import Editing, Screen, Step, Steps, Wizard, close_question
from bot.keyboards import minutes as kb
from bot.keyboards.minutes import MnlCb, MnwCb
from bot.services.audience import Audience
from bot.services.deadlines import UploadedFile
from bot.services.errors import DomainError
from bot.services.minutes.rules import meeting_year, year_label
from bot.services.minutes.service import MinutesCard, MinutesDraft, NumberTaken
from bot.services.people import MemberInfo
from bot.storage.minutes import MinutesRow
from bot.telegram_transport import file_fetcher

PREVIEW_CLIP = 300  # characters of each text in the preview (the DOCX has them whole)
TEXT_LIMIT = 4000


class MinutesWizard(StatesGroup):
    association = State()
    number = State()
    date = State()
    topic = State()
    items = State()
    attendance = State()
    absent = State()
    mode = State()
    heard = State()
    spoke = State()
    decided = State()
    decisions = State()
    files = State()
    preview = State()


class MinutesTheme(StatesGroup):
    text = State()  # the methodical topic is typed


def blank_minutes(_: Audience | None = None) -> dict[str, Any]:
    """An empty draft: the fields of ``MinutesDraft.to_json()`` and the wizard's own (the
    texts' ``mode``, the item ``at`` and, when correcting, the minutes and version)."""
    return {
        "association_id": None,
        "number": None,
        "meeting_date": None,
        "topic": None,
        "items": [],
        "present": None,
        "total": None,
        "absent": None,
        "decisions": None,
        "files": [],
        "deadline_id": None,
        "mode": None,
        "at": 0,
        "edit": None,
        "expected": None,
    }


class Draft(WizardDraft):
    blank = staticmethod(blank_minutes)

    @property
    def editing(self) -> int | None:
        return self.draft.get("edit")

    def complete(self) -> MinutesDraft:
        return MinutesDraft.from_json(self.draft)


WIZARD: Wizard[Draft] = Wizard(Draft.load, "minutes_sent", "minutes-already-sent", MnwCb)
TYPED = (
    MinutesWizard.number,
    MinutesWizard.date,
    MinutesWizard.topic,
    MinutesWizard.attendance,
    MinutesWizard.absent,
    MinutesWizard.heard,
    MinutesWizard.spoke,
    MinutesWizard.decided,
    MinutesWizard.decisions,
)
ORDER = (
    "association",
    "number",
    "date",
    "topic",
    "items",
    "attendance",
    "absent",
    "mode",
    "decisions",
    "files",
)


def _member(ctx: Ctx) -> MemberInfo:
    assert ctx.member is not None
    return ctx.member


def clip(text: str | None, limit: int = PREVIEW_CLIP) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------- the steps


async def _ask_association(wizard: Draft, ctx: Ctx) -> Screen:
    rows = await ctx.services.minutes.headed(ctx.member)
    return ctx.i18n("minutes-ask-association"), kb.associations(
        wizard.w, [(a.id, a.name) for a in rows], ctx.i18n
    )


async def _ask_number(wizard: Draft, ctx: Ctx) -> Screen:
    suggested = await ctx.services.minutes.suggest(wizard.draft["association_id"])
    return ctx.i18n("minutes-ask-number", number=suggested), kb.number(
        wizard.w, suggested, ctx.i18n
    )


def _typed(key: str) -> Any:
    async def ask(wizard: Draft, ctx: Ctx) -> Screen:
        return ctx.i18n(key), kb.cancel_only(wizard.w, ctx.i18n)

    return ask


async def _ask_date(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("minutes-ask-date"), kb.cancel_only(wizard.w, ctx.i18n)


async def _ask_items(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("minutes-ask-items"), kb.items(wizard.w, ctx.i18n, have=0)


async def _ask_absent(wizard: Draft, ctx: Ctx) -> Screen:
    d = wizard.draft
    absent = int(d["total"]) - int(d["present"])
    return ctx.i18n("minutes-ask-absent", count=absent), kb.skip(wizard.w, "absent", ctx.i18n)


async def _ask_mode(wizard: Draft, ctx: Ctx) -> Screen:
    return ctx.i18n("minutes-ask-mode"), kb.modes(wizard.w, ctx.i18n)


def _ask_item_text(field: str) -> Any:
    async def ask(wizard: Draft, ctx: Ctx) -> Screen:
        d = wizard.draft
        at = int(d.get("at") or 0)
        item = d["items"][at]
        text = ctx.i18n(
            f"minutes-ask-{field}",
            number=at + 1,
            count=len(d["items"]),
            title=escape(clip(item["title"], 200)),
        )
        return text, kb.skip(wizard.w, field, ctx.i18n)

    return ask


async def _ask_files(wizard: Draft, ctx: Ctx) -> Screen:
    rules = ctx.services.minutes.rules.files
    text = ctx.i18n(
        "minutes-ask-files",
        limit=rules.max_bytes // (1024 * 1024),
        types=", ".join(sorted(rules.extensions)),
    )
    return text, kb.files(wizard.w, ctx.i18n, have=len(wizard.draft.get("files") or []))


STEPS = Steps(
    WIZARD,
    Step("association", MinutesWizard.association, _ask_association),
    Step("number", MinutesWizard.number, _ask_number),
    Step("date", MinutesWizard.date, _ask_date),
    Step("topic", MinutesWizard.topic, _typed("minutes-ask-topic")),
    Step("items", MinutesWizard.items, _ask_items),
    Step("attendance", MinutesWizard.attendance, _typed("minutes-ask-attendance")),
    Step("absent", MinutesWizard.absent, _ask_absent),
    Step("mode", MinutesWizard.mode, _ask_mode),
    Step("heard", MinutesWizard.heard, _ask_item_text("heard")),
    Step("spoke", MinutesWizard.spoke, _ask_item_text("spoke")),
    Step("decided", MinutesWizard.decided, _ask_item_text("decided")),
    Step("decisions", MinutesWizard.decisions, _typed("minutes-ask-decisions")),
    Step("files", MinutesWizard.files, _ask_files),
)
ALL_STATES = (*STEPS.states, MinutesWizard.preview)


def _skipped(name: str, wizard: Draft) -> bool:
    d = wizard.draft
    if name == "association":
        return d.get("association_id") is not None
    if name == "number":
        return wizard.editing is not None or d.get("number") is not None
    if name == "absent":
        return d.get("present") == d.get("total")
    if name == "decisions":
        return d.get("mode") != "one"
    return False


def _next(after: str, wizard: Draft) -> str | None:
    """The step after ``after``: the texts of each item in turn; a changed field goes back
    to the preview, except what it brings along (the agenda asks for its texts again,
    attendance for who was absent)."""
    d = wizard.draft
    if after in ("heard", "spoke"):
        return {"heard": "spoke", "spoke": "decided"}[after]
    if after == "decided":
        if int(d.get("at") or 0) + 1 < len(d["items"]):
            d["at"] = int(d.get("at") or 0) + 1
            return "heard"
        after = "decisions"
    if after == "mode":
        if d.get("mode") == "items":
            d["at"] = 0
            return "heard"
        return "decisions"
    if wizard.ready:
        if after == "items":
            return "mode"
        if after == "attendance" and not _skipped("absent", wizard):
            return "absent"
        return None
    later = ORDER[ORDER.index(after) + 1 :]
    return next((n for n in later if not _skipped(n, wizard)), None)


async def _advance(after: str, wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    step = _next(after, wizard)
    if step is None:
        await _preview(wizard, ctx, chat_id)
    else:
        await STEPS.ask(step, wizard, ctx, chat_id)


async def _go_on(
    callback: CallbackQuery, message: Message, after: str, wizard: Draft, ctx: Ctx, closing: str
) -> None:
    await _advance(after, wizard, ctx, message.chat.id)
    await close_question(callback, message, closing)


# ---------------------------------------------------------------------- the preview


def render_draft(
    draft: MinutesDraft, association: str, ctx: Ctx, *, clip_to: int = PREVIEW_CLIP
) -> str:
    """Minutes as the preview and the card show them (HTML), each text shortened to
    ``clip_to`` and the whole kept within one message."""
    i18n = ctx.i18n
    lines = [
        i18n("minutes-line-title", number=draft.number, association=escape(association)),
        i18n("minutes-line-date", date=draft.meeting_date.strftime("%d.%m.%Y")),
        i18n("minutes-line-topic", topic=escape(clip(draft.topic, clip_to))),
        i18n(
            "minutes-line-attendance",
            present=draft.present,
            total=draft.total,
            absent=draft.total - draft.present,
        ),
    ]
    if draft.absent:
        lines.append(i18n("minutes-line-absent", names=escape(clip(draft.absent, clip_to))))
    lines.append(i18n("minutes-line-agenda"))
    for n, item in enumerate(draft.items, start=1):
        lines.append(f"{n}. {escape(clip(item.title, clip_to))}")
        for field, text in (
            ("heard", item.heard),
            ("spoke", item.spoke),
            ("decided", item.decided),
        ):
            if text:
                lines.append(i18n(f"minutes-line-{field}", text=escape(clip(text, clip_to))))
    if draft.decisions:
        lines.append(i18n("minutes-line-decisions", text=escape(clip(draft.decisions, clip_to))))
    if draft.files:
        names = ", ".join(escape(f.name) for f in draft.files)
        lines.append(i18n("minutes-line-files", count=len(draft.files), names=clip(names, 600)))
    else:
        lines.append(i18n("minutes-line-no-files"))
    text = "\n".join(lines)
    if len(text) > TEXT_LIMIT - 300 and clip_to > 60:
        return render_draft(draft, association, ctx, clip_to=clip_to // 2)
    return text


async def _association_name(wizard: Draft, ctx: Ctx) -> str:
    rows = await ctx.services.minutes.headed(ctx.member)
    return next((a.name for a in rows if a.id == wizard.draft["association_id"]), "—")


def _edit_fields(wizard: Draft) -> list[str]:
    return [f for f in kb.EDIT_FIELDS if not (f == "number" and wizard.editing)]


async def _preview(wizard: Draft, ctx: Ctx, chat_id: int) -> None:
    """The minutes as they will be kept; every field checked once more by the service."""
    wizard = replace(wizard, ready=True)
    draft = wizard.complete()
    service = ctx.services.minutes
    await service.check_association(ctx.member, draft.association_id)
    heading = "minutes-preview-correction" if wizard.editing else "minutes-preview-title"
    text = (
        ctx.i18n(heading) + "\n\n" + render_draft(draft, await _association_name(wizard, ctx), ctx)
    )
    await WIZARD.save(ctx.state, wizard, MinutesWizard.preview)
    await ctx.bot.send_message(chat_id, text, reply_markup=kb.preview(wizard.w, ctx.i18n))


# ---------------------------------------------------------------------- the start


async def _start(
    ctx: Ctx,
    chat_id: int,
    *,
    association_id: int | None = None,
    deadline_id: int | None = None,
) -> None:
    """A new wizard; its id is that of its first message, so no button of another one
    works in it."""
    rows = await ctx.services.minutes.headed(ctx.member)
    if association_id is not None:
        await ctx.services.minutes.check_association(ctx.member, association_id)
    elif len(rows) == 1:
        association_id = rows[0].id
    await ctx.state.clear()
    intro = await ctx.bot.send_message(chat_id, ctx.i18n("minutes-intro"))
    wizard = Draft(w=intro.message_id, draft=blank_minutes(), heads=[a.id for a in rows])
    wizard.draft["association_id"] = association_id
    wizard.draft["deadline_id"] = deadline_id
    first = next(n for n in ORDER if not _skipped(n, wizard))
    await STEPS.ask(first, wizard, ctx, chat_id)


async def open_from_deadline(
    callback: CallbackQuery, ctx: Ctx, deadline_id: int, association_id: int
) -> None:
    """«Сдать» of a meeting's deadline: the wizard for that association, completing that
    deadline."""
    await callback.answer()
    await _start(ctx, callback.from_user.id, association_id=association_id, deadline_id=deadline_id)


# ---------------------------------------------------------------------- buttons of the steps


@WIZARD.button(kb.ASSOC, MinutesWizard.association)
async def on_association(
    callback: CallbackQuery, callback_data: MnwCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    association = await ctx.services.minutes.check_association(ctx.member, callback_data.v)
    wizard.draft["association_id"] = association.id
    chosen = ctx.i18n("minutes-chosen-association", name=escape(association.name))
    await _go_on(callback, message, "association", wizard, ctx, chosen)


async def _take_number(number: int, wizard: Draft, ctx: Ctx, chat_id: int) -> bool:
    """The number, unless the association has it this year: then the offer to correct
    those minutes instead (False)."""
    try:
        await ctx.services.minutes.check_number(wizard.draft["association_id"], number)
    except NumberTaken as taken:
        await _offer_correction(taken, ctx, chat_id)
        return False
    wizard.draft["number"] = number
    return True


async def _offer_correction(taken: NumberTaken, ctx: Ctx, chat_id: int) -> None:
    key = "minutes-error-number-taken" if taken.editable else "minutes-error-number-taken-closed"
    keyboard = kb.correct_offer(taken.minutes_id, ctx.i18n)
    await ctx.bot.send_message(chat_id, ctx.i18n(key, **taken.params), reply_markup=keyboard)


@WIZARD.button(kb.NUMBER, MinutesWizard.number)
async def on_suggested_number(
    callback: CallbackQuery, callback_data: MnwCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if not await _take_number(callback_data.v, wizard, ctx, message.chat.id):
        await callback.answer()
        return
    chosen = ctx.i18n("minutes-chosen-number", number=callback_data.v)
    await _go_on(callback, message, "number", wizard, ctx, chosen)


@WIZARD.button(kb.ITEMS_DONE, MinutesWizard.items)
async def on_items_done(
    callback: CallbackQuery, callback_data: MnwCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if not wizard.draft["items"]:
        raise DomainError("minutes-error-no-items")
    chosen = ctx.i18n("minutes-chosen-items", count=len(wizard.draft["items"]))
    await _go_on(callback, message, "items", wizard, ctx, chosen)


@WIZARD.button(kb.ITEMS_AGAIN, MinutesWizard.items)
async def on_items_again(
    callback: CallbackQuery, callback_data: MnwCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    wizard.draft["items"] = []
    await STEPS.ask("items", wizard, ctx, message.chat.id)
    await close_question(callback, message, ctx.i18n("minutes-items-dropped"))


@WIZARD.button(kb.MODE, MinutesWizard.mode)
async def on_mode(
    callback: CallbackQuery, callback_data: MnwCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    if not 0 <= callback_data.v < len(kb.MODES):
        await stale(callback, ctx.i18n)
        return
    mode = kb.MODES[callback_data.v]
    d = wizard.draft
    d["mode"] = mode
    d["decisions"] = None
    d["items"] = [
        {"title": i["title"], "heard": None, "spoke": None, "decided": None} for i in d["items"]
    ]
    chosen = ctx.i18n(f"minutes-chosen-mode-{mode}")
    await _go_on(callback, message, "mode", wizard, ctx, chosen)


async def on_skip(callback: CallbackQuery, callback_data: MnwCb, ctx: Ctx) -> None:
    if not 0 <= callback_data.v < len(kb.STEP_CODES):
        await stale(callback, ctx.i18n)
        return
    step = kb.STEP_CODES[callback_data.v]
    opened = await WIZARD.open(callback, callback_data.w, ctx, STEPS.state(step))
    if opened is None:
        return
    message, wizard = opened
    d = wizard.draft
    if step == "absent":
        d["absent"] = None
    else:
        d["items"][int(d.get("at") or 0)][step] = None
    await _advance(step, wizard, ctx, message.chat.id)
    await close_question(callback, message, ctx.i18n("minutes-skipped"))


@WIZARD.button(kb.FILES_DONE, MinutesWizard.files)
async def on_files_done(
    callback: CallbackQuery, callback_data: MnwCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    chosen = ctx.i18n("minutes-chosen-files", count=len(wizard.draft.get("files") or []))
    await _go_on(callback, message, "files", wizard, ctx, chosen)


# ---------------------------------------------------------------------- typed steps


async def on_number(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    number = ctx.services.minutes.parse_number(message.text)
    if await _take_number(number, wizard, ctx, message.chat.id):
        await _advance("number", wizard, ctx, message.chat.id)


async def on_date(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    service = ctx.services.minutes
    day = service.parse_date(message.text)
    d = wizard.draft
    if wizard.editing is None and d.get("number") is not None:
        try:
            await service.check_number(d["association_id"], int(d["number"]), meeting_year(day))
        except NumberTaken as taken:
            await _offer_correction(taken, ctx, message.chat.id)
            return
    d["meeting_date"] = day.isoformat()
    await message.answer(ctx.i18n("minutes-chosen-date", date=day.strftime("%d.%m.%Y")))
    await _advance("date", wizard, ctx, message.chat.id)


async def on_topic(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    wizard.draft["topic"] = ctx.services.minutes.check_topic(message.text)
    await _advance("topic", wizard, ctx, message.chat.id)


async def on_items(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    d = wizard.draft
    new = ctx.services.minutes.parse_items(message.text, len(d["items"]))
    d["items"] = [
        *d["items"],
        *({"title": t, "heard": None, "spoke": None, "decided": None} for t in new),
    ]
    await WIZARD.save(ctx.state, wizard)
    listed = "\n".join(
        f"{n}. {escape(clip(i['title'], 120))}" for n, i in enumerate(d["items"], start=1)
    )
    text = ctx.i18n("minutes-items-taken", count=len(d["items"]), items=listed)
    await message.answer(
        text[:TEXT_LIMIT], reply_markup=kb.items(wizard.w, ctx.i18n, have=len(d["items"]))
    )


async def on_attendance(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    present, total = ctx.services.minutes.parse_attendance(message.text)
    d = wizard.draft
    d["present"], d["total"] = present, total
    if present == total:
        d["absent"] = None
    await _advance("attendance", wizard, ctx, message.chat.id)


async def on_absent(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    wizard.draft["absent"] = ctx.services.minutes.check_absent(message.text)
    await _advance("absent", wizard, ctx, message.chat.id)


def _on_item_text(field: str) -> Any:
    async def handler(message: Message, ctx: Ctx) -> None:
        wizard = await WIZARD.draft(ctx.state)
        d = wizard.draft
        d["items"][int(d.get("at") or 0)][field] = ctx.services.minutes.check_text(message.text)
        await _advance(field, wizard, ctx, message.chat.id)

    handler.__name__ = f"on_{field}"
    return handler


async def on_decisions(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    wizard.draft["decisions"] = ctx.services.minutes.check_decisions(message.text)
    await _advance("decisions", wizard, ctx, message.chat.id)


def uploaded(message: Message) -> UploadedFile | None:
    if message.document is not None:
        doc = message.document
        return UploadedFile(doc.file_id, "document", doc.file_name or "file", doc.file_size)
    if message.photo:
        photo = message.photo[-1]
        return UploadedFile(
            photo.file_id, "photo", f"photo_{photo.file_unique_id}.jpg", photo.file_size
        )
    return None


async def on_file(message: Message, ctx: Ctx) -> None:
    wizard = await WIZARD.draft(ctx.state)
    file = uploaded(message)
    if file is None:
        await message.answer(
            ctx.i18n("minutes-files-expected"),
            reply_markup=kb.files(wizard.w, ctx.i18n, have=len(wizard.draft.get("files") or [])),
        )
        return
    files = list(wizard.draft.get("files") or [])
    ctx.services.minutes.check_file(file, len(files))
    files.append([file.ref, file.kind, file.name, file.size])
    wizard.draft["files"] = files
    await WIZARD.save(ctx.state, wizard)
    await message.answer(
        ctx.i18n("minutes-file-taken", name=escape(file.name), count=len(files)),
        reply_markup=kb.files(wizard.w, ctx.i18n, have=len(files)),
    )


async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("minutes-text-expected"))


async def on_not_a_button(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("minutes-use-buttons"))


# ---------------------------------------------------------------------- send, edit, cancel


@WIZARD.button(kb.SEND, MinutesWizard.preview)
async def on_send(
    callback: CallbackQuery, callback_data: MnwCb, message: Message, wizard: Draft, ctx: Ctx
) -> None:
    """Checked again by the service. The attachments' local copies (when kept) are read
    first; then the wizard ends and the minutes are written in one go, so a second press
    finds it over and writes nothing."""
    service = ctx.services.minutes
    draft = wizard.complete()
    await service.check_association(ctx.member, draft.association_id)
    copies = await service.copies(draft.files, file_fetcher(ctx.bot))
    await WIZARD.end(ctx.state, wizard)
    try:
        if wizard.editing is not None:
            sent = await service.correct(
                ctx.member, wizard.editing, draft, int(wizard.draft["expected"]), copies
            )
        else:
            sent = await service.submit(ctx.member, draft, copies)
    except NumberTaken as taken:
        # Nothing was written: the draft stays at its preview, to change the number.
        await WIZARD.save(ctx.state, wizard, MinutesWizard.preview)
        await callback.answer()
        await _offer_correction(taken, ctx, message.chat.id)
        return
    await callback.answer()
    i18n = ctx.i18n
    key = "minutes-corrected" if sent.version > 1 else "minutes-sent"
    text = i18n(
        key,
        number=sent.number,
        association=escape(sent.association),
        version=sent.version,
        year=year_label(sent.year),
    )
    if sent.completed:
        text += "\n" + i18n("minutes-sent-completed", title=escape(sent.completed))
    await show(message, text, kb.card(sent.minutes_id, i18n, files=0, may_edit=False, back=True))
    name, content = await service.protocol(ctx.member, sent.minutes_id)
    await ctx.bot.send_document(
        message.chat.id,
        BufferedInputFile(content, filename=name),
        caption=i18n("minutes-docx-caption", number=sent.number),
    )


def _reset(wizard: Draft, name: str) -> str:
    """What a field changed from the preview makes stale; the step that asks for it."""
    d = wizard.draft
    if name == "items":
        d["items"], d["decisions"], d["mode"] = [], None, None
    elif name == "texts":
        return "mode"
    elif name == "files":
        d["files"] = []
    elif name == "number":
        d["number"] = None
    return name


EDITING = Editing(STEPS, "minutes", kb.EDIT_FIELDS, _preview, _edit_fields, _reset)
EDITING.register(MinutesWizard.preview)
WIZARD.cancel_button(kb.CANCEL, ALL_STATES, "minutes-cancelled")


# ---------------------------------------------------------------------- the head's minutes


def _line(row: MinutesRow, ctx: Ctx) -> str:
    return ctx.i18n(
        "minutes-list-button",
        number=row.number,
        date=row.meeting_date.strftime("%d.%m.%Y"),
        association=row.association,
    )


async def _home(page: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    rows = await ctx.services.minutes.mine(ctx.member)
    items = [(r.id, _line(r, ctx)) for r in rows]
    if not rows:
        return ctx.i18n("minutes-list-empty"), kb.home([], 0, ctx.i18n)
    return ctx.i18n("minutes-list-title", count=len(rows)), kb.home(items, page, ctx.i18n)


async def on_minutes(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    text, keyboard = await _home(0, ctx)
    await message.answer(text, reply_markup=keyboard)


async def on_list(callback: CallbackQuery, callback_data: MnlCb, ctx: Ctx) -> None:
    await replace_screen(callback, *await _home(callback_data.p, ctx))


async def on_new(callback: CallbackQuery, callback_data: MnlCb, ctx: Ctx) -> None:
    await ctx.services.minutes.headed(ctx.member)
    await callback.answer()
    await _start(ctx, callback.from_user.id)


def card_text(card: MinutesCard, ctx: Ctx) -> str:
    """A submission's card: the current version (shortened) and every version."""
    i18n = ctx.i18n
    row = card.row
    lines = [render_draft(card.draft, row.association, ctx, clip_to=200)]
    if row.organisation:
        lines.insert(1, i18n("minutes-line-organisation", organisation=escape(row.organisation)))
    lines.append("")
    if card.completed:
        lines.append(i18n("minutes-line-completed", title=escape(card.completed)))
    tz = ctx.settings.tz
    for v in card.versions:
        lines.append(
            i18n(
                "minutes-line-version-current" if v.current else "minutes-line-version",
                version=v.version,
                at=v.at.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
                by=escape(v.by or "—"),
            )
        )
    if card.may_edit:
        lines.append(
            i18n(
                "minutes-line-editable",
                until=card.editable_until.astimezone(tz).strftime("%d.%m.%Y"),
            )
        )
    text = "\n".join(lines)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


async def on_card(callback: CallbackQuery, callback_data: MnlCb, ctx: Ctx) -> None:
    card = await ctx.services.minutes.card(ctx.member, callback_data.id)
    keyboard = kb.card(card.row.id, ctx.i18n, files=len(card.files), may_edit=card.may_edit)
    await replace_screen(callback, card_text(card, ctx), keyboard)


async def on_docx(callback: CallbackQuery, callback_data: MnlCb, ctx: Ctx) -> None:
    name, content = await ctx.services.minutes.protocol(ctx.member, callback_data.id)
    await callback.answer()
    await ctx.bot.send_document(callback.from_user.id, BufferedInputFile(content, filename=name))


async def send_files(ctx: Ctx, chat_id: int, minutes_id: int) -> None:
    """The current version's attachments, forwarded by their references."""
    for file in await ctx.services.minutes.files(ctx.member, minutes_id):
        try:
            if file.kind == "photo":
                await ctx.bot.send_photo(chat_id, file.file_ref)
            else:
                await ctx.bot.send_document(chat_id, file.file_ref)
        except TelegramAPIError:
            await ctx.bot.send_message(
                chat_id, ctx.i18n("minutes-file-lost", name=escape(file.name))
            )


async def on_files(callback: CallbackQuery, callback_data: MnlCb, ctx: Ctx) -> None:
    await callback.answer()
    await send_files(ctx, callback.from_user.id, callback_data.id)


async def on_correct(callback: CallbackQuery, callback_data: MnlCb, ctx: Ctx) -> None:
    await open_correction(callback, ctx, callback_data.id)


async def open_correction(callback: CallbackQuery, ctx: Ctx, minutes_id: int) -> None:
    """«Исправить» (or «Сдать» of a meeting whose minutes were handed back): the wizard with
    the current version, straight to its preview."""
    draft, version = await ctx.services.minutes.begin_correction(ctx.member, minutes_id)
    rows = await ctx.services.minutes.headed(ctx.member)
    w = callback.message.message_id if callback.message else minutes_id
    data = {**blank_minutes(), **draft.to_json(), "edit": minutes_id, "expected": version}
    data["mode"] = "one" if draft.decisions else "items"
    wizard = Draft(w=w, draft=data, heads=[a.id for a in rows], ready=True)
    await ctx.state.clear()
    await callback.answer()
    await _preview(wizard, ctx, callback.from_user.id)


# ---------------------------------------------------------------------- the methodical topic


async def on_theme(callback: CallbackQuery, callback_data: MnlCb, ctx: Ctx) -> None:
    rows = await ctx.services.minutes.headed(ctx.member)
    if callback_data.id == 0 and len(rows) > 1:
        await replace_screen(
            callback, ctx.i18n("minutes-theme-choose"), kb.themes([(a.id, a.name) for a in rows])
        )
        return
    association = await ctx.services.minutes.check_association(
        ctx.member, callback_data.id or rows[0].id
    )
    year = ctx.services.year.current
    current = await ctx.services.year.topic(association.id, year)
    await ctx.state.set_state(MinutesTheme.text)
    await ctx.state.set_data({"theme_for": association.id, "year": year})
    text = ctx.i18n(
        "minutes-theme-ask",
        association=escape(association.name),
        year=year_label(year),
        current=escape(current or ctx.i18n("minutes-theme-none")),
    )
    await callback.answer()
    await ctx.bot.send_message(callback.from_user.id, text)


async def on_theme_text(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    topic = await ctx.services.year.set_topic(
        ctx.member, int(data["theme_for"]), int(data["year"]), message.text
    )
    await ctx.state.clear()
    await message.answer(ctx.i18n("minutes-theme-saved", topic=escape(topic)))


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    """For registered members (the parent router's filter); who may submit is the minutes
    service's answer to every step."""
    router = install(Router(name="minutes"))
    router.message.register(on_minutes, Command("minutes"))
    router.message.register(on_number, MinutesWizard.number, F.text)
    router.message.register(on_date, MinutesWizard.date, F.text)
    router.message.register(on_topic, MinutesWizard.topic, F.text)
    router.message.register(on_items, MinutesWizard.items, F.text)
    router.message.register(on_attendance, MinutesWizard.attendance, F.text)
    router.message.register(on_absent, MinutesWizard.absent, F.text)
    for field, state in (
        ("heard", MinutesWizard.heard),
        ("spoke", MinutesWizard.spoke),
        ("decided", MinutesWizard.decided),
    ):
        router.message.register(_on_item_text(field), state, F.text)
    router.message.register(on_decisions, MinutesWizard.decisions, F.text)
    router.message.register(on_file, MinutesWizard.files)
    router.message.register(on_not_text, StateFilter(*TYPED, MinutesWizard.items))
    router.message.register(
        on_not_a_button,
        StateFilter(MinutesWizard.association, MinutesWizard.mode, MinutesWizard.preview),
    )
    router.message.register(on_theme_text, MinutesTheme.text, F.text)
    router.message.register(on_not_text, MinutesTheme.text)
    router.callback_query.register(on_skip, MnwCb.filter(F.act == kb.SKIP))
    WIZARD.register(router)
    cb = router.callback_query
    for act, handler in (
        (kb.LIST, on_list),
        (kb.NEW, on_new),
        (kb.CARD, on_card),
        (kb.DOCX, on_docx),
        (kb.FILES, on_files),
        (kb.CORRECT, on_correct),
        (kb.THEME, on_theme),
    ):
        cb.register(handler, MnlCb.filter(F.act == act))
    return router
