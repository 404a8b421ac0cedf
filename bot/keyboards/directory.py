"""Buttons of the members directory: the filtered list, pickers, a member's card and its actions.

Every button carries the list's filters as a short code (``t5.12.0``: role letter and flag
bits, organisation id, association id), so "back to the list" and paging need no stored state
and an old message keeps working as it was shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import AfterValidator

from bot.i18n import Gettext, enum_key
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.services.directory import (
    Choice,
    HeadOptions,
    MemberCard,
    MemberFilters,
    MemberPage,
    PairOptions,
    RoleOptions,
    RolePreview,
)
from bot.storage.models import Role

BUTTON_TEXT_LIMIT = 60
ROLE_CODES: dict[Role, str] = {
    Role.METHODOLOGIST: "m",
    Role.COORDINATOR: "c",
    Role.HEAD: "h",
    Role.TEACHER: "t",
}
ROLES_BY_CODE = {code: role for role, code in ROLE_CODES.items()}
FLAGS: tuple[str, ...] = ("young", "mentors", "unregistered", "unreachable", "deactivated")
_CODE_RE = re.compile(r"([_mcht])(\d{1,2})\.(\d{1,10})\.(\d{1,10})")


def _valid_code(value: str) -> str:
    match = _CODE_RE.fullmatch(value)
    if match is None or int(match.group(2)) >= 1 << len(FLAGS):
        raise ValueError("not a filter code")
    return value


FilterCode = Annotated[str, AfterValidator(_valid_code)]


def encode_filters(filters: MemberFilters) -> str:
    role = ROLE_CODES[filters.role] if filters.role is not None else "_"
    bits = sum(1 << i for i, name in enumerate(FLAGS) if getattr(filters, name))
    return f"{role}{bits}.{filters.organisation_id or 0}.{filters.association_id or 0}"


def decode_filters(code: str) -> MemberFilters:
    match = _CODE_RE.fullmatch(_valid_code(code))
    assert match is not None
    role, bits, organisation, association = match.groups()
    flags = {name: bool(int(bits) >> i & 1) for i, name in enumerate(FLAGS)}
    return MemberFilters(
        role=ROLES_BY_CODE.get(role),
        organisation_id=int(organisation) or None,
        association_id=int(association) or None,
        **flags,
    )


class ListCb(Callback, prefix="mbl"):
    """Show the list with these filters, at this page."""

    f: FilterCode
    p: int = 0


class PickCb(Callback, prefix="mbf"):
    """Choose a filter value: r — role, o — organisation, a — association (``p``: its page)."""

    k: Literal["r", "o", "a"]
    f: FilterCode
    p: int = 0


class ExportCb(Callback, prefix="mbx"):
    f: FilterCode


class CardCb(Callback, prefix="mbc"):
    """A member's card; ``f`` and ``p`` lead back to the list it was opened from."""

    id: int
    f: FilterCode
    p: int = 0


Action = Literal[
    "h",  # heads menu (arg: its page)
    "hs",  # make head of association arg
    "hc",  # stop being head of association arg
    "m",  # mentors to choose (arg: page)
    "ms",  # pair with mentor arg
    "e",  # young specialists to choose (arg: page)
    "es",  # pair with young specialist arg
    "u",  # pairs to dissolve
    "um",  # dissolve the pair with mentor arg
    "ue",  # dissolve the pair with young specialist arg
    "d",  # deactivation: confirm
    "ds",  # deactivation: do
    "ra",  # reactivation
    "r",  # roles menu
    "rt",  # the person's route (DOCX)
]


class ActCb(Callback, prefix="mba"):
    """An action on member ``id``."""

    id: int
    a: Action
    arg: int = 0
    f: FilterCode
    p: int = 0


class RoleCb(Callback, prefix="mbr"):
    """Give member ``id`` a role: first ask (``ok`` false), then do."""

    id: int
    role: Role
    ok: bool
    f: FilterCode
    p: int = 0


def _clip(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=_clip(text), callback_data=data.pack())


def _markup(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(row) for row in rows if row])


def _role(i18n: Gettext, role: Role) -> str:
    return i18n(enum_key("role", role))


# ---------------------------------------------------------------------- the list


