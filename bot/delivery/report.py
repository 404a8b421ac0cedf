"""Keeps each broadcast's report message up to date, edited in place, never re-sent."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.transport import RetryAfter, Transport
from bot.storage.repositories import Repo
from bot.storage.unit import unit_of_work

logger = logging.getLogger(__name__)

# A report to edit: chat, message, text and buttons (as stored content's buttons).
ReportView = tuple[int, int, str, list[Any]]
# Finds the reports whose figures changed (and marks them seen), rendered: given by the
# capability that owns the reports, so that delivery knows none.
ChangedReports = Callable[[Repo], Awaitable[list[ReportView]]]


class Reporter:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        transport: Transport,
        changed: ChangedReports,
        *,
        interval: float = 2.0,
    ) -> None:
        self.sessions = sessions
        self.transport = transport
        self.changed = changed
        self.interval = interval

    async def tick(self) -> int:
        """Edit every report whose figures changed since the last tick; how many were edited."""
        async with unit_of_work(self.sessions) as repo:
            views = await self.changed(repo)
        for chat_id, message_id, text, buttons in views:
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
