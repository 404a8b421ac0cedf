"""The outbox: every pushed message is a row here before it reaches a messenger.

Enqueueing is INSERT … SELECT (the database copies the audience, nothing passes through
Python), claiming is one UPDATE … RETURNING over rows picked with FOR UPDATE SKIP LOCKED
(PostgreSQL; SQLite ignores it and serialises writers instead), and results are written in
batches.  A row in status ``sent`` is never claimed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Integer,
    Select,
    String,
    bindparam,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.engine import outbox_added
from bot.storage.models import (
    Broadcast,
    ChatBinding,
    Content,
    DeliveryStatus,
    Member,
    OutboxMessage,
    SendPaceChat,
)
from bot.storage.types import UTCDateTime


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    chat_id: int
    content_id: int
    member_id: int | None
    binding_id: int | None
    source_kind: str | None
    source_id: int | None
    attempts: int


@dataclass(frozen=True, slots=True)
class ContentData:
    id: int
    kind: str
    text: str | None
    file_ref: str | None
    buttons: list[Any]


@dataclass(frozen=True, slots=True)
class Personal:
    """A text message of its own to one person (see :meth:`OutboxRepo.enqueue_each`)."""

    chat_id: int
    member_id: int | None
    text: str
    buttons: list[Any]


@dataclass(slots=True)
class Outcome:
    """What happened to one claimed row."""

    id: int
    status: DeliveryStatus
    next_attempt_at: datetime | None = None
    attempts: int = 0
    outcome: str | None = None
    sent_message_id: int | None = None
    sent_at: datetime | None = None
    chat_id: int | None = None
    # Not written: tell which delivery reports changed.
    source_kind: str | None = None
    source_id: int | None = None


class OutboxRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_content(
        self,
        *,
        kind: str,
        text: str | None,
        now: datetime,
        file_ref: str | None = None,
        buttons: list[Any] | None = None,
    ) -> Content:
        content = Content(
            kind=kind, text=text, file_ref=file_ref, buttons=buttons or [], created_at=now
        )
        self.session.add(content)
        await self.session.flush()
        return content

    async def enqueue_members(
        self,
        members: Select[Any],
        *,
        source: str,
        content_id: int,
        now: datetime,
        source_kind: str | None = None,
        source_id: int | None = None,
    ) -> int:
        """One row per selected member (columns id, telegram_id, is_reachable); those known
        to be unreachable are recorded as such and never sent."""
        picked = members.subquery()
        status = case(
            (picked.c.is_reachable.is_(True), literal(DeliveryStatus.PENDING.value, String())),
            else_=literal(DeliveryStatus.UNREACHABLE.value, String()),
        )
        rows = select(
            *self._common(source, content_id, now, source_kind, source_id),
            picked.c.telegram_id.label("chat_id"),
            picked.c.id.label("member_id"),
            status.label("status"),
        ).where(picked.c.telegram_id.is_not(None))
        return await self.insert_from(rows)

    async def enqueue_chats(
        self,
        bindings: Select[Any],
        *,
        source: str,
        content_id: int,
        now: datetime,
        source_kind: str | None = None,
        source_id: int | None = None,
    ) -> int:
        """One row per selected group (columns id, chat_id)."""
        picked = bindings.subquery()
        rows = select(
            *self._common(source, content_id, now, source_kind, source_id),
            picked.c.chat_id.label("chat_id"),
            picked.c.id.label("binding_id"),
            literal(DeliveryStatus.PENDING.value, String()).label("status"),
        )
        return await self.insert_from(rows)

    @staticmethod
    def _common(
        source: str,
        content_id: int,
        now: datetime,
        source_kind: str | None,
        source_id: int | None,
    ) -> list[Any]:
        return [
            literal(source, String()).label("source"),
            literal(source_kind, String()).label("source_kind"),
            literal(source_id, Integer()).label("source_id"),
            literal(content_id, Integer()).label("content_id"),
            literal(0, Integer()).label("attempts"),
            literal(now, UTCDateTime()).label("next_attempt_at"),
            literal(now, UTCDateTime()).label("created_at"),
        ]

    async def enqueue_one(
        self,
        *,
        source: str,
        content_id: int,
        chat_id: int,
        now: datetime,
        member_id: int | None = None,
        source_kind: str | None = None,
        source_id: int | None = None,
    ) -> bool:
        """A single message; False when this source already has one for that chat."""
        exists = await self.session.scalar(
            select(OutboxMessage.id).where(
                OutboxMessage.source == source, OutboxMessage.chat_id == chat_id
            )
        )
        if exists is not None:
            return False
        self.session.add(
            OutboxMessage(
                source=source,
                source_kind=source_kind,
                source_id=source_id,
                content_id=content_id,
                chat_id=chat_id,
                member_id=member_id,
                status=DeliveryStatus.PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        await self.session.flush()
        outbox_added(self.session)
        return True

    async def enqueue_each(
        self,
        *,
        source: str,
        messages: Sequence[Personal],
        now: datetime,
        source_kind: str | None = None,
    ) -> int:
        """A message of its own to each person, in two batched inserts (the contents, then
        the rows) instead of two statements a person; a chat this source already has a row
        for is skipped. How many were queued."""
        taken = set(
            await self.session.scalars(
                select(OutboxMessage.chat_id).where(OutboxMessage.source == source)
            )
        )
        fresh = {m.chat_id: m for m in messages if m.chat_id not in taken}
        if not fresh:
            return 0
        contents = [
            Content(kind="text", text=m.text, file_ref=None, buttons=m.buttons, created_at=now)
            for m in fresh.values()
        ]
        self.session.add_all(contents)
        await self.session.flush()
        self.session.add_all(
            OutboxMessage(
                source=source,
                source_kind=source_kind,
                content_id=content.id,
                chat_id=m.chat_id,
                member_id=m.member_id,
                status=DeliveryStatus.PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            for m, content in zip(fresh.values(), contents, strict=True)
        )
        await self.session.flush()
        outbox_added(self.session)
        return len(fresh)

    @staticmethod
    def has_row(source: str, chat_id: Any) -> Any:
        """The condition that ``source`` already has a row for the chat (a column)."""
        return (
            select(OutboxMessage.id)
            .where(OutboxMessage.source == source, OutboxMessage.chat_id == chat_id)
            .exists()
        )

    async def insert_from(self, rows: Select[Any]) -> int:
        """INSERT … SELECT: each selected column goes to the outbox column of its name."""
        table = OutboxMessage.__table__
        statement = table.insert().from_select(
            [table.c[column.name] for column in rows.selected_columns], rows
        )
        result = await self.session.execute(statement)
        added = int(result.rowcount or 0)  # type: ignore[attr-defined]
        if added:
            outbox_added(self.session)
        return added

    # --- the sender's side -------------------------------------------------------------

    async def claim(self, *, limit: int, now: datetime, lease_until: datetime) -> list[Claimed]:
        """Take up to ``limit`` due rows for sending until ``lease_until``.

        Only the oldest unsent row of each chat is taken: a chat's next message waits until
        the one before it has left (sent, or given up), whichever sender or instance holds
        it, so a person reads a chat's messages in the order they were queued."""
        earlier = aliased(OutboxMessage)
        due = (
            select(OutboxMessage.id)
            .where(
                or_(
                    (OutboxMessage.status == DeliveryStatus.PENDING)
                    & (OutboxMessage.next_attempt_at <= now),
                    (OutboxMessage.status == DeliveryStatus.SENDING)
                    & (OutboxMessage.claimed_until < now),
                ),
                ~select(earlier.id)
                .where(
                    earlier.chat_id == OutboxMessage.chat_id,
                    earlier.status.in_((DeliveryStatus.PENDING, DeliveryStatus.SENDING)),
                    earlier.id < OutboxMessage.id,
                )
                .exists(),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(await self.session.scalars(due))
        if not ids:
            return []
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(status=DeliveryStatus.SENDING, claimed_until=lease_until)
            .returning(
                OutboxMessage.id,
                OutboxMessage.chat_id,
                OutboxMessage.content_id,
                OutboxMessage.member_id,
                OutboxMessage.binding_id,
                OutboxMessage.source_kind,
                OutboxMessage.source_id,
                OutboxMessage.attempts,
            )
            .execution_options(synchronize_session=False)
        )
        claimed = [Claimed(*row) for row in result.all()]
        claimed.sort(key=lambda c: c.id)
        return claimed

    async def release_all_claims(self) -> int:
        """At the start of the only sender: whatever a previous process held is due again."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == DeliveryStatus.SENDING)
            .values(status=DeliveryStatus.PENDING, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def release(self, ids: Sequence[int]) -> None:
        if ids:
            await self.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.status == DeliveryStatus.SENDING)
                .values(status=DeliveryStatus.PENDING, claimed_until=None)
                .execution_options(synchronize_session=False)
            )

    async def extend_claims(self, ids: Sequence[int], until: datetime) -> None:
        """A sender still holds these rows: no other takes them before ``until``."""
        for start in range(0, len(ids), 500):
            await self.session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id.in_(ids[start : start + 500]),
                    OutboxMessage.status == DeliveryStatus.SENDING,
                )
                .values(claimed_until=until)
                .execution_options(synchronize_session=False)
            )

    async def contents(self, ids: Iterable[int]) -> dict[int, ContentData]:
        rows = await self.session.scalars(select(Content).where(Content.id.in_(set(ids))))
        return {
            c.id: ContentData(c.id, c.kind, c.text, c.file_ref, list(c.buttons or [])) for c in rows
        }

    async def record(self, outcomes: Sequence[Outcome]) -> None:
        """Write the results of a batch: one statement per kind of result."""
        if not outcomes:
            return
        table = OutboxMessage.__table__
        await self.session.execute(
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values(
                status=bindparam("_status"),
                claimed_until=None,
                next_attempt_at=bindparam("_next", type_=UTCDateTime()),
                attempts=bindparam("_attempts"),
                outcome=bindparam("_outcome"),
                sent_message_id=bindparam("_message_id"),
                sent_at=bindparam("_sent_at", type_=UTCDateTime()),
                chat_id=bindparam("_chat_id"),
            ),
            [
                {
                    "_id": o.id,
                    "_status": o.status.value,
                    "_next": o.next_attempt_at,
                    "_attempts": o.attempts,
                    "_outcome": o.outcome,
                    "_message_id": o.sent_message_id,
                    "_sent_at": o.sent_at,
                    "_chat_id": o.chat_id,
                }
                for o in outcomes
            ],
        )

    async def mark_chat_unreachable(self, chat_id: int, outcome: str) -> None:
        """Nothing more goes to a chat that blocked the bot or removed it."""
        await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.status == DeliveryStatus.PENDING,
            )
            .values(status=DeliveryStatus.UNREACHABLE, outcome=outcome)
            .execution_options(synchronize_session=False)
        )

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: its pending rows follow it."""
        await self.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == old_chat_id,
                OutboxMessage.status == DeliveryStatus.PENDING,
            )
            .values(chat_id=new_chat_id)
            .execution_options(synchronize_session=False)
        )

    async def deactivate_group(self, chat_id: int, now: datetime) -> None:
        """The bot is no longer in the group: the binding stays, inactive, with its history."""
        await self.session.execute(
            update(ChatBinding)
            .where(ChatBinding.chat_id == chat_id)
            .values(is_active=False, updated_at=now)
            .execution_options(synchronize_session=False)
        )

    async def set_member_unreachable(self, member_id: int) -> None:
        await self.session.execute(
            update(Member)
            .where(Member.id == member_id)
            .values(is_reachable=False)
            .execution_options(synchronize_session=False)
        )

    async def forget_person(self, chat_id: int, member_id: int) -> None:
        """A person asked to be forgotten: no row to their chat stays, sent or waiting (so
        nothing more goes out to them), no delivery report is kept in their chat, and the
        shared pace forgets when it last wrote to them."""
        await self.session.execute(
            delete(OutboxMessage)
            .where(or_(OutboxMessage.chat_id == chat_id, OutboxMessage.member_id == member_id))
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            delete(SendPaceChat)
            .where(SendPaceChat.chat_id == chat_id)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            update(Broadcast)
            .where(Broadcast.report_chat_id == chat_id)
            .values(report_chat_id=None, report_message_id=None, report_dirty=False)
            .execution_options(synchronize_session=False)
        )

    async def mark_reports_dirty(self, broadcast_ids: Iterable[int]) -> None:
        ids = set(broadcast_ids)
        if ids:
            await self.session.execute(
                update(Broadcast)
                .where(Broadcast.id.in_(ids))
                .values(report_dirty=True)
                .execution_options(synchronize_session=False)
            )

    async def counts(self, kind: str, source_id: int) -> dict[DeliveryStatus, int]:
        """How many rows of one thing are in each status."""
        rows = await self.session.execute(
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.source_kind == kind, OutboxMessage.source_id == source_id)
            .group_by(OutboxMessage.status)
        )
        return {DeliveryStatus(status): int(n) for status, n in rows.all()}
