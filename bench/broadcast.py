"""Broadcast benchmarks against the Bot API double.

Run from the project root with the project's environment: ``python -m bench.broadcast``
(``make bench``).  Four scenarios, each printed as it runs and summed up in one table:

1. paced: the double enforces Telegram's limits; one broadcast to 2,000 people and 10 groups,
   drained by the sender as the bot builds it (default pace 25/s).  Achieved rate against
   the cap, lost, duplicated, 429 answers.
2. throughput: limits lifted; 3,000 messages drained by the sender (no pace, concurrency
   64) against bare aiogram loops sending the same messages with the same concurrency and
   no database (one task a message under a semaphore; a fixed set of worker tasks).  The
   double runs in a process of its own (and, for comparison, in the same process).
3. restart: ``python -m bot run`` as a real process, killed (SIGKILL, then SIGTERM in a second
   run) in the middle of a 2,000-message broadcast and started again.
4. memory: peak RSS and time of a fresh process that resolves and enqueues an audience of
   30,000 members; then one refresh of that broadcast's delivery report once all is sent.

Nothing here fails on a slow machine: every figure is printed with PASS or FALLS SHORT
against its target.  ``--only 2,4`` runs some of the scenarios; ``--help`` lists the sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import platform
import pstats
import resource
import shutil
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import SystemClock
from bot.services.audience import Audience, Groups, Who
from bot.services.broadcasts import BroadcastService
from bot.services.people import MemberInfo
from bot.storage.engine import create_engine, read_session_factory, session_factory
from bot.storage.models import (
    BindingKind,
    ChatBinding,
    DeliveryStatus,
    Member,
    Organisation,
    OrganisationKind,
    OutboxMessage,
    Role,
)
from bot.storage.unit import unit_of_work

if TYPE_CHECKING:
    # aiogram and the double are imported where they are used: the memory child (scenario 4)
    # then carries only what an enqueue needs.
    from bot.config import Settings
    from tests.botapi import BotAPIDouble
    from tests.botapi.double import Request

ROOT = Path(__file__).resolve().parent.parent
ADMIN_ID = 1001
FIRST_UID = 500_000_000
FIRST_GROUP = -700_000_000
TEXT = (
    "Seminar for the heads of school associations: <b>14 March, 15:00</b>, room 12. "
    "Please bring the plan of your association for the next term."
)
PAUSE_POLL = 0.25


# --- results -----------------------------------------------------------------------------


@dataclass
class Row:
    scenario: str
    figure: str
    target: str
    result: str
    verdict: str = "—"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(
        self,
        scenario: str,
        figure: str,
        result: str,
        target: str = "—",
        ok: bool | None = None,
    ) -> None:
        verdict = "—" if ok is None else ("PASS" if ok else "FALLS SHORT")
        self.rows.append(Row(scenario, figure, target, result, verdict))

    def table(self) -> str:
        lines = [
            "| Scenario | Figure | Target | Result | Verdict |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {r.scenario} | {r.figure} | {r.target} | {r.result} | {r.verdict} |"
            for r in self.rows
        ]
        return "\n".join(lines)


def say(text: str) -> None:
    print(text, flush=True)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def machine() -> list[str]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return [
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs" + (f" ({model})" if model else ""),
        f"system: {platform.system()} {platform.release()}",
        f"python: {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"aiogram {version('aiogram')}, SQLAlchemy {version('sqlalchemy')}, "
        f"aiohttp {version('aiohttp')}",
        "load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    ]


# --- what the double saw ------------------------------------------------------------------


@dataclass
class Summary:
    """The sendMessage requests the double answered since a mark."""

    ok: int
    e429: int
    errors: int
    first: float
    last: float
    per_chat: dict[int, int]

    @property
    def rate(self) -> float:
        """Messages a second between the first and the last delivered one."""
        span = self.last - self.first
        return (self.ok - 1) / span if self.ok > 1 and span > 0 else 0.0

    @property
    def duplicated(self) -> int:
        return sum(1 for n in self.per_chat.values() if n > 1)

    @property
    def extra_copies(self) -> int:
        return sum(n - 1 for n in self.per_chat.values() if n > 1)

    def missing(self, expected: Iterable[int]) -> int:
        return sum(1 for chat_id in expected if chat_id not in self.per_chat)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "e429": self.e429,
            "errors": self.errors,
            "first": self.first,
            "last": self.last,
            "per_chat": list(self.per_chat.items()),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(
            ok=data["ok"],
            e429=data["e429"],
            errors=data["errors"],
            first=data["first"],
            last=data["last"],
            per_chat={int(k): int(v) for k, v in data["per_chat"]},
        )


def summarise(requests: Sequence[Request]) -> Summary:
    sends = [r for r in requests if r.method == "sendMessage"]
    delivered = [r for r in sends if r.ok]
    per_chat = Counter(int(r.params["chat_id"]) for r in delivered)
    times = [r.at for r in delivered]
    return Summary(
        ok=len(delivered),
        e429=sum(1 for r in sends if r.error_code == 429),
        errors=sum(1 for r in sends if not r.ok and r.error_code != 429),
        first=min(times, default=0.0),
        last=max(times, default=0.0),
        per_chat=dict(per_chat),
    )


def delivered_count(double: BotAPIDouble) -> int:
    return sum(1 for r in double.requests if r.ok and r.method == "sendMessage")


class Double(Protocol):
    base_url: str
    token: str

    async def mark(self) -> int: ...

    async def summary(self, since: int) -> Summary: ...

    async def cpu(self) -> float: ...


class LocalDouble:
    """The double in this process, on this event loop."""

    def __init__(self, double: BotAPIDouble) -> None:
        self.double = double
        self.base_url = double.base_url
        self.token = double.token

    async def mark(self) -> int:
        return len(self.double.requests)

    async def summary(self, since: int) -> Summary:
        return summarise(self.double.requests[since:])

    async def cpu(self) -> float:
        return 0.0  # shares this process: counted in the sender's own figure


class RemoteDouble:
    """The double in a process of its own, driven over its stdin and stdout."""

    def __init__(self, proc: asyncio.subprocess.Process, base_url: str, token: str) -> None:
        self.proc = proc
        self.base_url = base_url
        self.token = token

    @classmethod
    async def start(cls, *, users: int, enforce_limits: bool = False) -> RemoteDouble:
        args = ["--child", "double", "--size", str(users)]
        if enforce_limits:
            args.append("--enforce-limits")
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.broadcast",
            *args,
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**24,
        )
        assert proc.stdout is not None
        hello = json.loads(await proc.stdout.readline())
        return cls(proc, hello["base_url"], hello["token"])

    async def _ask(self, line: str) -> Any:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(line.encode() + b"\n")
        await self.proc.stdin.drain()
        return json.loads(await self.proc.stdout.readline())

    async def mark(self) -> int:
        return int(await self._ask("mark"))

    async def summary(self, since: int) -> Summary:
        return Summary.from_json(await self._ask(f"summary {since}"))

    async def cpu(self) -> float:
        """CPU seconds the double's process has used so far."""
        return float(await self._ask("cpu"))

    async def close(self) -> None:
        if self.proc.returncode is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(b"quit\n")
            with contextlib.suppress(ConnectionError):
                await self.proc.stdin.drain()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


