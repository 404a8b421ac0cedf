"""Buttons of announcements: the audience wizard, the preview, the list of recent broadcasts.

Every wizard button carries ``w``, the wizard it belongs to (the id of the /announce message),
so a button of an earlier wizard is recognised as stale instead of changing the current one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext, enum_key
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.services.audience import Audience, Groups, Where, Who
from bot.services.broadcasts import Pickable
from bot.storage.models import AssociationLevel, OrganisationKind, Role

LABEL_LIMIT = 48
MARK = "✅ "
SEPARATOR = " · "  # between a school's short name and its association's
SCHOOL_ROOM = 22  # what a school's name keeps at least when a label must be shortened
# A legal form before a quoted name: «МАОУ «СОШ № 1»», «МАУ ДО «ДДТ»».
_LEGAL_FORM = re.compile(r"^(?:[A-ZА-ЯЁ]{2,}\s+)+«(?P<name>.+)»$")

# What a wizard button does.
MENU = "m"  # the audience menu
WHO = "who"  # the "who" choices
WHO_SET = "ws"  # who := WHO_CHOICES[v]
ROLES = "rl"  # the roles
ROLE = "r"  # toggle ROLE_CHOICES[v]
WHERE = "wh"  # the "where" choices
WHERE_ALL = "wa"  # the whole municipality (a coordinator: its organisation)
ORGS = "og"  # a page of organisations (p)
ORG = "o"  # toggle organisation v (page p)
KINDS = "kn"  # kinds of organisations
KIND = "k"  # toggle KIND_CHOICES[v]
ASSOCS = "as"  # a page of associations (p)
ASSOC = "a"  # toggle association v (page p)
LEVELS = "lv"  # levels of associations
LEVEL = "l"  # toggle LEVEL_CHOICES[v]
GROUPS = "gr"  # the group choices
GROUPS_SET = "gs"  # groups := GROUP_CHOICES[v]
CHATS = "gc"  # a page of bound groups (p)
CHAT = "g"  # toggle binding v (page p)
DONE = "dn"  # «Готово» in a picker: the audience is chosen, on to the preview
SHOW = "sh"  # the preview
SEND = "go"  # send it
EDIT = "ed"  # what to change
EDIT_CONTENT = "ec"  # change the content
EDIT_AUDIENCE = "ea"  # change the audience
BACK = "bk"  # back to the preview's summary
CANCEL = "x"  # drop the announcement
REPORT = "rep"  # a fresh report of broadcast v (from /broadcasts)

WHO_CHOICES: tuple[Who, ...] = (Who.EVERYONE, Who.YOUNG, Who.MENTORS, Who.HEADS)
ROLE_CHOICES: tuple[Role, ...] = tuple(Role)
KIND_CHOICES: tuple[OrganisationKind, ...] = tuple(OrganisationKind)
LEVEL_CHOICES: tuple[AssociationLevel, ...] = tuple(AssociationLevel)
GROUP_CHOICES: tuple[Groups, ...] = (Groups.NONE, Groups.ALL)


class AnCb(Callback, prefix="an"):
    act: str
    w: int = 0
    v: int = 0
    p: int = 0


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    """A label that fits on a button."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def short_name(organisation: str) -> str:
    """An organisation's name without its legal form («МАОУ «СОШ № 1»» → «СОШ № 1»)."""
    found = _LEGAL_FORM.match(organisation.strip())
    return found.group("name") if found else organisation


def item_label(item: Pickable, limit: int = LABEL_LIMIT) -> str:
    """A picker's label: a school association's starts with its school's short name, which
    stays readable; the association's name is what gets shortened."""
    if item.organisation is None:
        return short(item.name, limit)
    school = short_name(item.organisation)
    room = limit - len(SEPARATOR)
    if len(school) + len(item.name) <= room:
        return f"{school}{SEPARATOR}{item.name}"
    school_room = min(len(school), max(SCHOOL_ROOM, room - len(item.name)))
    return short(school, school_room) + SEPARATOR + short(item.name, room - school_room)


