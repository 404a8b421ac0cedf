"""Engine and session factory, the same code for SQLite and PostgreSQL.

SQLite is tuned for one process with many concurrent updates: statements run on the event
loop's thread (:mod:`bot.storage.sqlite_inline`), WAL journal (readers never wait for the
writer), waits for a lock that never block the loop, and every transaction of the ordinary
session factory starts with ``BEGIN IMMEDIATE`` so that two writers queue up instead of one
failing with "database is locked" when it upgrades a read lock; the queue is an asyncio lock,
served in order (:class:`_WritersLine`). ``read_sessions`` begins deferred transactions for work
that only reads.

Erased personal data must not outlive its erasure in the SQLite files: every connection
zeroes deleted content (``secure_delete``), and a unit of work that erased someone asks,
with :func:`wipe_after_commit`, for the write-ahead log to be checkpointed and truncated
once it has committed, so that old page versions do not stay in the log either.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session
from sqlalchemy.util.concurrency import await_only, in_greenlet

from bot.storage.sqlite_inline import InlineConnection

logger = logging.getLogger(__name__)

_BEGIN_OPTION = "sqlite_begin"
_WIPE = "sqlite_wipe_after_commit"
_OUTBOX_ADDED = "outbox_added"
_OUTBOX_HOOK = "after_outbox_commit"


# Connections a bot holds besides its updates' (the sender, the reporter, scheduled jobs).
BACKGROUND_CONNECTIONS = 6


def create_engine(
    url: str, *, busy_timeout_ms: int = 30_000, updates_at_once: int = 64, echo: bool = False
) -> AsyncEngine:
    """An async engine for ``url``; creates the SQLite file's folder when it is missing.

    On PostgreSQL the pool can give every update handled at once a connection of its own, plus
    the background work, so none of them waits for the pool (only for the rows it touches).
    """
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"echo": echo}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["async_creator"] = InlineConnection.creator(
            database or ":memory:", busy_timeout_ms / 1000
        )
        engine = create_async_engine(url, **kwargs)
        _tune_sqlite(engine, busy_timeout_ms)
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["pool_size"] = min(10, updates_at_once + BACKGROUND_CONNECTIONS)
        kwargs["max_overflow"] = updates_at_once + BACKGROUND_CONNECTIONS - kwargs["pool_size"]
        engine = create_async_engine(url, **kwargs)
    return engine


def _tune_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The connection is opened without the driver's transaction control (we emit BEGIN
        # ourselves, below) and with no busy wait of its own: a statement that finds the
        # database locked is tried again without blocking the event loop (sqlite_inline).
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted content is overwritten with zeros, not left in free space.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    line = _WritersLine(busy_timeout_ms / 1000)

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        if mode == "IMMEDIATE":
            line.enter(conn.connection.dbapi_connection)
        try:
            conn.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            line.leave(conn.connection.dbapi_connection)
            raise

    @event.listens_for(sync_engine, "commit")
    @event.listens_for(sync_engine, "rollback")
    def _on_end(conn: Connection) -> None:
        line.leave(conn.connection.dbapi_connection)

    @event.listens_for(sync_engine.pool, "reset")
    @event.listens_for(sync_engine.pool, "invalidate")
    def _on_reset(dbapi_connection: Any, *_: Any) -> None:
        line.leave(dbapi_connection)


class _WritersLine:
    """The writers of one SQLite database, served in order, scheduled work first.

    SQLite has one write lock per file. Writers that wait for it inside SQLite poll with growing
    sleeps (up to 100 ms), so the lock often lies free while they sleep and the order is a
    lottery. Here a writer waits for its turn before its ``BEGIN IMMEDIATE`` and hands the turn
    on when it commits or rolls back, so the next writer starts at once. Writers of updates
    (marked with :func:`behind_scheduled_work`) let scheduled and delivery work go first, so a
    reminder does not wait behind a burst of button presses. Readers never queue.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._holder: Any = None
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._tickets = itertools.count()

    def enter(self, dbapi_connection: Any) -> None:
        if self._holder is dbapi_connection or not in_greenlet():
            return
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._holder, self._waiting = loop, None, []
        if self._holder is None:
            self._holder = dbapi_connection
            return
        turn: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiting, (int(_behind.get()), next(self._tickets), turn))
        try:
            await_only(asyncio.wait_for(turn, self.timeout))
        except BaseException:
            if turn.done() and not turn.cancelled():  # handed the turn, but gave up: pass it on
                self._holder = dbapi_connection
                self.leave(dbapi_connection)
            raise
        self._holder = dbapi_connection

    def leave(self, dbapi_connection: Any) -> None:
        if self._holder is not dbapi_connection:
            return
        while self._waiting:
            _, _, turn = heapq.heappop(self._waiting)
            if not turn.done():  # a writer that timed out has left the line
                self._holder = _HANDED_ON
                turn.set_result(None)
                return
        self._holder = None


_HANDED_ON = object()
_behind: ContextVar[bool] = ContextVar("sqlite_writer_behind_scheduled_work", default=False)


@contextmanager
def behind_scheduled_work() -> Iterator[None]:
    """Within the block, SQLite writes let scheduled and delivery work go first (an update)."""
    token = _behind.set(True)
    try:
        yield
    finally:
        _behind.reset(token)


class _Session(Session):
    """The ORM session of our async sessions; it can checkpoint after its commit."""


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for updates, jobs and commands; on SQLite they begin with a write lock."""
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=_Session)


def read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for work that only reads; on SQLite they begin deferred and never block writers."""
    return async_sessionmaker(
        engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"}),
        expire_on_commit=False,
        sync_session_class=_Session,
    )


def wipe_after_commit(session: AsyncSession) -> None:
    """Personal data was erased in this transaction: once it commits, fold the write-ahead log
    into the database file and truncate it (SQLite only; other databases need nothing)."""
    sync = session.sync_session
    if sync.get_bind().dialect.name == "sqlite":
        sync.info[_WIPE] = True


@event.listens_for(_Session, "after_commit")
def _checkpoint(session: Session) -> None:
    if not session.info.pop(_WIPE, False):
        return
    # The session's own connection is between transactions; a checkpoint needs one that is
    # outside any, so it takes another from the pool, bypassing our BEGIN.
    # The checkpoint waits for readers, so it runs off the event loop, which serves them.
    raw = session.get_bind().raw_connection()
    try:
        busy, _, _ = await_only(raw.driver_connection.checkpoint("TRUNCATE"))
    finally:
        raw.close()
    if busy:
        logger.warning("the write-ahead log could not be truncated now: readers were busy")


@event.listens_for(_Session, "after_rollback")
def _no_checkpoint(session: Session) -> None:
    session.info.pop(_WIPE, None)
    session.info.pop(_OUTBOX_ADDED, None)


def wake_after_outbox_commit(
    sessions: async_sessionmaker[AsyncSession], hook: Callable[[], None]
) -> None:
    """Call ``hook`` (the sender's wake-up) after every commit of a session of ``sessions`` that
    added outbox rows: the sender looks for them once they are there, never before."""
    info = dict(sessions.kw.get("info") or {})
    info[_OUTBOX_HOOK] = hook
    sessions.configure(info=info)


def outbox_added(session: AsyncSession) -> None:
    """Outbox rows were added in this transaction (see :func:`wake_after_outbox_commit`)."""
    session.sync_session.info[_OUTBOX_ADDED] = True


@event.listens_for(_Session, "after_commit")
def _wake_sender(session: Session) -> None:
    if session.info.pop(_OUTBOX_ADDED, False):
        hook = session.info.get(_OUTBOX_HOOK)
        if hook is not None:
            hook()
