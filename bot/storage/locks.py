"""Locks between instances of the bot on PostgreSQL.

* :class:`SessionLocks` — advisory locks held on a connection of their own (not one of the
  pool's), for as long as their holder wants, across any number of transactions: the
  scheduler's leadership, a person's update. A process that dies closes its connection, and
  PostgreSQL lets go of every lock it held at once; nothing is left to expire.
* :meth:`LockRepo.one_at_a_time` — for the rest of a transaction, no other transaction of any
  instance gets past the same point for the same name (a scheduled job run twice at once waits
  for the first and then finds its work done). On SQLite there is one process, and its write
  lock already makes every writing transaction wait for the others: nothing to do.

Advisory locks exist only on PostgreSQL; nothing here is used on SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine
from sqlalchemy.pool import NullPool

logger = logging.getLogger(__name__)

# Seconds a lock's call may wait for the database's answer.
COMMAND_TIMEOUT = 10.0


def lock_key(name: str) -> int:
    """A 64-bit advisory lock key for ``name`` (signed, as PostgreSQL's bigint)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class SessionLocks:
    """Advisory locks on one dedicated connection (see the module's docstring).

    A lock is taken with :meth:`try_lock`, which answers at once; the answer is the connection's
    *generation*, which :meth:`unlock` and :meth:`holds` are given back: once the connection is
    lost (and a new one made) the locks taken on the old one are gone, and nothing is unlocked
    on the new one by mistake.
    """

    def __init__(self, url: str, *, name: str) -> None:
        self._engine = create_async_engine(
            url,
            poolclass=NullPool,
            connect_args={
                # A call that gets no answer fails (a leader cut off from the database steps
                # down), and the server finds a peer gone without a word (a machine that froze
                # or lost its network) in about 10 s instead of TCP's two hours, and lets go of
                # its locks.
                "command_timeout": COMMAND_TIMEOUT,
                "server_settings": {
                    "application_name": name[:63],
                    "tcp_keepalives_idle": "4",
                    "tcp_keepalives_interval": "2",
                    "tcp_keepalives_count": "3",
                },
            },
        )
        self._conn: AsyncConnection | None = None
        self._io = asyncio.Lock()
        self._orphans: set[asyncio.Future[None]] = set()
        self.generation = 0

    async def try_lock(self, key: int) -> int | None:
        """Take the lock ``key`` if no one holds it: the generation, or None."""
        task = asyncio.ensure_future(self._try_lock(key))
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            # The caller gave up; if the lock was granted all the same, let it go again.
            task.add_done_callback(lambda done: self._release_orphan(key, done))
            raise

    def _release_orphan(self, key: int, task: asyncio.Future[int | None]) -> None:
        if task.cancelled() or task.exception() is not None or task.result() is None:
            return
        release = asyncio.ensure_future(self.unlock(key, task.result()))  # type: ignore[arg-type]
        self._orphans.add(release)
        release.add_done_callback(self._orphans.discard)

    async def _try_lock(self, key: int) -> int | None:
        async with self._io:
            try:
                conn = await self._connection()
                got = await conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
            except Exception:
                await self._drop()
                raise
            return self.generation if got else None

    async def unlock(self, key: int, generation: int) -> None:
        """Let go of a lock taken on ``generation`` (nothing when that connection is gone)."""
        await asyncio.shield(self._unlock(key, generation))

    async def _unlock(self, key: int, generation: int) -> None:
        async with self._io:
            conn = self._conn
            if conn is None or generation != self.generation:
                return
            try:
                await conn.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            except Exception:
                # Closing the connection lets go of the lock (and of the others on it).
                logger.warning("could not release a lock; its connection is closed instead")
                await self._drop()

    async def holds(self, generation: int) -> bool:
        """Whether the connection of ``generation`` is still there (one round trip)."""
        async with self._io:
            conn = self._conn
            if conn is None or generation != self.generation:
                return False
            try:
                await conn.scalar(text("SELECT 1"))
            except Exception:
                await self._drop()
                return False
            return True

    async def close(self) -> None:
        """Close the connection: every lock on it is let go."""
        async with self._io:
            await self._drop()
        await self._engine.dispose()

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self._engine.connect()
            self._conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            self.generation += 1
        return self._conn

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()


class LockRepo:
    """Locks within the current transaction (``repo.locks``)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def one_at_a_time(self, name: str) -> None:
        """Until this transaction ends, another transaction that asks for ``name`` waits."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(f"job:{name}")}
            )
