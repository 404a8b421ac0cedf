"""Updates benchmark: N people press at once while every Bot API call takes a real round trip.

Run from the project root: ``python -m bench.updates`` (``make bench``); ``--help`` lists the
options.  Each run:

* makes a database of its own (a SQLite file in a temporary folder, or a fresh database on the
  PostgreSQL server of ``--pg-url``), migrates it and writes the world straight into it: a
  school, a teachers' invitation (unlimited uses), registered teachers, an event open for
  answers, and an event whose reminder falls due ``--reminder-after`` seconds into the burst;
* starts the Bot API double in this process on 127.0.0.1, with every method but ``getUpdates``
  answering after the given latency, and the bot as its own process, ``python -m bot run``;
* once the bot polls, makes N updates available at the same moment, one per person, in three
  equal cohorts: a newcomer sends ``/start <invitation>``; a newcomer who has the consent
  message presses «Согласен» (a button in the onboarding dialog); a registered teacher presses
  «Приду» on an event it was sent.  (The consent and event messages are put into the chats
  through the double before the bot starts, as if the bot had sent them earlier.)

A person is answered when the bot's reply reaches the double: the consent question after
``/start``, the next onboarding question after «Согласен», the quiet callback answer after
«Приду».  Its time is from the update being made available to that request's arrival.
Errors: people told the apology or shown an error alert, non-2xx answers of the double, and
in the bot's stderr ``database is locked``, pool timeouts, failed updates and skipped
scheduler runs.  The reminder's lateness is from its due time to its ``sendMessage``.

Only 127.0.0.1 is contacted.  Processes, temporary files and databases are removed at the end
of each run, also when it fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.i18n import Translator
from bot.keyboards import events as event_kb
from bot.storage import migrate
from bot.storage.engine import create_engine
from bot.storage.models import (
    Content,
    DeliveryStatus,
    Event,
    EventAnswer,
    EventKind,
    EventStatus,
    Invite,
    Member,
    Organisation,
    OrganisationKind,
    OutboxMessage,
    Reminder,
    ReminderContent,
    ReminderStatus,
    Role,
)
from tests.botapi import BotAPIDouble

ROOT = Path(__file__).resolve().parent.parent
FIRST_UID = 300_000
REMINDED_UID = 299_999
WARM_UID = 290_000
WARM_UP = 15  # people answered before the burst, one per pooled connection
ADMIN_UID = 299_998  # ADMIN_IDS needs a value; nobody in the burst has it
REMINDER_TEXT = "⏰ Напоминание: семинар через час"
DEFAULT_PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
COHORTS = ("start", "consent", "rsvp")
# (people, latency in ms) measured when neither --people nor --latency is given
QUICK_SET = ((50, 0), (50, 100), (300, 100))
STDERR_PATTERNS = {
    "locked": re.compile(r"database is locked"),
    "pool": re.compile(r"QueuePool limit|TimeoutError.*pool|pool.*timed out"),
    "failed": re.compile(r"update \d+ failed"),
    "skipped": re.compile(r"maximum number of running instances reached"),
}


@dataclass
class Person:
    uid: int
    cohort: str
    update_id: int = 0
    query_id: str | None = None
    made_available: float = 0.0
    answered_at: float | None = None
    error: str | None = None


@dataclass
class Figures:
    backend: str
    latency_ms: int
    people: int
    answered: int = 0
    errors: int = 0
    non_2xx: int = 0
    median: float = float("nan")
    p95: float = float("nan")
    last: float = float("nan")
    rate: float = float("nan")
    reminder_late: float = float("nan")
    reminder_waited: float = float("nan")  # seconds after due the run stopped looking
    stored: int = 0
    to_store: int = 0
    cpu_ms: float = float("nan")  # the bot process's CPU during the burst, per person
    loop_cpu_ms: float = float("nan")  # of which its main thread's (the event loop's)
    stderr: dict[str, int] = field(default_factory=dict)
    by_cohort: dict[str, float] = field(default_factory=dict)
    note: str = ""


# ---------------------------------------------------------------------------- the database


@contextlib.asynccontextmanager
async def database(backend: str, pg_url: str, place: Path) -> Any:
    """A migrated, empty database of this run's own; its URL."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{place / 'bench.db'}"
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
        finally:
            await engine.dispose()
        yield url
        return
    name = f"shmo_bench_{uuid.uuid4().hex[:10]}"
    url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)

    async def admin(statement: str) -> None:
        engine = create_async_engine(pg_url, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(text(statement))
        finally:
            await engine.dispose()

    await admin(f'CREATE DATABASE "{name}"')
    try:
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
        finally:
            await engine.dispose()
        yield url
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def pg_reachable(pg_url: str) -> str | None:
    """None when the PostgreSQL server answers, else why not."""
    engine = create_async_engine(pg_url)
    try:
        async with asyncio.timeout(10), engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        await engine.dispose()
    return None


@dataclass
class World:
    invite_id: int
    invite_code: str
    rsvp_event_id: int
    reminder_event_id: int


async def seed(url: str, people: list[Person]) -> World:
    """The school, the invitation, the registered teachers and the two events."""
    now = datetime.now(UTC)
    code = secrets.token_urlsafe(12)
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            school = (
                await conn.execute(
                    insert(Organisation).returning(Organisation.id),
                    [{"name": "МБОУ СОШ № 1", "kind": OrganisationKind.SCHOOL, "created_at": now}],
                )
            ).scalar_one()
            invite_id = (
                await conn.execute(
                    insert(Invite).returning(Invite.id),
                    [
                        {
                            "code": code,
                            "role": Role.TEACHER,
                            "organisation_id": school,
                            "expires_at": now + timedelta(days=14),
                            "max_uses": None,
                            "used_count": 0,
                            "created_at": now,
                        }
                    ],
                )
            ).scalar_one()
            registered = [p.uid for p in people if p.cohort == "rsvp"] + [REMINDED_UID]
            await conn.execute(
                insert(Member),
                [
                    {
                        "telegram_id": uid,
                        "full_name": f"Учитель {uid}",
                        "role": Role.TEACHER,
                        "organisation_id": school,
                        "is_reachable": True,
                        "is_active": True,
                        "consent_at": now,
                        "registered_at": now,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for uid in registered
                ],
            )
            reminded = (
                await conn.execute(select(Member.id).where(Member.telegram_id == REMINDED_UID))
            ).scalar_one()
            content = (
                await conn.execute(
                    insert(Content).returning(Content.id),
                    [{"kind": "text", "text": REMINDER_TEXT, "buttons": [], "created_at": now}],
                )
            ).scalar_one()
            event_ids = []
            for title, starts in (
                ("Семинар учителей начальных классов", now + timedelta(days=7)),
                ("Мастер-класс «Функциональная грамотность»", now + timedelta(hours=1)),
            ):
                event_ids.append(
                    (
                        await conn.execute(
                            insert(Event).returning(Event.id),
                            [
                                {
                                    "kind": EventKind.SEMINAR,
                                    "title": title,
                                    "starts_at": starts,
                                    "all_day": False,
                                    "competences": [],
                                    "audience": {},
                                    "reminder_minutes": [60],
                                    "status": EventStatus.PUBLISHED,
                                    "version": 1,
                                    "created_at": now,
                                    "updated_at": now,
                                }
                            ],
                        )
                    ).scalar_one()
                )
            rsvp_event, reminder_event = event_ids
            await conn.execute(
                insert(ReminderContent),
                [
                    {
                        "source_kind": "event",
                        "source_id": reminder_event,
                        "locale": locale,
                        "content_id": content,
                    }
                    for locale in ("ru", "en", "group")
                ],
            )
            await conn.execute(
                insert(OutboxMessage),
                [
                    {
                        "source": f"event:{reminder_event}",
                        "source_kind": "event",
                        "source_id": reminder_event,
                        "content_id": content,
                        "chat_id": REMINDED_UID,
                        "member_id": reminded,
                        "status": DeliveryStatus.SENT,
                        "attempts": 1,
                        "next_attempt_at": now,
                        "created_at": now,
                    }
                ],
            )
    finally:
        await engine.dispose()
    return World(invite_id, code, rsvp_event, reminder_event)


async def schedule_reminder(url: str, event_id: int, due: datetime) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                insert(Reminder),
                [
                    {
                        "source_kind": "event",
                        "source_id": event_id,
                        "minutes_before": 60,
                        "due_at": due,
                        "status": ReminderStatus.PENDING,
                    }
                ],
            )
    finally:
        await engine.dispose()


async def stored(url: str, people: list[Person], world: World) -> tuple[int, int]:
    """What the database holds after the bot stopped: consents given by the consent cohort
    and «Приду» answers of the RSVP cohort; and how many there should be."""
    consent = [p.uid for p in people if p.cohort == "consent"]
    rsvp = [p.uid for p in people if p.cohort == "rsvp"]
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            consents = await conn.scalar(
                select(func.count())
                .select_from(Member)
                .where(Member.telegram_id.in_(consent), Member.consent_at.is_not(None))
            )
            answers = await conn.scalar(
                select(func.count())
                .select_from(EventAnswer)
                .join(Member, Member.id == EventAnswer.member_id)
                .where(
                    EventAnswer.event_id == world.rsvp_event_id,
                    EventAnswer.coming.is_(True),
                    Member.telegram_id.in_(rsvp),
                )
            )
    finally:
        await engine.dispose()
    return int(consents or 0) + int(answers or 0), len(consent) + len(rsvp)


# ---------------------------------------------------------------------------- the chats


async def put_earlier_messages(double: BotAPIDouble, people: list[Person], world: World) -> None:
    """The event messages the bot "sent" before: real requests to the double, made here with
    the bot's own keyboards before the bot process starts. (The consent messages come from the
    bot itself, in :func:`open_invitations`: consent is tied to the invitation one opened.)"""
    i18n = Translator(default_locale="ru").bind("ru")
    rsvp = InlineKeyboardMarkup(inline_keyboard=event_kb.rsvp_rows(world.rsvp_event_id, i18n))
    session = AiohttpSession(api=TelegramAPIServer.from_base(double.base_url))
    bot = Bot(double.token, session=session)
    gate = asyncio.Semaphore(32)

    async def send(person: Person) -> None:
        async with gate:
            if person.cohort == "rsvp":
                await bot.send_message(
                    person.uid, "Семинар учителей начальных классов", reply_markup=rsvp
                )

    try:
        await asyncio.gather(*(send(p) for p in people))
    finally:
        await session.close()


async def open_invitations(double: BotAPIDouble, people: list[Person], world: World) -> bool:
    """The consent cohort opens the invitation before the burst (not measured), so that the
    bot itself has shown each of them the consent question; whether all got it in time."""
    openers = [p for p in people if p.cohort == "consent"]
    for person in openers:
        double.enqueue(double.message_update(person.uid, f"/start {world.invite_code}"))

    def asked(person: Person) -> bool:
        messages = double.messages(person.uid)
        return bool(messages) and "reply_markup" in messages[-1]

    try:
        await double.wait_for(lambda: all(asked(p) for p in openers), timeout=120)
    except TimeoutError:
        return False
    return True


def make_people(count: int, first_uid: int = FIRST_UID) -> list[Person]:
    return [Person(uid=first_uid + i, cohort=COHORTS[i % len(COHORTS)]) for i in range(count)]


def burst(double: BotAPIDouble, people: list[Person], world: World) -> float:
    """Make one update per person available at once; the moment (monotonic)."""
    updates = []
    for person in people:
        if person.cohort == "start":
            update = double.message_update(person.uid, f"/start {world.invite_code}")
        else:
            message = double.messages(person.uid)[-1]
            data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
            update = double.callback_update(person.uid, message, data)
            person.query_id = update["callback_query"]["id"]
        updates.append((person, update))
    started = time.monotonic()
    for person, update in updates:
        double.enqueue(update)
        person.update_id = update["update_id"]
        person.made_available = started
    return started


class Watcher:
    """Reads the double's request log as it grows: who is answered, the reminder, errors."""

    def __init__(self, double: BotAPIDouble, people: list[Person], start: int) -> None:
        self.double = double
        self.by_uid = {p.uid: p for p in people}
        self.by_query = {p.query_id: p for p in people if p.query_id}
        self.next = start
        self.apology = Translator(default_locale="ru")("error-unexpected")
        self.reminder_at: float | None = None
        self.non_2xx = 0

    def scan(self) -> None:
        requests = self.double.requests
        while self.next < len(requests):
            request = requests[self.next]
            self.next += 1
            self._one(request)

    def _one(self, request: Any) -> None:
        method, params = request.method, request.params
        if method == "getUpdates":
            return
        if not request.ok:
            self.non_2xx += 1
        if method == "answerCallbackQuery":
            person = self.by_query.get(str(params.get("callback_query_id")))
            if person is None or person.answered_at is not None:
                return
            if params.get("show_alert"):
                person.error = str(params.get("text"))
                person.answered_at = request.at
            elif person.cohort == "rsvp" and request.ok:
                person.answered_at = request.at
            return
        if method != "sendMessage":
            return
        chat = params.get("chat_id")
        if chat == REMINDED_UID and request.ok and self.reminder_at is None:
            if REMINDER_TEXT in str(params.get("text")):
                self.reminder_at = request.at
            return
        person = self.by_uid.get(chat) if isinstance(chat, int) else None
        if person is None or person.answered_at is not None:
            return
        if params.get("text") == self.apology or not request.ok:
            person.error = str(params.get("text") if request.ok else request.description)
            person.answered_at = request.at
        elif person.cohort == "consent":
            person.answered_at = request.at
        elif person.cohort == "start" and "reply_markup" in params:
            person.answered_at = request.at  # the consent question closes the /start answer

    def all_answered(self) -> bool:
        return all(p.answered_at is not None for p in self.by_uid.values())


# ---------------------------------------------------------------------------- one run


def bot_env(double: BotAPIDouble, url: str, code: Path = ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    env.update(
        PYTHONPATH=str(code),
        BOT_TOKEN=double.token,
        TELEGRAM_API_BASE=double.base_url,
        DATABASE_URL=url,
        ADMIN_IDS=str(ADMIN_UID),
        LOG_LEVEL="INFO",
    )
    env.update(BOT_SETTINGS)
    return env


# Settings of the bot's process given with --set (e.g. UPDATES_AT_ONCE=128).
BOT_SETTINGS: dict[str, str] = {}


async def stop_process(
    proc: asyncio.subprocess.Process, how: signal.Signals = signal.SIGTERM
) -> None:
    if proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(how)
    try:
        await asyncio.wait_for(proc.wait(), 30)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()


def process_cpu(pid: int, thread: int | None = None) -> float:
    """Seconds of CPU (user and system) a process, or one of its threads, has used so far;
    NaN off Linux."""
    where = f"/proc/{pid}/task/{thread}/stat" if thread else f"/proc/{pid}/stat"
    try:
        fields = Path(where).read_text().rpartition(")")[2].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def start_profile(
    pid: int, folder: Path | None, backend: str, people: int, latency_ms: int
) -> asyncio.subprocess.Process | None:
    """py-spy sampling the bot process from the burst to its last answer, into ``folder``
    (collapsed stacks, one line per stack: ``frame;frame;... samples``); None without a folder."""
    if folder is None:
        return None
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    name = f"updates-{backend}-{people}-{latency_ms}ms-{int(time.time())}.txt"
    proc = await asyncio.create_subprocess_exec(
        spy,
        "record",
        "--pid",
        str(pid),
        "--format",
        "raw",
        "--full-filenames",
        "--rate",
        "200",
        "--output",
        str(folder / name),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    await asyncio.sleep(0.5)  # attached before the burst
    return proc


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * share)) - 1]


