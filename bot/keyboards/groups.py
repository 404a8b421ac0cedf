"""Buttons of the group chats capability: the /bind choice and the /groups list's pages."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.keyboards.paging import nav_row, page_of
from bot.services.groups import Choice
from bot.storage.models import AssociationLevel, BindingKind

LABEL_LIMIT = 48
RESTORE_LABEL_LIMIT = 80

# What a button of the /bind choice does.
REPLACE = "go"  # confirm replacing, or go back to the list of kinds
HEADS_ALL = "all"  # bind: heads of all associations
LEVELS = "lvl"  # show the levels
LEVEL = "lv"  # bind: heads of one level (arg: the level)
ASSOCIATIONS = "as"  # show a page of associations (val: the page)
ASSOCIATION = "a"  # bind: one association (val: its id)
ORGANISATIONS = "og"  # show a page of organisations (val: the page)
ORGANISATION = "o"  # bind: one organisation (val: its id)
RESTORE = "rs"  # bring the inactive binding back
CANCEL = "x"  # leave the group as it is
GROUPS_PAGE = "gp"  # a page of the /groups list (val: the page)


class GroupsCb(Callback, prefix="ch"):
    """``owner`` is the member who sent /bind, ``ver`` the group's state when it was sent."""

    act: str
    owner: int = 0
    ver: int = 0
    val: int = 0
    arg: str = ""


def parse_level(arg: str) -> AssociationLevel | None:
    try:
        return AssociationLevel(arg)
    except ValueError:
        return None


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    """A label that fits on a button."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _button(text: str, data: GroupsCb, limit: int = LABEL_LIMIT) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=short(text, limit), callback_data=data.pack())


def replace_keyboard(owner: int, ver: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                _button(i18n("chats-button-replace"), GroupsCb(act=REPLACE, owner=owner, ver=ver)),
                _button(i18n("chats-button-keep"), GroupsCb(act=CANCEL, owner=owner, ver=ver)),
            ]
        ]
    )


def kinds_keyboard(
    owner: int, ver: int, i18n: Gettext, restore_label: str | None = None
) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if restore_label:
        restore = GroupsCb(act=RESTORE, owner=owner, ver=ver)
        rows.append([_button(restore_label, restore, RESTORE_LABEL_LIMIT)])
    for kind, act in (
        (BindingKind.HEADS_ALL, HEADS_ALL),
        (BindingKind.HEADS_LEVEL, LEVELS),
        (BindingKind.ASSOCIATION, ASSOCIATIONS),
        (BindingKind.ORGANISATION, ORGANISATIONS),
    ):
        rows.append(
            [_button(i18n(f"chats-kind-{kind.value}"), GroupsCb(act=act, owner=owner, ver=ver))]
        )
    rows.append([_button(i18n("button-cancel"), GroupsCb(act=CANCEL, owner=owner, ver=ver))])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def levels_keyboard(owner: int, ver: int, i18n: Gettext) -> InlineKeyboardMarkup:
    row = [
        _button(
            i18n(f"chats-level-{level.value}"),
            GroupsCb(act=LEVEL, owner=owner, ver=ver, arg=level.value),
        )
        for level in AssociationLevel
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row, [_back(owner, ver, i18n)]])


def back_keyboard(owner: int, ver: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[_back(owner, ver, i18n)]])


def choice_label(choice: Choice, i18n: Gettext) -> str:
    """An association with where it belongs (its school, or its level); an organisation's name."""
    if choice.place:
        return f"{choice.name} · {choice.place}"
    if choice.level is not None and choice.level is not AssociationLevel.SCHOOL:
        return f"{choice.name} · {i18n(f'chats-level-{choice.level.value}')}"
    return choice.name


def choices_keyboard(
    choices: Sequence[Choice],
    page: int,
    *,
    pick: str,
    turn: str,
    owner: int,
    ver: int,
    i18n: Gettext,
) -> InlineKeyboardMarkup:
    """One page of associations or organisations (``pick`` binds one, ``turn`` pages)."""
    items, page, pages = page_of(choices, page)
    rows = [
        [_button(choice_label(c, i18n), GroupsCb(act=pick, owner=owner, ver=ver, val=c.id))]
        for c in items
    ]
    nav = nav_row(page, pages, lambda p: GroupsCb(act=turn, owner=owner, ver=ver, val=p), i18n)
    if nav:
        rows.append(nav)
    rows.append([_back(owner, ver, i18n)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def groups_keyboard(page: int, pages: int, i18n: Gettext) -> InlineKeyboardMarkup | None:
    nav = nav_row(page, pages, lambda p: GroupsCb(act=GROUPS_PAGE, val=p), i18n)
    return InlineKeyboardMarkup(inline_keyboard=[nav]) if nav else None


def _back(owner: int, ver: int, i18n: Gettext) -> InlineKeyboardButton:
    return _button(i18n("button-back"), GroupsCb(act=REPLACE, owner=owner, ver=ver))
