"""What every update carries to its handler: services, the member and the person's language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import tzinfo
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.fsm import storage_key
from bot.i18n import Translator
from bot.services import Services
from bot.services.deadlines import FileRules
from bot.services.minutes.rules import MinutesRules
from bot.services.people import MemberInfo
from bot.storage.engine import behind_scheduled_work
from bot.storage.unit import unit_of_work

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DatabaseMiddleware(BaseMiddleware):
    """One session per update: commit when the handler succeeds, roll back when it raises."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        admin_ids: frozenset[int],
        translator: Translator,
        tz: tzinfo,
        files: FileRules | None = None,
        minutes: MinutesRules | None = None,
    ) -> None:
        self.sessions = sessions
        self.files = files
        self.minutes = minutes
        self.clock = clock
        self.admin_ids = admin_ids
        self.translator = translator
        self.tz = tz

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        # An update's writes let reminders and delivery go first.
        with behind_scheduled_work():
            async with unit_of_work(self.sessions) as repo:
                data["services"] = Services(
                    repo,
                    self.clock,
                    self.admin_ids,
                    self.translator,
                    self.tz,
                    self.files,
                    self.minutes,
                )
                return await handler(event, data)


class MemberMiddleware(BaseMiddleware):
    """Loads the person behind the update as a plain :class:`MemberInfo` (or None), and with it,
    in the same statement, the person's dialog state, which ``DialogStateLoader`` (after this
    middleware) then finds read."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        member: MemberInfo | None = None
        if user is not None and not user.is_bot:
            services: Services = data["services"]
            state: FSMContext | None = data.get("state")
            dialog_key = storage_key(state.key) if state is not None else None
            member = await services.people.find(user.id, dialog_key=dialog_key)
        data["member"] = member
        return await handler(event, data)


class I18nMiddleware(BaseMiddleware):
    """The profile's language, else Telegram's when supported, else the default."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        member: MemberInfo | None = data.get("member")
        user: User | None = data.get("event_from_user")
        locale = self.translator.resolve_locale(
            member.locale if member else None,
            user.language_code if user else None,
        )
        data["i18n"] = self.translator.bind(locale)
        return await handler(event, data)


class CommandStartsFresh(BaseMiddleware):
    """A command typed in the middle of a dialog starts afresh: the open step is dropped, so
    the next plain message is not taken as the answer to a question no longer on screen.
    /cancel is left to its handler, which says what it cancelled."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        text = getattr(event, "text", None) or ""
        state = data.get("state")
        if (
            text.startswith("/")
            and not text.startswith("/cancel")
            and state is not None
            and data.get("raw_state") is not None
        ):
            await state.clear()
            data["raw_state"] = None
        return await handler(event, data)
