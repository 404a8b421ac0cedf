"""Deadlines benchmark: a municipality of 300 organisations, 2,000 associations and 30,000
people on SQLite (a file in a temporary folder, seeded with bulk inserts).

Run from the project root: ``python -m bench.deadlines`` (``make bench``). Measured, each as
the median of several runs on a fresh copy of the database, time and added memory:

a. creating a per-person deadline for everyone: ``DeadlineService.create`` (the units fixed
   by INSERT … SELECT, the announcement queued for 30,000 people, the reminders planned);
b. the status card's queries: ``repo.deadlines.counts`` and ``repo.deadlines.units`` (only
   those who owe, the first 50) on that deadline with 25,000 people still owing;
c. «Напомнить отстающим» for those 25,000: ``DeadlineService.nudge``;
d. the morning reminder run: 200 deadlines whose reminders are due at the same minute (199
   of one school's people each, one per association for all 2,000 associations):
   ``Jobs.fire_reminders`` at that minute, until everything is handed to the outbox.

Targets: each within 2 s on SQLite and 150 MB of added memory; reminders handed to the
sender within 2 s after their due time (the reminder job ticks every second, so the lateness
is at most one tick plus the run).

Memory is measured in a separate run of each step (tracemalloc slows Python down): the
tracemalloc peak (Python objects) and the growth of the process's peak RSS (``VmHWM``, reset
before the step through ``/proc/self/clear_refs`` where Linux allows it), which also counts
SQLite's own memory. Nothing here fails on a slow machine: each figure is printed with PASS
or FALLS SHORT.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import shutil
import sqlite3
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update

from bot.i18n import Translator
from bot.scheduler.jobs import REMINDER_TICK, Jobs
from bot.services.audience import Audience, Where
from bot.services.deadline_digests import DeadlineDigestService
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.people import MemberInfo
from bot.storage import migrate
from bot.storage.engine import create_engine, session_factory
from bot.storage.models import (
    Association,
    AssociationLevel,
    AssociationMembership,
    DeadlineAssignee,
    DeadlineUnit,
    Deliverable,
    Member,
    Organisation,
    OrganisationKind,
    OutboxMessage,
    Role,
    UnitStatus,
)
from bot.storage.unit import unit_of_work

TZ = ZoneInfo("Europe/Moscow")
ORGANISATIONS = 300
ASSOCIATIONS = 2000
PEOPLE = 30000
LATE = 25000
DEADLINES_DUE = 200
TIME_TARGET = 2.0
MEMORY_TARGET_MB = 150.0
CARD_ROWS = 50
FIRST_UID = 1_000_000


class Clock:
    """The clock the steps run at: set by hand, moving on with real time from there (so
    that two presses of «Напомнить отстающим» are two moments)."""

    def __init__(self, start: datetime) -> None:
        self.set(start)

    def set(self, moment: datetime) -> None:
        self._base = moment
        self._mono = time.monotonic()

    def now(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._mono)


# --- the municipality --------------------------------------------------------------------------


async def seed(url: str, now: datetime) -> None:
    """300 schools with a coordinator each; 2,000 ШМО spread over them, each with a head;
    30,000 people, each a member of one association; one methodologist."""
    engine = create_engine(url)
    await migrate.upgrade(engine)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Organisation),
            [
                {"name": f"СОШ № {i + 1}", "kind": OrganisationKind.SCHOOL, "created_at": now}
                for i in range(ORGANISATIONS)
            ],
        )
        await conn.execute(
            insert(Association),
            [
                {
                    "name": f"ШМО {i + 1}",
                    "level": AssociationLevel.SCHOOL,
                    "organisation_id": i % ORGANISATIONS + 1,
                    "created_at": now,
                }
                for i in range(ASSOCIATIONS)
            ],
        )
        people = []
        for i in range(PEOPLE):
            association = i % ASSOCIATIONS + 1
            role = Role.TEACHER
            if i == 0:
                role = Role.METHODOLOGIST
            elif i < ASSOCIATIONS:
                role = Role.HEAD
            elif i < ASSOCIATIONS + ORGANISATIONS:
                role = Role.COORDINATOR
            people.append(
                {
                    "telegram_id": FIRST_UID + i,
                    "full_name": f"Педагог {i:05d}",
                    "role": role,
                    "organisation_id": None
                    if i == 0
                    else (
                        (i - ASSOCIATIONS) % ORGANISATIONS + 1
                        if role is Role.COORDINATOR
                        else (association - 1) % ORGANISATIONS + 1
                    ),
                    "is_reachable": True,
                    "is_active": True,
                    "is_mentor": False,
                    "consent_at": now,
                    "registered_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for start in range(0, PEOPLE, 5000):
            await conn.execute(insert(Member), people[start : start + 5000])
        memberships = [
            {
                "association_id": i % ASSOCIATIONS + 1,
                "member_id": i + 1,
                # Association 1's would be the methodologist's: a coordinator heads it.
                "is_head": 0 < i <= ASSOCIATIONS,
                "created_at": now,
            }
            for i in range(1, PEOPLE)
        ]
        for start in range(0, len(memberships), 5000):
            await conn.execute(insert(AssociationMembership), memberships[start : start + 5000])
    await engine.dispose()


@dataclass
class Place:
    """A database file per step, copied from a prepared one."""

    folder: Path

    def url(self, name: str) -> str:
        return f"sqlite+aiosqlite:///{self.folder / name}"

    def copy(self, source: str, target: str) -> str:
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                (self.folder / (target + suffix)).unlink()
        shutil.copyfile(self.folder / source, self.folder / target)
        return self.url(target)


def draft(title: str, due_at: datetime, audience: Audience, unit: DeadlineUnit) -> DeadlineDraft:
    return DeadlineDraft(
        title=title,
        kind=Deliverable.REPORT,
        unit=unit,
        due_at=due_at,
        audience=audience,
        reminder_days=(1,),
        reminder_time="09:00",
    )


async def methodologist(sessions: Any) -> MemberInfo:
    async with sessions() as session:
        member = await session.scalar(select(Member).where(Member.role == Role.METHODOLOGIST))
        return MemberInfo.of(member)


# --- measuring ---------------------------------------------------------------------------------


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Figures:
    seconds: list[float]
    tracemalloc_mb: float = float("nan")
    rss_peak_mb: float = float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def memory_mb(self) -> float:
        values = [v for v in (self.tracemalloc_mb, self.rss_peak_mb) if v == v]
        return max(values) if values else float("nan")


async def timed(step: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await step()
    return time.perf_counter() - started


async def measured_memory(step: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """(tracemalloc peak, growth of peak RSS) in MB, of one run of the step."""
    rss_before = _status_kib("VmRSS")
    reset = _reset_peak()
    tracemalloc.start()
    try:
        await step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    hwm = _status_kib("VmHWM")
    rss = (
        (hwm - rss_before) / 1024
        if reset and hwm is not None and rss_before is not None
        else float("nan")
    )
    return peak / 1e6, rss


# --- the steps ---------------------------------------------------------------------------------


class Bench:
    def __init__(self, place: Place, runs: int) -> None:
        self.place = place
        self.runs = runs
        self.translator = Translator(default_locale="ru")
        self.start = datetime.combine(date(2026, 11, 23), clock_time(9, 0), tzinfo=TZ).astimezone(
            UTC
        )
        self.due = self.start + timedelta(days=14)

    def service(self, repo: Any, clock: Clock) -> DeadlineService:
        return DeadlineService(repo, clock, self.translator, TZ)

    async def _create_everyone(self, url: str) -> tuple[Callable[[], Awaitable[Any]], Any]:
        engine = create_engine(url)
        sessions = session_factory(engine)
        author = await methodologist(sessions)
        clock = Clock(self.start)

        async def step() -> None:
            async with unit_of_work(sessions) as repo:
                await self.service(repo, clock).create(
                    author,
                    draft("План на год", self.due, Audience(), DeadlineUnit.PERSON),
                )

        return step, engine

    async def create_for_everyone(self) -> Figures:
        seconds = []
        for n in range(self.runs):
            step, engine = await self._create_everyone(self.place.copy("base.db", f"a{n}.db"))
            seconds.append(await timed(step))
            await engine.dispose()
        step, engine = await self._create_everyone(self.place.copy("base.db", "a-mem.db"))
        figures = Figures(seconds, *await measured_memory(step))
        await engine.dispose()
        return figures

    async def prepare_late(self) -> None:
        """late.db: the deadline for everyone, 5,000 handed in, 25,000 still owing."""
        url = self.place.copy("base.db", "late.db")
        step, engine = await self._create_everyone(url)
        await step()
        sessions = session_factory(engine)
        async with sessions() as session, session.begin():
            handed = (
                select(DeadlineAssignee.unit_id)
                .where(DeadlineAssignee.deadline_id == 1)
                .order_by(DeadlineAssignee.unit_id.desc())
                .limit(PEOPLE - LATE)
                .subquery()
            )
            await session.execute(
                update(DeadlineAssignee)
                .where(
                    DeadlineAssignee.deadline_id == 1,
                    DeadlineAssignee.unit_id.in_(select(handed.c.unit_id)),
                )
                .values(status=UnitStatus.SUBMITTED, versions=1, submitted_at=self.start)
                .execution_options(synchronize_session=False)
            )
            owing = await session.scalar(
                select(func.count())
                .select_from(DeadlineAssignee)
                .where(DeadlineAssignee.status == UnitStatus.OPEN)
            )
        assert owing == LATE, owing
        await engine.dispose()

    async def status_card(self) -> Figures:
        engine = create_engine(self.place.copy("late.db", "b.db"))
        sessions = session_factory(engine)

        async def step() -> None:
            async with unit_of_work(sessions) as repo:
                deadline = await repo.deadlines.get(1)
                assert deadline is not None
                counts = await repo.deadlines.counts([1])
                rows = await repo.deadlines.units(deadline, owed_only=True, limit=CARD_ROWS)
                assert counts[1][UnitStatus.OPEN] == LATE, counts
                assert len(rows) == CARD_ROWS

        seconds = [await timed(step) for _ in range(self.runs)]
        figures = Figures(seconds, *await measured_memory(step))
        await engine.dispose()
        return figures

    async def nudge(self) -> Figures:
        seconds: list[float] = []
        memory: tuple[float, float] = (float("nan"), float("nan"))
        for n in range(self.runs + 1):
            engine = create_engine(self.place.copy("late.db", f"c{n}.db"))
            sessions = session_factory(engine)
            author = await methodologist(sessions)
            clock = Clock(self.due + timedelta(days=1))
            told: list[int] = []

            async def step(
                sessions: Any = sessions,
                author: MemberInfo = author,
                clock: Clock = clock,
                told: list[int] = told,
            ) -> None:
                async with unit_of_work(sessions) as repo:
                    told.append(await self.service(repo, clock).nudge(author, 1))

            if n < self.runs:
                seconds.append(await timed(step))
            else:
                memory = await measured_memory(step)
            assert told[-1] == LATE, told
            await engine.dispose()
        return Figures(seconds, *memory)

    async def escalation(self) -> tuple[Figures, int]:
        """The escalation of the 25,000 late people, three days after the due time: one
        message to each school's coordinator."""
        seconds: list[float] = []
        memory: tuple[float, float] = (float("nan"), float("nan"))
        queued: list[int] = []
        for n in range(self.runs + 1):
            engine = create_engine(self.place.copy("late.db", f"e{n}.db"))
            sessions = session_factory(engine)
            clock = Clock(self.due + timedelta(days=4))

            async def step(
                sessions: Any = sessions, clock: Clock = clock, queued: list[int] = queued
            ) -> None:
                async with unit_of_work(sessions) as repo:
                    service = DeadlineDigestService(repo, clock, self.translator, TZ)
                    queued.append(await service.escalate())

            if n < self.runs:
                seconds.append(await timed(step))
            else:
                memory = await measured_memory(step)
            await engine.dispose()
        return Figures(seconds, *memory), queued[-1]

    async def prepare_reminders(self) -> datetime:
        """rem.db: 200 deadlines due the same day with their reminder at the same minute
        (09:00 the day before): 199 for one school's people each, one per association."""
        url = self.place.copy("base.db", "rem.db")
        engine = create_engine(url)
        sessions = session_factory(engine)
        author = await methodologist(sessions)
        clock = Clock(self.start)
        due = datetime.combine(date(2026, 12, 10), clock_time(18, 0), tzinfo=TZ).astimezone(UTC)
        async with unit_of_work(sessions) as repo:
            service = self.service(repo, clock)
            for n in range(DEADLINES_DUE - 1):
                school = Audience(where=Where.ORGANISATIONS, organisations=(n % ORGANISATIONS + 1,))
                await service.create(
                    author, draft(f"Отчёт школы {n}", due, school, DeadlineUnit.PERSON)
                )
            await service.create(
                author, draft("Протокол ШМО", due, Audience(), DeadlineUnit.ASSOCIATION)
            )
        await engine.dispose()
        return datetime.combine(date(2026, 12, 9), clock_time(9, 0), tzinfo=TZ).astimezone(UTC)

    async def reminders(self, moment: datetime) -> tuple[Figures, int]:
        seconds: list[float] = []
        memory: tuple[float, float] = (float("nan"), float("nan"))
        handed = 0
        for n in range(self.runs + 1):
            engine = create_engine(self.place.copy("rem.db", f"d{n}.db"))
            sessions = session_factory(engine)
            clock = Clock(moment)
            jobs = Jobs(sessions, clock, TZ, self.translator, ((9, 1),), 10)
            fired: list[int] = []

            async def step(jobs: Jobs = jobs, fired: list[int] = fired) -> None:
                fired.append(await jobs.fire_reminders())

            if n < self.runs:
                seconds.append(await timed(step))
            else:
                memory = await measured_memory(step)
            assert fired[-1] == DEADLINES_DUE, fired
            async with sessions() as session:
                handed = int(
                    await session.scalar(
                        select(func.count())
                        .select_from(OutboxMessage)
                        .where(OutboxMessage.source.like("deadline:%:r%"))
                    )
                    or 0
                )
            await engine.dispose()
        return Figures(seconds, *memory), handed


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {time.strftime('%Y-%m-%d')}"
    )


