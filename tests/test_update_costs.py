"""What one update costs the database and the processor, counted through the real Dispatcher.

Statements, transactions and commits are counted with SQLAlchemy's engine events; the handlers
of the test's own router read, write and tell so that each case is plain to see.
"""

from __future__ import annotations

import asyncio
import gc
import weakref
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods.base import Response
from aiogram.types import Message
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.factory import create_runtime
from bot.fsm import DatabaseStorage
from bot.handlers import get_routers
from bot.storage.engine import create_engine, read_session_factory, session_factory
from bot.storage.models import Organisation, OrganisationKind
from bot.storage.unit import current_session, unit_of_work
from tests.botapi import BotAPIDouble
from tests.conftest import ADMIN_ID, make_settings
from tests.harness import FakeClock, Harness


@dataclass
class Statements:
    """What went to the database while counting."""

    sql: list[str] = field(default_factory=list)
    commits: int = 0
    begins: int = 0

    def count(self, fragment: str) -> int:
        return sum(1 for s in self.sql if fragment in s)

    def reads(self, table: str) -> list[str]:
        """The SELECTs that read ``table`` (from it, or joined to another)."""
        return [
            s
            for s in self.sql
            if s.lstrip().upper().startswith("SELECT")
            and (f"FROM {table}" in s or f"JOIN {table}" in s)
        ]


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[Statements]:
    seen = Statements()
    sync = engine.sync_engine

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.sql.append(statement)

    def on_commit(_conn: Any) -> None:
        seen.commits += 1

    def on_begin(_conn: Any) -> None:
        seen.begins += 1

    event.listen(sync, "before_cursor_execute", on_statement)
    event.listen(sync, "commit", on_commit)
    event.listen(sync, "begin", on_begin)
    try:
        yield seen
    finally:
        event.remove(sync, "before_cursor_execute", on_statement)
        event.remove(sync, "commit", on_commit)
        event.remove(sync, "begin", on_begin)


async def _names() -> list[str]:
    session = current_session()
    assert session is not None
    return list(await session.scalars(select(Organisation.name)))


def _router(clock: FakeClock) -> Router:
    router = Router(name="test-costs")

    async def read_tell_read_tell(message: Message) -> None:
        await message.answer(f"Школ: {len(await _names())}.")
        await message.answer(f"Всё ещё школ: {len(await _names())}.")

    async def lock_then_tell(message: Message) -> None:
        session = current_session()
        assert session is not None
        await session.scalars(select(Organisation.id).with_for_update())
        await message.answer("Заперто.")

    async def write_then_tell(message: Message) -> None:
        session = current_session()
        assert session is not None
        session.add(
            Organisation(name="Записано", kind=OrganisationKind.SCHOOL, created_at=clock.now())
        )
        await message.answer("Сохранено.")

    async def tell_rename_tell(message: Message) -> None:
        session = current_session()
        assert session is not None
        school = Organisation(
            name="Школа № 1", kind=OrganisationKind.SCHOOL, created_at=clock.now()
        )
        session.add(school)
        await message.bot.send_chat_action(message.chat.id, "typing")  # type: ignore[union-attr]
        school.name = "Школа № 2"  # a change after the commit, to an object loaded before it
        await message.answer("Переименовано.")

    router.message.register(read_tell_read_tell, Command("readtwice"))
    router.message.register(tell_rename_tell, Command("rename"))
    router.message.register(lock_then_tell, Command("lock"))
    router.message.register(write_then_tell, Command("write"))
    return router


@pytest.fixture
async def h(double: BotAPIDouble, database_url: str, clock: FakeClock) -> AsyncIterator[Harness]:
    runtime = create_runtime(
        make_settings(double, database_url),
        clock=clock,
        routers=[_router(clock), *get_routers()],
    )
    try:
        yield Harness(runtime, double, clock)
    finally:
        await runtime.aclose()


async def test_an_update_reads_its_dialog_state_once_in_its_own_transaction(h: Harness) -> None:
    stranger = h.person("Иван", "Иванов")
    with counting(h.runtime.engine) as seen:
        [reply] = await stranger.send("/start")
    assert "Я работаю по приглашениям" in reply.text
    # One transaction for the whole update: the dialog state is read inside it, not in a
    # session of its own before it; and read once.
    assert seen.begins == 1
    assert seen.commits == 1
    assert len(seen.reads("dialog_states")) == 1


async def test_a_dialog_step_reads_its_state_once(h: Harness) -> None:
    admin = h.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    await admin.send("/start")
    with counting(h.runtime.engine) as seen:
        [ask] = await admin.press("Согласен")
    assert "фамилию" in ask.text
    # the state filter, the handler's data and its writes share one read of the row
    assert len(seen.reads("dialog_states")) == 1


