"""When the next occurrence of a recurring deadline falls due.

All in local dates (the deployment's time zone); the time of day stays. The school year's
rhythm: a quarterly duty is due in the last month of each school quarter (October, December,
March, May — four a year, none in summer); a monthly one in each month of the academic year
(September to May). The day of the month stays, or the month's last day when it is shorter;
a series that began on a month's last day stays at the end of each month.
"""

from __future__ import annotations

import calendar
from datetime import date

from bot.storage.models import Recurrence

# The last month of each school quarter; a quarterly deadline falls due in these.
QUARTER_MONTHS = (10, 12, 3, 5)
# The months of the academic year without summer.
ACADEMIC_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)


def _on(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _next_in(months: tuple[int, ...] | list[int], after: date, day: int) -> date:
    """The first date after ``after`` on ``day`` (clamped) of one of ``months``."""
    chosen = sorted(set(months))
    for year in (after.year, after.year + 1):
        for month in chosen:
            candidate = _on(year, month, day)
            if candidate > after:
                return candidate
    raise ValueError("no month given")


def series_day(first: date) -> int:
    """The day of the month a series keeps: its first due date's, or the end of each month
    when the first was a month's last day (a duty due «в конце месяца» stays so)."""
    last = calendar.monthrange(first.year, first.month)[1]
    return 31 if first.day == last else first.day


def next_due(current: date, recurrence: Recurrence, months: list[int], day: int) -> date | None:
    """The local date of the occurrence after the one due on ``current`` (None: once).
    ``day`` is the series' day of the month, kept when a short month clamped one."""
    match recurrence:
        case Recurrence.ONCE:
            return None
        case Recurrence.YEARLY:
            return _on(current.year + 1, current.month, day)
        case Recurrence.QUARTERLY:
            return _next_in(QUARTER_MONTHS, current, day)
        case Recurrence.MONTHLY:
            return _next_in(ACADEMIC_MONTHS, current, day)
        case Recurrence.MONTHS:
            return _next_in(months, current, day) if months else None
