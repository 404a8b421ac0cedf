"""The one reminder mechanism: every capability's due reminders, handed to the outbox by one
polling job. A capability takes part by answering "who is due now" (a ``ReminderSource``, in
storage, as SQL); events are the first."""

from __future__ import annotations

from bot.clock import Clock
from bot.i18n import Translator
from bot.storage.deadlines import DeadlineReminders
from bot.storage.events import EventReminders
from bot.storage.reminders import ReminderSource
from bot.storage.repositories import Repo

SOURCES: tuple[ReminderSource, ...] = (EventReminders(), DeadlineReminders())


class ReminderService:
    def __init__(self, repo: Repo, clock: Clock, translator: Translator) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator

    async def fire_due(self) -> int:
        """Hand every due reminder of every capability to the outbox, each once; how many
        fired. A reminder that is no longer wanted (the capability says why) is dropped."""
        return await self.repo.reminders.fire_due(
            SOURCES, now=self.clock.now(), default_locale=self.translator.default_locale
        )
