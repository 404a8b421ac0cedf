"""Importing a roadmap: its rows planned as deadlines, standing activities and rows to date by
hand, shown before anything is written, then created in one transaction.

Rules of the import:

* A DATED row becomes a deadline (a series when it recurs) through the deadline service,
  not announced one by one: it speaks through its reminders. Title — the activity (at most
  :data:`TITLE_LIMIT` characters, cut with «…»); what is handed in — guessed from the
  activity's words (:func:`guess_kind`); from whom — the proposed unit (the methodologists
  themselves: each methodologist as a person); audience — everyone in the municipality.
* The first due date is the first of the term's dates whose end of day is still ahead. A
  recurring term whose dates are all past starts at its next occurrence (a yearly «до 15
  сентября» in November is due on 15 September next year); a one-off one all past is kept
  as a row «срок прошёл», with no deadline.
* Recurrence: one date once or yearly as written; a monthly term over the whole teaching
  year is monthly; the school quarters are quarterly; any other set of dates recurs in the
  months of its dates (MONTHS).
* A STANDING row is a standing activity, an UNKNOWN one is kept to be dated by hand: both are
  rows of the roadmap, never dropped.
* A unit choice that reaches no unit (no associations yet) leaves the row without a deadline,
  and the preview says why.
* A row already imported for the plan year (same key, see :func:`bot.services.roadmap.row_key`)
  is skipped and counted: importing the same file twice creates nothing twice. Two rows of one
  file with the same key are told apart by their order.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from typing import Any

from bot.clock import Clock
from bot.i18n import enum_key
from bot.services.access import require_methodologist
from bot.services.audience import Audience, Who, unit_select
from bot.services.calendar import academic_months, academic_year_of
from bot.services.dates import parse_when
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.errors import DomainError, NotAllowed
from bot.services.exports.xlsx import Sheet, Value, write_xlsx
from bot.services.people import MemberInfo, local_today
from bot.services.recurrence import next_due
from bot.services.roadmap import RoadmapError, Row, Table, plan_rows, read_table
from bot.services.roadmap.table import SUFFIXES
from bot.services.roadmap.terms import Recurrence as TermRecurrence
from bot.services.roadmap.terms import Term, TermKind
from bot.services.roadmap.units import Unit
from bot.services.tables import MAX_FILE_BYTES, words
from bot.storage.models import (
    DeadlineUnit,
    Deliverable,
    ItemKind,
    Recurrence,
    Roadmap,
    RoadmapItem,
    Role,
)
from bot.storage.repositories import Repo

TITLE_LIMIT = 200
TEXT_LIMIT = 300  # the roadmap item's term, section and responsible columns
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
ROW_DATE_RE = re.compile(r"^\s*(\d{1,5})[\s.:)-]+(.+)$", re.S)
XLSX_COLUMNS = (
    "line",
    "section",
    "activity",
    "term",
    "responsible",
    "outcome",
    "unit",
    "due",
    "kind",
)
VIEW_ROLES = (Role.METHODOLOGIST, Role.COORDINATOR, Role.HEAD)

# What is handed in, by the first word of the activity that names it (Latin stems, see
# bot.services.tables.words): «план», «протокол», «отчёт», «анализ», «заявка», «копилка» or
# «материалы»; «информационная карта» is two words.
KIND_STEMS: tuple[tuple[str, Deliverable], ...] = (
    ("plan", Deliverable.PLAN),
    ("protokol", Deliverable.MINUTES),
    ("otchet", Deliverable.REPORT),
    ("analiz", Deliverable.ANALYSIS),
    ("zayav", Deliverable.APPLICATION),
    ("kopilk", Deliverable.MATERIALS),
    ("material", Deliverable.MATERIALS),
)
INFO_WORD, CARD_WORD = "informacionn", "kart"

UNIT_OF: dict[Unit, DeadlineUnit] = {
    Unit.PERSON: DeadlineUnit.PERSON,
    Unit.ASSOCIATION: DeadlineUnit.ASSOCIATION,
    Unit.ORGANISATION: DeadlineUnit.ORGANISATION,
    Unit.METHODOLOGISTS: DeadlineUnit.PERSON,
}


class Outcome(enum.StrEnum):
    """What a row becomes."""

    DEADLINE = "deadline"  # one due date
    SERIES = "series"  # recurring
    STANDING = "standing"
    UNDATED = "undated"  # to be dated by hand
    PAST = "past"  # a one-off whose date has passed: kept, no deadline
    NO_UNITS = "no_units"  # the unit choice reaches nobody: kept, no deadline
    EXISTS = "exists"  # imported before for this plan year


CREATING = (Outcome.DEADLINE, Outcome.SERIES)


def guess_kind(activity: str) -> Deliverable:
    """What is handed in, from the activity's words; OTHER when none names it."""
    tokens = words(activity).split()
    for position, token in enumerate(tokens):
        if token.startswith(INFO_WORD) and any(
            t.startswith(CARD_WORD) for t in tokens[position + 1 : position + 3]
        ):
            return Deliverable.INFO_CARD
        for stem, kind in KIND_STEMS:
            if token.startswith(stem):
                return kind
    return Deliverable.OTHER


