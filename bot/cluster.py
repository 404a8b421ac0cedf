"""What the instances of one bot share; the database decides (assembly, as ``factory.py``).

* SQLite — one process: the sender keeps its own pace (:class:`bot.delivery.sender.Pacer`), a
  person's updates queue in the process, the scheduler runs from the start. As before.
* PostgreSQL — any number of instances behind a load balancer: one pace of sending for the bot
  as a whole (:class:`bot.delivery.pace.SharedPace`, through the database or Redis), a person's
  updates one at a time across the instances (:class:`bot.middlewares.dialog.SharedIsolation`),
  one scheduler leader (:class:`bot.scheduler.leader.ElectedLeader`), and senders that share
  the outbox with short, renewed leases.

:meth:`Cluster.health` is what a health check reads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.delivery.pace import LATE_GRACE, RedisPace, SharedPace
from bot.delivery.sender import TELEGRAM_PER_SECOND, Pace, Pacer
from bot.middlewares.dialog import SharedIsolation
from bot.scheduler import Scheduler
from bot.scheduler.jobs import Jobs
from bot.scheduler.leader import ElectedLeader, Leadership, SoleLeader
from bot.storage.locks import SessionLocks
from bot.storage.pace import DatabasePace, PaceRules

logger = logging.getLogger(__name__)

# A sender sharing the outbox: its claims' lease (extended every third of it while it holds
# them; an instance that died lets its rows go this long after), how many rows it claims at a
# time and how many it sends at once (each waiting for a moment of the shared pace).
SHARED_LEASE = timedelta(seconds=20)
SHARED_BATCH = 20
SHARED_CONCURRENCY = 16


@dataclass
class Cluster:
    instance: str
    shared: bool
    pace: Pace
    isolation: BaseEventIsolation
    sender_options: dict[str, Any] = field(default_factory=dict)
    database_url: str = ""
    leadership: Leadership = field(init=False)
    _locks: list[SessionLocks] = field(default_factory=list)

    def attach(self, scheduler: Scheduler, jobs: Jobs) -> None:
        """Who runs ``scheduler``: this process alone, or the elected leader of the instances."""
        if not self.shared:
            self.leadership = SoleLeader(scheduler, jobs)
            return
        locks = SessionLocks(self.database_url, name=f"shmo-bot/{self.instance}/leader")
        self._locks.append(locks)
        self.leadership = ElectedLeader(locks, scheduler, jobs, instance=self.instance)

    async def start(self) -> None:
        """At the start of ``shmo-bot run``: say where the pace is kept; lead the scheduler, or
        stand by for it."""
        if isinstance(self.pace, SharedPace):
            await self.pace.check()
        await self.leadership.start()

    async def stop(self) -> None:
        """First step of a stop: hand the scheduler over to another instance."""
        await self.leadership.stop()

    def health(self) -> dict[str, Any]:
        """This instance's part in the cluster, for a health check: ``degraded`` is true while
        Redis is configured but unreachable (the database keeps the pace meanwhile)."""
        redis: str | None = None
        backend = "local"
        degraded = False
        if isinstance(self.pace, SharedPace):
            backend = self.pace.backend
            degraded = self.pace.degraded
            if self.pace.redis is not None:
                redis = "unreachable" if degraded else "ok"
        return {
            "instance": self.instance,
            "shared": self.shared,
            "scheduler_leader": self.leadership.is_leader,
            "pace": backend,
            "redis": redis,
            "degraded": degraded,
        }

    async def aclose(self) -> None:
        if isinstance(self.pace, SharedPace):
            await self.pace.close()
        for locks in self._locks:
            await locks.close()
        await self.isolation.close()


def shared_rules(rate: float) -> PaceRules:
    """The shared timeline's spacing: ``rate`` a second, and never so close that a moment
    taken late by the grace could make Telegram's 30 in one second."""
    return PaceRules(interval=max(1.0 / rate, (1.0 + LATE_GRACE) / (TELEGRAM_PER_SECOND - 1)))


def create_cluster(settings: Settings, engine: AsyncEngine) -> Cluster:
    """The pace and the person's lock for ``settings``' database; the scheduler's leadership
    comes with :meth:`Cluster.attach`."""
    instance = settings.instance
    if settings.is_sqlite:
        return Cluster(
            instance=instance,
            shared=False,
            pace=Pacer(settings.send_rate),
            isolation=SimpleEventIsolation(),
        )
    rules = shared_rules(settings.send_rate)
    redis = None
    if settings.redis_url:
        token = settings.bot_token.get_secret_value()
        try:
            redis = RedisPace(
                settings.redis_url,
                rules,
                namespace=token.partition(":")[0],
                secret=token.encode(),
            )
        except ImportError:
            logger.error(
                "REDIS_URL is set, but the redis package is not installed "
                "(pip install 'shmo-bot[redis]'): the pace of sending is shared through the "
                "database"
            )
    persons = SessionLocks(settings.database_url, name=f"shmo-bot/{instance}/persons")
    return Cluster(
        instance=instance,
        shared=True,
        pace=SharedPace(DatabasePace(engine, rules), redis=redis),
        isolation=SharedIsolation(persons),
        sender_options={
            "lease": SHARED_LEASE,
            "batch": SHARED_BATCH,
            "concurrency": SHARED_CONCURRENCY,
        },
        database_url=settings.database_url,
        _locks=[persons],
    )
