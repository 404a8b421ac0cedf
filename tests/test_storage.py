"""Storage on SQLite and PostgreSQL: migrations, UTC times, concurrency, dialog state."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, StatementError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.fsm import DatabaseStorage
from bot.storage import migrate
from bot.storage.engine import (
    behind_scheduled_work,
    create_engine,
    read_session_factory,
    session_factory,
)
from bot.storage.models import Base, DialogState, Member, Role
from bot.storage.sqlite_inline import sql_in_thread
from bot.storage.unit import unit_of_work
from tests.harness import FakeClock

YEKATERINBURG = timezone(timedelta(hours=5))


class Form(StatesGroup):
    name = State()
    school = State()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def _member(telegram_id: int, now: datetime) -> Member:
    return Member(
        telegram_id=telegram_id,
        full_name=f"Педагог {telegram_id}",
        role=Role.TEACHER,
        is_reachable=True,
        is_active=True,
        created_at=now,
        updated_at=now,
    )


async def test_migrations_go_down_and_up(engine: AsyncEngine) -> None:
    assert await migrate.current_revision(engine) == migrate.head_revision()
    await migrate.downgrade(engine, "base")
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
    assert set(tables) <= {"alembic_version"}
    await migrate.upgrade(engine)
    assert await migrate.current_revision(engine) == migrate.head_revision()


async def test_models_match_migrations(engine: AsyncEngine) -> None:
    def diff(conn: object) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})  # type: ignore[arg-type]
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_times_are_stored_in_utc_and_read_back_aware(engine: AsyncEngine) -> None:
    local = datetime(2026, 10, 15, 9, 30, tzinfo=YEKATERINBURG)
    async with unit_of_work(session_factory(engine)) as repo:
        repo.session.add(_member(1, local))
    async with unit_of_work(session_factory(engine)) as repo:
        member = await repo.members.by_telegram_id(1)
        assert member is not None
        assert member.created_at == local
        assert member.created_at.utcoffset() == timedelta(0)
        assert member.created_at.hour == 4


async def test_naive_times_are_refused(engine: AsyncEngine) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        async with unit_of_work(session_factory(engine)) as repo:
            repo.session.add(_member(2, datetime(2026, 1, 1)))
            await repo.session.flush()


async def test_a_failed_unit_of_work_leaves_nothing(engine: AsyncEngine) -> None:
    now = datetime.now(UTC)
    with pytest.raises(RuntimeError):
        async with unit_of_work(session_factory(engine)) as repo:
            repo.session.add(_member(3, now))
            await repo.session.flush()
            raise RuntimeError("handler failed")
    async with engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(Member)) == 0


async def test_concurrent_writers_wait_for_each_other(engine: AsyncEngine) -> None:
    """Each writer reads, holds its transaction, then writes: on SQLite a deferred transaction
    would fail here with "database is locked"; BEGIN IMMEDIATE makes them queue."""
    sessions = session_factory(engine)
    now = datetime.now(UTC)

    async def writer(i: int) -> None:
        async with unit_of_work(sessions) as repo:
            await repo.session.scalar(select(func.count()).select_from(Member))
            await asyncio.sleep(0.02)
            repo.session.add(_member(100 + i, now))

    await asyncio.gather(*(writer(i) for i in range(8)))
    async with engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(Member)) == 8


async def test_reads_do_not_wait_for_a_writer(engine: AsyncEngine) -> None:
    sessions, reads = session_factory(engine), read_session_factory(engine)
    now = datetime.now(UTC)
    async with unit_of_work(sessions) as repo:
        repo.session.add(_member(7, now))
        await repo.session.flush()
        async with reads() as reader:
            count = await asyncio.wait_for(
                reader.scalar(select(func.count()).select_from(Member)), timeout=2
            )
        assert count == 0


async def test_sqlite_writers_queue_in_order_with_scheduled_work_first(
    engine: AsyncEngine,
) -> None:
    """While one writer holds SQLite's lock, an update's writer and then a job's queue up; the
    job's goes first when the lock is handed on, then the update's."""
    if engine.dialect.name != "sqlite":
        pytest.skip("the line of writers is SQLite's")
    sessions = session_factory(engine)
    order: list[str] = []
    release = asyncio.Event()

    async def holder() -> None:
        async with unit_of_work(sessions) as repo:
            repo.session.add(_member(1, datetime.now(UTC)))
            await repo.session.flush()
            await release.wait()

    async def writer(name: str, update: bool) -> None:
        with behind_scheduled_work() if update else contextlib.nullcontext():
            async with unit_of_work(sessions) as repo:
                await repo.session.execute(text("SELECT 1"))
                order.append(name)

    tasks = [asyncio.create_task(holder())]
    await asyncio.sleep(0.1)
    tasks.append(asyncio.create_task(writer("update", update=True)))
    await asyncio.sleep(0.1)
    tasks.append(asyncio.create_task(writer("job", update=False)))
    await asyncio.sleep(0.1)
    assert order == []
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)
    assert order == ["job", "update"]


async def test_sqlite_runs_in_wal_with_its_pragmas(engine: AsyncEngine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    async with engine.connect() as conn:
        assert (await conn.scalar(text("PRAGMA journal_mode"))).lower() == "wal"
        assert await conn.scalar(text("PRAGMA foreign_keys")) == 1
        assert await conn.scalar(text("PRAGMA secure_delete")) == 1


def _hold_write_lock(database_url: str) -> sqlite3.Connection:
    """Another process's writer: a plain sqlite3 connection holding the write lock."""
    other = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_a_sqlite_writer_waits_for_another_process_without_blocking_the_loop(
    database_url: str,
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's lock")
    engine = create_engine(database_url, busy_timeout_ms=5_000)
    sessions = session_factory(engine)
    other = _hold_write_lock(database_url)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async def write() -> None:
        async with unit_of_work(sessions) as repo:
            repo.session.add(_member(77, datetime.now(UTC)))

    ticker = asyncio.create_task(tick())
    writer = asyncio.create_task(write())
    try:
        await asyncio.sleep(0.3)
        assert not writer.done()  # waiting for the other process's lock...
        assert ticks >= 10  # ...while the event loop serves everyone else
        other.rollback()
        await asyncio.wait_for(writer, 5)
    finally:
        ticker.cancel()
        other.close()
    async with engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(Member)) == 1
    await engine.dispose()


