"""Deadlines in the database: occurrences, the units that owe them, who acts for a unit,
submissions and their files, and the deadlines' answer to "who is due for a reminder now".

A unit is a person, an association or an organisation, by the deadline's ``unit``; who acts
for it: the person itself, the association's heads, the organisation's coordinators. Every
such question is one SQL select, so a deadline of 30,000 people is handled by the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    case,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.models import (
    Association,
    AssociationMembership,
    Deadline,
    DeadlineAssignee,
    DeadlineStatus,
    DeadlineUnit,
    DeliveryStatus,
    Member,
    Organisation,
    Role,
    Submission,
    SubmissionFile,
    Survey,
    SurveyProgress,
    UnitStatus,
)
from bot.storage.types import UTCDateTime

KIND = "deadline"
OWED = (UnitStatus.OPEN, UnitStatus.RETURNED)


def declined(deadline_id: Any, unit_id: Any) -> ColumnElement[bool]:
    """The unit pressed «Не согласен» under the consent text of the survey the deadline
    belongs to (and has not agreed since): it is not reminded or nudged — declining is an
    answer, not silence."""
    return (
        select(SurveyProgress.unit_id)
        .join(Survey, Survey.id == SurveyProgress.survey_id)
        .where(
            Survey.deadline_id == deadline_id,
            SurveyProgress.unit_id == unit_id,
            SurveyProgress.consent.is_(False),
        )
        .exists()
    )


def announcement(deadline_id: int) -> str:
    """The outbox source of a deadline's announcement to those who owe it."""
    return f"{KIND}:{deadline_id}"


def _active(member: Any = Member) -> ColumnElement[bool]:
    return and_(
        member.is_active.is_(True),
        member.forgotten_at.is_(None),
        member.telegram_id.is_not(None),
    )


def actors_select(unit: DeadlineUnit, unit_id: ColumnElement[int]) -> Select[Any]:
    """Who acts for a unit (a column or value): ``member_id``. The person itself; an
    association's heads; an organisation's coordinators. Active people only."""
    if unit is DeadlineUnit.PERSON:
        return select(Member.id.label("member_id")).where(Member.id == unit_id, _active())
    if unit is DeadlineUnit.ASSOCIATION:
        return (
            select(AssociationMembership.member_id.label("member_id"))
            .join(Member, Member.id == AssociationMembership.member_id)
            .where(
                AssociationMembership.association_id == unit_id,
                AssociationMembership.is_head.is_(True),
                _active(),
            )
        )
    return select(Member.id.label("member_id")).where(
        Member.organisation_id == unit_id, Member.role == Role.COORDINATOR, _active()
    )


def acts_for(member_id: int, organisation_id: int | None, is_coordinator: bool) -> Any:
    """The condition on ``deadlines`` joined with ``deadline_units`` for the units a member
    acts for."""
    headed = select(AssociationMembership.association_id).where(
        AssociationMembership.member_id == member_id, AssociationMembership.is_head.is_(True)
    )
    parts = [
        and_(Deadline.unit == DeadlineUnit.PERSON, DeadlineAssignee.unit_id == member_id),
        and_(Deadline.unit == DeadlineUnit.ASSOCIATION, DeadlineAssignee.unit_id.in_(headed)),
    ]
    if is_coordinator and organisation_id is not None:
        parts.append(
            and_(
                Deadline.unit == DeadlineUnit.ORGANISATION,
                DeadlineAssignee.unit_id == organisation_id,
            )
        )
    return or_(*parts)


