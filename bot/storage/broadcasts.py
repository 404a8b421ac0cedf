"""Announcements in the database: the broadcasts, what their delivery reports count, and the
names an audience picker shows. Queries return plain data (or the broadcast row itself)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Association,
    Broadcast,
    ChatBinding,
    Content,
    DeliveryStatus,
    Member,
    Organisation,
    OrganisationKind,
    OutboxMessage,
)

KIND = "broadcast"


def _mine(broadcast_id: int) -> ColumnElement[bool]:
    return and_(OutboxMessage.source_kind == KIND, OutboxMessage.source_id == broadcast_id)


class BroadcastRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, broadcast: Broadcast) -> Broadcast:
        self.session.add(broadcast)
        await self.session.flush()
        return broadcast

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id)

    async def text_of(self, content_id: int) -> str:
        content = await self.session.get(Content, content_id)
        return (content.text or "") if content else ""

    async def recent_ids(self, limit: int, author_id: int | None = None) -> list[int]:
        """The latest broadcasts (of ``author_id`` when given), newest first."""
        query = select(Broadcast.id).order_by(Broadcast.id.desc()).limit(limit)
        if author_id is not None:
            query = query.where(Broadcast.author_id == author_id)
        return list(await self.session.scalars(query))

    async def take_dirty_reports(self) -> list[tuple[int, int, int, str | None]]:
        """Reports whose figures changed, marked seen: broadcast id, chat, message, locale."""
        rows = (
            await self.session.execute(
                select(
                    Broadcast.id,
                    Broadcast.report_chat_id,
                    Broadcast.report_message_id,
                    Broadcast.report_locale,
                )
                .where(
                    Broadcast.report_dirty.is_(True),
                    Broadcast.report_chat_id.is_not(None),
                    Broadcast.report_message_id.is_not(None),
                )
                # Several instances: each change of a report is taken by one of them.
                .with_for_update(skip_locked=True)
            )
        ).all()
        for broadcast_id, *_ in rows:
            broadcast = await self.session.get(Broadcast, broadcast_id)
            if broadcast is not None:
                broadcast.report_dirty = False
        return [(int(a), int(b), int(c), d) for a, b, c, d in rows]

    # --- audiences ----------------------------------------------------------------------

    async def reach(self, people: Select[Any], groups: Select[Any]) -> tuple[int, int, int]:
        """People (of them unreachable) and groups an audience reaches: ``people`` selects
        (count, unreachable), ``groups`` the groups themselves."""
        count, unreachable = (await self.session.execute(people)).one()
        chats = await self.session.scalar(select(func.count()).select_from(groups.subquery()))
        return int(count), int(unreachable), int(chats or 0)

    async def association_names(self, ids: Sequence[int]) -> dict[int, tuple[str, str | None]]:
        """Association id → (name, its organisation's name or None)."""
        rows = await self.session.execute(
            select(Association.id, Association.name, Organisation.name)
            .outerjoin(Organisation, Organisation.id == Association.organisation_id)
            .where(Association.id.in_(ids or (-1,)))
        )
        return {row[0]: (row[1], row[2]) for row in rows.all()}

    async def organisation_names(self, ids: Sequence[int]) -> tuple[str, ...]:
        found = await self.session.scalars(
            select(Organisation.name).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
        return tuple(found)

    async def named_associations(self, ids: Sequence[int]) -> tuple[tuple[str, str | None], ...]:
        """(name, organisation) of the associations, by name."""
        rows = await self.session.execute(
            select(Association.name, Organisation.name)
            .outerjoin(Organisation, Organisation.id == Association.organisation_id)
            .where(Association.id.in_(ids))
            .order_by(Association.name, Organisation.name)
        )
        return tuple((name, school) for name, school in rows.all())

    async def group_titles(self, groups: Select[Any]) -> tuple[str, ...]:
        """The titles of the groups ``groups`` selects (column id), by title."""
        reached = groups.subquery()
        found = await self.session.scalars(
            select(ChatBinding.title)
            .where(ChatBinding.id.in_(select(reached.c.id)))
            .order_by(ChatBinding.title)
        )
        return tuple(found)

    # --- delivery figures ---------------------------------------------------------------

    async def group_rows(self, broadcast_id: int) -> int:
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(_mine(broadcast_id), OutboxMessage.binding_id.is_not(None))
            )
            or 0
        )

    async def missed(
        self, broadcast_id: int
    ) -> list[tuple[str | None, str | None, str | None, DeliveryStatus, str | None]]:
        """Who it did not reach: name, organisation, group title, status, reason."""
        rows = await self.session.execute(
            select(
                Member.full_name,
                Organisation.name,
                ChatBinding.title,
                OutboxMessage.status,
                OutboxMessage.outcome,
            )
            .select_from(OutboxMessage)
            .outerjoin(Member, Member.id == OutboxMessage.member_id)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .outerjoin(ChatBinding, ChatBinding.id == OutboxMessage.binding_id)
            .where(
                _mine(broadcast_id),
                OutboxMessage.status.in_((DeliveryStatus.UNREACHABLE, DeliveryStatus.FAILED)),
            )
            .order_by(Organisation.name, Member.full_name, ChatBinding.title)
        )
        return [tuple(row) for row in rows.all()]  # type: ignore[misc]

    async def informed_by_organisation(
        self,
        broadcast_id: int,
        *,
        scope_organisation: int | None,
        organisations: Sequence[int] | None,
        org_kinds: Sequence[OrganisationKind] | None,
    ) -> list[tuple[str, bool]]:
        """Per organisation of the audience (see :func:`_organisations`): did anyone of it get
        the broadcast (a person of it, or a group bound to it or to one of its associations)."""
        informed = _informed(broadcast_id)
        rows = await self.session.execute(
            select(Organisation.name, informed)
            .where(_organisations(scope_organisation, organisations, org_kinds))
            .order_by(Organisation.name)
        )
        return [(name, bool(flag)) for name, flag in rows.all()]

    async def informed_counts(
        self,
        broadcast_id: int,
        *,
        scope_organisation: int | None,
        organisations: Sequence[int] | None,
        org_kinds: Sequence[OrganisationKind] | None,
    ) -> tuple[int, int]:
        """(informed, of organisations)."""
        informed = _informed(broadcast_id)
        row = (
            await self.session.execute(
                select(func.count(), func.coalesce(func.sum(case((informed, 1), else_=0)), 0))
                .select_from(Organisation)
                .where(_organisations(scope_organisation, organisations, org_kinds))
            )
        ).one()
        return int(row[1]), int(row[0])


