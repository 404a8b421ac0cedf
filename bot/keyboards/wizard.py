"""The buttons every wizard shares: the acts of its preview's «Изменить» menu and the menu."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.picker import button, markup

EDIT = "E"  # the list of fields to change
EDIT_FIELD = "F"  # change fields[v]
BACK = "B"  # back to the preview
CANCEL = "X"  # drop the draft


def field_menu(
    data: Callable[..., CallbackData],
    w: int,
    prefix: str,
    fields: Sequence[str],
    shown: Sequence[str],
    i18n: Gettext,
    *,
    back: bool = True,
) -> InlineKeyboardMarkup:
    """A button per field in ``shown`` (``{prefix}-field-{name}``; its data carries the
    field's place in ``fields``), two a row; «Назад» to the preview when there is one to go
    back to (not after a refused preview); «Отмена»."""
    buttons = [
        button(i18n(f"{prefix}-field-{name}"), data(act=EDIT_FIELD, w=w, v=fields.index(name)))
        for name in shown
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if back:
        rows.append([button(i18n(f"{prefix}-button-back"), data(act=BACK, w=w))])
    rows.append([button(i18n(f"{prefix}-button-cancel"), data(act=CANCEL, w=w))])
    return markup(rows)