def labelled(items: Sequence[Pickable], limit: int = LABEL_LIMIT) -> list[tuple[int, str]]:
    """(id, label) for a picker, by label, no two alike: labels that still coincide after
    shortening get a number each."""
    labels = [item_label(item, limit) for item in items]
    repeated = Counter(labels)
    numbers: Counter[str] = Counter()
    result: list[tuple[int, str]] = []
    for item, label in zip(items, labels, strict=True):
        if repeated[label] > 1:
            numbers[label] += 1
            suffix = f" ({numbers[label]})"
            label = short(label, limit - len(suffix)) + suffix
        result.append((item.id, label))
    return sorted(result, key=lambda pair: (pair[1].casefold(), pair[0]))


def _button(text: str, data: AnCb) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=short(text), callback_data=data.pack())


def _marked(text: str, on: bool) -> str:
    return MARK + text if on else text


def _markup(rows: Sequence[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def audience_menu(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [_button(i18n("announce-button-who"), AnCb(act=WHO, w=w))],
            [_button(i18n("announce-button-where"), AnCb(act=WHERE, w=w))],
            [_button(i18n("announce-button-groups"), AnCb(act=GROUPS, w=w))],
            [_button(i18n("announce-button-preview"), AnCb(act=SHOW, w=w))],
            [_button(i18n("announce-button-cancel"), AnCb(act=CANCEL, w=w))],
        ]
    )


def _back(w: int, i18n: Gettext) -> list[InlineKeyboardButton]:
    return [_button(i18n("announce-button-back"), AnCb(act=MENU, w=w))]


def _done(w: int, i18n: Gettext) -> list[list[InlineKeyboardButton]]:
    """«Готово» (the audience is chosen) and the way back to the audience menu, to choose more."""
    return [
        [_button(i18n("announce-button-done"), AnCb(act=DONE, w=w))],
        [_button(i18n("announce-button-to-menu"), AnCb(act=MENU, w=w))],
    ]


def who_menu(w: int, audience: Audience, i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(
                _marked(i18n(f"announce-who-button-{who.value}"), audience.who is who),
                AnCb(act=WHO_SET, w=w, v=index),
            )
        ]
        for index, who in enumerate(WHO_CHOICES)
    ]
    rows.insert(
        1,
        [
            _button(
                _marked(i18n("announce-button-roles"), audience.who is Who.ROLES),
                AnCb(act=ROLES, w=w),
            )
        ],
    )
    rows.append(_back(w, i18n))
    return _markup(rows)


def roles_menu(w: int, audience: Audience, i18n: Gettext) -> InlineKeyboardMarkup:
    chosen = set(audience.roles) if audience.who is Who.ROLES else set()
    rows = [
        [
            _button(
                _marked(i18n(enum_key("role", role)), role in chosen),
                AnCb(act=ROLE, w=w, v=index),
            )
        ]
        for index, role in enumerate(ROLE_CHOICES)
    ]
    return _markup([*rows, *_done(w, i18n)])


def where_menu(
    w: int, audience: Audience, i18n: Gettext, *, own_organisation: bool
) -> InlineKeyboardMarkup:
    """A coordinator (``own_organisation``) stays in its organisation: its whole organisation
    or some associations; a methodologist chooses anywhere in the municipality."""
    where = audience.where
    all_key = "announce-button-own" if own_organisation else "announce-button-all"
    rows = [[_button(_marked(i18n(all_key), where is Where.ALL), AnCb(act=WHERE_ALL, w=w))]]
    choices: list[tuple[str, Where, str]] = [
        ("announce-button-organisations", Where.ORGANISATIONS, ORGS),
        ("announce-button-kinds", Where.ORG_KINDS, KINDS),
        ("announce-button-associations", Where.ASSOCIATIONS, ASSOCS),
        ("announce-button-levels", Where.LEVELS, LEVELS),
    ]
    for key, option, act in choices:
        if own_organisation and option is not Where.ASSOCIATIONS:
            continue
        rows.append([_button(_marked(i18n(key), where is option), AnCb(act=act, w=w))])
    rows.append(_back(w, i18n))
    return _markup(rows)


def toggles(
    w: int, labels: Sequence[str], chosen: Collection[int], act: str, i18n: Gettext
) -> InlineKeyboardMarkup:
    """A short fixed list (kinds, levels) to tick; ``chosen`` holds indexes."""
    rows = [
        [_button(_marked(label, index in chosen), AnCb(act=act, w=w, v=index))]
        for index, label in enumerate(labels)
    ]
    return _markup([*rows, *_done(w, i18n)])


