"""Events in the database: the events, the answers, who received them, and their reminders'
answer to "who is due now". Queries return plain data (or the event row, the aggregate)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Subquery,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Association,
    AssociationMembership,
    BindingKind,
    ChatBinding,
    DeliveryStatus,
    Event,
    EventAnswer,
    EventStatus,
    Member,
    Organisation,
    OutboxMessage,
    Role,
)

KIND = "event"


def publication(event_id: int) -> str:
    """The outbox source of an event's publication (its notices and reminders have others)."""
    return f"{KIND}:{event_id}"


class EventRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event: Event) -> Event:
        self.session.add(event)
        await self.session.flush()
        return event

    async def get(self, event_id: int) -> Event | None:
        return await self.session.get(Event, event_id)

    async def flush(self) -> None:
        await self.session.flush()

    async def headed(self, member_id: int) -> list[int]:
        """The associations ``member_id`` heads, in the order they were made (a stable
        order: buttons built from it keep their places)."""
        return list(
            await self.session.scalars(
                select(AssociationMembership.association_id)
                .where(
                    AssociationMembership.member_id == member_id,
                    AssociationMembership.is_head.is_(True),
                )
                .order_by(AssociationMembership.association_id)
            )
        )

    async def upcoming(self, now: datetime) -> list[Event]:
        """Published events that have not ended, soonest first."""
        return list(
            await self.session.scalars(
                select(Event)
                .where(
                    Event.status == EventStatus.PUBLISHED,
                    func.coalesce(Event.ends_at, Event.starts_at) > now,
                )
                .order_by(Event.starts_at, Event.id)
            )
        )

    async def is_member(self, member_id: int, condition: ColumnElement[bool]) -> bool:
        """Whether the member matches ``condition`` on members (an audience's)."""
        found = await self.session.scalar(
            select(Member.id).where(Member.id == member_id, condition)
        )
        return found is not None

    # --- answers ------------------------------------------------------------------------

    async def answer_of(self, event_id: int, member_id: int) -> bool | None:
        row = await self.session.get(EventAnswer, (event_id, member_id))
        return None if row is None else row.coming

    async def set_answer(self, event_id: int, member_id: int, coming: bool, now: datetime) -> None:
        row = await self.session.get(EventAnswer, (event_id, member_id))
        if row is None:
            self.session.add(
                EventAnswer(event_id=event_id, member_id=member_id, coming=coming, answered_at=now)
            )
        else:
            row.coming = coming
            row.answered_at = now
        await self.session.flush()

    async def answer_counts(self, event_id: int) -> dict[bool, int]:
        rows = await self.session.execute(
            select(EventAnswer.coming, func.count())
            .where(EventAnswer.event_id == event_id)
            .group_by(EventAnswer.coming)
        )
        return {bool(c): int(n) for c, n in rows.all()}

    async def coming_by_organisation(self, event_id: int) -> list[tuple[str, list[str]]]:
        """Those coming, by organisation name ("" for none), each list by name."""
        rows = await self.session.execute(
            select(Organisation.name, Member.full_name)
            .select_from(EventAnswer)
            .join(Member, Member.id == EventAnswer.member_id)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .where(EventAnswer.event_id == event_id, EventAnswer.coming.is_(True))
            .order_by(Organisation.name, Member.full_name)
        )
        grouped: dict[str, list[str]] = {}
        for organisation, name in rows.all():
            grouped.setdefault(organisation or "", []).append(name or "")
        return list(grouped.items())

    async def registrations(
        self, event_id: int
    ) -> list[tuple[str | None, str | None, Role, bool, datetime]]:
        """Every answer: name, organisation, role, coming, when; those coming first."""
        rows = await self.session.execute(
            select(
                Member.full_name,
                Organisation.name,
                Member.role,
                EventAnswer.coming,
                EventAnswer.answered_at,
            )
            .select_from(EventAnswer)
            .join(Member, Member.id == EventAnswer.member_id)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .where(EventAnswer.event_id == event_id)
            .order_by(EventAnswer.coming.desc(), Organisation.name, Member.full_name)
        )
        return [tuple(row) for row in rows.all()]  # type: ignore[misc]

    # --- who received it ----------------------------------------------------------------

    async def delivery_counts(self, event_id: int) -> tuple[dict[DeliveryStatus, int], int]:
        """The publication's rows by status, and how many of them went to members."""
        source = publication(event_id)
        rows = await self.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.source == source)
            .group_by(OutboxMessage.status)
        )
        counts = {DeliveryStatus(status): int(n) for status, n in rows.all()}
        members = await self.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.source == source, OutboxMessage.member_id.is_not(None))
        )
        return counts, int(members or 0)

    async def was_sent_to(self, event_id: int, member_id: int) -> bool:
        found = await self.session.scalar(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.source == publication(event_id),
                OutboxMessage.member_id == member_id,
            )
            .limit(1)
        )
        return found is not None

    async def was_sent_to_group_of(
        self, event_id: int, member_id: int, organisation_id: int | None
    ) -> bool:
        """Whether the event went to a group that stands for the member: its organisation's,
        an association's it belongs to, or a heads' group of what it heads."""
        found = await self.session.scalar(
            select(OutboxMessage.id)
            .join(ChatBinding, ChatBinding.id == OutboxMessage.binding_id)
            .where(
                OutboxMessage.source == publication(event_id),
                _group_stands_for(member_id, organisation_id),
            )
            .limit(1)
        )
        return found is not None

    def recipients(self, event_id: int, locale_of_member: Any, locale: str, coming: bool) -> Any:
        """Members who received the event (in ``locale``): those coming, or all the others.
        Columns id, telegram_id, is_reachable (for the outbox)."""
        got = select(OutboxMessage.member_id).where(
            OutboxMessage.source == publication(event_id),
            OutboxMessage.member_id.is_not(None),
            OutboxMessage.status != DeliveryStatus.UNREACHABLE,
        )
        answer = (
            select(EventAnswer.coming)
            .where(EventAnswer.event_id == event_id, EventAnswer.member_id == Member.id)
            .scalar_subquery()
        )
        query = select(Member.id, Member.telegram_id, Member.is_reachable).where(
            Member.id.in_(got),
            Member.is_active.is_(True),
            Member.telegram_id.is_not(None),
            locale_of_member == locale,
        )
        if coming:
            return query.where(answer.is_(True))
        return query.where(answer.is_(None) | answer.is_(False))

    def group_recipients(self, event_id: int) -> Any:
        """Active groups the event went to (columns id, chat_id)."""
        return select(ChatBinding.id, ChatBinding.chat_id).where(
            ChatBinding.is_active.is_(True),
            ChatBinding.id.in_(
                select(OutboxMessage.binding_id).where(
                    OutboxMessage.source == publication(event_id),
                    OutboxMessage.binding_id.is_not(None),
                )
            ),
        )


