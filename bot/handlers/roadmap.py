"""/import_roadmap: a roadmap table read, its plan year asked, every row previewed with what it
becomes (changeable row by row), then created at once; /roadmap: the plan year by month.

The file's rows and the methodologist's changes wait in the dialog state, so a restart between
the preview and «Создать» loses nothing; the import ends the wizard in its own transaction, so
a second «Создать» creates nothing (and the service skips rows imported before anyway).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import show, stale
from bot.handlers.ui.wizard import Wizard, close_question
from bot.i18n import Gettext
from bot.keyboards import roadmap as kb
from bot.keyboards.paging import page_of
from bot.keyboards.roadmap import RmiCb, RmvCb
from bot.services.errors import DomainError
from bot.services.roadmap.importer import (
    Choices,
    Imported,
    Outcome,
    Plan,
    RoadmapView,
    Upload,
    ViewItem,
    describe,
    format_day,
    year_label,
)

ROWS_PER_PAGE = 10
ACTIVITY_SHOWN = 90
TERM_SHOWN = 60
VIEW_PAGE_CHARS = 3300
NOT_COMMAND = ~F.text.startswith("/")


class RoadmapImport(StatesGroup):
    file = State()
    year = State()
    preview = State()
    row = State()  # the number of the row whose unit changes is typed
    unit = State()  # the unit of that row is chosen
    date = State()  # «12 25.12.2026» is typed


# The preview's buttons work while a row number or a date is being typed too.
PREVIEWING = (RoadmapImport.preview, RoadmapImport.row, RoadmapImport.unit, RoadmapImport.date)
ALL_STATES = (RoadmapImport.file, RoadmapImport.year, *PREVIEWING)


@dataclass
class ImportDraft:
    w: int
    upload: dict[str, Any] = field(default_factory=dict)
    year: int | None = None
    choices: dict[str, Any] = field(default_factory=dict)
    row: int | None = None
    page: int = 0

    @classmethod
    def load(cls, data: dict[str, Any]) -> ImportDraft:
        return cls(
            w=int(data.get("w", 0)),
            upload=dict(data.get("upload") or {}),
            year=data.get("year"),
            choices=dict(data.get("choices") or {}),
            row=data.get("row"),
            page=int(data.get("page") or 0),
        )

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "upload": self.upload,
            "year": self.year,
            "choices": self.choices,
            "row": self.row,
            "page": self.page,
        }

    @property
    def file(self) -> Upload:
        return Upload.from_json(self.upload)

    @property
    def changes(self) -> Choices:
        return Choices.from_json(self.choices)

    @property
    def plan_year(self) -> int:
        assert self.year is not None
        return int(self.year)


WIZARD: Wizard[ImportDraft] = Wizard(
    ImportDraft.load, "roadmap_imported", "roadmap-import-already-done", RmiCb
)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


# ---------------------------------------------------------------------- the preview


def _counts(plan: Plan, i18n: Gettext) -> str:
    counts = plan.counts
    return "\n".join(
        i18n("roadmap-count-" + outcome.value, count=counts[outcome])
        for outcome in Outcome
        if counts[outcome]
    )


def _preview_text(plan: Plan, page: int, ctx: Ctx) -> tuple[str, int, int]:
    i18n, tz = ctx.i18n, ctx.settings.tz
    shown, page, pages = page_of(plan.items, page, ROWS_PER_PAGE)
    lines = [
        i18n(
            "roadmap-import-preview",
            file=escape(plan.file_name),
            year=year_label(plan.plan_year),
            rows=len(plan.items),
        ),
        _counts(plan, i18n),
        "",
    ]
    for item in shown:
        plain = item.outcome in (Outcome.STANDING, Outcome.EXISTS)
        unit = i18n("roadmap-unit-" + item.unit.value)
        lines.append(
            i18n(
                "roadmap-import-row-plain" if plain else "roadmap-import-row",
                number=item.row.number,
                activity=escape(_short(item.row.activity, ACTIVITY_SHOWN)),
                term=escape(_short(item.row.term, TERM_SHOWN)) or "\u2014",
                outcome=describe(item, i18n, tz),
                unit=unit,
            )
        )
    lines += ["", i18n("roadmap-import-preview-ask")]
    return "\n".join(lines), page, pages


async def _screen(draft: ImportDraft, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    plan = await ctx.services.roadmaps.plan(ctx.member, draft.file, draft.plan_year, draft.changes)
    text, page, pages = _preview_text(plan, draft.page, ctx)
    draft.page = page
    return text, kb.preview(draft.w, page, pages, ctx.i18n)


async def _send_preview(draft: ImportDraft, ctx: Ctx, chat_id: int) -> None:
    text, keyboard = await _screen(draft, ctx)
    await WIZARD.save(ctx.state, draft, RoadmapImport.preview)
    await ctx.bot.send_message(chat_id, text, reply_markup=keyboard)


# ---------------------------------------------------------------------- the start and the file


async def on_import_roadmap(message: Message, ctx: Ctx) -> None:
    limit = ctx.services.roadmaps.start(ctx.member)
    draft = ImportDraft(w=message.message_id)
    await ctx.state.clear()
    await WIZARD.save(ctx.state, draft, RoadmapImport.file)
    await message.answer(
        ctx.i18n("roadmap-import-ask-file", limit=limit),
        reply_markup=kb.ask_file(draft.w, ctx.i18n),
    )


async def on_file(message: Message, ctx: Ctx) -> None:
    document, bot = message.document, ctx.bot
    assert document is not None

    async def fetch() -> bytes:
        try:
            file = await bot.get_file(document.file_id)
            if file.file_path is None:
                raise DomainError("roadmap-file-download-failed")
            buffer = io.BytesIO()
            await bot.download_file(file.file_path, destination=buffer)
        except TelegramAPIError as exc:
            raise DomainError("roadmap-file-download-failed") from exc
        return buffer.getvalue()

    service = ctx.services.roadmaps
    upload = await service.read(ctx.member, document.file_name or "", document.file_size, fetch)
    draft = await WIZARD.draft(ctx.state)
    draft.upload, draft.year, draft.choices, draft.page = upload.to_json(), None, {}, 0
    await WIZARD.save(ctx.state, draft, RoadmapImport.year)
    i18n = ctx.i18n
    lines = [i18n("roadmap-import-read", file=escape(upload.file_name), rows=len(upload.rows))]
    if upload.years:
        named = ", ".join(str(year) for year in upload.years)
        lines.append(i18n("roadmap-import-years-named", years=named, count=len(upload.years)))
    lines.append(i18n("roadmap-import-ask-year"))
    current = service.current_year()
    keyboard = kb.years(draft.w, service.year_choices(), current, i18n)
    await message.answer("\n\n".join(lines), reply_markup=keyboard)


async def on_not_a_file(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("roadmap-import-send-file"))


async def on_use_buttons(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("roadmap-import-use-buttons"))


# ---------------------------------------------------------------------- buttons


@WIZARD.button(kb.YEAR, RoadmapImport.year)
async def on_year(
    callback: CallbackQuery, data: RmiCb, message: Message, draft: ImportDraft, ctx: Ctx
) -> None:
    draft.year = ctx.services.roadmaps.check_year(data.v)
    draft.page = 0
    await _send_preview(draft, ctx, message.chat.id)
    closing = ctx.i18n("roadmap-import-chosen-year", year=year_label(data.v))
    await close_question(callback, message, closing)


@WIZARD.button(kb.PAGE, *PREVIEWING)
async def on_page(
    callback: CallbackQuery, data: RmiCb, message: Message, draft: ImportDraft, ctx: Ctx
) -> None:
    draft.page = data.v
    text, keyboard = await _screen(draft, ctx)
    await WIZARD.save(ctx.state, draft)
    await show(message, text, keyboard)
    await callback.answer()


@WIZARD.button(kb.ROW, *PREVIEWING)
async def on_change_row(
    callback: CallbackQuery, data: RmiCb, message: Message, draft: ImportDraft, ctx: Ctx
) -> None:
    await WIZARD.save(ctx.state, draft, RoadmapImport.row)
    await ctx.bot.send_message(message.chat.id, ctx.i18n("roadmap-import-ask-row"))
    await callback.answer()


@WIZARD.button(kb.DATE, *PREVIEWING)
async def on_date_row(
    callback: CallbackQuery, data: RmiCb, message: Message, draft: ImportDraft, ctx: Ctx
) -> None:
    await WIZARD.save(ctx.state, draft, RoadmapImport.date)
    await ctx.bot.send_message(message.chat.id, ctx.i18n("roadmap-import-ask-date"))
    await callback.answer()


@WIZARD.button(kb.UNIT, RoadmapImport.unit)
async def on_unit(
    callback: CallbackQuery, data: RmiCb, message: Message, draft: ImportDraft, ctx: Ctx
) -> None:
    if draft.row is None or not 0 <= data.v < len(kb.UNIT_CHOICES):
        await stale(callback, ctx.i18n)
        return
    unit = kb.UNIT_CHOICES[data.v]
    changes = draft.changes
    changes.units[draft.row] = unit.value
    draft.choices, number, draft.row = changes.to_json(), draft.row, None
    await _send_preview(draft, ctx, message.chat.id)
    closing = ctx.i18n(
        "roadmap-import-chosen-unit", number=number, unit=ctx.i18n("roadmap-unit-" + unit.value)
    )
    await close_question(callback, message, closing)


@WIZARD.button(kb.XLSX, *PREVIEWING)
async def on_xlsx(
    callback: CallbackQuery, data: RmiCb, message: Message, draft: ImportDraft, ctx: Ctx
) -> None:
    name, content = await ctx.services.roadmaps.export(
        ctx.member, draft.file, draft.plan_year, draft.changes, ctx.i18n.locale
    )
    await callback.answer()
    await ctx.bot.send_document(message.chat.id, BufferedInputFile(content, filename=name))


@WIZARD.button(kb.CREATE, *PREVIEWING)
async def on_create(
    callback: CallbackQuery, data: RmiCb, message: Message, draft: ImportDraft, ctx: Ctx
) -> None:
    """The wizard ends in the import's own transaction: a second press finds it over."""
    await WIZARD.end(ctx.state, draft)
    result = await ctx.services.roadmaps.confirm(
        ctx.member, draft.file, draft.plan_year, draft.changes
    )
    await show(message, _result_text(result, ctx.i18n))
    await callback.answer()


