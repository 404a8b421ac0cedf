"""Repositories: every query the bot runs, grouped by table, behind one holder.

Portable SQL only (SQLAlchemy Core/ORM expressions): the same code runs on SQLite and
PostgreSQL.  Repositories flush but never commit; the unit of work (one update, one job)
commits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.bindings import BindingRepo
from bot.storage.directory import DirectoryRepo
from bot.storage.models import AuditEntry, DialogState, Member, Role
from bot.storage.registry import RegistryRepo


class MemberRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        return await self.session.scalar(select(Member).where(Member.telegram_id == telegram_id))

    async def add(
        self,
        *,
        telegram_id: int,
        full_name: str,
        role: Role,
        now: datetime,
        locale: str | None = None,
        organisation_id: int | None = None,
        consent_at: datetime | None = None,
    ) -> Member:
        member = Member(
            telegram_id=telegram_id,
            full_name=full_name,
            role=role,
            locale=locale,
            organisation_id=organisation_id,
            consent_at=consent_at,
            is_reachable=True,
            is_active=True,
            created_at=now,
            updated_at=now,
        )
        self.session.add(member)
        await self.session.flush()
        return member


class AuditRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        *,
        at: datetime,
        action: str,
        actor_id: int | None = None,
        object_type: str | None = None,
        object_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEntry:
        entry = AuditEntry(
            at=at,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=details or {},
        )
        self.session.add(entry)
        await self.session.flush()
        return entry

    async def for_object(self, object_type: str, object_id: int) -> list[AuditEntry]:
        rows = await self.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
            .order_by(AuditEntry.id)
        )
        return list(rows)


class DialogStateRepo:
    """Dialog (FSM) state by an opaque key."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> DialogState | None:
        return await self.session.get(DialogState, key)

    async def set_state(self, key: str, state: str | None, now: datetime) -> None:
        row = await self.get(key)
        if row is None:
            if state is None:
                return
            self.session.add(DialogState(key=key, state=state, data={}, updated_at=now))
        else:
            row.state = state
            row.updated_at = now
            await self._drop_if_empty(row)
        await self.session.flush()

    async def set_data(self, key: str, data: dict[str, Any], now: datetime) -> None:
        row = await self.get(key)
        if row is None:
            if not data:
                return
            self.session.add(DialogState(key=key, state=None, data=dict(data), updated_at=now))
        else:
            row.data = dict(data)
            row.updated_at = now
            await self._drop_if_empty(row)
        await self.session.flush()

    async def _drop_if_empty(self, row: DialogState) -> None:
        if row.state is None and not row.data:
            await self.session.delete(row)


class Repo:
    """The one holder a handler or job receives: ``repo.members.by_telegram_id(...)``."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.members = MemberRepo(session)
        self.audit = AuditRepo(session)
        self.dialog_states = DialogStateRepo(session)
        self.registry = RegistryRepo(session)
        self.directory = DirectoryRepo(session)
        self.bindings = BindingRepo(session)
