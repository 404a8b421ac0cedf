"""The registry of minutes: for a methodologist every association, for a coordinator its own
school's. The year's planned meetings with how many associations handed in their minutes,
who is missing, coverage by organisation (one list of rows that the screen, the XLSX and the
chart all show), minutes by organisation and association, and archives of protocols and
attachments.

Coverage of a planned meeting is its deadline's: of the associations that owe it, how many
handed in (minutes, or the file through «Сдать»). Coverage of the year is that of the
planned meetings whose due date has passed (the nearest ones while none has).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from bot.clock import Clock
from bot.i18n import Gettext, Translator
from bot.services.deadline_reports import ZIP_LIMIT_MB, percent, safe_name
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.exports import Sheet, write_xlsx
from bot.services.minutes.archive import FileFetcher, ZipWriter, read_copy
from bot.services.minutes.rules import MEETING, MinutesRules, year_label
from bot.services.minutes.service import MinutesService
from bot.services.people import MemberInfo
from bot.storage.minutes import CoverageCount, MinutesRow
from bot.storage.models import AssociationLevel, Role
from bot.storage.repositories import Repo

MISSING_SHOWN = 40
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Planned:
    """A planned meeting (or a document of the year) and its coverage."""

    duty_id: int
    deadline_id: int
    kind: str
    level: AssociationLevel | None
    month: int
    title: str
    due_at: datetime
    total: int
    done: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One organisation's coverage (``organisation_id`` None: the municipal and district
    associations)."""

    organisation_id: int | None
    name: str | None
    done: int
    total: int

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


@dataclass(frozen=True, slots=True)
class MissingGroup:
    organisation: str | None
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Overview:
    year: int
    organisation: str | None  # a coordinator's school
    meetings: tuple[Planned, ...]
    documents: tuple[Planned, ...]
    minutes: int
    coverage: CoverageRow  # the year so far, all organisations together
    rows: tuple[CoverageRow, ...]  # the same by organisation


@dataclass(frozen=True, slots=True)
class MeetingCard:
    planned: Planned
    rows: tuple[CoverageRow, ...]
    missing: tuple[MissingGroup, ...]
    more: int
    minutes: tuple[MinutesRow, ...]


@dataclass(frozen=True, slots=True)
class Place:
    """An organisation (or the municipal level) with its associations and minutes."""

    organisation_id: int | None
    name: str | None
    associations: int
    minutes: int


def totals(rows: Sequence[CoverageRow]) -> CoverageRow:
    return CoverageRow(None, None, sum(r.done for r in rows), sum(r.total for r in rows))


def by_organisation(counts: Sequence[CoverageCount]) -> list[CoverageRow]:
    """Counts of several deadlines summed per organisation, in the order they come."""
    out: dict[int | None, CoverageRow] = {}
    for c in counts:
        row = out.get(c.organisation_id)
        if row is None:
            out[c.organisation_id] = CoverageRow(c.organisation_id, c.organisation, c.done, c.total)
        else:
            out[c.organisation_id] = CoverageRow(
                row.organisation_id, row.name, row.done + c.done, row.total + c.total
            )
    return sorted(out.values(), key=lambda r: (r.name is None, r.name or ""))


