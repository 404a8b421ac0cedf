"""Answering a template: which question comes next, typed and pressed answers, the review.

Answers are a JSON-ready dict, question id → value:

* single and multi: ``{"chosen": [option ids], "other": text | None}`` — one shape for both;
  a single answer has exactly one id in ``chosen``; ``other`` is the free text of the
  option ``other`` and is None unless that option is chosen;
* scale: ``int`` 1–5; yesno: ``bool``; text and longtext: ``str``;
  number: ``int`` (a whole number) or ``float``; date: an ISO date ``str`` (``2026-10-25``).

A question is answered when its value has that shape and is not empty; a chosen "Other"
without its text is not an answer yet (``needs_other``). An absent id or None means "not
answered" (a skipped optional question).

Show-if is evaluated in the template's order, so a condition sees only visible questions:
a condition on a hidden or unanswered question does not hold. A question whose condition
looks at a hidden question is thus hidden too (in an ``any`` group another branch may still
show it).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import dateparser.conf
from dateparser.languages.loader import default_loader

from bot.i18n import Gettext
from bot.services.errors import DomainError
from bot.services.surveys.model import (
    OTHER,
    SCALE_MAX,
    SCALE_MIN,
    Condition,
    Question,
    QuestionType,
    Template,
)
from bot.storage.surveys import AnswerRow

Answers = dict[str, Any]

TEXT_LIMIT = 300
LONGTEXT_LIMIT = 2000
FIRST_YEAR = 1900
LAST_YEAR = 2100

_NUMBER = re.compile(r"[+-]?\d{1,15}(?:\.\d{1,6})?")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?")
# dateparser's canonical words for today, yesterday and tomorrow, typed in Russian or English.
_DAY_WORDS = {"0 day ago": 0, "1 day ago": -1, "in 1 day": 1}
_WORD_LOCALES = [default_loader.get_locale(code) for code in ("ru", "en")]


# ---------------------------------------------------------------- what is shown


def is_answered(question: Question, value: Any) -> bool:
    """Whether ``value`` is a complete answer to ``question`` (see the module's shapes)."""
    if value is None:
        return False
    kind = question.type
    if kind is QuestionType.SINGLE or kind is QuestionType.MULTI:
        chosen = _chosen(value)
        if not chosen or (kind is QuestionType.SINGLE and len(chosen) != 1):
            return False
        return not needs_other(question, value)
    if kind is QuestionType.SCALE:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is QuestionType.YESNO:
        return isinstance(value, bool)
    if kind is QuestionType.NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str) and bool(value.strip())


def counted(template: Template, answers: Answers) -> list[AnswerRow]:
    """The rows a handed-in response is counted by: one per answered question (in the sense
    of :func:`is_answered`; an unanswered one has none) with its value — a scale or a number
    in ``number``, yes/no as 1 or 0, a text or an ISO date in ``text``, the text of «Другое»
    on a choice question's own row — and one per option chosen (``choice``)."""
    out: list[AnswerRow] = []
    for question in template.questions:
        value = answers.get(question.id)
        if not is_answered(question, value):
            continue
        kind = question.type
        if kind is QuestionType.SINGLE or kind is QuestionType.MULTI:
            chosen = _chosen(value)
            other = _other(value) if OTHER in chosen else None
            out.append(AnswerRow(question.id, text=other.strip() if other else None))
            out.extend(AnswerRow(question.id, choice=c) for c in dict.fromkeys(chosen))
        elif kind is QuestionType.SCALE or kind is QuestionType.NUMBER:
            out.append(AnswerRow(question.id, number=float(value)))
        elif kind is QuestionType.YESNO:
            out.append(AnswerRow(question.id, number=1.0 if value else 0.0))
        else:
            out.append(AnswerRow(question.id, text=value))
    return out


def needs_other(question: Question, value: Any) -> bool:
    """ "Other" is chosen but its text is not given yet."""
    if question.type not in (QuestionType.SINGLE, QuestionType.MULTI):
        return False
    return OTHER in _chosen(value) and not _other(value)


def visible(template: Template, answers: Answers) -> list[Question]:
    """The questions shown for these answers, in order."""
    by_id = {q.id: q for q in template.questions}
    shown: set[str] = set()
    out: list[Question] = []
    for question in template.questions:
        if question.show_if is None or _holds(question.show_if, by_id, answers, shown):
            shown.add(question.id)
            out.append(question)
    return out


def next_question(template: Template, answers: Answers, after: str | None) -> Question | None:
    """The first visible question after ``after`` (the first of all when None); None at the end.

    ``after`` need not be visible any more (its answer may have hidden it): the order of the
    template decides. ``KeyError`` for an id the template does not have.
    """
    start = -1 if after is None else template.index(after)
    order = {q.id: i for i, q in enumerate(template.questions)}
    for question in visible(template, answers):
        if order[question.id] > start:
            return question
    return None