def _result_text(result: Imported, i18n: Gettext) -> str:
    lines = [
        i18n(
            "roadmap-import-done",
            created=result.created,
            standing=result.standing,
            undated=result.undated,
            existing=result.existing,
        )
    ]
    if result.past:
        lines.append(i18n("roadmap-import-done-past", count=result.past))
    if result.no_units:
        lines.append(i18n("roadmap-import-done-no-units", count=result.no_units))
    if result.undated:
        lines.append(i18n("roadmap-import-done-undated"))
    lines.append(i18n("roadmap-import-done-see"))
    return "\n".join(lines)


WIZARD.cancel_button(kb.CANCEL, ALL_STATES, "roadmap-import-cancelled")


# ---------------------------------------------------------------------- typed answers


async def on_row_number(message: Message, ctx: Ctx) -> None:
    draft = await WIZARD.draft(ctx.state)
    row = ctx.services.roadmaps.row(draft.file, message.text)
    draft.row = row.number
    await WIZARD.save(ctx.state, draft, RoadmapImport.unit)
    text = ctx.i18n(
        "roadmap-import-ask-unit",
        number=row.number,
        activity=escape(_short(row.activity, ACTIVITY_SHOWN)),
    )
    await message.answer(text, reply_markup=kb.units(draft.w, ctx.i18n))


