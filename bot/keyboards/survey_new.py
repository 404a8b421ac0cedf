"""Buttons of /survey_new (the launch wizard), /surveys (a survey's card) and
/survey_templates (download a template).

A wizard button carries ``w`` (the id of the /survey_new message), so a button of an earlier
wizard is recognised as stale; a card's buttons carry the survey's id, re-checked on press.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.picker import button, markup
from bot.keyboards.wizard import CANCEL, EDIT

# the wizard
TEMPLATE = "T"  # the template offered at position v (its key is kept in the draft)
AUDIENCE_NEXT = "N"
NOW = "O"  # opens now
DEFAULT_CLOSE = "D"  # closes in 14 days
LAUNCH = "L"
EDIT_FIELDS: tuple[str, ...] = ("template", "audience", "opens", "closes")

# a survey's card
CARD = "C"
CLOSE = "Z"  # ask to confirm
CLOSE_YES = "ZY"
CLOSE_NO = "ZN"
EXTEND = "P"
NUDGE = "R"

# templates
DOWNLOAD = "G"


class SvnCb(Callback, prefix="svn"):
    act: str
    w: int = 0
    v: int = 0


class SvmCb(Callback, prefix="svm"):
    act: str
    s: int = 0


class SvtCb(Callback, prefix="svt"):
    act: str
    key: str = ""


def _cancel(w: int, i18n: Gettext) -> InlineKeyboardButton:
    return button(i18n("survey-new-button-cancel"), SvnCb(act=CANCEL, w=w))


def templates(w: int, labels: Sequence[str], i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [[button(label, SvnCb(act=TEMPLATE, w=w, v=i))] for i, label in enumerate(labels)]
    return markup([*rows, [_cancel(w, i18n)]])


def audience_exits(w: int, i18n: Gettext) -> tuple[InlineKeyboardButton, InlineKeyboardButton]:
    return button(i18n("survey-new-button-next"), SvnCb(act=AUDIENCE_NEXT, w=w)), _cancel(w, i18n)


def opens(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [[button(i18n("survey-new-button-now"), SvnCb(act=NOW, w=w))], [_cancel(w, i18n)]]
    )


def closes(w: int, i18n: Gettext, default: str) -> InlineKeyboardMarkup:
    return markup(
        [
            [
                button(
                    i18n("survey-new-button-default-close", day=default),
                    SvnCb(act=DEFAULT_CLOSE, w=w),
                )
            ],
            [_cancel(w, i18n)],
        ]
    )


def preview(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("survey-new-button-launch"), SvnCb(act=LAUNCH, w=w))],
            [button(i18n("survey-new-button-edit"), SvnCb(act=EDIT, w=w))],
            [_cancel(w, i18n)],
        ]
    )


# ---------------------------------------------------------------------- /surveys


def survey_list(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    if not items:
        return None
    return markup([[button(label, SvmCb(act=CARD, s=sid))] for sid, label in items])


def card(
    survey_id: int, i18n: Gettext, *, open_: bool, manages: bool = True
) -> InlineKeyboardMarkup | None:
    """An open survey's actions; closing and extending only for who manages all of it."""
    if not open_:
        return None
    rows = [[button(i18n("survey-admin-button-nudge"), SvmCb(act=NUDGE, s=survey_id))]]
    if manages:
        rows.append([button(i18n("survey-admin-button-extend"), SvmCb(act=EXTEND, s=survey_id))])
        rows.append([button(i18n("survey-admin-button-close"), SvmCb(act=CLOSE, s=survey_id))])
    return markup(rows)


def confirm_close(survey_id: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("survey-admin-button-close-yes"), SvmCb(act=CLOSE_YES, s=survey_id))],
            [button(i18n("survey-admin-button-close-no"), SvmCb(act=CLOSE_NO, s=survey_id))],
        ]
    )


def downloads(items: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    if not items:
        return None
    return markup([[button(label, SvtCb(act=DOWNLOAD, key=key))] for key, label in items])
