"""The jobs: each opens its own unit of work and calls one service."""

from __future__ import annotations

import logging
from datetime import date, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.i18n import Translator
from bot.scheduler import Scheduler
from bot.services.deadlines import DeadlineService
from bot.services.people import local_today
from bot.services.reconfirm import CATCH_UP_DAYS, ReconfirmService, latest_round
from bot.services.reminders import ReminderService
from bot.storage.unit import unit_of_work

logger = logging.getLogger(__name__)

# How often due reminders are looked for: a reminder leaves at most this late.
REMINDER_TICK = 1.0
# How often occurrences that fell due are followed by the next of their series.
ROLL_TICK = 60.0


class Jobs:
    """Everything a job needs, held once; the scheduled callables take ids only."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        tz: tzinfo,
        translator: Translator,
        reconfirm_dates: tuple[tuple[int, int], ...],
        reconfirm_hour: int,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.tz = tz
        self.translator = translator
        self.reconfirm_dates = reconfirm_dates
        self.reconfirm_hour = reconfirm_hour

    def register(self, scheduler: Scheduler) -> None:
        # The one reminder job of every capability (its id kept from when events had their own).
        scheduler.every("event-reminders", self.fire_reminders, seconds=REMINDER_TICK)
        scheduler.every("deadline-roll", self.roll_deadlines, seconds=ROLL_TICK)
        for month, day in self.reconfirm_dates:
            scheduler.yearly(
                f"reconfirm-{month:02d}-{day:02d}",
                self.reconfirm,
                month=month,
                day=day,
                hour=self.reconfirm_hour,
            )

    async def fire_reminders(self) -> int:
        """Reminders that are due, of every capability, go to the outbox (each once; the
        database decides); the commit wakes the sender."""
        async with unit_of_work(self.sessions) as repo:
            fired = await ReminderService(repo, self.clock, self.translator).fire_due()
        if fired:
            logger.info("%s reminders handed to the sender", fired)
        return fired

    async def roll_deadlines(self) -> int:
        """Each recurring deadline that fell due gets its next occurrence (each once)."""
        async with unit_of_work(self.sessions) as repo:
            created = await DeadlineService(repo, self.clock, self.translator, self.tz).roll()
        if created:
            logger.info("%s next occurrences of recurring deadlines created", created)
        return created

    async def reconfirm(self) -> int:
        """Ask this round's question (the round is today's, or the latest before today)."""
        today = local_today(self.clock.now(), self.tz)
        round_date = latest_round(today, self.reconfirm_dates)
        async with unit_of_work(self.sessions) as repo:
            queued = await ReconfirmService(repo, self.clock).ask(
                round_date, self.tz, self.translator
            )
        logger.info("reconfirmation %s: %s questions queued", round_date, queued)
        return queued

    async def catch_up(self) -> int:
        """At start: a round missed while the bot was down is asked now, within two weeks."""
        today = local_today(self.clock.now(), self.tz)
        round_date = latest_round(today, self.reconfirm_dates)
        if (today - round_date).days > CATCH_UP_DAYS or not self._past_hour(today, round_date):
            return 0
        return await self.reconfirm()

    def _past_hour(self, today: date, round_date: date) -> bool:
        return (
            today > round_date or self.clock.now().astimezone(self.tz).hour >= self.reconfirm_hour
        )
