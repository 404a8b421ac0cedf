"""Updates in flight, so that a stopping bot finishes what it has started.

Long polling confirms a batch of updates as soon as it asks for the next one, so an update
fetched before SIGTERM will not come again: the bot must finish it. At a stop the bot waits
(a bounded time) for the updates it is handling before it closes its connections.

The same middleware times each update for /metrics (``bot.metrics``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

from bot import metrics

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight(BaseMiddleware):
    """An update middleware that counts the updates being handled now."""

    def __init__(self) -> None:
        self.running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self.running += 1
        self._idle.clear()
        started = time.perf_counter()
        metrics.update_started()
        try:
            return await handler(event, data)
        finally:
            metrics.update_finished(_kind(event), time.perf_counter() - started)
            self.running -= 1
            if not self.running:
                self._idle.set()

    async def settle(self, grace: float) -> int:
        """Wait up to ``grace`` seconds for the running updates; how many are still running.
        (Idle for a moment is not enough: an update taken meanwhile is waited for too.)"""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        with contextlib.suppress(TimeoutError):
            while self.running:
                await asyncio.wait_for(self._idle.wait(), max(0.0, deadline - loop.time()))
        return self.running


def _kind(event: TelegramObject) -> str:
    """The update's type (``message``, ``callback_query``…), for the metrics' label."""
    if isinstance(event, Update):
        with contextlib.suppress(UpdateTypeLookupError):
            return event.event_type
    return "other"