def populate(double: BotAPIDouble, people: int, groups: int = 0) -> None:
    """People who have started the bot, and groups the bot is a member of."""
    double.add_user(ADMIN_ID, "Olga", "Smirnova", started=True)
    for uid in range(FIRST_UID, FIRST_UID + people):
        double.add_user(uid, f"Teacher{uid - FIRST_UID}", started=True)
    for n in range(groups):
        chat_id = FIRST_GROUP - n
        double.add_group(chat_id, f"Heads {n}")
        double.my_chat_member_update(chat_id, ADMIN_ID, "member", "left")


async def serve_double(size: int, enforce_limits: bool) -> None:
    """The child side of :class:`RemoteDouble`."""
    from tests.botapi import BotAPIDouble

    async with BotAPIDouble(enforce_limits=enforce_limits) as double:
        populate(double, size)
        print(json.dumps({"base_url": double.base_url, "token": double.token}), flush=True)
        loop = asyncio.get_running_loop()
        while True:
            words = (await loop.run_in_executor(None, sys.stdin.readline)).split()
            if not words or words[0] == "quit":
                return
            if words[0] == "mark":
                answer: Any = len(double.requests)
            elif words[0] == "summary":
                answer = summarise(double.requests[int(words[1]) :]).to_json()
            elif words[0] == "cpu":
                answer = time.process_time()
            else:
                answer = None
            print(json.dumps(answer), flush=True)


# --- the database -------------------------------------------------------------------------