class EventReminders:
    """Events on the one reminder mechanism: a reminder goes to everyone who received the
    event and did not answer "not coming", and to its groups; dropped when the event was
    cancelled or has begun (a reminder missed while the bot was down)."""

    kind = KIND

    def dropped(self, now: datetime) -> Sequence[tuple[str, Select[Any]]]:
        return (
            ("cancelled", select(Event.id).where(Event.status == EventStatus.CANCELLED)),
            ("event began", select(Event.id).where(Event.starts_at <= now)),
        )

    def _publication(self, firing: Subquery) -> tuple[Any, ColumnElement[bool]]:
        rows = OutboxMessage.__table__.alias("publication")
        source = literal(f"{KIND}:") + cast(firing.c.source_id, String())
        return rows, rows.c.source == source

    def due_members(self, firing: Subquery) -> Select[Any]:
        rows, joined = self._publication(firing)
        answer = (
            select(EventAnswer.coming)
            .where(
                EventAnswer.event_id == firing.c.source_id,
                EventAnswer.member_id == rows.c.member_id,
            )
            .scalar_subquery()
        )
        return (
            select(firing.c.id.label("reminder_id"), rows.c.member_id.label("member_id"))
            .select_from(firing)
            .join(rows, joined)
            .where(
                rows.c.member_id.is_not(None),
                rows.c.status != DeliveryStatus.UNREACHABLE.value,
                answer.is_(None) | answer.is_(True),
            )
        )

    def due_chats(self, firing: Subquery) -> Select[Any]:
        rows, joined = self._publication(firing)
        return (
            select(firing.c.id.label("reminder_id"), rows.c.binding_id.label("binding_id"))
            .select_from(firing)
            .join(rows, joined)
            .where(rows.c.binding_id.is_not(None))
        )


def _group_stands_for(member_id: int, organisation_id: int | None) -> ColumnElement[bool]:
    """The condition on ``chat_bindings`` for a group that stands for a member."""
    heads = select(AssociationMembership.association_id).where(
        AssociationMembership.member_id == member_id, AssociationMembership.is_head.is_(True)
    )
    belongs = select(AssociationMembership.association_id).where(
        AssociationMembership.member_id == member_id
    )
    headed_levels = select(Association.level).where(Association.id.in_(heads))
    return or_(
        and_(
            ChatBinding.kind == BindingKind.ORGANISATION,
            ChatBinding.organisation_id.is_not(None),
            ChatBinding.organisation_id == organisation_id,
        ),
        and_(ChatBinding.kind == BindingKind.ASSOCIATION, ChatBinding.association_id.in_(belongs)),
        and_(ChatBinding.kind == BindingKind.HEADS_ALL, heads.exists()),
        and_(ChatBinding.kind == BindingKind.HEADS_LEVEL, ChatBinding.level.in_(headed_levels)),
    )
