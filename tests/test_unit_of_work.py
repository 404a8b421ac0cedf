"""Commit before you tell: no transaction is open while the bot talks to Telegram.

The handlers here are the test's own: each writes, tells the person, and then writes again or
fails, so what the mechanism keeps and what it rolls back can be seen in the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy import select

from bot.factory import create_runtime
from bot.handlers import get_routers
from bot.storage.models import Member, Organisation, OrganisationKind
from bot.storage.unit import current_session
from tests.botapi import BotAPIDouble
from tests.conftest import ADMIN_ID, make_settings
from tests.harness import FakeClock, Harness


def _add(name: str, clock: FakeClock) -> None:
    session = current_session()
    assert session is not None
    session.add(Organisation(name=name, kind=OrganisationKind.SCHOOL, created_at=clock.now()))


def _router(clock: FakeClock) -> Router:
    router = Router(name="test-unit")

    async def tell_then_fail(message: Message) -> None:
        _add("Записано до ответа", clock)
        await message.answer("Сохранено.")
        _add("Записано после ответа", clock)
        raise RuntimeError("after telling")

    async def fail_while_telling(message: Message) -> None:
        _add("Записано до сети", clock)
        await message.answer("Сохранено.")

    router.message.register(tell_then_fail, Command("tellfail"))
    router.message.register(fail_while_telling, Command("netfail"))
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


async def _names(h: Harness) -> list[str]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(Organisation.name).order_by(Organisation.name)))


async def test_a_handler_failing_after_it_told_keeps_what_it_had_committed(h: Harness) -> None:
    person = h.person()
    replies = await person.send("/tellfail")
    assert replies[0].text == "Сохранено."
    assert replies[-1].text.startswith("Что-то пошло не так")
    # What the person was told about stays; what came after the telling is rolled back.
    assert await _names(h) == ["Записано до ответа"]
    assert h.runtime.engine.pool.checkedout() == 0


async def test_a_network_error_mid_handler_leaves_no_transaction_or_connection(
    h: Harness,
) -> None:
    person = h.person()
    h.double.fail_next("sendMessage", chat_id=person.id, error_code=0)
    await person.send("/netfail")
    assert h.runtime.engine.pool.checkedout() == 0
    # The write was committed before the call went out; the connection went back to the pool.
    assert await _names(h) == ["Записано до сети"]
    # The bot goes on: the next person is answered at once.
    other = h.person("Ольга")
    assert await other.send("/start")


async def test_one_slow_answer_does_not_hold_up_another_person(
    double: BotAPIDouble, database_url: str, clock: FakeClock
) -> None:
    """While the bot waits two seconds for Telegram to take one person's message, another
    person's button is handled, answered and committed."""
    admins = (ADMIN_ID, ADMIN_ID + 1)
    runtime = create_runtime(make_settings(double, database_url, admin_ids=admins), clock=clock)
    h = Harness(runtime, double, clock)
    try:
        slow, quick = h.person("Ольга", user_id=admins[0]), h.person("Ирина", user_id=admins[1])
        await slow.send("/start")
        await quick.send("/start")
        double.set_latency("sendMessage", 2.0, chat_id=slow.id)
        slow_task = asyncio.create_task(slow.press("Согласен"))
        await asyncio.sleep(0.3)  # the slow person's handler is now waiting on Telegram
        [ask] = await asyncio.wait_for(quick.press("Согласен"), 1.5)
        assert "фамилию" in ask.text
        assert not slow_task.done()
        async with runtime.sessions() as session:
            stored = set(await session.scalars(select(Member.telegram_id)))
        assert stored == set(admins)  # both committed: the slow one before it was told
        [slow_ask] = await slow_task
        assert "фамилию" in slow_ask.text
    finally:
        await runtime.aclose()
