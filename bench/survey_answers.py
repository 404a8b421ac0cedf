"""Answering benchmark: 10,000 answers from 1,000 people answering a survey at the same time.

Run from the project root: ``python -m bench.survey_answers`` (``--help`` lists the options).

The world, written straight into a SQLite file in a temporary folder (migrated first): one
school, 1,000 registered teachers and a methodologist; a named survey of ten questions (four
scales, two yes/no, two single choices — answered with buttons — and a number and a short text,
typed) launched for the teachers through ``DeadlineService.create`` (a unit per person) and a
``Survey`` row.

The bot is the real one in this process: ``create_runtime`` (``create_dispatcher`` with its
middlewares and routers, the bot's aiohttp session with its request middlewares), as the tests
build it; updates go in through ``Dispatcher.feed_raw_update``, at most ``UPDATES_AT_ONCE`` (64)
at once, as the polling loop hands them over. The Bot API double (``tests/botapi``) runs in this
process on 127.0.0.1 and answers every call after ``--latency`` (100 ms).

Before the clock starts each person opens the survey (the invitation's button) and presses
«Начать», at no latency, not measured. Then all of them answer at once, each its ten questions
one after another: a press of an option (the bot turns the screen into the next question and
answers the press: two Bot API calls) or a typed number or text (the next question as a new
message: one call). An answer's **time** runs from the moment the person makes it (when the bot
has told the previous one) to the end of its handling (its last Bot API call answered); that
includes the wait for one of the 64 places. With ``--pause S`` each person first reads each
question for S seconds on average (0.5–1.5 times S, the same for both sides), as people do.

**The baseline**, in the same run: the same updates, made the same way for the same people, fed
the same way to aiogram's own ``Dispatcher`` with one empty handler that answers once through
the same bot session (``answerCallbackQuery`` for a press, ``sendMessage`` for a typed answer),
at the same latency.

Figures per run: answers per second (answers ÷ the wall time of the burst), the median and p95
answer time, this process's CPU per answer (the double's included, for both), SQL statements per
answer, the share of the burst the SQLite writers' line was held (from an update transaction's
``BEGIN IMMEDIATE`` to its end); the ratio of answers per second, ours ÷ the baseline. Before the
bursts, once, and not timed: the Python function calls per answer of both (``cProfile``, 20
people answering one after another, the double's calls included) — counts, which a busy machine
does not move. Checked after each run: every
progress row holds its ten answers and stands on the review, no error shown to anyone, every
request of the double answered 2xx. Targets: ratio ≥ 0.5 and p95 ≤ 1.5 s (printed PASS or FALLS
SHORT; nothing fails on a slow machine). Only 127.0.0.1 is contacted; the temporary folder is
removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import platform
import pstats
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy import event, insert, select

from bot.factory import Runtime, create_runtime, settle_memory
from bot.i18n import Translator
from bot.keyboards.surveys import ANSWER, CHOOSE, SvqCb
from bot.services.audience import Audience
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.people import MemberInfo
from bot.services.surveys.model import Template
from bot.services.surveys.spec import load_template
from bot.storage import migrate
from bot.storage.engine import create_engine, session_factory
from bot.storage.models import (
    DeadlineUnit,
    Deliverable,
    Member,
    Organisation,
    OrganisationKind,
    Role,
    Survey,
    SurveyProgress,
    SurveyStatus,
)
from bot.storage.unit import unit_of_work
from tests.botapi import BotAPIDouble
from tests.conftest import make_settings
from tests.harness import FakeClock

PEOPLE = 1000
ANSWERS = 10
LATENCY = 0.1
RATIO_TARGET = 0.5
P95_TARGET = 1.5
COUNTED = 20  # people whose answers are counted in Python calls, one after another
FIRST_UID = 400_000
ADMIN_UID = 399_999
TZ = "Europe/Moscow"

TEMPLATE = """
key: bench-answers
title: Анкета для замера
intro: Десять вопросов о работе в школе.
anonymous: false
questions:
  - id: load
    type: scale
    text: Как вы оцениваете свою нагрузку?
    low_label: низкая
    high_label: очень высокая
  - id: support
    type: scale
    text: Насколько вам хватает методической поддержки?
  - id: mentor
    type: yesno
    text: Есть ли у вас наставник?
  - id: position
    type: single
    text: Ваша должность?
    options:
      - {id: teacher, text: Учитель}
      - {id: head, text: Руководитель ШМО}
      - {id: deputy, text: Заместитель директора}
      - {id: psychologist, text: Педагог-психолог}
  - id: climate
    type: scale
    text: Как вы оцениваете климат в коллективе?
  - id: years
    type: number
    text: Сколько лет вы работаете в школе?
    min: 0
    max: 60
  - id: courses
    type: yesno
    text: Проходили ли вы курсы повышения квалификации в этом году?
  - id: subject
    type: single
    text: Ваша предметная область?
    options:
      - {id: primary, text: Начальные классы}
      - {id: humanities, text: Гуманитарный цикл}
      - {id: science, text: Естественно-научный цикл}
      - {id: maths, text: Математика и информатика}
      - {id: arts, text: Искусство и физкультура}
  - id: digital
    type: scale
    text: Насколько уверенно вы пользуетесь цифровыми инструментами?
  - id: wish
    type: text
    text: Чего вам больше всего не хватает в работе?
