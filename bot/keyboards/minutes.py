"""Buttons of /minutes: the head's wizard (``mnw``, every button carrying its wizard ``w``)
and the head's list and card (``mnl``). Ids in them are only what the presser asks for: the
minutes service checks again who may.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.keyboards.picker import button, markup
from bot.keyboards.wizard import CANCEL, EDIT

# The wizard's acts (MnwCb).
ASSOC = "A"  # the association v
NUMBER = "N"  # the suggested number v
ITEMS_DONE = "ID"  # the agenda is complete
ITEMS_AGAIN = "IA"  # the agenda typed so far is dropped
MODE = "M"  # v: 0 per item, 1 one text of decisions
SKIP = "S"  # skip the optional step STEP_CODES[v]
FILES_DONE = "FD"
SEND = "C"
# The list and card's acts (MnlCb).
LIST = "L"  # page p of the head's minutes
NEW = "NW"  # a new protocol
CARD = "V"  # the card of minutes id
DOCX = "D"  # the protocol of minutes id as DOCX
FILES = "AF"  # the attachments of minutes id
CORRECT = "CR"  # correct minutes id
THEME = "T"  # the methodical topic (of association id, when the head leads several)

MODES = ("items", "one")
STEP_CODES: tuple[str, ...] = ("absent", "heard", "spoke", "decided")
EDIT_FIELDS: tuple[str, ...] = ("number", "date", "topic", "items", "attendance", "texts", "files")


class MnwCb(Callback, prefix="mnw"):
    act: str
    w: int = 0
    v: int = 0


class MnlCb(Callback, prefix="mnl"):
    act: str
    id: int = 0
    p: int = 0


def _cancel(w: int, i18n: Gettext) -> InlineKeyboardButton:
    return button(i18n("minutes-button-cancel"), MnwCb(act=CANCEL, w=w))


def cancel_only(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup([[_cancel(w, i18n)]])


def associations(w: int, items: Sequence[tuple[int, str]], i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [[button(name, MnwCb(act=ASSOC, w=w, v=item_id))] for item_id, name in items]
    return markup([*rows, [_cancel(w, i18n)]])


def number(w: int, suggested: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [
                button(
                    i18n("minutes-button-number", number=suggested),
                    MnwCb(act=NUMBER, w=w, v=suggested),
                )
            ],
            [_cancel(w, i18n)],
        ]
    )


def items(w: int, i18n: Gettext, *, have: int) -> InlineKeyboardMarkup:
    rows = [[button(i18n("minutes-button-items-done"), MnwCb(act=ITEMS_DONE, w=w))]]
    if have:
        rows.append([button(i18n("minutes-button-items-again"), MnwCb(act=ITEMS_AGAIN, w=w))])
    return markup([*rows, [_cancel(w, i18n)]])


def modes(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n(f"minutes-button-mode-{mode}"), MnwCb(act=MODE, w=w, v=n))]
            for n, mode in enumerate(MODES)
        ]
        + [[_cancel(w, i18n)]]
    )


def skip(w: int, step: str, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("minutes-button-skip"), MnwCb(act=SKIP, w=w, v=STEP_CODES.index(step)))],
            [_cancel(w, i18n)],
        ]
    )


def files(w: int, i18n: Gettext, *, have: int) -> InlineKeyboardMarkup:
    label = "minutes-button-files-done" if have else "minutes-button-no-files"
    return markup([[button(i18n(label), MnwCb(act=FILES_DONE, w=w))], [_cancel(w, i18n)]])


def preview(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("minutes-button-send"), MnwCb(act=SEND, w=w))],
            [button(i18n("minutes-button-edit"), MnwCb(act=EDIT, w=w))],
            [_cancel(w, i18n)],
        ]
    )


# ---------------------------------------------------------------------- the list and card


def home(items: Sequence[tuple[int, str]], page: int, i18n: Gettext) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[button(label, MnlCb(act=CARD, id=item_id))] for item_id, label in shown]
    rows.append(nav_row(page, pages, lambda p: MnlCb(act=LIST, p=p), i18n))
    rows.append([button(i18n("minutes-button-new"), MnlCb(act=NEW))])
    rows.append([button(i18n("minutes-button-theme"), MnlCb(act=THEME))])
    return markup(rows)


def card(
    minutes_id: int, i18n: Gettext, *, files: int, may_edit: bool, back: bool = True
) -> InlineKeyboardMarkup:
    rows = [[button(i18n("minutes-button-docx"), MnlCb(act=DOCX, id=minutes_id))]]
    if files:
        rows.append(
            [button(i18n("minutes-button-files", count=files), MnlCb(act=FILES, id=minutes_id))]
        )
    if may_edit:
        rows.append([button(i18n("minutes-button-correct"), MnlCb(act=CORRECT, id=minutes_id))])
    if back:
        rows.append([button(i18n("minutes-button-list"), MnlCb(act=LIST))])
    return markup(rows)


def correct_offer(minutes_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    """Under «№ N уже есть»: open those minutes to correct them."""
    return markup([[button(i18n("minutes-button-open-taken"), MnlCb(act=CARD, id=minutes_id))]])


def themes(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return markup([[button(name, MnlCb(act=THEME, id=item_id))] for item_id, name in items])