class Databases:
    """Fresh migrated SQLite files, copied from one migrated template."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        self.count = 0

    async def prepare(self) -> None:
        from bot.storage import migrate

        engine = create_engine(f"sqlite+aiosqlite:///{self.template}")
        try:
            await migrate.upgrade(engine)
        finally:
            await engine.dispose()

    def fresh(self) -> tuple[Path, str]:
        self.count += 1
        place = self.folder / f"run{self.count}"
        place.mkdir()
        path = place / "shmo.db"
        shutil.copy(self.template, path)
        return path, f"sqlite+aiosqlite:///{path}"


async def seed(url: str, *, people: int, groups: int = 0, organisations: int = 0) -> MemberInfo:
    """The author (a methodologist), ``people`` registered teachers and ``groups`` bound
    groups, written in bulk; teachers spread over ``organisations`` schools when given."""
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            org_ids: list[int] = []
            if organisations:
                await conn.execute(
                    insert(Organisation),
                    [
                        {"name": f"School {n}", "kind": OrganisationKind.SCHOOL, "created_at": now}
                        for n in range(organisations)
                    ],
                )
                org_ids = list(
                    await conn.scalars(select(Organisation.id).order_by(Organisation.id))
                )
            author = _member(ADMIN_ID, "Smirnova Olga", Role.METHODOLOGIST, now, None)
            author_id = (
                await conn.execute(insert(Member).returning(Member.id), author)
            ).scalar_one()
            chunk = 5000
            for start in range(0, people, chunk):
                await conn.execute(
                    insert(Member),
                    [
                        _member(
                            FIRST_UID + n,
                            f"Teacher {n}",
                            Role.TEACHER,
                            now,
                            org_ids[n % len(org_ids)] if org_ids else None,
                        )
                        for n in range(start, min(start + chunk, people))
                    ],
                )
            if groups:
                await conn.execute(
                    insert(ChatBinding),
                    [
                        {
                            "chat_id": FIRST_GROUP - n,
                            "title": f"Heads {n}",
                            "kind": BindingKind.HEADS_ALL,
                            "is_active": True,
                            "bound_by_id": author_id,
                            "created_at": now,
                            "updated_at": now,
                        }
                        for n in range(groups)
                    ],
                )
    finally:
        await engine.dispose()
    return MemberInfo(
        id=author_id,
        telegram_id=ADMIN_ID,
        full_name="Smirnova Olga",
        role=Role.METHODOLOGIST,
        organisation_id=None,
        career_start_year=None,
        locale="ru",
        is_active=True,
        is_mentor=False,
        registered=True,
    )


def _member(
    telegram_id: int, name: str, role: Role, now: datetime, organisation_id: int | None
) -> dict[str, Any]:
    return {
        "telegram_id": telegram_id,
        "full_name": name,
        "role": role,
        "organisation_id": organisation_id,
        "consent_at": now,
        "registered_at": now,
        "is_active": True,
        "is_reachable": True,
        "is_mentor": False,
        "created_at": now,
        "updated_at": now,
    }


async def enqueue(url: str, author: MemberInfo, *, groups: bool) -> int:
    """One broadcast to every teacher (and every bound group): the bot's own path."""
    engine = create_engine(url)
    try:
        async with unit_of_work(session_factory(engine)) as repo:
            figures = await BroadcastService(repo, SystemClock()).send(
                author,
                kind="text",
                text=TEXT,
                file_ref=None,
                audience=Audience(
                    who=Who.ROLES,
                    roles=(Role.TEACHER,),
                    groups=Groups.ALL if groups else Groups.NONE,
                ),
                today=date.today(),
                report_chat_id=None,
                report_locale=None,
            )
    finally:
        await engine.dispose()
    return figures.total


async def statuses(engine: AsyncEngine) -> Counter[DeliveryStatus]:
    async with read_session_factory(engine)() as session:
        rows = await session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return Counter({DeliveryStatus(s): int(n) for s, n in rows.all()})


def settings_for(double: Double, url: str, **extra: Any) -> Settings:
    from bot.config import Settings

    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=double.token,  # type: ignore[arg-type]
        telegram_api_base=double.base_url,
        database_url=url,
        admin_ids=(ADMIN_ID,),
        **extra,
    )


def expected_chats(people: int, groups: int = 0) -> list[int]:
    return [FIRST_UID + n for n in range(people)] + [FIRST_GROUP - n for n in range(groups)]


# --- 1. paced, limits enforced ------------------------------------------------------------


async def paced(dbs: Databases, report: Report, *, people: int, groups: int, runs: int) -> None:
    from bot.factory import create_runtime
    from tests.botapi import BotAPIDouble

    say(f"\n## 1. Limits enforced: {people} people + {groups} groups, default sender")
    ratios, rates, walls = [], [], []
    lost_rows = missing = duplicated = e429 = 0
    cap = 0.0
    for run in range(1, runs + 1):
        _, url = dbs.fresh()
        async with BotAPIDouble(enforce_limits=True) as server:
            populate(server, people, groups)
            author = await seed(url, people=people, groups=groups)
            total = await enqueue(url, author, groups=True)
            runtime = create_runtime(settings_for(LocalDouble(server), url))
            try:
                sender = runtime.sender
                cap = 1.0 / sender.pacer.interval
                started = time.perf_counter()
                stats = await sender.drain()
                wall = time.perf_counter() - started
                counts = await statuses(runtime.engine)
            finally:
                await runtime.aclose()
            seen = summarise(server.requests)
        rate = seen.rate
        ratios.append(rate / cap)
        rates.append(rate)
        walls.append(wall)
        lost_rows += total - counts[DeliveryStatus.SENT]
        missing += seen.missing(expected_chats(people, groups))
        duplicated += seen.duplicated
        e429 += seen.e429
        say(
            f"run {run}: {seen.ok}/{total} delivered in {wall:.1f} s, "
            f"{rate:.2f}/s = {rate / cap:.3f} of {cap:g}/s; "
            f"429s {seen.e429}, duplicated {seen.duplicated}, "
            f"rows not sent {total - counts[DeliveryStatus.SENT]}, sender stats {stats}"
        )
    name = f"1. limits on, {people}+{groups} chats"
    report.add(name, f"achieved rate, median of {runs}", f"{median(rates):.2f}/s (cap {cap:g}/s)")
    ratio = median(ratios)
    report.add(name, "rate / cap", f"{ratio:.3f}", "≥ 0.95", ratio >= 0.95)
    report.add(name, "drain wall time, median", f"{median(walls):.1f} s")
    report.add(
        name,
        f"lost, all {runs} runs",
        f"{lost_rows} rows not sent, {missing} chats missing",
        "0",
        lost_rows == 0 and missing == 0,
    )
    report.add(name, f"duplicated, all {runs} runs", str(duplicated), "0", duplicated == 0)
    report.add(name, f"429 answers, all {runs} runs", str(e429), "0", e429 == 0)