"""
WISHES = ("Времени на подготовку", "Обмена опытом", "Методических материалов", "Наставника")


@dataclass(frozen=True)
class Person:
    uid: int
    member_id: int


@dataclass(frozen=True)
class World:
    survey_id: int
    deadline_id: int
    people: list[Person]


@dataclass
class Run:
    """One burst: per answer its time; the wall time and the CPU of this process."""

    times: list[float] = field(default_factory=list)
    wall: float = float("nan")
    cpu: float = float("nan")
    statements: int = 0
    line: float = 0.0  # seconds the SQLite writers' line was held during the burst
    problems: list[str] = field(default_factory=list)

    def per_answer(self, total: float) -> float:
        return total / len(self.times)

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.per_answer(self.cpu)

    @property
    def line_share(self) -> float:
        return self.line / self.wall

    @property
    def rate(self) -> float:
        return len(self.times) / self.wall

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times, n=20)[-1]


# ---------------------------------------------------------------------------- the world


async def seed(url: str, count: int) -> World:
    """The school, the teachers, the methodologist and the survey launched for the teachers."""
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        async with engine.begin() as conn:
            school = (
                await conn.execute(
                    insert(Organisation).returning(Organisation.id),
                    [{"name": "МБОУ СОШ № 1", "kind": OrganisationKind.SCHOOL, "created_at": now}],
                )
            ).scalar_one()
            member = {
                "is_reachable": True,
                "is_active": True,
                "consent_at": now,
                "registered_at": now,
                "created_at": now,
                "updated_at": now,
            }
            await conn.execute(
                insert(Member),
                [
                    {
                        **member,
                        "telegram_id": ADMIN_UID,
                        "full_name": "Смирнова Ольга Викторовна",
                        "role": Role.METHODOLOGIST,
                    }
                ]
                + [
                    {
                        **member,
                        "telegram_id": FIRST_UID + n,
                        "full_name": f"Учитель {n + 1}",
                        "role": Role.TEACHER,
                        "organisation_id": school,
                    }
                    for n in range(count)
                ],
            )
        sessions = session_factory(engine)
        async with sessions() as session:
            admin = MemberInfo.of(
                await session.scalar(select(Member).where(Member.telegram_id == ADMIN_UID))
            )
            ids = dict(
                (
                    await session.execute(
                        select(Member.telegram_id, Member.id).where(Member.role == Role.TEACHER)
                    )
                ).all()
            )
        template = load_template(TEMPLATE, "bench-answers.yaml")
        clock = FakeClock(now)
        async with unit_of_work(sessions) as repo:
            info = await DeadlineService(
                repo, clock, Translator(default_locale="ru"), _zone()
            ).create(
                admin,
                DeadlineDraft(
                    title=template.title,
                    kind=Deliverable.SURVEY,
                    unit=DeadlineUnit.PERSON,
                    due_at=now + timedelta(days=14),
                    audience=Audience(),
                    reminder_days=(),
                ),
                announce=False,
            )
            survey = Survey(
                template_key=template.key,
                title=template.title,
                spec=template.to_dict(),
                anonymous=template.anonymous,
                unit=DeadlineUnit.PERSON,
                audience={},
                opens_at=now - timedelta(hours=1),
                closes_at=info.due_at,
                wave=1,
                deadline_id=info.id,
                status=SurveyStatus.OPEN,
                announced_at=now,
                author_id=admin.id,
                created_at=now,
                updated_at=now,
            )
            repo.session.add(survey)
            await repo.session.flush()
            survey_id = survey.id
    finally:
        await engine.dispose()
    people = [Person(uid, ids[uid]) for uid in sorted(ids)]
    return World(survey_id, info.id, people)


def _zone() -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(TZ)


def plan(world: World, person: Person, template: Template) -> list[tuple[str, str]]:
    """The person's ten answers in order: ("press", callback data) or ("type", text)."""
    rng = random.Random(person.uid)
    steps: list[tuple[str, str]] = []
    for index, question in enumerate(template.questions):
        kind = question.type.value
        if kind in ("scale", "yesno", "single"):
            if kind == "scale":
                option = str(rng.randint(1, 5))
            elif kind == "yesno":
                option = rng.choice(("yes", "no"))
            else:
                option = rng.choice([o.id for o in question.options])
            data = SvqCb(act=CHOOSE, s=world.survey_id, u=person.member_id, q=index, o=option)
            steps.append(("press", data.pack()))
        elif kind == "number":
            steps.append(("type", str(rng.randint(0, 40))))
        else:
            steps.append(("type", rng.choice(WISHES)))
    return steps


