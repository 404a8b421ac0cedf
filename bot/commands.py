"""Command menus: the general one, and each registered person's by role."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from bot.i18n import Translator
from bot.storage.models import Role

GUEST_COMMANDS = ("start", "help", "cancel")
ROLE_COMMANDS: dict[Role, tuple[str, ...]] = {
    Role.METHODOLOGIST: (
        "help",
        "invite",
        "invites",
        "registry",
        "import",
        "members",
        "groups",
        "announce",
        "broadcasts",
        "newevent",
        "events",
        "newdeadline",
        "deadlines",
        "survey_new",
        "surveys",
        "survey_templates",
        "import_roadmap",
        "roadmap",
        "results",
        "minutes_registry",
        "audit",
        "me",
        "forget",
        "cancel",
    ),
    Role.COORDINATOR: (
        "help",
        "invite",
        "invites",
        "registry",
        "members",
        "groups",
        "announce",
        "broadcasts",
        "events",
        "newdeadline",
        "deadlines",
        "survey_new",
        "surveys",
        "roadmap",
        "results",
        "minutes_registry",
        "me",
        "forget",
        "cancel",
    ),
    Role.HEAD: (
        "help",
        "minutes",
        "newevent",
        "events",
        "newdeadline",
        "deadlines",
        "roadmap",
        "me",
        "forget",
        "cancel",
    ),
    Role.TEACHER: ("help", "events", "deadlines", "me", "forget", "cancel"),
}


def _commands(
    translator: Translator, names: tuple[str, ...], locale: str | None
) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=translator(f"command-{name}", locale=locale))
        for name in names
    ]


async def set_default_commands(bot: Bot, translator: Translator) -> None:
    """The menu of people the bot does not know yet, in every supported language."""
    scope = BotCommandScopeAllPrivateChats()
    for locale in (None, *translator.locales):
        await bot.set_my_commands(
            _commands(translator, GUEST_COMMANDS, locale), scope=scope, language_code=locale
        )


async def apply_menu(
    bot: Bot, translator: Translator, chat_id: int, role: Role | None, locale: str | None
) -> None:
    """A person's own menu (their role's commands), or back to the general one (None).

    A failure to set a menu is not worth failing the person's action for: it is logged by
    aiogram and the general menu stays.
    """
    scope = BotCommandScopeChat(chat_id=chat_id)
    try:
        if role is None:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(
                _commands(translator, ROLE_COMMANDS[role], locale or translator.default_locale),
                scope=scope,
            )
    except TelegramAPIError:
        return