# --- 2. throughput, limits lifted ---------------------------------------------------------


@dataclass
class Throughput:
    rate: float
    cpu_per_message_ms: float
    double_cpu_per_message_ms: float
    delivered: int
    duplicated: int
    not_recorded: int = 0  # delivered, yet left "sending" in the outbox


async def engine_run(
    dbs: Databases,
    double: Double,
    *,
    size: int,
    concurrency: int,
    loop: bool = False,
    profile: Path | None = None,
) -> Throughput:
    """The sender drains one broadcast; with ``loop`` it runs as in the bot (``Sender.run``)
    and is stopped as soon as the last message is out."""
    from bot.delivery.sender import Sender
    from bot.factory import create_runtime
    from bot.telegram_transport import TelegramTransport

    _, url = dbs.fresh()
    author = await seed(url, people=size)
    total = await enqueue(url, author, groups=False)
    runtime = create_runtime(settings_for(double, url))
    sender = Sender(
        runtime.sessions,
        TelegramTransport(runtime.bot),
        runtime.clock,
        rate=None,
        concurrency=concurrency,
        exclusive=True,
    )
    mark = await double.mark()
    double_cpu = await double.cpu()
    profiler = cProfile.Profile() if profile else None
    try:
        cpu = time.process_time()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        if loop:
            stop = asyncio.Event()
            task = asyncio.create_task(sender.run(stop))
            while True:  # polled: the sender has no "all sent" event to wait for
                if sender.stats.sent >= total or task.done():
                    break
                await asyncio.sleep(0.002)
            wall = time.perf_counter() - started
            stop.set()
            with contextlib.suppress(Exception):
                await task
        else:
            await sender.drain()
            wall = time.perf_counter() - started
        if profiler:
            profiler.disable()
        cpu = time.process_time() - cpu
        counts = await statuses(runtime.engine)
    finally:
        await runtime.aclose()
    if profiler and profile:
        profiler.dump_stats(profile)
    double_cpu = await double.cpu() - double_cpu
    seen = await double.summary(mark)
    result = measured(seen, wall, cpu, double_cpu)
    result.not_recorded = counts[DeliveryStatus.SENDING]
    return result


def measured(seen: Summary, wall: float, cpu: float, double_cpu: float) -> Throughput:
    per = 1000 / max(seen.ok, 1)
    return Throughput(seen.ok / wall, cpu * per, double_cpu * per, seen.ok, seen.duplicated)


async def bare_run(
    double: Double, *, size: int, concurrency: int, workers: bool = False
) -> Throughput:
    """What aiogram alone does: the same messages, the same concurrency, no database.

    By default one task a message under a semaphore (``asyncio.gather``); with ``workers``,
    ``concurrency`` tasks that take the next chat from a list, as the sender's workers do."""
    from bot.factory import create_bot

    settings = settings_for(double, "sqlite+aiosqlite:///unused.db")
    bot = create_bot(settings)
    limit = asyncio.Semaphore(concurrency)
    chats = expected_chats(size)

    async def one(chat_id: int) -> None:
        async with limit:
            await bot.send_message(chat_id, TEXT)

    async def worker() -> None:
        while chats:
            await bot.send_message(chats.pop(), TEXT)

    mark = await double.mark()
    double_cpu = await double.cpu()
    try:
        cpu = time.process_time()
        started = time.perf_counter()
        if workers:
            await asyncio.gather(*(worker() for _ in range(concurrency)))
        else:
            await asyncio.gather(*(one(c) for c in chats))
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
    finally:
        await bot.session.close()
    double_cpu = await double.cpu() - double_cpu
    seen = await double.summary(mark)
    return measured(seen, wall, cpu, double_cpu)


