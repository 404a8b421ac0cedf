"""The "are your details still right?" question: twice a year (1 September and 1 February
by default) every member who has not confirmed since is asked, through the outbox, once per
round."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from sqlalchemy import func, select

from bot.clock import Clock
from bot.delivery.actions import Action, button
from bot.i18n import Translator
from bot.storage.models import Member, OutboxMessage
from bot.storage.repositories import Repo

CATCH_UP_DAYS = 14


def latest_round(today: date, dates: tuple[tuple[int, int], ...]) -> date:
    """The most recent round date on or before ``today``."""
    candidates = [
        date(year, month, min(day, 28) if (month, day) == (2, 29) else day)
        for year in (today.year - 1, today.year)
        for month, day in dates
    ]
    return max(d for d in candidates if d <= today)


class ReconfirmService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    async def ask(self, round_date: date, tz: tzinfo, translator: Translator) -> int:
        """Queue the question for everyone not confirmed since ``round_date``; idempotent."""
        start = datetime.combine(round_date, time(0, 0), tzinfo=tz)
        now = self.clock.now()
        source = f"reconfirm:{round_date.isoformat()}"
        locale = func.coalesce(Member.locale, translator.default_locale)
        queued = 0
        for code in translator.locales:
            content = await self.repo.outbox.add_content(
                kind="text",
                text=translator("reconfirm-ask", locale=code),
                now=now,
                buttons=[
                    [
                        button(translator("button-yes", locale=code), Action.PROFILE_CONFIRM),
                        button(translator("reconfirm-change", locale=code), Action.PROFILE_EDIT),
                    ]
                ],
            )
            members = select(Member.id, Member.telegram_id, Member.is_reachable).where(
                Member.is_active.is_(True),
                Member.registered_at.is_not(None),
                Member.forgotten_at.is_(None),
                Member.telegram_id.is_not(None),
                (Member.confirmed_at.is_(None)) | (Member.confirmed_at < start),
                locale == code,
                ~Member.telegram_id.in_(
                    select(OutboxMessage.chat_id).where(OutboxMessage.source == source)
                ),
            )
            queued += await self.repo.outbox.enqueue_members(
                members, source=source, content_id=content.id, now=now
            )
        await self.repo.audit.add(
            at=now,
            action="members.reconfirm_asked",
            object_type="round",
            details={"round": round_date.isoformat(), "queued": queued},
        )
        return queued
