"""Several instances on one PostgreSQL database: the shared pace, a crash, a burst of people, a
leader's death.

Run from the project root with the project's environment, PostgreSQL at hand:
``python -m bench.cluster`` (``--database`` is the server, default the local ``test``; a
database of its own is made and dropped for every scenario). Three real bot processes
(``python -m bot run``) in webhook mode behind nginx with deploy/nginx's configuration (a
round-robin stand-in where nginx is not installed; tests/balancer.py), to which one Bot API
double posts the updates; the double enforces Telegram's limits (but in 4.), and each instance
talks to it through a lane of its own that tells who sent what (tests/instances.py). A fresh
database each time:

1. paced: one 3,000-message broadcast sent by the three together; the pace shared through the
   database, then through Redis (when it answers). The rate of the bot as a whole against the
   configured cap (SEND_RATE, 25), 429 answers, lost and duplicated messages, each instance's
   share.
2. crash: the same broadcast; one instance SIGKILLed after ~1,000 sends. Lost; duplicated
   against the messages in flight on it (sent, not yet recorded); how long until all is sent.
3. leader: the scheduler's leader is SIGKILLed, a reminder falls due 2 s later; how long until
   another instance leads, and how late the reminder is handed to the outbox and reaches the
   double; sent once. Repeated (``--handovers``), the killed instance started again each time.
4. burst: 1,000 registered teachers send /start at the same moment, every Bot API call taking
   100 ms; the double posts at most 100 updates at once (``max_connections``, Telegram's most)
   and enforces no limit here (1,000 answers at 30 a second would take 33 s whatever the bot
   did). Each person's time: from the update made available to the arrival of the bot's
   answer; answered, median, p95, max; updates posted again. The same burst first to three
   bare aiogram bots (bench/bare_webhook.py), for the ratio of the two in one run.

Nothing fails on a slow machine: every figure is printed with PASS or FALLS SHORT against its
target.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import platform
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.storage import migrate
from bot.storage.models import DeliveryStatus
from tests import instances as cluster
from tests.botapi import BotAPIDouble

DEFAULT_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
FIRST_UID = 700_000_001
CAP = 25.0


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
        self, scenario: str, figure: str, result: str, target: str = "—", ok: bool | None = None
    ) -> None:
        verdict = "—" if ok is None else ("PASS" if ok else "FALLS SHORT")
        self.rows.append(Row(scenario, figure, target, result, verdict))

    def table(self) -> str:
        lines = ["| Scenario | Figure | Target | Result | Verdict |", "|---|---|---|---|---|"]
        lines += [
            f"| {r.scenario} | {r.figure} | {r.target} | {r.result} | {r.verdict} |"
            for r in self.rows
        ]
        return "\n".join(lines)


def say(line: str) -> None:
    print(line, flush=True)


def machine() -> list[str]:
    return [
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs",
        f"python {platform.python_version()}, aiogram {version('aiogram')}, "
        f"SQLAlchemy {version('sqlalchemy')}, asyncpg {version('asyncpg')}",
        "load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    ]


class Database:
    """A fresh migrated database on the server, dropped at the end."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.name = f"shmo_bench_{uuid.uuid4().hex[:8]}"
        self.url = make_url(server).set(database=self.name).render_as_string(hide_password=False)
        self.engine: AsyncEngine | None = None

    async def __aenter__(self) -> AsyncEngine:
        await self._admin(f'CREATE DATABASE "{self.name}"')
        self.engine = cluster.database(self.url)
        await migrate.upgrade(self.engine)
        return self.engine

    async def __aexit__(self, *_: object) -> None:
        if self.engine is not None:
            await self.engine.dispose()
        await self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    async def _admin(self, statement: str) -> None:
        engine = create_async_engine(self.server, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(text(statement))
        finally:
            await engine.dispose()


async def redis_answers() -> bool:
    try:
        from redis.asyncio import Redis
    except ImportError:
        return False
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
        async for key in client.scan_iter("shmo-bot:*"):
            await client.delete(key)
    except Exception:
        return False
    finally:
        await client.aclose()
    return True


def bursts(double: BotAPIDouble) -> str:
    """Where the 429s came: for each, the accepted sends in the second before it and the
    longest silence in that second (a stall of a process that then sends or receives its
    backlog at once shows as a long silence followed by a burst)."""
    ok = sorted(r.at for r in double.requests if r.method == "sendMessage" and r.ok)
    out = []
    for r in (r for r in double.requests if r.error_code == 429):
        window = [t for t in ok if r.at - 1.0 <= t <= r.at]
        gaps = [b - a for a, b in pairwise(window)]
        out.append(
            f"{len(window)} in the second before, longest silence {max(gaps, default=0):.2f} s"
        )
    return "; ".join(out) or "none"


def sends(double: BotAPIDouble) -> tuple[list[float], int, Counter[int]]:
    """Arrival times of the accepted sendMessage requests, the 429s, copies per chat."""
    ok = [r for r in double.requests if r.method == "sendMessage" and r.ok]
    e429 = sum(1 for r in double.requests if r.error_code == 429)
    return sorted(r.at for r in ok), e429, Counter(int(r.params["chat_id"]) for r in ok)


async def broadcast(
    place: Path,
    server: str,
    report: Report,
    *,
    name: str,
    size: int,
    kill_after: int | None = None,
    **settings: str,
) -> None:
    say(
        f"\n## {name}: {size} messages, three instances"
        + (", " + str(settings) if settings else "")
    )
    uids = cluster.people(FIRST_UID, size)
    async with Database(server) as engine, BotAPIDouble(enforce_limits=True) as double:
        for uid in uids:
            double.add_user(uid, "Педагог", started=True)
        await cluster.seed_people(engine, uids)
        total = await cluster.enqueue(engine, uids, source="broadcast:1", text="Семинар")
        run = place / "".join(c if c.isalnum() else "-" for c in name)
        run.mkdir()
        in_flight = answered = recorded = 0
        killed_at = 0.0
        async with cluster.running(run, double, engine_url(engine), 3, **settings) as (front, bots):
            say(f"behind {front.kind}")

            if kill_after is not None:
                victim = bots[1]
                await cluster.wait_until(
                    lambda: sum(len(b.lane.sent) for b in bots) >= kill_after,
                    600,
                    what="sends before the kill",
                    instances=bots,
                )
                await victim.kill()
                killed_at = time.monotonic()
                answered = len(sends(double)[0])
                recorded = (await cluster.statuses(engine))[DeliveryStatus.SENT]
                in_flight = answered - recorded
            await cluster.wait_all_sent(engine, total, bots, 900, every=0.5)
            finished = time.monotonic()
    times, e429, copies = sends(double)
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    lost = sum(1 for uid in uids if uid not in copies)
    duplicated = sum(1 for n in copies.values() if n > 1)
    shares = [len(b.lane.sent) for b in bots]
    if e429:
        say(f"429s: {bursts(double)}")
    say(
        f"sent {len(times)} in {times[-1] - times[0]:.1f} s: {rate:.2f}/s "
        f"({rate / CAP:.3f} of {CAP:.0f}); 429: {e429}; lost {lost}; duplicated {duplicated}; "
        f"shares {shares}"
    )
    if kill_after is None:
        report.add(
            name, "rate / cap", f"{rate:.2f}/s = {rate / CAP:.3f}", "≥ 0.95", rate >= 0.95 * CAP
        )
        report.add(name, "429 answers", str(e429), "0", e429 == 0)
        report.add(
            name, "lost, duplicated", f"{lost}, {duplicated}", "0, 0", not lost and not duplicated
        )
        report.add(name, "each instance's share", " / ".join(map(str, shares)))
        return
    say(
        f"SIGKILL after {answered} sends: {recorded} recorded, in flight {in_flight}; the rest "
        f"sent {finished - killed_at:.1f} s after the kill"
    )
    report.add(name, "lost", str(lost), "0", lost == 0)
    report.add(
        name,
        "duplicated vs in flight on it",
        f"{duplicated} (in flight ≤ {in_flight})",
        "dup ≤ in flight",
        duplicated <= in_flight,
    )
    report.add(name, "429 answers", str(e429), "0", e429 == 0)
    report.add(
        name,
        "rate of the whole run / cap",
        f"{rate:.2f}/s = {rate / CAP:.3f} (the killed instance's claims wait out their 20 s lease)",
    )


def engine_url(engine: AsyncEngine) -> str:
    return engine.url.render_as_string(hide_password=False)


async def leader(place: Path, server: str, report: Report, *, handovers: int) -> None:
    name = "3. leader killed"
    say(f"\n## {name}: {handovers} times, a reminder due 2 s after each kill")
    uids = cluster.people(FIRST_UID, 5)
    takeovers: list[float] = []
    handed: list[float] = []
    delivered: list[float] = []
    problems: list[str] = []
    async with Database(server) as engine, BotAPIDouble(enforce_limits=True) as double:
        for uid in uids:
            double.add_user(uid, "Педагог", started=True)
        await cluster.seed_people(engine, uids)
        url = engine_url(engine)
        run = place / "leader"
        run.mkdir()
        async with cluster.running(run, double, url, 3) as (front, bots):
            say(f"behind {front.kind}")
            await cluster.wait_until(lambda: cluster.leaders(engine), 60, what="a leader")
            for round_ in range(1, handovers + 1):
                (first,) = await cluster.leaders(engine)
                old = next(b for b in bots if b.name == first)
                await old.kill()
                killed = time.monotonic()
                due = datetime.now(UTC) + timedelta(seconds=2)
                due_mono = killed + 2.0
                reminder = await cluster.seed_reminder(engine, uids, due)

                async def taken_over(first: str = first) -> bool:
                    now = await cluster.leaders(engine)
                    return len(now) == 1 and now != [first]

                takeovers.append(await cluster.wait_until(taken_over, 60, what="a new leader"))
                await cluster.wait_until(
                    lambda round_=round_: all(len(double.messages(u)) == round_ for u in uids),
                    60,
                    what="the reminder delivered",
                )
                arrived = max(
                    r.at
                    for r in double.calls("sendMessage")
                    if r.ok and r.at >= killed and int(r.params["chat_id"]) in uids
                )
                delivered.append(arrived - due_mono)
                rows = await cluster.reminder_rows(engine, reminder)
                handed.append(max((t - due).total_seconds() for _, t in rows))
                if sorted(c for c, _ in rows) != uids:
                    problems.append(f"round {round_}: rows {len(rows)}")
                (new,) = await cluster.leaders(engine)
                say(
                    f"round {round_}: {first} killed; {new} leads after {takeovers[-1]:.2f} s; "
                    f"the reminder handed over {handed[-1]:+.2f} s after its time, delivered "
                    f"{delivered[-1]:+.2f} s after it"
                )
                launched = old.log().count(cluster.TAKING)
                await cluster.launch(old, double, url)
                await cluster.wait_until(
                    lambda old=old, n=launched: old.log().count(cluster.TAKING) > n,
                    180,
                    what="the killed instance back",
                )
            await asyncio.sleep(2.0)
        copies = Counter(m["chat"]["id"] for u in uids for m in double.messages(u))
    once = all(n == handovers for n in copies.values()) and not problems
    report.add(
        name,
        "a new leader after the SIGKILL (median, max)",
        f"{statistics.median(takeovers):.2f} s, {max(takeovers):.2f} s",
        "≤ 5 s",
        max(takeovers) <= 5,
    )
    report.add(
        name,
        "the next reminder handed to the outbox after its time (median, max)",
        f"{statistics.median(handed):+.2f} s, {max(handed):+.2f} s",
        "≤ 5 s late",
        max(handed) <= 5,
    )
    report.add(
        name,
        "… delivered after its time (median, max)",
        f"{statistics.median(delivered):+.2f} s, {max(delivered):+.2f} s",
    )
    report.add(name, "each reminder sent once", "yes" if once else f"no: {problems}", "yes", once)


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Burst:
    """One program's burst: each person's time to the first answer, how many answers each got,
    webhook posts not confirmed, CPU per person of the instances and of the double."""

    times: list[float]
    copies: Counter[int]
    failed: int
    shares: list[int]
    bots_cpu: list[float]
    here_cpu: float


async def burst(place: Path, server: str, report: Report, *, people: int, latency: float) -> None:
    """The burst, first to three bare aiogram bots (bench/bare_webhook.py: no database, one
    message a /start, as ours to a registered person) and then to three of ours, in the same
    run: the ratio of the two is the cost of what the bot does on top of aiogram here now."""
    name = "4. people at once"
    say(f"\n## {name}: {people} people send /start together, every call {latency * 1000:.0f} ms")
    bare = await _burst(place, "bare", server, people, latency, BARE)
    ours = await _burst(place, "ours", server, people, latency, cluster.BOT)
    times = ours.times
    p95, bare_p95 = percentile(times, 0.95), percentile(bare.times, 0.95)
    everyone = len(times) == people
    report.add(name, "answered", f"{len(times)}/{people}", f"{people}/{people}", everyone)
    report.add(
        name,
        "time to the answer (median, p95, max)",
        f"{statistics.median(times):.2f} s, {p95:.2f} s, {max(times):.2f} s",
        "p95 ≤ 1.5 s",
        p95 <= 1.5,
    )
    report.add(
        name,
        "bare aiogram, the same burst (median, p95, max)",
        f"{statistics.median(bare.times):.2f} s, {bare_p95:.2f} s, {max(bare.times):.2f} s",
    )
    report.add(name, "p95: ours ÷ bare aiogram", f"{p95 / bare_p95:.2f}")
    report.add(name, "webhook posts not confirmed (posted again)", str(ours.failed), "—")
    report.add(name, "each instance's share of the answers", " / ".join(map(str, ours.shares)))
    for label, run in (("ours", ours), ("bare aiogram", bare)):
        report.add(
            name,
            f"CPU per person ({label}): the three instances, the double with the lanes",
            f"{sum(run.bots_cpu) / people * 1000:.1f} ms, {run.here_cpu / people * 1000:.1f} ms",
        )


# bench/bare_webhook.py, started as the bot's instances are.
BARE = ("-m", "bench.bare_webhook")


async def _burst(
    place: Path, label: str, server: str, people: int, latency: float, command: Sequence[str]
) -> Burst:
    uids = cluster.people(FIRST_UID, people)
    async with Database(server) as engine, BotAPIDouble() as double:
        for uid in uids:
            double.add_user(uid, "Педагог", started=True)
        await cluster.seed_people(engine, uids)
        run = place / label
        run.mkdir()
        async with cluster.running(
            run, double, engine_url(engine), 3, command=command, UPDATES_AT_ONCE="100"
        ) as (front, bots):
            say(f"{' '.join(command)} behind {front.kind}")
            double.set_latency(None, latency)
            double.webhook_deliveries.clear()
            pids = [b.proc.pid for b in bots if b.proc is not None]
            cpu_before = [cpu_seconds(pid) for pid in pids], time.process_time()
            begun = time.monotonic()
            for uid in uids:
                double.enqueue(double.message_update(uid, "/start"))

            def answered() -> set[int]:
                return {int(r.params["chat_id"]) for r in double.calls("sendMessage") if r.ok}

            await cluster.wait_until(
                lambda: len(answered()) == people and not double.pending_updates(),
                600,
                what="everyone answered",
                instances=bots,
                every=0.5,
            )
            bots_cpu = [cpu_seconds(pid) - c for pid, c in zip(pids, cpu_before[0], strict=True)]
            here_cpu = time.process_time() - cpu_before[1]
            await asyncio.sleep(2.0)  # anything answered twice would be by now
            shares = [len(b.lane.sent) for b in bots]
    first: dict[int, float] = {}
    copies: Counter[int] = Counter()
    for r in double.calls("sendMessage"):
        if r.ok:
            chat = int(r.params["chat_id"])
            copies[chat] += 1
            first.setdefault(chat, r.at - begun)
    times = [first[uid] for uid in uids if uid in first]
    failed = sum(1 for d in double.webhook_deliveries if not d.ok)
    say(
        f"answered {len(times)}/{people}; median {statistics.median(times):.2f} s, p95 "
        f"{percentile(times, 0.95):.2f} s, max {max(times):.2f} s; "
        f"{len(double.webhook_deliveries)} posts, {failed} not confirmed; messages per person "
        f"{dict(Counter(copies.values()))}; shares {shares}; CPU: the instances "
        f"{' + '.join(f'{c:.1f}' for c in bots_cpu)} s, the double with the lanes {here_cpu:.1f} s"
    )
    return Burst(times, copies, failed, shares, bots_cpu, here_cpu)


async def reachable(server: str) -> str | None:
    """None when PostgreSQL answers at ``server``, else why not."""
    engine = create_async_engine(server)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()
    return None


async def main_async(args: argparse.Namespace) -> None:
    only = {int(x) for x in args.only.split(",") if x.strip()}
    why = await reachable(args.database)
    if why is not None:
        say(f"PostgreSQL does not answer at --database ({why}): the cluster benchmark is skipped")
        return
    report = Report()
    for line in machine():
        say(line)
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="shmo-cluster-") as folder:
        place = Path(folder)
        if 1 in only:
            await broadcast(place, args.database, report, name="1. paced, database", size=args.size)
            if await redis_answers():
                await broadcast(
                    place,
                    args.database,
                    report,
                    name="1. paced, Redis",
                    size=args.size,
                    REDIS_URL=REDIS_URL,
                )
            else:
                say("Redis does not answer at " + REDIS_URL + ": its run is left out")
        if 2 in only:
            await broadcast(
                place,
                args.database,
                report,
                name="2. one instance SIGKILLed",
                size=args.size,
                kill_after=args.kill_after,
            )
        if 3 in only:
            await leader(place, args.database, report, handovers=args.handovers)
        if 4 in only:
            await burst(
                place, args.database, report, people=args.people, latency=args.latency / 1000
            )
    say(f"\n## Summary ({time.perf_counter() - begun:.0f} s in all)\n")
    for line in machine():
        say(f"- {line}")
    say("")
    say(report.table())


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cluster", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", default="1,2,3,4", help="scenarios to run, e.g. 1,3")
    parser.add_argument("--database", default=DEFAULT_SERVER, help="the PostgreSQL server")
    parser.add_argument("--size", type=int, default=3000, help="messages of a broadcast (1, 2)")
    parser.add_argument("--kill-after", type=int, default=1000, help="sends before the kill (2)")
    parser.add_argument("--handovers", type=int, default=5, help="leaders killed (3)")
    parser.add_argument("--people", type=int, default=1000, help="people at once (4)")
    parser.add_argument("--latency", type=int, default=100, help="ms per Bot API call (4)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    asyncio.run(main_async(parse(argv)))


if __name__ == "__main__":
    main()