async def throughput(
    dbs: Databases,
    report: Report,
    *,
    size: int,
    concurrency: int,
    runs: int,
    arrangements: Sequence[str],
    sweep: Sequence[int],
    profile: Path | None,
) -> None:
    from tests.botapi import BotAPIDouble

    say(f"\n## 2. Limits lifted: {size} messages, concurrency {concurrency}")
    for arrangement in arrangements:
        separate = arrangement == "process"
        label = "double in its own process" if separate else "double in the same process"
        name = f"2. limits off, {size} msgs, {label}"
        say(f"### {label}")
        engines: list[Throughput] = []
        bares: list[Throughput] = []
        pools: list[Throughput] = []
        loops: list[Throughput] = []
        remote: RemoteDouble | None = None
        local: BotAPIDouble | None = None
        try:
            if separate:
                remote = await RemoteDouble.start(users=size)
                double: Double = remote
            else:
                local = BotAPIDouble()
                await local.start()
                populate(local, size)
                double = LocalDouble(local)
            # one untimed round each, so that both start with warm imports and caches
            await engine_run(dbs, double, size=min(size, 200), concurrency=concurrency)
            await bare_run(double, size=min(size, 200), concurrency=concurrency)
            for run in range(1, runs + 1):
                # alternate which goes first, so that neither always follows the other
                if run % 2:
                    engine = await engine_run(dbs, double, size=size, concurrency=concurrency)
                    bare = await bare_run(double, size=size, concurrency=concurrency)
                    pool = await bare_run(double, size=size, concurrency=concurrency, workers=True)
                else:
                    pool = await bare_run(double, size=size, concurrency=concurrency, workers=True)
                    bare = await bare_run(double, size=size, concurrency=concurrency)
                    engine = await engine_run(dbs, double, size=size, concurrency=concurrency)
                engines.append(engine)
                bares.append(bare)
                pools.append(pool)
                say(
                    f"run {run}: engine {engine.rate:.0f}/s "
                    f"(CPU/msg {engine.cpu_per_message_ms:.2f} ms here, "
                    f"{engine.double_cpu_per_message_ms:.2f} ms in the double; "
                    f"{engine.delivered} sent, {engine.duplicated} dup), "
                    f"bare aiogram {bare.rate:.0f}/s "
                    f"(CPU/msg {bare.cpu_per_message_ms:.2f} ms here, "
                    f"{bare.double_cpu_per_message_ms:.2f} ms in the double), "
                    f"ratio {engine.rate / bare.rate:.3f}; bare aiogram with {concurrency} "
                    f"workers {pool.rate:.0f}/s (CPU/msg {pool.cpu_per_message_ms:.2f} ms here), "
                    f"ratio {engine.rate / pool.rate:.3f}"
                )
            if separate:
                for run in range(1, runs + 1):
                    looped = await engine_run(
                        dbs, double, size=size, concurrency=concurrency, loop=True
                    )
                    loops.append(looped)
                    say(
                        f"Sender.run, stopped once all is out, run {run}: {looped.rate:.0f}/s; "
                        f"rows delivered but left 'sending' after the stop: "
                        f"{looped.not_recorded}"
                    )
            for tried in sweep if separate else ():
                engine = await engine_run(dbs, double, size=size, concurrency=tried)
                say(f"sweep: engine (drain) at concurrency {tried}: {engine.rate:.0f}/s")
                report.add(name, f"engine at concurrency {tried} (one run)", f"{engine.rate:.0f}/s")
            if separate and profile:
                await engine_run(dbs, double, size=size, concurrency=concurrency, profile=profile)
                say(f"cProfile of one engine run written to {profile}")
                pstats.Stats(str(profile)).sort_stats("tottime").print_stats(25)
        finally:
            if remote:
                await remote.close()
            if local:
                await local.stop()
        engine_rate = median([e.rate for e in engines])
        bare_rate = median([b.rate for b in bares])
        ratio = median([e.rate / b.rate for e, b in zip(engines, bares, strict=True)])
        report.add(
            name,
            f"engine: Sender.drain, SQLite, concurrency {concurrency}, median of {runs}",
            f"{engine_rate:.0f}/s",
            "≥ 1000/s",
            engine_rate >= 1000,
        )
        report.add(
            name, f"bare aiogram, gather + semaphore, median of {runs}", f"{bare_rate:.0f}/s"
        )
        report.add(
            name,
            "engine / bare with gather + semaphore, median of the runs' ratios",
            f"{ratio:.3f}",
            "≥ 0.8",
            ratio >= 0.8,
        )
        pool_rate = median([p.rate for p in pools])
        pool_ratio = median([e.rate / p.rate for e, p in zip(engines, pools, strict=True)])
        report.add(
            name,
            f"bare aiogram, {concurrency} worker tasks, median of {runs}",
            f"{pool_rate:.0f}/s",
        )
        report.add(
            name,
            f"engine / bare with {concurrency} worker tasks, median of the runs' ratios",
            f"{pool_ratio:.3f}",
            "≥ 0.8",
            pool_ratio >= 0.8,
        )
        cpu = (
            f"{median([e.cpu_per_message_ms for e in engines]):.2f} ms / "
            f"{median([b.cpu_per_message_ms for b in bares]):.2f} ms / "
            f"{median([p.cpu_per_message_ms for p in pools]):.2f} ms"
        )
        if separate:
            cpu += (
                f" (the double: {median([e.double_cpu_per_message_ms for e in engines]):.2f}"
                f" / {median([b.double_cpu_per_message_ms for b in bares]):.2f}"
                f" / {median([p.double_cpu_per_message_ms for p in pools]):.2f} ms)"
            )
        report.add(name, "CPU per message in the sending process: engine / gather / workers", cpu)
        dups = sum(e.duplicated for e in engines)
        short = sum(size - e.delivered for e in engines)
        report.add(
            name,
            "engine lost / duplicated, all runs",
            f"{short} / {dups}",
            "0 / 0",
            short == 0 and dups == 0,
        )
        if loops:
            report.add(
                name,
                f"engine: Sender.run (the bot's loop), median of {runs}",
                f"{median([r.rate for r in loops]):.0f}/s",
            )
            left = [r.not_recorded for r in loops]
            report.add(
                name,
                "Sender.run stopped after the last send: rows delivered but left 'sending'",
                f"{sum(left)} in {sum(1 for n in left if n)} of {runs} stops ({left})",
                "0",
                sum(left) == 0,
            )