async def run_once(
    backend: str,
    people_count: int,
    latency_ms: int,
    *,
    pg_url: str,
    reminder_after: float,
    wait_limit: float,
    keep_log: Path | None = None,
    code: Path = ROOT,
    profile: Path | None = None,
) -> Figures:
    figures = Figures(backend=backend, latency_ms=latency_ms, people=people_count)
    place = Path(tempfile.mkdtemp(prefix="shmo-updates-"))
    people = make_people(people_count)
    warm = make_people(WARM_UP, WARM_UID)
    proc: asyncio.subprocess.Process | None = None
    spy: asyncio.subprocess.Process | None = None
    try:
        async with database(backend, pg_url, place) as url:
            world = await seed(url, warm + people)
            async with BotAPIDouble() as double:
                for person in warm + people:
                    double.add_user(
                        person.uid, f"Учитель{person.uid}", started=person.cohort != "start"
                    )
                double.add_user(REMINDED_UID, "Напоминаемая", started=True)
                await put_earlier_messages(double, warm + people, world)
                double.set_latency(None, latency_ms / 1000)
                log_path = place / "bot.log"
                with log_path.open("wb") as log:
                    proc = await asyncio.create_subprocess_exec(
                        sys.executable,
                        "-m",
                        "bot",
                        "run",
                        env=bot_env(double, url, code),
                        cwd=place,
                        stdout=asyncio.subprocess.DEVNULL,
                        stderr=log,
                    )
                try:
                    await double.wait_for(lambda: bool(double.calls("getUpdates")), timeout=60)
                except TimeoutError:
                    figures.note = "the bot did not start polling within 60 s"
                    return figures
                if not await open_invitations(double, warm + people, world):
                    figures.note = "the invitations were not answered within 120 s"
                    return figures
                # a bot that has been running: code paths, caches and pooled connections warm
                mark = len(double.requests)
                burst(double, warm, world)
                warm_watch = Watcher(double, warm, mark)
                try:
                    await double.wait_for(
                        lambda: warm_watch.scan() or warm_watch.all_answered(), timeout=60
                    )
                except TimeoutError:
                    figures.note = "the warm-up was not answered within 60 s"
                    return figures
                await asyncio.sleep(0.5)
                due = datetime.now(UTC) + timedelta(seconds=reminder_after)
                await schedule_reminder(url, world.reminder_event_id, due)
                mark = len(double.requests)
                spy = await start_profile(proc.pid, profile, backend, people_count, latency_ms)
                cpu_before = process_cpu(proc.pid)
                loop_before = process_cpu(proc.pid, proc.pid)
                started = burst(double, people, world)
                watcher = Watcher(double, people, mark)
                due_mono = started + (due - datetime.now(UTC)).total_seconds()
                deadline = started + wait_limit
                while time.monotonic() < deadline:
                    watcher.scan()
                    if watcher.all_answered() and watcher.reminder_at is not None:
                        break
                    if proc.returncode is not None:
                        figures.note = f"the bot exited with {proc.returncode}"
                        break
                    await asyncio.sleep(0.1)
                else:
                    figures.note = f"stopped waiting after {wait_limit:.0f} s"
                figures.cpu_ms = (process_cpu(proc.pid) - cpu_before) * 1000 / people_count
                figures.loop_cpu_ms = (
                    (process_cpu(proc.pid, proc.pid) - loop_before) * 1000 / people_count
                )
                if spy is not None:
                    await stop_process(spy, signal.SIGINT)
                # what trails the last answer (a late error, a second message) is counted too
                await asyncio.sleep(max(0.5, 3 * latency_ms / 1000))
                watcher.scan()
                looked_until = time.monotonic()
                await stop_process(proc)
            figures.stored, figures.to_store = await stored(url, people, world)
            log_text = log_path.read_text(errors="replace")
            if keep_log is not None:
                name = f"updates-{backend}-{people_count}-{latency_ms}ms-{int(time.time())}.log"
                shutil.copy(log_path, keep_log / name)
    finally:
        if spy is not None:
            await stop_process(spy, signal.SIGINT)
        if proc is not None:
            await stop_process(proc)
        shutil.rmtree(place, ignore_errors=True)

    ok = [p for p in people if p.answered_at is not None and p.error is None]
    times = [p.answered_at - p.made_available for p in ok]  # type: ignore[operator]
    figures.answered = len(ok)
    figures.errors = sum(1 for p in people if p.error is not None)
    figures.non_2xx = watcher.non_2xx
    if times:
        figures.median = statistics.median(times)
        figures.p95 = percentile(times, 0.95)
        figures.last = max(times)
        figures.rate = len(ok) / figures.last if figures.last > 0 else float("inf")
    for cohort in COHORTS:
        mine = [
            p.answered_at - p.made_available  # type: ignore[operator]
            for p in ok
            if p.cohort == cohort
        ]
        if mine:
            figures.by_cohort[cohort] = statistics.median(mine)
    if watcher.reminder_at is not None:
        figures.reminder_late = watcher.reminder_at - due_mono
    else:
        figures.reminder_waited = looked_until - due_mono
    figures.stderr = {
        name: len(pattern.findall(log_text)) for name, pattern in STDERR_PATTERNS.items()
    }
    return figures


