"""Which instance runs the scheduled jobs.

On SQLite the bot is one process, and it leads from its start (:class:`SoleLeader`).

On PostgreSQL any number of instances may run; the one that holds the advisory lock of the
scheduler, on a connection of its own, leads (:class:`ElectedLeader`). The others try for the
lock every second. When the leader dies its connection closes, PostgreSQL lets the lock go, and
another instance leads within about a second: it runs what fell due meanwhile (the jobs' own
catch-up; each job is idempotent in the database, and a job run twice at once waits for the
first — ``repo.locks.one_at_a_time``). A leader that loses its connection stops its jobs at once
and tries again like the others. At a stop the leader lets the lock go as its first step.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Protocol

from bot.scheduler import Scheduler
from bot.scheduler.jobs import Jobs
from bot.storage.locks import SessionLocks, lock_key

logger = logging.getLogger(__name__)

LEADER_KEY = lock_key("scheduler-leader")
# How often an instance that does not lead tries for the lock, and the leader checks that it
# still holds it (its connection is there).
RETRY = 1.0


class Leadership(Protocol):
    is_leader: bool

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class SoleLeader:
    """One process: the scheduler runs from the start (SQLite)."""

    is_leader = True

    def __init__(self, scheduler: Scheduler, jobs: Jobs) -> None:
        self.scheduler = scheduler
        self.jobs = jobs

    async def start(self) -> None:
        self.scheduler.start()
        await self.jobs.catch_up()

    async def stop(self) -> None:
        """Nothing to hand over: the scheduler stops with the runtime."""


class ElectedLeader:
    """Several instances: the holder of the advisory lock runs the scheduler (see the module)."""

    def __init__(
        self,
        locks: SessionLocks,
        scheduler: Scheduler,
        jobs: Jobs,
        *,
        instance: str,
        retry: float = RETRY,
    ) -> None:
        self.locks = locks
        self.scheduler = scheduler
        self.jobs = jobs
        self.instance = instance
        self.retry = retry
        self.is_leader = False
        self._generation: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._complained_at = -1e9

    async def start(self) -> None:
        self.scheduler.start(paused=True)
        self._task = asyncio.create_task(self._campaign(), name="scheduler-leadership")

    async def _campaign(self) -> None:
        while True:
            try:
                if self._generation is None:
                    generation = await self.locks.try_lock(LEADER_KEY)
                    if generation is not None:
                        await self._lead(generation)
                elif not await self.locks.holds(self._generation):
                    await self._step_down("its connection to the database was lost")
            except Exception as exc:
                if self._generation is not None and not await self.locks.holds(self._generation):
                    await self._step_down("its connection to the database was lost")
                now = time.monotonic()
                if now - self._complained_at > 60:
                    self._complained_at = now
                    logger.warning("cannot reach the database to elect the scheduler: %s", exc)
            await asyncio.sleep(self.retry)

    async def _lead(self, generation: int) -> None:
        self._generation = generation
        self.is_leader = True
        logger.info("instance %s leads the scheduler", self.instance)
        self.scheduler.resume()
        try:
            await self.jobs.catch_up()
        except Exception:
            logger.exception("catching up the scheduled work failed; the jobs go on")

    async def _step_down(self, why: str) -> None:
        self._generation = None
        self.is_leader = False
        logger.warning("instance %s no longer leads the scheduler: %s", self.instance, why)
        await self.scheduler.pause()

    async def stop(self) -> None:
        """Stop trying; the leader stops its jobs (a run in progress may finish) and lets the
        lock go, so that another instance leads at its next try."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._generation is not None:
            generation, self._generation = self._generation, None
            self.is_leader = False
            await self.scheduler.pause()
            await self.locks.unlock(LEADER_KEY, generation)
            logger.info("instance %s hands the scheduler over", self.instance)
        await self.locks.close()
