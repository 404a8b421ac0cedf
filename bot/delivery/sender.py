"""The sender: claims due outbox rows and pushes them within the messenger's limits.

* a global pace (``rate`` messages a second, default 25 — under Telegram's ~30);
* at most one message a second to a private chat and 20 a minute to a group; a row whose
  chat is not ready soon goes back to the outbox for later instead of holding a worker;
* a 429 pauses all sending for ``retry_after`` and the same row is tried again;
* a blocked person or a removed bot: the row and the chat's other pending rows become
  ``unreachable`` and the member is marked unreachable;
* a group that became a supergroup: the binding and the pending rows follow the new id;
* network and server errors: retried with backoff up to ``max_attempts``, then ``failed``.

Results are written in small batches; a crash can only repeat what was in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.delivery.transport import (
    Delivered,
    Moved,
    Rejected,
    RetryAfter,
    Transient,
    Transport,
    Unreachable,
)
from bot.storage.models import DeliveryStatus
from bot.storage.outbox import Claimed, ContentData, Outcome
from bot.storage.repositories import Repo
from bot.storage.unit import unit_of_work

logger = logging.getLogger(__name__)

TELEGRAM_PER_SECOND = 30
# The kind of outbox rows whose delivery report is kept up to date.
REPORTED = "broadcast"

# Told, in the sender's unit of work, that a group moved to a new id (old id, new id): the
# group capability moves what it keeps of the chat; the sender moves the chat's pending rows.
ChatMoved = Callable[[Repo, int, int], Awaitable[None]]


@dataclass
class SenderStats:
    sent: int = 0
    retried_429: int = 0
    transient: int = 0
    unreachable: int = 0
    failed: int = 0
    deferred: int = 0
    moved: int = 0


class Pace(Protocol):
    """What the sender asks of a pace: :class:`Pacer` in one process, or
    :class:`bot.delivery.pace.SharedPace` for several instances."""

    async def turn(self, chat_id: int, defer_beyond: float) -> float | None: ...

    async def pause(self, seconds: float) -> None: ...

    def forget_idle(self) -> None: ...


class Pacer:
    """Telegram's limits, kept on this side so that Telegram never has to say 429.

    The per-chat spacing has a margin over Telegram's one a second and 20 a minute, since a
    request may reach Telegram a little sooner or later than it left.
    """

    def __init__(
        self,
        rate: float | None,
        *,
        private_interval: float = 1.1,
        group_limit: int = 20,
        group_window: float = 61.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        # Bursts are capped at Telegram's own limit (about 30 a second) minus a margin.
        self.per_second = TELEGRAM_PER_SECOND - 1 if rate else 0
        self._recent: deque[float] = deque()
        self.private_interval = private_interval
        self.group_limit = group_limit
        self.group_window = group_window
        self.now = clock
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._private: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}

    def chat_ready_in(self, chat_id: int) -> float:
        """Seconds until ``chat_id`` may get another message (0: now)."""
        now = self.now()
        if chat_id > 0:
            return max(0.0, self._private.get(chat_id, 0.0) - now)
        sent = self._groups.get(chat_id)
        if not sent or len(sent) < self.group_limit:
            return 0.0
        return max(0.0, sent[0] + self.group_window - now)

    def book_chat(self, chat_id: int) -> float:
        """Book the chat's next free moment; the seconds to wait for it."""
        now = self.now()
        if chat_id > 0:
            at = max(now, self._private.get(chat_id, 0.0))
            self._private[chat_id] = at + self.private_interval
            return at - now
        booked = self._groups.setdefault(chat_id, deque())
        while booked and booked[0] + self.group_window <= now:
            booked.popleft()
        at = now
        if len(booked) >= self.group_limit:
            at = max(at, booked[-self.group_limit] + self.group_window)
        if booked:
            at = max(at, booked[-1])
        booked.append(at)
        return at - now

    async def take_slot(self) -> None:
        """Wait for a place in the global pace (and for any pause to end).

        Slots are spaced evenly; besides, no more than Telegram's limit (less a margin) may fall
        within any one second, so workers that wake late together after a stall of the event
        loop go out one by one instead of in a burst that Telegram would answer with 429.
        """
        while True:
            now = self.now()
            if self._paused_until > now:
                await asyncio.sleep(self._paused_until - now)
                continue
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
            if slot > now:
                await asyncio.sleep(slot - now)
            now = self.now()
            if self._paused_until > now:
                continue
            if self.per_second:
                recent = self._recent
                while recent and recent[0] <= now - 1.0:
                    recent.popleft()
                if len(recent) >= self.per_second:
                    await asyncio.sleep(recent[0] + 1.0 - now)
                    continue
                recent.append(now)
            return

    async def turn(self, chat_id: int, defer_beyond: float) -> float | None:
        """Wait for this message's turn: None — send it now; a number — its chat is busy for
        that many seconds more (over ``defer_beyond``): send it later."""
        wait = self.chat_ready_in(chat_id)
        if wait > defer_beyond:
            return wait
        wait = self.book_chat(chat_id)
        if wait > 0:
            await asyncio.sleep(wait)
        await self.take_slot()
        return None

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.now() + seconds)

    def forget_idle(self) -> None:
        """Drop bookkeeping of chats that are ready anyway (keeps memory flat)."""
        now = self.now()
        self._private = {k: v for k, v in self._private.items() if v > now}
        for chat_id in [
            k for k, q in self._groups.items() if not q or q[-1] + self.group_window <= now
        ]:
            del self._groups[chat_id]


