"""Several real bot processes (``python -m bot run``) in webhook mode on one PostgreSQL database,
behind one load balancer (tests/balancer.py: nginx with deploy/nginx's configuration, or its
stand-in where nginx is not installed) to which the Bot API double posts the updates; what they
share is read back from the database. Each instance talks to the double through a lane of its
own (tests/botapi/lanes.py), which tells which instance sent what. Used by tests/test_cluster.py
and bench/cluster.py."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.engine import create_engine, session_factory
from bot.storage.models import (
    Content,
    DeliveryStatus,
    Event,
    EventKind,
    EventStatus,
    Member,
    OutboxMessage,
    Reminder,
    ReminderContent,
    ReminderStatus,
    Role,
)
from bot.storage.unit import unit_of_work
from tests.balancer import Balancer
from tests.botapi import BotAPIDouble
from tests.botapi.lanes import Lane

ROOT = Path(__file__).resolve().parent.parent
ADMIN_ID = 1001
SECRET = "cluster-secret_0123456789"
# How much lower the instances' scheduling priority is than the double's (see ``launch``).
BOT_NICENESS = 5


@dataclass
class Instance:
    name: str
    lane: Lane
    log_path: Path
    # the port it takes webhooks on (behind the balancer), and the webhook's URL
    port: int
    webhook: str
    proc: asyncio.subprocess.Process | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def kill(self) -> None:
        """SIGKILL: no goodbye, as a crash or a pulled plug."""
        assert self.proc is not None
        self.proc.kill()
        await self.proc.wait()

    async def terminate(self, timeout: float = 60) -> int:  # noqa: ASYNC109
        """SIGTERM, as a rolling restart: the exit code."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def get(self, path: str) -> tuple[int, str]:
        """GET ``path`` (/healthz, /metrics) on the instance's own port: status and body."""
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http,
            http.get(f"http://127.0.0.1:{self.port}{path}") as answer,
        ):
            return answer.status, await answer.text()

    async def metrics(self) -> dict[str, float]:
        """The instance's /metrics: each series without labels by name."""
        status, body = await self.get("/metrics")
        assert status == 200, body
        return {
            sample.name: sample.value
            for family in text_string_to_metric_families(body)
            for sample in family.samples
            if not sample.labels
        }

    async def health(self) -> dict[str, Any]:
        status, body = await self.get("/healthz")
        assert status == 200, body
        answer: dict[str, Any] = json.loads(body)
        return answer


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    env["PYTHONPATH"] = str(ROOT)
    env.update(values)
    return env


# The Python arguments that start an instance of the bot.
BOT = ("-m", "bot", "run")


async def start_instances(
    place: Path,
    double: BotAPIDouble,
    url: str,
    front: Balancer,
    count: int | None = None,
    *,
    command: Sequence[str] = BOT,
    **settings: str,
) -> list[Instance]:
    """Instances named bot-1, bot-2…, one on each port behind ``front`` (``count`` of them, all
    by default), started at once; ``command`` the Python arguments that start one (another
    program for comparison: bench/bare_webhook.py)."""
    instances = []
    for n, port in enumerate(front.ports[:count], start=1):
        lane = Lane(double, f"bot-{n}")
        await lane.start()
        instance = Instance(lane.name, lane, place / f"{lane.name}.log", port, front.url)
        await launch(instance, double, url, command=command, **settings)
        instances.append(instance)
    return instances


