"""Buttons of surveys. Pushed invitations and reminders carry raw data ``sva:<deadline id>``
(answer the survey behind that deadline, or go on where one stopped).

Every button of a question carries the survey, the respondent unit and the place of the
question on screen in the template (``q``; the review is after the last question): a press
of an old question or of a previous survey names another place and is refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Gettext
from bot.keyboards.callback import CALLBACK_DATA_LIMIT, Callback
from bot.keyboards.picker import button, markup, short

ANSWER = "sva"

# Acts (SvqCb).
GO = "g"  # the question on screen (after the intro)
AGREE = "a"  # «Согласен» under the consent text
DECLINE = "n"  # «Не согласен»
CHOOSE = "c"  # option o of the question on screen
DONE = "d"  # «Готово» under a multiple choice
SKIP = "k"  # «Пропустить» an optional question
BACK = "b"  # «Назад»
LATER = "l"  # «Продолжить позже»
EDIT = "e"  # «Изменить» question t (from the review)
SEND = "s"  # «Отправить» (the review)
ROUTE = "r"  # «Мой маршрут (DOCX)» after the diagnostics

TICK = "☑️ "
PICKED = "✅ "
EDIT_LABEL_LIMIT = 32
# Telegram shows at most 100 buttons under a message; later answers are reached by «Назад».
EDIT_BUTTONS = 90


class SvqCb(Callback, prefix="svq"):
    act: str
    s: int = 0  # survey
    u: int = 0  # respondent unit
    q: int = 0  # the place of the question on screen
    t: int = 0  # the question to change (EDIT)
    o: str = ""  # the option (CHOOSE)


def _cb(act: str, s: int, u: int, q: int, t: int = 0, o: str = "") -> str:
    """A button's data as ``SvqCb(...).pack()`` writes it, without building the model each
    time (a question's screen has up to a dozen buttons and is built at every press); anything
    unusual (the separator in a value, longer than Telegram allows) goes through the model,
    which refuses it."""
    data = f"{SvqCb.__prefix__}:{act}:{s}:{u}:{q}:{t}:{o}"
    if ":" in act or ":" in o or len(data.encode()) > CALLBACK_DATA_LIMIT:
        return SvqCb(act=act, s=s, u=u, q=q, t=t, o=o).pack()
    return data


def start(s: int, u: int, q: int, i18n: Gettext) -> InlineKeyboardMarkup:
    """The intro: «Начать»."""
    return markup([[button(i18n("survey-answer-button-start"), _cb(GO, s, u, q))]])


def consent(s: int, u: int, i18n: Gettext) -> InlineKeyboardMarkup:
    """The intro with a consent text: «Согласен» and «Не согласен» (about the survey, not a
    question: they name none)."""
    return markup(
        [
            [
                button(i18n("survey-answer-button-agree"), _cb(AGREE, s, u, 0)),
                button(i18n("survey-answer-button-decline"), _cb(DECLINE, s, u, 0)),
            ]
        ]
    )


def question(
    s: int,
    u: int,
    q: int,
    options: Sequence[tuple[str, str]],
    chosen: Sequence[str],
    i18n: Gettext,
    *,
    multi: bool,
    in_row: bool,
    optional: bool,
    first: bool,
) -> InlineKeyboardMarkup:
    """Options (in one row for a scale or yes/no), «Готово» under a multiple choice, then
    «Назад», «Пропустить» and «Продолжить позже»."""
    mark = TICK if multi else PICKED
    buttons = [
        button((mark if option in chosen else "") + label, _cb(CHOOSE, s, u, q, o=option))
        for option, label in options
    ]
    rows: list[list[InlineKeyboardButton]] = [buttons] if in_row else [[b] for b in buttons]
    if multi:
        rows.append([button(i18n("survey-answer-button-done"), _cb(DONE, s, u, q))])
    nav = []
    if not first:
        nav.append(button(i18n("survey-answer-button-back"), _cb(BACK, s, u, q)))
    if optional:
        nav.append(button(i18n("survey-answer-button-skip"), _cb(SKIP, s, u, q)))
    rows.append(nav)
    rows.append([button(i18n("survey-answer-button-later"), _cb(LATER, s, u, q))])
    return markup(rows)


def review(
    s: int, u: int, q: int, items: Sequence[tuple[int, int, str]], i18n: Gettext
) -> InlineKeyboardMarkup:
    """«Изменить» for each (number shown, place in the template, text), then «Отправить»."""
    rows = [
        [
            button(
                i18n("survey-answer-button-edit", n=n, text=short(text, EDIT_LABEL_LIMIT)),
                _cb(EDIT, s, u, q, t=t),
            )
        ]
        for n, t, text in items[:EDIT_BUTTONS]
    ]
    rows.append([button(i18n("survey-answer-button-send"), _cb(SEND, s, u, q))])
    rows.append(
        [
            button(i18n("survey-answer-button-back"), _cb(BACK, s, u, q)),
            button(i18n("survey-answer-button-later"), _cb(LATER, s, u, q)),
        ]
    )
    return markup(rows)


def resume(deadline_id: int, label: str) -> InlineKeyboardMarkup:
    """After «Продолжить позже» or «Не согласен»: go on, or begin again (the invitation's
    button does the same)."""
    return markup([[button(label, f"{ANSWER}:{deadline_id}")]])


def route(s: int, i18n: Gettext) -> InlineKeyboardMarkup:
    return markup([[button(i18n("survey-answer-button-route"), _cb(ROUTE, s, 0, 0))]])
