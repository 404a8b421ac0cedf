"""Keeps each broadcast's report message up to date, edited in place, never re-sent."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.delivery.transport import RetryAfter, Transport
from bot.services.broadcasts import BroadcastService, Figures
from bot.storage.unit import unit_of_work

logger = logging.getLogger(__name__)

Render = Callable[[Figures, str | None], tuple[str, list[Any]]]


class Reporter:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        transport: Transport,
        clock: Clock,
        render: Render,
        *,
        interval: float = 2.0,
    ) -> None:
        self.sessions = sessions
        self.transport = transport
        self.clock = clock
        self.render = render
        self.interval = interval

    async def tick(self) -> int:
        """Edit every report whose figures changed since the last tick; how many were edited."""
        async with unit_of_work(self.sessions) as repo:
            service = BroadcastService(repo, self.clock)
            targets = await service.dirty_reports()
            views = [
                (chat_id, message_id, self.render(await service.figures(bid), locale))
                for bid, chat_id, message_id, locale in targets
            ]
        for chat_id, message_id, (text, buttons) in views:
            result = await self.transport.edit(chat_id, message_id, text, buttons)
            if isinstance(result, RetryAfter):
                await asyncio.sleep(result.seconds)
        return len(views)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.tick()
            except Exception:
                logger.exception("could not update delivery reports")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
        await self.tick()
