"""/minutes_registry: the methodologist's registry of minutes (a coordinator's: its school's).

The year's planned meetings with coverage («протоколы сдали 37 из 42 объединений, 88 %»),
a meeting's card with coverage by organisation and who is missing, minutes by organisation
and association, a submission's card with its protocol and attachments on request, the
year's XLSX, the coverage chart (PNG) and ZIP archives. A methodologist also sets the
meeting plan (per level, and per association on its screen), creates the year's deadlines,
confirms the year's heads and replaces the protocol template.

Every button asks the registry service again what the presser may see.
"""

from __future__ import annotations

import io
from html import escape

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.minutes import card_text, send_files
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import replace, toggled_in_order
from bot.keyboards import minutes_registry as kb
from bot.keyboards.minutes_registry import MnrCb
from bot.services.access import require_methodologist
from bot.services.errors import DomainError
from bot.services.minutes.protocol import TemplateRejected
from bot.services.minutes.registry import CoverageRow, Planned, totals
from bot.services.minutes.rules import LEVELS, TEMPLATE_LIMIT, YEAR_MONTHS, year_label
from bot.storage.models import Role
from bot.telegram_transport import file_fetcher


class RegistryAdmin(StatesGroup):
    template = State()  # a .docx template is awaited


def _methodologist(ctx: Ctx) -> bool:
    return ctx.member is not None and ctx.member.role is Role.METHODOLOGIST


def _org(name: str | None, ctx: Ctx) -> str:
    return escape(name or ctx.i18n("minutes-registry-municipal"))


def _coverage(row: CoverageRow, ctx: Ctx) -> str:
    return ctx.i18n(
        "minutes-registry-coverage", done=row.done, total=row.total, percent=row.percent
    )


def _planned_line(p: Planned, ctx: Ctx) -> str:
    return ctx.i18n(
        "minutes-registry-planned",
        title=escape(p.title),
        due=p.due_at.astimezone(ctx.settings.tz).strftime("%d.%m.%Y"),
        done=p.done,
        total=p.total,
        percent=p.percent,
    )


# ---------------------------------------------------------------------- the year


