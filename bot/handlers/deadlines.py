"""/deadlines: what a person owes and hands in; what the staff follow.

A person sees their open deadlines (their own and those of the units they act for), opens
one (also by the «📤 Сдать» button of an announcement or a reminder, ``dls:<id>``) and hands
in for a unit in a short dialog kept in the dialog state: files and a comment, then
«Отправить». The staff (a methodologist; a coordinator for its school; the author) see the
deadlines they follow with coverage and a status card (``dlc:<id>``) with what was handed in,
returning for rework, a nudge to the late, the status table and the files as one archive.

Every handler asks the deadline services whether the presser may; ids in buttons are only
what the presser asks for.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers import minutes, survey
from bot.handlers.ui.context import Ctx, install
from bot.handlers.ui.screen import replace, stale
from bot.i18n import Gettext
from bot.keyboards import deadlines as kb
from bot.keyboards.callback import INT64_MAX
from bot.keyboards.deadlines import DlmCb, DlpCb
from bot.keyboards.paging import page_of
from bot.services.deadline_reports import ZIP_LIMIT_MB, StatusCard, SubmissionView
from bot.services.deadlines import Begun, DeadlineInfo, Owed, UploadedFile
from bot.services.errors import DomainError, NotAllowed
from bot.services.people import MemberInfo
from bot.storage.models import DeadlineStatus, DeadlineUnit, Deliverable, Role, UnitStatus

STAFF = (Role.METHODOLOGIST, Role.COORDINATOR)
MB = 1024 * 1024


class Handing(StatesGroup):
    files = State()  # files and a comment arrive until «Отправить»


class Following(StatesGroup):
    comment = State()  # why a submission goes back for rework
    nudge = State()  # «Напомнить N людям?» asked, not yet answered


def _member(ctx: Ctx) -> MemberInfo:
    """The registered member pressing (the parent router's filter lets no one else in)."""
    assert ctx.member is not None
    return ctx.member


def _raw_id(data: str | None) -> int | None:
    _, _, raw = (data or "").partition(":")
    if not raw.isdigit() or len(raw) > 19 or int(raw) > INT64_MAX:
        return None
    return int(raw)


def _size(size: int | None) -> str:
    if size is None:
        return "?"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _time(moment: datetime, ctx: Ctx) -> str:
    return moment.astimezone(ctx.settings.tz).strftime("%d.%m.%Y %H:%M")


# ---------------------------------------------------------------------- a person's list


def _when(owed: Owed, i18n: Gettext, ctx: Ctx) -> str:
    if owed.days_left > 0:
        return i18n("deadline-ui-left", days=owed.days_left)
    if owed.days_left == 0:
        due = owed.deadline.due_at.astimezone(ctx.settings.tz).strftime("%H:%M")
        return i18n("deadline-ui-today", time=due)
    return i18n("deadline-ui-overdue", days=-owed.days_left)


def _mark(owed: Owed, now: datetime) -> str:
    if owed.status is UnitStatus.SUBMITTED:
        return "✅"
    if now > owed.deadline.due_at:
        return "🔴"
    return "↩️" if owed.status is UnitStatus.RETURNED else "⏳"


def _status_line(owed: Owed, ctx: Ctx) -> str:
    i18n = ctx.i18n
    if owed.status is UnitStatus.SUBMITTED and owed.submitted_at is not None:
        return i18n("deadline-ui-status-submitted", at=_time(owed.submitted_at, ctx))
    if owed.status is UnitStatus.RETURNED:
        return i18n("deadline-ui-status-returned", comment=escape(owed.return_comment or ""))
    return i18n("deadline-ui-status-open")


def _mine_screen(
    owed: list[Owed], page: int, ctx: Ctx, *, follows: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    i18n, now = ctx.i18n, ctx.clock.now()
    if not owed:
        keyboard = kb.mine_list([], 0, i18n, follows=follows) if follows else None
        return i18n("deadline-ui-mine-empty"), keyboard
    firsts: dict[int, Owed] = {}
    for item in owed:
        firsts.setdefault(item.deadline.id, item)
    items = [
        (d, f"{_mark(o, now)} {o.deadline.title} — {_when(o, i18n, ctx)}")
        for d, o in firsts.items()
    ]
    shown_ids = {d for d, _ in page_of(items, page)[0]}
    lines = [i18n("deadline-ui-mine-title", count=len(firsts))]
    for item in owed:
        if item.deadline.id not in shown_ids:
            continue
        parts = [
            i18n(
                "deadline-ui-item",
                mark=_mark(item, now),
                title=escape(item.deadline.title),
                when=_when(item, i18n, ctx),
            )
        ]
        if item.deadline.unit is not DeadlineUnit.PERSON:
            parts.append(i18n("deadline-ui-item-unit", unit=escape(item.unit_name)))
        parts.append(_status_line(item, ctx))
        lines.append("\n".join(parts))
    lines.append(i18n("deadline-ui-mine-hint"))
    return "\n\n".join(lines), kb.mine_list(items, page, i18n, follows=follows)


async def _mine(page: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup | None]:
    member = _member(ctx)
    owed = await ctx.services.deadlines.owed(member)
    follows = member.role in STAFF or bool(await ctx.services.deadline_reports.follows(member))
    return _mine_screen(owed, page, ctx, follows=follows)


async def on_deadlines(message: Message, ctx: Ctx) -> None:
    if _member(ctx).role in STAFF:
        text, keyboard = await _staff_screen(0, ctx)
        await message.answer(text, reply_markup=keyboard)
        return
    text, keyboard = await _mine(0, ctx)
    await message.answer(text, reply_markup=keyboard)


async def on_mine(callback: CallbackQuery, callback_data: DlpCb, ctx: Ctx) -> None:
    await replace(callback, *await _mine(callback_data.p, ctx))


# ---------------------------------------------------------------------- a person's card


def _card_screen(owed: list[Owed], ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    info = owed[0].deadline
    lines = [ctx.services.deadlines.render(info, i18n.locale), ""]
    buttons: list[tuple[int, str]] = []
    now = ctx.clock.now()
    for item in owed:
        mark, status = _mark(item, now), _status_line(item, ctx)
        if info.unit is DeadlineUnit.PERSON:
            lines.append(i18n("deadline-ui-card-own", mark=mark, when=_when(item, i18n, ctx)))
        else:
            lines.append(
                i18n(
                    "deadline-ui-card-unit",
                    mark=mark,
                    unit=escape(item.unit_name),
                    when=_when(item, i18n, ctx),
                )
            )
        lines.append(status)
        if item.status is UnitStatus.SUBMITTED:
            if now > info.due_at:
                continue
            label = i18n("deadline-ui-button-replace")
        else:
            label = i18n("deadline-ui-button-submit")
        if len(owed) > 1:
            label = f"{label}: {item.unit_name}"
        buttons.append((item.unit_id, label))
    return "\n".join(lines), kb.person_card(info.id, buttons, i18n)


async def on_person_card(callback: CallbackQuery, ctx: Ctx) -> None:
    deadline_id = _raw_id(callback.data)
    if deadline_id is None:
        await stale(callback, ctx.i18n)
        return
    # Pressed under an announcement or a reminder: it stays, the card comes below.
    owed = await ctx.services.deadlines.owed_in(_member(ctx), deadline_id)
    text, keyboard = _card_screen(owed, ctx)
    await callback.answer()
    await ctx.bot.send_message(callback.from_user.id, text, reply_markup=keyboard)


async def on_person_show(callback: CallbackQuery, callback_data: DlpCb, ctx: Ctx) -> None:
    owed = await ctx.services.deadlines.owed_in(_member(ctx), callback_data.id)
    await replace(callback, *_card_screen(owed, ctx))


# ---------------------------------------------------------------------- handing in


def _dialog(data: dict[str, Any]) -> tuple[int, int, int] | None:
    try:
        return int(data["d"]), int(data["u"]), int(data["v"])
    except (KeyError, TypeError, ValueError):
        return None


async def _open_dialog(ctx: Ctx, callback_data: DlpCb) -> dict[str, Any] | None:
    """The dialog state, when it is the handing-in that the button belongs to."""
    if await ctx.state.get_state() != Handing.files.state:
        return None
    data = await ctx.state.get_data()
    if _dialog(data) != (callback_data.id, callback_data.u, callback_data.v):
        return None
    return data


def _handing_text(begun: Begun, ctx: Ctx) -> str:
    owed = begun.owed
    key = "deadline-ui-hand-replace" if begun.versions else "deadline-ui-hand-ask"
    return ctx.i18n(
        key,
        title=escape(owed.deadline.title),
        unit=escape(owed.unit_name),
        limit=ctx.settings.submission_max_mb,
    )


async def on_hand(callback: CallbackQuery, callback_data: DlpCb, ctx: Ctx) -> None:
    owed = await ctx.services.deadlines.owed_in(_member(ctx), callback_data.id)
    if owed[0].deadline.kind is Deliverable.SURVEY:
        # A survey is handed in by answering it, not with files.
        await survey.open_survey(callback, ctx, callback_data.id)
        return
    info = owed[0].deadline
    if info.kind is Deliverable.MINUTES and info.unit is DeadlineUnit.ASSOCIATION:
        # An association's minutes are handed in through the minutes wizard, which
        # completes this deadline; minutes handed in are corrected in /minutes.
        unit = next((o for o in owed if o.unit_id == callback_data.u), None)
        if unit is None:
            raise NotAllowed("deadline-error-not-yours")
        if unit.status is UnitStatus.SUBMITTED:
            raise DomainError("minutes-error-meeting-handed")
        handed_back = (
            await ctx.services.minutes.handed_back(callback_data.id, unit.unit_id)
            if unit.status is UnitStatus.RETURNED
            else None
        )
        if handed_back is not None:
            await minutes.open_correction(callback, ctx, handed_back)
        else:
            await minutes.open_from_deadline(callback, ctx, callback_data.id, callback_data.u)
        return
    begun = await ctx.services.deadlines.begin(_member(ctx), callback_data.id, callback_data.u)
    await ctx.state.set_state(Handing.files)
    await ctx.state.set_data(
        {"d": callback_data.id, "u": callback_data.u, "v": begun.versions, "files": []}
    )
    keyboard = kb.handing(callback_data.id, callback_data.u, begun.versions, ctx.i18n)
    await ctx.bot.send_message(
        callback.from_user.id, _handing_text(begun, ctx), reply_markup=keyboard
    )
    await callback.answer()


def _uploaded(message: Message) -> UploadedFile | None:
    if message.document is not None:
        doc = message.document
        return UploadedFile(doc.file_id, "document", doc.file_name or "file", doc.file_size)
    if message.photo:
        photo = message.photo[-1]
        return UploadedFile(
            photo.file_id, "photo", f"photo_{photo.file_unique_id}.jpg", photo.file_size
        )
    return None


async def _handing_keyboard(ctx: Ctx, data: dict[str, Any]) -> InlineKeyboardMarkup | None:
    dialog = _dialog(data)
    if dialog is None:
        return None
    deadline_id, unit_id, versions = dialog
    return kb.handing(deadline_id, unit_id, versions, ctx.i18n)


async def on_hand_file(message: Message, ctx: Ctx) -> None:
    file = _uploaded(message)
    assert file is not None
    service = ctx.services.deadlines
    service.check_file(file)
    data = await ctx.state.get_data()
    files = list(data.get("files") or [])
    if len(files) >= service.files.max_files:
        raise DomainError("deadline-error-too-many-files", limit=service.files.max_files)
    comment = service.check_comment(message.caption) if message.caption else None
    files.append([file.ref, file.kind, file.name, file.size])
    data["files"] = files
    if comment:
        data["comment"] = comment
    await ctx.state.set_data(data)
    text = ctx.i18n(
        "deadline-ui-hand-file", name=escape(file.name), size=_size(file.size), count=len(files)
    )
    if comment:
        text += "\n" + ctx.i18n("deadline-ui-hand-comment-kept")
    await message.answer(text, reply_markup=await _handing_keyboard(ctx, data))


async def on_hand_text(message: Message, ctx: Ctx) -> None:
    comment = ctx.services.deadlines.check_comment(message.text)
    data = await ctx.state.get_data()
    data["comment"] = comment
    await ctx.state.set_data(data)
    await message.answer(
        ctx.i18n("deadline-ui-hand-comment"), reply_markup=await _handing_keyboard(ctx, data)
    )


async def on_hand_other(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    await message.answer(
        ctx.i18n("deadline-ui-hand-what"), reply_markup=await _handing_keyboard(ctx, data)
    )


async def on_send(callback: CallbackQuery, callback_data: DlpCb, ctx: Ctx) -> None:
    member = _member(ctx)
    data = await _open_dialog(ctx, callback_data)
    if data is None:
        # Not the open dialog: a second press after the first went, or a dialog left.
        await ctx.services.deadlines.begin(
            member, callback_data.id, callback_data.u, expected_versions=callback_data.v
        )
        await stale(callback, ctx.i18n, "deadline-ui-hand-over")
        return
    files = [UploadedFile(*f) for f in data.get("files") or []]
    comment = data.get("comment")
    if not files and not comment:
        await callback.answer(ctx.i18n("deadline-ui-hand-empty"), show_alert=True)
        return
    handed = await ctx.services.deadlines.submit(
        member,
        callback_data.id,
        callback_data.u,
        comment=comment,
        files=files,
        expected_versions=callback_data.v,
    )
    await ctx.state.clear()
    text = ctx.i18n(
        "deadline-ui-handed",
        title=escape(handed.deadline.title),
        unit=escape(handed.unit_name),
        version=handed.version,
        files=handed.files,
    )
    if handed.late:
        text += "\n" + ctx.i18n("deadline-ui-handed-late")
    await callback.answer()
    await ctx.bot.send_message(
        callback.from_user.id, text, reply_markup=kb.after_handing(handed.deadline.id, ctx.i18n)
    )


async def on_drop(callback: CallbackQuery, callback_data: DlpCb, ctx: Ctx) -> None:
    if await _open_dialog(ctx, callback_data) is None:
        await stale(callback, ctx.i18n, "deadline-ui-hand-over")
        return
    await ctx.state.clear()
    await replace(callback, ctx.i18n("deadline-ui-hand-dropped"))


# ---------------------------------------------------------------------- the staff's list


async def _staff_screen(page: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    i18n = ctx.i18n
    rows = await ctx.services.deadline_reports.follows(_member(ctx))
    items = [
        (
            r.deadline.id,
            i18n(
                "deadline-ui-staff-button",
                title=r.deadline.title,
                submitted=r.submitted,
                total=r.total,
            ),
        )
        for r in rows
    ]
    if not rows:
        return i18n("deadline-ui-staff-empty"), kb.staff_list([], 0, i18n)
    shown, page, _ = page_of(rows, page)
    lines = [i18n("deadline-ui-staff-title", count=len(rows))]
    now = ctx.clock.now()
    for row in shown:
        lines.append(
            i18n(
                "deadline-ui-staff-item",
                mark="🔴" if now > row.deadline.due_at and row.submitted < row.total else "📌",
                title=escape(row.deadline.title),
                due=ctx.services.deadlines.format_due(row.deadline.due_at),
                submitted=row.submitted,
                total=row.total,
                percent=row.percent,
            )
        )
    lines.append(i18n("deadline-ui-staff-hint"))
    return "\n\n".join(lines), kb.staff_list(items, page, i18n)


async def on_staff_list(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    await replace(callback, *await _staff_screen(callback_data.p, ctx))


# ---------------------------------------------------------------------- the status card


def _status_text(card: StatusCard, ctx: Ctx) -> str:
    i18n = ctx.i18n
    info = card.deadline
    lines = [ctx.services.deadlines.render(info, i18n.locale), ""]
    if info.status is DeadlineStatus.CANCELLED:
        lines.append(i18n("deadline-ui-card-cancelled"))
    lines.append(
        i18n(
            "deadline-ui-coverage",
            submitted=card.submitted,
            total=card.total,
            percent=card.percent,
        )
    )
    if card.late:
        lines.append(i18n("deadline-ui-late", count=card.late))
    if card.not_yet:
        lines.append(i18n("deadline-ui-not-yet", count=card.not_yet))
    if card.returned:
        lines.append(i18n("deadline-ui-returned", count=card.returned))
    if card.missing:
        lines.append("")
        lines.append(i18n("deadline-ui-missing-title"))
        for group in card.missing:
            names = ", ".join(escape(n) for n in group.names)
            if group.organisation:
                lines.append(
                    i18n(
                        "deadline-ui-missing-org",
                        organisation=escape(group.organisation),
                        names=names,
                    )
                )
            else:
                lines.append(names)
        if card.more:
            lines.append(i18n("deadline-ui-missing-more", count=card.more))
    return "\n".join(lines)


async def _status_screen(deadline_id: int, ctx: Ctx) -> tuple[str, InlineKeyboardMarkup]:
    card = await ctx.services.deadline_reports.status(_member(ctx), deadline_id)
    keyboard = kb.status_card(
        deadline_id,
        ctx.i18n,
        open_=card.deadline.status is DeadlineStatus.OPEN,
        handed=card.submitted,
        owed=card.owed if ctx.services.deadlines.may_nudge(card.deadline) else 0,
        may_cancel=card.whole,
    )
    return _status_text(card, ctx), keyboard


async def on_status_raw(callback: CallbackQuery, ctx: Ctx) -> None:
    deadline_id = _raw_id(callback.data)
    if deadline_id is None:
        await stale(callback, ctx.i18n)
        return
    # Pressed under a pushed message: it stays, the card comes below.
    text, keyboard = await _status_screen(deadline_id, ctx)
    await callback.answer()
    await ctx.bot.send_message(callback.from_user.id, text, reply_markup=keyboard)


async def on_status(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    await replace(callback, *await _status_screen(callback_data.id, ctx))


# ---------------------------------------------------------------------- what was handed in


async def on_handed(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    i18n = ctx.i18n
    info, rows = await ctx.services.deadline_reports.handed_in(_member(ctx), callback_data.id)
    items = [
        (
            r.unit_id,
            i18n(
                "deadline-ui-handed-button",
                unit=r.name,
                organisation=r.organisation or "—",
                version=r.versions,
            ),
        )
        for r in rows
    ]
    text = i18n("deadline-ui-handed-title", title=escape(info.title), count=len(rows))
    if not rows:
        text = i18n("deadline-ui-handed-none", title=escape(info.title))
    await replace(callback, text, kb.handed_list(info.id, items, callback_data.p, i18n))


def _submission_text(view: SubmissionView, ctx: Ctx) -> str:
    i18n = ctx.i18n
    unit = view.unit
    lines = [
        i18n("deadline-ui-sub-title", title=escape(view.deadline.title)),
        i18n("deadline-ui-sub-unit", unit=escape(unit.name)),
    ]
    if unit.organisation:
        lines.append(i18n("deadline-ui-sub-organisation", organisation=escape(unit.organisation)))
    if unit.status is UnitStatus.RETURNED:
        lines.append(i18n("deadline-ui-status-returned", comment=escape(unit.return_comment or "")))
    elif unit.status is UnitStatus.OPEN:
        lines.append(i18n("deadline-ui-status-open"))
    if view.versions:
        current = view.versions[0]
        lines.append(
            i18n(
                "deadline-ui-sub-current",
                version=current.version,
                at=_time(current.at, ctx),
                files=current.files,
            )
        )
        lines.append(
            i18n("deadline-ui-sub-comment", comment=escape(current.comment))
            if current.comment
            else i18n("deadline-ui-sub-no-comment")
        )
        if len(view.versions) > 1:
            lines.append(i18n("deadline-ui-sub-versions"))
            for v in view.versions:
                lines.append(
                    i18n(
                        "deadline-ui-sub-version",
                        version=v.version,
                        at=_time(v.at, ctx),
                        files=v.files,
                    )
                )
    return "\n".join(lines)


async def on_open(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    view = await ctx.services.deadline_reports.submission(
        _member(ctx), callback_data.id, callback_data.u
    )
    returnable = (
        view.unit.status is UnitStatus.SUBMITTED and view.deadline.status is DeadlineStatus.OPEN
    )
    keyboard = kb.submission(
        callback_data.id, callback_data.u, callback_data.p, ctx.i18n, returnable=returnable
    )
    await replace(callback, _submission_text(view, ctx), keyboard)
    caption = ctx.i18n("deadline-ui-sub-file", unit=view.unit.name, version=view.unit.versions)
    for file in view.files:
        try:
            if file.kind == "photo":
                await ctx.bot.send_photo(callback.from_user.id, file.file_ref, caption=caption)
            else:
                await ctx.bot.send_document(callback.from_user.id, file.file_ref, caption=caption)
        except TelegramAPIError:
            await ctx.bot.send_message(
                callback.from_user.id,
                ctx.i18n("deadline-ui-sub-file-lost", name=escape(file.name)),
            )


async def on_return(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    view = await ctx.services.deadline_reports.submission(
        _member(ctx), callback_data.id, callback_data.u
    )
    if view.unit.status is not UnitStatus.SUBMITTED:
        raise DomainError("deadline-error-return-not-submitted")
    await ctx.state.set_state(Following.comment)
    await ctx.state.set_data({"d": callback_data.id, "u": callback_data.u})
    await ctx.bot.send_message(
        callback.from_user.id,
        ctx.i18n("deadline-ui-return-ask", unit=escape(view.unit.name)),
    )
    await callback.answer()


async def on_return_comment(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    deadline_id, unit_id = int(data["d"]), int(data["u"])
    told = await ctx.services.deadlines.return_unit(
        _member(ctx), deadline_id, unit_id, message.text or ""
    )
    await ctx.state.clear()
    await message.answer(
        ctx.i18n("deadline-ui-returned-done", count=told),
        reply_markup=kb.handed_list(deadline_id, [], 0, ctx.i18n),
    )


async def on_return_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.i18n("deadline-ui-return-text"))


# ------------------------------------------------------------ nudging, exports, cancelling


async def on_nudge(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    people = await ctx.services.deadline_reports.late_people(_member(ctx), callback_data.id)
    if not people:
        await callback.answer(ctx.i18n("deadline-ui-nudge-nobody"), show_alert=True)
        return
    await ctx.state.set_state(Following.nudge)
    await ctx.state.set_data({"d": callback_data.id})
    yes = DlmCb(act=kb.NUDGE_YES, id=callback_data.id)
    await replace(
        callback,
        ctx.i18n("deadline-ui-nudge-ask", count=people),
        kb.confirm(yes, callback_data.id, ctx.i18n),
    )


async def on_nudge_yes(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    asked = await ctx.state.get_state() == Following.nudge.state and (
        (await ctx.state.get_data()).get("d") == callback_data.id
    )
    if not asked:
        await stale(callback, ctx.i18n, "deadline-ui-nudge-done-already")
        return
    await ctx.state.clear()
    sent = await ctx.services.deadlines.nudge(_member(ctx), callback_data.id)
    text, keyboard = await _status_screen(callback_data.id, ctx)
    await replace(callback, text, keyboard)
    await ctx.bot.send_message(
        callback.from_user.id, ctx.i18n("deadline-ui-nudge-sent", count=sent)
    )


async def on_excel(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    name, content = await ctx.services.deadline_reports.status_xlsx(
        _member(ctx), callback_data.id, ctx.i18n.locale
    )
    await callback.answer()
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(content, filename=name),
        caption=ctx.i18n("deadline-ui-excel-caption"),
    )


async def on_zip(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    name, entries = await ctx.services.deadline_reports.archive(
        _member(ctx), callback_data.id, ctx.i18n.locale
    )
    await callback.answer(ctx.i18n("deadline-ui-zip-wait"))
    limit = ZIP_LIMIT_MB * MB
    buffer, total, lost = io.BytesIO(), 0, []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            try:
                downloaded = await ctx.bot.download(entry.file_ref)
            except TelegramAPIError:
                lost.append(entry.name)
                continue
            content = downloaded.read() if downloaded is not None else b""
            total += len(content)
            if total > limit:
                await ctx.bot.send_message(
                    callback.from_user.id,
                    ctx.i18n(
                        "deadline-error-zip-too-big", size=round(total / MB), limit=ZIP_LIMIT_MB
                    ),
                )
                return
            archive.writestr(f"{entry.folder}/{entry.name}", content)
    caption = ctx.i18n("deadline-ui-zip-caption", count=len(entries) - len(lost))
    if lost:
        caption += "\n" + ctx.i18n("deadline-ui-zip-lost", names=escape(", ".join(lost)))
    await ctx.bot.send_document(
        callback.from_user.id,
        BufferedInputFile(buffer.getvalue(), filename=name),
        caption=caption[:1000],
    )


async def on_cancel(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    card = await ctx.services.deadline_reports.status(_member(ctx), callback_data.id)
    if not card.whole:  # a coordinator's part of a wider deadline: not its to cancel
        raise NotAllowed("deadline-error-not-allowed")
    if card.deadline.status is DeadlineStatus.CANCELLED:
        raise DomainError("deadline-error-cancelled", title=card.deadline.title)
    yes = DlmCb(act=kb.CANCEL_YES, id=callback_data.id)
    text = ctx.i18n("deadline-ui-cancel-ask", title=escape(card.deadline.title), count=card.owed)
    await replace(callback, text, kb.confirm(yes, callback_data.id, ctx.i18n))


async def on_cancel_yes(callback: CallbackQuery, callback_data: DlmCb, ctx: Ctx) -> None:
    info: DeadlineInfo = await ctx.services.deadlines.cancel(_member(ctx), callback_data.id)
    await replace(callback, ctx.i18n("deadline-ui-cancelled", title=escape(info.title)))


async def on_unknown_button(callback: CallbackQuery, ctx: Ctx) -> None:
    await stale(callback, ctx.i18n)


# ---------------------------------------------------------------------- the router


def create_router() -> Router:
    """For registered members (the parent router's filter)."""
    router = install(Router(name="deadlines"))
    router.message.register(on_deadlines, Command("deadlines"))
    router.message.register(on_hand_file, Handing.files, F.document | F.photo)
    router.message.register(on_hand_text, Handing.files, F.text)
    router.message.register(on_hand_other, Handing.files)
    router.message.register(on_return_comment, Following.comment, F.text)
    router.message.register(on_return_not_text, Following.comment)
    cb = router.callback_query
    cb.register(on_person_card, F.data.startswith(f"{kb.SUBMIT}:"))
    cb.register(on_status_raw, F.data.startswith(f"{kb.STATUS}:"))
    for act, handler in (
        (kb.MINE, on_mine),
        (kb.SHOW, on_person_show),
        (kb.HAND, on_hand),
        (kb.SEND, on_send),
        (kb.DROP, on_drop),
    ):
        cb.register(handler, DlpCb.filter(F.act == act))
    for act, handler in (
        (kb.LIST, on_staff_list),
        (kb.CARD, on_status),
        (kb.HANDED, on_handed),
        (kb.OPEN, on_open),
        (kb.RETURN, on_return),
        (kb.NUDGE, on_nudge),
        (kb.NUDGE_YES, on_nudge_yes),
        (kb.EXCEL, on_excel),
        (kb.ZIP, on_zip),
        (kb.CANCEL, on_cancel),
        (kb.CANCEL_YES, on_cancel_yes),
    ):
        cb.register(handler, DlmCb.filter(F.act == act))
    cb.register(
        on_unknown_button,
        F.data.startswith(f"{DlpCb.__prefix__}:") | F.data.startswith(f"{DlmCb.__prefix__}:"),
    )
    return router