def previous_question(template: Template, answers: Answers, before: str) -> Question | None:
    """The last visible question before ``before``; None at the start."""
    end = template.index(before)
    order = {q.id: i for i, q in enumerate(template.questions)}
    found = None
    for question in visible(template, answers):
        if order[question.id] >= end:
            break
        found = question
    return found


def first_unanswered(template: Template, answers: Answers) -> Question | None:
    """The first visible question with no answer at all (None when every one has one).

    A skipped optional question has no answer either: to resume exactly where a person
    stopped, keep the id of the question shown and use ``next_question``.
    """
    for question in visible(template, answers):
        if not is_answered(question, answers.get(question.id)):
            return question
    return None


def prune(template: Template, answers: Answers) -> Answers:
    """Only the answers of visible questions (and never None or an unknown id)."""
    return {
        q.id: answers[q.id] for q in visible(template, answers) if answers.get(q.id) is not None
    }


def missing(template: Template, answers: Answers) -> list[Question]:
    """Required visible questions without a complete answer."""
    return [
        q
        for q in visible(template, answers)
        if q.required and not is_answered(q, answers.get(q.id))
    ]


def _holds(
    condition: Condition, by_id: dict[str, Question], answers: Answers, shown: set[str]
) -> bool:
    if condition.question is not None:
        if condition.question not in shown:
            return False
        question = by_id[condition.question]
        value = answers.get(condition.question)
        if not is_answered(question, value):
            return False
        return _matches(question, value, condition.values)
    if condition.all_of:
        return all(_holds(c, by_id, answers, shown) for c in condition.all_of)
    return any(_holds(c, by_id, answers, shown) for c in condition.any_of)


def _matches(question: Question, value: Any, values: tuple[str, ...]) -> bool:
    if question.type in (QuestionType.SINGLE, QuestionType.MULTI):
        return bool(set(_chosen(value)) & set(values))
    if question.type is QuestionType.YESNO:
        return ("yes" if value else "no") in values
    if question.type in (QuestionType.SCALE, QuestionType.NUMBER):
        return any(_same_number(value, v) for v in values)
    return value in values


def _same_number(value: float, text: str) -> bool:
    try:
        return float(value) == float(text)
    except ValueError:
        return False


def _chosen(value: Any) -> list[str]:
    if isinstance(value, dict) and isinstance(value.get("chosen"), list):
        return [c for c in value["chosen"] if isinstance(c, str)]
    return []


def _other(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("other"), str) and value["other"].strip():
        return value["other"]
    return None


# ---------------------------------------------------------------- typed answers


def parse_text(question: Question, raw: str | None, today: date) -> Any:
    """A typed answer as its value; a ``DomainError`` with a text key when it does not fit.

    Texts: at most 300 characters (text) or 2,000 (longtext). Numbers: ``12,5`` or ``12.5``,
    spaces between digits allowed, within the question's range. A scale may be typed as its
    number. Dates: ``25.10.2026``, ``25.10.26``, ``25.10`` (this calendar year) or the words
    today, yesterday, tomorrow (in Russian or English). Choice and yes/no questions are
    answered with buttons.
    """
    text = (raw or "").strip()
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.YESNO):
        raise DomainError("survey-error-use-buttons")
    if not text:
        raise DomainError("survey-error-empty")
    if kind is QuestionType.TEXT or kind is QuestionType.LONGTEXT:
        return clean_text(text, TEXT_LIMIT if kind is QuestionType.TEXT else LONGTEXT_LIMIT)
    if kind is QuestionType.NUMBER:
        number = _parse_number(text)
        _check_range(number, question.min, question.max)
        return number
    if kind is QuestionType.SCALE:
        number = _parse_number(text)
        if not isinstance(number, int) or not SCALE_MIN <= number <= SCALE_MAX:
            raise _out_of_range(SCALE_MIN, SCALE_MAX)
        return number
    return _parse_date(text, today).isoformat()


def clean_text(raw: str | None, limit: int = TEXT_LIMIT) -> str:
    text = (raw or "").strip()
    if not text:
        raise DomainError("survey-error-empty")
    if len(text) > limit:
        raise DomainError("survey-error-too-long", limit=limit, length=len(text))
    return text


def _parse_number(text: str) -> int | float:
    s = _SPACES.sub("", text).replace(",", ".").replace("\u2212", "-")
    if not _NUMBER.fullmatch(s):
        raise DomainError("survey-error-not-a-number")
    number = float(s)
    if "." not in s or number.is_integer():
        return int(number)
    return number


def _check_range(number: float, low: float | None, high: float | None) -> None:
    if (low is not None and number < low) or (high is not None and number > high):
        raise _out_of_range(low, high)


def _out_of_range(low: float | None, high: float | None) -> DomainError:
    bounds = "both" if low is not None and high is not None else "min" if low is not None else "max"
    return DomainError("survey-error-out-of-range", min=low, max=high, bounds=bounds)


