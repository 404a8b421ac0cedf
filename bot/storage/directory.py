"""Queries of the directory capability: members by filters, their cards, heads, mentor pairs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, delete, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.models import (
    Association,
    AssociationMembership,
    Member,
    MentorPairing,
    Organisation,
    Role,
)

MENTOR_ROLES = (Role.TEACHER, Role.HEAD)


@dataclass(frozen=True, slots=True)
class MemberQuery:
    """Which members a list shows; every condition narrows it. Forgotten members never match.

    People still filling in their profile match only ``unregistered_only``; every other list
    holds those who finished registering."""

    active: bool = True
    role: Role | None = None
    organisation_id: int | None = None
    association_id: int | None = None
    career_years: tuple[int, int] | None = None
    mentors_only: bool = False
    unregistered_only: bool = False
    unreachable_only: bool = False


@dataclass(frozen=True, slots=True)
class MemberListRow:
    id: int
    full_name: str | None
    organisation_name: str | None


@dataclass(frozen=True, slots=True)
class MembershipRow:
    member_id: int
    association_id: int
    association_name: str
    is_head: bool


@dataclass(frozen=True, slots=True)
class PairingRow:
    mentor_id: int
    mentor_name: str | None
    mentee_id: int
    mentee_name: str | None


def _conditions(q: MemberQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Member.forgotten_at.is_(None)]
    conditions.append(Member.is_active.is_(True) if q.active else Member.is_active.is_(False))
    if q.role is not None:
        conditions.append(Member.role == q.role)
    if q.organisation_id is not None:
        conditions.append(Member.organisation_id == q.organisation_id)
    if q.association_id is not None:
        conditions.append(
            Member.id.in_(
                select(AssociationMembership.member_id).where(
                    AssociationMembership.association_id == q.association_id
                )
            )
        )
    if q.career_years is not None:
        first, last = q.career_years
        conditions.append(Member.career_start_year.between(first, last))
    if q.mentors_only:
        conditions.append(Member.is_mentor.is_(True))
    if q.unregistered_only:
        conditions.append(Member.registered_at.is_(None))
    else:
        conditions.append(Member.registered_at.is_not(None))
    if q.unreachable_only:
        conditions.append(Member.is_reachable.is_(False))
    return conditions


def _by_name() -> tuple[ColumnElement[str], ColumnElement[int]]:
    return func.coalesce(Member.full_name, ""), Member.id


def _ids(q: MemberQuery) -> Select[tuple[int]]:
    return select(Member.id).where(*_conditions(q))


class DirectoryRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ------------------------------------------------------------------ lists

    async def count(self, q: MemberQuery) -> int:
        total = await self.session.scalar(
            select(func.count()).select_from(Member).where(*_conditions(q))
        )
        return int(total or 0)

    async def page(self, q: MemberQuery, *, offset: int, limit: int) -> list[MemberListRow]:
        rows = await self.session.execute(
            select(Member.id, Member.full_name, Organisation.name)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .where(*_conditions(q))
            .order_by(*_by_name())
            .offset(offset)
            .limit(limit)
        )
        return [MemberListRow(id, name, org) for id, name, org in rows]

    async def members(self, q: MemberQuery) -> list[tuple[Member, str | None]]:
        """Every matching member with its organisation's name, by name."""
        rows = await self.session.execute(
            select(Member, Organisation.name)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .where(*_conditions(q))
            .order_by(*_by_name())
        )
        return [(member, org) for member, org in rows]

    async def memberships_in(self, q: MemberQuery) -> list[MembershipRow]:
        """Association memberships of every member the query matches."""
        rows = await self.session.execute(
            select(
                AssociationMembership.member_id,
                Association.id,
                Association.name,
                AssociationMembership.is_head,
            )
            .join(Association, Association.id == AssociationMembership.association_id)
            .where(AssociationMembership.member_id.in_(_ids(q)))
            .order_by(Association.name, Association.id)
        )
        return [MembershipRow(*row) for row in rows]

    async def pairings_in(self, q: MemberQuery) -> list[PairingRow]:
        """Mentor pairs in which a member the query matches takes part (either side)."""
        ids = _ids(q)
        return await self._pairings(
            or_(MentorPairing.mentor_id.in_(ids), MentorPairing.mentee_id.in_(ids))
        )

    # ------------------------------------------------------------------ one member

    async def member(self, member_id: int) -> Member | None:
        """A member whose data is still kept (not forgotten)."""
        return await self.session.scalar(
            select(Member).where(Member.id == member_id, Member.forgotten_at.is_(None))
        )

    async def memberships_of(self, member_id: int) -> list[MembershipRow]:
        rows = await self.session.execute(
            select(
                AssociationMembership.member_id,
                Association.id,
                Association.name,
                AssociationMembership.is_head,
            )
            .join(Association, Association.id == AssociationMembership.association_id)
            .where(AssociationMembership.member_id == member_id)
            .order_by(Association.name, Association.id)
        )
        return [MembershipRow(*row) for row in rows]

    async def pairings_of(self, member_id: int) -> list[PairingRow]:
        return await self._pairings(
            or_(MentorPairing.mentor_id == member_id, MentorPairing.mentee_id == member_id)
        )

    async def _pairings(self, where: ColumnElement[bool]) -> list[PairingRow]:
        mentor = aliased(Member)
        mentee = aliased(Member)
        rows = await self.session.execute(
            select(mentor.id, mentor.full_name, mentee.id, mentee.full_name)
            .select_from(MentorPairing)
            .join(mentor, mentor.id == MentorPairing.mentor_id)
            .join(mentee, mentee.id == MentorPairing.mentee_id)
            .where(where, mentor.forgotten_at.is_(None), mentee.forgotten_at.is_(None))
            .order_by(
                func.coalesce(mentor.full_name, ""), func.coalesce(mentee.full_name, ""), mentee.id
            )
        )
        return [PairingRow(*row) for row in rows]

    # ------------------------------------------------------------------ memberships, pairings

    async def membership(self, member_id: int, association_id: int) -> AssociationMembership | None:
        return await self.session.get(AssociationMembership, (association_id, member_id))

    async def add_membership(
        self, *, member_id: int, association_id: int, is_head: bool, now: datetime
    ) -> AssociationMembership:
        row = AssociationMembership(
            association_id=association_id, member_id=member_id, is_head=is_head, created_at=now
        )
        self.session.add(row)
        await self.session.flush()
        return row

    # ------------------------------------------------------------------ mentor pairs

    async def pairing_between(self, a: int, b: int) -> MentorPairing | None:
        """A pair of the two people, whichever of them is the mentor."""
        return await self.session.scalar(
            select(MentorPairing).where(
                or_(
                    and_(MentorPairing.mentor_id == a, MentorPairing.mentee_id == b),
                    and_(MentorPairing.mentor_id == b, MentorPairing.mentee_id == a),
                )
            )
        )

    async def add_pairing(self, *, mentor_id: int, mentee_id: int, now: datetime) -> None:
        self.session.add(MentorPairing(mentor_id=mentor_id, mentee_id=mentee_id, created_at=now))
        await self.session.flush()

    async def delete_pairing(self, *, mentor_id: int, mentee_id: int) -> bool:
        result = await self.session.execute(
            delete(MentorPairing).where(
                MentorPairing.mentor_id == mentor_id, MentorPairing.mentee_id == mentee_id
            )
        )
        return bool(getattr(result, "rowcount", 0))

    def _unpaired_with(self, member_id: int) -> ColumnElement[bool]:
        paired = (
            select(MentorPairing.mentee_id)
            .where(MentorPairing.mentor_id == member_id)
            .union(select(MentorPairing.mentor_id).where(MentorPairing.mentee_id == member_id))
        )
        return Member.id.not_in(paired)

    async def mentor_candidates(
        self, *, member_id: int, organisation_id: int, young_years: tuple[int, int]
    ) -> list[Member]:
        """Who may mentor ``member_id``: active people of its organisation flagged as mentors,
        or teachers and heads who are not young specialists themselves; not yet paired with it."""
        first, last = young_years
        not_young = or_(
            Member.career_start_year.is_(None), not_(Member.career_start_year.between(first, last))
        )
        rows = await self.session.scalars(
            select(Member)
            .where(
                Member.forgotten_at.is_(None),
                Member.is_active.is_(True),
                Member.organisation_id == organisation_id,
                Member.id != member_id,
                or_(Member.is_mentor.is_(True), and_(Member.role.in_(MENTOR_ROLES), not_young)),
                self._unpaired_with(member_id),
            )
            .order_by(*_by_name())
        )
        return list(rows)

    async def mentee_candidates(
        self, *, member_id: int, organisation_id: int, young_years: tuple[int, int]
    ) -> list[Member]:
        """Young specialists of the organisation whom ``member_id`` does not mentor yet."""
        first, last = young_years
        rows = await self.session.scalars(
            select(Member)
            .where(
                Member.forgotten_at.is_(None),
                Member.is_active.is_(True),
                Member.organisation_id == organisation_id,
                Member.id != member_id,
                Member.career_start_year.between(first, last),
                self._unpaired_with(member_id),
            )
            .order_by(*_by_name())
        )
        return list(rows)

    async def flush(self) -> None:
        await self.session.flush()