def kinds_screen(w: int, audience: Audience, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    chosen = audience.org_kinds if audience.where is Where.ORG_KINDS else ()
    labels = [i18n(f"announce-kind-button-{kind.value}") for kind in KIND_CHOICES]
    marked = [i for i, kind in enumerate(KIND_CHOICES) if kind in chosen]
    return i18n("announce-pick-kinds"), toggles(w, labels, marked, KIND, i18n)


def levels_screen(w: int, audience: Audience, i18n: Gettext) -> tuple[str, InlineKeyboardMarkup]:
    chosen = audience.levels if audience.where is Where.LEVELS else ()
    labels = [i18n(f"announce-level-{level.value}") for level in LEVEL_CHOICES]
    marked = [i for i, level in enumerate(LEVEL_CHOICES) if level in chosen]
    return i18n("announce-pick-levels"), toggles(w, labels, marked, LEVEL, i18n)


# The buttons of each paged picker: the one that ticks an item, the one that turns a page.
PICK_ACTS = {
    "organisations": (ORG, ORGS),
    "associations": (ASSOC, ASSOCS),
    "chats": (CHAT, CHATS),
}


def picks(
    w: int,
    items: Sequence[tuple[int, str]],
    chosen: Collection[int],
    page: int,
    *,
    pick: str,
    turn: str,
    i18n: Gettext,
) -> InlineKeyboardMarkup:
    """One page of organisations, associations or groups (id, label) to tick."""
    shown, page, pages = page_of(items, page)
    rows = [
        [_button(_marked(label, item_id in chosen), AnCb(act=pick, w=w, v=item_id, p=page))]
        for item_id, label in shown
    ]
    rows.append(nav_row(page, pages, lambda p: AnCb(act=turn, w=w, p=p), i18n))
    return _markup([*rows, *_done(w, i18n)])


def pick_screen(
    w: int,
    kind: str,
    items: Sequence[tuple[int, str]],
    chosen: Collection[int],
    page: int,
    i18n: Gettext,
) -> tuple[str, InlineKeyboardMarkup]:
    """A page of the picker of ``kind`` (a key of PICK_ACTS; it names the texts too)."""
    if not items:
        return i18n(f"announce-pick-{kind}-empty"), back_to_menu(w, i18n)
    pick, turn = PICK_ACTS[kind]
    keyboard = picks(w, items, chosen, page, pick=pick, turn=turn, i18n=i18n)
    return i18n(f"announce-pick-{kind}", count=len(chosen)), keyboard


def groups_menu(w: int, audience: Audience, i18n: Gettext) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(
                _marked(i18n(f"announce-groups-button-{groups.value}"), audience.groups is groups),
                AnCb(act=GROUPS_SET, w=w, v=index),
            )
        ]
        for index, groups in enumerate(GROUP_CHOICES)
    ]
    rows.append(
        [
            _button(
                _marked(i18n("announce-button-chats"), audience.groups is Groups.CHOSEN),
                AnCb(act=CHATS, w=w),
            )
        ]
    )
    rows.append(_back(w, i18n))
    return _markup(rows)


def back_to_menu(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup([_back(w, i18n)])


def preview_keyboard(w: int, can_send: bool, i18n: Gettext) -> InlineKeyboardMarkup:
    first = [_button(i18n("announce-button-send"), AnCb(act=SEND, w=w))] if can_send else []
    return _markup(
        [
            first,
            [_button(i18n("announce-button-edit"), AnCb(act=EDIT, w=w))],
            [_button(i18n("announce-button-cancel"), AnCb(act=CANCEL, w=w))],
        ]
    )


def edit_menu(w: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [_button(i18n("announce-button-edit-content"), AnCb(act=EDIT_CONTENT, w=w))],
            [_button(i18n("announce-button-edit-audience"), AnCb(act=EDIT_AUDIENCE, w=w))],
            [_button(i18n("announce-button-back"), AnCb(act=BACK, w=w))],
        ]
    )


def recent_keyboard(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """A button per broadcast (id, label) that opens a fresh report of it."""
    if not items:
        return None
    return _markup([[_button(label, AnCb(act=REPORT, v=bid))] for bid, label in items])
