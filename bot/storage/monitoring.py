"""What /healthz and /metrics read from the database: cheap, index-backed, read-only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import DeliveryStatus, OutboxMessage, Reminder, ReminderStatus

# The outbox rows that are still to be sent (the others are done, one way or another).
QUEUED = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


@dataclass(frozen=True, slots=True)
class Backlog:
    """The outbox's depth and the reminders' lateness at one moment."""

    outbox: dict[str, int]
    # seconds the oldest due outbox row has waited; 0 when none is due
    outbox_oldest_due: float
    # seconds the oldest due, unfired reminder is late; 0 when none
    reminder_overdue: float
    # seconds after its due time the last fired reminder fired; None before the first
    reminder_lateness: float | None


class MonitoringRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def ping(self) -> None:
        """One round trip to the database."""
        await self.session.execute(select(1))

    async def backlog(self, now: datetime) -> Backlog:
        depth_rows = await self.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.status.in_(QUEUED))
            .group_by(OutboxMessage.status)
        )
        depth = {str(status.value): int(count) for status, count in depth_rows.all()}
        oldest_due = await self.session.scalar(
            select(func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.status == DeliveryStatus.PENDING,
                OutboxMessage.next_attempt_at <= now,
            )
        )
        overdue = await self.session.scalar(
            select(func.min(Reminder.due_at)).where(
                Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= now
            )
        )
        last = (
            await self.session.execute(
                select(Reminder.due_at, Reminder.fired_at)
                .where(Reminder.status == ReminderStatus.FIRED)
                .order_by(Reminder.due_at.desc())
                .limit(1)
            )
        ).first()
        lateness = None
        if last is not None and last.fired_at is not None:
            lateness = (last.fired_at - last.due_at).total_seconds()
        return Backlog(
            outbox=depth,
            outbox_oldest_due=(now - oldest_due).total_seconds() if oldest_due else 0.0,
            reminder_overdue=(now - overdue).total_seconds() if overdue else 0.0,
            reminder_lateness=lateness,
        )
