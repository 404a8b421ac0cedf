"""Reading the audit log: the latest entries by person and by kind, and the names they refer to.

Writing stays with :class:`bot.storage.repositories.AuditRepo` (one line per action, flushed
with the unit of work); this module only reads.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.models import (
    Association,
    AuditEntry,
    ChatBinding,
    Event,
    Invite,
    Member,
    Organisation,
    Role,
)


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which entries: of these actions (or of none of ``actions_not_in``), by or about a person."""

    actions_in: tuple[str, ...] | None = None
    actions_not_in: tuple[str, ...] | None = None
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    object_type: str | None
    object_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    full_name: str | None


def _conditions(q: AuditQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if q.actions_in is not None:
        conditions.append(AuditEntry.action.in_(q.actions_in))
    if q.actions_not_in is not None:
        conditions.append(AuditEntry.action.not_in(q.actions_not_in))
    if q.person_id is not None:
        conditions.append(
            or_(
                AuditEntry.actor_id == q.person_id,
                and_(AuditEntry.object_type == "member", AuditEntry.object_id == q.person_id),
            )
        )
    return conditions


class AuditLogRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count(self, q: AuditQuery) -> int:
        total = await self.session.scalar(
            select(func.count()).select_from(AuditEntry).where(*_conditions(q))
        )
        return int(total or 0)

    async def latest(self, q: AuditQuery, *, offset: int, limit: int) -> list[AuditRow]:
        """Entries newest first, with the name of who acted (None when it is forgotten)."""
        actor = aliased(Member)
        rows = await self.session.execute(
            select(AuditEntry, actor.full_name, actor.forgotten_at)
            .outerjoin(actor, actor.id == AuditEntry.actor_id)
            .where(*_conditions(q))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [
            AuditRow(
                id=entry.id,
                at=entry.at,
                actor_id=entry.actor_id,
                actor_name=None if forgotten_at is not None else name,
                action=entry.action,
                object_type=entry.object_type,
                object_id=entry.object_id,
                details=dict(entry.details or {}),
            )
            for entry, name, forgotten_at in rows
        ]

    async def people(self) -> list[PersonRow]:
        """Everyone who acted or was acted upon in the log and is not forgotten, by name."""
        acted = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None))
        touched = select(AuditEntry.object_id).where(AuditEntry.object_type == "member")
        rows = await self.session.execute(
            select(Member.id, Member.full_name)
            .where(
                Member.forgotten_at.is_(None),
                or_(Member.id.in_(acted), Member.id.in_(touched)),
            )
            .order_by(func.coalesce(Member.full_name, ""), Member.id)
        )
        return [PersonRow(id, name) for id, name in rows]

    async def person(self, member_id: int) -> PersonRow | None:
        row = (
            await self.session.execute(
                select(Member.id, Member.full_name).where(
                    Member.id == member_id, Member.forgotten_at.is_(None)
                )
            )
        ).first()
        return PersonRow(row[0], row[1]) if row else None

    # ------------------------------------------------------------------ names, a page at a time

    async def member_names(self, ids: Collection[int]) -> dict[int, str | None]:
        """Names of members (None for one whose data is forgotten or not given yet)."""
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Member.id, Member.full_name, Member.forgotten_at).where(Member.id.in_(ids))
        )
        return {id: (None if forgotten else name) for id, name, forgotten in rows}

    async def names(self, object_type: str, ids: Sequence[int]) -> dict[int, str]:
        """Names of organisations, associations, events and bound groups."""
        column = {
            "organisation": (Organisation.id, Organisation.name),
            "association": (Association.id, Association.name),
            "event": (Event.id, Event.title),
            "chat_binding": (ChatBinding.id, ChatBinding.title),
        }.get(object_type)
        if column is None or not ids:
            return {}
        key, name = column
        rows = await self.session.execute(select(key, name).where(key.in_(ids)))
        return {row[0]: row[1] for row in rows}

    async def invite_roles(self, ids: Sequence[int]) -> dict[int, Role]:
        if not ids:
            return {}
        rows = await self.session.execute(select(Invite.id, Invite.role).where(Invite.id.in_(ids)))
        return {row[0]: row[1] for row in rows}