# --- 3. restart of the real process -------------------------------------------------------


def process_memory(pid: int) -> tuple[int, int]:
    """Resident and peak resident memory of a running process, KiB (0 where unknown)."""
    values = {"VmRSS": 0, "VmHWM": 0}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


def _log(path: Path) -> IO[bytes]:
    return path.open("ab")


async def start_bot(place: Path, double: BotAPIDouble, url: str, log: IO[bytes]) -> Any:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    env.update(
        PYTHONPATH=str(ROOT),
        BOT_TOKEN=double.token,
        TELEGRAM_API_BASE=double.base_url,
        DATABASE_URL=url,
        ADMIN_IDS=str(ADMIN_ID),
        LOG_LEVEL="INFO",
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=place,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=log,
        stderr=log,
    )


async def wait_until(
    check: Callable[[], Awaitable[bool]],
    proc: asyncio.subprocess.Process,
    timeout: float,  # noqa: ASYNC109
) -> str | None:
    """None once ``check()`` is true; otherwise why it never became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return None
        if proc.returncode is not None:
            return f"the bot exited with code {proc.returncode}"
        await asyncio.sleep(PAUSE_POLL)
    return f"not within {timeout:.0f} s"


def last_line(path: Path) -> str:
    lines = [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else ""


async def restart(
    dbs: Databases, report: Report, *, size: int, kill_after: int, how: signal.Signals
) -> None:
    from bot.storage import migrate
    from tests.botapi import BotAPIDouble

    say(f"\n## 3. Restart: {size} messages, {how.name} after ~{kill_after} sends")
    path, url = dbs.fresh()
    log_path = path.parent / "bot.log"
    name = f"3. restart, {how.name}"
    async with BotAPIDouble(enforce_limits=True) as server:
        populate(server, size)
        engine = create_engine(url)
        await migrate.upgrade(engine)  # the bot refuses a database behind the code's schema
        author = await seed(url, people=size)
        total = await enqueue(url, author, groups=False)
        log = _log(log_path)
        first = second = None
        problem: str | None = None

        async def kill_point() -> bool:
            return delivered_count(server) >= kill_after

        async def finished() -> bool:
            now = await statuses(engine)
            return now[DeliveryStatus.PENDING] + now[DeliveryStatus.SENDING] == 0

        try:
            started = time.perf_counter()
            first = await start_bot(path.parent, server, url, log)
            problem = await wait_until(kill_point, first, timeout=180)
            if problem is None:
                rss, hwm = process_memory(first.pid)
                before = summarise(server.requests)
                signalled = time.perf_counter()
                first.send_signal(how)
                await asyncio.wait_for(first.wait(), 60)
                stopped_in = time.perf_counter() - signalled
                answered = delivered_count(server)
                at_kill = await statuses(engine)
                in_flight = answered - at_kill[DeliveryStatus.SENT]
                say(
                    f"{how.name} after {signalled - started:.1f} s; exit code "
                    f"{first.returncode} after {stopped_in:.2f} s; the double answered "
                    f"{answered} sends, the database recorded {at_kill[DeliveryStatus.SENT]} "
                    f"as sent (in flight ≈ {in_flight}); rows left claimed: "
                    f"{at_kill[DeliveryStatus.SENDING]}; the bot's memory before the signal: "
                    f"RSS {rss} KiB, peak {hwm} KiB"
                )
                second = await start_bot(path.parent, server, url, log)
                problem = await wait_until(finished, second, timeout=max(120.0, size / 10))
                if second.returncode is None:
                    second.send_signal(signal.SIGTERM)
                    await asyncio.wait_for(second.wait(), 60)
            elapsed = time.perf_counter() - started
        finally:
            for proc in (first, second):
                if proc is not None and proc.returncode is None:
                    proc.kill()
                    await proc.wait()
            log.close()
            final = await statuses(engine)
            await engine.dispose()
        seen = summarise(server.requests)
    logged = log_path.read_text(errors="replace")
    if "Traceback" in logged:
        say("the bot's log has a traceback:\n" + logged[-3000:])
    if problem is not None:
        say(f"the run did not complete: {problem}; the bot's last log line: {last_line(log_path)}")
        report.add(name, "run", f"did not complete: {problem}", "completes", False)
        return
    lost_rows = total - final[DeliveryStatus.SENT]
    missing = seen.missing(expected_chats(size))
    say(
        f"all sent, {elapsed:.1f} s in all; rows not sent {lost_rows}, chats missing "
        f"{missing}, chats with copies {seen.duplicated} ({seen.extra_copies} extra), "
        f"429s {seen.e429} ({before.e429} before the signal); second process exit code "
        f"{second.returncode if second else '?'}"
    )
    report.add(
        name,
        "lost",
        f"{lost_rows} rows not sent, {missing} chats missing",
        "0",
        lost_rows == 0 and missing == 0,
    )
    if how is signal.SIGKILL:
        report.add(
            name,
            "duplicated vs in flight at the kill",
            f"{seen.duplicated} dup; in flight ≈ {in_flight} "
            f"({answered} answered − {at_kill[DeliveryStatus.SENT]} recorded)",
            "dup ≤ in flight",
            seen.duplicated <= max(in_flight, 0),
        )
    else:
        report.add(
            name,
            "duplicated",
            f"{seen.duplicated} (in flight unrecorded at exit: {in_flight})",
            "0",
            seen.duplicated == 0,
        )
        report.add(
            name,
            "stop: exit code, time, claims left",
            f"{first.returncode if first else '?'}, {stopped_in:.2f} s, "
            f"{at_kill[DeliveryStatus.SENDING]} claimed",
            "0, —, 0",
            bool(first and first.returncode == 0) and at_kill[DeliveryStatus.SENDING] == 0,
        )
    report.add(
        name,
        "429 answers (before the signal + after)",
        f"{seen.e429} ({before.e429} + {seen.e429 - before.e429})",
        "0",
        seen.e429 == 0,
    )
    report.add(
        name,
        "memory of `python -m bot run` mid-broadcast",
        f"RSS {rss * 1024 / 1e6:.0f} MB, peak {hwm * 1024 / 1e6:.0f} MB",
    )


# --- 4. memory of a large enqueue ---------------------------------------------------------


async def memory(dbs: Databases, report: Report, *, size: int, organisations: int) -> None:
    say(f"\n## 4. Memory: enqueue an audience of {size} members in a fresh process")
    name = f"4. memory, {size} members"
    first_url = ""
    for with_bot in (False, True):
        _, url = dbs.fresh()
        first_url = first_url or url
        seeding = time.perf_counter()
        await seed(url, people=size, organisations=organisations)
        seeding = time.perf_counter() - seeding
        say(f"seeded {size} members over {organisations} schools in {seeding:.1f} s (not timed)")
        result = await enqueue_in_child(url, with_bot=with_bot)
        peak, base = result["peak_kib"], result["base_kib"]
        grew = (peak - base) * 1024 / 1e6
        where = "with the bot's imports (aiogram) loaded" if with_bot else "enqueue path only"
        say(
            f"{where}: {result['rows']} rows in {result['seconds']:.2f} s; peak RSS (VmHWM) "
            f"{base} KiB after imports, {peak} KiB at the end (+{grew:.1f} MB); "
            f"ru_maxrss {result['ru_maxrss_kib']} KiB (includes the parent's peak)"
        )
        report.add(
            name,
            f"peak RSS of the enqueuing process, {where}",
            f"{peak * 1024 / 1e6:.0f} MB ({peak} KiB; {base * 1024 / 1e6:.0f} MB after imports, "
            f"+{grew:.1f} MB by the enqueue)",
            "≤ 150 MB",
            peak * 1024 / 1e6 <= 150,
        )
        if not with_bot:
            report.add(
                name,
                "enqueue time (resolve, insert, figures, commit)",
                f"{result['seconds']:.2f} s",
            )
            report.add(
                name, "rows enqueued", str(result["rows"]), str(size), result["rows"] == size
            )
    await reporter_tick(first_url, report, name)


class _QuietTransport:
    """Accepts every edit: the reporter's figures are what is timed, not Telegram."""

    async def send(self, chat_id: int, content: Any) -> Any:
        from bot.delivery.transport import Delivered

        return Delivered(1)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: list[Any]) -> Any:
        from bot.delivery.transport import Delivered

        return Delivered(message_id)


