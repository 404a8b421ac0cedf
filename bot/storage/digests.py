"""What the deadlines' scheduled messages read: the late units to escalate and who hears of
them, the methodologists, the bound groups and the events of a week. Plain rows out; the
service decides what is said and to whom."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.deadlines import OWED, unit_name
from bot.storage.events import KIND as EVENT_KIND
from bot.storage.models import (
    ChatBinding,
    Deadline,
    DeadlineAssignee,
    DeadlineStatus,
    DeadlineUnit,
    Deliverable,
    Event,
    EventStatus,
    Member,
    OutboxMessage,
    Role,
)

# Rows updated by one statement (SQLite's bound-parameter limit is far above it).
CHUNK = 500


@dataclass(frozen=True, slots=True)
class LateUnit:
    """A unit still owing an open deadline, with what escalation needs to route it."""

    deadline_id: int
    title: str
    due_at: datetime
    author_id: int | None
    unit: DeadlineUnit
    unit_id: int
    name: str
    organisation_id: int | None


@dataclass(frozen=True, slots=True)
class Recipient:
    member_id: int
    chat_id: int
    locale: str | None


@dataclass(frozen=True, slots=True)
class Group:
    binding_id: int
    chat_id: int


@dataclass(frozen=True, slots=True)
class WeekEvent:
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime | None
    all_day: bool
    audience: dict[str, Any]


def _reachable() -> Any:
    return and_(
        Member.is_active.is_(True),
        Member.forgotten_at.is_(None),
        Member.telegram_id.is_not(None),
    )


class DigestRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- escalation -------------------------------------------------------------------------

    async def late_units(self, due_before: datetime) -> list[LateUnit]:
        """Units still owing an open deadline due before ``due_before``, not yet escalated;
        one select per kind of unit (for the names), by deadline then unit. A survey's
        deadline is never escalated: it falls due when the survey closes, and a closed survey
        cannot be answered any more."""
        out: list[LateUnit] = []
        for unit in DeadlineUnit:
            name, table = unit_name(unit)
            rows = await self.session.execute(
                select(
                    Deadline.id,
                    Deadline.title,
                    Deadline.due_at,
                    Deadline.author_id,
                    DeadlineAssignee.unit_id,
                    name,
                    DeadlineAssignee.organisation_id,
                )
                .join(DeadlineAssignee, DeadlineAssignee.deadline_id == Deadline.id)
                .outerjoin(table, table.id == DeadlineAssignee.unit_id)
                .where(
                    Deadline.unit == unit,
                    Deadline.status == DeadlineStatus.OPEN,
                    Deadline.kind != Deliverable.SURVEY,
                    Deadline.due_at < due_before,
                    DeadlineAssignee.status.in_(OWED),
                    DeadlineAssignee.escalated_at.is_(None),
                )
                .order_by(Deadline.due_at, Deadline.id, name, DeadlineAssignee.unit_id)
            )
            out.extend(
                LateUnit(
                    deadline_id=int(d_id),
                    title=title,
                    due_at=due_at,
                    author_id=author_id,
                    unit=unit,
                    unit_id=int(unit_id),
                    name=unit_label or "—",
                    organisation_id=organisation_id,
                )
                for d_id, title, due_at, author_id, unit_id, unit_label, organisation_id in rows
            )
        out.sort(key=lambda u: (u.due_at, u.deadline_id))
        return out

    async def mark_escalated(self, units: dict[int, list[int]], now: datetime) -> None:
        """Units (unit ids per deadline) were escalated at ``now``."""
        for deadline_id, unit_ids in units.items():
            for start in range(0, len(unit_ids), CHUNK):
                await self.session.execute(
                    update(DeadlineAssignee)
                    .where(
                        DeadlineAssignee.deadline_id == deadline_id,
                        DeadlineAssignee.unit_id.in_(unit_ids[start : start + CHUNK]),
                    )
                    .values(escalated_at=now)
                    .execution_options(synchronize_session=False)
                )

    async def coordinators(self, organisation_ids: Iterable[int]) -> dict[int, list[Recipient]]:
        """The active coordinators of each organisation."""
        wanted = sorted(set(organisation_ids))
        out: dict[int, list[Recipient]] = {}
        for start in range(0, len(wanted), CHUNK):
            rows = await self.session.execute(
                select(Member.organisation_id, Member.id, Member.telegram_id, Member.locale)
                .where(
                    Member.organisation_id.in_(wanted[start : start + CHUNK]),
                    Member.role == Role.COORDINATOR,
                    _reachable(),
                )
                .order_by(Member.id)
            )
            for organisation_id, member_id, chat_id, locale in rows:
                out.setdefault(int(organisation_id), []).append(
                    Recipient(int(member_id), int(chat_id), locale)
                )
        return out

    async def recipients(self, member_ids: Iterable[int]) -> dict[int, Recipient]:
        """Those of the members who can be written to now."""
        wanted = sorted(set(member_ids))
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(Member.id, Member.telegram_id, Member.locale).where(
                Member.id.in_(wanted), _reachable()
            )
        )
        return {int(m): Recipient(int(m), int(c), loc) for m, c, loc in rows}

    # --- the morning summary ----------------------------------------------------------------

    def methodologists(self, locale_of_member: Any, locale: str, source: str) -> Select[Any]:
        """The methodologists to write to in ``locale`` who have no message of ``source``
        yet (columns id, telegram_id, is_reachable, for the outbox)."""
        return select(Member.id, Member.telegram_id, Member.is_reachable).where(
            Member.role == Role.METHODOLOGIST,
            Member.registered_at.is_not(None),
            _reachable(),
            locale_of_member == locale,
            ~Member.telegram_id.in_(
                select(OutboxMessage.chat_id).where(OutboxMessage.source == source)
            ),
        )

    async def has_source(self, source: str) -> bool:
        found = await self.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.source == source).limit(1)
        )
        return found is not None

    async def chats_with(self, source: str) -> set[int]:
        """The chats that already have a message of ``source``."""
        return set(
            await self.session.scalars(
                select(OutboxMessage.chat_id).where(OutboxMessage.source == source)
            )
        )

    # --- the groups' digest -----------------------------------------------------------------

    async def groups(self) -> list[Group]:
        rows = await self.session.execute(
            select(ChatBinding.id, ChatBinding.chat_id)
            .where(ChatBinding.is_active.is_(True))
            .order_by(ChatBinding.id)
        )
        return [Group(int(b), int(c)) for b, c in rows]

    def group(self, binding_id: int) -> Select[Any]:
        """One group, as the outbox takes it (columns id, chat_id)."""
        return select(ChatBinding.id, ChatBinding.chat_id).where(ChatBinding.id == binding_id)

    async def binding_ids(self, bindings: Select[Any]) -> set[int]:
        """The binding ids of a select whose first column is the binding id."""
        picked = bindings.subquery()
        return {int(b) for b in await self.session.scalars(select(picked.c[0]))}

    async def events_starting(self, start: datetime, end: datetime) -> list[WeekEvent]:
        """Published events starting in [start, end), the earliest first."""
        rows = await self.session.execute(
            select(
                Event.id, Event.title, Event.starts_at, Event.ends_at, Event.all_day, Event.audience
            )
            .where(
                Event.status == EventStatus.PUBLISHED,
                Event.starts_at >= start,
                Event.starts_at < end,
            )
            .order_by(Event.starts_at, Event.id)
        )
        return [WeekEvent(int(i), t, s, e, bool(a), dict(aud or {})) for i, t, s, e, a, aud in rows]

    async def event_groups(self, event_ids: Sequence[int]) -> dict[int, set[int]]:
        """The groups (binding ids) each event's publication went to."""
        if not event_ids:
            return {}
        sources = {f"{EVENT_KIND}:{i}": i for i in event_ids}
        rows = await self.session.execute(
            select(OutboxMessage.source, OutboxMessage.binding_id).where(
                OutboxMessage.source.in_(list(sources)), OutboxMessage.binding_id.is_not(None)
            )
        )
        out: dict[int, set[int]] = {}
        for source, binding_id in rows:
            out.setdefault(sources[source], set()).add(int(binding_id))
        return out
