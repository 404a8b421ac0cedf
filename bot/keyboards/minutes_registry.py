"""Buttons of /minutes_registry (``mnr``): the year's planned meetings, a meeting's card,
organisations and associations, a submission's card, the exports, the meeting plan and the
protocol template. ``y`` is the academic year, ``id`` what the button is about; each handler
asks the services again whether the presser may.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.keyboards.picker import button, marked, markup
from bot.services.minutes.rules import LEVELS, YEAR_MONTHS

HOME = "H"  # the year y (page p of its planned meetings)
MEETING = "M"  # a planned meeting (duty id), page p of its minutes
PLACES = "O"  # organisations of year y, page p
PLACE = "OP"  # the associations of organisation id (0: municipal ones), page p
ASSOCIATION = "A"  # association id in year y
MINUTES = "V"  # the card of minutes id
DOCX = "D"  # the protocol of minutes id
FILES = "F"  # the attachments of minutes id
XLSX = "X"  # the year's table
CHART = "C"  # the coverage chart (of duty id, 0: the year)
ZIP = "Z"  # the protocols of the year (of duty id, 0: all)
PLAN = "P"  # the meeting plan of year y
LEVEL_MONTH = "PL"  # toggle month p for level LEVELS[id]
OWN_MONTH = "PA"  # toggle month p for association id
OWN_RESET = "PR"  # association id back to its level's plan
SET_UP = "PS"  # create the year's deadlines
HEADS = "PH"  # confirm the year's heads
TEMPLATE = "T"  # the protocol template
TEMPLATE_GET = "TG"  # the template in use
TEMPLATE_DEFAULT = "TD"  # the default template
TEMPLATE_RESET = "TR"  # back to the default


class MnrCb(Callback, prefix="mnr"):
    act: str
    y: int = 0
    id: int = 0
    p: int = 0


def home(
    year: int,
    meetings: Sequence[tuple[int, str]],
    page: int,
    i18n: Gettext,
    *,
    methodologist: bool,
    previous: str,
    following: str,
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(meetings, page)
    rows = [[button(label, MnrCb(act=MEETING, y=year, id=duty))] for duty, label in shown]
    rows.append(nav_row(page, pages, lambda p: MnrCb(act=HOME, y=year, p=p), i18n))
    rows.append([button(i18n("minutes-registry-button-places"), MnrCb(act=PLACES, y=year))])
    rows.append(
        [
            button(i18n("minutes-registry-button-xlsx"), MnrCb(act=XLSX, y=year)),
            button(i18n("minutes-registry-button-chart"), MnrCb(act=CHART, y=year)),
        ]
    )
    rows.append([button(i18n("minutes-registry-button-zip"), MnrCb(act=ZIP, y=year))])
    if methodologist:
        rows.append(
            [
                button(i18n("minutes-registry-button-plan"), MnrCb(act=PLAN, y=year)),
                button(i18n("minutes-registry-button-template"), MnrCb(act=TEMPLATE, y=year)),
            ]
        )
    rows.append(
        [
            button(previous, MnrCb(act=HOME, y=year - 1)),
            button(following, MnrCb(act=HOME, y=year + 1)),
        ]
    )
    return markup(rows)


def meeting(
    year: int, duty_id: int, minutes: Sequence[tuple[int, str]], page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(minutes, page)
    rows = [[button(label, MnrCb(act=MINUTES, y=year, id=m))] for m, label in shown]
    rows.append(nav_row(page, pages, lambda p: MnrCb(act=MEETING, y=year, id=duty_id, p=p), i18n))
    rows.append(
        [
            button(i18n("minutes-registry-button-chart"), MnrCb(act=CHART, y=year, id=duty_id)),
            button(i18n("minutes-registry-button-zip"), MnrCb(act=ZIP, y=year, id=duty_id)),
        ]
    )
    rows.append([button(i18n("minutes-registry-button-back"), MnrCb(act=HOME, y=year))])
    return markup(rows)


def places(
    year: int, items: Sequence[tuple[int, str]], page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[button(label, MnrCb(act=PLACE, y=year, id=place))] for place, label in shown]
    rows.append(nav_row(page, pages, lambda p: MnrCb(act=PLACES, y=year, p=p), i18n))
    rows.append([button(i18n("minutes-registry-button-back"), MnrCb(act=HOME, y=year))])
    return markup(rows)


def place(
    year: int, place_id: int, items: Sequence[tuple[int, str]], page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[button(label, MnrCb(act=ASSOCIATION, y=year, id=a))] for a, label in shown]
    rows.append(nav_row(page, pages, lambda p: MnrCb(act=PLACE, y=year, id=place_id, p=p), i18n))
    rows.append([button(i18n("minutes-registry-button-back"), MnrCb(act=PLACES, y=year))])
    return markup(rows)


def association(
    year: int,
    association_id: int,
    minutes: Sequence[tuple[int, str]],
    i18n: Gettext,
    *,
    months: Collection[int] | None,
    own: bool,
) -> InlineKeyboardMarkup:
    """The association's minutes; for a methodologist (``months`` given) its planned
    months to tick and «как у уровня»."""
    rows = [[button(label, MnrCb(act=MINUTES, y=year, id=m))] for m, label in minutes[:40]]
    if months is not None:
        buttons = [
            button(
                marked(i18n(f"minutes-month-short-{m}"), m in months),
                MnrCb(act=OWN_MONTH, y=year, id=association_id, p=m),
            )
            for m in YEAR_MONTHS
        ]
        rows += [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
        if own:
            rows.append(
                [
                    button(
                        i18n("minutes-registry-button-own-reset"),
                        MnrCb(act=OWN_RESET, y=year, id=association_id),
                    )
                ]
            )
    rows.append([button(i18n("minutes-registry-button-back"), MnrCb(act=PLACES, y=year))])
    return markup(rows)


def card(year: int, minutes_id: int, files: int, i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [[button(i18n("minutes-button-docx"), MnrCb(act=DOCX, y=year, id=minutes_id))]]
    if files:
        rows.append(
            [
                button(
                    i18n("minutes-button-files", count=files),
                    MnrCb(act=FILES, y=year, id=minutes_id),
                )
            ]
        )
    rows.append([button(i18n("minutes-registry-button-back"), MnrCb(act=HOME, y=year))])
    return markup(rows)


def plan(
    year: int, levels: Sequence[tuple[int, Collection[int]]], i18n: Gettext
) -> InlineKeyboardMarkup:
    """Each level's months to tick (a row of labels, then the months), the year's deadlines
    and the heads' confirmation."""
    rows = []
    for index, months in levels:
        level = LEVELS[index]
        rows.append(
            [
                button(
                    i18n("minutes-registry-plan-level", level=i18n(f"minutes-level-{level.value}")),
                    MnrCb(act=PLAN, y=year),
                )
            ]
        )
        buttons = [
            button(
                marked(i18n(f"minutes-month-short-{m}"), m in months),
                MnrCb(act=LEVEL_MONTH, y=year, id=index, p=m),
            )
            for m in YEAR_MONTHS
        ]
        rows += [buttons[i : i + 6] for i in range(0, len(buttons), 6)]
    rows.append([button(i18n("minutes-registry-button-set-up"), MnrCb(act=SET_UP, y=year))])
    rows.append([button(i18n("minutes-registry-button-heads"), MnrCb(act=HEADS, y=year))])
    rows.append([button(i18n("minutes-registry-button-back"), MnrCb(act=HOME, y=year))])
    return markup(rows)


def template(year: int, i18n: Gettext, *, uploaded: bool) -> InlineKeyboardMarkup:
    rows = [
        [button(i18n("minutes-template-button-get"), MnrCb(act=TEMPLATE_GET, y=year))],
        [button(i18n("minutes-template-button-default"), MnrCb(act=TEMPLATE_DEFAULT, y=year))],
    ]
    if uploaded:
        rows.append(
            [button(i18n("minutes-template-button-reset"), MnrCb(act=TEMPLATE_RESET, y=year))]
        )
    rows.append([button(i18n("minutes-registry-button-back"), MnrCb(act=HOME, y=year))])
    return markup(rows)
