"""One object for what every handler used to take as eight or nine arguments."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import Gettext, Translator
from bot.services import Services
from bot.services.people import MemberInfo, local_today


@dataclass(frozen=True)
class Ctx:
    """The update's services (one unit of work), the person, its language and dialog state,
    and the long-lived objects. A handler asks for ``ctx: Ctx``."""

    bot: Bot
    services: Services
    member: MemberInfo | None
    i18n: Gettext
    state: FSMContext
    clock: Clock
    settings: Settings
    translator: Translator

    @property
    def today(self) -> date:
        """Today in the deployment's time zone."""
        return local_today(self.clock.now(), self.settings.tz)


class ContextMiddleware(BaseMiddleware):
    """Gathers ``ctx`` from what the dispatcher and the outer middlewares put in."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["ctx"] = Ctx(
            bot=data["bot"],
            services=data["services"],
            member=data.get("member"),
            i18n=data["i18n"],
            state=data["state"],
            clock=data["clock"],
            settings=data["settings"],
            translator=data["translator"],
        )
        return await handler(event, data)


def install(router: Router) -> Router:
    """Give the handlers of ``router`` (messages and buttons) their ``ctx``."""
    router.message.middleware(ContextMiddleware())
    router.callback_query.middleware(ContextMiddleware())
    return router