class MinutesRegistry:
    def __init__(
        self,
        repo: Repo,
        clock: Clock,
        translator: Translator,
        tz: tzinfo,
        minutes: MinutesService,
        rules: MinutesRules | None = None,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz
        self.minutes = minutes
        self.rules = rules or MinutesRules()

    @staticmethod
    def scope(actor: MemberInfo | None) -> int | None:
        """None for a methodologist (everything); a coordinator's organisation."""
        if actor is not None and actor.role is Role.METHODOLOGIST:
            return None
        if actor is not None and actor.role is Role.COORDINATOR and actor.organisation_id:
            return actor.organisation_id
        raise NotAllowed("minutes-error-registry-not-allowed")

    # --- the planned meetings -----------------------------------------------------------

    async def planned(self, year: int, scope: int | None) -> list[Planned]:
        duties = [(d, dl) for d, dl in await self.repo.minutes.duties(year) if dl is not None]
        counts = await self.repo.minutes.coverage([dl.id for _, dl in duties], scope)
        per: dict[int, tuple[int, int]] = {}
        for c in counts:
            done, total = per.get(c.deadline_id, (0, 0))
            per[c.deadline_id] = (done + c.done, total + c.total)
        out = []
        for duty, deadline in duties:
            done, total = per.get(deadline.id, (0, 0))
            if total == 0:
                continue  # nothing of it in the coordinator's school
            out.append(
                Planned(
                    duty.id,
                    deadline.id,
                    duty.kind,
                    duty.level,
                    duty.month,
                    deadline.title,
                    deadline.due_at,
                    total,
                    done,
                )
            )
        return out

    def _fallen_due(self, meetings: Sequence[Planned]) -> list[Planned]:
        """The meetings whose due date has passed; while none has, the nearest ones."""
        now = self.clock.now()
        due = [m for m in meetings if m.due_at <= now]
        if due or not meetings:
            return due
        first = min(m.due_at for m in meetings)
        return [m for m in meetings if m.due_at == first]

    async def coverage_rows(
        self, actor: MemberInfo | None, year: int, duty_id: int | None = None
    ) -> list[CoverageRow]:
        """Coverage by organisation: of one planned meeting, or of the year's meetings that
        fell due. The screen, the XLSX and the chart show these rows."""
        scope = self.scope(actor)
        if duty_id is not None:
            planned = await self._planned_one(duty_id, scope)
            ids = [planned.deadline_id]
        else:
            meetings = [p for p in await self.planned(year, scope) if p.kind == MEETING]
            ids = [p.deadline_id for p in self._fallen_due(meetings)]
        return by_organisation(await self.repo.minutes.coverage(ids, scope))

    async def overview(self, actor: MemberInfo | None, year: int) -> Overview:
        scope = self.scope(actor)
        planned = await self.planned(year, scope)
        meetings = tuple(p for p in planned if p.kind == MEETING)
        documents = tuple(p for p in planned if p.kind != MEETING)
        rows = await self.coverage_rows(actor, year)
        minutes = await self.repo.minutes.rows(year=year, organisation_id=scope)
        organisation = None
        if scope is not None:
            org = await self.repo.registry.organisation(scope)
            organisation = org.name if org else None
        return Overview(
            year, organisation, meetings, documents, len(minutes), totals(rows), tuple(rows)
        )

    async def _planned_one(self, duty_id: int, scope: int | None) -> Planned:
        found = await self.repo.minutes.duty(duty_id)
        if found is None or found[1] is None:
            raise NotFound("minutes-error-meeting-not-found")
        duty, _ = found
        for p in await self.planned(duty.year, scope):
            if p.duty_id == duty_id:
                return p
        raise NotFound("minutes-error-meeting-not-found")

    async def meeting(self, actor: MemberInfo | None, duty_id: int) -> MeetingCard:
        """A planned meeting: coverage by organisation, who is missing (with their heads),
        the minutes that completed it."""
        scope = self.scope(actor)
        planned = await self._planned_one(duty_id, scope)
        rows = by_organisation(await self.repo.minutes.coverage([planned.deadline_id], scope))
        owed = await self.repo.minutes.owed_units([planned.deadline_id], scope)
        heads = await self.repo.minutes.heads([o.association_id for o in owed])
        groups: dict[str | None, list[str]] = {}
        for unit in owed[:MISSING_SHOWN]:
            names = ", ".join(name for _, name in heads.get(unit.association_id, []))
            label = f"{unit.association} ({names})" if names else unit.association
            groups.setdefault(unit.organisation, []).append(label)
        missing = tuple(MissingGroup(org, tuple(names)) for org, names in groups.items())
        minutes = await self.repo.minutes.rows(
            deadline_id=planned.deadline_id, organisation_id=scope
        )
        return MeetingCard(
            planned, tuple(rows), missing, max(0, len(owed) - MISSING_SHOWN), tuple(minutes)
        )

    # --- by organisation and association ------------------------------------------------

    async def places(self, actor: MemberInfo | None, year: int) -> list[Place]:
        """The organisations with associations (a coordinator: its own), and the municipal
        level, each with how many minutes the year has."""
        scope = self.scope(actor)
        associations = await self.repo.minutes.associations(organisation_id=scope)
        minutes = await self.repo.minutes.rows(year=year, organisation_id=scope)
        out: dict[int | None, Place] = {}
        for a in associations:
            place = out.get(a.organisation_id) or Place(a.organisation_id, a.organisation, 0, 0)
            out[a.organisation_id] = Place(
                place.organisation_id, place.name, place.associations + 1, place.minutes
            )
        for m in minutes:
            place = out.get(m.organisation_id) or Place(m.organisation_id, m.organisation, 0, 0)
            out[m.organisation_id] = Place(
                place.organisation_id, place.name, place.associations, place.minutes + 1
            )
        return sorted(out.values(), key=lambda p: (p.name is None, p.name or ""))

    async def associations(
        self, actor: MemberInfo | None, year: int, organisation_id: int | None
    ) -> list[tuple[int, str, int]]:
        """An organisation's associations (None: the municipal and district ones) with how
        many minutes each has in the year."""
        scope = self.scope(actor)
        if scope is not None and organisation_id != scope:
            raise NotAllowed("minutes-error-registry-not-allowed")
        every = await self.repo.minutes.associations(organisation_id=organisation_id)
        if organisation_id is None:
            every = [a for a in every if a.organisation_id is None]
        rows = await self.repo.minutes.rows(year=year, association_ids=[a.id for a in every])
        count: dict[int, int] = {}
        for r in rows:
            count[r.association_id] = count.get(r.association_id, 0) + 1
        return [(a.id, a.name, count.get(a.id, 0)) for a in every]

    async def association(
        self, actor: MemberInfo | None, year: int, association_id: int
    ) -> tuple[str, str | None, list[MinutesRow], list[Any]]:
        """An association: its name, its methodical topic, its minutes of the year, and who
        headed it in the year (terms)."""
        scope = self.scope(actor)
        association = await self.repo.minutes.association(association_id)
        if association is None:
            raise NotFound("minutes-error-association-gone")
        if scope is not None and association.organisation_id != scope:
            raise NotAllowed("minutes-error-registry-not-allowed")
        rows = await self.repo.minutes.rows(year=year, association_ids=[association_id])
        topic = await self.minutes.year.topic(association_id, year)
        terms = await self.minutes.year.terms(year, association_id)
        return association.name, topic, rows, terms

    # --- exports ------------------------------------------------------------------------

    def _org(self, name: str | None, i18n: Gettext) -> str:
        return name or i18n("minutes-registry-municipal")

    async def xlsx(self, actor: MemberInfo | None, year: int, locale: str) -> tuple[str, bytes]:
        """The year's minutes (a row each), coverage by organisation (the chart's rows),
        coverage of each planned meeting by organisation, and who is missing."""
        scope = self.scope(actor)
        i18n = self.translator.bind(locale)
        minutes = await self.repo.minutes.rows(year=year, organisation_id=scope)
        planned = await self.planned(year, scope)
        titles = {p.deadline_id: p.title for p in planned}
        topics = await self.repo.minutes.topics(year)

        rows: list[list[Any]] = [
            [
                self._org(m.organisation, i18n),
                m.association,
                i18n(f"minutes-level-{m.level.value}"),
                m.number,
                m.meeting_date,
                m.topic,
                m.present,
                m.total,
                m.items,
                m.files,
                m.version,
                m.head_name or "",
                m.created_at.astimezone(self.tz).replace(tzinfo=None),
                titles.get(m.deadline_id or -1, ""),
                topics.get(m.association_id, ""),
            ]
            for m in minutes
        ]
        coverage = await self.coverage_rows(actor, year)
        meetings = [p for p in planned if p.kind == MEETING]
        per_meeting = await self.repo.minutes.coverage([p.deadline_id for p in meetings], scope)
        owed = await self.repo.minutes.owed_units([p.deadline_id for p in meetings], scope)
        heads = await self.repo.minutes.heads([o.association_id for o in owed])
        sheets = [
            Sheet(
                i18n("minutes-xlsx-minutes"),
                [i18n(f"minutes-xlsx-col-{n}") for n in range(1, 16)],
                rows,
                preamble=[[i18n("minutes-xlsx-title", year=year_label(year))]],
                auto_filter=True,
            ),
            Sheet(
                i18n("minutes-xlsx-coverage"),
                [
                    i18n("minutes-xlsx-col-organisation"),
                    i18n("minutes-xlsx-col-done"),
                    i18n("minutes-xlsx-col-total"),
                    i18n("minutes-xlsx-col-percent"),
                ],
                [[self._org(r.name, i18n), r.done, r.total, r.percent] for r in coverage],
            ),
            Sheet(
                i18n("minutes-xlsx-meetings"),
                [
                    i18n("minutes-xlsx-col-meeting"),
                    i18n("minutes-xlsx-col-due"),
                    i18n("minutes-xlsx-col-organisation"),
                    i18n("minutes-xlsx-col-done"),
                    i18n("minutes-xlsx-col-total"),
                    i18n("minutes-xlsx-col-percent"),
                ],
                [
                    [
                        titles.get(c.deadline_id, ""),
                        next(
                            (
                                p.due_at.astimezone(self.tz).date()
                                for p in meetings
                                if p.deadline_id == c.deadline_id
                            ),
                            None,
                        ),
                        self._org(c.organisation, i18n),
                        c.done,
                        c.total,
                        percent(c.done, c.total),
                    ]
                    for c in per_meeting
                ],
            ),
            Sheet(
                i18n("minutes-xlsx-missing"),
                [
                    i18n("minutes-xlsx-col-meeting"),
                    i18n("minutes-xlsx-col-organisation"),
                    i18n("minutes-xlsx-col-association"),
                    i18n("minutes-xlsx-col-heads"),
                ],
                [
                    [
                        titles.get(o.deadline_id, ""),
                        self._org(o.organisation, i18n),
                        o.association,
                        ", ".join(n for _, n in heads.get(o.association_id, [])),
                    ]
                    for o in owed
                ],
            ),
        ]
        return f"minutes-{year}.xlsx", write_xlsx(*sheets)

    def chart_series(
        self, rows: Sequence[CoverageRow], i18n: Gettext
    ) -> tuple[list[str], list[float], list[str]]:
        """The bars of the coverage chart: a label, a percentage and its text for each row
        (the same rows as the table)."""
        labels = [self._org(r.name, i18n) for r in rows]
        values = [float(r.percent) for r in rows]
        shown = [
            i18n("minutes-chart-bar", done=r.done, total=r.total, percent=r.percent) for r in rows
        ]
        return labels, values, shown

    async def chart(
        self, actor: MemberInfo | None, year: int, locale: str, duty_id: int | None = None
    ) -> bytes:
        """Coverage by organisation as a PNG bar chart (of a planned meeting, or the year)."""
        from bot.services.exports.charts import bars

        i18n = self.translator.bind(locale)
        rows = await self.coverage_rows(actor, year, duty_id)
        if not rows:
            raise DomainError("minutes-error-nothing-to-chart")
        labels, values, shown = self.chart_series(rows, i18n)
        if duty_id is not None:
            planned = await self._planned_one(duty_id, self.scope(actor))
            title = i18n("minutes-chart-title-meeting", title=planned.title)
        else:
            title = i18n("minutes-chart-title", year=year_label(year))
        return bars(title, labels, [("", values, shown)], limit=100)

    async def zip(
        self,
        actor: MemberInfo | None,
        year: int,
        fetch: FileFetcher,
        *,
        duty_id: int | None = None,
    ) -> tuple[str, bytes, list[str]]:
        """Every protocol (and its attachments) of the year, or of one planned meeting, in
        one ZIP laid out by organisation and association: (file name, bytes, the names of
        attachments that could not be read)."""
        scope = self.scope(actor)
        if duty_id is not None:
            planned = await self._planned_one(duty_id, scope)
            rows = await self.repo.minutes.rows(
                deadline_id=planned.deadline_id, organisation_id=scope
            )
            name = f"minutes-{year}-{planned.month:02d}.zip"
        else:
            rows = await self.repo.minutes.rows(year=year, organisation_id=scope)
            name = f"minutes-{year}.zip"
        if not rows:
            raise DomainError("minutes-error-nothing-to-zip")
        content, lost = await self.pack(rows, fetch, limit=ZIP_LIMIT_MB * MB)
        return name, content, lost

    async def pack(
        self, rows: Sequence[MinutesRow], fetch: FileFetcher | None, *, limit: int | None = None
    ) -> tuple[bytes, list[str]]:
        """The protocols and attachments of ``rows`` as a ZIP: a folder per organisation and
        association; an attachment from its local copy (checked against its checksum), else
        read through ``fetch``."""
        i18n = self.translator.bind(self.translator.default_locale)
        writer = ZipWriter()
        lost: list[str] = []
        root = self.rules.data_dir
        for row in rows:
            folder = "/".join(
                (
                    safe_name(self._org(row.organisation, i18n), "organisation"),
                    safe_name(row.association, "association"),
                )
            )
            minutes = await self.repo.minutes.get(row.id)
            assert minutes is not None
            name, content = await self.minutes.render(minutes)
            writer.add(f"{folder}/{name}", content)
            version = await self.repo.minutes.version(row.id, row.version)
            assert version is not None
            sub = safe_name(i18n("minutes-zip-attachments", number=row.number))
            for file in await self.repo.minutes.files([version.id]):
                data = (
                    read_copy(root, file.local_path, file.sha256)
                    if root and file.local_path
                    else None
                )
                if data is None and fetch is not None:
                    try:
                        data = await fetch(file.file_ref)
                    except Exception:  # the messenger's error, whatever it is: listed
                        data = None
                if data is None:
                    lost.append(file.name)
                    continue
                writer.add(f"{folder}/{sub}/{safe_name(file.name)}", data)
                if limit is not None and writer.size > limit:
                    raise DomainError(
                        "minutes-error-zip-too-big", size=round(writer.size / MB), limit=limit // MB
                    )
        return writer.close(), lost


__all__ = [
    "CoverageRow",
    "MeetingCard",
    "MinutesRegistry",
    "Overview",
    "Place",
    "Planned",
    "by_organisation",
    "totals",
]
