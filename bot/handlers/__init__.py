"""Routers, one per capability, in a deliberate order."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from bot.filters import GuestFilter, RoleFilter
from bot.handlers import (
    chats,
    common,
    directory,
    errors,
    fallback,
    group_help,
    guests,
    members,
    registry,
    start,
)

PRIVATE = F.chat.type == ChatType.PRIVATE
GROUP = F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP})


def get_routers() -> list[Router]:
    """The routers in the order they must see an update; the catch-all comes last.

    private — everything said to the bot in a private chat:
        start    /start, for anyone
        common   /cancel, for anyone
        guests   people the bot does not know yet (GuestFilter)
        members  registered people (RoleFilter): help, registry, directory, chats
        fallback unknown commands, free text, stale buttons — last
    groups — commands addressed to the bot in a group chat
    chat membership — the bot added to or removed from a group
    errors — domain errors and the unexpected, for every update
    """
    private = Router(name="private")
    private.message.filter(PRIVATE)
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)

    guest_room = guests.create_router()
    guest_room.message.filter(GuestFilter())
    member_room = members.create_router()
    member_room.message.filter(RoleFilter())
    member_room.callback_query.filter(RoleFilter())
    member_room.include_routers(
        registry.create_router(),
        directory.create_router(),
        chats.create_private_router(),
    )
    private.include_routers(
        start.create_router(),
        common.create_router(),
        guest_room,
        member_room,
        fallback.create_router(),
    )

    group = Router(name="groups")
    group.message.filter(GROUP)
    group.include_routers(chats.create_group_router(), group_help.create_router())

    return [private, group, chats.create_chat_member_router(), errors.create_router()]