async def reporter_tick(url: str, report: Report, name: str) -> None:
    """The delivery report of the big broadcast, refreshed once all its rows are sent, while
    another unit of work tries to write one row every 20 ms (as handlers and the sender do)."""
    from sqlalchemy import update

    from bot.delivery.report import Reporter
    from bot.i18n import Translator
    from bot.services.broadcast_report import changed_reports
    from bot.storage.models import Broadcast

    engine = create_engine(url)
    sessions = session_factory(engine)
    try:
        async with unit_of_work(sessions) as repo:
            await repo.session.execute(
                update(Broadcast).values(
                    report_chat_id=ADMIN_ID, report_message_id=1, report_dirty=True
                )
            )
            await repo.session.execute(
                update(OutboxMessage).values(status=DeliveryStatus.SENT, claimed_until=None)
            )
        translator = Translator()
        reporter = Reporter(
            sessions,
            _QuietTransport(),
            lambda repo: changed_reports(repo, SystemClock(), translator),
        )
        waits: list[float] = []
        ticking = asyncio.Event()

        async def writer() -> None:
            while not ticking.is_set():
                started = time.perf_counter()
                async with unit_of_work(sessions) as repo:
                    await repo.session.execute(
                        update(Member).where(Member.telegram_id == ADMIN_ID).values(locale="ru")
                    )
                waits.append(time.perf_counter() - started)
                await asyncio.sleep(0.02)

        task = asyncio.create_task(writer())
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        edited = await reporter.tick()
        tick = time.perf_counter() - started
        ticking.set()
        await task
    finally:
        await engine.dispose()
    say(
        f"reporter tick over the sent broadcast: {tick:.2f} s ({edited} report edited); "
        f"a one-row write meanwhile waited up to {max(waits):.2f} s"
    )
    report.add(name, "delivery report refresh (Reporter.tick) once all is sent", f"{tick:.2f} s")
    report.add(
        name,
        "longest wait of a one-row write during that refresh",
        f"{max(waits):.2f} s",
    )


