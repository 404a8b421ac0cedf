"""Who a person is to the bot: roles, the young-specialist rule, bootstrap methodologists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.clock import Clock
from bot.storage.models import Member, Role
from bot.storage.repositories import Repo

YOUNG_SPECIALIST_YEARS = 3
ACADEMIC_YEAR_START_MONTH = 9


def academic_year_of(day: date) -> int:
    """The calendar year an academic year starts in: 1 September – 31 August."""
    return day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1


def is_young_specialist(career_start_year: int | None, today: date) -> bool:
    """In the first three academic years counted from the year the career started."""
    if career_start_year is None:
        return False
    return 0 <= academic_year_of(today) - career_start_year < YOUNG_SPECIALIST_YEARS


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """A member as handlers see it: a plain object, detached from the database."""

    id: int
    telegram_id: int | None
    full_name: str | None
    role: Role
    organisation_id: int | None
    career_start_year: int | None
    locale: str | None
    is_active: bool
    is_mentor: bool
    registered: bool

    @classmethod
    def of(cls, member: Member) -> MemberInfo:
        return cls(
            id=member.id,
            telegram_id=member.telegram_id,
            full_name=member.full_name,
            role=member.role,
            organisation_id=member.organisation_id,
            career_start_year=member.career_start_year,
            locale=member.locale,
            is_active=member.is_active,
            is_mentor=member.is_mentor,
            registered=member.registered_at is not None,
        )


@dataclass(frozen=True, slots=True)
class StartResult:
    member: MemberInfo | None
    created: bool


class PeopleService:
    """Registration rules that need no invitation."""

    def __init__(self, repo: Repo, clock: Clock, admin_ids: frozenset[int]) -> None:
        self.repo = repo
        self.clock = clock
        self.admin_ids = admin_ids

    async def find(self, telegram_id: int) -> MemberInfo | None:
        member = await self.repo.members.by_telegram_id(telegram_id)
        if member is None or not member.is_active:
            return None
        return MemberInfo.of(member)

    async def start(self, telegram_id: int, full_name: str) -> StartResult:
        """A person pressed Start: a known member is recognised, an ADMIN_IDS person registered."""
        member = await self.repo.members.by_telegram_id(telegram_id)
        if member is not None and member.is_active:
            return StartResult(MemberInfo.of(member), created=False)
        if telegram_id not in self.admin_ids:
            return StartResult(None, created=False)
        now: datetime = self.clock.now()
        if member is None:
            member = await self.repo.members.add(
                telegram_id=telegram_id,
                full_name=full_name,
                role=Role.METHODOLOGIST,
                now=now,
            )
        else:
            member.role = Role.METHODOLOGIST
            member.is_active = True
            member.updated_at = now
        member.registered_at = member.registered_at or now
        await self.repo.audit.add(
            at=now,
            actor_id=member.id,
            action="member.bootstrap_methodologist",
            object_type="member",
            object_id=member.id,
        )
        return StartResult(MemberInfo.of(member), created=True)