def unit_name(unit: DeadlineUnit) -> tuple[Any, Any]:
    """The name column and the table to join (on ``unit_id``) for a kind of unit."""
    if unit is DeadlineUnit.PERSON:
        return Member.full_name, Member
    if unit is DeadlineUnit.ASSOCIATION:
        return Association.name, Association
    return Organisation.name, Organisation


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One unit of a deadline as the status card and the exports show it."""

    unit_id: int
    name: str
    organisation: str
    status: UnitStatus
    versions: int
    submitted_at: datetime | None
    return_comment: str | None
    actors: int  # how many people can act for it now


@dataclass(frozen=True, slots=True)
class OwedRow:
    """A deadline a person acts for, through one unit."""

    deadline: Deadline
    unit_id: int
    unit_name: str
    status: UnitStatus
    submitted_at: datetime | None
    return_comment: str | None


@dataclass(frozen=True, slots=True)
class FileRow:
    submission_id: int
    version: int
    file_ref: str
    kind: str
    name: str
    size: int | None


class DeadlineRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, deadline: Deadline) -> Deadline:
        self.session.add(deadline)
        await self.session.flush()
        if deadline.series_id is None:
            deadline.series_id = deadline.id
            await self.session.flush()
        return deadline

    async def get(self, deadline_id: int) -> Deadline | None:
        return await self.session.get(Deadline, deadline_id)

    async def flush(self) -> None:
        await self.session.flush()

    # --- units ----------------------------------------------------------------------------

    async def assign(self, deadline_id: int, units: Select[Any]) -> int:
        """Every selected unit (columns ``unit_id``, ``organisation_id``) owes the deadline."""
        picked = units.subquery()
        table = DeadlineAssignee.__table__
        rows = select(
            literal(deadline_id, Integer()).label("deadline_id"),
            picked.c.unit_id,
            picked.c.organisation_id,
            literal(UnitStatus.OPEN.value, String()).label("status"),
            literal(0, Integer()).label("versions"),
        ).distinct()
        result = await self.session.execute(
            table.insert().from_select(
                ["deadline_id", "unit_id", "organisation_id", "status", "versions"], rows
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def copy_units(self, source_id: int, target_id: int) -> int:
        """The next occurrence of a series is owed by the same units, afresh."""
        rows = select(
            literal(target_id, Integer()).label("deadline_id"),
            DeadlineAssignee.unit_id,
            DeadlineAssignee.organisation_id,
            literal(UnitStatus.OPEN.value, String()).label("status"),
            literal(0, Integer()).label("versions"),
        ).where(DeadlineAssignee.deadline_id == source_id)
        result = await self.session.execute(
            DeadlineAssignee.__table__.insert().from_select(
                ["deadline_id", "unit_id", "organisation_id", "status", "versions"], rows
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def assign_more(self, deadline_id: int, units: Select[Any]) -> int:
        """The selected units that do not owe the deadline yet owe it too."""
        picked = units.subquery()
        already = select(DeadlineAssignee.unit_id).where(
            DeadlineAssignee.deadline_id == deadline_id
        )
        return await self.assign(
            deadline_id,
            select(picked.c.unit_id, picked.c.organisation_id).where(
                picked.c.unit_id.not_in(already)
            ),
        )

    async def unassign_owed(self, deadline_id: int, unit_ids: Sequence[int]) -> int:
        """The units no longer owe the deadline, unless they handed it in already."""
        if not unit_ids:
            return 0
        result = await self.session.execute(
            DeadlineAssignee.__table__.delete().where(
                DeadlineAssignee.deadline_id == deadline_id,
                DeadlineAssignee.unit_id.in_(list(unit_ids)),
                DeadlineAssignee.status.in_(OWED),
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def reach(
        self, unit: DeadlineUnit, units: Select[Any]
    ) -> tuple[int, int, list[str], int]:
        """For a preview: how many units, how many people act for them, the names of (up
        to 20 of) the units nobody can act for, and how many those are."""
        picked = units.subquery()
        total = int(await self.session.scalar(select(func.count()).select_from(picked)) or 0)
        acting = _actors_of_units(unit, select(picked.c.unit_id)).subquery()
        people = int(
            await self.session.scalar(select(func.count(func.distinct(acting.c.member_id)))) or 0
        )
        name, table = unit_name(unit)
        lonely = select(name).where(
            table.id.in_(select(picked.c.unit_id)),
            ~actors_select(unit, table.id).exists(),
        )
        names = [n or "—" for n in await self.session.scalars(lonely.order_by(name).limit(20))]
        count = int(
            await self.session.scalar(select(func.count()).select_from(lonely.subquery())) or 0
        )
        return total, people, names, count

    async def has_units_in(self, deadline_id: int, organisation_id: int) -> bool:
        """Whether some unit of the deadline belongs to the organisation."""
        found = await self.session.scalar(
            select(DeadlineAssignee.unit_id)
            .where(
                DeadlineAssignee.deadline_id == deadline_id,
                DeadlineAssignee.organisation_id == organisation_id,
            )
            .limit(1)
        )
        return found is not None

    async def assignee(self, deadline_id: int, unit_id: int) -> DeadlineAssignee | None:
        return await self.session.get(DeadlineAssignee, (deadline_id, unit_id))

    async def may_act(self, deadline: Deadline, unit_id: int, member_id: int) -> bool:
        """Whether the member acts for the unit now (checked at every press)."""
        acting = actors_select(deadline.unit, literal(unit_id, Integer())).subquery()
        found = await self.session.scalar(
            select(acting.c.member_id).where(acting.c.member_id == member_id).limit(1)
        )
        return found is not None

    async def owed_by(
        self,
        member_id: int,
        organisation_id: int | None,
        is_coordinator: bool,
        *,
        since: datetime | None,
    ) -> list[OwedRow]:
        """Open deadlines the member acts for (through each unit), due since ``since``,
        nearest first, with the unit's name and where it stands."""
        rows = await self.session.execute(
            select(
                Deadline,
                DeadlineAssignee.unit_id,
                DeadlineAssignee.status,
                DeadlineAssignee.submitted_at,
                DeadlineAssignee.return_comment,
                case(
                    (Deadline.unit == DeadlineUnit.PERSON, Member.full_name),
                    (Deadline.unit == DeadlineUnit.ASSOCIATION, Association.name),
                    else_=Organisation.name,
                ),
            )
            .join(DeadlineAssignee, DeadlineAssignee.deadline_id == Deadline.id)
            .outerjoin(
                Member,
                and_(Deadline.unit == DeadlineUnit.PERSON, Member.id == DeadlineAssignee.unit_id),
            )
            .outerjoin(
                Association,
                and_(
                    Deadline.unit == DeadlineUnit.ASSOCIATION,
                    Association.id == DeadlineAssignee.unit_id,
                ),
            )
            .outerjoin(
                Organisation,
                and_(
                    Deadline.unit == DeadlineUnit.ORGANISATION,
                    Organisation.id == DeadlineAssignee.unit_id,
                ),
            )
            .where(
                Deadline.status == DeadlineStatus.OPEN,
                acts_for(member_id, organisation_id, is_coordinator),
                true()
                if since is None
                else or_(Deadline.due_at >= since, DeadlineAssignee.status.in_(OWED)),
            )
            .order_by(Deadline.due_at, Deadline.id, DeadlineAssignee.unit_id)
        )
        return [
            OwedRow(
                deadline=d,
                unit_id=int(unit_id),
                unit_name=name or "—",
                status=UnitStatus(status),
                submitted_at=submitted_at,
                return_comment=comment,
            )
            for d, unit_id, status, submitted_at, comment, name in rows.all()
        ]

    # --- submissions ----------------------------------------------------------------------

    async def add_submission(
        self,
        assignee: DeadlineAssignee,
        *,
        member_id: int | None,
        comment: str | None,
        files: Sequence[tuple[str, str, str, int | None]],
        now: datetime,
        completed_by: str | None = None,
    ) -> Submission:
        """A new version of the unit's submission (files: ref, kind, name, size); the unit
        is submitted."""
        assignee.versions += 1
        assignee.status = UnitStatus.SUBMITTED
        assignee.submitted_at = now
        submission = Submission(
            deadline_id=assignee.deadline_id,
            unit_id=assignee.unit_id,
            version=assignee.versions,
            member_id=member_id,
            comment=comment,
            completed_by=completed_by,
            created_at=now,
        )
        self.session.add(submission)
        await self.session.flush()
        for ref, kind, name, size in files:
            self.session.add(
                SubmissionFile(
                    submission_id=submission.id, file_ref=ref, kind=kind, name=name, size=size
                )
            )
        await self.session.flush()
        return submission

    async def submissions(self, deadline_id: int, unit_id: int) -> list[Submission]:
        """Every version of a unit's submission, the newest first."""
        return list(
            await self.session.scalars(
                select(Submission)
                .where(Submission.deadline_id == deadline_id, Submission.unit_id == unit_id)
                .order_by(Submission.version.desc())
            )
        )

    async def files(self, submission_ids: Sequence[int]) -> list[FileRow]:
        rows = await self.session.execute(
            select(
                SubmissionFile.submission_id,
                Submission.version,
                SubmissionFile.file_ref,
                SubmissionFile.kind,
                SubmissionFile.name,
                SubmissionFile.size,
            )
            .join(Submission, Submission.id == SubmissionFile.submission_id)
            .where(SubmissionFile.submission_id.in_(submission_ids or (-1,)))
            .order_by(SubmissionFile.submission_id, SubmissionFile.id)
        )
        return [FileRow(*row) for row in rows.all()]

    async def current_files(
        self, deadline_id: int, organisation_id: int | None = None
    ) -> list[tuple[int, FileRow]]:
        """The files of each unit's current submission: (unit id, file)."""
        latest = (
            select(Submission.id)
            .join(
                DeadlineAssignee,
                and_(
                    DeadlineAssignee.deadline_id == Submission.deadline_id,
                    DeadlineAssignee.unit_id == Submission.unit_id,
                    DeadlineAssignee.versions == Submission.version,
                ),
            )
            .where(
                Submission.deadline_id == deadline_id,
                _in_organisation(organisation_id),
            )
        )
        rows = await self.session.execute(
            select(
                Submission.unit_id,
                SubmissionFile.submission_id,
                Submission.version,
                SubmissionFile.file_ref,
                SubmissionFile.kind,
                SubmissionFile.name,
                SubmissionFile.size,
            )
            .join(Submission, Submission.id == SubmissionFile.submission_id)
            .where(SubmissionFile.submission_id.in_(latest))
            .order_by(Submission.unit_id, SubmissionFile.id)
        )
        return [(int(row[0]), FileRow(*row[1:])) for row in rows.all()]

    async def current_comments(self, deadline_id: int) -> dict[int, str]:
        """The comment of each unit's current submission (units that left one)."""
        rows = await self.session.execute(
            select(Submission.unit_id, Submission.comment)
            .join(
                DeadlineAssignee,
                and_(
                    DeadlineAssignee.deadline_id == Submission.deadline_id,
                    DeadlineAssignee.unit_id == Submission.unit_id,
                    DeadlineAssignee.versions == Submission.version,
                ),
            )
            .where(Submission.deadline_id == deadline_id, Submission.comment.is_not(None))
        )
        return {int(unit_id): comment for unit_id, comment in rows.all()}

    # --- the picture ----------------------------------------------------------------------

    async def counts(
        self, deadline_ids: Sequence[int], organisation_id: int | None = None
    ) -> dict[int, dict[UnitStatus, int]]:
        """Units by status, per deadline (of one organisation when given)."""
        rows = await self.session.execute(
            select(DeadlineAssignee.deadline_id, DeadlineAssignee.status, func.count())
            .where(
                DeadlineAssignee.deadline_id.in_(deadline_ids or (-1,)),
                _in_organisation(organisation_id),
            )
            .group_by(DeadlineAssignee.deadline_id, DeadlineAssignee.status)
        )
        out: dict[int, dict[UnitStatus, int]] = {}
        for deadline_id, status, n in rows.all():
            out.setdefault(int(deadline_id), {})[UnitStatus(status)] = int(n)
        return out

    async def units(
        self,
        deadline: Deadline,
        *,
        owed_only: bool = False,
        limit: int | None = None,
        organisation_id: int | None = None,
    ) -> list[UnitRow]:
        """The deadline's units with their names and organisations, by organisation then
        name; only those who still owe it when asked; of one organisation when given."""
        column, entity = unit_name(deadline.unit)
        # Aliased: the count of who acts for a person's unit selects from members too.
        table = aliased(entity, name="unit_named")
        name = getattr(table, column.key)
        org = Organisation.__table__.alias("unit_organisation")
        actors = (
            actors_select(deadline.unit, DeadlineAssignee.unit_id)
            .with_only_columns(func.count())
            .scalar_subquery()
        )
        query = (
            select(
                DeadlineAssignee.unit_id,
                name,
                org.c.name,
                DeadlineAssignee.status,
                DeadlineAssignee.versions,
                DeadlineAssignee.submitted_at,
                DeadlineAssignee.return_comment,
                actors,
            )
            .outerjoin(table, table.id == DeadlineAssignee.unit_id)
            .outerjoin(org, org.c.id == DeadlineAssignee.organisation_id)
            .where(DeadlineAssignee.deadline_id == deadline.id, _in_organisation(organisation_id))
            .order_by(org.c.name.is_(None), org.c.name, name, DeadlineAssignee.unit_id)
        )
        if owed_only:
            query = query.where(DeadlineAssignee.status.in_(OWED))
        if limit is not None:
            query = query.limit(limit)
        rows = await self.session.execute(query)
        return [
            UnitRow(
                unit_id=int(unit_id),
                name=unit or "—",
                organisation=organisation or "",
                status=UnitStatus(status),
                versions=int(versions),
                submitted_at=submitted_at,
                return_comment=comment,
                actors=int(n or 0),
            )
            for unit_id, unit, organisation, status, versions, submitted_at, comment, n in rows
        ]

    async def open_deadlines(
        self, *, organisation_id: int | None = None, since: datetime | None = None
    ) -> list[Deadline]:
        """Open deadlines, nearest first; those confined to one organisation or owed by its
        units when given; due since ``since`` when given."""
        query = select(Deadline).where(Deadline.status == DeadlineStatus.OPEN)
        if organisation_id is not None:
            query = query.where(
                or_(
                    Deadline.organisation_id == organisation_id,
                    Deadline.id.in_(
                        select(DeadlineAssignee.deadline_id).where(
                            DeadlineAssignee.organisation_id == organisation_id
                        )
                    ),
                )
            )
        if since is not None:
            query = query.where(Deadline.due_at >= since)
        return list(await self.session.scalars(query.order_by(Deadline.due_at, Deadline.id)))

    async def managed_by(
        self,
        *,
        everything: bool,
        organisation_id: int | None,
        author_id: int,
        since: datetime | None,
    ) -> list[Deadline]:
        """Open deadlines someone follows, nearest first: all of them (``everything``), or
        those confined to an organisation and those the person set."""
        query = select(Deadline).where(Deadline.status == DeadlineStatus.OPEN)
        if not everything:
            mine = [Deadline.author_id == author_id]
            if organisation_id is not None:
                mine.append(Deadline.organisation_id == organisation_id)
                mine.append(
                    Deadline.id.in_(
                        select(DeadlineAssignee.deadline_id).where(
                            DeadlineAssignee.organisation_id == organisation_id
                        )
                    )
                )
            query = query.where(or_(*mine))
        if since is not None:
            query = query.where(Deadline.due_at >= since)
        return list(await self.session.scalars(query.order_by(Deadline.due_at, Deadline.id)))

    async def count_people(self, members: Select[Any]) -> int:
        """How many distinct people a select of ``member_id`` gives."""
        picked = members.subquery()
        found = await self.session.scalar(select(func.count(func.distinct(picked.c.member_id))))
        return int(found or 0)

    async def actor_names(self, deadline: Deadline) -> dict[int, list[str]]:
        """Who acts for each unit of an association's or an organisation's deadline, by
        name (a person's deadline: the person itself, not listed)."""
        owing = select(DeadlineAssignee.unit_id).where(DeadlineAssignee.deadline_id == deadline.id)
        if deadline.unit is DeadlineUnit.PERSON:
            return {}
        if deadline.unit is DeadlineUnit.ASSOCIATION:
            query = (
                select(AssociationMembership.association_id, Member.full_name)
                .join(Member, Member.id == AssociationMembership.member_id)
                .where(
                    AssociationMembership.association_id.in_(owing),
                    AssociationMembership.is_head.is_(True),
                    _active(),
                )
            )
        else:
            query = select(Member.organisation_id, Member.full_name).where(
                Member.organisation_id.in_(owing), Member.role == Role.COORDINATOR, _active()
            )
        out: dict[int, list[str]] = {}
        for unit_id, name in (await self.session.execute(query.order_by(Member.full_name))).all():
            out.setdefault(int(unit_id), []).append(name or "—")
        return out

    async def due_between(self, start: datetime, end: datetime) -> list[Deadline]:
        """Open deadlines due in [start, end), nearest first."""
        return list(
            await self.session.scalars(
                select(Deadline)
                .where(
                    Deadline.status == DeadlineStatus.OPEN,
                    Deadline.due_at >= start,
                    Deadline.due_at < end,
                )
                .order_by(Deadline.due_at, Deadline.id)
            )
        )

    # --- late people, for nudges and escalation -------------------------------------------

    def late_actors(self, deadline: Deadline, organisation_id: int | None = None) -> Select[Any]:
        """Who acts for the units that still owe the deadline: ``member_id`` once each."""
        owed = select(DeadlineAssignee.unit_id).where(
            DeadlineAssignee.deadline_id == deadline.id,
            DeadlineAssignee.status.in_(OWED),
            _in_organisation(organisation_id),
            ~declined(deadline.id, DeadlineAssignee.unit_id),
        )
        return _actors_of_units(deadline.unit, owed)

    # --- recurrence -----------------------------------------------------------------------

    async def to_roll(self, now: datetime) -> list[Deadline]:
        """Occurrences that have fallen due and were not rolled on yet."""
        return list(
            await self.session.scalars(
                select(Deadline)
                .where(Deadline.due_at <= now, Deadline.rolled_at.is_(None))
                .order_by(Deadline.due_at, Deadline.id)
                .with_for_update(skip_locked=True)
            )
        )

    async def in_series(self, series_id: int, due_at: datetime) -> Deadline | None:
        return await self.session.scalar(
            select(Deadline).where(Deadline.series_id == series_id, Deadline.due_at == due_at)
        )

    async def cancel(self, deadline: Deadline, now: datetime) -> None:
        deadline.status = DeadlineStatus.CANCELLED
        deadline.updated_at = now
        await self.session.flush()

    # --- forgetting -----------------------------------------------------------------------

    async def forget_person(self, member_id: int) -> None:
        """A person's own duties and what they handed in as a person go; what they handed in
        for an association or an organisation stays with it, without their name."""
        personal = select(Deadline.id).where(Deadline.unit == DeadlineUnit.PERSON)
        await self.session.execute(
            Submission.__table__.delete().where(
                Submission.deadline_id.in_(personal), Submission.unit_id == member_id
            )
        )
        await self.session.execute(
            DeadlineAssignee.__table__.delete().where(
                DeadlineAssignee.deadline_id.in_(personal), DeadlineAssignee.unit_id == member_id
            )
        )
        await self.session.execute(
            update(Submission)
            .where(Submission.member_id == member_id)
            .values(member_id=None)
            .execution_options(synchronize_session=False)
        )


