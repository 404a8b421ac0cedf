"""The unit of work: one session per update or job, committed in short transactions.

A unit of work may commit more than once: :func:`commit_current` ends the running transaction
before the bot talks to the network (see ``bot.middlewares.commit``), so no transaction — and on
SQLite, no write lock — is held while a Bot API call is in flight, and nothing written waits
uncommitted. What the block writes after the last commit is committed when it succeeds and
rolled back when it raises.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.repositories import Repo

_current: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


def current_session() -> AsyncSession | None:
    """The session of the unit of work running in this task, if any."""
    return _current.get()


async def commit_current() -> None:
    """End the running unit of work's transaction, committing what it has written or changed so
    far (changes not yet flushed included); nothing when no transaction is open and nothing
    changed.

    The session stays usable: its next statement begins a new transaction.
    """
    session = _current.get()
    if session is not None:
        await _commit_if_open(session)


async def _commit_if_open(session: AsyncSession) -> None:
    """Commit what is open or changed; nothing at all otherwise (``AsyncSession.commit`` would
    begin and commit an empty transaction: a round through its machinery for nothing)."""
    if session.in_transaction() or session.new or session.dirty or session.deleted:
        await session.commit()


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Repo]:
    """Commit when the block succeeds, roll back when it raises; nothing half-written."""
    async with sessions() as session:
        token = _current.set(session)
        try:
            yield Repo(session)
            # most updates have committed before telling, and wrote nothing after
            await _commit_if_open(session)
        except BaseException:
            await session.rollback()
            raise
        finally:
            _current.reset(token)
