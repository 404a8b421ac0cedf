"""Assembly of the bot: the same functions build production and the tests."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock, SystemClock
from bot.cluster import Cluster, create_cluster
from bot.config import Settings
from bot.delivery.report import Reporter
from bot.delivery.sender import Sender
from bot.fsm import DatabaseStorage
from bot.handlers import get_routers
from bot.i18n import Translator
from bot.middlewares import DatabaseMiddleware, I18nMiddleware, MemberMiddleware
from bot.middlewares.commit import CommitBeforeTelling
from bot.middlewares.dialog import DialogLock, DialogStateLoader
from bot.middlewares.inflight import InFlight
from bot.middlewares.once import HandledOnce
from bot.middlewares.responses import KeepResponseModels
from bot.middlewares.telemetry import CountRateLimits
from bot.scheduler import Scheduler
from bot.scheduler.jobs import Jobs
from bot.services.broadcast_report import changed_reports
from bot.services.deadlines import FileRules
from bot.services.groups import GroupService
from bot.services.minutes.rules import MinutesRules
from bot.storage.engine import (
    create_engine,
    read_session_factory,
    session_factory,
    wake_after_outbox_commit,
)
from bot.storage.repositories import Repo
from bot.telegram_transport import TelegramTransport


def create_bot(settings: Settings) -> Bot:
    """A bot on its real aiohttp session, pointed at ``TELEGRAM_API_BASE`` when it is set."""
    api = (
        TelegramAPIServer.from_base(settings.telegram_api_base)
        if settings.telegram_api_base
        else PRODUCTION
    )
    session = AiohttpSession(api=api)
    session.middleware(KeepResponseModels())
    session.middleware(CommitBeforeTelling())
    session.middleware(CountRateLimits())
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def minutes_rules(settings: Settings) -> MinutesRules:
    """The minutes' settings as the services take them."""
    return MinutesRules(
        edit_days=settings.minutes_edit_days,
        files=FileRules(
            max_bytes=settings.minutes_max_mb * 1024 * 1024,
            extensions=settings.minutes_extensions,
        ),
        local_copies=settings.minutes_local_copies,
        data_dir=settings.data_dir,
        service_name=settings.minutes_service_name.strip(),
    )


def create_dispatcher(
    *,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    translator: Translator,
    clock: Clock,
    storage: BaseStorage,
    routers: Sequence[Router] | None = None,
    isolation: BaseEventIsolation | None = None,
) -> Dispatcher:
    """The dispatcher, its middlewares and routers; long-lived objects reach handlers by name.

    aiogram's FSM middleware is replaced by its two halves (``bot.middlewares.dialog``): the
    person's lock outside the unit of work, the read of the dialog state inside it. The lock is
    the process's own unless ``isolation`` is given (several instances: ``bot.cluster``).
    """
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation or SimpleEventIsolation(),
        disable_fsm=True,
        settings=settings,
        translator=translator,
        clock=clock,
    )
    # In flight from the moment it is taken, also while it waits for the person's turn: a
    # stop finishes it, and its handling time includes the wait.
    dp.update.outer_middleware(InFlight())
    dp.update.outer_middleware(DialogLock(dp.fsm.storage, dp.fsm.events_isolation))
    dp.update.outer_middleware(HandledOnce())
    dp.update.outer_middleware(
        DatabaseMiddleware(
            sessions,
            clock,
            frozenset(settings.admin_ids),
            translator,
            settings.tz,
            FileRules(
                max_bytes=settings.submission_max_mb * 1024 * 1024,
                extensions=settings.submission_extensions,
            ),
            minutes_rules(settings),
        )
    )
    dp.update.outer_middleware(MemberMiddleware())  # reads the dialog state along
    dp.update.outer_middleware(DialogStateLoader())
    dp.update.outer_middleware(I18nMiddleware(translator))
    dp.include_routers(*(get_routers() if routers is None else routers))
    _run_plain_callables_on_the_loop(dp)
    return dp


def settle_memory() -> None:
    """Once the bot has started: what start-up built is kept out of the collector's way.

    Start-up builds several hundred thousand objects that live as long as the process
    (aiogram's pydantic models, the routers, the translations, SQLAlchemy's mappers). Python's
    full collections walk every one of them, about 0.4 s each on this bot, and a burst of
    updates sets off one every few seconds. ``gc.freeze`` moves them out of the collector's
    sight, so a collection walks only what the burst made. Call it once per process, where the
    bot runs (not in tests, which build many bots in one process).
    """
    gc.collect()
    gc.freeze()