async def launch(
    instance: Instance,
    double: BotAPIDouble,
    url: str,
    *,
    command: Sequence[str] = BOT,
    **settings: str,
) -> None:
    values = {
        "BOT_TOKEN": double.token,
        "TELEGRAM_API_BASE": instance.lane.base_url,
        "DATABASE_URL": url,
        "ADMIN_IDS": str(ADMIN_ID),
        "INSTANCE_ID": instance.name,
        "WEBHOOK_URL": instance.webhook,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_HOST": "127.0.0.1",
        "WEBHOOK_PORT": str(instance.port),
        "LOG_LEVEL": "INFO",
    }
    values.update(settings)
    instance._log = instance.log_path.open("ab")
    # The double stands for Telegram's servers, which share no processor with the bot: the
    # instances run at a lower priority than the process that holds the double, so that a busy
    # machine delays the bots' sends (which their pace allows for) rather than the double's
    # reading of them (which would bunch on-time arrivals together).
    instance.proc = await asyncio.create_subprocess_exec(
        sys.executable,
        *command,
        cwd=instance.log_path.parent,
        env=_env(**values),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=instance._log,
        stderr=instance._log,
        preexec_fn=lambda: os.nice(BOT_NICENESS),
    )


async def wait_until(
    check: Callable[[], Any],
    timeout: float,  # noqa: ASYNC109
    *,
    what: str,
    instances: Sequence[Instance] = (),
    every: float = 0.1,
) -> float:
    """Wait until ``check()`` (sync or async) is true; the seconds it took. AssertionError
    with what was awaited (and the instances' last log lines) when it is not in time."""
    started = time.monotonic()
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            tails = "\n".join(f"--- {i.name}:\n{i.log()[-1500:]}" for i in instances)
            raise AssertionError(f"not within {timeout:.0f} s: {what}\n{tails}")
        await asyncio.sleep(every)


TAKING = "taking updates as webhooks"


async def wait_started(instances: Sequence[Instance], timeout: float = 180) -> None:  # noqa: ASYNC109
    """Until every instance has set the webhook and listens (its scheduler started or standing
    by before that)."""
    await wait_until(
        lambda: all(TAKING in i.log() for i in instances),
        timeout,
        what="every instance started",
        instances=instances,
    )


@asynccontextmanager
async def running(
    place: Path,
    double: BotAPIDouble,
    url: str,
    count: int,
    *,
    command: Sequence[str] = BOT,
    **settings: str,
) -> AsyncIterator[tuple[Balancer, list[Instance]]]:
    """``count`` instances behind a balancer, started (:func:`wait_started`); stopped (SIGTERM)
    at the end of the block, their logs kept."""
    async with Balancer(place, count) as front:
        bots = await start_instances(place, double, url, front, command=command, **settings)
        try:
            await wait_started(bots)
            yield front, bots
        finally:
            await stop_all(bots)


async def stop_all(instances: Iterable[Instance]) -> None:
    for instance in instances:
        if instance.running:
            assert instance.proc is not None
            instance.proc.send_signal(signal.SIGTERM)
    for instance in instances:
        if instance.proc is not None and instance.proc.returncode is None:
            try:
                await asyncio.wait_for(instance.proc.wait(), 30)
            except TimeoutError:
                await instance.kill()
        if instance._log is not None:
            instance._log.close()
        await instance.lane.stop()


# --- the database ---------------------------------------------------------------------------


def people(first: int, count: int) -> list[int]:
    return list(range(first, first + count))


async def seed_people(engine: AsyncEngine, uids: Sequence[int]) -> None:
    """Teachers who have registered (the double must know them too)."""
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Member),
            [
                {
                    "telegram_id": uid,
                    "full_name": f"Педагог {uid}",
                    "role": Role.TEACHER,
                    "consent_at": now,
                    "registered_at": now,
                    "is_active": True,
                    "is_reachable": True,
                    "is_mentor": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for uid in uids
            ],
        )


async def enqueue(engine: AsyncEngine, uids: Sequence[int], *, source: str, text: str) -> int:
    """One message to each of ``uids`` through the outbox (as a broadcast queues it)."""
    now = datetime.now(UTC)
    async with unit_of_work(session_factory(engine)) as repo:
        content = await repo.outbox.add_content(kind="text", text=text, now=now)
        return await repo.outbox.enqueue_members(
            select(Member.id, Member.telegram_id, Member.is_reachable).where(
                Member.telegram_id.in_(list(uids))
            ),
            source=source,
            content_id=content.id,
            now=now,
        )


