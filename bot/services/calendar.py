"""The academic-year calendar that plans and deadlines are written in.

An academic year runs from 1 September to 31 August and is named by the calendar year it
starts in (``plan_year``; see :func:`bot.services.people.academic_year_of`). A bare month in
a plan belongs to the plan's academic year: September–December are in ``plan_year``,
January–August in ``plan_year + 1`` («Январь» in a 2026–2027 plan is January 2027).

Teaching months are September to May; June–August are the summer. The school quarters and
half-years below have no summer part. Russian schools set their own quarter dates each year
(the holidays move), so this module fixes conventional bounds that any school's quarter ends
inside of, and a deadline "each quarter" falls due at the end of each:

* Q1: 1 September – 31 October
* Q2: 1 November – 31 December
* Q3: 1 January – 31 March
* Q4: 1 April – 31 May

Half-years: 1 September – 31 December and 1 January – 31 May.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date

from bot.services.people import ACADEMIC_YEAR_START_MONTH, academic_year_of

__all__ = [
    "ACADEMIC_YEAR_START_MONTH",
    "LAST_TEACHING_MONTH",
    "academic_month_year",
    "academic_months",
    "academic_year_of",
    "half_years",
    "month_end",
    "school_quarters",
]

LAST_TEACHING_MONTH = 5  # May: the summer (June–August) has no quarter and no half-year
# (first month, last month) of each school quarter, in the order of the year.
QUARTER_MONTHS = ((9, 10), (11, 12), (1, 3), (4, 5))
HALF_YEAR_MONTHS = ((9, 12), (1, 5))


def month_end(year: int, month: int) -> date:
    """The last day of the month."""
    return date(year, month, _calendar.monthrange(year, month)[1])


def academic_month_year(plan_year: int, month: int) -> int:
    """The calendar year of ``month`` in the academic year starting in ``plan_year``."""
    return plan_year if month >= ACADEMIC_YEAR_START_MONTH else plan_year + 1


def _span(plan_year: int, first: int, last: int) -> tuple[date, date]:
    """From the first day of ``first`` to the last day of ``last`` within the plan's year."""
    start = date(academic_month_year(plan_year, first), first, 1)
    return start, month_end(academic_month_year(plan_year, last), last)


def school_quarters(plan_year: int) -> tuple[tuple[date, date], ...]:
    """The four school quarters (first day, last day) of the plan's academic year."""
    return tuple(_span(plan_year, first, last) for first, last in QUARTER_MONTHS)


def half_years(plan_year: int) -> tuple[tuple[date, date], ...]:
    """The two half-years (first day, last day) of the plan's academic year."""
    return tuple(_span(plan_year, first, last) for first, last in HALF_YEAR_MONTHS)


def academic_months(plan_year: int) -> tuple[tuple[int, int], ...]:
    """(year, month) of each teaching month, September to May, in order."""
    months = [*range(ACADEMIC_YEAR_START_MONTH, 13), *range(1, LAST_TEACHING_MONTH + 1)]
    return tuple((academic_month_year(plan_year, month), month) for month in months)