# ---------------------------------------------------------------------------- driving


class Gate:
    """At most ``limit`` updates handled at once, as aiogram's polling hands them over."""

    def __init__(self, limit: int) -> None:
        self.places = asyncio.Semaphore(limit)

    async def feed(self, dp: Dispatcher, bot: Bot, update: dict[str, Any], **kw: Any) -> None:
        async with self.places:
            await dp.feed_raw_update(bot, update, **kw)


async def begin(runtime: Runtime, double: BotAPIDouble, world: World) -> dict[int, dict]:
    """Everyone opens the survey and presses «Начать» (not measured): the first question's
    screen of each person."""
    gate = Gate(runtime.settings.updates_at_once)
    dp, bot = runtime.dispatcher, runtime.bot
    invitation = {"message_id": 1, "chat": {"id": 0, "type": "private"}, "date": 0, "text": "📋"}

    async def one(person: Person) -> None:
        message = {**invitation, "chat": {"id": person.uid, "type": "private"}}
        await gate.feed(
            dp, bot, double.callback_update(person.uid, message, f"{ANSWER}:{world.deadline_id}")
        )
        intro = double.messages(person.uid)[-1]
        [[start]] = intro["reply_markup"]["inline_keyboard"]
        await gate.feed(dp, bot, double.callback_update(person.uid, intro, start["callback_data"]))

    await asyncio.gather(*(one(p) for p in world.people))
    return {p.uid: double.messages(p.uid)[-1] for p in world.people}


