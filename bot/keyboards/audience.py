"""Buttons of the audience sub-dialog, which every wizard that addresses people opens.

Every button carries ``w``, the wizard it belongs to, so a button of an earlier wizard is
recognised as stale. The way out of the sub-dialog («Готово», the wizard's next step, its
cancel) is the opening wizard's own button, handed in as callback data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext, enum_key
from bot.keyboards.callback import Callback
from bot.keyboards.picker import LABEL_LIMIT, Rows, button, choices, marked, markup, short
from bot.services.audience import Audience, Groups, Where, Who
from bot.services.broadcasts import Pickable
from bot.storage.models import AssociationLevel, OrganisationKind, Role

SEPARATOR = " · "  # between a school's short name and its association's
SCHOOL_ROOM = 22  # what a school's name keeps at least when a label must be shortened
# A legal form before a quoted name: «МАОУ «СОШ № 1»», «МАУ ДО «ДДТ»».
_LEGAL_FORM = re.compile(r"^(?:[A-ZА-ЯЁ]{2,}\s+)+«(?P<name>.+)»$")

# What a button does.
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

WHO_CHOICES: tuple[Who, ...] = (Who.EVERYONE, Who.YOUNG, Who.MENTORS, Who.HEADS)
ROLE_CHOICES: tuple[Role, ...] = tuple(Role)
KIND_CHOICES: tuple[OrganisationKind, ...] = tuple(OrganisationKind)
LEVEL_CHOICES: tuple[AssociationLevel, ...] = tuple(AssociationLevel)
GROUP_CHOICES: tuple[Groups, ...] = (Groups.NONE, Groups.ALL)

# The paged pickers: the button that shows a page, the one that ticks an item.
LISTS = {ORGS: "organisations", ASSOCS: "associations", CHATS: "chats"}
TICKS = {ORG: "organisations", ASSOC: "associations", CHAT: "chats"}
PICK_ACTS = {kind: (tick, turn) for (turn, kind), tick in zip(LISTS.items(), TICKS, strict=True)}


class AuCb(Callback, prefix="ap"):
    act: str
    w: int = 0
    v: int = 0
    p: int = 0


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


Exits = tuple[InlineKeyboardButton, InlineKeyboardButton]


def menu(w: int, exits: Exits, i18n: Gettext) -> InlineKeyboardMarkup:
    """Who, where, groups, then the opening wizard's ``exits``: its way on and its cancel."""
    return markup(
        [
            [button(i18n("announce-button-who"), AuCb(act=WHO, w=w))],
            [button(i18n("announce-button-where"), AuCb(act=WHERE, w=w))],
            [button(i18n("announce-button-groups"), AuCb(act=GROUPS, w=w))],
            *([exit_] for exit_ in exits),
        ]
    )


def _back(w: int, i18n: Gettext) -> list[InlineKeyboardButton]:
    return [button(i18n("announce-button-back"), AuCb(act=MENU, w=w))]


def _done(w: int, done: str, i18n: Gettext) -> Rows:
    """«Готово» (the audience is chosen: ``done``, the data of the wizard's way on) and the
    way back to the audience menu, to choose more."""
    return [
        [button(i18n("announce-button-done"), done)],
        [button(i18n("announce-button-to-menu"), AuCb(act=MENU, w=w))],
    ]


def who_menu(w: int, audience: Audience, i18n: Gettext) -> InlineKeyboardMarkup:
    items = [(i, i18n(f"announce-who-button-{who.value}")) for i, who in enumerate(WHO_CHOICES)]
    chosen = {i for i, who in enumerate(WHO_CHOICES) if audience.who is who}
    rows = choices(items, chosen, lambda v, p: AuCb(act=WHO_SET, w=w, v=v), i18n)
    roles = marked(i18n("announce-button-roles"), audience.who is Who.ROLES)
    rows.insert(1, [button(roles, AuCb(act=ROLES, w=w))])
    return markup([*rows, _back(w, i18n)])


def _toggles(
    w: int, act: str, labels: Sequence[str], on: Sequence[bool], done: str, i18n: Gettext
) -> InlineKeyboardMarkup:
    """A short fixed list (roles, kinds, levels) to tick, by index."""
    chosen = {i for i, flag in enumerate(on) if flag}
    rows = choices(list(enumerate(labels)), chosen, lambda v, p: AuCb(act=act, w=w, v=v), i18n)
    return markup([*rows, *_done(w, done, i18n)])


