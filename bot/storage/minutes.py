"""Minutes and the methodical year in the database: the heads of each year, methodical
topics, meeting plans, the deadlines the year set, minutes with their versions, agenda items
and attachments, and the uploaded protocol template.

Coverage is counted from the deadlines' units (``deadline_units``) of the year's planned
meetings, by one grouped select; the registry's table, its XLSX and its chart read the same
rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.deadlines import OWED
from bot.storage.models import (
    Association,
    AssociationLevel,
    AssociationMembership,
    Deadline,
    DeadlineAssignee,
    DeadlineStatus,
    HeadTerm,
    MeetingPlan,
    Member,
    MethodicalTopic,
    Minutes,
    MinutesFile,
    MinutesItem,
    MinutesVersion,
    Organisation,
    ProtocolTemplate,
    UnitStatus,
    YearDuty,
)


@dataclass(frozen=True, slots=True)
class AssociationRow:
    id: int
    name: str
    level: AssociationLevel
    organisation_id: int | None
    organisation: str | None


@dataclass(frozen=True, slots=True)
class MinutesRow:
    """A meeting's minutes with its current version, as lists show them."""

    id: int
    association_id: int
    association: str
    level: AssociationLevel
    organisation_id: int | None
    organisation: str | None
    year: int
    number: int
    version: int
    meeting_date: date
    topic: str
    present: int
    total: int
    items: int
    files: int
    head_name: str | None
    member_id: int | None
    deadline_id: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CoverageCount:
    """Units of a planned meeting (or several) that owe or handed in, of one organisation."""

    deadline_id: int
    organisation_id: int | None
    organisation: str | None
    total: int
    done: int


@dataclass(frozen=True, slots=True)
class OwedUnit:
    """An association that has not handed in a duty's deadline."""

    deadline_id: int
    association_id: int
    association: str
    organisation: str | None


@dataclass(frozen=True, slots=True)
class FileItem:
    id: int
    version_id: int
    position: int
    file_ref: str
    kind: str
    name: str
    size: int | None
    local_path: str | None
    sha256: str | None


class MinutesRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def flush(self) -> None:
        await self.session.flush()

    # --- associations and heads ---------------------------------------------------------

    def _association_query(self) -> Any:
        return select(
            Association.id,
            Association.name,
            Association.level,
            Association.organisation_id,
            Organisation.name,
        ).outerjoin(Organisation, Organisation.id == Association.organisation_id)

    async def associations(
        self,
        ids: Sequence[int] | None = None,
        *,
        organisation_id: int | None = None,
        level: AssociationLevel | None = None,
    ) -> list[AssociationRow]:
        """Live associations (of the ids, the organisation, the level when given), by
        organisation then name."""
        query = self._association_query().where(Association.archived_at.is_(None))
        if ids is not None:
            query = query.where(Association.id.in_(list(ids) or [-1]))
        if organisation_id is not None:
            query = query.where(Association.organisation_id == organisation_id)
        if level is not None:
            query = query.where(Association.level == level)
        rows = await self.session.execute(
            query.order_by(Organisation.name.is_(None), Organisation.name, Association.name)
        )
        return [AssociationRow(i, n, AssociationLevel(lv), o, on) for i, n, lv, o, on in rows]

    async def association(self, association_id: int) -> AssociationRow | None:
        rows = await self.associations([association_id])
        return rows[0] if rows else None

    async def headed(self, member_id: int) -> list[AssociationRow]:
        """The live associations the member heads now."""
        rows = await self.session.execute(
            self._association_query()
            .join(AssociationMembership, AssociationMembership.association_id == Association.id)
            .where(
                AssociationMembership.member_id == member_id,
                AssociationMembership.is_head.is_(True),
                Association.archived_at.is_(None),
            )
            .order_by(Association.name)
        )
        return [AssociationRow(i, n, AssociationLevel(lv), o, on) for i, n, lv, o, on in rows]

    async def heads(self, association_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
        """The current heads of each association: (member id, name), by name."""
        rows = await self.session.execute(
            select(AssociationMembership.association_id, Member.id, Member.full_name)
            .join(Member, Member.id == AssociationMembership.member_id)
            .where(
                AssociationMembership.association_id.in_(list(association_ids) or [-1]),
                AssociationMembership.is_head.is_(True),
                Member.is_active.is_(True),
                Member.forgotten_at.is_(None),
            )
            .order_by(Member.full_name)
        )
        out: dict[int, list[tuple[int, str]]] = {}
        for association_id, member_id, name in rows:
            out.setdefault(int(association_id), []).append((int(member_id), name or "—"))
        return out

    async def all_heads(self) -> list[tuple[int, int]]:
        """Every (association, member) pair of a live association's current head."""
        rows = await self.session.execute(
            select(AssociationMembership.association_id, AssociationMembership.member_id)
            .join(Association, Association.id == AssociationMembership.association_id)
            .join(Member, Member.id == AssociationMembership.member_id)
            .where(
                AssociationMembership.is_head.is_(True),
                Association.archived_at.is_(None),
                Member.is_active.is_(True),
                Member.forgotten_at.is_(None),
            )
        )
        return [(int(a), int(m)) for a, m in rows]

    async def open_terms(self, year: int) -> list[HeadTerm]:
        return list(
            await self.session.scalars(
                select(HeadTerm).where(HeadTerm.year == year, HeadTerm.until.is_(None))
            )
        )

    async def add_term(self, term: HeadTerm) -> None:
        self.session.add(term)

    async def terms(self, year: int, association_ids: Sequence[int]) -> list[tuple[HeadTerm, str]]:
        """The terms of the year's heads of the associations, with the person's name."""
        rows = await self.session.execute(
            select(HeadTerm, Member.full_name)
            .outerjoin(Member, Member.id == HeadTerm.member_id)
            .where(
                HeadTerm.year == year, HeadTerm.association_id.in_(list(association_ids) or [-1])
            )
            .order_by(HeadTerm.association_id, HeadTerm.since, HeadTerm.id)
        )
        return [(term, name or "—") for term, name in rows]

    # --- topics -------------------------------------------------------------------------

    async def topic(self, association_id: int, year: int) -> MethodicalTopic | None:
        return await self.session.get(MethodicalTopic, (association_id, year))

    async def topics(self, year: int) -> dict[int, str]:
        rows = await self.session.execute(
            select(MethodicalTopic.association_id, MethodicalTopic.topic).where(
                MethodicalTopic.year == year
            )
        )
        return {int(a): t for a, t in rows}

    async def set_topic(
        self, association_id: int, year: int, topic: str, member_id: int | None, now: datetime
    ) -> None:
        row = await self.topic(association_id, year)
        if row is None:
            self.session.add(
                MethodicalTopic(
                    association_id=association_id,
                    year=year,
                    topic=topic,
                    set_by_id=member_id,
                    updated_at=now,
                )
            )
        else:
            row.topic, row.set_by_id, row.updated_at = topic, member_id, now
        await self.session.flush()

    # --- meeting plans ------------------------------------------------------------------

    async def plans(self, year: int) -> list[MeetingPlan]:
        return list(
            await self.session.scalars(
                select(MeetingPlan).where(MeetingPlan.year == year).order_by(MeetingPlan.id)
            )
        )

    async def save_plan(
        self,
        year: int,
        scope: str,
        *,
        level: AssociationLevel | None,
        association_id: int | None,
        months: list[int] | None,
        member_id: int | None,
        now: datetime,
    ) -> None:
        """Set the months of a scope (None: drop the row, back to the defaults)."""
        row = await self.session.scalar(
            select(MeetingPlan).where(MeetingPlan.year == year, MeetingPlan.scope == scope)
        )
        if months is None:
            if row is not None:
                await self.session.delete(row)
            await self.session.flush()
            return
        if row is None:
            self.session.add(
                MeetingPlan(
                    year=year,
                    scope=scope,
                    level=level,
                    association_id=association_id,
                    months=months,
                    updated_by_id=member_id,
                    updated_at=now,
                )
            )
        else:
            row.months, row.updated_by_id, row.updated_at = months, member_id, now
        await self.session.flush()

    # --- the year's duties --------------------------------------------------------------

    async def duties(self, year: int) -> list[tuple[YearDuty, Deadline | None]]:
        rows = await self.session.execute(
            select(YearDuty, Deadline)
            .outerjoin(Deadline, Deadline.id == YearDuty.deadline_id)
            .where(YearDuty.year == year)
            .order_by(Deadline.due_at, YearDuty.id)
        )
        return [(d, dl) for d, dl in rows.all()]

    async def duty(self, duty_id: int) -> tuple[YearDuty, Deadline | None] | None:
        row = (
            await self.session.execute(
                select(YearDuty, Deadline)
                .outerjoin(Deadline, Deadline.id == YearDuty.deadline_id)
                .where(YearDuty.id == duty_id)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def duty_by_key(self, key: str) -> YearDuty | None:
        return await self.session.scalar(select(YearDuty).where(YearDuty.key == key))

    async def add_duty(self, duty: YearDuty) -> YearDuty:
        self.session.add(duty)
        await self.session.flush()
        return duty

    async def owed_meetings(
        self, association_id: int, year: int
    ) -> list[tuple[int, int, datetime]]:
        """The year's planned meetings the association still owes: (deadline id, month,
        due)."""
        rows = await self.session.execute(
            select(Deadline.id, YearDuty.month, Deadline.due_at)
            .join(YearDuty, YearDuty.deadline_id == Deadline.id)
            .join(
                DeadlineAssignee,
                and_(
                    DeadlineAssignee.deadline_id == Deadline.id,
                    DeadlineAssignee.unit_id == association_id,
                ),
            )
            .where(
                YearDuty.year == year,
                YearDuty.kind == "meeting",
                Deadline.status == DeadlineStatus.OPEN,
                DeadlineAssignee.status.in_(OWED),
            )
            .order_by(Deadline.due_at)
        )
        return [(int(d), int(m), due) for d, m, due in rows]

    async def coverage(
        self, deadline_ids: Sequence[int], organisation_id: int | None = None
    ) -> list[CoverageCount]:
        """Units and handed-in units of each deadline by organisation (of one organisation
        when given), by deadline then organisation name (municipal ones last)."""
        done = func.sum(case((DeadlineAssignee.status == UnitStatus.SUBMITTED, 1), else_=0))
        query = (
            select(
                DeadlineAssignee.deadline_id,
                DeadlineAssignee.organisation_id,
                Organisation.name,
                func.count(),
                done,
            )
            .outerjoin(Organisation, Organisation.id == DeadlineAssignee.organisation_id)
            .where(DeadlineAssignee.deadline_id.in_(list(deadline_ids) or [-1]))
            .group_by(
                DeadlineAssignee.deadline_id, DeadlineAssignee.organisation_id, Organisation.name
            )
            .order_by(DeadlineAssignee.deadline_id, Organisation.name.is_(None), Organisation.name)
        )
        if organisation_id is not None:
            query = query.where(DeadlineAssignee.organisation_id == organisation_id)
        rows = await self.session.execute(query)
        return [
            CoverageCount(int(d), o, name, int(total), int(handed or 0))
            for d, o, name, total, handed in rows
        ]

    async def owed_units(
        self, deadline_ids: Sequence[int], organisation_id: int | None = None
    ) -> list[OwedUnit]:
        """The associations that still owe each deadline, by organisation then name."""
        query = (
            select(
                DeadlineAssignee.deadline_id,
                Association.id,
                Association.name,
                Organisation.name,
            )
            .join(Association, Association.id == DeadlineAssignee.unit_id)
            .outerjoin(Organisation, Organisation.id == DeadlineAssignee.organisation_id)
            .where(
                DeadlineAssignee.deadline_id.in_(list(deadline_ids) or [-1]),
                DeadlineAssignee.status.in_(OWED),
            )
            .order_by(
                DeadlineAssignee.deadline_id,
                Organisation.name.is_(None),
                Organisation.name,
                Association.name,
            )
        )
        if organisation_id is not None:
            query = query.where(DeadlineAssignee.organisation_id == organisation_id)
        rows = await self.session.execute(query)
        return [OwedUnit(int(d), int(a), name, org) for d, a, name, org in rows]

    async def assigned(self, deadline_id: int) -> dict[int, UnitStatus]:
        rows = await self.session.execute(
            select(DeadlineAssignee.unit_id, DeadlineAssignee.status).where(
                DeadlineAssignee.deadline_id == deadline_id
            )
        )
        return {int(u): UnitStatus(s) for u, s in rows}

    # --- minutes ------------------------------------------------------------------------

    async def get(self, minutes_id: int) -> Minutes | None:
        return await self.session.get(Minutes, minutes_id)

    async def by_number(self, association_id: int, year: int, number: int) -> Minutes | None:
        return await self.session.scalar(
            select(Minutes).where(
                Minutes.association_id == association_id,
                Minutes.year == year,
                Minutes.number == number,
            )
        )

    async def completing(self, deadline_id: int, association_id: int) -> int | None:
        """The minutes that handed the association's deadline in (the latest, if several)."""
        return await self.session.scalar(
            select(Minutes.id)
            .where(Minutes.deadline_id == deadline_id, Minutes.association_id == association_id)
            .order_by(Minutes.id.desc())
            .limit(1)
        )

    async def last_number(self, association_id: int, year: int) -> int:
        found = await self.session.scalar(
            select(func.max(Minutes.number)).where(
                Minutes.association_id == association_id, Minutes.year == year
            )
        )
        return int(found or 0)

    async def add(self, minutes: Minutes) -> Minutes:
        self.session.add(minutes)
        await self.session.flush()
        return minutes

    async def add_version(
        self,
        version: MinutesVersion,
        items: Sequence[tuple[str, str | None, str | None, str | None]],
        files: Sequence[tuple[str, str, str, int | None, str | None, str | None]],
    ) -> MinutesVersion:
        """A version with its agenda items (title, heard, spoke, decided) and files (ref,
        kind, name, size, local path, sha256)."""
        self.session.add(version)
        await self.session.flush()
        for n, (title, heard, spoke, decided) in enumerate(items, start=1):
            self.session.add(
                MinutesItem(
                    version_id=version.id,
                    position=n,
                    title=title,
                    heard=heard,
                    spoke=spoke,
                    decided=decided,
                )
            )
        for n, (ref, kind, name, size, path, sha) in enumerate(files, start=1):
            self.session.add(
                MinutesFile(
                    version_id=version.id,
                    position=n,
                    file_ref=ref,
                    kind=kind,
                    name=name,
                    size=size,
                    local_path=path,
                    sha256=sha,
                )
            )
        await self.session.flush()
        return version

    async def version(self, minutes_id: int, number: int) -> MinutesVersion | None:
        return await self.session.scalar(
            select(MinutesVersion).where(
                MinutesVersion.minutes_id == minutes_id, MinutesVersion.version == number
            )
        )

    async def versions(self, minutes_id: int) -> list[MinutesVersion]:
        """Every version, the newest first."""
        return list(
            await self.session.scalars(
                select(MinutesVersion)
                .where(MinutesVersion.minutes_id == minutes_id)
                .order_by(MinutesVersion.version.desc())
            )
        )

    async def items(self, version_id: int) -> list[MinutesItem]:
        return list(
            await self.session.scalars(
                select(MinutesItem)
                .where(MinutesItem.version_id == version_id)
                .order_by(MinutesItem.position)
            )
        )

    async def files(self, version_ids: Sequence[int]) -> list[FileItem]:
        rows = await self.session.scalars(
            select(MinutesFile)
            .where(MinutesFile.version_id.in_(list(version_ids) or [-1]))
            .order_by(MinutesFile.version_id, MinutesFile.position)
        )
        return [
            FileItem(
                f.id,
                f.version_id,
                f.position,
                f.file_ref,
                f.kind,
                f.name,
                f.size,
                f.local_path,
                f.sha256,
            )
            for f in rows
        ]

    async def file_counts(self, version_ids: Sequence[int]) -> dict[int, int]:
        rows = await self.session.execute(
            select(MinutesFile.version_id, func.count())
            .where(MinutesFile.version_id.in_(list(version_ids) or [-1]))
            .group_by(MinutesFile.version_id)
        )
        return {int(v): int(n) for v, n in rows}

    async def rows(
        self,
        *,
        year: int | None = None,
        association_ids: Sequence[int] | None = None,
        organisation_id: int | None = None,
        deadline_id: int | None = None,
        since: date | None = None,
        until: date | None = None,
        minutes_ids: Sequence[int] | None = None,
    ) -> list[MinutesRow]:
        """Minutes with their current version, by organisation, association and number."""
        current = and_(
            MinutesVersion.minutes_id == Minutes.id, MinutesVersion.version == Minutes.version
        )
        items = (
            select(func.count())
            .where(MinutesItem.version_id == MinutesVersion.id)
            .scalar_subquery()
        )
        files = (
            select(func.count())
            .where(MinutesFile.version_id == MinutesVersion.id)
            .scalar_subquery()
        )
        query = (
            select(
                Minutes,
                MinutesVersion,
                Association.name,
                Association.level,
                Organisation.name,
                items,
                files,
            )
            .join(MinutesVersion, current)
            .join(Association, Association.id == Minutes.association_id)
            .outerjoin(Organisation, Organisation.id == Minutes.organisation_id)
        )
        if year is not None:
            query = query.where(Minutes.year == year)
        if association_ids is not None:
            query = query.where(Minutes.association_id.in_(list(association_ids) or [-1]))
        if organisation_id is not None:
            query = query.where(Minutes.organisation_id == organisation_id)
        if deadline_id is not None:
            query = query.where(Minutes.deadline_id == deadline_id)
        if since is not None:
            query = query.where(MinutesVersion.meeting_date >= since)
        if until is not None:
            query = query.where(MinutesVersion.meeting_date <= until)
        if minutes_ids is not None:
            query = query.where(Minutes.id.in_(list(minutes_ids) or [-1]))
        query = query.order_by(
            Organisation.name.is_(None),
            Organisation.name,
            Association.name,
            Minutes.year,
            Minutes.number,
        )
        out = []
        for m, v, association, level, organisation, n_items, n_files in await self.session.execute(
            query
        ):
            out.append(
                MinutesRow(
                    id=m.id,
                    association_id=m.association_id,
                    association=association,
                    level=AssociationLevel(level),
                    organisation_id=m.organisation_id,
                    organisation=organisation,
                    year=m.year,
                    number=m.number,
                    version=m.version,
                    meeting_date=v.meeting_date,
                    topic=v.topic,
                    present=v.present,
                    total=v.total,
                    items=int(n_items or 0),
                    files=int(n_files or 0),
                    head_name=v.head_name,
                    member_id=v.member_id,
                    deadline_id=m.deadline_id,
                    created_at=m.created_at,
                    updated_at=m.updated_at,
                )
            )
        return out

    async def years(self) -> list[int]:
        return [int(y) for y in await self.session.scalars(select(Minutes.year).distinct())]

    # --- the template -------------------------------------------------------------------

    async def template(self) -> ProtocolTemplate | None:
        """The template in use: the newest row (None: never replaced)."""
        return await self.session.scalar(
            select(ProtocolTemplate).order_by(ProtocolTemplate.id.desc()).limit(1)
        )

    async def save_template(
        self, name: str | None, content: bytes | None, author_id: int | None, now: datetime
    ) -> ProtocolTemplate:
        row = ProtocolTemplate(name=name, content=content, author_id=author_id, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row

    # --- forgetting ---------------------------------------------------------------------

    async def forget_person(self, member_id: int) -> None:
        """The minutes a person submitted stay with the association, without the name."""
        await self.session.execute(
            update(MinutesVersion)
            .where(MinutesVersion.member_id == member_id)
            .values(member_id=None, head_name=None)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            update(MethodicalTopic)
            .where(MethodicalTopic.set_by_id == member_id)
            .values(set_by_id=None)
            .execution_options(synchronize_session=False)
        )
