"""Fixtures: a fresh migrated database per test (SQLite, and PostgreSQL when
TEST_DATABASE_URL is set), the Bot API double, and a running bot wired to both."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.config import Settings
from bot.factory import create_runtime
from bot.storage import migrate
from bot.storage.engine import create_engine
from bot.storage.models import Base
from tests.botapi import BotAPIDouble
from tests.harness import FakeClock, Harness

ADMIN_ID = 1001
PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def _pg_reachable(url: str) -> str | None:
    """None when PostgreSQL answers, else why not."""

    async def probe() -> None:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    try:
        asyncio.run(asyncio.wait_for(probe(), 10))
    except Exception as exc:
        return f"PostgreSQL at TEST_DATABASE_URL is not reachable: {exc!r}"
    return None


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate.upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A database of its own on the TEST_DATABASE_URL server, migrated once, dropped at the end."""
    if not PG_URL:
        pytest.skip("set TEST_DATABASE_URL to run this on PostgreSQL")
    reason = _pg_reachable(PG_URL)
    if reason:
        pytest.skip(reason)
    name = f"shmo_test_{uuid.uuid4().hex[:10]}"
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)

    async def admin(statement: str) -> None:
        engine = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(text(statement))
        finally:
            await engine.dispose()

    async def build() -> None:
        await admin(f'CREATE DATABASE "{name}"')
        engine = create_engine(url)
        try:
            await migrate.upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(build())
    yield url
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _empty_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            await conn.execute(table.delete())


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a freshly migrated, empty database."""
    if request.param == "sqlite":
        path = tmp_path / "shmo.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    url: str = request.getfixturevalue("pg_database_url")
    yield url
    asyncio.run(_emptied(url))


@pytest.fixture
def pg_url(pg_database_url: str) -> Iterator[str]:
    """The PostgreSQL test database (for several instances of the bot), emptied afterwards."""
    yield pg_database_url
    asyncio.run(_emptied(pg_database_url))


async def _emptied(url: str) -> None:
    engine = create_engine(url)
    try:
        await _empty_tables(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def double() -> AsyncIterator[BotAPIDouble]:
    async with BotAPIDouble() as server:
        yield server


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_settings(double: BotAPIDouble, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": double.token,
        "telegram_api_base": double.base_url,
        "database_url": database_url,
        "admin_ids": (ADMIN_ID,),
        "timezone": "Europe/Moscow",
        "default_locale": "ru",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
async def harness(
    double: BotAPIDouble, database_url: str, clock: FakeClock
) -> AsyncIterator[Harness]:
    runtime = create_runtime(make_settings(double, database_url), clock=clock)
    try:
        yield Harness(runtime, double, clock)
    finally:
        await runtime.aclose()
