"""Reminder benchmark: 2,000 event reminders due in the same minute plus 10,000 future ones.

Run from the project root: ``python -m bench.reminders`` (``make bench``).  The bot runs in
this process on a fresh SQLite database against the Bot API double, with its real scheduler
(APScheduler, the one-second reminder job), its real sender (25 messages a second) and the
system clock.  Measured:

* handed over: how late after its due time each reminder became an outbox row (target: every
  one within 2 s);
* delivered: how late the first and the last reminder message reached the double (the sender
  keeps Telegram's pace, so 2,000 messages take about 80 s: informative, not a target);
* restart: the sender is killed (its task cancelled, no graceful release) in the middle of
  delivering, a new runtime starts on the same database; lost and duplicated reminders.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from bot.clock import SystemClock
from bot.config import Settings
from bot.factory import Runtime, create_runtime
from bot.storage import migrate
from bot.storage.engine import create_engine
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
from tests.botapi import BotAPIDouble

FIRST_UID = 100_000


async def seed(url: str, due: datetime, size: int, future: int) -> None:
    """``size`` published events with one recipient each and a reminder due at ``due``,
    and ``future`` more whose reminders are due tomorrow."""
    engine = create_engine(url)
    await migrate.upgrade(engine)
    now = datetime.now(UTC)
    total = size + future
    async with engine.begin() as conn:
        await conn.execute(
            insert(Member),
            [
                {
                    "telegram_id": FIRST_UID + i,
                    "full_name": f"Педагог {i}",
                    "role": Role.TEACHER,
                    "is_reachable": True,
                    "is_active": True,
                    "consent_at": now,
                    "registered_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(size)
            ],
        )
        await conn.execute(
            insert(Content),
            [{"kind": "text", "text": "⏰ Напоминание: семинар", "buttons": [], "created_at": now}],
        )
        await conn.execute(
            insert(Event),
            [
                {
                    "kind": EventKind.SEMINAR,
                    "title": f"Семинар {i}",
                    "starts_at": due + timedelta(hours=1),
                    "all_day": False,
                    "competences": [],
                    "audience": {},
                    "reminder_minutes": [60],
                    "status": EventStatus.PUBLISHED,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(total)
            ],
        )
        await conn.execute(
            insert(ReminderContent),
            [
                {"source_kind": "event", "source_id": i + 1, "locale": locale, "content_id": 1}
                for i in range(total)
                for locale in ("ru", "en", "group")
            ],
        )
        await conn.execute(
            insert(OutboxMessage),
            [
                {
                    "source": f"event:{i + 1}",
                    "source_kind": "event",
                    "source_id": i + 1,
                    "content_id": 1,
                    "chat_id": FIRST_UID + i,
                    "member_id": i + 1,
                    "status": DeliveryStatus.SENT,
                    "attempts": 1,
                    "next_attempt_at": now,
                    "created_at": now,
                }
                for i in range(size)
            ],
        )
        await conn.execute(
            insert(Reminder),
            [
                {
                    "source_kind": "event",
                    "source_id": i + 1,
                    "minutes_before": 60,
                    "due_at": due if i < size else due + timedelta(days=1),
                    "status": ReminderStatus.PENDING,
                }
                for i in range(total)
            ],
        )
    await engine.dispose()


def settings(double: BotAPIDouble, url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=double.token,
        telegram_api_base=double.base_url,
        database_url=url,
        send_rate=25,
    )


def reminder_times(double: BotAPIDouble, size: int) -> dict[int, list[float]]:
    """When the double received each chat's messages (monotonic)."""
    seen: dict[int, list[float]] = {}
    for request in double.calls("sendMessage"):
        chat = int(request.params.get("chat_id", 0))
        if request.ok and FIRST_UID <= chat < FIRST_UID + size:
            seen.setdefault(chat, []).append(request.at)
    return seen


async def handed_lateness(runtime: Runtime, due: datetime) -> list[float]:
    async with runtime.sessions() as session:
        created = list(
            await session.scalars(
                select(OutboxMessage.created_at).where(OutboxMessage.source.like("event:%:r%"))
            )
        )
    return [(c - due).total_seconds() for c in created]


async def run(size: int, future: int, restart_after: int | None) -> dict[str, float]:
    place = Path(tempfile.mkdtemp(prefix="shmo-reminders-"))
    url = f"sqlite+aiosqlite:///{place / 'bench.db'}"
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=20)
    await seed(url, due, size, future)
    async with BotAPIDouble() as double:
        for i in range(size):
            double.add_user(FIRST_UID + i, f"Педагог{i}", started=True)
        runtime = create_runtime(settings(double, url), clock=SystemClock())
        stop = asyncio.Event()
        runtime.scheduler.start()
        sender = asyncio.create_task(runtime.sender.run(stop))
        due_mono = time.monotonic() + (due - datetime.now(UTC)).total_seconds()
        restarted = False
        while True:
            await asyncio.sleep(0.2)
            got = reminder_times(double, size)
            if restart_after is not None and not restarted and len(got) >= restart_after:
                sender.cancel()  # a crash: nothing released, results in flight lost
                await asyncio.gather(sender, return_exceptions=True)
                await runtime.aclose()
                runtime = create_runtime(settings(double, url), clock=SystemClock())
                runtime.scheduler.start()
                stop = asyncio.Event()
                sender = asyncio.create_task(runtime.sender.run(stop))
                restarted = True
            if len(got) >= size and time.monotonic() > due_mono + 2:
                break
            if time.monotonic() > due_mono + size / 10 + 60:
                break
        stop.set()
        await asyncio.gather(sender, return_exceptions=True)
        handed = await handed_lateness(runtime, due)
        await runtime.aclose()
        got = reminder_times(double, size)
    firsts = sorted(min(times) - due_mono for times in got.values())
    copies = Counter(len(times) for times in got.values())
    return {
        "handed_median": statistics.median(handed) if handed else float("nan"),
        "handed_max": max(handed) if handed else float("nan"),
        "first_delivered": firsts[0] if firsts else float("nan"),
        "last_delivered": firsts[-1] if firsts else float("nan"),
        "delivered_median": statistics.median(firsts) if firsts else float("nan"),
        "lost": size - len(got),
        "duplicated": sum(n - 1 for n, c in copies.items() for _ in range(c) if n > 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--future", type=int, default=10000)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    for title, restart in (("steady", None), ("restart in the middle", args.size // 3)):
        figures = asyncio.run(run(args.size, args.future, restart))
        ok = figures["handed_max"] <= 2 and figures["lost"] == 0 and figures["duplicated"] == 0
        print(f"\n{title}: {'PASS' if ok else 'FALLS SHORT'}")
        for key, value in figures.items():
            print(f"  {key:18} {value:.2f}" if isinstance(value, float) else f"  {key:18} {value}")


if __name__ == "__main__":
    main()
