"""SQLite run on the event loop's own thread, for SQLAlchemy's aiosqlite dialect.

aiosqlite runs each call of the ``sqlite3`` module on a thread of its own connection: making a
cursor, executing, fetching the rows and closing the cursor are four hand-offs per statement,
each waking that thread and then the event loop, and each contending for the GIL with the loop
while a burst of updates keeps it busy. This bot's statements are small and answered from
SQLite's page cache in tens of microseconds, so the hand-offs cost many times the work. This
module gives the dialect (through ``async_creator``) a connection with aiosqlite's async
interface that runs each call at once, on the loop's thread.

What the thread gave for free is kept:

* **Waiting for a lock never blocks the loop.** The connection's own busy timeout is 0: a
  statement that finds the database locked (another process writing, a checkpoint) fails at
  once and is retried after an asyncio sleep, with growing pauses, until ``busy_timeout``
  has passed. A statement SQLite refused as busy had no effect, so running it again is what
  SQLite's own busy handler does. Writers of this process never meet that way: they queue in
  order before their ``BEGIN IMMEDIATE`` (``engine._WritersLine``).
* **Long work can leave the loop.** Statements run inside :func:`sql_in_thread` (a report over
  tens of thousands of rows, a checkpoint that waits for readers) go to a worker thread, one at
  a time per connection, while the loop serves everyone else.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

_T = TypeVar("_T")

# Pauses between tries of a statement that found the database locked (seconds); the last repeats.
_PAUSES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05)

_in_thread: ContextVar[bool] = ContextVar("sqlite_in_thread", default=False)


@contextmanager
def sql_in_thread() -> Iterator[None]:
    """Within the block, SQLite statements run on a worker thread instead of the event loop."""
    token = _in_thread.set(True)
    try:
        yield
    finally:
        _in_thread.reset(token)


def _locked(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


class InlineConnection:
    """An aiosqlite-shaped connection whose calls run at once (see the module's docstring)."""

    def __init__(self, connection: sqlite3.Connection, busy_timeout: float) -> None:
        self._connection: sqlite3.Connection | None = connection
        self.busy_timeout = busy_timeout

    @classmethod
    def creator(cls, database: str, busy_timeout: float) -> Callable[[], Any]:
        """The ``async_creator`` of an engine on ``database``."""

        async def connect() -> InlineConnection:
            connection = sqlite3.connect(
                database, timeout=0, isolation_level=None, check_same_thread=False
            )
            return cls(connection, busy_timeout)

        return connect

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("Connection closed")
        return self._connection

    async def run(self, call: Callable[..., _T], *args: Any) -> _T:
        """``call(*args)`` on this connection: at once, or on a worker thread in
        :func:`sql_in_thread`; retried without blocking the loop while the database is locked."""
        deadline: float | None = None
        pause = 0
        while True:
            try:
                if _in_thread.get():
                    return await asyncio.to_thread(call, *args)
                return call(*args)
            except sqlite3.OperationalError as error:
                if not _locked(error):
                    raise
                now = time.monotonic()
                if deadline is None:
                    deadline = now + self.busy_timeout
                if now >= deadline:
                    raise
                await asyncio.sleep(_PAUSES[min(pause, len(_PAUSES) - 1)])
                pause += 1

    # -- the part of aiosqlite.Connection that SQLAlchemy's dialect uses --

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self, self._conn.cursor())

    async def commit(self) -> None:
        await self.run(self._conn.commit)

    async def rollback(self) -> None:
        await self.run(self._conn.rollback)

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Close at once (SQLAlchemy's terminate, also outside the loop)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    async def checkpoint(self, mode: str) -> tuple[int, int, int]:
        """``PRAGMA wal_checkpoint(mode)`` on a worker thread, waiting up to the busy timeout for
        readers as SQLite's busy handler does (the loop goes on serving them meanwhile)."""

        def checkpoint() -> tuple[int, int, int]:
            connection = self._conn
            connection.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
            try:
                return tuple(connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchone())
            finally:
                connection.execute("PRAGMA busy_timeout=0")

        return await asyncio.to_thread(checkpoint)


class InlineCursor:
    """An aiosqlite-shaped cursor over a ``sqlite3`` cursor (see :class:`InlineConnection`)."""

    def __init__(self, connection: InlineConnection, cursor: sqlite3.Cursor) -> None:
        self._connection = connection
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:  # SQLAlchemy's adapter enters a new cursor
        return self

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> InlineCursor:
        await self._connection.run(
            self._cursor.execute, sql, () if parameters is None else parameters
        )
        return self

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> InlineCursor:
        await self._connection.run(self._cursor.executemany, sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return await self._connection.run(self._cursor.fetchone)

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        if size is None:
            return await self._connection.run(self._cursor.fetchmany)
        return await self._connection.run(self._cursor.fetchmany, size)

    async def fetchall(self) -> list[Any]:
        return await self._connection.run(self._cursor.fetchall)

    async def close(self) -> None:
        self._cursor.close()

    async def __aiter__(self) -> AsyncIterator[Any]:
        while rows := await self.fetchmany(self._cursor.arraysize or 64):
            for row in rows:
                yield row

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value
