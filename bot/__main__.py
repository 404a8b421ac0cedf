"""Command line: ``shmo-bot run`` starts the bot, ``shmo-bot migrate`` brings the schema up,
``shmo-bot demo`` shows it at work without a token."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

# The heavy modules (aiogram, the handlers, the database) are imported by the command that
# needs them: `migrate` does without aiogram, `demo` starts quickly.
if TYPE_CHECKING:
    from bot.config import Settings
    from bot.factory import Runtime
    from bot.i18n import Translator

logger = logging.getLogger("bot")

EXIT_CONFIG = 2
# How long a stopping bot waits for the updates it is handling.
STOP_GRACE = 8.0


class Fatal(Exception):
    """A condition that ends the command with one line on stderr."""

    def __init__(self, text: str, code: int = EXIT_CONFIG) -> None:
        super().__init__(text)
        self.text = text
        self.code = code


def _cli_translator() -> Translator:
    from bot.config import SUPPORTED_LOCALES
    from bot.i18n import Translator

    wanted = os.environ.get("DEFAULT_LOCALE", "").strip().lower()
    return Translator(default_locale=wanted if wanted in SUPPORTED_LOCALES else "ru")


def load_settings(translator: Translator) -> Settings:
    """Settings, or :class:`Fatal` with one line per bad setting (never its value)."""
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        return Settings()
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            key = "cli-setting-missing" if error["type"] == "missing" else "cli-setting-invalid"
            lines.append(
                translator(
                    key,
                    name=field.upper(),
                    hint=translator(f"cli-hint-{field.replace('_', '-')}"),
                )
            )
        raise Fatal("\n".join(dict.fromkeys(lines))) from None


async def _migrate(settings: Settings, translator: Translator) -> None:
    from sqlalchemy.exc import DBAPIError, OperationalError

    from bot.storage import migrate
    from bot.storage.engine import create_engine

    engine = create_engine(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        await migrate.upgrade(engine)
    except (OperationalError, DBAPIError, OSError) as exc:
        raise Fatal(translator("cli-database-unreachable", reason=_reason(exc)), 1) from None
    finally:
        await engine.dispose()
    print(translator("cli-migrated", head=migrate.head_revision()), file=sys.stderr)


async def _run(settings: Settings, translator: Translator) -> None:
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
    from sqlalchemy.exc import DBAPIError, OperationalError

    from bot.commands import set_default_commands
    from bot.factory import create_runtime
    from bot.storage import migrate

    runtime = create_runtime(settings, translator=translator, clock=settings.clock())
    try:
        try:
            current = await migrate.current_revision(runtime.engine)
        except (OperationalError, DBAPIError, OSError) as exc:
            raise Fatal(translator("cli-database-unreachable", reason=_reason(exc)), 1) from None
        head = migrate.head_revision()
        if current != head:
            raise Fatal(translator("cli-not-migrated", current=current or "—", head=head))
        try:
            me = await runtime.bot.me()
            await set_default_commands(runtime.bot, runtime.translator)
        except TelegramUnauthorizedError:
            raise Fatal(translator("cli-token-rejected")) from None
        except TelegramNetworkError as exc:
            base = settings.telegram_api_base or "api.telegram.org"
            raise Fatal(
                translator("cli-api-unreachable", base=base, reason=_reason(exc)), 1
            ) from None
        runtime.transport.username = me.username
        logger.info("started as @%s (id %s), time zone %s", me.username, me.id, settings.timezone)
        dp = runtime.dispatcher
        # The scheduler: here from the start (SQLite), or on the instance that leads it.
        await runtime.cluster.start()
        stop = asyncio.Event()
        background = [
            asyncio.create_task(runtime.sender.run(stop), name="sender"),
            asyncio.create_task(runtime.reporter.run(stop), name="reporter"),
        ]
        try:
            await dp.start_polling(
                runtime.bot,
                allowed_updates=dp.resolve_used_update_types(),
                handle_signals=True,
                tasks_concurrency_limit=settings.updates_at_once,
                close_bot_session=False,
            )
        finally:
            # Polling has stopped (SIGTERM/SIGINT): hand the scheduler over, finish the
            # updates being handled, and let the sender finish what is in flight and give
            # back the rest it claimed.
            await runtime.cluster.stop()
            await _finish_updates(runtime)
            stop.set()
            await asyncio.gather(*background, return_exceptions=True)
        logger.info(translator("cli-stopped"))
    finally:
        await runtime.aclose()


async def _finish_updates(runtime: Runtime) -> None:
    """Wait (a bounded time) for the updates being handled: Telegram will not send them again."""
    unfinished = await runtime.inflight.settle(STOP_GRACE)
    if unfinished:
        logger.warning("stopped with %s updates unfinished", unfinished)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shmo-bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (long polling)")
    commands.add_parser("migrate", help="apply database migrations")
    demo = commands.add_parser(
        "demo", help="try the bot without a token (nothing leaves 127.0.0.1)"
    )
    from bot.demo.cli import add_arguments
    from bot.demo.cli import main as demo_main

    add_arguments(demo)
    args = parser.parse_args(argv)
    if args.command == "demo":
        try:
            return demo_main(args)
        except KeyboardInterrupt:
            return 130

    translator = _cli_translator()
    try:
        settings = load_settings(translator)
        translator.default_locale = settings.default_locale  # the texts are loaded once
        token = settings.bot_token.get_secret_value()
        from bot.logs import configure_logging

        configure_logging(settings.log_level, [token, token.partition(":")[2]])
        if args.command == "migrate":
            asyncio.run(_migrate(settings, translator))
        else:
            asyncio.run(_run(settings, translator))
    except Fatal as fatal:
        print(fatal.text, file=sys.stderr)
        return fatal.code
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
