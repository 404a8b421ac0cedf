"""Each update handled once: a delivery of an update already handled is dropped
(``bot.storage.handled``). Sits outside the unit of work, which has rolled back when the
update's first commit finds its id recorded."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from bot import metrics
from bot.clock import Clock
from bot.storage.handled import AlreadyHandled, handling

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class HandledOnce(BaseMiddleware):
    """An update middleware: the update's id is recorded with its first commit; an update whose
    id was recorded before is dropped (answered 200 on a webhook, so Telegram lets it go)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        clock: Clock = data["clock"]
        with handling(event.update_id, clock.now()):
            try:
                return await handler(event, data)
            except AlreadyHandled:
                metrics.update_redelivered()
                logger.info(
                    "update %s was handled before: this delivery is dropped", event.update_id
                )
                return UNHANDLED
