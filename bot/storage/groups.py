"""Queries of the groups capability: group chats bound to the bot and what each stands for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Association,
    AssociationLevel,
    AuditEntry,
    BindingKind,
    ChatBinding,
)

BINDING = "chat_binding"


class GroupRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_chat_id(self, chat_id: int) -> ChatBinding | None:
        return await self.session.scalar(select(ChatBinding).where(ChatBinding.chat_id == chat_id))

    async def add(
        self,
        *,
        chat_id: int,
        title: str,
        kind: BindingKind,
        level: AssociationLevel | None,
        association_id: int | None,
        organisation_id: int | None,
        bound_by_id: int | None,
        now: datetime,
    ) -> ChatBinding:
        row = ChatBinding(
            chat_id=chat_id,
            title=title,
            kind=kind,
            level=level,
            association_id=association_id,
            organisation_id=organisation_id,
            is_active=True,
            bound_by_id=bound_by_id,
            created_at=now,
            updated_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def flush(self) -> None:
        await self.session.flush()

    async def active(self) -> list[ChatBinding]:
        rows = await self.session.scalars(
            select(ChatBinding).where(ChatBinding.is_active.is_(True)).order_by(ChatBinding.title)
        )
        return list(rows)

    async def listed(self, organisation_id: int | None = None) -> list[ChatBinding]:
        """Every binding, active first, then by title; with ``organisation_id`` only those bound
        to that organisation or to one of its associations."""
        query = select(ChatBinding).order_by(
            ChatBinding.is_active.desc(), ChatBinding.title, ChatBinding.id
        )
        if organisation_id is not None:
            own_associations = select(Association.id).where(
                Association.organisation_id == organisation_id
            )
            query = query.where(
                or_(
                    ChatBinding.organisation_id == organisation_id,
                    ChatBinding.association_id.in_(own_associations),
                )
            )
        return list(await self.session.scalars(query))

    async def last_actions(
        self, binding_ids: list[int], actions: tuple[str, ...]
    ) -> dict[int, str]:
        """The latest of ``actions`` recorded in the audit log for each binding."""
        if not binding_ids:
            return {}
        rows = await self.session.execute(
            select(AuditEntry.object_id, AuditEntry.action)
            .where(
                AuditEntry.object_type == BINDING,
                AuditEntry.object_id.in_(binding_ids),
                AuditEntry.action.in_(actions),
            )
            .order_by(AuditEntry.id)
        )
        return {int(object_id): action for object_id, action in rows.all()}
