"""Buttons of the /newdeadline wizard.

Every button carries ``w``, the wizard it belongs to (the id of the /newdeadline message), so a
button of an earlier wizard is recognised as stale. The audience is chosen in the shared
audience sub-dialog (bot.keyboards.audience), which leads back here by AUDIENCE_NEXT. The
button under «Срок создан» opens the staff's status card by its raw data
(``bot.keyboards.deadlines.STATUS``), the same string the pushed messages carry.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext, enum_key
from bot.keyboards.callback import Callback
from bot.keyboards.deadlines import STATUS
from bot.keyboards.picker import button, marked, markup, short
from bot.keyboards.wizard import CANCEL, EDIT
from bot.storage.models import DeadlineUnit, Deliverable, Recurrence

KIND = "K"  # what is handed in := KIND_CHOICES[v]
UNIT = "U"  # from whom := UNIT_CHOICES[v]
HEAD_ASSOC = "H"  # a head ticks its association v
HEAD_DONE = "HD"
AUDIENCE_NEXT = "N"  # the audience is chosen: on to the next step
RECURRENCE = "R"  # recurrence := RECURRENCE_CHOICES[v]
MONTH = "M"  # tick month v (1–12)
MONTHS_DONE = "MD"
KEEP = "RK"  # the reminder schedule as shown
CHANGE_DAYS = "RD"  # type the days
CHANGE_TIME = "RT"  # type the time
SKIP = "S"  # skip the optional step STEP_CODES[v]
CREATE = "C"

# A survey's answers are handed in by answering it (/survey_new), not set by hand.
KIND_CHOICES: tuple[Deliverable, ...] = tuple(k for k in Deliverable if k is not Deliverable.SURVEY)
UNIT_CHOICES: tuple[DeadlineUnit, ...] = (
    DeadlineUnit.ORGANISATION,
    DeadlineUnit.ASSOCIATION,
    DeadlineUnit.PERSON,
)
RECURRENCE_CHOICES: tuple[Recurrence, ...] = tuple(Recurrence)
# The months in the order of the school year.
MONTH_ORDER: tuple[int, ...] = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)
# The optional steps a «Пропустить» button may skip, by code.
STEP_CODES: tuple[str, ...] = ("description", "attachment")
# The fields «Изменить» offers, in the order of the wizard.
EDIT_FIELDS: tuple[str, ...] = (
    "title",
    "kind",
    "unit",
    "due",
    "audience",
    "associations",
    "recurrence",
    "reminders",
    "description",
    "attachment",
)


class NdlCb(Callback, prefix="ndl"):
    act: str
    w: int = 0
    v: int = 0


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cancel(w: int, i18n: Gettext) -> InlineKeyboardButton:
    return button(i18n("newdeadline-button-cancel"), NdlCb(act=CANCEL, w=w))


def _pairs(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def kinds(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    buttons = [
        button(upper_first(i18n(enum_key("deliverable", kind))), NdlCb(act=KIND, w=w, v=i))
        for i, kind in enumerate(KIND_CHOICES)
    ]
    return markup([*_pairs(buttons), [_cancel(w, i18n)]])


def units(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [
        [button(i18n(enum_key("newdeadline-unit", unit)), NdlCb(act=UNIT, w=w, v=i))]
        for i, unit in enumerate(UNIT_CHOICES)
    ]
    return markup([*rows, [_cancel(w, i18n)]])


def head_associations(
    w: int, items: Sequence[tuple[int, str]], chosen: Collection[int], i18n: Gettext
) -> InlineKeyboardMarkup:
    rows = [
        [button(marked(name, item_id in chosen), NdlCb(act=HEAD_ASSOC, w=w, v=item_id))]
        for item_id, name in items
    ]
    rows.append([button(i18n("newdeadline-button-done"), NdlCb(act=HEAD_DONE, w=w))])
    return markup([*rows, [_cancel(w, i18n)]])


def audience_exits(w: int, i18n: Gettext) -> tuple[InlineKeyboardButton, InlineKeyboardButton]:
    """The ways out of the audience sub-dialog: the next step, and cancel."""
    return button(i18n("newdeadline-button-next"), NdlCb(act=AUDIENCE_NEXT, w=w)), _cancel(w, i18n)


def recurrences(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [
        [button(i18n(enum_key("newdeadline-recurrence", r)), NdlCb(act=RECURRENCE, w=w, v=i))]
        for i, r in enumerate(RECURRENCE_CHOICES)
    ]
    return markup([*rows, [_cancel(w, i18n)]])


def months(w: int, chosen: Collection[int], i18n: Gettext) -> InlineKeyboardMarkup:
    buttons = [
        button(marked(i18n(f"newdeadline-month-{m}"), m in chosen), NdlCb(act=MONTH, w=w, v=m))
        for m in MONTH_ORDER
    ]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([button(i18n("newdeadline-button-done"), NdlCb(act=MONTHS_DONE, w=w))])
    return markup([*rows, [_cancel(w, i18n)]])


def reminders(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("newdeadline-button-keep"), NdlCb(act=KEEP, w=w))],
            [
                button(i18n("newdeadline-button-change-days"), NdlCb(act=CHANGE_DAYS, w=w)),
                button(i18n("newdeadline-button-change-time"), NdlCb(act=CHANGE_TIME, w=w)),
            ],
            [_cancel(w, i18n)],
        ]
    )


def skip(w: int, step: str, i18n: Gettext) -> InlineKeyboardMarkup:
    code = STEP_CODES.index(step)
    return markup(
        [
            [button(i18n("newdeadline-button-skip"), NdlCb(act=SKIP, w=w, v=code))],
            [_cancel(w, i18n)],
        ]
    )


def preview(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("newdeadline-button-create"), NdlCb(act=CREATE, w=w))],
            [button(i18n("newdeadline-button-edit"), NdlCb(act=EDIT, w=w))],
            [_cancel(w, i18n)],
        ]
    )


def created(deadline_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    """Under «Срок создан»: the deadline's status card."""
    status = InlineKeyboardButton(
        text=short(i18n("newdeadline-button-status")), callback_data=f"{STATUS}:{deadline_id}"
    )
    return markup([[status]])