def _parse_date(text: str, today: date) -> date:
    s = text.lower().rstrip(". ")
    match = _DATE.fullmatch(s)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        year_text = match.group(3)
        year = today.year if year_text is None else int(year_text)
        if year_text is not None and len(year_text) == 2:
            year += 2000
        try:
            found = date(year, month, day)
        except ValueError:
            raise _not_a_date(today) from None
        if not FIRST_YEAR <= found.year <= LAST_YEAR:
            raise _not_a_date(today)
        return found
    for locale in _WORD_LOCALES:
        words = locale.translate(s, settings=dateparser.conf.settings).strip()
        if words in _DAY_WORDS:
            return today + timedelta(days=_DAY_WORDS[words])
    raise _not_a_date(today)


def _not_a_date(today: date) -> DomainError:
    return DomainError(
        "survey-error-not-a-date",
        example_full=today.strftime("%d.%m.%Y"),
        example_short=today.strftime("%d.%m"),
    )


# ---------------------------------------------------------------- pressed answers


def choose(question: Question, value: Any, option_id: str) -> Any:
    """The new value after a button: pick (single, yesno, scale) or toggle (multi).

    Option ids of yes/no are ``yes`` and ``no``; of a scale its numbers (``"1"``–``"5"``).
    Choosing "Other" keeps a text given before; its text comes through ``set_other``.
    """
    kind = question.type
    if kind is QuestionType.SINGLE:
        _option(question, option_id)
        other = _other(value) if option_id == OTHER else None
        return {"chosen": [option_id], "other": other}
    if kind is QuestionType.MULTI:
        _option(question, option_id)
        chosen = _chosen(value)
        other = _other(value)
        if option_id in chosen:
            chosen = [c for c in chosen if c != option_id]
            if option_id == OTHER:
                other = None
        else:
            if question.max_choices is not None and len(chosen) >= question.max_choices:
                raise DomainError("survey-error-too-many-choices", limit=question.max_choices)
            chosen = [*chosen, option_id]
        order = {o.id: i for i, o in enumerate(question.options)}
        chosen = sorted((c for c in chosen if c in order), key=order.__getitem__)
        return {"chosen": chosen, "other": other}
    if kind is QuestionType.YESNO:
        if option_id not in ("yes", "no"):
            raise DomainError("survey-error-no-such-option")
        return option_id == "yes"
    if kind is QuestionType.SCALE:
        if not option_id.isdigit():
            raise DomainError("survey-error-no-such-option")
        number = int(option_id)
        if not SCALE_MIN <= number <= SCALE_MAX:
            raise _out_of_range(SCALE_MIN, SCALE_MAX)
        return number
    raise DomainError("survey-error-type-answer")


def set_other(question: Question, value: Any, raw: str | None) -> Any:
    """The value with "Other" chosen and its text (at most 300 characters) set."""
    if question.type not in (QuestionType.SINGLE, QuestionType.MULTI) or not question.has_other:
        raise DomainError("survey-error-use-buttons")
    text = clean_text(raw, TEXT_LIMIT)
    if question.type is QuestionType.SINGLE:
        return {"chosen": [OTHER], "other": text}
    chosen = _chosen(value)
    if OTHER not in chosen:
        value = choose(question, value, OTHER)
    return {"chosen": _chosen(value), "other": text}


def _option(question: Question, option_id: str) -> None:
    if question.option(option_id) is None:
        raise DomainError("survey-error-no-such-option")


# ---------------------------------------------------------------- showing


def choices(question: Question, i18n: Gettext) -> list[tuple[str, str]]:
    """(option id, label) of each button of a question; empty for a typed answer."""
    if question.type in (QuestionType.SINGLE, QuestionType.MULTI):
        return [(o.id, o.text) for o in question.options]
    if question.type is QuestionType.YESNO:
        return [("yes", i18n("survey-answer-yes")), ("no", i18n("survey-answer-no"))]
    if question.type is QuestionType.SCALE:
        return [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]
    return []


def format_answer(question: Question, value: Any, i18n: Gettext) -> str:
    """An answer as the review screen shows it."""
    if not is_answered(question, value) and not (
        question.type in (QuestionType.SINGLE, QuestionType.MULTI) and _chosen(value)
    ):
        return i18n("survey-answer-none")
    kind = question.type
    if kind in (QuestionType.SINGLE, QuestionType.MULTI):
        parts = []
        for option_id in _chosen(value):
            option = question.option(option_id)
            label = option.text if option is not None else option_id
            other = _other(value)
            if option_id == OTHER and other:
                label = i18n("survey-answer-other", option=label, text=other)
            parts.append(label)
        return "; ".join(parts)
    if kind is QuestionType.SCALE:
        label = None
        if value == SCALE_MIN:
            label = question.low_label
        elif value == SCALE_MAX:
            label = question.high_label
        if label:
            return i18n("survey-answer-scale-labelled", value=value, max=SCALE_MAX, label=label)
        return i18n("survey-answer-scale", value=value, max=SCALE_MAX)
    if kind is QuestionType.YESNO:
        return i18n("survey-answer-yes") if value else i18n("survey-answer-no")
    if kind is QuestionType.NUMBER:
        return i18n("survey-answer-number", value=value)
    if kind is QuestionType.DATE:
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)
