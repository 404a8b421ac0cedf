"""The «Срок» cell of a roadmap row: when the activity is due, if ever.

``parse_term(text, plan_year)`` never raises; it answers with a :class:`Term` of one of
three kinds:

* **DATED** — due dates to remind on, sorted, each inside the plan's academic year (see
  :mod:`bot.services.calendar`) or in the year the text names.
* **STANDING** — an activity with no date: «в постоянном режиме», «в течение года», «по
  мере необходимости», «по графику», «по запросу», a year or a span of years («2021 год»,
  «2021-2024гг»), a bare «ежегодно». Listed, never reminded.
* **UNKNOWN** — anything else, including an empty cell: listed back for dating by hand.

The text is read in a Latin transliteration (see :func:`bot.services.tables.latin`), word by
word; a month is known by its stem in any case («сентябрь», «сентября», «сентябре»).

Rules of the dated forms:

* A month is due on its last day; a bare month belongs to the plan's academic year
  («Январь» in a 2026 plan is 31 Jan 2027). A month with a year («Декабрь 2020», «Июнь,
  2021») is in that year, and that year pins the academic year of the other months in the
  same cell.
* A range of months («Сентябрь-апрель», «с сентября по май») is one due date at the end of
  the last month, ``starts`` the first day of the first month (a year earlier when the first
  month comes later in the calendar: «Сентябрь-апрель» starts in September 2026).
* A day and a month («до 15 сентября», «на 1 февраля», «15.09», «15.09.26») is due on that
  day; two-digit years are 20xx. A range of days («23-27.01.23», «30.01.- 03.02.23», «23-27
  января») is due on its last day and ``starts`` on its first.
* Several items («ноябрь, декабрь, март, май», «Октябрь. Ноябрь», one per line) give one
  date each. Only months: recurrence MONTHS; otherwise ONCE (or YEARLY, below).
* «ежегодно» or «… раз в год» with a date: YEARLY. Alone: STANDING.
* School quarters («1 раз в четверть», «ежеквартально», «по 1 в четверть»): QUARTERLY, due
  at the end of each quarter; a numbered quarter («2 четверть») is that quarter's end only.
* Half-years («1 и 2 полугодие», «раз в полугодие»): the end of each named half-year (both
  when none is named), YEARLY: a half-year is a part of every academic year.
* «ежемесячно» (or «… раз в месяц»): MONTHLY, the end of every teaching month (September–
  May), or of every month of a range given with it («ежемесячно, сентябрь-апрель»).
* Words that are neither dates nor known fillers («в», «до», «на», «с», «по», «и», «года»,
  «в течение») make the cell not DATED; words of the standing forms next to a date («по
  графику, октябрь») leave the date. Quarters or half-years mixed with dates are UNKNOWN.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.services.calendar import (
    academic_month_year,
    academic_months,
    academic_year_of,
    half_years,
    month_end,
    school_quarters,
)
from bot.services.tables import clean_text, latin

__all__ = ["Recurrence", "Term", "TermKind", "parse_term"]

MIN_YEAR = 1990
MAX_YEAR = 2100
MAX_TEXT = 500  # a term cell longer than this is not a term

# Month stems in the Latin transliteration, January first: every case form starts with one.
MONTH_STEMS = (
    "yanvar",
    "fevral",
    "mart",
    "aprel",
    "ma",  # may: "maj", "maya", "mae" (checked exactly, see _month_of)
    "iyun",
    "iyul",
    "avgust",
    "sentyabr",
    "oktyabr",
    "noyabr",
    "dekabr",
)
MAY_FORMS = frozenset({"maj", "maya", "mae"})
FILLERS = frozenset(
    {"v", "vo", "do", "na", "s", "so", "po", "i", "k", "techenie", "konce", "kazhdyj"}
)
YEAR_WORDS = frozenset({"god", "goda", "godu"})
YEARLY_WORDS = frozenset({"ezhegodno", "ezhegodnoe", "ezhegodnyj"})
MONTHLY_WORDS = frozenset({"ezhemesyachno", "mesyac", "mesyaca"})
QUARTER_STEMS = ("chetvert", "ezhekvartal", "kvartal")
HALF_STEM = "polugodi"
TIMES_WORDS = frozenset({"raz", "raza"})
STANDING_STEMS = (
    "postoyann",
    "v techenie",
    "mere neobhodim",
    "neobhodimost",
    "grafik",
    "zapros",
    "regulyarn",
    "sistematichesk",
    "ezhegodno",
)


class TermKind(StrEnum):
    DATED = "dated"
    STANDING = "standing"
    UNKNOWN = "unknown"


class Recurrence(StrEnum):
    ONCE = "once"
    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Term:
    """What a term cell says: due dates (sorted), when the work starts, how it recurs.

    ``note`` is the cell as written, whitespace collapsed and lines joined by ", ".
    """

    kind: TermKind
    dates: tuple[date, ...] = ()
    starts: date | None = None
    recurrence: Recurrence = Recurrence.ONCE
    note: str = ""


# --- tokens -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<drange>(?P<d1>\d{1,2})(?:\.(?P<m1>\d{1,2}))?\.?\s*-\s*
               (?P<d2>\d{1,2})\.(?P<m2>\d{1,2})(?:\.(?P<y2>\d{4}|\d{2})(?!\d))?)
    |(?P<ndate>(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?:\.(?P<y>\d{4}|\d{2})(?!\d))?)
    |(?P<yspan>\d{4}\s*-\s*\d{4}(?:\s*(?:gg?|god[a-z]*)\b)?)
    |(?P<year>\d{4}(?!\d)(?:\s*(?:gg?|god[a-z]*)\b)?)
    |(?P<num>\d{1,3})
    |(?P<word>[a-z]+)
    |(?P<dash>-)
    |(?P<sep>[,.;:/()\[\]!?+"'*\s])
    """,
    re.VERBOSE,
)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # drange ndate yspan year num month word dash sep
    text: str
    match: re.Match[str] | None = None
    month: int = 0