async def test_a_sqlite_writer_gives_up_after_the_busy_timeout(database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's lock")
    engine = create_engine(database_url, busy_timeout_ms=200)
    other = _hold_write_lock(database_url)
    try:
        with pytest.raises(OperationalError, match="locked"):
            async with unit_of_work(session_factory(engine)) as repo:
                repo.session.add(_member(78, datetime.now(UTC)))
    finally:
        other.close()
    await engine.dispose()


def _key(user_id: int = 42) -> StorageKey:
    return StorageKey(bot_id=123456789, chat_id=user_id, user_id=user_id)


async def test_dialog_state_survives_a_restart(database_url: str) -> None:
    clock = FakeClock()
    first = create_engine(database_url)
    storage = DatabaseStorage(session_factory(first), read_session_factory(first), clock)
    ctx = FSMContext(storage=storage, key=_key())
    await ctx.set_state(Form.school)
    await ctx.update_data(name="Анна Петрова", page=2)
    await first.dispose()

    second = create_engine(database_url)
    restarted = DatabaseStorage(session_factory(second), read_session_factory(second), clock)
    ctx = FSMContext(storage=restarted, key=_key())
    assert await ctx.get_state() == Form.school.state
    assert await ctx.get_data() == {"name": "Анна Петрова", "page": 2}
    await ctx.clear()
    async with second.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(DialogState)) == 0
    await second.dispose()


async def test_dialog_state_commits_with_the_update(engine: AsyncEngine) -> None:
    sessions, reads = session_factory(engine), read_session_factory(engine)
    storage = DatabaseStorage(sessions, reads, FakeClock())
    ctx = FSMContext(storage=storage, key=_key(7))
    with pytest.raises(RuntimeError):
        async with unit_of_work(sessions):
            await ctx.set_state(Form.name)
            await ctx.update_data(name="half-typed")
            assert await ctx.get_state() == Form.name.state
            raise RuntimeError("the handler failed")
    assert await ctx.get_state() is None
    assert await ctx.get_data() == {}