def short_title(activity: str) -> str:
    text = " ".join(activity.split())
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1].rstrip() + "\u2026"


def _clip(text: str | None, limit: int = TEXT_LIMIT) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def audience_of(unit: Unit) -> Audience:
    if unit is Unit.METHODOLOGISTS:
        return Audience(who=Who.ROLES, roles=(Role.METHODOLOGIST,))
    return Audience()


# --- the upload kept in the dialog ------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """The file's rows (as the dialog keeps them), the header line and the years its terms name."""

    file_name: str
    rows: tuple[Row, ...]
    years: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "years": list(self.years),
            "rows": [
                [r.number, r.index, r.section, r.activity, r.term, r.responsible, r.audience]
                for r in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Upload:
        rows = tuple(
            Row(int(n), str(i), s, str(a), str(t), str(r), str(au))
            for n, i, s, a, t, r, au in data.get("rows") or ()
        )
        return cls(str(data.get("file") or ""), rows, tuple(data.get("years") or ()))


@dataclass
class Choices:
    """The methodologist's changes before confirming: a unit per row, a date per row (ISO)."""

    units: dict[int, str] = field(default_factory=dict)
    dates: dict[int, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "units": {str(k): v for k, v in self.units.items()},
            "dates": {str(k): v for k, v in self.dates.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Choices:
        data = data or {}
        return cls(
            {int(k): str(v) for k, v in (data.get("units") or {}).items()},
            {int(k): str(v) for k, v in (data.get("dates") or {}).items()},
        )


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanItem:
    row: Row
    key: str
    term: Term
    outcome: Outcome
    unit: Unit
    kind: Deliverable
    title: str
    first_due: datetime | None = None
    recurrence: Recurrence = Recurrence.ONCE
    months: tuple[int, ...] = ()
    dated_by_hand: bool = False

    @property
    def item_kind(self) -> ItemKind:
        if self.term.kind is TermKind.STANDING:
            return ItemKind.STANDING
        if self.term.kind is TermKind.UNKNOWN:
            return ItemKind.UNDATED
        return ItemKind.DATED


@dataclass(frozen=True)
class Plan:
    file_name: str
    plan_year: int
    items: tuple[PlanItem, ...]

    @property
    def counts(self) -> Counter[Outcome]:
        return Counter(item.outcome for item in self.items)


@dataclass(frozen=True, slots=True)
class Imported:
    created: int  # deadlines (series counted once)
    standing: int
    undated: int
    existing: int
    past: int
    no_units: int


# --- the /roadmap view ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ViewItem:
    number: str
    section: str | None
    activity: str
    term: str
    unit: str | None
    due: date | None
    past: bool
    deadline_id: int | None
    submitted: int = 0
    total: int = 0


@dataclass(frozen=True)
class RoadmapView:
    years: tuple[int, ...]
    plan_year: int | None
    months: tuple[tuple[int, int, tuple[ViewItem, ...]], ...]  # (year, month, items)
    standing: tuple[ViewItem, ...]
    undated: tuple[ViewItem, ...]


# --- the service -------------------------------------------------------------------------------


class RoadmapService:
    def __init__(self, repo: Repo, clock: Clock, tz: tzinfo, deadlines: DeadlineService) -> None:
        self.repo = repo
        self.clock = clock
        self.tz = tz
        self.deadlines = deadlines

    # --- reading ---------------------------------------------------------------------------

    def start(self, actor: MemberInfo | None) -> int:
        """Before asking for the file: only a methodologist. The size limit in MB."""
        require_methodologist(actor)
        return MAX_FILE_BYTES // (1024 * 1024)

    async def read(
        self,
        actor: MemberInfo | None,
        file_name: str,
        file_size: int | None,
        fetch: Callable[[], Awaitable[bytes]],
    ) -> Upload:
        """The file's rows; its name and size are checked before ``fetch`` downloads it."""
        require_methodologist(actor)
        if not file_name.lower().endswith(SUFFIXES):
            raise RoadmapError("roadmap-file-type")
        if file_size is not None and file_size > MAX_FILE_BYTES:
            raise RoadmapError("roadmap-file-too-big", limit=MAX_FILE_BYTES // (1024 * 1024))
        table: Table = read_table(await fetch(), file_name)
        years = sorted({int(y) for row in table.rows for y in YEAR_RE.findall(row.term)})
        return Upload(file_name, table.rows, tuple(years))

    def current_year(self) -> int:
        return academic_year_of(local_today(self.clock.now(), self.tz))

    def year_choices(self) -> tuple[int, int, int]:
        """The previous, the current and the next academic year."""
        current = self.current_year()
        return current - 1, current, current + 1

    def check_year(self, year: int) -> int:
        if year not in self.year_choices():
            raise DomainError("roadmap-import-year-bad")
        return year

    # --- planning --------------------------------------------------------------------------

    async def plan(
        self, actor: MemberInfo | None, upload: Upload, plan_year: int, choices: Choices
    ) -> Plan:
        """What each row becomes, nothing written."""
        require_methodologist(actor)
        self.check_year(plan_year)
        table = Table(upload.rows, 0, ())
        planned = plan_rows(table, plan_year)
        keys = _unique_keys([p.key for p in planned])
        existing = await self.repo.roadmaps.existing_keys(plan_year, keys)
        reach: dict[Unit, int] = {}
        items = []
        for p, key in zip(planned, keys, strict=True):
            number = p.row.number
            unit = Unit(choices.units[number]) if number in choices.units else p.unit
            term, by_hand = p.term, False
            if number in choices.dates and term.kind is TermKind.UNKNOWN:
                day = date.fromisoformat(choices.dates[number])
                term, by_hand = (
                    Term(TermKind.DATED, (day,), None, TermRecurrence.ONCE, term.note),
                    True,
                )
            base = PlanItem(
                row=p.row,
                key=key,
                term=term,
                outcome=Outcome.STANDING,
                unit=unit,
                kind=guess_kind(p.row.activity),
                title=short_title(p.row.activity or p.row.section or p.row.term),
                dated_by_hand=by_hand,
            )
            items.append(await self._outcome(base, key in existing, reach))
        return Plan(upload.file_name, plan_year, tuple(items))

    async def _outcome(self, item: PlanItem, exists: bool, reach: dict[Unit, int]) -> PlanItem:
        if exists:
            return replace(item, outcome=Outcome.EXISTS)
        if item.term.kind is TermKind.STANDING:
            return replace(item, outcome=Outcome.STANDING)
        if item.term.kind is TermKind.UNKNOWN or not item.term.dates:
            return replace(item, outcome=Outcome.UNDATED)
        recurrence, months = _recurrence(item.term)
        first = self._first_due(item.term.dates, recurrence, months)
        if first is None:
            last = self.deadlines.due_at(item.term.dates[-1])
            return replace(item, outcome=Outcome.PAST, first_due=last)
        item = replace(item, first_due=first, recurrence=recurrence, months=months)
        if item.unit not in reach:
            reach[item.unit] = await self._units(item.unit)
        if reach[item.unit] == 0:
            return replace(item, outcome=Outcome.NO_UNITS)
        outcome = Outcome.DEADLINE if recurrence is Recurrence.ONCE else Outcome.SERIES
        return replace(item, outcome=outcome)

    async def _units(self, unit: Unit) -> int:
        today = local_today(self.clock.now(), self.tz)
        deadline_unit = UNIT_OF[unit]
        units, _, _, _ = await self.repo.deadlines.reach(
            deadline_unit, unit_select(audience_of(unit), deadline_unit, today)
        )
        return units

    def _first_due(
        self, dates: tuple[date, ...], recurrence: Recurrence, months: tuple[int, ...]
    ) -> datetime | None:
        now = self.clock.now()
        for day in dates:
            due = self.deadlines.due_at(day)
            if due > now:
                return due
        if recurrence is Recurrence.ONCE:
            return None
        current, day_of_month = dates[-1], dates[0].day
        for _ in range(400):
            following = next_due(current, recurrence, list(months), day_of_month)
            if following is None:
                return None
            due = self.deadlines.due_at(following)
            if due > now:
                return due
            current = following
        return None

    # --- the methodologist's changes ------------------------------------------------------

    @staticmethod
    def row(upload: Upload, text: str | None) -> Row:
        """The row the typed number names (its line in the file)."""
        raw = (text or "").strip().rstrip(".")
        if not raw.isdigit():
            raise DomainError("roadmap-import-row-bad", text=raw[:20])
        number = int(raw)
        for row in upload.rows:
            if row.number == number:
                return row
        raise DomainError("roadmap-import-row-unknown", number=number)

    def date_row(self, upload: Upload, plan_year: int, text: str | None) -> tuple[Row, date]:
        """«12 25.12.2026»: row 12 (to be dated by hand) is due on that day."""
        match = ROW_DATE_RE.match(text or "")
        if match is None:
            raise DomainError("roadmap-import-date-format")
        row = self.row(upload, match.group(1))
        term = plan_rows(Table((row,), 0, ()), plan_year)[0].term
        if term.kind is not TermKind.UNKNOWN:
            raise DomainError("roadmap-import-date-not-needed", number=row.number)
        when = parse_when(match.group(2), self.clock.now(), self.tz)
        day = when.start.astimezone(self.tz).date()
        if when.end is not None:
            day = when.end.astimezone(self.tz).date()
        if self.deadlines.due_at(day) <= self.clock.now():
            raise DomainError("roadmap-import-date-past")
        return row, day

    # --- confirming -------------------------------------------------------------------------

    async def confirm(
        self, actor: MemberInfo | None, upload: Upload, plan_year: int, choices: Choices
    ) -> Imported:
        """Create the roadmap, its rows and their deadlines (one transaction: the update's)."""
        actor = require_methodologist(actor)
        plan = await self.plan(actor, upload, plan_year, choices)
        counts = plan.counts
        fresh = [item for item in plan.items if item.outcome is not Outcome.EXISTS]
        if fresh:
            now = self.clock.now()
            roadmap = await self.repo.roadmaps.add(
                Roadmap(
                    title=_clip(upload.file_name) or "-",
                    plan_year=plan_year,
                    author_id=actor.id,
                    created_at=now,
                )
            )
            rows = []
            for position, item in enumerate(fresh):
                deadline_id = None
                if item.outcome in CREATING:
                    deadline_id = await self._create(actor, item)
                rows.append(self._item(roadmap.id, plan_year, position, item, deadline_id, now))
            await self.repo.roadmaps.add_items(rows)
            await self.repo.audit.add(
                at=now,
                actor_id=actor.id,
                action="roadmap.imported",
                object_type="roadmap",
                object_id=roadmap.id,
                details={
                    "plan_year": plan_year,
                    "rows": len(fresh),
                    "deadlines": counts[Outcome.DEADLINE] + counts[Outcome.SERIES],
                },
            )
        return Imported(
            created=counts[Outcome.DEADLINE] + counts[Outcome.SERIES],
            standing=counts[Outcome.STANDING],
            undated=counts[Outcome.UNDATED],
            existing=counts[Outcome.EXISTS],
            past=counts[Outcome.PAST],
            no_units=counts[Outcome.NO_UNITS],
        )

    async def _create(self, actor: MemberInfo, item: PlanItem) -> int:
        assert item.first_due is not None
        draft = DeadlineDraft(
            title=item.title,
            kind=item.kind,
            unit=UNIT_OF[item.unit],
            due_at=item.first_due,
            audience=audience_of(item.unit),
            recurrence=item.recurrence,
            months=item.months,
            section=_clip(item.row.section),
        )
        info = await self.deadlines.create(actor, draft, announce=False)
        return info.id

    @staticmethod
    def _item(
        roadmap_id: int,
        plan_year: int,
        position: int,
        item: PlanItem,
        deadline_id: int | None,
        now: datetime,
    ) -> RoadmapItem:
        return RoadmapItem(
            roadmap_id=roadmap_id,
            plan_year=plan_year,
            row_key=item.key,
            position=position,
            number=_clip(item.row.index or str(item.row.number), 32),
            section=_clip(item.row.section),
            activity=item.row.activity,
            term=_clip(item.term.note or item.row.term) or "",
            responsible=_clip(item.row.responsible),
            kind=item.item_kind,
            unit=item.unit.value,
            first_due=item.first_due,
            deadline_id=deadline_id,
            created_at=now,
        )

    async def export(
        self,
        actor: MemberInfo | None,
        upload: Upload,
        plan_year: int,
        choices: Choices,
        locale: str,
    ) -> tuple[str, bytes]:
        """The preview as a workbook: a row per roadmap row."""
        plan = await self.plan(actor, upload, plan_year, choices)
        t = self.deadlines.translator.bind(locale)
        header = [t(f"roadmap-xlsx-{name}") for name in XLSX_COLUMNS]
        rows: list[list[Value]] = [
            [
                item.row.number,
                item.row.section or "",
                item.row.activity,
                item.row.term,
                item.row.responsible,
                describe(item, t, self.tz),
                t("roadmap-unit-" + item.unit.value),
                item.first_due.astimezone(self.tz).date() if item.first_due else None,
                t(enum_key("deliverable", item.kind)),
            ]
            for item in plan.items
        ]
        sheet = Sheet(t("roadmap-xlsx-sheet"), header, rows, auto_filter=True)
        return f"roadmap-{plan_year}.xlsx", write_xlsx(sheet)

    # --- /roadmap ---------------------------------------------------------------------------

    async def view(self, actor: MemberInfo | None, plan_year: int | None = None) -> RoadmapView:
        """The plan year by month (September to August), standing and undated rows apart."""
        if actor is None or actor.role not in VIEW_ROLES:
            raise NotAllowed("roadmap-not-allowed")
        years = tuple(await self.repo.roadmaps.years())
        if not years:
            return RoadmapView((), None, (), (), ())
        year = (
            plan_year
            if plan_year in years
            else (self.current_year() if self.current_year() in years else years[0])
        )
        rows = await self.repo.roadmaps.items(year)
        counts = await self.repo.deadlines.counts(
            [r.deadline_id for r in rows if r.deadline_id is not None]
        )
        now = self.clock.now()
        by_month: dict[tuple[int, int], list[ViewItem]] = {}
        standing, undated = [], []
        for row in rows:
            per = counts.get(row.deadline_id or 0, {})
            due = row.first_due.astimezone(self.tz).date() if row.first_due else None
            shown = ViewItem(
                number=row.number or "",
                section=row.section,
                activity=row.activity,
                term=row.term,
                unit=row.unit,
                due=due,
                past=row.first_due is not None and row.first_due <= now,
                deadline_id=row.deadline_id,
                submitted=sum(n for s, n in per.items() if s.value == "submitted"),
                total=sum(per.values()),
            )
            if row.kind is ItemKind.STANDING:
                standing.append(shown)
            elif row.kind is ItemKind.UNDATED or due is None:
                undated.append(shown)
            else:
                by_month.setdefault((due.year, due.month), []).append(shown)
        order = [*academic_months(year), (year + 1, 6), (year + 1, 7), (year + 1, 8)]
        months = [
            (y, m, tuple(sorted(by_month.pop((y, m)), key=_due_key)))
            for y, m in order
            if (y, m) in by_month
        ]
        # Dates outside the plan year (a series carried to the next one) come after, in order.
        for y, m in sorted(by_month):
            months.append((y, m, tuple(sorted(by_month[(y, m)], key=_due_key))))
        return RoadmapView(years, year, tuple(months), tuple(standing), tuple(undated))


def year_label(plan_year: int) -> str:
    """«2026–2027»."""
    return f"{plan_year}\u2013{plan_year + 1}"


def format_day(day: date | datetime | None, tz: tzinfo) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = day.astimezone(tz).date()
    return day.strftime("%d.%m.%Y")


def describe(item: PlanItem, t: Callable[..., str], tz: tzinfo) -> str:
    """What the row becomes, in words («серия с 31.12.2026, каждую четверть»)."""
    due = format_day(item.first_due, tz)
    match item.outcome:
        case Outcome.DEADLINE:
            text = t("roadmap-outcome-deadline", due=due)
        case Outcome.SERIES:
            text = t(
                "roadmap-outcome-series",
                due=due,
                recurrence=t(enum_key("deadline-recurrence", item.recurrence)),
            )
        case Outcome.PAST:
            text = t("roadmap-outcome-past", due=due)
        case Outcome.NO_UNITS:
            text = t("roadmap-outcome-no-units", unit=item.unit.value)
        case _:
            text = t("roadmap-outcome-" + item.outcome.value)
    if item.dated_by_hand:
        text += " " + t("roadmap-outcome-by-hand")
    return text


def _due_key(item: ViewItem) -> date:
    return item.due or date.min


def _recurrence(term: Term) -> tuple[Recurrence, tuple[int, ...]]:
    """The deadline's recurrence for a dated term (see the module rules)."""
    months = tuple(sorted({d.month for d in term.dates}))
    if term.recurrence is TermRecurrence.QUARTERLY:
        return Recurrence.QUARTERLY, ()
    if term.recurrence is TermRecurrence.MONTHLY and len(months) >= 9:
        return Recurrence.MONTHLY, ()
    if len(term.dates) == 1:
        if term.recurrence is TermRecurrence.YEARLY:
            return Recurrence.YEARLY, ()
        return Recurrence.ONCE, ()
    return Recurrence.MONTHS, months


def _unique_keys(keys: list[str]) -> list[str]:
    """Two rows of one file with the same key are told apart by their order in it."""
    seen: Counter[str] = Counter()
    out = []
    for key in keys:
        seen[key] += 1
        if seen[key] == 1:
            out.append(key)
        else:
            again = f"{key}#{seen[key]}".encode()
            out.append(hashlib.sha256(again).hexdigest()[:32])
    return out


__all__ = [
    "Choices",
    "Imported",
    "Outcome",
    "Plan",
    "PlanItem",
    "RoadmapService",
    "RoadmapView",
    "Upload",
    "ViewItem",
    "describe",
    "format_day",
    "guess_kind",
    "year_label",
]