async def burst(
    feed: Callable[[dict[str, Any]], Awaitable[None]],
    double: BotAPIDouble,
    world: World,
    screens: dict[int, dict],
    *,
    follow: bool,
    pause: float = 0.0,
) -> Run:
    """Everyone answers at once, each its ten questions one after another. ``follow``: a
    press goes to the screen the bot shows now (a typed answer brings a new one). ``pause``:
    a person reads each question for this long on average (0.5–1.5 times it, the same for
    both sides) before answering; 0: at once."""
    run = Run()
    template = load_template(TEMPLATE, "bench-answers.yaml")
    plans = {p.uid: plan(world, p, template) for p in world.people}

    async def one(person: Person) -> None:
        screen = screens[person.uid]
        reading = random.Random(-person.uid)
        for kind, value in plans[person.uid]:
            if pause:
                await asyncio.sleep(pause * reading.uniform(0.5, 1.5))
            if kind == "press":
                update = double.callback_update(person.uid, screen, value)
            else:
                update = double.message_update(person.uid, value)
            began = time.perf_counter()
            await feed(update)
            run.times.append(time.perf_counter() - began)
            if follow and kind == "type":
                screen = double.messages(person.uid)[-1]

    cpu, began = time.process_time(), time.perf_counter()
    await asyncio.gather(*(one(p) for p in world.people))
    run.wall = time.perf_counter() - began
    run.cpu = time.process_time() - cpu
    return run


async def count_calls(
    feed: Callable[[dict[str, Any]], Awaitable[None]],
    double: BotAPIDouble,
    world: World,
    screens: dict[int, dict],
    people: list[Person],
    dump: str | None = None,
) -> float:
    """Python function calls per answer (``cProfile``; the double's, in this process, too),
    the people answering one after another: a count, so it does not depend on the load of the
    machine the way timings do. ``dump``: the profile is also written there (``pstats``)."""
    template = load_template(TEMPLATE, "bench-answers.yaml")
    profile = cProfile.Profile()
    answers = 0
    for person in people:
        screen = screens[person.uid]
        for kind, value in plan(world, person, template):
            if kind == "press":
                update = double.callback_update(person.uid, screen, value)
            else:
                update = double.message_update(person.uid, value)
            profile.enable()
            await feed(update)
            profile.disable()
            answers += 1
            if kind == "type":
                screen = double.messages(person.uid)[-1]
    if dump:
        profile.dump_stats(dump)
    return pstats.Stats(profile).total_calls / answers  # type: ignore[attr-defined]


def bare_dispatcher() -> Dispatcher:
    """aiogram's own Dispatcher with one empty handler per kind of update, answering once."""
    router = Router(name="empty")

    @router.callback_query()
    async def pressed(callback: CallbackQuery) -> None:
        await callback.answer()

    @router.message()
    async def typed(message: Message, bot: Bot) -> None:
        await bot.send_message(message.chat.id, "ok")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def check(runtime: Runtime, double: BotAPIDouble, world: World, since: int) -> list[str]:
    """What went wrong in a run of ours: progress not on the review with ten answers, errors
    shown, answers of the double other than 2xx."""
    problems = []
    async with runtime.sessions() as session:
        rows = list(
            await session.scalars(
                select(SurveyProgress).where(SurveyProgress.survey_id == world.survey_id)
            )
        )
    done = sum(1 for r in rows if r.position is None and len(r.answers or {}) == ANSWERS)
    if done != len(world.people):
        problems.append(f"{len(world.people) - done} people not on the review with all answers")
    requests = double.requests[since:]
    failed = [r for r in requests if not r.ok]
    if failed:
        problems.append(f"{len(failed)} answers of the double not 2xx ({failed[0].method})")
    alerts = [
        r for r in requests if r.method == "answerCallbackQuery" and r.params.get("show_alert")
    ]
    if alerts:
        problems.append(f"{len(alerts)} error alerts: {alerts[0].params.get('text')!r}")
    return problems


