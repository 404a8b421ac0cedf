"""Buttons of /audit: the list of entries with its filters (kind, person), pickers, export.

Every button carries the filters itself (kind code, person id), so paging and "back" need
no stored state and an old message keeps working as it was shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.services.audit import AuditFilters, AuditPage, PersonChoice

BUTTON_TEXT_LIMIT = 60
KindCode = Literal["a", "p", "i", "r", "g", "e", "b", "o"]  # "a": every kind
KIND_CODES: dict[str, KindCode] = {
    "people": "p",
    "invites": "i",
    "registry": "r",
    "groups": "g",
    "events": "e",
    "broadcasts": "b",
    "other": "o",
}
KINDS_BY_CODE: dict[str, str] = {code: kind for kind, code in KIND_CODES.items()}


class AuditCb(Callback, prefix="au"):
    """``a``: l — the list (``p``: its page), k — pick a kind, m — pick a person (``p``: the
    picker's page), x — export. ``k`` and ``m`` are the filters (``m`` 0: anyone)."""

    a: Literal["l", "k", "m", "x"]
    k: KindCode = "a"
    m: int = 0
    p: int = 0


def filters_of(data: AuditCb) -> AuditFilters:
    return AuditFilters(kind=KINDS_BY_CODE.get(data.k), person_id=data.m or None)


def _code(filters: AuditFilters) -> KindCode:
    return KIND_CODES.get(filters.kind or "", "a")


def _clip(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"


def _button(text: str, data: AuditCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_clip(text), callback_data=data.pack())


def _markup(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(row) for row in rows if row])


def kind_label(kind: str, i18n: Gettext) -> str:
    return i18n(f"audit-kind-{kind}")


def list_keyboard(page: AuditPage, i18n: Gettext) -> InlineKeyboardMarkup:
    filters = page.filters
    k, m = _code(filters), filters.person_id or 0
    rows: list[list[InlineKeyboardButton]] = [
        nav_row(page.page, page.pages, lambda n: AuditCb(a="l", k=k, m=m, p=n), i18n)
    ]
    kind_text = (
        i18n("audit-filter-kind", kind=kind_label(filters.kind, i18n))
        if filters.kind
        else i18n("audit-filter-kind-any")
    )
    person_text = (
        i18n("audit-filter-person", name=page.person_name or i18n("audit-nameless"))
        if filters.person_id
        else i18n("audit-filter-person-any")
    )
    rows.append([_button(kind_text, AuditCb(a="k", k=k, m=m))])
    rows.append([_button(person_text, AuditCb(a="m", k=k, m=m))])
    last: list[InlineKeyboardButton] = []
    if filters != AuditFilters():
        last.append(_button(i18n("audit-button-clear"), AuditCb(a="l")))
    if page.total:
        last.append(_button(i18n("audit-button-export"), AuditCb(a="x", k=k, m=m)))
    rows.append(last)
    return _markup(rows)


def kind_keyboard(
    kinds: Sequence[str], filters: AuditFilters, i18n: Gettext
) -> InlineKeyboardMarkup:
    m = filters.person_id or 0
    rows = [
        [_button(kind_label(kind, i18n), AuditCb(a="l", k=KIND_CODES[kind], m=m))]
        for kind in kinds
        if kind in KIND_CODES
    ]
    rows.append([_button(i18n("audit-choose-any-kind"), AuditCb(a="l", k="a", m=m))])
    rows.append([_button(i18n("button-back"), AuditCb(a="l", k=_code(filters), m=m))])
    return _markup(rows)


def person_keyboard(
    people: Sequence[PersonChoice], filters: AuditFilters, picker_page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    k, m = _code(filters), filters.person_id or 0
    shown, page, pages = page_of(people, picker_page)
    rows = [
        [
            _button(
                person.name or i18n("audit-nameless-numbered", id=person.id),
                AuditCb(a="l", k=k, m=person.id),
            )
        ]
        for person in shown
    ]
    rows.append(nav_row(page, pages, lambda n: AuditCb(a="m", k=k, m=m, p=n), i18n))
    rows.append([_button(i18n("audit-choose-any-person"), AuditCb(a="l", k=k, m=0))])
    rows.append([_button(i18n("button-back"), AuditCb(a="l", k=k, m=m))])
    return _markup(rows)