async def on_row_date(message: Message, ctx: Ctx) -> None:
    draft = await WIZARD.draft(ctx.state)
    row, day = ctx.services.roadmaps.date_row(draft.file, draft.plan_year, message.text)
    changes = draft.changes
    changes.dates[row.number] = day.isoformat()
    draft.choices = changes.to_json()
    await message.answer(
        ctx.i18n("roadmap-import-chosen-date", number=row.number, due=day.strftime("%d.%m.%Y"))
    )
    await _send_preview(draft, ctx, message.chat.id)


# ---------------------------------------------------------------------- /roadmap


def _item_line(item: ViewItem, ctx: Ctx, *, dated: bool) -> str:
    i18n = ctx.i18n
    activity = escape(_short(item.activity, ACTIVITY_SHOWN))
    unit = i18n("roadmap-unit-" + item.unit) if item.unit else ""
    if not dated:
        return i18n("roadmap-view-undated-line", activity=activity, term=escape(item.term))
    if item.deadline_id is not None:
        state = i18n("roadmap-view-coverage", submitted=item.submitted, total=item.total)
    elif item.past:
        state = i18n("roadmap-view-past")
    else:
        state = i18n("roadmap-view-no-deadline")
    return i18n(
        "roadmap-view-line",
        due=format_day(item.due, ctx.settings.tz)[:5],
        activity=activity,
        unit=unit,
        state=state,
    )