class _NotATerm(Exception):
    """The text is not a dated term (a private signal inside this module)."""


def _month_of(word: str) -> int:
    """1..12 when the word is a month name in any case, else 0."""
    if word in MAY_FORMS:
        return 5
    for number, stem in enumerate(MONTH_STEMS, start=1):
        if number != 5 and word.startswith(stem) and len(word) <= len(stem) + 3:
            return number
    return 0


def _tokens(text: str) -> Iterator[_Tok]:
    """Tokens of the transliterated text; characters no token knows end the reading."""
    position = 0
    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None:
            raise _NotATerm
        position = found.end()
        kind = found.lastgroup or "sep"
        if kind == "sep":
            yield _Tok("sep", found.group())
        elif kind == "word":
            month = _month_of(found.group())
            yield _Tok("month" if month else "word", found.group(), found, month)
        else:
            yield _Tok(kind, found.group(), found)


def _normalise(text: str) -> str:
    """Lines joined by ", ", transliterated, dashes unified."""
    return latin(", ".join(text.splitlines())).translate(_DASHES)


# --- reading ------------------------------------------------------------------------------


@dataclass
class _Flags:
    yearly: bool = False
    monthly: bool = False
    quarters: set[int] | None = None  # empty set: every quarter
    halves: set[int] | None = None  # empty set: both halves


@dataclass(frozen=True, slots=True)
class _Point:
    """One side of an item: a day or a whole month, with a year when one was written."""

    month: int
    day: int | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class _Item:
    first: _Point | None
    last: _Point


def _two_digit(year: str | None) -> int | None:
    if not year:
        return None
    value = int(year)
    return 2000 + value if value < 100 else value


