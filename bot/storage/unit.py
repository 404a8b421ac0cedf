"""The unit of work: one session per update or job, committed in short transactions.

A unit of work may commit more than once: :func:`commit_current` ends the running transaction
before the bot talks to the network (see ``bot.middlewares.commit``), so nothing written waits
uncommitted — and no lock, on SQLite not the write lock, is held — while a Bot API call is in
flight. A transaction that has only read is left open (ending it would be a round trip to the
database for nothing). What the block writes after the last commit is committed when it
succeeds and rolled back when it raises.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.engine import must_end_before_telling
from bot.storage.repositories import Repo

_current: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


def current_session() -> AsyncSession | None:
    """The session of the unit of work running in this task, if any."""
    return _current.get()


async def commit_current() -> None:
    """Commit what the running unit of work has written or changed so far; nothing when it has
    nothing to commit, or has only read and holds no lock (see :func:`must_end_before_telling`).

    The session stays usable: its next statement begins a new transaction (or goes on in the
    one that only read).
    """
    session = _current.get()
    if session is not None and must_end_before_telling(session):
        await session.commit()


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Repo]:
    """Commit when the block succeeds, roll back when it raises; nothing half-written."""
    async with sessions() as session:
        token = _current.set(session)
        try:
            yield Repo(session)
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        finally:
            _current.reset(token)
