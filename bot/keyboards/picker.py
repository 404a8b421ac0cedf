"""The pieces every screen's buttons are made of, and the paged single- or multi-choice picker.

A picker shows items (id, label), ticks the chosen ones and, when they do not fit on one page,
adds a navigation row. Whether a press ticks one item (single choice) or toggles it (multiple
choice) is the handler's business: the buttons are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.paging import nav_row, page_of

LABEL_LIMIT = 48
MARK = "✅ "

Rows = list[list[InlineKeyboardButton]]


def short(text: str, limit: int = LABEL_LIMIT) -> str:
    """A label that fits on a button."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def marked(text: str, on: bool) -> str:
    return MARK + text if on else text


def button(text: str, data: CallbackData | str) -> InlineKeyboardButton:
    packed = data if isinstance(data, str) else data.pack()
    return InlineKeyboardButton(text=short(text), callback_data=packed)


def markup(rows: Sequence[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    """The rows that have buttons."""
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def choices(
    items: Sequence[tuple[int, str]],
    chosen: Collection[int],
    pick: Callable[[int, int], CallbackData],
    i18n: Gettext,
    *,
    page: int = 0,
    turn: Callable[[int], CallbackData] | None = None,
) -> Rows:
    """A button a row for the items (id, label) of ``page``, the chosen ones ticked; ``pick``
    makes a button's data from the item's id and the page. With ``turn`` (the data of a page),
    the items are paged and a navigation row follows; without it, all are shown."""
    if turn is None:
        shown, pages = list(items), 1
    else:
        shown, page, pages = page_of(items, page)
    rows = [
        [button(marked(label, item_id in chosen), pick(item_id, page))] for item_id, label in shown
    ]
    if turn is not None:
        rows.append(nav_row(page, pages, turn, i18n))
    return rows