def _run_plain_callables_on_the_loop(dp: Dispatcher) -> None:
    """Filters and handlers that are plain functions run on the event loop, not on a thread.

    aiogram calls a callable that is not a coroutine function through ``asyncio.to_thread``,
    and every ``F`` magic filter is one: a worker thread hand-off (and a fight for the GIL
    with the loop) for each such filter tried on each update, four or five per update. Ours
    read attributes of the update and take microseconds, so they are called where they are.
    """
    for router in dp.chain_tail:
        for observer in router.observers.values():
            for handler in (observer._handler, *observer.handlers):
                for item in (handler, *(handler.filters or ())):
                    if not item.awaitable:
                        item.callback = _on_the_loop(item.callback)
                        item.awaitable = True


def _on_the_loop(call: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    async def plain(*args: Any, **kwargs: Any) -> Any:
        return call(*args, **kwargs)

    return plain


@dataclass
class Runtime:
    """Everything one running bot holds; ``aclose`` releases it."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    translator: Translator
    clock: Clock
    bot: Bot
    routers: Sequence[Router] | None = None
    dispatcher: Dispatcher = field(init=False)
    transport: TelegramTransport = field(init=False)
    sender: Sender = field(init=False)
    reporter: Reporter = field(init=False)
    scheduler: Scheduler = field(init=False)
    jobs: Jobs = field(init=False)
    cluster: Cluster = field(init=False)

    def __post_init__(self) -> None:
        # One process on SQLite; on PostgreSQL, one of several instances (``bot.cluster``).
        self.cluster = create_cluster(self.settings, self.engine)
        # The bot's username (for deep links) is set by the start-up, which reads it once.
        self.transport = transport = TelegramTransport(self.bot)
        self.sender = Sender(
            self.sessions,
            transport,
            self.clock,
            rate=self.settings.send_rate,
            exclusive=not self.cluster.shared,
            pacer=self.cluster.pace,
            on_chat_moved=self._chat_moved,
            **self.cluster.sender_options,
        )
        wake_after_outbox_commit(self.sessions, self.sender.wake)
        self.reporter = Reporter(
            self.sessions,
            transport,
            lambda repo: changed_reports(repo, self.clock, self.translator),
        )
        self.scheduler = Scheduler(self.settings.tz)
        self.jobs = Jobs(
            self.sessions,
            self.clock,
            self.settings.tz,
            self.translator,
            self.settings.reconfirm_days,
            self.settings.reconfirm_hour,
            escalation_days=self.settings.escalation_days,
            summary_time=self.settings.summary_time,
            digest_weekday=self.settings.digest_weekday,
            digest_time=self.settings.digest_time,
            campaign_days=self.settings.campaign_days,
            campaign_time=self.settings.campaign_time,
            campaign_template=self.settings.campaign_template,
        )
        self.jobs.register(self.scheduler)
        self.cluster.attach(self.scheduler, self.jobs)
        storage = DatabaseStorage(self.sessions, self.read_sessions, self.clock)
        self.dispatcher = create_dispatcher(
            settings=self.settings,
            sessions=self.sessions,
            translator=self.translator,
            clock=self.clock,
            storage=storage,
            routers=self.routers,
            isolation=self.cluster.isolation,
        )

    async def _chat_moved(self, repo: Repo, old_chat_id: int, new_chat_id: int) -> None:
        await GroupService(repo, self.clock).migrate(old_chat_id, new_chat_id)

    @property
    def inflight(self) -> InFlight:
        """The dispatcher's record of the updates being handled now."""
        return next(m for m in self.dispatcher.update.outer_middleware if isinstance(m, InFlight))

    async def aclose(self) -> None:
        self.scheduler.shutdown()
        await self.cluster.aclose()
        await self.bot.session.close()
        await self.engine.dispose()


def create_runtime(
    settings: Settings,
    *,
    clock: Clock | None = None,
    routers: Sequence[Router] | None = None,
    translator: Translator | None = None,
) -> Runtime:
    """Everything a running bot holds; ``translator`` is reused when the caller has one (the
    command line loads the texts once)."""
    engine = create_engine(
        settings.database_url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        updates_at_once=settings.updates_at_once,
    )
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        read_sessions=read_session_factory(engine),
        translator=translator or Translator(default_locale=settings.default_locale),
        clock=clock or SystemClock(),
        bot=create_bot(settings),
        routers=routers,
    )
