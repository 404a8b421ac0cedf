"""Buttons of deadlines: a person's list and card with «Сдать», the staff's status card.

Pushed announcements and reminders carry raw data ``dls:<deadline id>`` (open the person's
card for handing in) and ``dlc:<deadline id>`` (the staff's status card); a card shown in the
chat uses the same strings, so one handler answers both. Every other button is a typed
factory: ``dlp`` for the person's side, ``dlm`` for the staff's. Ids in them are only what
the presser asks for: each handler asks the service again whether they may.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.paging import PER_PAGE, nav_row, page_of
from bot.keyboards.picker import button, markup

SUBMIT = "dls"
STATUS = "dlc"

# The person's acts (DlpCb).
MINE = "L"  # page p of the person's list
SHOW = "V"  # the person's card of deadline id
HAND = "H"  # hand in for unit u of deadline id
SEND = "S"  # «Отправить»: the dialog for unit u of deadline id begun at v versions
DROP = "X"  # «Отмена» of that dialog
# The staff's acts (DlmCb).
LIST = "L"  # page p of the staff list
CARD = "V"  # the status card of deadline id
HANDED = "S"  # page p of the units that handed in
OPEN = "O"  # the submission of unit u
RETURN = "R"  # hand unit u's submission back: asks for the comment
NUDGE = "N"  # «Напомнить отстающим»: asks first
NUDGE_YES = "NY"
EXCEL = "XL"
ZIP = "Z"
CANCEL = "C"  # «Отменить срок»: asks first
CANCEL_YES = "CY"


class DlpCb(Callback, prefix="dlp"):
    act: str
    id: int = 0
    u: int = 0
    v: int = 0
    p: int = 0


class DlmCb(Callback, prefix="dlm"):
    act: str
    id: int = 0
    u: int = 0
    p: int = 0


# ---------------------------------------------------------------------- the person's side


def mine_list(
    items: Sequence[tuple[int, str]], page: int, i18n: Gettext, *, follows: bool
) -> InlineKeyboardMarkup:
    """A button per deadline (id, label) of the page, paging, and the way to the deadlines
    the person follows as staff."""
    shown, page, pages = page_of(items, page)
    rows = [
        [button(label, DlpCb(act=SHOW, id=deadline_id, p=page))] for deadline_id, label in shown
    ]
    rows.append(nav_row(page, pages, lambda n: DlpCb(act=MINE, p=n), i18n))
    if follows:
        rows.append([button(i18n("deadline-ui-button-followed"), DlmCb(act=LIST))])
    return markup(rows)


def person_card(
    deadline_id: int, units: Sequence[tuple[int, str]], i18n: Gettext
) -> InlineKeyboardMarkup:
    """«Сдать» / «Заменить сданное» per unit (unit id, label), and back to the list."""
    rows = [[button(label, DlpCb(act=HAND, id=deadline_id, u=unit_id))] for unit_id, label in units]
    rows.append([button(i18n("deadline-ui-button-mine"), DlpCb(act=MINE))])
    return markup(rows)


def handing(deadline_id: int, unit_id: int, versions: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [
                button(
                    i18n("deadline-ui-button-send"),
                    DlpCb(act=SEND, id=deadline_id, u=unit_id, v=versions),
                ),
                button(
                    i18n("deadline-ui-button-drop"),
                    DlpCb(act=DROP, id=deadline_id, u=unit_id, v=versions),
                ),
            ]
        ]
    )


def after_handing(deadline_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup([[button(i18n("deadline-ui-button-card"), DlpCb(act=SHOW, id=deadline_id))]])


# ---------------------------------------------------------------------- the staff's side


def staff_list(items: Sequence[tuple[int, str]], page: int, i18n: Gettext) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [
        [button(label, DlmCb(act=CARD, id=deadline_id, p=page))] for deadline_id, label in shown
    ]
    rows.append(nav_row(page, pages, lambda n: DlmCb(act=LIST, p=n), i18n))
    rows.append([button(i18n("deadline-ui-button-mine"), DlpCb(act=MINE))])
    return markup(rows)


def status_card(
    deadline_id: int,
    i18n: Gettext,
    *,
    open_: bool,
    handed: int,
    owed: int,
    may_cancel: bool = True,
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if handed:
        rows.append([button(i18n("deadline-ui-button-handed"), DlmCb(act=HANDED, id=deadline_id))])
    if open_ and owed:
        rows.append([button(i18n("deadline-ui-button-nudge"), DlmCb(act=NUDGE, id=deadline_id))])
    rows.append(
        [
            button(i18n("deadline-ui-button-excel"), DlmCb(act=EXCEL, id=deadline_id)),
            button(i18n("deadline-ui-button-zip"), DlmCb(act=ZIP, id=deadline_id)),
        ]
    )
    if open_ and may_cancel:
        rows.append([button(i18n("deadline-ui-button-cancel"), DlmCb(act=CANCEL, id=deadline_id))])
    rows.append([button(i18n("deadline-ui-button-list"), DlmCb(act=LIST))])
    return markup(rows)


def handed_list(
    deadline_id: int, items: Sequence[tuple[int, str]], page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page, PER_PAGE)
    rows = [
        [button(label, DlmCb(act=OPEN, id=deadline_id, u=unit_id, p=page))]
        for unit_id, label in shown
    ]
    rows.append(nav_row(page, pages, lambda n: DlmCb(act=HANDED, id=deadline_id, p=n), i18n))
    rows.append([button(i18n("deadline-ui-button-to-card"), DlmCb(act=CARD, id=deadline_id))])
    return markup(rows)


def submission(
    deadline_id: int, unit_id: int, page: int, i18n: Gettext, *, returnable: bool
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if returnable:
        rows.append(
            [
                button(
                    i18n("deadline-ui-button-return"),
                    DlmCb(act=RETURN, id=deadline_id, u=unit_id, p=page),
                )
            ]
        )
    rows.append(
        [button(i18n("deadline-ui-button-to-handed"), DlmCb(act=HANDED, id=deadline_id, p=page))]
    )
    return markup(rows)


def confirm(yes: DlmCb, deadline_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [
                button(i18n("button-yes"), yes),
                button(i18n("button-no"), DlmCb(act=CARD, id=deadline_id)),
            ]
        ]
    )
