"""The unit of work: one session and one transaction per update or job."""

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
