"""Invitations: deep-link codes for a role, optionally preset with an organisation and
associations, with an expiry and a use limit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.services.access import require_scope, require_staff, scope_of
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.people import MemberInfo
from bot.storage.models import Association, AssociationLevel, Invite, Role
from bot.storage.repositories import Repo

DEFAULT_DAYS = 14
EXPIRY_CHOICES = (1, 7, 14, 30)
USE_CHOICES: tuple[int | None, ...] = (1, 5, 30, None)
CODE_BYTES = 12  # 16 characters of [A-Za-z0-9_-]: within Telegram's 64 for a start parameter
COORDINATOR_MAY_INVITE = frozenset({Role.HEAD, Role.TEACHER})
USED_KEPT_DAYS = 30  # how long a used-up invite stays listed after it was made


@dataclass(frozen=True, slots=True)
class InviteInfo:
    id: int
    code: str
    role: Role
    organisation_id: int | None
    organisation_name: str | None
    association_names: tuple[str, ...]
    expires_at: datetime
    max_uses: int | None
    used_count: int
    inviter_name: str | None
    inviter_role: Role | None
    # Who joined through it, for invites with a use limit (None: the profile is not filled yet).
    used_by: tuple[str | None, ...] = ()


def default_uses(role: Role) -> int | None:
    """A teachers' invite goes on the staff-room wall; the others are personal."""
    return None if role is Role.TEACHER else 1


@dataclass(frozen=True, slots=True)
class InviteStart:
    """How the /invite dialog goes on once a role is chosen.

    ``organisation_id`` is preset (a coordinator invites to its own organisation only);
    ``asks_organisation`` says whether the organisation step is shown at all.
    """

    role: Role
    organisation_id: int | None
    asks_organisation: bool
    days: int
    max_uses: int | None