def _in_organisation(organisation_id: int | None) -> ColumnElement[bool]:
    """Units of one organisation (a coordinator's view of a wider deadline), or all."""
    if organisation_id is None:
        return true()
    return DeadlineAssignee.organisation_id == organisation_id


def _actors_of_units(unit: DeadlineUnit, unit_ids: Select[Any]) -> Select[Any]:
    """Who acts for any of the units: ``member_id``, each once."""
    if unit is DeadlineUnit.PERSON:
        return select(Member.id.label("member_id")).where(Member.id.in_(unit_ids), _active())
    if unit is DeadlineUnit.ASSOCIATION:
        return (
            select(AssociationMembership.member_id.label("member_id"))
            .join(Member, Member.id == AssociationMembership.member_id)
            .where(
                AssociationMembership.association_id.in_(unit_ids),
                AssociationMembership.is_head.is_(True),
                _active(),
            )
            .distinct()
        )
    return select(Member.id.label("member_id")).where(
        Member.organisation_id.in_(unit_ids), Member.role == Role.COORDINATOR, _active()
    )


class DeadlineReminders:
    """Deadlines on the one reminder mechanism: a reminder goes to whoever acts for a unit
    that has not handed in (or was handed back); dropped when the deadline was cancelled or
    its due time has passed (a reminder missed while the bot was down: the late are the
    escalation's business then)."""

    kind = KIND

    def dropped(self, now: datetime) -> Sequence[tuple[str, Select[Any]]]:
        return (
            ("cancelled", select(Deadline.id).where(Deadline.status == DeadlineStatus.CANCELLED)),
            ("deadline passed", select(Deadline.id).where(Deadline.due_at <= now)),
        )

    def due_members(self, firing: Subquery) -> Select[Any]:
        parts = []
        for unit in DeadlineUnit:
            owed = (
                select(firing.c.id.label("reminder_id"), DeadlineAssignee.unit_id)
                .select_from(firing)
                .join(Deadline, Deadline.id == firing.c.source_id)
                .join(DeadlineAssignee, DeadlineAssignee.deadline_id == Deadline.id)
                .where(
                    Deadline.unit == unit,
                    DeadlineAssignee.status.in_(OWED),
                    ~declined(Deadline.id, DeadlineAssignee.unit_id),
                )
                .subquery()
            )
            if unit is DeadlineUnit.PERSON:
                part = select(owed.c.reminder_id, owed.c.unit_id.label("member_id"))
            elif unit is DeadlineUnit.ASSOCIATION:
                part = (
                    select(owed.c.reminder_id, AssociationMembership.member_id.label("member_id"))
                    .select_from(owed)
                    .join(
                        AssociationMembership,
                        and_(
                            AssociationMembership.association_id == owed.c.unit_id,
                            AssociationMembership.is_head.is_(True),
                        ),
                    )
                )
            else:
                part = (
                    select(owed.c.reminder_id, Member.id.label("member_id"))
                    .select_from(owed)
                    .join(
                        Member,
                        and_(
                            Member.organisation_id == owed.c.unit_id,
                            Member.role == Role.COORDINATOR,
                        ),
                    )
                )
            parts.append(part)
        # UNION, not UNION ALL: a head of two late associations gets one reminder.
        both = union(*parts).subquery()
        return (
            select(both.c.reminder_id, both.c.member_id)
            .select_from(firing)
            .join(both, both.c.reminder_id == firing.c.id)
        )

    def due_chats(self, firing: Subquery) -> Select[Any]:
        # Reminders go only to those who owe; groups get the weekly digest.
        return select(
            firing.c.id.label("reminder_id"), literal(None, Integer()).label("binding_id")
        ).where(false())


def member_rows_for(
    members: Select[Any], *, source: str, content_id: int, now: datetime
) -> Select[Any]:
    """Outbox rows for ``member_id`` (a select), one content: the columns ``insert_from``
    takes."""
    picked = members.subquery()
    return (
        select(
            literal(source, String()).label("source"),
            literal(KIND, String()).label("source_kind"),
            literal(None, Integer()).label("source_id"),
            literal(content_id, Integer()).label("content_id"),
            Member.telegram_id.label("chat_id"),
            Member.id.label("member_id"),
            case(
                (Member.is_reachable.is_(True), literal(DeliveryStatus.PENDING.value, String())),
                else_=literal(DeliveryStatus.UNREACHABLE.value, String()),
            ).label("status"),
            literal(0, Integer()).label("attempts"),
            literal(now, UTCDateTime()).label("next_attempt_at"),
            literal(now, UTCDateTime()).label("created_at"),
        )
        .select_from(picked)
        .join(Member, Member.id == picked.c.member_id)
        .where(Member.telegram_id.is_not(None))
    )
