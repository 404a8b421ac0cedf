"""/audit: the audit log for methodologists — the latest entries, by kind and by person, and
an Excel export.

Every handler parses its button, calls one method of the audit service (which checks who
asks) and words what it returns. The list message is edited in place.
"""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.handlers.ui.screen import replace
from bot.i18n import Gettext, enum_key
from bot.keyboards import audit as kb
from bot.services import Services
from bot.services.audit import (
    KIND_OF,
    KIND_ORDER,
    AuditExportLabels,
    AuditFilters,
    AuditLine,
    AuditPage,
)
from bot.services.people import MemberInfo
from bot.storage.models import Role

NAME_LIMIT = 80  # characters of a name in the list: a page must stay within one message
WHEN = "%d.%m.%Y %H:%M"


def _clip(text: str) -> str:
    return text if len(text) <= NAME_LIMIT else text[: NAME_LIMIT - 1] + "…"


def describe(line: AuditLine, i18n: Gettext, *, html: bool) -> str:
    """What happened, in a sentence of the reader's language."""

    def name(value: object) -> str:
        text = str(value) if value else i18n("audit-nameless")
        return escape(_clip(text)) if html else text

    params: dict[str, object] = {
        "object": name(line.params.get("object")),
        "association": name(line.params.get("association")),
        "mentor": name(line.params.get("mentor")),
        "mentee": name(line.params.get("mentee")),
        "before": name(line.params.get("before")),
        "after": name(line.params.get("after")),
        "action": escape(line.action) if html else line.action,
    }
    for key in ("old", "new", "role"):
        role = line.params.get(key)
        params[key] = i18n(enum_key("role", role)) if isinstance(role, Role) else "—"
    for key in ("count", "organisations", "associations"):
        number = line.params.get(key)
        params[key] = number if isinstance(number, int) else 0
    if line.action not in KIND_OF:
        return i18n("audit-do-unknown", **params)
    return i18n("audit-do-" + line.action.replace(".", "-").replace("_", "-"), **params)


def _who(line: AuditLine, i18n: Gettext) -> str:
    if line.actor_id is None:
        return i18n("audit-system")
    return escape(_clip(line.actor_name or i18n("audit-nameless")))


def _page_text(page: AuditPage, i18n: Gettext) -> str:
    filters = page.filters
    parts: list[str] = []
    if filters.kind:
        parts.append(i18n("audit-part-kind", kind=kb.kind_label(filters.kind, i18n)))
    if filters.person_id:
        name = page.person_name or i18n("audit-nameless")
        parts.append(i18n("audit-part-person", name=escape(_clip(name))))
    lines = [
        i18n("audit-title"),
        i18n("audit-filters", filters="; ".join(parts)) if parts else i18n("audit-filters-none"),
        i18n("audit-found", count=page.total),
    ]
    if not page.total:
        lines.append(i18n("audit-empty"))
    blocks = ["\n".join(lines)]
    for line in page.lines:
        blocks.append(
            i18n("audit-entry-head", when=line.at.strftime(WHEN), who=_who(line, i18n))
            + "\n"
            + describe(line, i18n, html=True)
        )
    return "\n\n".join(blocks)


async def on_audit(message: Message, member: MemberInfo, services: Services, i18n: Gettext) -> None:
    page = await services.audit.latest(member, AuditFilters())
    await message.answer(_page_text(page, i18n), reply_markup=kb.list_keyboard(page, i18n))


async def on_list(
    callback: CallbackQuery,
    callback_data: kb.AuditCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    page = await services.audit.latest(member, kb.filters_of(callback_data), page=callback_data.p)
    await replace(callback, _page_text(page, i18n), kb.list_keyboard(page, i18n))


async def on_kinds(
    callback: CallbackQuery,
    callback_data: kb.AuditCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    kinds = services.audit.kinds(member)
    markup = kb.kind_keyboard(kinds, kb.filters_of(callback_data), i18n)
    await replace(callback, i18n("audit-pick-kind"), markup)


async def on_people(
    callback: CallbackQuery,
    callback_data: kb.AuditCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
) -> None:
    people = await services.audit.people(member)
    text = i18n("audit-pick-person") if people else i18n("audit-pick-nobody")
    markup = kb.person_keyboard(people, kb.filters_of(callback_data), callback_data.p, i18n)
    await replace(callback, text, markup)


async def on_export(
    callback: CallbackQuery,
    callback_data: kb.AuditCb,
    member: MemberInfo,
    services: Services,
    i18n: Gettext,
    bot: Bot,
) -> None:
    labels = AuditExportLabels(
        columns=(
            i18n("audit-col-when"),
            i18n("audit-col-who"),
            i18n("audit-col-kind"),
            i18n("audit-col-what"),
        ),
        kinds={kind: kb.kind_label(kind, i18n) for kind in KIND_ORDER},
        system=i18n("audit-system"),
        nameless=i18n("audit-nameless"),
        sheet=i18n("audit-export-sheet"),
    )
    result = await services.audit.export(
        member,
        kb.filters_of(callback_data),
        labels=labels,
        describe=lambda line: describe(line, i18n, html=False),
    )
    await bot.send_document(
        callback.from_user.id,
        BufferedInputFile(result.content, filename=result.filename),
        caption=i18n("audit-export-caption", count=result.count),
    )
    await callback.answer()


def create_router() -> Router:
    router = Router(name="audit")
    router.message.register(on_audit, Command("audit"))
    cb = router.callback_query
    cb.register(on_list, kb.AuditCb.filter(F.a == "l"))
    cb.register(on_kinds, kb.AuditCb.filter(F.a == "k"))
    cb.register(on_people, kb.AuditCb.filter(F.a == "m"))
    cb.register(on_export, kb.AuditCb.filter(F.a == "x"))
    return router