class _Reader:
    """Walks the tokens once, collecting items (dates, months, ranges) and flags."""

    def __init__(self, tokens: list[_Tok]) -> None:
        self.tokens = [t for t in tokens if t.kind != "sep" or t.text.strip() not in ("", "(", ")")]
        self.position = 0
        self.items: list[_Item] = []
        self.flags = _Flags()
        self.has_years = False

    def peek(self, ahead: int = 0) -> _Tok | None:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Tok:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def read(self) -> None:
        while self.peek() is not None:
            self.step()

    def step(self) -> None:
        token = self.take()
        if token.kind == "sep":
            return
        if token.kind == "drange":
            self.items.append(_day_range(token))
        elif token.kind == "ndate":
            self.items.append(self.range_from(_numeric_point(token)))
        elif token.kind in ("yspan", "year"):
            self.year(token)
        elif token.kind == "num":
            self.number(token)
        elif token.kind == "month":
            self.items.append(self.range_from(self.month_point(token.month, None)))
        elif token.kind == "word":
            self.word(token.text)
        else:
            raise _NotATerm

    def word(self, word: str) -> None:
        if word in YEARLY_WORDS:
            self.flags.yearly = True
        elif word in MONTHLY_WORDS:
            self.flags.monthly = True
        elif word in YEAR_WORDS:
            self.flags.yearly = True
        elif word.startswith(QUARTER_STEMS):
            self.flags.quarters = self.flags.quarters or set()
        elif word.startswith(HALF_STEM):
            self.flags.halves = self.flags.halves or set()
        elif word not in FILLERS and not word.startswith(STANDING_STEMS):
            raise _NotATerm

    def number(self, token: _Tok) -> None:
        """A day before a month, a count before «раз», or the number of a quarter/half."""
        value = int(token.text)
        following = self.peek()
        if following is not None and following.kind == "word" and following.text in TIMES_WORDS:
            self.take()
            return
        if following is not None and following.kind == "month":
            self.take()
            self.items.append(self.range_from(self.month_point(following.month, value)))
            return
        if following is not None and (following.kind == "dash" or following.text == "po"):
            after, month = self.peek(1), self.peek(2)
            if after and after.kind == "num" and month and month.kind == "month":
                self.position += 3
                last = self.month_point(month.month, int(after.text))
                self.items.append(_Item(_Point(last.month, value, last.year), last))
                return
        self.ordinal(value)

    def ordinal(self, value: int) -> None:
        """«1 и 2 полугодие», «2 четверть»: the number of a quarter or a half-year."""
        rest = [t.text for t in self.tokens[self.position :] if t.kind == "word"]
        names_half = any(w.startswith(HALF_STEM) for w in rest[:3])
        names_quarter = any(w.startswith(QUARTER_STEMS) for w in rest[:3])
        if names_half and value in (1, 2):
            self.flags.halves = (self.flags.halves or set()) | {value}
        elif names_quarter and 1 <= value <= 4 and not _is_count(self.tokens, self.position):
            self.flags.quarters = (self.flags.quarters or set()) | {value}
        elif not (names_quarter or names_half):
            raise _NotATerm

    def month_point(self, month: int, day: int | None) -> _Point:
        """A month (with a day) and the year written after it, if any («Июнь, 2021»)."""
        year = None
        ahead = 0
        while (token := self.peek(ahead)) is not None and token.kind == "sep":
            ahead += 1
        token = self.peek(ahead)
        if token is not None and token.kind == "year":
            year = int(token.text[:4])
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise _NotATerm
            self.position += ahead + 1
        return _Point(month, day, year)

    def range_from(self, first: _Point) -> _Item:
        """``first`` alone, or ``first - last`` when a dash (or «по» after «с») follows."""
        token = self.peek()
        if token is None or not (token.kind == "dash" or token.text == "po"):
            return _Item(None, first)
        target = self.peek(1)
        if target is None:
            raise _NotATerm
        if target.kind == "month":
            self.position += 2
            return _Item(first, self.month_point(target.month, None))
        if target.kind == "num" and (month := self.peek(2)) and month.kind == "month":
            self.position += 3
            return _Item(first, self.month_point(month.month, int(target.text)))
        if target.kind == "ndate":
            self.position += 2
            return _Item(first, _numeric_point(target))
        raise _NotATerm

    def year(self, token: _Tok) -> None:
        if int(token.text[:4]) < MIN_YEAR or int(token.text[:4]) > MAX_YEAR:
            raise _NotATerm
        self.has_years = True


def _is_count(tokens: list[_Tok], position: int) -> bool:
    """«по 1 в четверть»: the number follows «по», so it counts, it does not name."""
    return position >= 2 and tokens[position - 2].text == "po"


def _numeric_point(token: _Tok) -> _Point:
    match = token.match
    assert match is not None
    return _Point(int(match["m"]), int(match["d"]), _two_digit(match["y"]))


def _day_range(token: _Tok) -> _Item:
    """«23-27.01.23», «30.01.- 03.02.23»: the left side takes what it lacks from the right."""
    match = token.match
    assert match is not None
    last = _Point(int(match["m2"]), int(match["d2"]), _two_digit(match["y2"]))
    first_month = int(match["m1"]) if match["m1"] else last.month
    first_year = None
    if last.year is not None:
        first_year = last.year - 1 if first_month > last.month else last.year
    return _Item(_Point(first_month, int(match["d1"]), first_year), last)


# --- dates --------------------------------------------------------------------------------


