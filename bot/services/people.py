"""Who a person is to the bot: the member as handlers see it, the young-specialist rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from bot.clock import Clock
from bot.services.errors import DomainError, NotFound
from bot.storage.models import AssociationLevel, Member, Role
from bot.storage.repositories import Repo

YOUNG_SPECIALIST_YEARS = 3
ACADEMIC_YEAR_START_MONTH = 9


def academic_year_of(day: date) -> int:
    """The calendar year an academic year starts in: 1 September – 31 August."""
    return day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1


def local_today(now: datetime, tz: tzinfo) -> date:
    """The calendar day in the deployment's time zone."""
    return now.astimezone(tz).date()


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


class PeopleService:
    """Who a person is: looked up by Telegram id, or by member id."""

    def __init__(self, repo: Repo, clock: Clock, admin_ids: frozenset[int]) -> None:
        self.repo = repo
        self.clock = clock
        self.admin_ids = admin_ids

    async def get(self, member_id: int) -> MemberInfo:
        member = await self.repo.members.get(member_id)
        if member is None or not member.is_active:
            raise NotFound()
        return MemberInfo.of(member)

    async def find(self, telegram_id: int, *, dialog_key: str | None = None) -> MemberInfo | None:
        """The active member behind a Telegram id, registered or still filling the profile.
        With ``dialog_key``, the person's dialog state is read in the same statement (and
        remembered for the unit of work)."""
        if dialog_key is None:
            member = await self.repo.members.by_telegram_id(telegram_id)
        else:
            member = await self.repo.members.by_telegram_id_with_dialog(telegram_id, dialog_key)
        if member is None or not member.is_active:
            return None
        return MemberInfo.of(member)

    def is_bootstrap_methodologist(self, telegram_id: int) -> bool:
        """ADMIN_IDS people join as methodologists without an invitation."""
        return telegram_id in self.admin_ids


async def toggle_association(
    repo: Repo, member: Member, association_id: int, now: datetime
) -> set[int]:
    """A person joins or leaves an association by themself; the ids they are in come back.

    The one rule for onboarding and the profile: the association is live, a school one
    belongs to the person's own organisation, and a head does not leave what they head.
    """
    association = await repo.registry.association(association_id)
    if association is None or association.archived_at is not None:
        raise NotFound()
    if (
        association.level is AssociationLevel.SCHOOL
        and association.organisation_id != member.organisation_id
    ):
        raise DomainError("invite-error-association-elsewhere")
    memberships = {a.id: head for a, head in await repo.members.memberships(member.id)}
    if association_id in memberships:
        if memberships[association_id]:
            raise DomainError("profile-error-head-stays")
        await repo.members.leave(member.id, association_id)
        memberships.pop(association_id)
    else:
        await repo.members.join(member.id, association_id, head=False, now=now)
        memberships[association_id] = False
    return set(memberships)