def line(name: str, figures: Figures, *, extra: float = 0.0) -> str:
    seconds = figures.median + extra
    ok = seconds <= TIME_TARGET and not figures.memory_mb > MEMORY_TARGET_MB
    runs = ", ".join(f"{s:.2f}" for s in figures.seconds)
    return (
        f"{name:34} median {figures.median:6.2f} s  (runs {runs})"
        f"  tracemalloc peak {figures.tracemalloc_mb:6.1f} MB"
        f"  peak RSS +{figures.rss_peak_mb:6.1f} MB  {'PASS' if ok else 'FALLS SHORT'}"
    )


async def main_async(runs: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="shmo-deadlines-"))
    try:
        place = Place(folder)
        print(f"machine: {machine()}")
        started = time.perf_counter()
        await seed(place.url("base.db"), datetime.now(UTC))
        print(
            f"seeded {ORGANISATIONS} organisations, {ASSOCIATIONS} associations, "
            f"{PEOPLE} people in {time.perf_counter() - started:.1f} s"
        )
        bench = Bench(place, runs)
        a = await bench.create_for_everyone()
        print(line("a. create for everyone (30,000)", a))
        await bench.prepare_late()
        b = await bench.status_card()
        print(line("b. status card queries", b))
        c = await bench.nudge()
        print(line("c. nudge 25,000 late", c))
        e, messages = await bench.escalation()
        print(line("e. escalate 25,000 late (extra)", e))
        print(f"   {messages} messages to coordinators")
        moment = await bench.prepare_reminders()
        d, handed = await bench.reminders(moment)
        print(line(f"d. reminder run ({DEADLINES_DUE} deadlines)", d, extra=REMINDER_TICK))
        late = REMINDER_TICK + d.median
        print(
            f"   {handed} reminders handed to the outbox; lateness after due at most "
            f"{REMINDER_TICK:.2f} s (the tick) + {d.median:.2f} s = {late:.2f} s"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main_async(args.runs))


if __name__ == "__main__":
    main()