# ---------------------------------------------------------------------------- report


def _s(value: float) -> str:
    return "—" if value != value else f"{value:.2f} s"  # NaN is not equal to itself


def row(f: Figures, label: str = "") -> str:
    errs = f"{f.errors} people, {f.non_2xx} non-2xx"
    logs = ", ".join(f"{k} {v}" for k, v in f.stderr.items() if v) or "—"
    cohorts = " / ".join(_s(f.by_cohort.get(c, float("nan"))) for c in COHORTS)
    rate = "—" if f.rate != f.rate else f"{f.rate:.1f}/s"
    cpu = "—" if f.cpu_ms != f.cpu_ms else f"{f.cpu_ms:.1f} ms (loop {f.loop_cpu_ms:.1f})"
    note = f" ({f.note})" if f.note else ""
    late = _s(f.reminder_late)
    if f.reminder_late != f.reminder_late and f.reminder_waited == f.reminder_waited:
        late = f"not sent {f.reminder_waited:.0f} s after due"
    return (
        f"| {f.people} | {f.latency_ms} ms | {f.backend}{label} | {f.answered}/{f.people}{note} "
        f"| {f.stored}/{f.to_store} | {errs} | {logs} | {_s(f.median)} | {_s(f.p95)} "
        f"| {_s(f.last)} | {rate} | {cohorts} | {late} | {cpu} |"
    )