def _organisations(
    scope_organisation: int | None,
    organisations: Sequence[int] | None,
    org_kinds: Sequence[OrganisationKind] | None,
) -> ColumnElement[bool]:
    """The organisations an audience addresses: its scope's, the chosen ones (``organisations``
    not None), those of the chosen kinds (``org_kinds`` not None, empty: every kind), or all."""
    condition = Organisation.archived_at.is_(None)
    if scope_organisation is not None:
        return and_(condition, Organisation.id == scope_organisation)
    if organisations is not None:
        return and_(condition, Organisation.id.in_(organisations or (-1,)))
    if org_kinds is not None:
        return and_(condition, Organisation.kind.in_(org_kinds or tuple(OrganisationKind)))
    return condition


def _informed(broadcast_id: int) -> ColumnElement[bool]:
    """Anyone of the organisation got it: a person of it, or a group bound to it or to one
    of its associations.

    The organisations reached are found in one pass over the broadcast's sent rows (not
    one pass per organisation), then matched by id.
    """
    sent = (
        select(OutboxMessage.member_id, OutboxMessage.binding_id)
        .where(_mine(broadcast_id), OutboxMessage.status == DeliveryStatus.SENT)
        .subquery()
    )
    by_person = (
        select(Member.organisation_id)
        .join(sent, sent.c.member_id == Member.id)
        .where(Member.organisation_id.is_not(None))
    )
    by_group = (
        select(func.coalesce(ChatBinding.organisation_id, Association.organisation_id))
        .join(sent, sent.c.binding_id == ChatBinding.id)
        .outerjoin(Association, Association.id == ChatBinding.association_id)
        .where(
            or_(
                ChatBinding.organisation_id.is_not(None),
                Association.organisation_id.is_not(None),
            )
        )
    )
    return Organisation.id.in_(by_person.union(by_group))