async def test_the_member_and_the_dialog_state_are_read_in_one_statement(h: Harness) -> None:
    admin = h.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    await admin.send("/start")
    with counting(h.runtime.engine) as seen:
        [ask] = await admin.press("Согласен")
    assert "фамилию" in ask.text
    # every update needs both: the person behind it and where its dialog stands
    [read] = seen.reads("dialog_states")
    assert read in seen.reads("members")
    assert seen.sql.index(read) <= 1  # the first statement (after SQLite's BEGIN)


async def test_even_a_transaction_that_only_read_ends_before_telling(h: Harness) -> None:
    person = h.person()
    with counting(h.runtime.engine) as seen:
        replies = await person.send("/readtwice")
    assert [r.text for r in replies] == ["Школ: 0.", "Всё ещё школ: 0."]
    # no transaction is open while the bot waits on the network (on SQLite BEGIN IMMEDIATE
    # also holds the one write lock): it ends before each telling
    assert seen.commits == 2
    assert h.runtime.engine.pool.checkedout() == 0


async def test_a_row_lock_or_a_write_is_committed_before_telling(h: Harness) -> None:
    person = h.person()
    h.double.fail_next("sendMessage", chat_id=person.id, error_code=0)
    with counting(h.runtime.engine) as seen:
        await person.send("/lock")
    # the lock was let go before the call went out (which failed: nothing to commit after)
    assert seen.commits == 1
    h.double.fail_next("sendMessage", chat_id=person.id, error_code=0)
    await person.send("/write")
    async with h.runtime.sessions() as session:
        assert list(await session.scalars(select(Organisation.name))) == ["Записано"]
    assert h.runtime.engine.pool.checkedout() == 0


async def test_a_change_to_an_object_loaded_before_a_commit_is_committed_before_telling(
    h: Harness,
) -> None:
    person = h.person()
    h.double.fail_next("sendMessage", chat_id=person.id, error_code=0)
    await person.send("/rename")
    # the telling failed, so the update failed; the change it was about to tell of is saved
    async with h.runtime.sessions() as session:
        assert list(await session.scalars(select(Organisation.name))) == ["Школа № 2"]
    assert h.runtime.engine.pool.checkedout() == 0


async def test_an_answer_model_is_built_once(h: Harness) -> None:
    admin = h.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.press("Согласен")  # answers the callback query: Response[bool]
    model = weakref.ref(Response[bool])
    gc.collect()
    # pydantic keeps a parametrized model only while someone holds it; the bot holds it, so
    # the next answer does not build it again
    assert model() is not None


class Form(StatesGroup):
    name = State()


async def test_setting_the_dialog_state_it_already_has_writes_nothing(database_url: str) -> None:
    engine = create_engine(database_url)
    sessions = session_factory(engine)
    storage = DatabaseStorage(sessions, read_session_factory(engine), FakeClock())
    ctx = FSMContext(storage=storage, key=StorageKey(bot_id=1, chat_id=42, user_id=42))
    try:
        async with unit_of_work(sessions):
            await ctx.set_state(Form.name)
            await ctx.set_data({"name": "Анна"})
        with counting(engine) as seen:
            async with unit_of_work(sessions):
                await ctx.set_state(Form.name)
                await ctx.set_data({"name": "Анна"})
                assert await ctx.get_state() == Form.name.state
                assert await ctx.get_data() == {"name": "Анна"}
        assert seen.count("UPDATE dialog_states") == 0
        assert len(seen.reads("dialog_states")) == 1
        async with unit_of_work(sessions):
            await ctx.clear()
            assert await ctx.get_state() is None
        async with unit_of_work(sessions):
            assert await ctx.get_data() == {}
    finally:
        await engine.dispose()


class _CountingExecutor(ThreadPoolExecutor):
    """The loop's default executor, counting what is handed to its threads."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.handed: list[str] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.handed.append(repr(fn))
        return super().submit(fn, *args, **kwargs)


async def test_filters_and_handlers_run_on_the_event_loop_not_on_threads(h: Harness) -> None:
    loop = asyncio.get_running_loop()
    executor = _CountingExecutor()
    loop.set_default_executor(executor)
    admin = h.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    await admin.send("/start")
    [ask] = await admin.press("Согласен")  # a magic filter on the button's data, a state
    assert "фамилию" in ask.text
    await admin.send("Смирнова")  # a text in a dialog step: F.text
    # aiogram hands a filter that is a plain function (every F magic filter) to a thread for
    # each update it is tried on; the bot's run where they are
    assert executor.handed == []
