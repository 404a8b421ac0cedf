"""Scheduled work: APScheduler 3 behind a small interface.

Jobs are kept in memory and rebuilt from settings and the database at every start (nothing is
pickled); each has a deterministic id, so registering it again replaces it; what a job does is
idempotent in the database, so a job run twice (a restart on the day) sends nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, tzinfo
from typing import Any

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

logger = logging.getLogger(__name__)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Scheduler:
    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._stopping = False
        self._polls: dict[str, tuple[Callable[..., Awaitable[Any]], float]] = {}
        self._poll_tasks: dict[str, asyncio.Task[None]] = {}
        self._in_run: set[str] = set()
        self._active = False
        self._scheduler = AsyncIOScheduler(
            timezone=tz,
            jobstores={"default": MemoryJobStore()},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )

    def yearly(
        self,
        job_id: str,
        func: Callable[..., Awaitable[Any]],
        *,
        month: int,
        day: int,
        hour: int,
        minute: int = 0,
        args: tuple[Any, ...] = (),
    ) -> None:
        """Every year on ``day``.``month`` at ``hour``:``minute`` in the deployment's time
        zone."""
        self._scheduler.add_job(
            func,
            CronTrigger(month=month, day=day, hour=hour, minute=minute, timezone=self.tz),
            id=job_id,
            args=args,
            replace_existing=True,
        )

    def weekly(
        self,
        job_id: str,
        func: Callable[..., Awaitable[Any]],
        *,
        weekdays: Sequence[int],
        at: str,
        args: tuple[Any, ...] = (),
    ) -> None:
        """On the given ISO weekdays (1 = Monday) at ``at`` (HH:MM) in the deployment's time
        zone."""
        hour, minute = (int(x) for x in at.split(":"))
        self._scheduler.add_job(
            func,
            CronTrigger(
                day_of_week=",".join(WEEKDAYS[d - 1] for d in weekdays),
                hour=hour,
                minute=minute,
                timezone=self.tz,
            ),
            id=job_id,
            args=args,
            replace_existing=True,
        )

    def every(self, job_id: str, func: Callable[..., Awaitable[Any]], *, seconds: float) -> None:
        self._scheduler.add_job(
            func,
            IntervalTrigger(seconds=seconds, timezone=self.tz),
            id=job_id,
            replace_existing=True,
        )

    def poll(self, job_id: str, func: Callable[..., Awaitable[Any]], *, seconds: float) -> None:
        """Run ``func`` again and again, ``seconds`` from the start of one run to the start of
        the next: never two at once, and a run that took longer than that is followed at once
        rather than skipped (a tick this short would often overlap an interval job's next)."""
        self._polls[job_id] = (func, seconds)

    async def _poll(self, job_id: str, func: Callable[..., Awaitable[Any]], seconds: float) -> None:
        loop = asyncio.get_running_loop()
        while self._active:
            started = loop.time()
            self._in_run.add(job_id)
            try:
                await func()
            except Exception:
                logger.exception("job %s failed", job_id)
            finally:
                self._in_run.discard(job_id)
            if not self._active:
                return
            await asyncio.sleep(max(0.0, seconds - (loop.time() - started)))

    def next_fire(self, job_id: str, after: datetime) -> datetime | None:
        """When the job fires next after ``after`` (whether or not the scheduler runs)."""
        job = self._scheduler.get_job(job_id)
        return None if job is None else job.trigger.get_next_fire_time(None, after)

    def jobs(self) -> list[tuple[str, Any]]:
        """(id, next run time) of every job, for logs and tests."""
        polls = [(job_id, None) for job_id in self._polls]
        return polls + [
            (job.id, getattr(job, "next_run_time", None)) for job in self._scheduler.get_jobs()
        ]

    def start(self, *, paused: bool = False) -> None:
        """Start the jobs; ``paused``: ready, but nothing runs until :meth:`resume` (an
        instance that does not lead the scheduler)."""
        self._scheduler.start(paused=paused)
        if not paused:
            self._start_polls()
        logger.info(
            "scheduler %s with %s",
            "ready" if paused else "started",
            [job_id for job_id, _ in self.jobs()],
        )

    def _start_polls(self) -> None:
        self._active = True
        loop = asyncio.get_running_loop()
        self._poll_tasks = {
            job_id: loop.create_task(self._poll(job_id, func, seconds))
            for job_id, (func, seconds) in self._polls.items()
        }

    @property
    def active(self) -> bool:
        """Whether the jobs run here now."""
        return self._active

    def resume(self) -> None:
        """Run the jobs (this instance has become the leader); what fell due while they were
        paused runs at once, once."""
        if self._active:
            return
        self._scheduler.resume()
        self._start_polls()

    async def pause(self, grace: float = 5.0) -> None:
        """Run no more jobs here; a poll in the middle of a run may finish it (up to ``grace``
        seconds)."""
        if not self._active:
            return
        self._active = False
        if self._scheduler.running:
            self._scheduler.pause()
        tasks = self._poll_tasks
        self._poll_tasks = {}
        for job_id, task in tasks.items():
            if job_id not in self._in_run:
                task.cancel()
        if tasks:
            _, late = await asyncio.wait(tasks.values(), timeout=grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)

    def shutdown(self) -> None:
        self._active = False
        for task in self._poll_tasks.values():
            task.cancel()
        self._poll_tasks = {}
        if self._scheduler.running and not self._stopping:
            self._stopping = True
            self._scheduler.shutdown(wait=False)
