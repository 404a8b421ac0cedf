"""The rules of the methodical year and of minutes: which academic year a meeting belongs to,
the default meeting plan of each level, the year's documents, and the limits of what a head
types and attaches (settings).

* The academic year runs 1 September – 31 August and is named by the year it starts in
  (2026 for 2026–2027). No row is needed for a year: it is derived from a date.
* A meeting belongs to the academic year it plans or reports on: the August meeting plans
  the year that starts on 1 September, so a meeting from 1 August on is of the next year
  (``meeting_year``).
* A plan's months are in the order of the methodical year, August first: August – December
  are in the year's first calendar year, January – July in the second.
* Default meeting plans: a school's ШМО in August, November, January, March and May; a
  district's РМО once a school quarter (October, December, March, May); a municipal ГМО
  monthly from September to April.
* The year's documents, each a deadline per association at the end of its month: the plan
  of work (September, every level), the analysis of the year (May, ШМО), the report and next
  year's plan (June, ГМО and РМО), materials for the «методическая копилка» (once a school
  quarter: October, December, March, May; every level).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.services.deadlines import FileRules
from bot.storage.models import AssociationLevel, Deliverable

# The months of a methodical year, August (the planning meeting) first.
YEAR_MONTHS: tuple[int, ...] = (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)
DEFAULT_MONTHS: dict[AssociationLevel, tuple[int, ...]] = {
    AssociationLevel.SCHOOL: (8, 11, 1, 3, 5),
    AssociationLevel.DISTRICT: (10, 12, 3, 5),
    AssociationLevel.MUNICIPAL: (9, 10, 11, 12, 1, 2, 3, 4),
}
LEVELS: tuple[AssociationLevel, ...] = (
    AssociationLevel.SCHOOL,
    AssociationLevel.MUNICIPAL,
    AssociationLevel.DISTRICT,
)
ALL_LEVELS = LEVELS
OUTER_LEVELS = (AssociationLevel.MUNICIPAL, AssociationLevel.DISTRICT)
MEETING = "meeting"


@dataclass(frozen=True, slots=True)
class Document:
    """One of the year's documents: its kind (a duty's ``kind``), what is handed in, the
    month it is due at the end of, and which levels owe it."""

    kind: str
    deliverable: Deliverable
    months: tuple[int, ...]
    levels: tuple[AssociationLevel, ...]


DOCUMENTS: tuple[Document, ...] = (
    Document("work_plan", Deliverable.PLAN, (9,), ALL_LEVELS),
    Document("materials", Deliverable.MATERIALS, (10, 12, 3, 5), ALL_LEVELS),
    Document("analysis", Deliverable.ANALYSIS, (5,), (AssociationLevel.SCHOOL,)),
    Document("report", Deliverable.REPORT, (6,), OUTER_LEVELS),
    Document("next_plan", Deliverable.PLAN, (6,), OUTER_LEVELS),
)
DOCUMENT_KINDS = tuple(d.kind for d in DOCUMENTS)
# A planned meeting as a duty: its minutes are handed in.
MEETING_DUTY = Document(MEETING, Deliverable.MINUTES, (), LEVELS)

# What a head types.
NUMBER_LIMIT = 999
TOPIC_LIMIT = 1000
ITEM_LIMIT = 4000  # an agenda item and each of its texts
ITEMS_LIMIT = 30
ABSENT_LIMIT = 2000
DECISIONS_LIMIT = 4000
ATTENDANCE_LIMIT = 10_000
THEME_LIMIT = 1000  # a methodical topic
TEMPLATE_LIMIT = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class MinutesRules:
    """Settings of minutes: how long a submission may be corrected, what may be attached,
    whether attachments are also kept as local copies under ``data_dir`` (else by the
    messenger's reference only; copies made earlier are read from there all the same), and
    the organisation named on a ГМО's or РМО's protocol."""

    edit_days: int = 14
    files: FileRules = field(
        default_factory=lambda: FileRules(
            extensions=frozenset({"pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"})
        )
    )
    local_copies: bool = False
    data_dir: Path | None = None
    service_name: str = ""


def academic_year(day: date) -> int:
    """The year an academic year (1 September – 31 August) starts in."""
    return day.year if day.month >= 9 else day.year - 1


def meeting_year(day: date) -> int:
    """The academic year a meeting on ``day`` belongs to: from 1 August, the next one (the
    August meeting plans it)."""
    return day.year if day.month >= 8 else day.year - 1


def first_day(year: int) -> date:
    """The first day a meeting of the academic year may be on: 1 August before it."""
    return date(year, 8, 1)


def month_day(year: int, month: int) -> date:
    """The last day of a plan's month in academic year ``year`` (August – December in its
    first calendar year)."""
    calendar_year = year if month >= 8 else year + 1
    return date(calendar_year, month, calendar.monthrange(calendar_year, month)[1])


def ordered(months: tuple[int, ...] | list[int]) -> list[int]:
    """Months in the order of the methodical year, each once."""
    chosen = set(months)
    return [m for m in YEAR_MONTHS if m in chosen]


def year_label(year: int) -> str:
    return f"{year}–{year + 1}"


def pick_meeting(candidates: list[tuple[int, int, date]], day: date) -> int | None:
    """Which planned meeting (deadline id, month, due day) minutes of ``day`` complete: the
    one of the meeting's month; else the earliest still to come (a meeting held early); else
    the latest (held late). None when none is owed."""
    if not candidates:
        return None
    for deadline_id, month, _ in candidates:
        if month == day.month:
            return deadline_id
    later = [c for c in candidates if c[2] >= day]
    if later:
        return min(later, key=lambda c: c[2])[0]
    return max(candidates, key=lambda c: c[2])[0]
