"""Queries of the registry capability: organisations and methodological associations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Association,
    AssociationLevel,
    AssociationMembership,
    Member,
    Organisation,
    OrganisationKind,
)


@dataclass(frozen=True, slots=True)
class MemberCounts:
    """Active members of one association, and how many of them are its heads."""

    members: int
    heads: int


class RegistryRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # ------------------------------------------------------------------ organisations

    async def organisation(self, organisation_id: int) -> Organisation | None:
        return await self.session.get(Organisation, organisation_id)

    async def organisation_name(self, organisation_id: int | None) -> str | None:
        if organisation_id is None:
            return None
        return await self.session.scalar(
            select(Organisation.name).where(Organisation.id == organisation_id)
        )

    async def organisation_names(self, ids: set[int]) -> dict[int, tuple[str, bool]]:
        """Name and whether archived, for each of the organisations."""
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Organisation.id, Organisation.name, Organisation.archived_at).where(
                Organisation.id.in_(ids)
            )
        )
        return {i: (name, archived is not None) for i, name, archived in rows.all()}

    async def organisations(self, *, include_archived: bool = False) -> list[Organisation]:
        query = select(Organisation).order_by(Organisation.name, Organisation.id)
        if not include_archived:
            query = query.where(Organisation.archived_at.is_(None))
        return list(await self.session.scalars(query))

    async def add_organisation(
        self, *, name: str, kind: OrganisationKind, now: datetime
    ) -> Organisation:
        row = Organisation(name=name, kind=kind, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row

    async def rename_organisation(self, organisation_id: int, name: str) -> None:
        await self.session.execute(
            update(Organisation).where(Organisation.id == organisation_id).values(name=name)
        )
        await self.session.flush()

    async def archive_organisation(self, organisation_id: int, now: datetime) -> list[int]:
        """Archive one organisation and its live associations; the associations' ids."""
        await self.session.execute(
            update(Organisation).where(Organisation.id == organisation_id).values(archived_at=now)
        )
        archived = await self.archive_associations_of(organisation_id, now)
        await self.session.flush()
        return archived

    # ------------------------------------------------------------------ associations

    async def association(self, association_id: int) -> Association | None:
        return await self.session.get(Association, association_id)

    async def association_names(self, ids: set[int]) -> dict[int, tuple[str, str | None, bool]]:
        """Name, organisation name and whether archived, for each of the associations."""
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Association.id, Association.name, Organisation.name, Association.archived_at)
            .outerjoin(Organisation, Organisation.id == Association.organisation_id)
            .where(Association.id.in_(ids))
        )
        return {i: (name, org, archived is not None) for i, name, org, archived in rows.all()}

    async def open_associations(self) -> list[tuple[Association, str | None]]:
        """Associations not archived, by name, each with its organisation's name (if any)."""
        rows = await self.session.execute(
            select(Association, Organisation.name)
            .outerjoin(Organisation, Organisation.id == Association.organisation_id)
            .where(Association.archived_at.is_(None))
            .order_by(Association.name, Organisation.name, Association.id)
        )
        return [(a, name) for a, name in rows.all()]

    async def associations_in_use(
        self, *, organisation_id: int | None, school_level: bool, wide_levels: bool
    ) -> list[Association]:
        """Associations in use, by name: the school ones of ``organisation_id`` (of every
        organisation when it is None) and, with ``wide_levels``, the municipal and district ones."""
        parts: list[ColumnElement[bool]] = []
        if school_level:
            school = Association.level == AssociationLevel.SCHOOL
            if organisation_id is not None:
                school = and_(school, Association.organisation_id == organisation_id)
            parts.append(school)
        if wide_levels:
            parts.append(Association.level != AssociationLevel.SCHOOL)
        if not parts:
            return []
        rows = await self.session.scalars(
            select(Association)
            .where(Association.archived_at.is_(None), or_(*parts))
            .order_by(Association.name, Association.id)
        )
        return list(rows)

    async def rename_association(self, association_id: int, name: str) -> None:
        await self.session.execute(
            update(Association).where(Association.id == association_id).values(name=name)
        )
        await self.session.flush()

    async def archive_association(self, association_id: int, now: datetime) -> None:
        await self.session.execute(
            update(Association).where(Association.id == association_id).values(archived_at=now)
        )
        await self.session.flush()

    async def associations(
        self,
        *,
        organisation_id: int | None = None,
        level: AssociationLevel | None = None,
        include_archived: bool = False,
    ) -> list[tuple[Association, str | None]]:
        """Associations with their organisation's name; those of archived organisations are
        left out unless ``include_archived``."""
        query = (
            select(Association, Organisation.name)
            .outerjoin(Organisation, Association.organisation_id == Organisation.id)
            .order_by(Association.level, Organisation.name, Association.name, Association.id)
        )
        if not include_archived:
            query = query.where(
                Association.archived_at.is_(None), Organisation.archived_at.is_(None)
            )
        if organisation_id is not None:
            query = query.where(Association.organisation_id == organisation_id)
        if level is not None:
            query = query.where(Association.level == level)
        rows = await self.session.execute(query)
        return [(association, name) for association, name in rows.all()]

    async def add_association(
        self,
        *,
        name: str,
        level: AssociationLevel,
        subject_area: str | None,
        organisation_id: int | None,
        now: datetime,
    ) -> Association:
        row = Association(
            name=name,
            level=level,
            subject_area=subject_area,
            organisation_id=organisation_id,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def archive_associations_of(self, organisation_id: int, now: datetime) -> list[int]:
        """Archive the live associations of one organisation; their ids."""
        ids = list(
            await self.session.scalars(
                select(Association.id).where(
                    Association.organisation_id == organisation_id,
                    Association.archived_at.is_(None),
                )
            )
        )
        if ids:
            await self.session.execute(
                update(Association)
                .where(Association.id.in_(ids))
                .values(archived_at=now)
                .execution_options(synchronize_session="fetch")
            )
        return ids

    # ------------------------------------------------------------------ people in associations

    async def member_counts(self, association_ids: Iterable[int]) -> dict[int, MemberCounts]:
        """Active members and heads per association (absent ids have none)."""
        ids = list(association_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(
                AssociationMembership.association_id,
                func.count(),
                func.sum(case((AssociationMembership.is_head, 1), else_=0)),
            )
            .join(Member, Member.id == AssociationMembership.member_id)
            .where(AssociationMembership.association_id.in_(ids), Member.is_active)
            .group_by(AssociationMembership.association_id)
        )
        return {
            association_id: MemberCounts(int(members), int(heads or 0))
            for association_id, members, heads in rows.all()
        }

    async def head_names(self, association_id: int) -> list[str]:
        """Names of the active heads of one association (forgotten people have none)."""
        names = await self.session.scalars(
            select(Member.full_name)
            .join(AssociationMembership, AssociationMembership.member_id == Member.id)
            .where(
                AssociationMembership.association_id == association_id,
                AssociationMembership.is_head,
                Member.is_active,
                Member.full_name.is_not(None),
            )
            .order_by(Member.full_name)
        )
        return [name for name in names if name]