class Sender:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        transport: Transport,
        clock: Clock,
        *,
        rate: float | None = 25.0,
        concurrency: int = 32,
        batch: int = 200,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 6,
        flush_interval: float = 0.05,
        idle_poll: float = 0.5,
        defer_beyond: float = 1.5,
        exclusive: bool = True,
        pacer: Pace | None = None,
        on_chat_moved: ChatMoved | None = None,
    ) -> None:
        self.sessions = sessions
        self.transport = transport
        self.clock = clock
        self.pacer: Pace = pacer or Pacer(rate)
        self.concurrency = concurrency
        self.batch = batch
        self.lease = lease
        self.max_attempts = max_attempts
        self.flush_interval = flush_interval
        self.idle_poll = idle_poll
        self.defer_beyond = defer_beyond
        self.exclusive = exclusive
        self.on_chat_moved = on_chat_moved
        self.stats = SenderStats()
        self._queue: asyncio.Queue[Claimed] = asyncio.Queue(maxsize=max(batch * 2, concurrency))
        self._outcomes: list[Outcome] = []
        self._side: list[tuple[Claimed, int]] = []
        self._contents: dict[int, ContentData] = {}
        self._wake = asyncio.Event()
        self._busy = 0
        # Rows this sender has claimed and not yet recorded; while it shares the outbox with
        # other instances it keeps extending their lease, so a short lease is safe and the
        # rows of an instance that died go back to the others soon.
        self._held: set[int] = set()
        self._started = False
        self._stopping = False

    def wake(self) -> None:
        """New rows were enqueued: look now instead of at the next poll."""
        self._wake.set()

    # --- running ------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Send until ``stop`` is set; then finish what is in flight and release the rest."""
        await self._start()
        workers = [asyncio.create_task(self._worker()) for _ in range(self.concurrency)]
        flusher = asyncio.create_task(self._flusher(stop))
        if not self.exclusive:
            workers.append(asyncio.create_task(self._keep_claims()))
        try:
            while not stop.is_set():
                claimed = await self._claim()
                if not claimed:
                    await self._sleep_until_work(stop)
                    continue
                for row in claimed:
                    await self._queue.put(row)
        finally:
            await self._shutdown(workers, flusher)

    async def drain(self) -> SenderStats:
        """Send everything that is due now, then return (tests and one-shot runs)."""
        await self._start()
        workers = [asyncio.create_task(self._worker()) for _ in range(self.concurrency)]
        stop = asyncio.Event()
        flusher = asyncio.create_task(self._flusher(stop))
        try:
            while True:
                claimed = await self._claim()
                for row in claimed:
                    await self._queue.put(row)
                await self._queue.join()
                await self._flush()
                if not claimed and not self._queue.qsize() and not self._busy:
                    break
        finally:
            stop.set()
            await self._shutdown(workers, flusher)
        return self.stats

    async def _start(self) -> None:
        if self._started:
            return
        self._started = True
        if self.exclusive:
            async with unit_of_work(self.sessions) as repo:
                released = await repo.outbox.release_all_claims()
            if released:
                logger.info("took back %s messages claimed before a restart", released)

    async def _shutdown(
        self, workers: list[asyncio.Task[None]], flusher: asyncio.Task[None]
    ) -> None:
        self._stopping = True
        unsent: list[int] = []
        while not self._queue.empty():
            unsent.append(self._queue.get_nowait().id)
            self._queue.task_done()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self._queue.join(), timeout=30)
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        # The flusher ends by itself once ``stop`` is set; cancelling it in the middle of a
        # write would lose the results it holds (and send those messages again later).
        try:
            await asyncio.wait_for(asyncio.shield(flusher), timeout=self.flush_interval * 20)
        except (TimeoutError, asyncio.CancelledError):
            flusher.cancel()
            await asyncio.gather(flusher, return_exceptions=True)
        await self._flush()
        if unsent:
            async with unit_of_work(self.sessions) as repo:
                await repo.outbox.release(unsent)
            self._held.difference_update(unsent)
        self._stopping = False

    async def _sleep_until_work(self, stop: asyncio.Event) -> None:
        self._wake.clear()
        waiters = {asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())}
        _, pending = await asyncio.wait(
            waiters, timeout=self.idle_poll, return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        self.pacer.forget_idle()

    async def _claim(self) -> list[Claimed]:
        room = self._queue.maxsize - self._queue.qsize()
        if room < self.batch // 2:
            await asyncio.sleep(self.flush_interval)
            return [] if room <= 0 else await self._claim_rows(room)
        return await self._claim_rows(min(room, self.batch))

    async def _claim_rows(self, limit: int) -> list[Claimed]:
        now = self.clock.now()
        async with unit_of_work(self.sessions) as repo:
            claimed = await repo.outbox.claim(limit=limit, now=now, lease_until=now + self.lease)
            missing = {c.content_id for c in claimed} - self._contents.keys()
            if missing:
                self._contents.update(await repo.outbox.contents(missing))
        self._held.update(c.id for c in claimed)
        return claimed

    async def _keep_claims(self) -> None:
        """Extend the lease of the rows held, a third of the lease before it runs out."""
        every = self.lease.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            held = sorted(self._held)
            if not held:
                continue
            try:
                async with unit_of_work(self.sessions) as repo:
                    await repo.outbox.extend_claims(held, self.clock.now() + self.lease)
            except Exception:
                logger.exception("could not extend the lease of %s claimed messages", len(held))

    # --- one message --------------------------------------------------------------------

    async def _worker(self) -> None:
        while True:
            row = await self._queue.get()
            self._busy += 1
            try:
                await self._deliver(row)
            except Exception:
                logger.exception("outbox row %s: unexpected failure", row.id)
                self._transient(row, "internal error")
            finally:
                self._busy -= 1
                self._queue.task_done()

    async def _deliver(self, row: Claimed) -> None:
        chat_id = row.chat_id
        content = self._contents[row.content_id]
        while True:
            wait = await self.pacer.turn(chat_id, self.defer_beyond)
            if wait is not None:
                self.stats.deferred += 1
                self._outcomes.append(
                    Outcome(
                        id=row.id,
                        source_kind=row.source_kind,
                        source_id=row.source_id,
                        status=DeliveryStatus.PENDING,
                        next_attempt_at=self.clock.now() + timedelta(seconds=wait),
                        attempts=row.attempts,
                        chat_id=chat_id,
                    )
                )
                return
            if self._stopping:
                # Shutting down: what has not left yet goes back to the outbox, unsent.
                self._outcomes.append(
                    Outcome(
                        id=row.id,
                        source_kind=row.source_kind,
                        source_id=row.source_id,
                        status=DeliveryStatus.PENDING,
                        next_attempt_at=self.clock.now(),
                        attempts=row.attempts,
                        chat_id=chat_id,
                    )
                )
                return
            result = await self.transport.send(chat_id, content)
            match result:
                case Delivered(message_id):
                    self.stats.sent += 1
                    self._outcomes.append(
                        Outcome(
                            id=row.id,
                            source_kind=row.source_kind,
                            source_id=row.source_id,
                            status=DeliveryStatus.SENT,
                            attempts=row.attempts + 1,
                            sent_message_id=message_id,
                            sent_at=self.clock.now(),
                            next_attempt_at=None,
                            chat_id=chat_id,
                        )
                    )
                    return
                case RetryAfter(seconds):
                    self.stats.retried_429 += 1
                    await self.pacer.pause(seconds)
                    continue
                case Moved(new_chat_id):
                    self.stats.moved += 1
                    await self._follow(chat_id, new_chat_id)
                    chat_id = new_chat_id
                    continue
                case Unreachable(reason):
                    self.stats.unreachable += 1
                    self._outcomes.append(
                        Outcome(
                            id=row.id,
                            source_kind=row.source_kind,
                            source_id=row.source_id,
                            status=DeliveryStatus.UNREACHABLE,
                            attempts=row.attempts + 1,
                            outcome=reason[:255],
                            chat_id=chat_id,
                        )
                    )
                    self._side.append((row, chat_id))
                    return
                case Transient(reason):
                    self._transient(row, reason, chat_id)
                    return
                case Rejected(reason):
                    self.stats.failed += 1
                    self._outcomes.append(
                        Outcome(
                            id=row.id,
                            source_kind=row.source_kind,
                            source_id=row.source_id,
                            status=DeliveryStatus.FAILED,
                            attempts=row.attempts + 1,
                            outcome=reason[:255],
                            chat_id=chat_id,
                        )
                    )
                    return

    def _transient(self, row: Claimed, reason: str, chat_id: int | None = None) -> None:
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            self.stats.failed += 1
            status, due = DeliveryStatus.FAILED, None
        else:
            self.stats.transient += 1
            status = DeliveryStatus.PENDING
            due = self.clock.now() + timedelta(seconds=min(2**attempts, 300))
        self._outcomes.append(
            Outcome(
                id=row.id,
                source_kind=row.source_kind,
                source_id=row.source_id,
                status=status,
                next_attempt_at=due,
                attempts=attempts,
                outcome=reason[:255],
                chat_id=chat_id or row.chat_id,
            )
        )

    async def _follow(self, old_chat_id: int, new_chat_id: int) -> None:
        async with unit_of_work(self.sessions) as repo:
            if self.on_chat_moved is not None:
                await self.on_chat_moved(repo, old_chat_id, new_chat_id)
            await repo.outbox.move_chat(old_chat_id, new_chat_id)

    # --- writing results ----------------------------------------------------------------

    async def _flusher(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.sleep(self.flush_interval)
            try:
                await self._flush()
            except Exception:
                logger.exception("could not record delivery results; will try again")

    async def _flush(self) -> None:
        if not self._outcomes and not self._side:
            return
        outcomes, self._outcomes = self._outcomes, []
        side, self._side = self._side, []
        try:
            async with unit_of_work(self.sessions) as repo:
                for outcome in outcomes:
                    if outcome.next_attempt_at is None:
                        outcome.next_attempt_at = outcome.sent_at or self.clock.now()
                await repo.outbox.record(outcomes)
                for row, chat_id in side:
                    await repo.outbox.mark_chat_unreachable(chat_id, "unreachable")
                    if row.member_id is not None:
                        await repo.outbox.set_member_unreachable(row.member_id)
                    if chat_id < 0:
                        await repo.outbox.deactivate_group(chat_id, self.clock.now())
                await repo.outbox.mark_reports_dirty(
                    {
                        o.source_id
                        for o in outcomes
                        if o.source_kind == REPORTED and o.source_id is not None
                    }
                )
        except BaseException:
            self._outcomes[:0] = outcomes
            self._side[:0] = side
            raise
        self._held.difference_update(o.id for o in outcomes)
        if any(o.status != DeliveryStatus.PENDING for o in outcomes):
            # A message that has left lets its chat's next one be claimed: look now.
            self.wake()