def list_keyboard(page: MemberPage, i18n: Gettext) -> InlineKeyboardMarkup:
    filters = page.filters
    code = encode_filters(filters)
    rows: list[list[InlineKeyboardButton]] = []
    for row in page.rows:
        name = row.full_name or f"#{row.id}"
        text = f"{name} — {row.organisation_name}" if row.organisation_name else name
        rows.append([_button(text, CardCb(id=row.id, f=code, p=page.page))])
    rows.append(nav_row(page.page, page.pages, lambda n: ListCb(f=code, p=n), i18n))

    role_text = (
        i18n("directory-filter-role", role=_role(i18n, filters.role))
        if filters.role is not None
        else i18n("directory-filter-role-any")
    )
    pick_row = [_button(role_text, PickCb(k="r", f=code))]
    if not page.organisation_fixed:
        organisation_text = (
            i18n("directory-filter-organisation", name=page.organisation_name or "")
            if filters.organisation_id is not None
            else i18n("directory-filter-organisation-any")
        )
        pick_row.append(_button(organisation_text, PickCb(k="o", f=code)))
    rows.append(pick_row)
    association_text = (
        i18n("directory-filter-association", name=page.association_name or "")
        if filters.association_id is not None
        else i18n("directory-filter-association-any")
    )
    rows.append([_button(association_text, PickCb(k="a", f=code))])

    def toggle(label: str, name: str) -> InlineKeyboardButton:
        on = bool(getattr(filters, name))
        text = i18n("directory-filter-on", label=label) if on else label
        flipped = replace(filters, **{name: not on})
        return _button(text, ListCb(f=encode_filters(flipped)))

    rows.append(
        [
            toggle(i18n("directory-filter-young"), "young"),
            toggle(i18n("directory-filter-mentors"), "mentors"),
        ]
    )
    rows.append(
        [
            toggle(i18n("directory-filter-unregistered"), "unregistered"),
            toggle(i18n("directory-filter-unreachable"), "unreachable"),
        ]
    )
    rows.append([toggle(i18n("directory-filter-deactivated"), "deactivated")])
    last: list[InlineKeyboardButton] = []
    baseline = MemberFilters(
        organisation_id=filters.organisation_id if page.organisation_fixed else None
    )
    if filters != baseline:
        last.append(
            _button(i18n("directory-button-clear-filters"), ListCb(f=encode_filters(baseline)))
        )
    if page.total:
        last.append(_button(i18n("directory-button-export"), ExportCb(f=code)))
    rows.append(last)
    return _markup(rows)


def role_filter_keyboard(
    roles: Sequence[Role], filters: MemberFilters, i18n: Gettext
) -> InlineKeyboardMarkup:
    rows = [
        [_button(_role(i18n, role), ListCb(f=encode_filters(replace(filters, role=role))))]
        for role in roles
    ]
    cleared = encode_filters(replace(filters, role=None))
    rows.append([_button(i18n("directory-choose-any-role"), ListCb(f=cleared))])
    rows.append([_button(i18n("button-back"), ListCb(f=encode_filters(filters)))])
    return _markup(rows)


def choice_filter_keyboard(
    kind: Literal["o", "a"],
    choices: Sequence[Choice],
    filters: MemberFilters,
    picker_page: int,
    i18n: Gettext,
) -> InlineKeyboardMarkup:
    """Organisations or associations to narrow the list to, a page at a time."""
    code = encode_filters(filters)
    shown, page, pages = page_of(choices, picker_page)
    rows: list[list[InlineKeyboardButton]] = []
    for choice in shown:
        chosen = (
            replace(filters, organisation_id=choice.id, association_id=None)
            if kind == "o"
            else replace(filters, association_id=choice.id)
        )
        rows.append([_button(choice.name, ListCb(f=encode_filters(chosen)))])
    rows.append(nav_row(page, pages, lambda n: PickCb(k=kind, f=code, p=n), i18n))
    if kind == "o":
        any_text = i18n("directory-choose-any-organisation")
        cleared = replace(filters, organisation_id=None, association_id=None)
    else:
        any_text = i18n("directory-choose-any-association")
        cleared = replace(filters, association_id=None)
    rows.append([_button(any_text, ListCb(f=encode_filters(cleared)))])
    rows.append([_button(i18n("button-back"), ListCb(f=code))])
    return _markup(rows)


# ---------------------------------------------------------------------- the card


