"""Command line: ``shmo-bot run`` starts the bot, ``shmo-bot migrate`` brings the schema up,
``shmo-bot export-archive --year 2026`` writes a year's minutes into a ZIP, ``shmo-bot demo``
shows it at work without a token."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# The heavy modules (aiogram, the handlers, the database) are imported by the command that
# needs them: `migrate` does without aiogram, `demo` starts quickly.
if TYPE_CHECKING:
    from aiogram.types import User

    from bot.config import Settings
    from bot.factory import Runtime
    from bot.i18n import Translator
    from bot.server import HttpServer

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
    from bot import metrics
    from bot.factory import create_runtime, settle_memory
    from bot.server import HttpServer

    runtime = create_runtime(settings, translator=translator, clock=settings.clock())
    try:
        me = await _ready(runtime, translator)
        mode = "webhook" if settings.webhook_url else "polling"
        logger.info(
            "started as @%s (id %s), time zone %s, %s, instance %s",
            me.username,
            me.id,
            settings.timezone,
            mode,
            settings.instance_id,
        )
        metrics.set_instance(settings.instance_id, mode)
        metrics.count_deliveries(lambda: dataclasses.asdict(runtime.sender.stats))
        # The scheduler: here from the start (SQLite), or on the instance that leads it.
        await runtime.cluster.start()
        settle_memory()
        stop = asyncio.Event()
        sender = asyncio.create_task(runtime.sender.run(stop), name="sender")
        background = [sender, asyncio.create_task(runtime.reporter.run(stop), name="reporter")]
        server = HttpServer(
            runtime,
            sender_alive=lambda: not sender.done(),
            webhook=mode == "webhook",
            shutdown_timeout=STOP_GRACE,
        )
        try:
            if mode == "webhook":
                await _serve_webhook(runtime, server, translator)
            else:
                await _poll(runtime, server, translator)
        finally:
            # No update comes any more: hand the scheduler over, finish the updates being
            # handled, and let the sender finish what is in flight and give back the rest it
            # claimed.
            await runtime.cluster.stop()
            await _finish_updates(runtime)
            stop.set()
            await asyncio.gather(*background, return_exceptions=True)
        logger.info(translator("cli-stopped"))
    finally:
        await runtime.aclose()


async def _ready(runtime: Runtime, translator: Translator) -> User:
    """The database is at the code's schema, Telegram knows the token; the bot's account."""
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
    from sqlalchemy.exc import DBAPIError, OperationalError

    from bot.commands import set_default_commands
    from bot.storage import migrate

    settings = runtime.settings
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
        raise Fatal(translator("cli-api-unreachable", base=base, reason=_reason(exc)), 1) from None
    runtime.transport.username = me.username
    return me


async def _listen(server: HttpServer, host: str, port: int, translator: Translator) -> None:
    try:
        await server.start(host, port)
    except OSError as exc:
        address = f"{host}:{port}"
        raise Fatal(
            translator("cli-listen-failed", address=address, reason=_reason(exc)), 1
        ) from None
    logger.info("listening on %s", server.address)


async def _poll(runtime: Runtime, server: HttpServer, translator: Translator) -> None:
    """Long polling until SIGTERM/SIGINT; /healthz and /metrics on METRICS_PORT if it is set."""
    settings = runtime.settings
    dp = runtime.dispatcher
    webhook = await runtime.bot.get_webhook_info()
    if webhook.url:
        # A webhook set before (the bot ran behind a load balancer) would make Telegram refuse
        # every poll; the updates waiting there stay and come by polling.
        logger.warning("a webhook was set (%s): deleting it to poll", webhook.url)
        await runtime.bot.delete_webhook(drop_pending_updates=False)
    if settings.metrics_port:
        await _listen(server, settings.webhook_host, settings.metrics_port, translator)
    try:
        await dp.start_polling(
            runtime.bot,
            allowed_updates=dp.resolve_used_update_types(),
            handle_signals=True,
            tasks_concurrency_limit=settings.updates_at_once,
            close_bot_session=False,
        )
    finally:
        await server.stop()


async def _serve_webhook(runtime: Runtime, server: HttpServer, translator: Translator) -> None:
    """Take updates as webhooks until SIGTERM/SIGINT; then stop listening (the load balancer
    sends the next updates to the other instances) and finish the requests under way."""
    from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError

    settings = runtime.settings
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await _listen(server, settings.webhook_host, settings.webhook_port, translator)
        try:
            await runtime.bot.set_webhook(
                url=settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=runtime.dispatcher.resolve_used_update_types(),
                max_connections=min(100, settings.updates_at_once),
                drop_pending_updates=False,
            )
        except TelegramBadRequest as exc:
            reason = exc.message.removeprefix("Bad Request: ")
            raise Fatal(
                translator("cli-webhook-refused", url=settings.webhook_url, reason=reason), 1
            ) from None
        except TelegramNetworkError as exc:
            base = settings.telegram_api_base or "api.telegram.org"
            raise Fatal(
                translator("cli-api-unreachable", base=base, reason=_reason(exc)), 1
            ) from None
        logger.info("taking updates as webhooks at %s", settings.webhook_url)
        await stopping.wait()
        logger.info(
            "stopping: no new updates; finishing the %s being handled", runtime.inflight.running
        )
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        await server.stop()


async def _finish_updates(runtime: Runtime) -> None:
    """Wait (a bounded time) for the updates being handled: Telegram will not send them again."""
    unfinished = await runtime.inflight.settle(STOP_GRACE)
    if unfinished:
        logger.warning("stopped with %s updates unfinished", unfinished)


async def export_archive(
    settings: Settings, translator: Translator, year: int, output: Path | None = None
) -> Path | None:
    """Every protocol and attachment of an academic year into one ZIP laid out by
    organisation and association: attachments from their local copies (checked against their
    checksums), the rest read from Telegram. The path written (None: no minutes)."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    from bot.clock import SystemClock
    from bot.factory import create_bot, minutes_rules
    from bot.services import Services
    from bot.services.minutes.rules import year_label
    from bot.storage.engine import create_engine, session_factory
    from bot.storage.unit import unit_of_work
    from bot.telegram_transport import file_fetcher

    engine = create_engine(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    bot = create_bot(settings)
    label = year_label(year)
    try:
        async with unit_of_work(session_factory(engine)) as repo:
            services = Services(
                repo,
                SystemClock(),
                frozenset(),
                translator,
                settings.tz,
                minutes_rules=minutes_rules(settings),
            )
            rows = await repo.minutes.rows(year=year)
            if not rows:
                print(translator("cli-archive-empty", year=label), file=sys.stderr)
                return None
            content, lost = await services.minutes_registry.pack(rows, file_fetcher(bot))
    except (OperationalError, DBAPIError, OSError) as exc:
        raise Fatal(translator("cli-database-unreachable", reason=_reason(exc)), 1) from None
    finally:
        await bot.session.close()
        await engine.dispose()
    path = output or Path(f"minutes-{label}.zip")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    print(
        translator("cli-archive-written", year=label, path=str(path), count=len(rows)),
        file=sys.stderr,
    )
    if lost:
        print(
            translator("cli-archive-lost", count=len(lost), names=", ".join(lost)), file=sys.stderr
        )
    return path


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shmo-bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the bot (long polling, or webhooks with WEBHOOK_URL)")
    commands.add_parser("migrate", help="apply database migrations")
    archive = commands.add_parser(
        "export-archive",
        help="write every protocol and attachment of an academic year into a ZIP",
    )
    archive.add_argument(
        "--year",
        type=int,
        required=True,
        help="the academic year by its first calendar year: 2026 for 2026-2027",
    )
    archive.add_argument("--output", type=Path, default=None, help="the ZIP file to write")
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

        secrets = [token, token.partition(":")[2]]
        if settings.webhook_secret is not None:
            secrets.append(settings.webhook_secret.get_secret_value())
        configure_logging(settings.log_level, secrets)
        if args.command == "migrate":
            asyncio.run(_migrate(settings, translator))
        elif args.command == "export-archive":
            asyncio.run(export_archive(settings, translator, args.year, args.output))
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
