"""Telegram's limits kept by the database, for every instance of the bot at once.

Telegram counts a bot's messages per bot, not per process: about 30 a second in all, one a
second to a private chat, 20 a minute to a group. Several instances keep one pace by booking
moments on one timeline kept in the row ``send_pace('global')``: a booking locks that row
(``SELECT … FOR UPDATE``; SQLite serialises its writers anyway), so bookings of all instances
follow one another, and moments are never handed out twice. Each booked chat keeps its recent
moments in ``send_pace_chats`` so that no instance writes to it sooner than Telegram allows.

Times are seconds since the epoch from the booking instance's clock (the instances' clocks are
assumed to be synchronised, as NTP keeps them), and a booking answers with the moment itself,
not a delay: however long the answer takes to come back, every instance waits for the same
moment.
The same code runs on SQLite and PostgreSQL, with no upsert: every writer of
``send_pace_chats`` holds the global row first, so a chat's row cannot be inserted twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage.models import SendPace, SendPaceChat

GLOBAL = "global"
# How often (seconds) the rows of chats that are free again are deleted.
CLEANUP_EVERY = 30.0


@dataclass(frozen=True, slots=True)
class PaceRules:
    """The spacing kept: ``interval`` between any two messages of the bot, one a
    ``private_interval`` to a private chat, ``group_limit`` in ``group_window`` to a group
    (the margins over Telegram's own figures cover a request's travel time)."""

    interval: float
    private_interval: float = 1.1
    group_limit: int = 20
    group_window: float = 61.0

    def ready_at(self, chat_id: int, moments: Sequence[float]) -> float:
        """When the chat may get its next message, given its booked moments (oldest first)."""
        if not moments:
            return 0.0
        if chat_id > 0:
            return moments[-1] + self.private_interval
        if len(moments) < self.group_limit:
            return moments[-1]
        return max(moments[-1], moments[-self.group_limit] + self.group_window)

    def kept(self, chat_id: int) -> int:
        """How many of a chat's latest moments decide when it is ready."""
        return 1 if chat_id > 0 else self.group_limit

    def expires(self, chat_id: int, moments: Sequence[float]) -> float:
        """After this moment the chat's record no longer holds anything back."""
        return moments[-1] + (self.private_interval if chat_id > 0 else self.group_window)


@dataclass(frozen=True, slots=True)
class Booking:
    """``go``: the message's moment is ``at``; otherwise its chat is not ready before ``at``
    and nothing was booked (seconds since the epoch, on the clock that booked it)."""

    go: bool
    at: float


def book(
    rules: PaceRules,
    now: float,
    next_at: float,
    paused_until: float,
    chats: Sequence[int],
    moments: dict[int, list[float]],
) -> tuple[list[Booking], float]:
    """Give each chat, in order, the next free moment of the timeline if the chat is ready by
    then; ``moments`` (each chat's booked moments) is updated. The bookings and the timeline's
    next free moment."""
    at = max(now, next_at, paused_until)
    out: list[Booking] = []
    for chat_id in chats:
        booked = moments.setdefault(chat_id, [])
        ready = rules.ready_at(chat_id, booked)
        if ready > at:
            out.append(Booking(False, ready))
            continue
        out.append(Booking(True, at))
        booked.append(at)
        del booked[: -rules.kept(chat_id)]
        at += rules.interval
    return out, at


def _parse(text: str) -> list[float]:
    return [float(part) for part in text.split(",") if part]


def _format(moments: Sequence[float]) -> str:
    return ",".join(f"{moment:.3f}" for moment in moments)


class DatabasePace:
    """The shared timeline in the bot's database (see the module's docstring)."""

    def __init__(
        self,
        engine: AsyncEngine,
        rules: PaceRules,
        *,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.rules = rules
        self.wall = wall
        self._cleaned = 0.0

    async def book(self, chats: Sequence[int]) -> list[Booking]:
        """Book moments for messages to ``chats`` (in order; a chat may come more than once)."""
        try:
            return await self._book(chats)
        except IntegrityError:  # another instance created the timeline's row first
            return await self._book(chats)

    async def _book(self, chats: Sequence[int]) -> list[Booking]:
        async with self.engine.begin() as conn:
            next_at, paused_until = await self._lock(conn)
            now = self.wall()  # read once the row is ours: the moments follow from it
            wanted = set(chats)
            rows = await conn.execute(
                select(SendPaceChat.chat_id, SendPaceChat.booked).where(
                    SendPaceChat.chat_id.in_(wanted)
                )
            )
            known = {int(chat_id): _parse(text) for chat_id, text in rows.all()}
            moments = {chat_id: list(m) for chat_id, m in known.items()}
            bookings, next_free = book(self.rules, now, next_at, paused_until, chats, moments)
            changed = {c for c, b in zip(chats, bookings, strict=True) if b.go}
            if changed:
                values = [
                    {
                        "_chat": chat_id,
                        "_booked": _format(moments[chat_id]),
                        "_expires": self.rules.expires(chat_id, moments[chat_id]),
                    }
                    for chat_id in sorted(changed)
                ]
                old = [v for v in values if v["_chat"] in known]
                new = [v for v in values if v["_chat"] not in known]
                if old:
                    table = SendPaceChat.__table__
                    await conn.execute(
                        update(table)
                        .where(table.c.chat_id == bindparam("_chat"))
                        .values(booked=bindparam("_booked"), expires_at=bindparam("_expires")),
                        old,
                    )
                if new:
                    await conn.execute(
                        insert(SendPaceChat),
                        [
                            {
                                "chat_id": v["_chat"],
                                "booked": v["_booked"],
                                "expires_at": v["_expires"],
                            }
                            for v in new
                        ],
                    )
                await conn.execute(
                    update(SendPace).where(SendPace.name == GLOBAL).values(next_at=next_free)
                )
            if now - self._cleaned > CLEANUP_EVERY:
                self._cleaned = now
                await conn.execute(delete(SendPaceChat).where(SendPaceChat.expires_at < now))
        return bookings

    async def pause(self, seconds: float) -> None:
        """Telegram asked the bot to wait: no instance sends before ``seconds`` from now."""
        try:
            await self._pause(seconds)
        except IntegrityError:
            await self._pause(seconds)

    async def _pause(self, seconds: float) -> None:
        async with self.engine.begin() as conn:
            _, paused_until = await self._lock(conn)
            until = self.wall() + seconds
            if until > paused_until:
                await conn.execute(
                    update(SendPace).where(SendPace.name == GLOBAL).values(paused_until=until)
                )

    @staticmethod
    async def _lock(conn: AsyncConnection) -> tuple[float, float]:
        """Hold the timeline's row until the transaction ends (created when missing; two
        instances creating it at once: one fails with IntegrityError and books again)."""
        row = (
            await conn.execute(
                select(SendPace.next_at, SendPace.paused_until)
                .where(SendPace.name == GLOBAL)
                .with_for_update()
            )
        ).first()
        if row is None:
            await conn.execute(insert(SendPace).values(name=GLOBAL, next_at=0.0, paused_until=0.0))
            return 0.0, 0.0
        return float(row.next_at), float(row.paused_until)
