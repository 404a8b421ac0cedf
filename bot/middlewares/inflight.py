"""Updates in flight, so that a stopping bot finishes them and tells Telegram what it handled.

Long polling confirms an update only with the next ``getUpdates``; when the bot stops, the last
batch would come again, handled or not. At a stop the bot waits for the updates it is handling
(a bounded time), then confirms every update below the first one still unfinished: a handled
update is not handled twice, an unhandled one is delivered again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight(BaseMiddleware):
    """The outermost update middleware: which updates are being handled now."""

    def __init__(self) -> None:
        self.running: set[int] = set()
        self.highest: int | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        update_id = event.update_id if isinstance(event, Update) else None
        if update_id is None:
            return await handler(event, data)
        self.running.add(update_id)
        self.highest = update_id if self.highest is None else max(self.highest, update_id)
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.running.discard(update_id)
            if not self.running:
                self._idle.set()

    async def settle(self, grace: float) -> int | None:
        """Wait up to ``grace`` seconds for the running updates; the offset to confirm
        (every update below it is finished), or None when no update was seen."""
        if self.running:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), grace)
        if self.running:
            return min(self.running)
        return None if self.highest is None else self.highest + 1
