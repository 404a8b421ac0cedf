"""A person's own profile: what is stored about them, changing it, and forgetting it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.config import SUPPORTED_LOCALES
from bot.services.errors import DomainError, NotFound
from bot.services.onboarding import check_career_year, clean_name
from bot.services.people import MemberInfo, is_young_specialist, toggle_association
from bot.storage.models import AssociationLevel, Member, Role
from bot.storage.repositories import Repo

# Roles that may move themselves between organisations and associations; staff and heads
# are placed by a methodologist, since their place decides what they may see.
SELF_PLACED = frozenset({Role.TEACHER})


@dataclass(frozen=True, slots=True)
class ProfileView:
    member: MemberInfo
    organisation_name: str | None
    associations: tuple[tuple[str, bool], ...]
    mentors: tuple[str, ...]
    mentees: tuple[str, ...]
    young_specialist: bool
    may_move: bool


class ProfileService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    async def view(self, member_id: int, today: date) -> ProfileView:
        member = await self._member(member_id)
        return ProfileView(
            member=MemberInfo.of(member),
            organisation_name=await self.repo.registry.organisation_name(member.organisation_id),
            associations=tuple(
                (a.name, head) for a, head in await self.repo.members.memberships(member.id)
            ),
            mentors=tuple(m.full_name or "" for m in await self.repo.members.mentors_of(member.id)),
            mentees=tuple(m.full_name or "" for m in await self.repo.members.mentees_of(member.id)),
            young_specialist=is_young_specialist(member.career_start_year, today),
            may_move=member.role in SELF_PLACED,
        )

    async def rename(self, member_id: int, raw: str | None) -> MemberInfo:
        member = await self._member(member_id)
        member.full_name = clean_name(raw)
        return await self._changed(member, "full_name")

    async def set_career_year(self, member_id: int, year: int, today: date) -> MemberInfo:
        member = await self._member(member_id)
        member.career_start_year = check_career_year(year, today)
        return await self._changed(member, "career_start_year")

    async def set_mentor(self, member_id: int, is_mentor: bool) -> MemberInfo:
        member = await self._member(member_id)
        member.is_mentor = is_mentor
        return await self._changed(member, "is_mentor")

    async def set_locale(self, member_id: int, locale: str) -> MemberInfo:
        if locale not in SUPPORTED_LOCALES:
            raise DomainError("profile-error-stale")
        member = await self._member(member_id)
        member.locale = locale
        return await self._changed(member, "locale")

    async def move(self, member_id: int, organisation_id: int) -> MemberInfo:
        """A teacher moves to another organisation; its school associations stay behind."""
        member = await self._member(member_id)
        self._may_move(member)
        organisation = await self.repo.registry.organisation(organisation_id)
        if organisation is None or organisation.archived_at is not None:
            raise NotFound()
        if member.organisation_id != organisation.id:
            for association, _ in await self.repo.members.memberships(member.id):
                if association.level is AssociationLevel.SCHOOL:
                    await self.repo.members.leave(member.id, association.id)
            member.organisation_id = organisation.id
        return await self._changed(member, "organisation_id")

    async def toggle_association(self, member_id: int, association_id: int) -> set[int]:
        member = await self._member(member_id)
        self._may_move(member)
        chosen = await toggle_association(self.repo, member, association_id, self.clock.now())
        await self._changed(member, "associations")
        return chosen

    async def confirm(self, member_id: int) -> MemberInfo:
        """A "yes, all correct" to the twice-yearly check."""
        member = await self._member(member_id)
        member.confirmed_at = self.clock.now()
        return MemberInfo.of(member)

    async def forget(self, member_id: int) -> None:
        """Erase the person's data, registered or not yet; an audit line (with no personal
        data) remains, and no message to them or report in their chat."""
        member = await self._member(member_id)
        now = self.clock.now()
        if member.telegram_id is not None:
            await self.repo.outbox.forget_person(member.telegram_id, member.id)
        await self.repo.deadlines.forget_person(member.id)
        await self.repo.surveys.forget_person(member.id)
        await self.repo.minutes.forget_person(member.id)
        await self.repo.members.erase(member, now)
        await self.repo.audit.add(
            at=now,
            actor_id=member.id,
            action="member.forgotten",
            object_type="member",
            object_id=member.id,
        )

    def _may_move(self, member: Member) -> None:
        self.check_may_move(member.role)

    @staticmethod
    def check_may_move(role: Role) -> None:
        """Teachers choose their own place; others ask a methodologist."""
        if role not in SELF_PLACED:
            raise DomainError("profile-error-ask-methodologist")

    async def association_ids(self, member_id: int) -> set[int]:
        return {a.id for a, _ in await self.repo.members.memberships(member_id)}

    async def _member(self, member_id: int) -> Member:
        member = await self.repo.members.get(member_id)
        if member is None or not member.is_active or member.forgotten_at is not None:
            raise NotFound()
        return member

    async def _changed(self, member: Member, field: str) -> MemberInfo:
        member.updated_at = self.clock.now()
        await self.repo.audit.add(
            at=member.updated_at,
            actor_id=member.id,
            action="member.profile_changed",
            object_type="member",
            object_id=member.id,
            details={"field": field},
        )
        await self.repo.members.flush()
        return MemberInfo.of(member)
