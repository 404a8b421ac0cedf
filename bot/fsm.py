"""Dialog state kept in the bot's own database (aiogram ships no SQL storage).

Inside an update the state is written in the update's own transaction, so a dialog step and
its data commit or roll back together; outside one it uses a short transaction of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.storage.repositories import DialogStateRepo
from bot.storage.unit import current_session


def storage_key(key: StorageKey) -> str:
    return ":".join(
        str(part)
        for part in (
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id or 0,
            key.business_connection_id or "",
            key.destiny,
        )
    )


class DatabaseStorage(BaseStorage):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        read_sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
    ) -> None:
        self.sessions = sessions
        self.read_sessions = read_sessions
        self.clock = clock

    @asynccontextmanager
    async def _repo(self, *, write: bool) -> AsyncIterator[DialogStateRepo]:
        session = current_session()
        if session is not None:
            yield DialogStateRepo(session)
            return
        factory = self.sessions if write else self.read_sessions
        async with factory() as own, own.begin():
            yield DialogStateRepo(own)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._repo(write=True) as repo:
            await repo.set_state(storage_key(key), value, self.clock.now())

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._repo(write=False) as repo:
            row = await repo.get(storage_key(key))
            return row.state if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._repo(write=True) as repo:
            await repo.set_data(storage_key(key), dict(data), self.clock.now())

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._repo(write=False) as repo:
            row = await repo.get(storage_key(key))
            return dict(row.data) if row else {}

    async def close(self) -> None:
        return None