def _view_blocks(view: RoadmapView, ctx: Ctx) -> list[tuple[str, list[str]]]:
    """(heading, lines) of each month, then the standing and the undated rows."""
    i18n = ctx.i18n
    blocks = [
        (
            i18n("roadmap-view-month", month=month, year=str(year)),
            [_item_line(item, ctx, dated=True) for item in items],
        )
        for year, month, items in view.months
    ]
    if view.standing:
        heading = i18n("roadmap-view-standing", count=len(view.standing))
        lines = [
            i18n(
                "roadmap-view-standing-line",
                activity=escape(_short(item.activity, ACTIVITY_SHOWN)),
                term=escape(item.term),
            )
            for item in view.standing
        ]
        blocks.append((heading, lines))
    if view.undated:
        heading = i18n("roadmap-view-undated", count=len(view.undated))
        blocks.append((heading, [_item_line(item, ctx, dated=False) for item in view.undated]))
    return blocks


def _pages(blocks: list[tuple[str, list[str]]]) -> list[list[str]]:
    """Pages of at most VIEW_PAGE_CHARS; a block cut by a page starts the next with its heading."""
    pages: list[list[str]] = [[]]
    size = 0
    for heading, lines in blocks:
        first = len(lines[0]) if lines else 0
        if pages[-1] and size + len(heading) + first > VIEW_PAGE_CHARS:
            pages.append([])
            size = 0
        if pages[-1]:
            pages[-1].append("")
        pages[-1].append(heading)
        size += len(heading) + 2
        for line in lines:
            if size + len(line) > VIEW_PAGE_CHARS:
                pages.append([heading])
                size = len(heading) + 1
            pages[-1].append(line)
            size += len(line) + 1
    return pages


def _view_screen(view: RoadmapView, page: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup | None]:
    i18n = ctx.i18n
    if view.plan_year is None:
        return i18n("roadmap-view-empty"), None
    pages = _pages(_view_blocks(view, ctx))
    page = min(max(page, 0), len(pages) - 1)
    title = i18n("roadmap-view-title", year=year_label(view.plan_year))
    text = title + "\n\n" + "\n".join(pages[page])
    return text, kb.view(view.plan_year, page, len(pages), view.years, i18n)


async def on_roadmap(message: Message, ctx: Ctx) -> None:
    view = await ctx.services.roadmaps.view(ctx.member)
    text, keyboard = _view_screen(view, 0, ctx)
    await message.answer(text, reply_markup=keyboard)


async def on_roadmap_page(callback: CallbackQuery, callback_data: RmvCb, ctx: Ctx) -> None:
    view = await ctx.services.roadmaps.view(ctx.member, callback_data.y)
    if not isinstance(callback.message, Message):
        await stale(callback, ctx.i18n)
        return
    await show(callback.message, *_view_screen(view, callback_data.p, ctx))
    await callback.answer()


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    """For registered members (the parent router's filter); who may import or look is the
    service's answer."""
    router = install(Router(name="roadmap"))
    msg = router.message
    msg.register(on_import_roadmap, Command("import_roadmap"))
    msg.register(on_roadmap, Command("roadmap"))
    msg.register(on_file, RoadmapImport.file, F.document)
    msg.register(on_not_a_file, RoadmapImport.file, NOT_COMMAND)
    msg.register(on_row_number, RoadmapImport.row, F.text, NOT_COMMAND)
    msg.register(on_row_date, RoadmapImport.date, F.text, NOT_COMMAND)
    msg.register(
        on_use_buttons,
        StateFilter(RoadmapImport.year, RoadmapImport.preview, RoadmapImport.unit),
        NOT_COMMAND,
    )
    router.callback_query.register(on_roadmap_page, RmvCb.filter())
    WIZARD.register(router)
    return router