class InviteService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    def roles_for(self, actor: MemberInfo | None) -> list[Role]:
        """The roles ``actor`` may invite to, in menu order."""
        actor = require_staff(actor)
        if actor.role is Role.COORDINATOR:
            return [r for r in Role if r in COORDINATOR_MAY_INVITE]
        return list(Role)

    def start(self, actor: MemberInfo | None, role: Role) -> InviteStart:
        """The dialog's first choices for ``role``; refused if ``actor`` may not invite to it."""
        if role not in self.roles_for(actor):
            raise NotAllowed("error-only-methodologist")
        assert actor is not None
        preset = actor.organisation_id if actor.role is Role.COORDINATOR else None
        return InviteStart(
            role=role,
            organisation_id=preset,
            asks_organisation=role is not Role.METHODOLOGIST and preset is None,
            days=DEFAULT_DAYS,
            max_uses=default_uses(role),
        )

    @staticmethod
    def may_choose_organisation(actor: MemberInfo) -> bool:
        """A coordinator's invites are fixed to its own organisation."""
        return actor.role is not Role.COORDINATOR

    @staticmethod
    def organisation_optional(role: Role) -> bool:
        """Every invite but a coordinator's may leave the organisation open."""
        return role is not Role.COORDINATOR

    @staticmethod
    def asks_associations(role: Role) -> bool:
        """Heads and teachers are invited into associations (heads: the ones they lead)."""
        return role in (Role.HEAD, Role.TEACHER)

    async def create(
        self,
        actor: MemberInfo,
        *,
        role: Role,
        organisation_id: int | None,
        association_ids: list[int],
        days: int = DEFAULT_DAYS,
        max_uses: int | None = 1,
    ) -> InviteInfo:
        require_staff(actor)
        if actor.role is Role.COORDINATOR:
            if role not in COORDINATOR_MAY_INVITE:
                raise NotAllowed("error-only-methodologist")
            require_scope(actor, organisation_id)
        if role is Role.COORDINATOR and organisation_id is None:
            raise DomainError("invite-error-needs-organisation")
        if days not in EXPIRY_CHOICES or max_uses not in USE_CHOICES:
            raise DomainError("invite-error-stale")
        associations = [await self._association(a, organisation_id) for a in association_ids]
        now = self.clock.now()
        invite = await self.repo.invites.add(
            code=secrets.token_urlsafe(CODE_BYTES),
            role=role,
            organisation_id=organisation_id,
            association_ids=[a.id for a in associations],
            created_by_id=actor.id,
            expires_at=now + timedelta(days=days),
            max_uses=max_uses,
            now=now,
        )
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="invite.created",
            object_type="invite",
            object_id=invite.id,
            details={"role": role.value, "organisation_id": organisation_id, "days": days},
        )
        return await self._info(invite)

    async def _association(self, association_id: int, organisation_id: int | None) -> Association:
        association = await self.repo.registry.association(association_id)
        if association is None or association.archived_at is not None:
            raise NotFound()
        if (
            association.level is AssociationLevel.SCHOOL
            and association.organisation_id != organisation_id
        ):
            raise DomainError("invite-error-association-elsewhere")
        return association

    async def active(self, actor: MemberInfo) -> list[InviteInfo]:
        require_staff(actor)
        rows = await self.repo.invites.active(self.clock.now(), scope_of(actor))
        return [await self._info(row) for row in rows]

    async def used(self, actor: MemberInfo) -> list[InviteInfo]:
        """Invites with a use limit that are used up (made in the last :data:`USED_KEPT_DAYS`
        days), with who used them: a personal invite does not vanish once it is used."""
        require_staff(actor)
        since = self.clock.now() - timedelta(days=USED_KEPT_DAYS)
        rows = await self.repo.invites.used_up(since, scope_of(actor))
        return [await self._info(row) for row in rows]

    async def revoke(self, actor: MemberInfo, invite_id: int) -> InviteInfo:
        """Revoke the invite (committed before the person is told, like every write)."""
        require_staff(actor)
        invite = await self.repo.invites.get(invite_id)
        if invite is None:
            raise NotFound()
        if actor.role is not Role.METHODOLOGIST:
            require_scope(actor, invite.organisation_id)
        if invite.revoked_at is None:
            invite.revoked_at = self.clock.now()
            await self.repo.audit.add(
                at=invite.revoked_at,
                actor_id=actor.id,
                action="invite.revoked",
                object_type="invite",
                object_id=invite.id,
            )
        return await self._info(invite)

    async def check(self, code: str) -> InviteInfo:
        """The invite behind a deep link, or the reason it no longer works."""
        invite = await self.repo.invites.by_code(code) if _well_formed(code) else None
        if invite is None:
            raise DomainError("invite-error-unknown")
        return await self.check_loaded(invite)

    async def check_loaded(self, invite: Invite) -> InviteInfo:
        """:meth:`check` of an invite already loaded in this unit of work."""
        if invite.revoked_at is not None:
            raise DomainError("invite-error-revoked")
        if invite.expires_at <= self.clock.now():
            raise DomainError("invite-error-expired")
        if invite.max_uses is not None and invite.used_count >= invite.max_uses:
            raise DomainError("invite-error-used-up")
        return await self._info(invite)

    async def _info(self, invite: Invite) -> InviteInfo:
        inviter = (
            await self.repo.members.get(invite.created_by_id) if invite.created_by_id else None
        )
        return InviteInfo(
            id=invite.id,
            code=invite.code,
            role=invite.role,
            organisation_id=invite.organisation_id,
            organisation_name=await self.repo.registry.organisation_name(invite.organisation_id),
            association_names=tuple(await self.repo.invites.association_names(invite.id)),
            expires_at=invite.expires_at,
            max_uses=invite.max_uses,
            used_count=invite.used_count,
            inviter_name=inviter.full_name if inviter else None,
            inviter_role=inviter.role if inviter and inviter.is_active else None,
            used_by=tuple(await self.repo.invites.used_by(invite.id))
            if invite.max_uses is not None and invite.used_count
            else (),
        )


def _well_formed(code: str) -> bool:
    return 0 < len(code) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in code)
