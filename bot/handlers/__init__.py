"""Routers, one per capability, in a deliberate order."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from bot.filters import GuestFilter, RoleFilter
from bot.handlers import (
    audit,
    broadcast_reports,
    broadcasts,
    common,
    deadlines,
    directory,
    errors,
    events,
    fallback,
    group_help,
    groups,
    guests,
    help,
    invites,
    minutes,
    minutes_registry,
    newdeadline,
    newevent,
    onboarding,
    profile,
    registry,
    registry_import,
    results,
    roadmap,
    start,
    survey,
    survey_admin,
    survey_new,
)
from bot.handlers.ui import audience
from bot.middlewares import CommandStartsFresh

PRIVATE = F.chat.type == ChatType.PRIVATE
GROUP = F.chat.type.in_({ChatType.GROUP, ChatType.SUPERGROUP})


def get_routers() -> list[Router]:
    """The routers in the order they must see an update; the catch-all comes last.

    private — everything said to the bot in a private chat:
        common     /cancel, for anyone, in any step
        onboarding /start <invite>, consent and the profile steps
        forget     /forget, for anyone who consented, the profile finished or not
        start      /start without an invite
        guests   people the bot does not know yet (GuestFilter)
        members  registered people (RoleFilter): help, survey (answering, first: the
                 busiest), invites, profile, registry, directory, groups, broadcasts,
                 events, newdeadline, deadlines, survey_new, survey_admin, roadmap,
                 results, minutes, minutes_registry, audit
        fallback unknown commands, free text, stale buttons — last
    groups — commands addressed to the bot in a group chat
    chat membership — the bot added to or removed from a group
    errors — domain errors and the unexpected, for every update
    """
    private = Router(name="private")
    private.message.filter(PRIVATE)
    private.message.outer_middleware(CommandStartsFresh())
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)

    guest_room = guests.create_router()
    guest_room.message.filter(GuestFilter())
    member_room = help.create_router()
    member_room.message.filter(RoleFilter())
    member_room.callback_query.filter(RoleFilter())
    member_room.include_routers(
        # First: a survey's presses and typed answers are the busiest updates there are (the
        # October campaign); its callback prefixes and dialog state are its own.
        survey.create_router(),
        invites.create_router(),
        profile.create_router(),
        registry.create_router(),
        registry_import.create_router(),
        directory.create_router(),
        groups.create_private_router(),
        broadcasts.create_router(),
        broadcast_reports.create_router(),
        audience.create_router(),
        newevent.create_router(),
        events.create_router(),
        newdeadline.create_router(),
        deadlines.create_router(),
        survey_new.create_router(),
        survey_admin.create_router(),
        roadmap.create_router(),
        results.create_router(),
        minutes.create_router(),
        minutes_registry.create_router(),
        audit.create_router(),
    )
    private.include_routers(
        common.create_router(),
        events.create_deeplink_router(),
        onboarding.create_router(),
        profile.create_forget_router(),
        start.create_router(),
        guest_room,
        member_room,
        fallback.create_router(),
    )

    group = Router(name="groups")
    group.message.filter(GROUP)
    group.include_routers(groups.create_group_router(), group_help.create_router())

    return [private, group, groups.create_chat_member_router(), errors.create_router()]