async def test_dialog_keys_do_not_collide(engine: AsyncEngine) -> None:
    storage = DatabaseStorage(session_factory(engine), read_session_factory(engine), FakeClock())
    a = FSMContext(storage=storage, key=_key(1))
    b = FSMContext(storage=storage, key=StorageKey(bot_id=123456789, chat_id=-100, user_id=1))
    await a.set_state(Form.name)
    await b.set_data({"x": 1})
    assert await a.get_state() == Form.name.state
    assert await a.get_data() == {}
    assert await b.get_state() is None


async def test_the_sources_migration_moves_outbox_rows_and_event_reminders(
    engine: AsyncEngine,
) -> None:
    """Rows written before one push and one reminder mechanism keep what they belong to."""
    await migrate.downgrade(engine, "0005")
    at = "2026-11-20 10:00:00+00:00"
    async with engine.begin() as conn:
        for statement in (
            "INSERT INTO contents (id, kind, text, buttons, created_at)"
            f" VALUES (1, 'text', 'x', '[]', '{at}')",
            "INSERT INTO broadcasts (id, content_id, audience, status, report_dirty, created_at)"
            f" VALUES (3, 1, '{{}}', 'done', false, '{at}')",
            "INSERT INTO events (id, kind, title, starts_at, all_day, competences, audience,"
            " reminder_minutes, status, version, created_at, updated_at) VALUES"
            f" (7, 'seminar', 'S', '{at}', false, '[]', '{{}}', '[60]', 'published', 2,"
            f" '{at}', '{at}')",
            "INSERT INTO outbox (source, broadcast_id, event_id, content_id, chat_id, status,"
            " attempts, next_attempt_at, created_at) VALUES"
            f" ('broadcast:3', 3, NULL, 1, 11, 'sent', 1, '{at}', '{at}'),"
            f" ('event:7', NULL, 7, 1, 12, 'sent', 1, '{at}', '{at}'),"
            f" ('event:7:v2', NULL, NULL, 1, 12, 'pending', 0, '{at}', '{at}'),"
            f" ('reconfirm:2026-09-01', NULL, NULL, 1, 13, 'sent', 1, '{at}', '{at}')",
            "INSERT INTO event_reminders (event_id, minutes_before, due_at, status) VALUES"
            f" (7, 60, '{at}', 'pending')",
            "INSERT INTO event_contents (event_id, purpose, locale, content_id) VALUES"
            " (7, 'reminder', 'ru', 1)",
        ):
            await conn.execute(text(statement))
    await migrate.upgrade(engine)
    async with engine.connect() as conn:
        outbox = (
            await conn.execute(text("SELECT source, source_kind, source_id FROM outbox"))
        ).all()
        reminders = (
            await conn.execute(
                text("SELECT source_kind, source_id, minutes_before, status FROM reminders")
            )
        ).all()
        contents = (
            await conn.execute(
                text("SELECT source_kind, source_id, locale, content_id FROM reminder_contents")
            )
        ).all()
    assert sorted(outbox) == [
        ("broadcast:3", "broadcast", 3),
        ("event:7", "event", 7),
        ("event:7:v2", "event", 7),
        ("reconfirm:2026-09-01", None, None),
    ]
    assert reminders == [("event", 7, 60, "pending")]
    assert contents == [("event", 7, "ru", 1)]


FLAT_TEMPLATE = """
key: flat
title: Без разделов
anonymous: true
questions:
  - id: years
    type: number
    text: Сколько лет?
  - id: started
    type: date
    text: С какого дня?
  - id: mood
    type: scale
    text: Как настроение?
"""


