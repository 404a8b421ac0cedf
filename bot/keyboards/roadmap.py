"""Buttons of /import_roadmap (a wizard: every button carries ``w``, the id of the message that
started it) and of /roadmap (the plan year and the page)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row
from bot.keyboards.picker import button, marked, markup
from bot.services.roadmap.importer import year_label
from bot.services.roadmap.units import Unit

YEAR = "Y"  # the plan year := v
PAGE = "P"  # the preview's page v
CREATE = "C"
ROW = "R"  # change a row's unit: the row number is typed
UNIT = "U"  # the row's unit := UNIT_CHOICES[v]
DATE = "D"  # date a row by hand: «12 25.12.2026» is typed
XLSX = "XL"  # the preview as a workbook
CANCEL = "X"

UNIT_CHOICES: tuple[Unit, ...] = (
    Unit.PERSON,
    Unit.ASSOCIATION,
    Unit.ORGANISATION,
    Unit.METHODOLOGISTS,
)


class RmiCb(Callback, prefix="rmi"):
    act: str
    w: int = 0
    v: int = 0


class RmvCb(Callback, prefix="rmv"):
    y: int
    p: int = 0


def _cancel(w: int, i18n: Gettext) -> InlineKeyboardButton:
    return button(i18n("roadmap-import-button-cancel"), RmiCb(act=CANCEL, w=w))


def ask_file(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup([[_cancel(w, i18n)]])


def years(w: int, choices: Sequence[int], current: int, i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [
        [
            button(
                i18n("roadmap-year-current", year=year_label(year))
                if year == current
                else year_label(year),
                RmiCb(act=YEAR, w=w, v=year),
            )
        ]
        for year in choices
    ]
    return markup([*rows, [_cancel(w, i18n)]])


def preview(w: int, page: int, pages: int, i18n: Gettext) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    nav = nav_row(page, pages, lambda p: RmiCb(act=PAGE, w=w, v=p), i18n)
    if nav:
        rows.append(nav)
    rows += [
        [button(i18n("roadmap-import-button-create"), RmiCb(act=CREATE, w=w))],
        [
            button(i18n("roadmap-import-button-row"), RmiCb(act=ROW, w=w)),
            button(i18n("roadmap-import-button-date"), RmiCb(act=DATE, w=w)),
        ],
        [button(i18n("roadmap-import-button-xlsx"), RmiCb(act=XLSX, w=w))],
        [_cancel(w, i18n)],
    ]
    return markup(rows)


def units(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [
        [button(i18n("roadmap-unit-choice-" + unit.value), RmiCb(act=UNIT, w=w, v=i))]
        for i, unit in enumerate(UNIT_CHOICES)
    ]
    return markup([*rows, [_cancel(w, i18n)]])


def view(
    year: int, page: int, pages: int, years_: Sequence[int], i18n: Gettext
) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []
    nav = nav_row(page, pages, lambda p: RmvCb(y=year, p=p), i18n)
    if nav:
        rows.append(nav)
    if len(years_) > 1:
        rows.append([button(marked(year_label(y), y == year), RmvCb(y=y)) for y in sorted(years_)])
    return markup(rows) if rows else None
