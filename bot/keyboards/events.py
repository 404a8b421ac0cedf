"""Buttons of events: the /newevent wizard, the cards of /events and the RSVP buttons.

Every wizard button carries ``w``, the wizard it belongs to (the id of the /newevent message),
so a button of an earlier wizard is recognised as stale. The audience is chosen in the shared
audience sub-dialog (bot.keyboards.audience), which leads back here by AUDIENCE_NEXT.

Pushed events carry raw RSVP data (``evy:<id>``, ``evn:<id>``, ``evc:<id>``); a card shown in
the chat uses the same strings, so one handler answers both.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, tzinfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext, enum_key
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.keyboards.picker import button, choices, markup, short
from bot.keyboards.wizard import CANCEL, EDIT
from bot.services.events import REMINDER_CHOICES, Competence
from bot.storage.models import EventKind

COMING = "evy"
NOT_COMING = "evn"
CALENDAR = "evc"

# The wizard's acts.
KIND = "K"  # kind := KIND_CHOICES[v]
HEAD_ASSOC = "H"  # a head's meeting of association v
SKIP = "S"  # skip the optional step v (STEP_CODES)
COMPETENCE = "C"  # toggle COMPETENCE_CHOICES[v]
COMPETENCES_DONE = "CD"
REMINDER = "R"  # toggle REMINDER_CHOICES[v]
REMINDERS_DONE = "RD"
AUDIENCE_NEXT = "N"  # the audience is chosen: on to the next step
PUBLISH = "P"
# /events: the list, a card and what its author or a methodologist may do with it.
LIST = "L"  # page p of the list
CARD = "V"  # the card of event v
EXCEL = "XL"  # the sign-up sheet of event v
CHANGE = "CH"  # what to change in event v
CHANGE_TIME = "CT"
CHANGE_PLACE = "CP"
CHANGE_LINK = "CL"
DROP = "Q"  # ask before cancelling event v
DROP_YES = "QY"

KIND_CHOICES: tuple[EventKind, ...] = tuple(EventKind)
COMPETENCE_CHOICES: tuple[Competence, ...] = tuple(Competence)
# The optional steps a «Пропустить» button may skip, by code.
STEP_CODES: tuple[str, ...] = ("end", "place", "description", "attachment")
# The fields «Изменить» offers, in the order of the wizard.
EDIT_FIELDS: tuple[str, ...] = (
    "kind",
    "title",
    "start",
    "end",
    "place",
    "description",
    "competences",
    "audience",
    "reminders",
    "attachment",
)
# A head's meeting has its kind and audience fixed.
HEAD_FIXED = frozenset({"kind", "audience"})


class NevCb(Callback, prefix="nev"):
    act: str
    w: int = 0
    v: int = 0
    p: int = 0


def _raw(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=short(text), callback_data=data)


def upper_first(text: str) -> str:
    """The first letter up, the rest as written (str.capitalize would lower abbreviations)."""
    return text[:1].upper() + text[1:]


def kind_label(kind: EventKind, i18n: Gettext) -> str:
    return upper_first(i18n(enum_key("event-kind", kind)))


def _cancel(w: int, i18n: Gettext) -> InlineKeyboardButton:
    return button(i18n("newevent-button-cancel"), NevCb(act=CANCEL, w=w))


def _cancel_row(w: int, i18n: Gettext) -> list[InlineKeyboardButton]:
    return [_cancel(w, i18n)]


# ---------------------------------------------------------------------- the wizard


def kinds(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    labels = [i18n(f"newevent-kind-{kind.value}") for kind in KIND_CHOICES]
    buttons = [button(label, NevCb(act=KIND, w=w, v=i)) for i, label in enumerate(labels)]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return markup([*rows, _cancel_row(w, i18n)])


def head_associations(
    w: int, items: Sequence[tuple[int, str]], i18n: Gettext
) -> InlineKeyboardMarkup:
    rows = [[button(name, NevCb(act=HEAD_ASSOC, w=w, v=item_id))] for item_id, name in items]
    return markup([*rows, _cancel_row(w, i18n)])


def skip(w: int, step: str, i18n: Gettext) -> InlineKeyboardMarkup:
    code = STEP_CODES.index(step)
    return markup([[button(i18n("newevent-button-skip"), NevCb(act=SKIP, w=w, v=code))]])


def competences(w: int, chosen: Collection[Competence], i18n: Gettext) -> InlineKeyboardMarkup:
    items = [(i, i18n(enum_key("competence", c))) for i, c in enumerate(COMPETENCE_CHOICES)]
    ticked = {i for i, c in enumerate(COMPETENCE_CHOICES) if c in chosen}
    rows = choices(items, ticked, lambda v, p: NevCb(act=COMPETENCE, w=w, v=v), i18n)
    rows.append([button(i18n("newevent-button-done"), NevCb(act=COMPETENCES_DONE, w=w))])
    return markup(rows)


def reminders(w: int, chosen: Collection[int], i18n: Gettext) -> InlineKeyboardMarkup:
    items = [(i, i18n(f"newevent-reminder-{m}")) for i, m in enumerate(REMINDER_CHOICES)]
    ticked = {i for i, m in enumerate(REMINDER_CHOICES) if m in chosen}
    rows = choices(items, ticked, lambda v, p: NevCb(act=REMINDER, w=w, v=v), i18n)
    rows.append([button(i18n("newevent-button-done"), NevCb(act=REMINDERS_DONE, w=w))])
    return markup(rows)


def audience_exits(w: int, i18n: Gettext) -> tuple[InlineKeyboardButton, InlineKeyboardButton]:
    """The ways out of the audience sub-dialog: the next step, and cancel."""
    return button(i18n("newevent-button-next"), NevCb(act=AUDIENCE_NEXT, w=w)), _cancel(w, i18n)


def preview(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("newevent-button-publish"), NevCb(act=PUBLISH, w=w))],
            [button(i18n("newevent-button-edit"), NevCb(act=EDIT, w=w))],
            _cancel_row(w, i18n),
        ]
    )


# ---------------------------------------------------------------------- /events


def event_list(
    items: Sequence[tuple[int, str]], page: int, i18n: Gettext
) -> InlineKeyboardMarkup | None:
    """A button per event (id, label), a page at a time."""
    if not items:
        return None
    shown, page, pages = page_of(items, page)
    rows = [[button(label, NevCb(act=CARD, v=event_id, p=page))] for event_id, label in shown]
    rows.append(nav_row(page, pages, lambda p: NevCb(act=LIST, p=p), i18n))
    return markup(rows)


def list_label(title: str, starts_at: datetime, tz: tzinfo) -> str:
    return f"{starts_at.astimezone(tz):%d.%m %H:%M} · {title}"


def rsvp_rows(event_id: int, i18n: Gettext) -> list[list[InlineKeyboardButton]]:
    return [
        [
            _raw(i18n("event-button-coming"), f"{COMING}:{event_id}"),
            _raw(i18n("event-button-not-coming"), f"{NOT_COMING}:{event_id}"),
        ],
        [_raw(i18n("event-button-calendar"), f"{CALENDAR}:{event_id}")],
    ]


def _to_list(page: int, i18n: Gettext) -> list[InlineKeyboardButton]:
    return [button(i18n("events-button-list"), NevCb(act=LIST, p=page))]


def member_card(event_id: int, page: int, i18n: Gettext, *, open_: bool) -> InlineKeyboardMarkup:
    rows = rsvp_rows(event_id, i18n) if open_ else []
    return markup([*rows, _to_list(page, i18n)])


def staff_card(event_id: int, page: int, i18n: Gettext, *, open_: bool) -> InlineKeyboardMarkup:
    rows = [[button(i18n("events-button-excel"), NevCb(act=EXCEL, v=event_id, p=page))]]
    if open_:
        rows += [
            [button(i18n("events-button-change"), NevCb(act=CHANGE, v=event_id, p=page))],
            [button(i18n("events-button-drop"), NevCb(act=DROP, v=event_id, p=page))],
        ]
    rows.append([_raw(i18n("event-button-calendar"), f"{CALENDAR}:{event_id}")])
    rows.append(_to_list(page, i18n))
    return markup(rows)


def change_menu(event_id: int, page: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("events-button-change-time"), NevCb(act=CHANGE_TIME, v=event_id))],
            [button(i18n("events-button-change-place"), NevCb(act=CHANGE_PLACE, v=event_id))],
            [button(i18n("events-button-change-link"), NevCb(act=CHANGE_LINK, v=event_id))],
            [button(i18n("events-button-back"), NevCb(act=CARD, v=event_id, p=page))],
        ]
    )


def drop_confirm(event_id: int, page: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(i18n("events-button-drop-yes"), NevCb(act=DROP_YES, v=event_id, p=page))],
            [button(i18n("events-button-drop-no"), NevCb(act=CARD, v=event_id, p=page))],
        ]
    )