async def reset(runtime: Runtime, world: World) -> None:
    """Everyone back on the first question with no answers (the state «Начать» left)."""
    async with unit_of_work(runtime.sessions) as repo:
        template = load_template(TEMPLATE, "bench-answers.yaml")
        rows = await repo.session.scalars(
            select(SurveyProgress).where(SurveyProgress.survey_id == world.survey_id)
        )
        for row in rows:
            row.answers = {}
            row.position = template.questions[0].id


async def measure(args: argparse.Namespace, place: Path) -> list[tuple[Run, Run]]:
    url = f"sqlite+aiosqlite:///{place / 'bench.db'}"
    world = await seed(url, args.people)
    results: list[tuple[Run, Run]] = []
    async with BotAPIDouble() as double:
        for person in world.people:
            double.add_user(person.uid, f"T{person.uid}", started=True)
        clock = FakeClock(datetime.now(UTC))
        runtime = create_runtime(make_settings(double, url, admin_ids=(ADMIN_UID,)), clock=clock)
        settle_memory()  # as the bot's process does once it has started
        statements, held, began_at = 0, 0.0, {}

        def counted(*_: Any) -> None:
            nonlocal statements
            statements += 1

        # An update's transaction begins with BEGIN IMMEDIATE: from its begin (the engine's own
        # listener has waited for the writers' line by then) to its end it holds the line.
        def begun(conn: Any) -> None:
            began_at[id(conn.connection.dbapi_connection)] = time.perf_counter()

        def ended(conn: Any) -> None:
            nonlocal held
            start = began_at.pop(id(conn.connection.dbapi_connection), None)
            if start is not None:
                held += time.perf_counter() - start

        sync = runtime.engine.sync_engine
        event.listen(sync, "before_cursor_execute", counted)
        event.listen(sync, "begin", begun)
        event.listen(sync, "commit", ended)
        event.listen(sync, "rollback", ended)
        try:
            screens = await begin(runtime, double, world)
            gate = Gate(runtime.settings.updates_at_once)
            bare = bare_dispatcher()

            async def ours(update: dict[str, Any]) -> None:
                await gate.feed(runtime.dispatcher, runtime.bot, update)

            async def baseline(update: dict[str, Any]) -> None:
                await gate.feed(bare, runtime.bot, update)

            # One person warms both up (first-time model building, caches), then count.
            warm, counted_people = world.people[:1], world.people[1 : 1 + COUNTED]
            await count_calls(ours, double, world, screens, warm)
            await count_calls(baseline, double, world, screens, warm)
            calls = {
                "ours": await count_calls(
                    ours, double, world, screens, counted_people, args.pstats
                ),
                "bare": await count_calls(baseline, double, world, screens, counted_people),
            }
            print(
                f"  Python calls per answer: ours {calls['ours']:.0f}, "
                f"aiogram with an empty handler {calls['bare']:.0f}",
                flush=True,
            )
            double.set_latency(None, args.latency)
            for n in range(args.runs):
                await reset(runtime, world)
                pair: dict[str, Run] = {}
                order = ("ours", "bare") if n % 2 == 0 else ("bare", "ours")
                order = tuple(arm for arm in order if args.only in (None, arm))
                for arm in order:
                    since, statements, held = len(double.requests), 0, 0.0
                    if arm == "ours":
                        run = await burst(
                            ours, double, world, screens, follow=True, pause=args.pause
                        )
                        run.statements, run.line = statements, held
                        run.problems = await check(runtime, double, world, since)
                    else:
                        run = await burst(
                            baseline, double, world, screens, follow=False, pause=args.pause
                        )
                        failed = [r for r in double.requests[since:] if not r.ok]
                        if failed:
                            run.problems.append(f"{len(failed)} answers of the double not 2xx")
                    pair[arm] = run
                    say(arm, run)
                if len(pair) == 2:
                    results.append((pair["ours"], pair["bare"]))
                    ratio = pair["ours"].rate / pair["bare"].rate
                    print(f"  ratio of answers per second: {ratio:.3f}", flush=True)
        finally:
            await runtime.aclose()
    return results


