"""Filters that parent routers put in front of their handlers."""

from __future__ import annotations

from aiogram.filters import BaseFilter
from aiogram.types import TelegramObject

from bot.services.people import MemberInfo
from bot.storage.models import Role


class RoleFilter(BaseFilter):
    """Passes a registered member holding one of ``roles`` (all roles when none are given)."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles or Role)

    async def __call__(self, event: TelegramObject, member: MemberInfo | None = None) -> bool:
        return member is not None and member.registered and member.role in self.roles


class GuestFilter(BaseFilter):
    """Passes a person the bot does not know yet."""

    async def __call__(self, event: TelegramObject, member: MemberInfo | None = None) -> bool:
        return member is None
