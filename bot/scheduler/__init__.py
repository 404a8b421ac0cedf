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
        self._poll_tasks: list[asyncio.Task[None]] = []
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
        while True:
            started = loop.time()
            try:
                await func()
            except Exception:
                logger.exception("job %s failed", job_id)
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

    def start(self) -> None:
        self._scheduler.start()
        self._poll_tasks = [
            asyncio.get_running_loop().create_task(self._poll(job_id, func, seconds))
            for job_id, (func, seconds) in self._polls.items()
        ]
        logger.info("scheduler started with %s", [job_id for job_id, _ in self.jobs()])

    def shutdown(self) -> None:
        for task in self._poll_tasks:
            task.cancel()
        self._poll_tasks = []
        if self._scheduler.running and not self._stopping:
            self._stopping = True
            self._scheduler.shutdown(wait=False)