def card_keyboard(
    card: MemberCard, code: str, list_page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    def act(text: str, action: Action) -> InlineKeyboardButton:
        return _button(text, ActCb(id=card.id, a=action, f=code, p=list_page))

    rows: list[list[InlineKeyboardButton]] = []
    if card.can_change_role:
        rows.append([act(i18n("directory-button-role"), "r")])
    if card.can_set_head:
        rows.append([act(i18n("directory-button-head"), "h")])
    pairs: list[InlineKeyboardButton] = []
    if card.can_pick_mentor:
        pairs.append(act(i18n("directory-button-pick-mentor"), "m"))
    if card.can_pick_mentee:
        pairs.append(act(i18n("directory-button-pick-mentee"), "e"))
    rows.append(pairs)
    if card.can_unpair:
        rows.append([act(i18n("directory-button-unpair"), "u")])
    if card.can_deactivate:
        rows.append([act(i18n("directory-button-deactivate"), "d")])
    if card.can_reactivate:
        rows.append([act(i18n("directory-button-reactivate"), "ra")])
    if card.can_route:
        rows.append([act(i18n("directory-button-route"), "rt")])
    rows.append([_button(i18n("directory-button-to-list"), ListCb(f=code, p=list_page))])
    return _markup(rows)


def _back_to_card(
    member_id: int, code: str, list_page: int, i18n: Gettext
) -> list[InlineKeyboardButton]:
    return [_button(i18n("directory-button-to-card"), CardCb(id=member_id, f=code, p=list_page))]


def role_keyboard(
    options: RoleOptions, code: str, list_page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(
                _role(i18n, role),
                RoleCb(id=options.member.id, role=role, ok=False, f=code, p=list_page),
            )
        ]
        for role in options.roles
    ]
    rows.append(_back_to_card(options.member.id, code, list_page, i18n))
    return _markup(rows)


def role_confirm_keyboard(
    preview: RolePreview, code: str, list_page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    yes = RoleCb(id=preview.member.id, role=preview.new, ok=True, f=code, p=list_page)
    no = CardCb(id=preview.member.id, f=code, p=list_page)
    return _markup([[_button(i18n("button-yes"), yes), _button(i18n("button-no"), no)]])


def head_keyboard(
    options: HeadOptions, picker_page: int, code: str, list_page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    member_id = options.member.id
    shown, page, pages = page_of(options.associations, picker_page)
    rows: list[list[InlineKeyboardButton]] = []
    for association in shown:
        if association.is_head:
            text = i18n("directory-head-on", name=association.name)
            action: Action = "hc"
        else:
            text = association.name
            action = "hs"
        data = ActCb(id=member_id, a=action, arg=association.id, f=code, p=list_page)
        rows.append([_button(text, data)])
    rows.append(
        nav_row(page, pages, lambda n: ActCb(id=member_id, a="h", arg=n, f=code, p=list_page), i18n)
    )
    rows.append(_back_to_card(member_id, code, list_page, i18n))
    return _markup(rows)


def pair_keyboard(
    options: PairOptions,
    mode: Literal["m", "e"],
    picker_page: int,
    code: str,
    list_page: int,
    i18n: Gettext,
) -> InlineKeyboardMarkup:
    """Mentors for a young specialist (``m``) or young specialists for a mentor (``e``)."""
    member_id = options.member.id
    chosen: Action = "ms" if mode == "m" else "es"
    shown, page, pages = page_of(options.candidates, picker_page)
    rows = [
        [
            _button(
                person.full_name, ActCb(id=member_id, a=chosen, arg=person.id, f=code, p=list_page)
            )
        ]
        for person in shown
    ]
    rows.append(
        nav_row(
            page, pages, lambda n: ActCb(id=member_id, a=mode, arg=n, f=code, p=list_page), i18n
        )
    )
    rows.append(_back_to_card(member_id, code, list_page, i18n))
    return _markup(rows)


def unpair_keyboard(
    card: MemberCard, code: str, list_page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    for mentor in card.mentors:
        text = i18n("directory-unpair-mentor", name=mentor.full_name)
        rows.append([_button(text, ActCb(id=card.id, a="um", arg=mentor.id, f=code, p=list_page))])
    for mentee in card.mentees:
        text = i18n("directory-unpair-mentee", name=mentee.full_name)
        rows.append([_button(text, ActCb(id=card.id, a="ue", arg=mentee.id, f=code, p=list_page))])
    rows.append(_back_to_card(card.id, code, list_page, i18n))
    return _markup(rows)


def deactivate_keyboard(
    member_id: int, code: str, list_page: int, i18n: Gettext
) -> InlineKeyboardMarkup:
    yes = ActCb(id=member_id, a="ds", f=code, p=list_page)
    no = CardCb(id=member_id, f=code, p=list_page)
    return _markup([[_button(i18n("button-yes"), yes), _button(i18n("button-no"), no)]])
