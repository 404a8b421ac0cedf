"""One reminder mechanism for every capability.

A reminder is a row of ``reminders``: what it belongs to (``source_kind``, ``source_id``), how
long before the moment, when it is due. Its message is rendered once per locale (and once for
groups) into ``reminder_contents``. When reminders fall due, one polling job hands them to the
outbox in a few statements however many people they reach: each capability answers "who is due
for this reminder now" as a SQL select (:class:`ReminderSource`), and this module turns the
answer into outbox rows, each reminder firing once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    ChatBinding,
    DeliveryStatus,
    Member,
    Reminder,
    ReminderContent,
    ReminderStatus,
)
from bot.storage.outbox import OutboxRepo
from bot.storage.types import UTCDateTime

# The locale under which a reminder's group message is kept.
GROUP = "group"


class ReminderSource(Protocol):
    """What one capability tells the reminder mechanism.

    ``firing`` is a subquery of the reminders being fired now, of this kind, with the columns
    ``id`` and ``source_id``.
    """

    kind: str

    def dropped(self, now: datetime) -> Sequence[tuple[str, Select[Any]]]:
        """Reasons to drop a due reminder instead of sending it, each with a select of the
        source ids it applies to (a cancelled event, one that has begun…)."""
        ...

    def due_members(self, firing: Subquery) -> Select[Any]:
        """Who is due for each firing reminder: columns ``reminder_id`` and ``member_id``."""
        ...

    def due_chats(self, firing: Subquery) -> Select[Any]:
        """The bound groups due for each firing reminder: ``reminder_id`` and ``binding_id``."""
        ...


class ReminderRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- planning -----------------------------------------------------------------------

    async def plan(self, kind: str, source_id: int, due: Iterable[tuple[int, datetime]]) -> None:
        """Replace the pending reminders of one thing with ``due`` (minutes before, due at)."""
        await self.drop_pending(kind, source_id)
        for minutes, due_at in due:
            self.session.add(
                Reminder(
                    source_kind=kind,
                    source_id=source_id,
                    minutes_before=minutes,
                    due_at=due_at,
                    status=ReminderStatus.PENDING,
                )
            )
        await self.session.flush()

    async def drop_pending(self, kind: str, source_id: int) -> None:
        await self.session.execute(
            delete(Reminder).where(
                Reminder.source_kind == kind,
                Reminder.source_id == source_id,
                Reminder.status == ReminderStatus.PENDING,
            )
        )

    async def cancel_pending(self, kind: str, source_id: int, reason: str) -> None:
        """The pending reminders of one thing will not be sent; kept with the reason."""
        await self.session.execute(
            update(Reminder)
            .where(
                Reminder.source_kind == kind,
                Reminder.source_id == source_id,
                Reminder.status == ReminderStatus.PENDING,
            )
            .values(status=ReminderStatus.DROPPED, outcome=reason)
            .execution_options(synchronize_session=False)
        )

    async def set_contents(self, kind: str, source_id: int, contents: Mapping[str, int]) -> None:
        """The reminder's message of one thing, per locale (and :data:`GROUP`): content ids."""
        await self.session.execute(
            delete(ReminderContent).where(
                ReminderContent.source_kind == kind, ReminderContent.source_id == source_id
            )
        )
        for locale, content_id in contents.items():
            self.session.add(
                ReminderContent(
                    source_kind=kind, source_id=source_id, locale=locale, content_id=content_id
                )
            )
        await self.session.flush()

    async def next_due(self) -> datetime | None:
        return await self.session.scalar(
            select(func.min(Reminder.due_at)).where(Reminder.status == ReminderStatus.PENDING)
        )

    # --- firing -------------------------------------------------------------------------

    async def fire_due(
        self,
        sources: Sequence[ReminderSource],
        *,
        now: datetime,
        default_locale: str,
        limit: int = 5000,
    ) -> int:
        """Hand every due reminder to the outbox; how many fired. Each fires once: a reminder
        is claimed (FOR UPDATE SKIP LOCKED where the database has it) and marked in the same
        transaction as its outbox rows."""
        kinds = [source.kind for source in sources]
        due = (
            select(Reminder.id)
            .where(
                Reminder.status == ReminderStatus.PENDING,
                Reminder.due_at <= now,
                # A kind no running capability answers for stays pending, out of the way.
                Reminder.source_kind.in_(kinds),
            )
            .order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(await self.session.scalars(due))
        if not ids:
            return 0
        outbox = OutboxRepo(self.session)
        for source in sources:
            mine = and_(
                Reminder.id.in_(ids),
                Reminder.status == ReminderStatus.PENDING,
                Reminder.source_kind == source.kind,
            )
            for reason, source_ids in source.dropped(now):
                await self.session.execute(
                    update(Reminder)
                    .where(mine, Reminder.source_id.in_(source_ids))
                    .values(status=ReminderStatus.DROPPED, outcome=reason)
                    .execution_options(synchronize_session=False)
                )
            firing = select(Reminder.id, Reminder.source_id).where(mine).subquery()
            await outbox.insert_from(
                self._member_rows(source, firing, now=now, default_locale=default_locale)
            )
            await outbox.insert_from(self._chat_rows(source, firing, now=now))
        result = await self.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.status == ReminderStatus.PENDING)
            .values(status=ReminderStatus.FIRED, fired_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    @staticmethod
    def _source_key(kind: str, due: Subquery) -> ColumnElement[str]:
        """The outbox source of one reminder: ``event:7:r12``."""
        return (
            literal(f"{kind}:")
            + cast(due.c.source_id, String())
            + literal(":r")
            + cast(due.c.reminder_id, String())
        )

    def _member_rows(
        self, source: ReminderSource, firing: Subquery, *, now: datetime, default_locale: str
    ) -> Select[Any]:
        due = (
            source.due_members(firing).add_columns(firing.c.source_id.label("source_id")).subquery()
        )
        content = and_(
            ReminderContent.source_kind == source.kind,
            ReminderContent.source_id == due.c.source_id,
            ReminderContent.locale == func.coalesce(Member.locale, default_locale),
        )
        return (
            select(
                self._source_key(source.kind, due).label("source"),
                literal(source.kind, String()).label("source_kind"),
                due.c.source_id.label("source_id"),
                ReminderContent.content_id.label("content_id"),
                Member.telegram_id.label("chat_id"),
                Member.id.label("member_id"),
                case(
                    (
                        Member.is_reachable.is_(True),
                        literal(DeliveryStatus.PENDING.value, String()),
                    ),
                    else_=literal(DeliveryStatus.UNREACHABLE.value, String()),
                ).label("status"),
                literal(0, Integer()).label("attempts"),
                literal(now, UTCDateTime()).label("next_attempt_at"),
                literal(now, UTCDateTime()).label("created_at"),
            )
            .select_from(due)
            .join(Member, Member.id == due.c.member_id)
            .join(ReminderContent, content)
            .where(Member.is_active.is_(True), Member.telegram_id.is_not(None))
        )

    def _chat_rows(self, source: ReminderSource, firing: Subquery, *, now: datetime) -> Select[Any]:
        due = source.due_chats(firing).add_columns(firing.c.source_id.label("source_id")).subquery()
        content = and_(
            ReminderContent.source_kind == source.kind,
            ReminderContent.source_id == due.c.source_id,
            ReminderContent.locale == GROUP,
        )
        return (
            select(
                self._source_key(source.kind, due).label("source"),
                literal(source.kind, String()).label("source_kind"),
                due.c.source_id.label("source_id"),
                ReminderContent.content_id.label("content_id"),
                ChatBinding.chat_id.label("chat_id"),
                ChatBinding.id.label("binding_id"),
                literal(DeliveryStatus.PENDING.value, String()).label("status"),
                literal(0, Integer()).label("attempts"),
                literal(now, UTCDateTime()).label("next_attempt_at"),
                literal(now, UTCDateTime()).label("created_at"),
            )
            .select_from(due)
            .join(ChatBinding, ChatBinding.id == due.c.binding_id)
            .join(ReminderContent, content)
            .where(ChatBinding.is_active.is_(True))
        )
