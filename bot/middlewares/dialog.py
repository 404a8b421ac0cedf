"""Dialog state for an update: one person's updates one at a time, the state read in the unit.

aiogram's own FSM middleware takes the person's lock and reads the state before any of our
middlewares run, so the read needed a session, a connection and a transaction of its own on
every update. Here the two halves are apart: :class:`DialogLock` takes the lock first, so the
update's unit of work (opened inside it) has committed before the next update of the same
person starts; :class:`DialogStateLoader` reads the state inside the unit of work, in the
update's own transaction.

With several instances (PostgreSQL), two updates of one person may reach two processes at once:
:class:`SharedIsolation` makes the person's lock one for all of them (an advisory lock held on a
connection of its own for the whole update, across the update's commits).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import TelegramObject

from bot.fsm import storage_key
from bot.storage.locks import SessionLocks, lock_key

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# A person whose lock another instance holds is asked for again after these pauses.
FIRST_RETRY = 0.01
LAST_RETRY = 0.2


class DialogLock(FSMContextMiddleware):
    """The person's dialog context and lock, as aiogram's FSM middleware, without the read."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context = self.resolve_event_context(cast(Bot, data["bot"]), data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await handler(event, data)
        async with self.events_isolation.lock(key=context.key):
            data["state"] = context
            return await handler(event, data)


class DialogStateLoader(BaseMiddleware):
    """Reads the dialog state (``raw_state``, which state filters match) in the unit of work."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if state is not None:
            data["raw_state"] = await state.get_state()
        return await handler(event, data)


class SharedIsolation(BaseEventIsolation):
    """One person's updates one at a time across every instance of the bot.

    The person's lock in this process comes first (updates of one person in one process queue
    here, costing the database nothing); then the advisory lock of the person on this
    instance's lock connection, which the update holds to its end, whatever it commits on the
    way. Another instance holding it: asked again after a short pause, growing to 0.2 s. A
    process that dies closes its connection, and PostgreSQL lets go of its persons at once. An
    update holds one person's lock and takes it before any transaction, so no two updates can
    wait for each other.
    """

    def __init__(self, locks: SessionLocks) -> None:
        self.locks = locks
        self._local = SimpleEventIsolation()

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        async with self._local.lock(key):
            person = lock_key(f"person:{storage_key(key)}")
            pause = FIRST_RETRY
            while (generation := await self.locks.try_lock(person)) is None:
                await asyncio.sleep(pause)
                pause = min(pause * 2, LAST_RETRY)
            try:
                yield
            finally:
                await self.locks.unlock(person, generation)

    async def close(self) -> None:
        await self._local.close()