async def _home(year: int, page: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    ctx.services.year.check_year(year)
    overview = await ctx.services.minutes_registry.overview(ctx.member, year)
    lines = [i18n("minutes-registry-title", year=year_label(year))]
    if overview.organisation:
        lines.append(i18n("minutes-registry-school", name=escape(overview.organisation)))
    lines.append(i18n("minutes-registry-minutes-count", count=overview.minutes))
    if overview.meetings:
        lines.append(_coverage(overview.coverage, ctx))
        for row in overview.rows:
            lines.append(
                i18n(
                    "minutes-registry-org-line",
                    name=_org(row.name, ctx),
                    done=row.done,
                    total=row.total,
                    percent=row.percent,
                )
            )
        lines.append("")
        lines.append(i18n("minutes-registry-meetings"))
        lines += [_planned_line(p, ctx) for p in overview.meetings]
    else:
        lines.append(
            i18n(
                "minutes-registry-no-plan-methodologist"
                if _methodologist(ctx)
                else "minutes-registry-no-plan"
            )
        )
    if overview.documents:
        lines.append("")
        lines.append(i18n("minutes-registry-documents"))
        lines += [_planned_line(p, ctx) for p in overview.documents]
    text = "\n".join(lines)
    meetings = [
        (p.duty_id, i18n("minutes-registry-meeting-button", title=p.title, percent=p.percent))
        for p in overview.meetings
    ]
    keyboard = kb.home(
        year,
        meetings,
        page,
        i18n,
        methodologist=_methodologist(ctx),
        previous=i18n("minutes-registry-button-previous", year=year_label(year - 1)),
        following=i18n("minutes-registry-button-next", year=year_label(year + 1)),
    )
    return text[:4000], keyboard


async def on_registry(message: Message, ctx: Ctx) -> None:
    ctx.services.minutes_registry.scope(ctx.member)
    await ctx.state.clear()
    text, keyboard = await _home(ctx.services.year.current, 0, ctx)
    await message.answer(text, reply_markup=keyboard)


async def on_home(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    await replace(callback, *await _home(callback_data.y, callback_data.p, ctx))


# ---------------------------------------------------------------------- a planned meeting


async def on_meeting(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    i18n = ctx.i18n
    card = await ctx.services.minutes_registry.meeting(ctx.member, callback_data.id)
    p = card.planned
    lines = [
        f"<b>{escape(p.title)}</b>",
        i18n("minutes-registry-due", due=p.due_at.astimezone(ctx.settings.tz).strftime("%d.%m.%Y")),
        i18n("minutes-registry-meeting-coverage", done=p.done, total=p.total, percent=p.percent),
    ]
    for row in card.rows:
        lines.append(
            i18n(
                "minutes-registry-org-line",
                name=_org(row.name, ctx),
                done=row.done,
                total=row.total,
                percent=row.percent,
            )
        )
    if card.missing:
        lines.append("")
        lines.append(i18n("minutes-registry-missing"))
        for group in card.missing:
            lines.append(
                i18n(
                    "minutes-registry-missing-org",
                    organisation=_org(group.organisation, ctx),
                    names=escape("; ".join(group.names)),
                )
            )
        if card.more:
            lines.append(i18n("minutes-registry-missing-more", count=card.more))
    else:
        lines.append(i18n("minutes-registry-missing-none"))
    items = [
        (
            m.id,
            i18n(
                "minutes-registry-minutes-button",
                number=m.number,
                date=m.meeting_date.strftime("%d.%m.%Y"),
                association=m.association,
            ),
        )
        for m in card.minutes
    ]
    text = "\n".join(lines)
    keyboard = kb.meeting(callback_data.y, p.duty_id, items, callback_data.p, i18n)
    await replace(callback, text[:4000], keyboard)


# ---------------------------------------------------------------------- places


async def on_places(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    i18n = ctx.i18n
    places = await ctx.services.minutes_registry.places(ctx.member, callback_data.y)
    items = [
        (
            p.organisation_id or 0,
            i18n(
                "minutes-registry-place-button",
                name=p.name or i18n("minutes-registry-municipal"),
                associations=p.associations,
                minutes=p.minutes,
            ),
        )
        for p in places
    ]
    text = i18n("minutes-registry-places", year=year_label(callback_data.y), count=len(places))
    await replace(callback, text, kb.places(callback_data.y, items, callback_data.p, i18n))


async def on_place(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    i18n = ctx.i18n
    rows = await ctx.services.minutes_registry.associations(
        ctx.member, callback_data.y, callback_data.id or None
    )
    items = [
        (a, i18n("minutes-registry-association-button", name=name, minutes=count))
        for a, name, count in rows
    ]
    text = i18n("minutes-registry-associations", count=len(rows))
    keyboard = kb.place(callback_data.y, callback_data.id, items, callback_data.p, i18n)
    await replace(callback, text, keyboard)


async def _association_screen(
    year: int, association_id: int, ctx: Ctx
) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    name, topic, rows, terms = await ctx.services.minutes_registry.association(
        ctx.member, year, association_id
    )
    lines = [
        f"<b>{escape(name)}</b> — {year_label(year)}",
        i18n("minutes-registry-theme", topic=escape(topic or i18n("minutes-theme-none"))),
    ]
    tz = ctx.settings.tz
    for term in terms:
        since = term.since.astimezone(tz).strftime("%d.%m.%Y")
        if term.until is None:
            line = i18n(
                "minutes-registry-term",
                name=escape(term.name),
                since=since,
                confirmed=term.confirmed,
            )
        else:
            until = term.until.astimezone(tz).strftime("%d.%m.%Y")
            line = i18n(
                "minutes-registry-term-ended", name=escape(term.name), since=since, until=until
            )
        lines.append(line)
    lines.append(i18n("minutes-registry-minutes-count", count=len(rows)))
    months: tuple[int, ...] | None = None
    own = False
    if _methodologist(ctx):
        months, own = await ctx.services.year.association_plan(ctx.member, year, association_id)
        lines.append(
            i18n(
                "minutes-registry-own-plan" if own else "minutes-registry-level-plan",
                months=_months(months, ctx),
            )
        )
    items = [
        (
            m.id,
            i18n(
                "minutes-registry-minutes-button",
                number=m.number,
                date=m.meeting_date.strftime("%d.%m.%Y"),
                association=m.association,
            ),
        )
        for m in rows
    ]
    keyboard = kb.association(year, association_id, items, i18n, months=months, own=own)
    return "\n".join(lines)[:4000], keyboard


async def on_association(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    await replace(callback, *await _association_screen(callback_data.y, callback_data.id, ctx))


async def on_own_month(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    if callback_data.p not in YEAR_MONTHS:
        raise DomainError("minutes-error-months")
    year = ctx.services.year
    months, _ = await year.association_plan(ctx.member, callback_data.y, callback_data.id)
    chosen = toggled_in_order(YEAR_MONTHS, months, callback_data.p)
    await year.set_association(ctx.member, callback_data.y, callback_data.id, chosen)
    await replace(callback, *await _association_screen(callback_data.y, callback_data.id, ctx))


async def on_own_reset(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    await ctx.services.year.set_association(ctx.member, callback_data.y, callback_data.id, None)
    await replace(callback, *await _association_screen(callback_data.y, callback_data.id, ctx))


# ---------------------------------------------------------------------- a submission


async def on_minutes(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    card = await ctx.services.minutes.card(ctx.member, callback_data.id)
    keyboard = kb.card(callback_data.y, card.row.id, len(card.files), ctx.i18n)
    await replace(callback, card_text(card, ctx), keyboard)


async def on_docx(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    name, content = await ctx.services.minutes.protocol(ctx.member, callback_data.id)
    await callback.answer()
    await ctx.bot.send_document(callback.from_user.id, BufferedInputFile(content, filename=name))


async def on_files(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    await callback.answer()
    await send_files(ctx, callback.from_user.id, callback_data.id)


# ---------------------------------------------------------------------- exports


async def on_xlsx(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    name, content = await ctx.services.minutes_registry.xlsx(
        ctx.member, callback_data.y, ctx.i18n.locale
    )
    await callback.answer()
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename=name),
        caption=ctx.i18n("minutes-registry-xlsx-caption", year=year_label(callback_data.y)),
    )


async def on_chart(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    registry = ctx.services.minutes_registry
    duty = callback_data.id or None
    png = await registry.chart(ctx.member, callback_data.y, ctx.i18n.locale, duty)
    whole = totals(await registry.coverage_rows(ctx.member, callback_data.y, duty))
    await callback.answer()
    await ctx.bot.send_photo(
        callback.from_user.id,
        BufferedInputFile(png, filename="coverage.png"),
        caption=ctx.i18n(
            "minutes-registry-chart-caption",
            done=whole.done,
            total=whole.total,
            percent=whole.percent,
        ),
    )


async def on_zip(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    await callback.answer(ctx.i18n("minutes-registry-zip-wait"))
    name, content, lost = await ctx.services.minutes_registry.zip(
        ctx.member, callback_data.y, file_fetcher(ctx.bot), duty_id=callback_data.id or None
    )
    caption = ctx.i18n("minutes-registry-zip-caption", year=year_label(callback_data.y))
    if lost:
        caption += "\n" + ctx.i18n("minutes-registry-zip-lost", names=escape(", ".join(lost)))
    await ctx.bot.send_document(
        callback.from_user.id, BufferedInputFile(content, filename=name), caption=caption[:1000]
    )


# ---------------------------------------------------------------------- the plan


def _months(months: tuple[int, ...] | list[int], ctx: Ctx) -> str:
    if not months:
        return ctx.i18n("minutes-registry-no-months")
    return ", ".join(ctx.i18n(f"minutes-month-{m}") for m in months)


async def _plan_screen(year: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    plan = await ctx.services.year.plan(ctx.member, year)
    lines = [i18n("minutes-plan-title", year=year_label(year))]
    for level in plan.levels:
        lines.append(
            i18n(
                "minutes-plan-level",
                level=i18n(f"minutes-level-{level.level.value}"),
                months=_months(level.months, ctx),
            )
        )
    if plan.overrides:
        lines.append(i18n("minutes-plan-overrides"))
        for o in plan.overrides:
            lines.append(
                i18n("minutes-plan-override", name=escape(o.name), months=_months(o.months, ctx))
            )
    lines.append(i18n("minutes-plan-duties", count=plan.duties))
    lines.append(i18n("minutes-plan-hint"))
    levels = [(LEVELS.index(level.level), level.months) for level in plan.levels]
    return "\n".join(lines)[:4000], kb.plan(year, levels, i18n)


async def on_plan(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    await replace(callback, *await _plan_screen(callback_data.y, ctx))


async def on_level_month(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    if not 0 <= callback_data.id < len(LEVELS) or callback_data.p not in YEAR_MONTHS:
        raise DomainError("minutes-error-months")
    level = LEVELS[callback_data.id]
    year = ctx.services.year
    plan = await year.plan(ctx.member, callback_data.y)
    months = next(p.months for p in plan.levels if p.level is level)
    chosen = toggled_in_order(YEAR_MONTHS, months, callback_data.p)
    await year.set_level(ctx.member, callback_data.y, level, chosen)
    await replace(callback, *await _plan_screen(callback_data.y, ctx))


async def on_set_up(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    done = await ctx.services.year.set_up(ctx.member, callback_data.y)
    text, keyboard = await _plan_screen(callback_data.y, ctx)
    summary = ctx.i18n(
        "minutes-plan-set-up",
        created=done.created,
        added=done.added,
        dropped=done.dropped,
        past=done.past,
    )
    await replace(callback, summary + "\n\n" + text, keyboard)


async def on_heads(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    count = await ctx.services.year.confirm_heads(ctx.member, callback_data.y)
    await callback.answer(
        ctx.i18n("minutes-plan-heads-confirmed", count=count, year=year_label(callback_data.y)),
        show_alert=True,
    )


# ---------------------------------------------------------------------- the template


async def _template_screen(year: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    require_methodologist(ctx.member)
    info = await ctx.services.minutes.template_info()
    i18n = ctx.i18n
    if info.name is None:
        state = i18n("minutes-template-state-default")
    else:
        at = info.at.astimezone(ctx.settings.tz).strftime("%d.%m.%Y") if info.at else ""
        state = i18n("minutes-template-state-uploaded", name=escape(info.name), at=at)
    text = i18n("minutes-template-screen", state=state, limit=TEMPLATE_LIMIT // (1024 * 1024))
    return text, kb.template(year, i18n, uploaded=info.name is not None)


async def on_template(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    text, keyboard = await _template_screen(callback_data.y, ctx)
    await ctx.state.set_state(RegistryAdmin.template)
    await ctx.state.set_data({"y": callback_data.y})
    await replace(callback, text, keyboard)


async def on_template_get(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    default = callback_data.act == kb.TEMPLATE_DEFAULT
    name, content = await ctx.services.minutes.template_file(ctx.member, default=default)
    await callback.answer()
    await ctx.bot.send_document(callback.from_user.id, BufferedInputFile(content, filename=name))


async def on_template_reset(callback: CallbackQuery, callback_data: MnrCb, ctx: Ctx) -> None:
    await ctx.services.minutes.reset_template(ctx.member)
    text, keyboard = await _template_screen(callback_data.y, ctx)
    await replace(callback, ctx.i18n("minutes-template-reset-done") + "\n\n" + text, keyboard)


async def on_template_upload(message: Message, ctx: Ctx) -> None:
    """A new template: checked by rendering a sample protocol; on any problem all are
    listed and the template in use stays. A sample from the new one comes back."""
    require_methodologist(ctx.member)
    document = message.document
    if document is None:
        await message.answer(ctx.i18n("minutes-template-file-expected"))
        return
    name = document.file_name or "template.docx"
    if document.file_size is not None and document.file_size > TEMPLATE_LIMIT:
        raise DomainError("minutes-template-too-large", limit=TEMPLATE_LIMIT // (1024 * 1024))
    try:
        buffer = io.BytesIO()
        await ctx.bot.download(document.file_id, destination=buffer)
    except TelegramAPIError as exc:
        raise DomainError("minutes-template-download-failed") from exc
    service = ctx.services.minutes
    try:
        await service.upload_template(ctx.member, name, buffer.getvalue())
    except TemplateRejected as rejected:
        await message.answer(rejected.render(ctx.i18n)[:4000])
        return
    await ctx.state.clear()
    await message.answer(ctx.i18n("minutes-template-replaced", name=escape(name)))
    await ctx.bot.send_document(
        message.chat.id,
        BufferedInputFile(await service.sample(), filename="sample-protocol.docx"),
        caption=ctx.i18n("minutes-template-sample-caption"),
    )


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    """For registered members (the parent router's filter); who may see what is the
    registry service's answer."""
    router = install(Router(name="minutes_registry"))
    router.message.register(on_registry, Command("minutes_registry"))
    router.message.register(on_template_upload, RegistryAdmin.template)
    cb = router.callback_query
    for act, handler in (
        (kb.HOME, on_home),
        (kb.MEETING, on_meeting),
        (kb.PLACES, on_places),
        (kb.PLACE, on_place),
        (kb.ASSOCIATION, on_association),
        (kb.OWN_MONTH, on_own_month),
        (kb.OWN_RESET, on_own_reset),
        (kb.MINUTES, on_minutes),
        (kb.DOCX, on_docx),
        (kb.FILES, on_files),
        (kb.XLSX, on_xlsx),
        (kb.CHART, on_chart),
        (kb.ZIP, on_zip),
        (kb.PLAN, on_plan),
        (kb.LEVEL_MONTH, on_level_month),
        (kb.SET_UP, on_set_up),
        (kb.HEADS, on_heads),
        (kb.TEMPLATE, on_template),
        (kb.TEMPLATE_GET, on_template_get),
        (kb.TEMPLATE_DEFAULT, on_template_get),
        (kb.TEMPLATE_RESET, on_template_reset),
    ):
        cb.register(handler, MnrCb.filter(F.act == act))
    return router