HEADER = (
    "| people | latency | database | answered | stored | errors | bot's stderr | median | p95 "
    "| last | updates/s | median /start · consent · «Приду» | reminder late "
    "| bot CPU per person (event loop's thread) |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def median_of(runs: list[Figures]) -> Figures:
    first = runs[0]
    out = Figures(backend=first.backend, latency_ms=first.latency_ms, people=first.people)

    def med(values: list[float]) -> float:
        real = [v for v in values if v == v]
        return statistics.median(real) if real else float("nan")

    out.answered = min(r.answered for r in runs)
    out.stored = min(r.stored for r in runs)
    out.to_store = first.to_store
    out.errors = max(r.errors for r in runs)
    out.non_2xx = max(r.non_2xx for r in runs)
    out.median = med([r.median for r in runs])
    out.p95 = med([r.p95 for r in runs])
    out.last = med([r.last for r in runs])
    out.rate = med([r.rate for r in runs])
    out.cpu_ms = med([r.cpu_ms for r in runs])
    out.loop_cpu_ms = med([r.loop_cpu_ms for r in runs])
    out.reminder_late = med([r.reminder_late for r in runs])
    out.reminder_waited = med([r.reminder_waited for r in runs])
    out.stderr = {k: max(r.stderr.get(k, 0) for r in runs) for k in STDERR_PATTERNS}
    out.by_cohort = {c: med([r.by_cohort.get(c, float("nan")) for r in runs]) for c in COHORTS}
    return out


def _ints(raw: str) -> list[int]:
    return [int(x) for x in raw.split(",") if x.strip()]


async def main_async(args: argparse.Namespace) -> int:
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if args.people or args.latency:
        people = _ints(args.people) if args.people else [50, 300]
        latencies = _ints(args.latency) if args.latency else [100]
        plan = [(n, ms) for ms in latencies for n in people]
    else:
        plan = list(QUICK_SET)
    if "postgresql" in backends:
        reason = await pg_reachable(args.pg_url)
        if reason:
            print(f"PostgreSQL skipped: {reason}")
            backends.remove("postgresql")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M')}, load "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    print(
        f"runs: {len(plan) * len(backends)} configurations x {args.repeats}; "
        f"reminder due {args.reminder_after:g} s into each burst\n"
    )
    print(HEADER, flush=True)
    summary: dict[tuple[int, int, str], Figures] = {}
    compared: list[tuple[int, int, str, float]] = []
    codes = [(ROOT, "")] + ([(args.compare, ", compared code")] if args.compare else [])
    for people_count, latency_ms in plan:
        for backend in backends:
            runs: dict[Path, list[Figures]] = {code: [] for code, _ in codes}
            for _ in range(args.repeats):
                # This tree and the compared one take turns, so both meet the same machine.
                for code, label in codes:
                    figures = await run_once(
                        backend,
                        people_count,
                        latency_ms,
                        pg_url=args.pg_url,
                        reminder_after=args.reminder_after,
                        wait_limit=args.timeout,
                        keep_log=args.keep_logs,
                        profile=args.profile,
                        code=code,
                    )
                    runs[code].append(figures)
                    print(row(figures, label), flush=True)
            for code, label in codes:
                if len(runs[code]) > 1:
                    print(row(median_of(runs[code]), f"{label}, median of {args.repeats}"))
            summary[(people_count, latency_ms, backend)] = median_of(runs[ROOT])
            if args.compare:
                before = median_of(runs[args.compare]).last
                compared.append(
                    (
                        people_count,
                        latency_ms,
                        backend,
                        before / summary[(people_count, latency_ms, backend)].last,
                    )
                )
    ratios = [
        (n, ms, summary[(n, ms, "sqlite")].last / summary[(n, ms, "postgresql")].last)
        for n, ms in plan
        if (n, ms, "sqlite") in summary and (n, ms, "postgresql") in summary
    ]
    if compared:
        print("\n| people | latency | database | last answer, compared code / this code |")
        print("|---|---|---|---|")
        for n, ms, backend, ratio in compared:
            print(f"| {n} | {ms} ms | {backend} | {ratio:.2f} |")
    if ratios:
        print("\n| people | latency | last answer, SQLite / PostgreSQL |")
        print("|---|---|---|")
        for n, ms, ratio in ratios:
            print(f"| {n} | {ms} ms | {ratio:.2f} |")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--people",
        help="people at once, comma-separated (e.g. 50,300,1000); with --latency, "
        "every pair is run. Neither given: " + ", ".join(f"{n}@{ms}ms" for n, ms in QUICK_SET),
    )
    parser.add_argument("--latency", help="Bot API latency in ms, comma-separated (e.g. 0,100,300)")
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="sqlite, postgresql or both (default)"
    )
    parser.add_argument("--repeats", type=int, default=1, help="runs of each configuration")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_PG_URL,
        help="a PostgreSQL server (127.0.0.1) where a database of each run's own is created "
        "and dropped; default $BENCH_DATABASE_URL or " + DEFAULT_PG_URL,
    )
    parser.add_argument(
        "--reminder-after", type=float, default=2.0, help="seconds from the burst to the reminder"
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for a burst's answers"
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="DIR",
        help="another checkout of the bot (e.g. an earlier commit): each configuration runs its "
        "bot too, right after this one's, and the ratio of last answers is printed",
    )
    parser.add_argument(
        "--keep-logs", type=Path, metavar="DIR", help="copy each run's bot stderr into DIR"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="sample the bot process with py-spy (not a dependency: install it yourself) from "
        "each burst to its last answer; collapsed stacks go into DIR, and "
        "python -m bench.profile_summary FILE sums them up",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting of the bot's process (repeatable), e.g. --set UPDATES_AT_ONCE=128",
    )
    args = parser.parse_args()
    for item in args.set:
        name, _, value = item.partition("=")
        if not name or not _:
            parser.error(f"--set takes NAME=VALUE, not {item!r}")
        BOT_SETTINGS[name.strip().upper()] = value.strip()
    host = make_url(args.pg_url).host
    if host not in ("127.0.0.1", "localhost", "::1", None):
        parser.error("--pg-url must point at this machine (127.0.0.1)")
    sys.exit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