def _plan_of(items: list[_Item], plan_year: int) -> int:
    """The academic year the cell is in: pinned by the first written year, else the plan's."""
    for item in items:
        for point in (item.first, item.last):
            if point is not None and point.year is not None:
                return academic_year_of(date(point.year, point.month, 1))
    return plan_year


def _start_of(point: _Point, plan_year: int) -> date:
    year = point.year or academic_month_year(plan_year, point.month)
    return date(year, point.month, point.day or 1)


def _due_of(point: _Point, plan_year: int) -> date:
    year = point.year or academic_month_year(plan_year, point.month)
    if point.day is None:
        return month_end(year, point.month)
    return date(year, point.month, point.day)


def _span(item: _Item, plan_year: int) -> tuple[date | None, date]:
    """(starts, due) of an item; a range's start never falls after its end."""
    due = _due_of(item.last, plan_year)
    if item.first is None:
        return None, due
    starts = _start_of(item.first, plan_year)
    if item.first.year is None:
        starts = starts.replace(year=due.year)
        if starts > due:
            starts = starts.replace(year=due.year - 1)
    if starts > due:
        raise _NotATerm
    return starts, due


def _months_between(starts: date, due: date) -> tuple[date, ...]:
    ends = []
    year, month = starts.year, starts.month
    while (year, month) <= (due.year, due.month):
        ends.append(month_end(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(ends)


def _dated(
    note: str,
    dates: tuple[date, ...],
    recurrence: Recurrence,
    starts: date | None = None,
) -> Term:
    return Term(TermKind.DATED, tuple(sorted(set(dates))), starts, recurrence, note)


def _term_of(reader: _Reader, plan_year: int, note: str) -> Term | None:
    """The dated term the reading makes, or None when it names no date."""
    flags, items = reader.flags, reader.items
    plan = _plan_of(items, plan_year)
    if flags.quarters is not None and not items:
        quarters = school_quarters(plan)
        chosen = sorted(flags.quarters) or [1, 2, 3, 4]
        recurrence = Recurrence.QUARTERLY if not flags.quarters else Recurrence.ONCE
        return _dated(note, tuple(quarters[q - 1][1] for q in chosen), recurrence)
    if flags.halves is not None and not items:
        halves = half_years(plan)
        chosen = sorted(flags.halves) or [1, 2]
        return _dated(note, tuple(halves[h - 1][1] for h in chosen), Recurrence.YEARLY)
    if flags.quarters is not None or flags.halves is not None:
        raise _NotATerm  # quarters and dates in one cell: let a person date it
    if flags.monthly:
        return _monthly(items, plan, note)
    if not items:
        return None
    spans = [_span(item, plan) for item in items]
    recurrence = Recurrence.YEARLY if flags.yearly else Recurrence.ONCE
    if len(spans) == 1:
        starts, due = spans[0]
        return _dated(note, (due,), recurrence, starts)
    only_months = all(item.first is None and item.last.day is None for item in items)
    if only_months:
        recurrence = Recurrence.MONTHS
    return _dated(note, tuple(due for _, due in spans), recurrence)


def _monthly(items: list[_Item], plan: int, note: str) -> Term:
    if not items:
        ends = tuple(month_end(year, month) for year, month in academic_months(plan))
        return _dated(note, ends, Recurrence.MONTHLY)
    if len(items) == 1 and items[0].first is not None:
        starts, due = _span(items[0], plan)
        assert starts is not None
        return _dated(note, _months_between(starts, due), Recurrence.MONTHLY, starts)
    raise _NotATerm


def parse_term(text: str, plan_year: int) -> Term:
    """Read a term cell written for the academic year starting in ``plan_year``."""
    note = clean_text(", ".join(line for line in str(text).splitlines() if line.strip()))
    if not note or len(note) > MAX_TEXT:
        return Term(TermKind.UNKNOWN, note=note)
    normalised = _normalise(note)
    years_only = False
    try:
        reader = _Reader(list(_tokens(normalised)))
        reader.read()
        term = _term_of(reader, plan_year, note)
        years_only = reader.has_years and not reader.items
    except (_NotATerm, ValueError, OverflowError):
        term = None
    if term is not None:
        return term
    if years_only or any(stem in normalised for stem in STANDING_STEMS):
        return Term(TermKind.STANDING, note=note)
    return Term(TermKind.UNKNOWN, note=note)
