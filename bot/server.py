"""The bot's HTTP server: the webhook Telegram posts updates to, ``/healthz`` and ``/metrics``.

In webhook mode (``WEBHOOK_URL``) all three are served on ``WEBHOOK_HOST:WEBHOOK_PORT``, the
webhook at the path of ``WEBHOOK_URL``; in long polling mode ``/healthz`` and ``/metrics`` are
served on ``METRICS_PORT`` when it is set.

At the webhook's door:

* a request without the right ``X-Telegram-Bot-Api-Secret-Token`` gets 403 and a log line with
  the sender's address (the token it brought is never written anywhere);
* a body that is not an update gets 400 and never reaches the dispatcher: nothing is written;
* an update of a kind the bot does not know is confirmed (200) and dropped, so that Telegram
  does not hold the queue on it;
* an update is handled before it is confirmed, never in the background: an instance that dies
  mid-update leaves it to Telegram to deliver again, and a stopping instance, which has stopped
  listening, finishes the updates it took before it exits;
* at most ``UPDATES_AT_ONCE`` updates are handled at once on one instance; more wait.

``/healthz`` answers 200 with JSON when the database answers, its schema is the code's, and the
sender runs; 503 with the same JSON, naming what failed, otherwise. ``/metrics`` is the
Prometheus text of ``bot.metrics``, with the figures read from the database at each scrape.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from pydantic import ValidationError

from bot import metrics
from bot.storage import migrate
from bot.storage.monitoring import MonitoringRepo

if TYPE_CHECKING:
    from bot.factory import Runtime

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# How long /healthz and /metrics wait for the database before they say it does not answer.
DATABASE_TIMEOUT = 3.0


class WebhookHandler(SimpleRequestHandler):
    """aiogram's request handler with the door described in the module docstring."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, *, secret: str, at_once: int) -> None:
        super().__init__(dispatcher, bot, handle_in_background=False, secret_token=secret)
        self._slots = asyncio.Semaphore(at_once)

    async def close(self) -> None:
        """Nothing: the bot's session outlives the server (the sender still finishes its
        sends); the runtime closes it last."""

    async def handle(self, request: web.Request) -> web.Response:
        bot = self.bot
        given = request.headers.get(SECRET_HEADER)
        if given is None or not self.verify_secret(given, bot):
            metrics.webhook_rejected("secret")
            logger.warning(
                "webhook request from %s refused: %s",
                _client(request),
                "no secret token" if given is None else "a wrong secret token",
            )
            return web.Response(status=403, text="Forbidden")
        try:
            update = Update.model_validate(
                await request.json(loads=bot.session.json_loads), context={"bot": bot}
            )
        except (ValueError, ValidationError, UnicodeDecodeError):
            metrics.webhook_rejected("malformed")
            logger.warning(
                "webhook request from %s refused: the body is not an update", _client(request)
            )
            return web.Response(status=400, text="Bad Request")
        try:
            update.event_type  # noqa: B018 - only asks whether the kind is known
        except UpdateTypeLookupError:
            logger.warning("update %s of an unknown kind dropped", update.update_id)
            return web.json_response({})
        async with self._slots:
            result = await self.dispatcher.feed_webhook_update(bot, update, **self.data)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))

    __call__ = handle


def _client(request: web.Request) -> str:
    """Who sent the request: nginx's X-Real-IP when it is in front, else the peer."""
    return request.headers.get("X-Real-IP") or request.remote or "?"


class HttpServer:
    """The aiohttp server of one bot process; ``start`` binds, ``stop`` drains."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        sender_alive: Callable[[], bool],
        webhook: bool,
        shutdown_timeout: float = 8.0,
    ) -> None:
        self.runtime = runtime
        self.sender_alive = sender_alive
        self.webhook = webhook
        self.shutdown_timeout = shutdown_timeout
        self.address = ""
        self._runner: web.AppRunner | None = None

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        if self.webhook:
            settings = self.runtime.settings
            assert settings.webhook_secret is not None  # the settings require it with the URL
            WebhookHandler(
                self.runtime.dispatcher,
                self.runtime.bot,
                secret=settings.webhook_secret.get_secret_value(),
                at_once=settings.updates_at_once,
            ).register(app, path=settings.webhook_path)
            setup_application(app, self.runtime.dispatcher, bot=self.runtime.bot)
        return app

    async def start(self, host: str, port: int) -> None:
        """Listen on ``host:port``; OSError when it cannot."""
        runner = web.AppRunner(
            self.application(), access_log=None, shutdown_timeout=self.shutdown_timeout
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        bound_host, bound_port = runner.addresses[0][:2]
        self.address = f"{bound_host}:{bound_port}"

    async def stop(self) -> None:
        """Stop listening first, then let the requests under way finish (a bounded time)."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    # --- /healthz and /metrics ------------------------------------------------------------

    async def _healthz(self, request: web.Request) -> web.Response:
        checks: dict[str, str] = {}
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT):
                async with self.runtime.read_sessions() as session:
                    await MonitoringRepo(session).ping()
            checks["database"] = "ok"
        except Exception as exc:  # what failed is the answer, not an error of the server
            checks["database"] = f"unreachable: {type(exc).__name__}"
        if checks["database"] == "ok":
            checks["migrations"] = await self._migrations()
        else:
            checks["migrations"] = "unknown"
        checks["sender"] = "ok" if self.sender_alive() else "stopped"
        healthy = all(value == "ok" for value in checks.values())
        cluster = self.runtime.cluster.health()
        status = "fail" if not healthy else "degraded" if cluster["degraded"] else "ok"
        body: dict[str, Any] = {
            # "degraded": Redis is configured but unreachable; the bot works on, at the pace
            # kept through the database.
            "status": status,
            "instance": self.runtime.settings.instance_id,
            "mode": "webhook" if self.runtime.settings.webhook_url else "polling",
            "checks": checks,
            "cluster": cluster,
        }
        return web.json_response(body, status=200 if healthy else 503)

    async def _migrations(self) -> str:
        head = migrate.head_revision()
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT):
                current = await migrate.current_revision(self.runtime.engine)
        except Exception as exc:
            return f"unknown: {type(exc).__name__}"
        return "ok" if current == head else f"at {current or 'none'}, needed {head}"

    async def _metrics(self, request: web.Request) -> web.Response:
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT):
                async with self.runtime.read_sessions() as session:
                    backlog = await MonitoringRepo(session).backlog(self.runtime.clock.now())
        except Exception as exc:
            logger.warning("metrics: the database did not answer (%s)", type(exc).__name__)
        else:
            metrics.set_outbox(backlog.outbox, backlog.outbox_oldest_due)
            metrics.set_reminders(backlog.reminder_overdue, backlog.reminder_lateness)
        return web.Response(body=metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE})