def roles_screen(
    w: int, audience: Audience, done: str, i18n: Gettext
) -> tuple[str, InlineKeyboardMarkup]:
    chosen = set(audience.roles) if audience.who is Who.ROLES else set()
    labels = [i18n(enum_key("role", role)) for role in ROLE_CHOICES]
    on = [role in chosen for role in ROLE_CHOICES]
    return i18n("announce-pick-roles"), _toggles(w, ROLE, labels, on, done, i18n)


def where_menu(w: int, audience: Audience, i18n: Gettext) -> InlineKeyboardMarkup:
    """An audience confined to one organisation (a coordinator's) stays there: its whole
    organisation or some associations; else anywhere in the municipality."""
    where = audience.where
    own_organisation = audience.scope_organisation is not None
    all_key = "announce-button-own" if own_organisation else "announce-button-all"
    rows = [[button(marked(i18n(all_key), where is Where.ALL), AuCb(act=WHERE_ALL, w=w))]]
    options: list[tuple[str, Where, str]] = [
        ("announce-button-organisations", Where.ORGANISATIONS, ORGS),
        ("announce-button-kinds", Where.ORG_KINDS, KINDS),
        ("announce-button-associations", Where.ASSOCIATIONS, ASSOCS),
        ("announce-button-levels", Where.LEVELS, LEVELS),
    ]
    for key, option, act in options:
        if own_organisation and option is not Where.ASSOCIATIONS:
            continue
        rows.append([button(marked(i18n(key), where is option), AuCb(act=act, w=w))])
    rows.append(_back(w, i18n))
    return markup(rows)


def kinds_screen(
    w: int, audience: Audience, done: str, i18n: Gettext
) -> tuple[str, InlineKeyboardMarkup]:
    chosen = audience.org_kinds if audience.where is Where.ORG_KINDS else ()
    labels = [i18n(f"announce-kind-button-{kind.value}") for kind in KIND_CHOICES]
    on = [kind in chosen for kind in KIND_CHOICES]
    return i18n("announce-pick-kinds"), _toggles(w, KIND, labels, on, done, i18n)


def levels_screen(
    w: int, audience: Audience, done: str, i18n: Gettext
) -> tuple[str, InlineKeyboardMarkup]:
    chosen = audience.levels if audience.where is Where.LEVELS else ()
    labels = [i18n(f"announce-level-{level.value}") for level in LEVEL_CHOICES]
    on = [level in chosen for level in LEVEL_CHOICES]
    return i18n("announce-pick-levels"), _toggles(w, LEVEL, labels, on, done, i18n)


def pick_screen(
    w: int,
    kind: str,
    items: Sequence[tuple[int, str]],
    chosen: Sequence[int],
    page: int,
    done: str,
    i18n: Gettext,
) -> tuple[str, InlineKeyboardMarkup]:
    """A page of the organisations, associations or groups (``kind``, a value of LISTS; it
    names the texts too) to tick."""
    if not items:
        return i18n(f"announce-pick-{kind}-empty"), markup([_back(w, i18n)])
    tick, turn = PICK_ACTS[kind]
    rows = choices(
        items,
        chosen,
        lambda v, p: AuCb(act=tick, w=w, v=v, p=p),
        i18n,
        page=page,
        turn=lambda p: AuCb(act=turn, w=w, p=p),
    )
    keyboard = markup([*rows, *_done(w, done, i18n)])
    return i18n(f"announce-pick-{kind}", count=len(chosen)), keyboard


def groups_menu(w: int, audience: Audience, i18n: Gettext) -> InlineKeyboardMarkup:
    items = [
        (i, i18n(f"announce-groups-button-{groups.value}"))
        for i, groups in enumerate(GROUP_CHOICES)
    ]
    chosen = {i for i, groups in enumerate(GROUP_CHOICES) if audience.groups is groups}
    rows = choices(items, chosen, lambda v, p: AuCb(act=GROUPS_SET, w=w, v=v), i18n)
    picked = marked(i18n("announce-button-chats"), audience.groups is Groups.CHOSEN)
    rows.append([button(picked, AuCb(act=CHATS, w=w))])
    rows.append(_back(w, i18n))
    return markup(rows)
