"""Dialog state for an update: one person's updates one at a time, the state read in the unit.

aiogram's own FSM middleware takes the person's lock and reads the state before any of our
middlewares run, so the read needed a session, a connection and a transaction of its own on
every update. Here the two halves are apart: :class:`DialogLock` takes the lock first, so the
update's unit of work (opened inside it) has committed before the next update of the same
person starts; :class:`DialogStateLoader` reads the state inside the unit of work, in the
update's own transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import TelegramObject

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


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
