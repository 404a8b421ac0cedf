"""Keyboards of invitations, onboarding and the profile."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import Gettext, enum_key
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.storage.models import Role


class Consent(Callback, prefix="ob"):
    agree: bool
    invite: int


class Pick(Callback, prefix="op"):
    """A choice in onboarding (flow "o") or the profile (flow "p")."""

    flow: str
    what: str  # org | orgs (page) | asc (toggle) | done | year | mentor | lang
    value: int = 0


class Me(Callback, prefix="pf"):
    action: str  # name | org | asc | year | mentor | lang | forget | forget_yes | forget_no | ok


class Inv(Callback, prefix="iv"):
    action: str  # revoke | revoke_yes | list
    value: int = 0


class InviteCb(Callback, prefix="iw"):
    """A button of the /invite wizard ``w``."""

    act: str  # role | org | orgs | asc | days | uses | summary | create | cancel
    w: int
    v: int = 0


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _markup(rows: Iterable[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def consent(i18n: Gettext, invite_id: int) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(i18n("onboarding-agree"), Consent(agree=True, invite=invite_id)),
                _button(i18n("onboarding-disagree"), Consent(agree=False, invite=invite_id)),
            ]
        ]
    )


def use_telegram_name(name: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=name)]], resize_keyboard=True, one_time_keyboard=True
    )


def organisations(
    i18n: Gettext, flow: str, items: Sequence[tuple[int, str]], page: int
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[_button(name, Pick(flow=flow, what="org", value=oid))] for oid, name in shown]
    rows.append(nav_row(page, pages, lambda p: Pick(flow=flow, what="orgs", value=p), i18n))
    return _markup(rows)


def associations(
    i18n: Gettext, flow: str, items: Sequence[tuple[int, str]], chosen: set[int]
) -> InlineKeyboardMarkup:
    rows = [
        [_button(("✅ " if aid in chosen else "▫️ ") + name, Pick(flow=flow, what="asc", value=aid))]
        for aid, name in items
    ]
    done = "onboarding-associations-done" if chosen or flow == "p" else "onboarding-skip"
    rows.append([_button(i18n(done), Pick(flow=flow, what="done"))])
    return _markup(rows)


def years(i18n: Gettext, flow: str, this_year: int) -> InlineKeyboardMarkup:
    recent = [this_year - k for k in range(6)]
    rows = [
        [_button(str(y), Pick(flow=flow, what="year", value=y)) for y in recent[:3]],
        [_button(str(y), Pick(flow=flow, what="year", value=y)) for y in recent[3:]],
        [_button(i18n("onboarding-year-earlier"), Pick(flow=flow, what="year", value=0))],
    ]
    return _markup(rows)


def yes_no(i18n: Gettext, flow: str, what: str) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(i18n("button-yes"), Pick(flow=flow, what=what, value=1)),
                _button(i18n("button-no"), Pick(flow=flow, what=what, value=0)),
            ]
        ]
    )


def profile(i18n: Gettext, may_move: bool, is_teacher: bool) -> InlineKeyboardMarkup:
    rows = [[_button(i18n("profile-edit-name"), Me(action="name"))]]
    if may_move:
        rows.append(
            [
                _button(i18n("profile-edit-organisation"), Me(action="org")),
                _button(i18n("profile-edit-associations"), Me(action="asc")),
            ]
        )
    if is_teacher:
        rows.append(
            [
                _button(i18n("profile-edit-year"), Me(action="year")),
                _button(i18n("profile-edit-mentor"), Me(action="mentor")),
            ]
        )
    rows.append([_button(i18n("profile-edit-language"), Me(action="lang"))])
    rows.append([_button(i18n("profile-forget"), Me(action="forget"))])
    return _markup(rows)


def languages(i18n: Gettext, locales: Sequence[str]) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(i18n(f"language-{code}"), Pick(flow="p", what="lang", value=i))
                for i, code in enumerate(locales)
            ]
        ]
    )


def forget_confirm(i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [_button(i18n("forget-confirm"), Me(action="forget_yes"))],
            [_button(i18n("forget-keep"), Me(action="forget_no"))],
        ]
    )


def reconfirm(i18n: Gettext) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(i18n("button-yes"), Me(action="ok")),
                _button(i18n("reconfirm-change"), Me(action="edit")),
            ]
        ]
    )


def invite_roles(w: int, i18n: Gettext, roles: Iterable[Role]) -> InlineKeyboardMarkup:
    order = list(Role)
    return _markup(
        [
            [_button(i18n(enum_key("role", r)), InviteCb(act="role", w=w, v=order.index(r)))]
            for r in roles
        ]
    )


def invite_organisations(
    w: int, i18n: Gettext, items: Sequence[tuple[int, str]], page: int, optional: bool
) -> InlineKeyboardMarkup:
    shown, page, pages = page_of(items, page)
    rows = [[_button(name, InviteCb(act="org", w=w, v=oid))] for oid, name in shown]
    rows.append(nav_row(page, pages, lambda p: InviteCb(act="orgs", w=w, v=p), i18n))
    if optional:
        rows.append([_button(i18n("invite-no-organisation"), InviteCb(act="org", w=w, v=0))])
    return _markup(rows)


def invite_associations(
    w: int, i18n: Gettext, items: Sequence[tuple[int, str]], chosen: Collection[int]
) -> InlineKeyboardMarkup:
    rows = [
        [_button(("✅ " if aid in chosen else "▫️ ") + name, InviteCb(act="asc", w=w, v=aid))]
        for aid, name in items
    ]
    rows.append([_button(i18n("invite-associations-done"), InviteCb(act="summary", w=w))])
    return _markup(rows)


def invite_summary(w: int, i18n: Gettext, days: int, uses: int | None) -> InlineKeyboardMarkup:
    uses_text = i18n("invite-uses-unlimited") if uses is None else str(uses)
    days_text = i18n("invite-button-days", days=i18n("days", count=days))
    return _markup(
        [
            [_button(days_text, InviteCb(act="days", w=w))],
            [_button(i18n("invite-button-uses", uses=uses_text), InviteCb(act="uses", w=w))],
            [
                _button(i18n("invite-create"), InviteCb(act="create", w=w)),
                _button(i18n("button-cancel"), InviteCb(act="cancel", w=w)),
            ],
        ]
    )


def invite_list(i18n: Gettext, items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return _markup(
        [
            [_button(i18n("invite-revoke", label=label), Inv(action="revoke", value=iid))]
            for iid, label in items
        ]
    )


def revoke_confirm(i18n: Gettext, invite_id: int) -> InlineKeyboardMarkup:
    return _markup(
        [
            [
                _button(i18n("invite-revoke-yes"), Inv(action="revoke_yes", value=invite_id)),
                _button(i18n("button-cancel"), Inv(action="list")),
            ]
        ]
    )
