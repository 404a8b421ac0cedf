"""/broadcasts: the recent broadcasts and their reports; the buttons of a report (who was
missed, which organisations were informed)."""

from __future__ import annotations

import re
from html import escape, unescape

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import stale
from bot.i18n import Gettext
from bot.keyboards import broadcasts as kb
from bot.keyboards.actions import MISSED_PREFIX, ORGS_PREFIX
from bot.keyboards.broadcasts import AnCb
from bot.services.broadcast_report import render_report
from bot.services.broadcasts import Figures, Informed, Missed
from bot.storage.models import DeliveryStatus
from bot.telegram_transport import markup

MESSAGE_LIMIT = 4000  # a little under Telegram's 4096, for long lists
PREVIEW_WORDS = 8
_TAG = re.compile(r"<[^>]*>|<[^>]*$")


def _first_words(preview: str, i18n: Gettext) -> str:
    """The beginning of an announcement as plain words (its stored text is HTML, maybe cut)."""
    words = unescape(_TAG.sub("", preview)).split()
    if not words:
        return i18n("broadcasts-no-text")
    shown = " ".join(words[:PREVIEW_WORDS])
    return shown + "…" if len(words) > PREVIEW_WORDS or len(preview) >= 80 else shown


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into messages that fit."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > MESSAGE_LIMIT:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _reason(row: Missed, i18n: Gettext) -> str:
    if row.status == DeliveryStatus.FAILED:
        return i18n("broadcast-reason-failed")
    if row.name is None and row.chat_title is not None:
        return i18n("broadcast-reason-removed")
    return i18n("broadcast-reason-blocked")


def _missed_line(row: Missed, i18n: Gettext) -> str:
    reason = _reason(row, i18n)
    if row.name is None and row.chat_title is not None:
        return i18n("broadcast-missed-group", title=escape(row.chat_title), reason=reason)
    organisation = row.organisation or i18n("broadcast-missed-no-organisation")
    return i18n(
        "broadcast-missed-person",
        name=escape(row.name or ""),
        organisation=escape(organisation),
        reason=reason,
    )


def _informed_lines(rows: list[Informed], i18n: Gettext) -> list[str]:
    if not rows:
        return [i18n("broadcast-orgs-none")]
    informed = sum(1 for row in rows if row.informed)
    lines = [i18n("broadcast-orgs-title")]
    for row in rows:
        name = escape(row.organisation)
        if row.informed:
            lines.append(i18n("broadcast-orgs-yes", name=name))
        else:
            lines.append(i18n("broadcast-orgs-no", name=name))
    lines.append(i18n("broadcast-orgs-total", informed=informed, total=len(rows)))
    return lines


def _when(figures: Figures, settings: Settings) -> str:
    return figures.created_at.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M")


# ---------------------------------------------------------------------- reports


def _broadcast_id(data: str | None, prefix: str) -> int | None:
    raw = (data or "").removeprefix(f"{prefix}:")
    return int(raw) if raw.isdigit() else None


async def on_missed(callback: CallbackQuery, ctx: Ctx) -> None:
    services, member, i18n, bot = ctx.services, ctx.member, ctx.i18n, ctx.bot
    broadcast_id = _broadcast_id(callback.data, MISSED_PREFIX)
    if broadcast_id is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    rows = await services.broadcasts.missed(member, broadcast_id)
    await callback.answer()
    if not rows:
        await bot.send_message(callback.from_user.id, i18n("broadcast-missed-none"))
        return
    lines = [i18n("broadcast-missed-title", count=len(rows))]
    lines += [_missed_line(row, i18n) for row in rows]
    for chunk in _chunks(lines):
        await bot.send_message(callback.from_user.id, chunk)


async def on_organisations_report(callback: CallbackQuery, ctx: Ctx) -> None:
    services, member, i18n, bot = ctx.services, ctx.member, ctx.i18n, ctx.bot
    broadcast_id = _broadcast_id(callback.data, ORGS_PREFIX)
    if broadcast_id is None:
        await callback.answer(i18n("error-stale-button"), show_alert=True)
        return
    rows = await services.broadcasts.organisations(member, broadcast_id)
    await callback.answer()
    for chunk in _chunks(_informed_lines(rows, i18n)):
        await bot.send_message(callback.from_user.id, chunk)


async def on_broadcasts(message: Message, ctx: Ctx) -> None:
    services, member, i18n, settings = ctx.services, ctx.member, ctx.i18n, ctx.settings
    recent = await services.broadcasts.recent(member)
    if not recent:
        await message.answer(i18n("broadcasts-empty"))
        return
    lines = [i18n("broadcasts-title")]
    buttons: list[tuple[int, str]] = []
    for figures in recent:
        when = _when(figures, settings)
        words = _first_words(figures.preview, i18n)
        lines.append(
            i18n(
                "broadcasts-item",
                date=when,
                preview=escape(words),
                delivered=figures.delivered,
                total=figures.total,
                missed=figures.failed + figures.unreachable,
                pending=figures.pending,
            )
        )
        buttons.append((figures.broadcast_id, i18n("broadcasts-button", date=when, preview=words)))
    await message.answer("\n\n".join(lines), reply_markup=kb.recent_keyboard(buttons))


async def on_report(callback: CallbackQuery, callback_data: AnCb, ctx: Ctx) -> None:
    figures = await ctx.services.broadcasts.report(ctx.member, callback_data.v)
    await callback.answer()
    text, buttons = render_report(figures, ctx.translator, ctx.i18n.locale)
    await ctx.bot.send_message(callback.from_user.id, text, reply_markup=markup(buttons))


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n)


# ---------------------------------------------------------------------- router


def create_router() -> Router:
    """The reports, then any other button of /announce's: stale (the wizard's router goes
    before this one)."""
    router = install(Router(name="broadcast-reports"))
    router.message.register(on_broadcasts, Command("broadcasts"))
    router.callback_query.register(on_missed, F.data.startswith(f"{MISSED_PREFIX}:"))
    router.callback_query.register(on_organisations_report, F.data.startswith(f"{ORGS_PREFIX}:"))
    router.callback_query.register(on_report, AnCb.filter(F.act == kb.REPORT))
    router.callback_query.register(on_unknown_button, F.data.startswith(f"{AnCb.__prefix__}:"))
    return router