async def statuses(engine: AsyncEngine) -> Counter[DeliveryStatus]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(OutboxMessage.status, text("count(*)")).group_by(OutboxMessage.status)
        )
        return Counter({DeliveryStatus(s): int(n) for s, n in rows.all()})


async def wait_all_sent(
    engine: AsyncEngine,
    total: int,
    instances: Sequence[Instance],
    timeout: float,  # noqa: ASYNC109
    *,
    every: float = 0.1,
) -> float:
    """Until ``total`` outbox rows are recorded as sent; the seconds it took."""

    async def all_sent() -> bool:
        return (await statuses(engine))[DeliveryStatus.SENT] == total

    return await wait_until(
        all_sent, timeout, what=f"{total} messages sent", instances=instances, every=every
    )


async def leaders(engine: AsyncEngine) -> list[str]:
    """The instances holding the scheduler's lock now (from PostgreSQL's own tables)."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT a.application_name FROM pg_locks l "
                "JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted "
                "AND a.application_name LIKE 'shmo-bot/%/leader'"
            )
        )
        return sorted(name.split("/")[1] for (name,) in rows.all())


async def seed_reminder(engine: AsyncEngine, uids: Sequence[int], due: datetime) -> int:
    """A published event whose one reminder falls due at ``due``, for ``uids`` (teachers
    already seeded, each with the event's publication sent): the reminder's id."""
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        members = dict(
            (
                await conn.execute(
                    select(Member.telegram_id, Member.id).where(Member.telegram_id.in_(list(uids)))
                )
            ).all()
        )
        content_id = (
            await conn.execute(
                insert(Content).returning(Content.id),
                {
                    "kind": "text",
                    "text": "⏰ Напоминание: семинар",
                    "buttons": [],
                    "created_at": now,
                },
            )
        ).scalar_one()
        event_id = (
            await conn.execute(
                insert(Event).returning(Event.id),
                {
                    "kind": EventKind.SEMINAR,
                    "title": "Семинар",
                    "starts_at": due + timedelta(hours=1),
                    "all_day": False,
                    "competences": [],
                    "audience": {},
                    "reminder_minutes": [60],
                    "status": EventStatus.PUBLISHED,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                },
            )
        ).scalar_one()
        await conn.execute(
            insert(ReminderContent),
            [
                {
                    "source_kind": "event",
                    "source_id": event_id,
                    "locale": locale,
                    "content_id": content_id,
                }
                for locale in ("ru", "en", "group")
            ],
        )
        await conn.execute(
            insert(OutboxMessage),
            [
                {
                    "source": f"event:{event_id}",
                    "source_kind": "event",
                    "source_id": event_id,
                    "content_id": content_id,
                    "chat_id": uid,
                    "member_id": members[uid],
                    "status": DeliveryStatus.SENT,
                    "attempts": 1,
                    "next_attempt_at": now,
                    "sent_at": now,
                    "created_at": now,
                }
                for uid in uids
            ],
        )
        return (
            await conn.execute(
                insert(Reminder).returning(Reminder.id),
                {
                    "source_kind": "event",
                    "source_id": event_id,
                    "minutes_before": 60,
                    "due_at": due,
                    "status": ReminderStatus.PENDING,
                },
            )
        ).scalar_one()


async def reminder_rows(engine: AsyncEngine, reminder_id: int) -> list[tuple[int, datetime]]:
    """(chat, created at) of the outbox rows of one reminder."""
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(OutboxMessage.chat_id, OutboxMessage.created_at).where(
                OutboxMessage.source.like(f"event:%:r{reminder_id}")
            )
        )
        return [(int(c), t) for c, t in rows.all()]


def database(url: str) -> AsyncEngine:
    return create_engine(url)
