"""Buttons of /results: the list of surveys, a survey's card and what it can send.

A button carries only the survey's id and what to do; the handler asks the service again
whether the person presses it may see that survey.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import Callback
from bot.services.surveys.results import Results, SurveyRow, percent

BUTTON_TEXT_LIMIT = 60
LISTED = 30  # the newest surveys in the list


class ListCb(Callback, prefix="rsl"):
    """Back to the list of surveys."""


class CardCb(Callback, prefix="rsc"):
    id: int


What = Literal[
    "g",  # charts
    "x",  # Excel
    "c",  # CSV
    "w",  # compare with the previous wave
    "o",  # by organisation
    "d",  # answers per question
]


class DoCb(Callback, prefix="rsd"):
    id: int
    a: What


def _clip(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_LIMIT else text[: BUTTON_TEXT_LIMIT - 1] + "…"


def list_keyboard(rows: Sequence[SurveyRow], i18n: Gettext) -> InlineKeyboardMarkup:
    buttons = []
    for row in rows[:LISTED]:
        key = "survey-results-list-item-closed" if row.closed else "survey-results-list-item"
        label = i18n(key, title=row.title, wave=row.wave, percent=percent(row.submitted, row.total))
        buttons.append(
            [InlineKeyboardButton(text=_clip(label), callback_data=CardCb(id=row.id).pack())]
        )
    return InlineKeyboardMarkup(inline_keyboard=buttons)


def card_keyboard(results: Results, i18n: Gettext) -> InlineKeyboardMarkup:
    def button(key: str, what: What) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=i18n(key), callback_data=DoCb(id=results.survey_id, a=what).pack()
        )

    rows = [
        [button("survey-results-btn-charts", "g"), button("survey-results-btn-details", "d")],
        [button("survey-results-btn-xlsx", "x"), button("survey-results-btn-csv", "c")],
    ]
    if results.has_previous:
        rows.append([button("survey-results-btn-compare", "w")])
    if results.organisation_id is None:
        rows.append([button("survey-results-btn-by-org", "o")])
    rows.append(
        [InlineKeyboardButton(text=i18n("survey-results-btn-back"), callback_data=ListCb().pack())]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)
