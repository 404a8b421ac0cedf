"""Onboarding: consent first, then the profile step by step, then registration.

Nothing about a person is stored before consent: the dialog keeps only the code of the
invite the person opened, and the member row is created when the consent button is pressed.
The button names that invite; consent is given to it only when it is the one opened.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.services.errors import DomainError, NotFound
from bot.services.invites import InviteService
from bot.services.people import MemberInfo, toggle_association
from bot.storage.models import Member, Role
from bot.storage.repositories import Repo

NAME_MAX = 200
BOOTSTRAP = 0  # the "invite" of an ADMIN_IDS person
FIRST_CAREER_YEAR = 1960


class Step(enum.StrEnum):
    NAME = "name"
    ORGANISATION = "organisation"
    ASSOCIATIONS = "associations"
    CAREER = "career"
    MENTOR = "mentor"
    DONE = "done"


def clean_name(raw: str | None) -> str:
    """A full name as typed, tidied; refuses empty, overlong and letterless input."""
    name = re.sub(r"\s+", " ", raw or "").strip()
    if not name:
        raise DomainError("profile-error-name-empty")
    if len(name) > NAME_MAX:
        raise DomainError("profile-error-name-too-long", limit=NAME_MAX, length=len(name))
    if not any(ch.isalpha() for ch in name):
        raise DomainError("profile-error-name-no-letters")
    return name


def offered_name(telegram_name: str | None) -> str | None:
    """The name Telegram gives, offered as a one-tap answer only when it can be a full name:
    valid as if typed, with at least two words that have letters (a first name alone is not)."""
    try:
        name = clean_name(telegram_name)
    except DomainError:
        return None
    words = [w for w in name.split(" ") if any(ch.isalpha() for ch in w)]
    return name if len(words) >= 2 else None


def check_career_year(year: int, today: date) -> int:
    if year > today.year:
        raise DomainError("profile-error-year-future", year=str(year))
    if year < FIRST_CAREER_YEAR:
        raise DomainError("profile-error-year-too-early", first=str(FIRST_CAREER_YEAR))
    return year


def parse_year(raw: str | None, today: date) -> int:
    text = (raw or "").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise DomainError("profile-error-year-format")
    return check_career_year(int(text), today)


@dataclass(frozen=True, slots=True)
class Progress:
    member: MemberInfo
    step: Step


class OnboardingService:
    def __init__(self, repo: Repo, clock: Clock, admin_ids: frozenset[int]) -> None:
        self.repo = repo
        self.clock = clock
        self.admin_ids = admin_ids

    async def consent(self, telegram_id: int, invite_id: int, opened_code: str | None) -> Progress:
        """Consent given: the invite is checked again, the member created with its presets.

        ``opened_code`` is the code of the invite this person opened (kept in their dialog);
        the button's ``invite_id`` must name that invite — a button is input, not proof.
        ``invite_id`` 0 is the consent of an ADMIN_IDS person, who needs no invite.
        """
        if invite_id == BOOTSTRAP:
            return await self._bootstrap(telegram_id)
        existing = await self.repo.members.by_telegram_id(telegram_id)
        if existing is not None and existing.is_active and existing.registered_at is not None:
            raise DomainError("invite-error-already-member")
        if existing is not None and existing.is_active and existing.invite_id == invite_id:
            return await self._progress(existing, done=())  # consent pressed twice
        invite = await self.repo.invites.by_code(opened_code) if opened_code else None
        if invite is None or invite.id != invite_id:
            raise DomainError("onboarding-error-consent-stale")
        info = await InviteService(self.repo, self.clock).check_loaded(invite)
        if not await self.repo.invites.use(invite.id):
            raise DomainError("invite-error-used-up")
        now = self.clock.now()
        if existing is not None:
            # An unfinished or deactivated profile is started over from this invite.
            await self.repo.members.erase(existing, now)
            existing.forgotten_at = None
            member = existing
            member.telegram_id = telegram_id
            member.role = info.role
            member.is_active = True
            member.is_reachable = True
            member.registered_at = None
            member.organisation_id = info.organisation_id
            member.consent_at = now
            member.invite_id = invite.id
        else:
            member = await self.repo.members.add(
                telegram_id=telegram_id,
                full_name=None,
                role=info.role,
                now=now,
                organisation_id=info.organisation_id,
                consent_at=now,
                invite_id=invite.id,
            )
        for association_id in await self.repo.invites.association_ids(invite.id):
            await self.repo.members.join(
                member.id, association_id, head=info.role is Role.HEAD, now=now
            )
        await self.repo.audit.add(
            at=now,
            actor_id=member.id,
            action="member.consented",
            object_type="member",
            object_id=member.id,
            details={"invite_id": invite.id, "role": info.role.value},
        )
        return await self._progress(member, done=())

    async def _bootstrap(self, telegram_id: int) -> Progress:
        if telegram_id not in self.admin_ids:
            raise DomainError("invite-error-unknown")
        existing = await self.repo.members.by_telegram_id(telegram_id)
        if existing is not None and existing.is_active:
            if existing.registered_at is not None:
                raise DomainError("invite-error-already-member")
            return await self._progress(existing, done=())
        now = self.clock.now()
        member = (
            await self.repo.members.add(
                telegram_id=telegram_id, full_name=None, role=Role.METHODOLOGIST, now=now
            )
            if existing is None
            else existing
        )
        member.role = Role.METHODOLOGIST
        member.is_active = True
        member.consent_at = now
        await self.repo.audit.add(
            at=now,
            actor_id=member.id,
            action="member.bootstrap_methodologist",
            object_type="member",
            object_id=member.id,
        )
        return await self._progress(member, done=())

    async def progress(self, member_id: int, done: Collection[str]) -> Progress:
        return await self._progress(await self._unfinished(member_id), done)

    async def set_name(self, member_id: int, raw: str | None, done: Collection[str]) -> Progress:
        member = await self._unfinished(member_id)
        member.full_name = clean_name(raw)
        member.updated_at = self.clock.now()
        return await self._progress(member, done)

    async def set_organisation(
        self, member_id: int, organisation_id: int, done: Collection[str]
    ) -> Progress:
        member = await self._unfinished(member_id)
        organisation = await self.repo.registry.organisation(organisation_id)
        if organisation is None or organisation.archived_at is not None:
            raise NotFound()
        member.organisation_id = organisation.id
        member.updated_at = self.clock.now()
        return await self._progress(member, done)

    async def toggle_association(self, member_id: int, association_id: int) -> set[int]:
        """Join or leave an association while choosing; the chosen ids come back."""
        member = await self._unfinished(member_id)
        return await toggle_association(self.repo, member, association_id, self.clock.now())

    async def set_career_year(
        self, member_id: int, year: int, today: date, done: Collection[str]
    ) -> Progress:
        member = await self._unfinished(member_id)
        member.career_start_year = check_career_year(year, today)
        member.updated_at = self.clock.now()
        return await self._progress(member, done)

    async def set_mentor(self, member_id: int, is_mentor: bool, done: Collection[str]) -> Progress:
        member = await self._unfinished(member_id)
        member.is_mentor = is_mentor
        member.updated_at = self.clock.now()
        return await self._progress(member, done)

    async def _unfinished(self, member_id: int) -> Member:
        member = await self.repo.members.get(member_id)
        if member is None or not member.is_active or member.forgotten_at is not None:
            raise DomainError("invite-error-start-again")
        if member.registered_at is not None:
            raise DomainError("invite-error-already-member")
        return member

    async def _progress(self, member: Member, done: Collection[str]) -> Progress:
        step = await self._next_step(member, done)
        if step is Step.DONE:
            now = self.clock.now()
            member.registered_at = now
            member.confirmed_at = now
            member.updated_at = now
            await self.repo.audit.add(
                at=now,
                actor_id=member.id,
                action="member.registered",
                object_type="member",
                object_id=member.id,
            )
        await self.repo.members.flush()
        return Progress(MemberInfo.of(member), step)

    async def _next_step(self, member: Member, done: Collection[str]) -> Step:
        if not member.full_name:
            return Step.NAME
        if member.role is not Role.METHODOLOGIST and member.organisation_id is None:
            return Step.ORGANISATION
        if (
            member.role in (Role.HEAD, Role.TEACHER)
            and Step.ASSOCIATIONS not in done
            and not await self.repo.members.memberships(member.id)
        ):
            return Step.ASSOCIATIONS
        if member.role is Role.TEACHER and member.career_start_year is None:
            return Step.CAREER
        if member.role is Role.TEACHER and Step.MENTOR not in done:
            return Step.MENTOR
        return Step.DONE
