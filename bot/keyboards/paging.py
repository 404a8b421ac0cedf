"""Paginated choice lists: a page of buttons and a navigation row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton

from bot.i18n import Gettext

T = TypeVar("T")
PER_PAGE = 8


def page_of(items: Sequence[T], page: int, per_page: int = PER_PAGE) -> tuple[list[T], int, int]:
    """The items of ``page`` (clamped into range), the page itself and the number of pages."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(page, 0), pages - 1)
    start = page * per_page
    return list(items[start : start + per_page]), page, pages


def nav_row(
    page: int, pages: int, to_page: Callable[[int], CallbackData], i18n: Gettext
) -> list[InlineKeyboardButton]:
    """Back · page 2 of 5 · Next — empty when everything fits on one page."""
    if pages <= 1:
        return []
    row: list[InlineKeyboardButton] = []
    if page > 0:
        row.append(
            InlineKeyboardButton(text=i18n("nav-prev"), callback_data=to_page(page - 1).pack())
        )
    row.append(
        InlineKeyboardButton(
            text=i18n("nav-page", page=page + 1, pages=pages),
            callback_data=to_page(page).pack(),
        )
    )
    if page < pages - 1:
        row.append(
            InlineKeyboardButton(text=i18n("nav-next"), callback_data=to_page(page + 1).pack())
        )
    return row
