"""The jobs: each opens its own unit of work and calls one service.

Only one instance runs the jobs (``bot.scheduler.leader``); should two run one at once all the
same (a leader that lost its connection, a handover), the second waits for the first
(``repo.locks.one_at_a_time``) and then finds its work done. Reminders need no such lock: each
is claimed with ``FOR UPDATE SKIP LOCKED`` and marked in the transaction that queues it.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.i18n import Translator
from bot.scheduler import Scheduler
from bot.services.deadline_digests import DeadlineDigestService, is_working_day
from bot.services.deadlines import DeadlineService
from bot.services.errors import DomainError
from bot.services.people import local_today
from bot.services.reconfirm import CATCH_UP_DAYS, ReconfirmService, latest_round
from bot.services.reminders import ReminderService
from bot.services.surveys.launch import SurveyLaunchService
from bot.storage import handled
from bot.storage.repositories import Repo
from bot.storage.unit import unit_of_work

logger = logging.getLogger(__name__)

# How often due reminders are looked for: a reminder leaves at most this late.
REMINDER_TICK = 0.25
# How often occurrences that fell due are followed by the next of their series.
ROLL_TICK = 60.0
# How often late units are looked for to escalate (idempotent: each unit once).
ESCALATION_TICK = 900.0
# How often surveys whose opening has come are announced.
SURVEY_OPEN_TICK = 60.0
# How often the ids of handled updates older than two days are forgotten.
HANDLED_PRUNE_TICK = 3600.0
WORKING_DAYS = (1, 2, 3, 4, 5)


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
        *,
        escalation_days: int = 3,
        summary_time: str = "08:30",
        digest_weekday: int = 1,
        digest_time: str = "08:00",
        campaign_days: tuple[tuple[int, int], tuple[int, int]] = ((10, 1), (10, 31)),
        campaign_time: str = "09:00",
        campaign_template: str = "young-specialists",
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.tz = tz
        self.translator = translator
        self.reconfirm_dates = reconfirm_dates
        self.reconfirm_hour = reconfirm_hour
        self.escalation_days = escalation_days
        self.summary_time = summary_time
        self.digest_weekday = digest_weekday
        self.digest_time = digest_time
        self.campaign_days = campaign_days
        self.campaign_time = campaign_time
        self.campaign_template = campaign_template

    def register(self, scheduler: Scheduler) -> None:
        # The one reminder job of every capability (its id kept from when events had their own).
        scheduler.poll("event-reminders", self.fire_reminders, seconds=REMINDER_TICK)
        scheduler.every("deadline-roll", self.roll_deadlines, seconds=ROLL_TICK)
        scheduler.every("deadline-escalation", self.escalate_deadlines, seconds=ESCALATION_TICK)
        scheduler.weekly(
            "deadline-summary", self.morning_summary, weekdays=WORKING_DAYS, at=self.summary_time
        )
        scheduler.weekly(
            "deadline-digest",
            self.group_digests,
            weekdays=(self.digest_weekday,),
            at=self.digest_time,
        )
        scheduler.every("survey-open", self.open_surveys, seconds=SURVEY_OPEN_TICK)
        scheduler.every("handled-updates-prune", self.prune_handled, seconds=HANDLED_PRUNE_TICK)
        (month, day), _ = self.campaign_days
        hour, minute = (int(x) for x in self.campaign_time.split(":"))
        scheduler.yearly(
            "survey-campaign", self.campaign, month=month, day=day, hour=hour, minute=minute
        )
        scheduler.weekly(
            "survey-campaign-summary", self.campaign_summary, weekdays=(1,), at=self.campaign_time
        )
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

    async def prune_handled(self) -> int:
        """Forget the ids of updates handled more than two days ago (``bot.storage.handled``)."""
        async with unit_of_work(self.sessions) as repo:
            return await handled.prune(repo.session, self.clock.now())

    async def roll_deadlines(self) -> int:
        """Each recurring deadline that fell due gets its next occurrence (each once)."""
        async with unit_of_work(self.sessions) as repo:
            await repo.locks.one_at_a_time("deadline-roll")
            created = await DeadlineService(repo, self.clock, self.translator, self.tz).roll()
        if created:
            logger.info("%s next occurrences of recurring deadlines created", created)
        return created

    def _digests(self, repo: Repo) -> DeadlineDigestService:
        return DeadlineDigestService(
            repo, self.clock, self.translator, self.tz, escalation_days=self.escalation_days
        )

    async def escalate_deadlines(self) -> int:
        """Units late ``escalation_days`` after the due time are reported (each once)."""
        async with unit_of_work(self.sessions) as repo:
            await repo.locks.one_at_a_time("deadline-escalation")
            queued = await self._digests(repo).escalate()
        if queued:
            logger.info("late units escalated in %s messages", queued)
        return queued

    async def morning_summary(self) -> int:
        """Today's summary to the methodologists (working days; once a day)."""
        today = local_today(self.clock.now(), self.tz)
        async with unit_of_work(self.sessions) as repo:
            await repo.locks.one_at_a_time("deadline-summary")
            queued = await self._digests(repo).morning_summary(today)
        if queued:
            logger.info("morning summary %s: %s messages queued", today, queued)
        return queued

    async def group_digests(self) -> int:
        """This week's digest to the bound groups (once a week each)."""
        today = local_today(self.clock.now(), self.tz)
        day = today - timedelta(days=(today.isoweekday() - self.digest_weekday) % 7)
        async with unit_of_work(self.sessions) as repo:
            await repo.locks.one_at_a_time("deadline-digest")
            posted = await self._digests(repo).group_digests(day)
        if posted:
            logger.info("weekly digest of %s: %s groups", day, posted)
        return posted

    def _surveys(self, repo: Repo) -> SurveyLaunchService:
        return SurveyLaunchService(repo, self.clock, self.translator, self.tz)

    async def open_surveys(self) -> int:
        """Surveys whose opening has come are announced (each once)."""
        async with unit_of_work(self.sessions) as repo:
            await repo.locks.one_at_a_time("survey-open")
            opened = await self._surveys(repo).open_due()
        if opened:
            logger.info("%s surveys opened", opened)
        return opened

    def campaign_window(self, today: date) -> tuple[int, date, date] | None:
        """(year, opening day, closing day) of the campaign ``today`` falls in, if any."""
        (om, od), (cm, cd) = self.campaign_days
        for year in (today.year, today.year - 1):
            opens = _day(year, om, od)
            closes = _day(year, cm, cd)
            if closes < opens:
                closes = _day(year + 1, cm, cd)
            if opens <= today <= closes:
                return year, opens, closes
        return None

    async def campaign(self) -> int:
        """The young specialists' questionnaire opens for this year's campaign (once)."""
        today = local_today(self.clock.now(), self.tz)
        window = self.campaign_window(today)
        if window is None or not self._passed(window[1], self.campaign_time):
            return 0
        year, opens, closes = window
        hour, minute = (int(x) for x in self.campaign_time.split(":"))
        try:
            async with unit_of_work(self.sessions) as repo:
                await repo.locks.one_at_a_time("survey-campaign")
                survey = await self._surveys(repo).open_campaign(
                    year, self.campaign_template, opens, closes, time(hour, minute)
                )
        except DomainError as error:
            # No young specialist yet, or no such template: nothing opens; tried again at
            # the next start within the campaign.
            logger.warning("campaign %s not opened: %s %s", year, error.key, error.params)
            return 0
        if survey is None:
            return 0
        logger.info("campaign %s opened: survey %s", survey.campaign, survey.id)
        return 1

    async def campaign_summary(self) -> int:
        """Monday: each open campaign's response rate to the methodologists (once a day)."""
        today = local_today(self.clock.now(), self.tz)
        async with unit_of_work(self.sessions) as repo:
            await repo.locks.one_at_a_time("survey-campaign-summary")
            queued = await self._surveys(repo).monday_summary(today)
        if queued:
            logger.info("campaign summary %s: %s messages queued", today, queued)
        return queued

    def _passed(self, day: date, at: str) -> bool:
        hour, minute = (int(x) for x in at.split(":"))
        moment = datetime.combine(day, time(hour, minute)).replace(tzinfo=self.tz)
        return self.clock.now() >= moment

    async def reconfirm(self) -> int:
        """Ask this round's question (the round is today's, or the latest before today)."""
        today = local_today(self.clock.now(), self.tz)
        round_date = latest_round(today, self.reconfirm_dates)
        async with unit_of_work(self.sessions) as repo:
            await repo.locks.one_at_a_time("reconfirm")
            queued = await ReconfirmService(repo, self.clock).ask(
                round_date, self.tz, self.translator
            )
        logger.info("reconfirmation %s: %s questions queued", round_date, queued)
        return queued

    async def catch_up(self) -> int:
        """At start: a round missed while the bot was down is asked now, within two weeks;
        today's morning summary if its time has passed (a working day); this week's digest
        if its moment has passed this week. Each is sent once whatever the restarts."""
        today = local_today(self.clock.now(), self.tz)
        done = 0
        if is_working_day(today) and self._passed(today, self.summary_time):
            done += await self.morning_summary()
        digest_day = today - timedelta(days=(today.isoweekday() - self.digest_weekday) % 7)
        if self._passed(digest_day, self.digest_time):
            done += await self.group_digests()
        done += await self.open_surveys()
        done += await self.campaign()
        if today.isoweekday() == 1 and self._passed(today, self.campaign_time):
            done += await self.campaign_summary()
        round_date = latest_round(today, self.reconfirm_dates)
        if (today - round_date).days > CATCH_UP_DAYS or not self._past_hour(today, round_date):
            return done
        return done + await self.reconfirm()

    def _past_hour(self, today: date, round_date: date) -> bool:
        return (
            today > round_date or self.clock.now().astimezone(self.tz).hour >= self.reconfirm_hour
        )


def _day(year: int, month: int, day: int) -> date:
    """The day in that year (29 February of a common year: the 28th)."""
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)