def say(arm: str, run: Run) -> None:
    line = f"  {arm:5} {len(run.times)} answers in {run.wall:6.2f} s: {run.rate:7.1f}/s, "
    line += f"median {run.median:.3f} s, p95 {run.p95:.3f} s, CPU {run.cpu_ms:.2f} ms/answer"
    if run.statements:
        line += f", {run.per_answer(run.statements):.1f} statements/answer"
        line += f", writers' line held {run.line_share:.0%}"
    if run.problems:
        line += f"  PROBLEMS: {'; '.join(run.problems)}"
    print(line, flush=True)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {time.strftime('%Y-%m-%d %H:%M')}, load {load}"
    )


def report(results: list[tuple[Run, Run]], args: argparse.Namespace) -> None:
    ours = [o for o, _ in results]
    bare = [b for _, b in results]
    ratios = [o.rate / b.rate for o, b in results]
    ratio, p95 = statistics.median(ratios), statistics.median([o.p95 for o in ours])

    def both(figure: Callable[[Run], float], unit: str, digits: int) -> str:
        a = statistics.median([figure(o) for o in ours])
        b = statistics.median([figure(r) for r in bare])
        return f"{a:.{digits}f}{unit} | {b:.{digits}f}{unit}"

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "FALLS SHORT"

    each = ", ".join(f"{r:.3f}" for r in ratios)
    rows = [
        ("answers per second", both(lambda r: r.rate, "/s", 1), "—"),
        ("median answer time", both(lambda r: r.median, " s", 3), "—"),
        (
            "p95 answer time",
            both(lambda r: r.p95, " s", 3),
            f"≤ {P95_TARGET} s: {verdict(p95 <= P95_TARGET)}",
        ),
        ("CPU of this process per answer", both(lambda r: r.cpu_ms, " ms", 2), "—"),
        (
            "SQL statements per answer",
            f"{statistics.median([o.per_answer(o.statements) for o in ours]):.1f} | —",
            "—",
        ),
        (
            "SQLite writers' line held, share of the burst",
            f"{statistics.median([o.line_share for o in ours]):.0%} | —",
            "—",
        ),
        (
            f"ratio of answers per second, ours ÷ aiogram (runs: {each})",
            f"{ratio:.3f} |",
            f"≥ {RATIO_TARGET}: {verdict(ratio >= RATIO_TARGET)}",
        ),
    ]
    print()
    print(
        f"{args.people * ANSWERS} answers from {args.people} people at once, "
        f"latency {args.latency * 1000:.0f} ms, pause {args.pause:g} s; {machine()}; "
        f"{len(results)} runs, medians:"
    )
    print()
    print("| figure | ours | aiogram, empty handler | target |")
    print("|---|---|---|---|")
    for name, cells, target in rows:
        print(f"| {name} | {cells} | {target} |")
    problems = [p for r in ours + bare for p in r.problems]
    print()
    print("problems: " + ("; ".join(problems) if problems else "none"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--latency", type=float, default=LATENCY, help="seconds (0.1)")
    parser.add_argument("--runs", type=int, default=3, help="pairs of runs, ours and baseline")
    parser.add_argument(
        "--only", choices=("ours", "bare"), help="one side only (to profile it); no ratio"
    )
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds a person reads a question before answering, on average (0: none)",
    )
    parser.add_argument(
        "--pstats",
        metavar="FILE",
        help="write the cProfile of our counted answers into FILE (python -m pstats FILE)",
    )
    args = parser.parse_args()
    place = Path(tempfile.mkdtemp(prefix="shmo-answers-"))
    try:
        print(f"{args.people} people × {ANSWERS} answers, {args.runs} runs", flush=True)
        results = asyncio.run(measure(args, place))
    finally:
        shutil.rmtree(place, ignore_errors=True)
    if results:
        report(results, args)


if __name__ == "__main__":
    main()
