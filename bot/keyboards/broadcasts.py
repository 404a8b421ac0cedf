"""Buttons of announcements: the /announce wizard's own (the audience sub-dialog's are in
bot.keyboards.audience), the preview, the list of recent broadcasts.

Every wizard button carries ``w``, the wizard it belongs to (the id of the /announce message),
so a button of an earlier wizard is recognised as stale instead of changing the current one.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.picker import button, markup

# What a wizard button does.
SHOW = "sh"  # the audience is chosen: the preview
SEND = "go"  # send it
EDIT = "ed"  # what to change
EDIT_CONTENT = "ec"  # change the content
EDIT_AUDIENCE = "ea"  # change the audience
BACK = "bk"  # back to the preview's summary
CANCEL = "x"  # drop the announcement
REPORT = "rep"  # a fresh report of broadcast v (from /broadcasts)


class AnCb(Callback, prefix="an"):
    act: str
    w: int = 0
    v: int = 0
    p: int = 0


def audience_exits(w: int, i18n: Gettext) -> tuple[InlineKeyboardButton, InlineKeyboardButton]:
    """The ways out of the audience sub-dialog: on to the preview, and cancel."""
    return button(i18n("announce-button-preview"), AnCb(act=SHOW, w=w)), _cancel(w, i18n)


def _cancel(w: int, i18n: Gettext) -> InlineKeyboardButton:
    return button(i18n("announce-button-cancel"), AnCb(act=CANCEL, w=w))


def preview_keyboard(w: int, can_send: bool, i18n: Gettext) -> InlineKeyboardMarkup:
    first = [button(i18n("announce-button-send"), AnCb(act=SEND, w=w))] if can_send else []
    return markup(
        [
            first,
            [button(i18n("announce-button-edit"), AnCb(act=EDIT, w=w))],
            [_cancel(w, i18n)],
        ]
    )


def edit_menu(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("announce-button-edit-content"), AnCb(act=EDIT_CONTENT, w=w))],
            [button(i18n("announce-button-edit-audience"), AnCb(act=EDIT_AUDIENCE, w=w))],
            [button(i18n("announce-button-back"), AnCb(act=BACK, w=w))],
        ]
    )


def recent_keyboard(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """A button per broadcast (id, label) that opens a fresh report of it."""
    if not items:
        return None
    return markup([[button(label, AnCb(act=REPORT, v=bid))] for bid, label in items])