async def test_the_survey_answers_migration_counts_the_responses_already_there(
    engine: AsyncEngine,
) -> None:
    """Responses handed in before the answers were counted in SQL get their rows, by the
    rules the bot writes them with now (a half answer, an empty text: no row)."""
    from bot.services.surveys import builtin_templates, load_template
    from bot.services.surveys.answers import counted
    from bot.storage.models import Organisation, OrganisationKind, Survey, SurveyResponse

    await migrate.downgrade(engine, "0008")
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    named = builtin_templates()["young-specialists"][0]  # in sections
    flat = load_template(FLAT_TEMPLATE, "flat.yaml")
    given = {
        "a1": (
            1,
            1,
            {
                "subject": "  Физика ",
                "years": {"chosen": ["second"], "other": None},
                "conditions": 4,
                "difficulties": {"chosen": ["parents", "other"], "other": " Отчёты "},
                "mentor": True,
            },
        ),
        "a2": (
            1,
            None,
            {
                "subject": "   ",  # blank: not an answer
                "years": {"chosen": ["first", "second"], "other": None},  # two for a single
                "difficulties": {"chosen": ["other"], "other": None},  # «Другое» without its text
                "conditions": True,  # not a scale answer
            },
        ),
        "b1": (2, 1, {"years": 2.5, "started": "2020-09-01", "mood": 3}),
        "b2": (2, 1, {"years": "два", "mood": None}),
    }
    async with engine.begin() as conn:
        await conn.execute(
            Organisation.__table__.insert(),
            [{"id": 1, "name": "СОШ № 1", "kind": OrganisationKind.SCHOOL, "created_at": now}],
        )
        await conn.execute(
            Survey.__table__.insert(),
            [
                {
                    "id": survey_id,
                    "template_key": template.key,
                    "title": template.title,
                    "spec": template.to_dict(),
                    "anonymous": template.anonymous,
                    "unit": "person",
                    "audience": {},
                    "opens_at": now,
                    "closes_at": now,
                    "wave": 1,
                    "status": "open",
                    "created_at": now,
                    "updated_at": now,
                }
                for survey_id, template in ((1, named), (2, flat))
            ],
        )
        await conn.execute(
            SurveyResponse.__table__.insert(),
            [
                {
                    "id": rid,
                    "survey_id": survey_id,
                    "member_id": None,
                    "organisation_id": org,
                    "answers": answers,
                    "submitted_at": now,
                }
                for rid, (survey_id, org, answers) in given.items()
            ],
        )
    await migrate.upgrade(engine)
    async with engine.connect() as conn:
        rows = (
            await conn.execute(
                text(
                    "SELECT response_id, question_id, choice, survey_id, organisation_id,"
                    " number, text FROM survey_answers"
                )
            )
        ).all()
    templates = {1: named, 2: flat}
    expected = [
        (rid, a.question_id, a.choice, survey_id, org, a.number, a.text)
        for rid, (survey_id, org, answers) in given.items()
        for a in counted(templates[survey_id], answers)
    ]
    assert sorted(tuple(r) for r in rows) == sorted(expected)
    assert ("a1", "difficulties", "", 1, 1, None, "Отчёты") in expected
    assert not [r for r in expected if r[0] == "a2"]
    assert [r[1] for r in expected if r[0] == "b2"] == []
    await migrate.downgrade(engine, "0008")
    await migrate.upgrade(engine)


async def test_handed_in_responses_keep_no_running_number_on_sqlite(engine: AsyncEngine) -> None:
    """An anonymous response must not be matched with its submission by order: SQLite keeps
    the responses in their random id's tree, without a rowid counting up as they come."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's rowid")
    async with engine.connect() as conn:
        with pytest.raises(OperationalError, match="rowid"):
            await conn.execute(text("SELECT rowid FROM survey_responses"))
        assert (await conn.execute(text("SELECT count(*) FROM survey_answers"))).scalar() == 0


async def test_sqlite_statements_run_on_the_loop_or_in_a_thread_when_asked(
    engine: AsyncEngine,
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's driver")
    threads: list[int] = []
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        raw.driver_connection._conn.set_trace_callback(
            lambda _sql: threads.append(threading.get_ident())
        )
        await conn.execute(text("SELECT 1"))
        with sql_in_thread():
            await conn.execute(text("SELECT 2"))
        raw.driver_connection._conn.set_trace_callback(None)
    loop_thread = threading.get_ident()
    # a small statement runs where it is asked (no hand-off per statement); long work, in a
    # worker thread while the loop serves everyone else
    assert threads[0] == loop_thread
    assert threads[-1] != loop_thread