async def enqueue_in_child(url: str, *, with_bot: bool) -> dict[str, Any]:
    args = ["--child", "enqueue", "--database", url] + (["--with-bot"] if with_bot else [])
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.broadcast",
        *args,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate()
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


async def enqueue_child(url: str, *, with_bot: bool) -> None:
    """The child side of :func:`memory`: one enqueue, then the figures on stdout."""
    if with_bot:
        import bot.__main__  # noqa: F401 - what `python -m bot run` has loaded
    base = process_memory(os.getpid())[1]
    engine = create_engine(url)
    try:
        async with read_session_factory(engine)() as session:
            author_id = await session.scalar(
                select(Member.id).where(Member.telegram_id == ADMIN_ID)
            )
    finally:
        await engine.dispose()
    author = MemberInfo(
        id=int(author_id or 0),
        telegram_id=ADMIN_ID,
        full_name="Smirnova Olga",
        role=Role.METHODOLOGIST,
        organisation_id=None,
        career_start_year=None,
        locale="ru",
        is_active=True,
        is_mentor=False,
        registered=True,
    )
    started = time.perf_counter()
    rows = await enqueue(url, author, groups=False)
    seconds = time.perf_counter() - started
    peak = process_memory(os.getpid())[1]
    # ru_maxrss is printed for reference only: on Linux a child starts with its parent's peak
    # (it survives fork and exec), so VmHWM of /proc/self/status is the figure that counts.
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "base_kib": base,
                "peak_kib": peak,
                "ru_maxrss_kib": maxrss,
            }
        )
    )


# --- running ------------------------------------------------------------------------------


async def main_async(args: argparse.Namespace) -> None:
    only = {int(x) for x in args.only.split(",") if x.strip()}
    report = Report()
    for line in machine():
        say(line)
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="shmo-bench-") as folder:
        dbs = Databases(Path(folder))
        await dbs.prepare()
        if 1 in only:
            await paced(dbs, report, people=args.size, groups=args.groups, runs=args.paced_runs)
        if 2 in only:
            await throughput(
                dbs,
                report,
                size=args.throughput_size,
                concurrency=args.concurrency,
                runs=args.runs,
                arrangements=[a for a in args.arrangements.split(",") if a],
                sweep=[int(x) for x in args.sweep.split(",") if x.strip()],
                profile=Path(args.profile) if args.profile else None,
            )
        if 3 in only:
            for how in (signal.SIGKILL, signal.SIGTERM):
                await restart(dbs, report, size=args.size, kill_after=args.kill_after, how=how)
        if 4 in only:
            await memory(dbs, report, size=args.members, organisations=args.organisations)
    say(f"\n## Summary ({time.perf_counter() - begun:.0f} s in all)\n")
    for line in machine():
        say(f"- {line}")
    say("")
    say(report.table())


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.broadcast", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", default="1,2,3,4", help="scenarios to run, e.g. 2,4")
    parser.add_argument("--size", type=int, default=2000, help="private recipients (1, 3)")
    parser.add_argument("--groups", type=int, default=10, help="bound groups (1)")
    parser.add_argument("--paced-runs", type=int, default=3, help="repeats of scenario 1")
    parser.add_argument("--runs", type=int, default=5, help="repeats of scenario 2")
    parser.add_argument("--throughput-size", type=int, default=3000, help="messages (2)")
    parser.add_argument("--concurrency", type=int, default=64, help="sender concurrency (2)")
    parser.add_argument(
        "--arrangements",
        default="process,inline",
        help="where the double runs in scenario 2: process (its own), inline (same loop)",
    )
    parser.add_argument("--sweep", default="32", help="extra engine concurrencies to try once (2)")
    parser.add_argument("--profile", default="", help="cProfile one engine run into this file (2)")
    parser.add_argument("--kill-after", type=int, default=500, help="sends before the signal (3)")
    parser.add_argument("--members", type=int, default=30_000, help="audience size (4)")
    parser.add_argument("--organisations", type=int, default=300, help="schools (4)")
    parser.add_argument("--child", choices=("double", "enqueue"), help=argparse.SUPPRESS)
    parser.add_argument("--enforce-limits", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--with-bot", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(argv)
    if args.child == "double":
        asyncio.run(serve_double(args.size, args.enforce_limits))
    elif args.child == "enqueue":
        asyncio.run(enqueue_child(args.database, with_bot=args.with_bot))
    else:
        asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
