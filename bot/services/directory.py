"""The members directory: lists by filters, a member's card, roles, heads, mentor pairs, export.

A methodologist sees and manages everyone; a school coordinator its own organisation only, and
only its heads and teachers. Every method re-checks who asks, so a forged or stale button is
refused here, not trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.clock import Clock
from bot.services.access import require_scope, require_staff
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.exports import Sheet, write_xlsx
from bot.services.minutes.rules import meeting_year
from bot.services.minutes.year import sync_heads
from bot.services.people import (
    YOUNG_SPECIALIST_YEARS,
    MemberInfo,
    academic_year_of,
    is_young_specialist,
)
from bot.storage.directory import MENTOR_ROLES, MemberListRow, MemberQuery, MembershipRow
from bot.storage.models import Association, AssociationLevel, Member, Role
from bot.storage.repositories import Repo

PER_PAGE = 8
ROLE_ORDER: tuple[Role, ...] = (Role.METHODOLOGIST, Role.COORDINATOR, Role.HEAD, Role.TEACHER)
# The roles a school coordinator may give and the people (by role) it may manage.
COORDINATOR_ROLES: tuple[Role, ...] = (Role.HEAD, Role.TEACHER)
EXPORT_COLUMNS = 11


def young_years(today: date) -> tuple[int, int]:
    """The career start years of today's young specialists (first and last, inclusive)."""
    current = academic_year_of(today)
    return current - YOUNG_SPECIALIST_YEARS + 1, current


@dataclass(frozen=True, slots=True)
class MemberFilters:
    """What the list is narrowed to; all conditions at once."""

    role: Role | None = None
    organisation_id: int | None = None
    association_id: int | None = None
    young: bool = False
    mentors: bool = False
    unregistered: bool = False
    unreachable: bool = False
    deactivated: bool = False


@dataclass(frozen=True, slots=True)
class MemberPage:
    """One page of the list, with the filters really applied and the names they refer to."""

    filters: MemberFilters
    organisation_name: str | None
    association_name: str | None
    organisation_fixed: bool
    rows: tuple[MemberListRow, ...]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    full_name: str


@dataclass(frozen=True, slots=True)
class AssociationRef:
    id: int
    name: str
    is_head: bool


@dataclass(frozen=True, slots=True)
class MemberCard:
    id: int
    full_name: str
    role: Role
    organisation_name: str | None
    associations: tuple[AssociationRef, ...]
    career_start_year: int | None
    young: bool
    is_mentor: bool
    mentors: tuple[PersonRef, ...]
    mentees: tuple[PersonRef, ...]
    reachable: bool
    registered: bool
    active: bool
    can_change_role: bool
    can_set_head: bool
    can_pick_mentor: bool
    can_pick_mentee: bool
    can_unpair: bool
    can_deactivate: bool
    can_reactivate: bool
    # A methodologist may download the person's route: their profile is from a named survey.
    can_route: bool = False


@dataclass(frozen=True, slots=True)
class RoleOptions:
    member: PersonRef
    current: Role
    roles: tuple[Role, ...]


@dataclass(frozen=True, slots=True)
class RolePreview:
    member: PersonRef
    current: Role
    new: Role


@dataclass(frozen=True, slots=True)
class RoleChange:
    """A role changed: the caller may refresh the person's command menu."""

    card: MemberCard
    telegram_id: int | None
    role: Role
    locale: str | None


@dataclass(frozen=True, slots=True)
class HeadChoice:
    id: int
    name: str
    level: AssociationLevel
    is_head: bool


@dataclass(frozen=True, slots=True)
class HeadOptions:
    member: PersonRef
    associations: tuple[HeadChoice, ...]


@dataclass(frozen=True, slots=True)
class PairOptions:
    member: PersonRef
    candidates: tuple[PersonRef, ...]


@dataclass(frozen=True, slots=True)
class ExportLabels:
    """Texts of the table in the reader's language; the service knows no locales."""

    columns: tuple[str, ...]
    roles: Mapping[Role, str]
    yes: str
    no: str
    sheet: str


@dataclass(frozen=True, slots=True)
class MembersExport:
    content: bytes
    filename: str
    count: int


def _name(member: Member) -> str:
    return member.full_name or f"#{member.id}"


def _ref(member: Member) -> PersonRef:
    return PersonRef(member.id, _name(member))


class DirectoryService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    # ------------------------------------------------------------------ who asks, about whom

    @staticmethod
    def _staff(actor: MemberInfo | None) -> MemberInfo:
        actor = require_staff(actor)
        if actor.role is Role.COORDINATOR and actor.organisation_id is None:
            # A coordinator with no organisation would otherwise be confined to nothing.
            raise NotAllowed("error-other-organisation")
        return actor

    async def _target(self, actor: MemberInfo, member_id: int) -> Member:
        member = await self.repo.directory.member(member_id)
        if member is None:
            raise NotFound("directory-error-member-gone")
        require_scope(actor, member.organisation_id)
        return member

    @staticmethod
    def _manages(actor: MemberInfo, target: Member) -> bool:
        """Role changes and deactivation: a coordinator only touches heads and teachers."""
        return actor.role is Role.METHODOLOGIST or target.role in COORDINATOR_ROLES

    @staticmethod
    def _require_active(target: Member) -> None:
        if not target.is_active:
            raise DomainError("directory-error-inactive", name=_name(target))

    async def _audit(
        self, actor: MemberInfo, action: str, target_id: int | None, **details: Any
    ) -> None:
        await self.repo.audit.add(
            at=self.clock.now(),
            actor_id=actor.id,
            action=action,
            object_type="member" if target_id is not None else None,
            object_id=target_id,
            details=details,
        )

    def _touch(self, member: Member) -> None:
        member.updated_at = self.clock.now()

    # ------------------------------------------------------------------ lists

    async def _effective(
        self, actor: MemberInfo, filters: MemberFilters
    ) -> tuple[MemberFilters, str | None, str | None]:
        """The filters with a coordinator confined to its organisation, and their names."""
        if actor.role is Role.COORDINATOR:
            filters = replace(filters, organisation_id=actor.organisation_id)
        organisation_name = association_name = None
        if filters.organisation_id is not None:
            organisation = await self.repo.registry.organisation(filters.organisation_id)
            if organisation is None:
                raise NotFound("directory-error-filter-gone")
            organisation_name = organisation.name
        if filters.association_id is not None:
            association = await self.repo.registry.association(filters.association_id)
            if association is None:
                raise NotFound("directory-error-filter-gone")
            if actor.role is Role.COORDINATOR and not self._visible_to_coordinator(
                actor, association
            ):
                raise NotAllowed("error-other-organisation")
            association_name = association.name
        return filters, organisation_name, association_name

    @staticmethod
    def _visible_to_coordinator(actor: MemberInfo, association: Association) -> bool:
        return (
            association.level is not AssociationLevel.SCHOOL
            or association.organisation_id == actor.organisation_id
        )

    @staticmethod
    def _query(filters: MemberFilters, today: date) -> MemberQuery:
        return MemberQuery(
            active=not filters.deactivated,
            role=filters.role,
            organisation_id=filters.organisation_id,
            association_id=filters.association_id,
            career_years=young_years(today) if filters.young else None,
            mentors_only=filters.mentors,
            unregistered_only=filters.unregistered,
            unreachable_only=filters.unreachable,
        )

    async def list_members(
        self,
        actor: MemberInfo | None,
        filters: MemberFilters,
        *,
        today: date,
        page: int = 0,
        per_page: int = PER_PAGE,
    ) -> MemberPage:
        """One page of the members the filters select, sorted by name."""
        actor = self._staff(actor)
        filters, organisation_name, association_name = await self._effective(actor, filters)
        query = self._query(filters, today)
        total = await self.repo.directory.count(query)
        pages = max(1, -(-total // per_page))
        page = min(max(page, 0), pages - 1)
        rows = await self.repo.directory.page(query, offset=page * per_page, limit=per_page)
        return MemberPage(
            filters=filters,
            organisation_name=organisation_name,
            association_name=association_name,
            organisation_fixed=actor.role is Role.COORDINATOR,
            rows=tuple(rows),
            total=total,
            page=page,
            pages=pages,
        )

    async def filter_roles(self, actor: MemberInfo | None) -> tuple[Role, ...]:
        """Roles to filter the list by."""
        self._staff(actor)
        return ROLE_ORDER

    async def organisation_choices(self, actor: MemberInfo | None) -> list[Choice]:
        """Organisations to filter by: a methodologist's choice only."""
        actor = self._staff(actor)
        if actor.role is not Role.METHODOLOGIST:
            raise NotAllowed("error-other-organisation")
        return [Choice(o.id, o.name) for o in await self.repo.registry.organisations()]

    async def association_choices(
        self, actor: MemberInfo | None, filters: MemberFilters
    ) -> list[Choice]:
        """Associations to filter by: of the chosen organisation (a coordinator's own) and the
        municipal and district ones; all of them when no organisation is chosen."""
        actor = self._staff(actor)
        filters, _, _ = await self._effective(actor, replace(filters, association_id=None))
        associations = await self.repo.registry.associations_in_use(
            organisation_id=filters.organisation_id, school_level=True, wide_levels=True
        )
        if filters.organisation_id is not None:
            return [Choice(a.id, a.name) for a in associations]
        # Every school has its own primary-classes association: name the school too.
        schools = {o.id: o.name for o in await self.repo.registry.organisations()}
        return [
            Choice(a.id, f"{a.name} — {schools[a.organisation_id]}")
            if a.organisation_id in schools
            else Choice(a.id, a.name)
            for a in associations
        ]

    # ------------------------------------------------------------------ the card

    async def card(self, actor: MemberInfo | None, member_id: int, *, today: date) -> MemberCard:
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        return await self._card(actor, target, today)

    async def _card(self, actor: MemberInfo, target: Member, today: date) -> MemberCard:
        memberships = await self.repo.directory.memberships_of(target.id)
        pairings = await self.repo.directory.pairings_of(target.id)
        mentors = tuple(
            PersonRef(p.mentor_id, p.mentor_name or f"#{p.mentor_id}")
            for p in pairings
            if p.mentee_id == target.id
        )
        mentees = tuple(
            PersonRef(p.mentee_id, p.mentee_name or f"#{p.mentee_id}")
            for p in pairings
            if p.mentor_id == target.id
        )
        young = is_young_specialist(target.career_start_year, today)
        active = target.is_active
        manages = self._manages(actor, target)
        itself = target.id == actor.id
        has_organisation = target.organisation_id is not None
        return MemberCard(
            id=target.id,
            full_name=_name(target),
            role=target.role,
            organisation_name=await self.repo.registry.organisation_name(target.organisation_id),
            associations=tuple(
                AssociationRef(m.association_id, m.association_name, m.is_head) for m in memberships
            ),
            career_start_year=target.career_start_year,
            young=young,
            is_mentor=target.is_mentor,
            mentors=mentors,
            mentees=mentees,
            reachable=target.is_reachable,
            registered=target.registered_at is not None,
            active=active,
            can_change_role=active and manages and not itself,
            can_set_head=active,
            can_pick_mentor=active and young and has_organisation,
            can_pick_mentee=active and target.is_mentor and has_organisation,
            can_unpair=bool(mentors or mentees),
            can_deactivate=active and manages and not itself,
            can_reactivate=not active and manages,
            can_route=actor.role is Role.METHODOLOGIST
            and await self.repo.surveys.named_profile(target.id),
        )

    # ------------------------------------------------------------------ roles

    def _roles_for(self, actor: MemberInfo, target: Member) -> tuple[Role, ...]:
        if target.id == actor.id:
            raise DomainError("directory-error-own-role")
        if not self._manages(actor, target):
            raise NotAllowed("error-only-methodologist")
        self._require_active(target)
        given = ROLE_ORDER if actor.role is Role.METHODOLOGIST else COORDINATOR_ROLES
        return tuple(role for role in given if role is not target.role)

    def _check_role(self, actor: MemberInfo, target: Member, role: Role) -> None:
        allowed = self._roles_for(actor, target)
        if role is target.role:
            raise DomainError("directory-error-same-role", name=_name(target))
        if role not in allowed:
            raise NotAllowed("error-only-methodologist")
        if role is Role.COORDINATOR and target.organisation_id is None:
            raise DomainError("directory-error-coordinator-needs-organisation", name=_name(target))

    async def role_options(self, actor: MemberInfo | None, member_id: int) -> RoleOptions:
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        return RoleOptions(_ref(target), target.role, self._roles_for(actor, target))

    async def preview_role_change(
        self, actor: MemberInfo | None, member_id: int, role: Role
    ) -> RolePreview:
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._check_role(actor, target, role)
        return RolePreview(_ref(target), target.role, role)

    async def change_role(
        self, actor: MemberInfo | None, member_id: int, role: Role, *, today: date
    ) -> RoleChange:
        """Give ``role``; the result names the person so its command menu can follow."""
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._check_role(actor, target, role)
        previous = target.role
        target.role = role
        self._touch(target)
        await self.repo.directory.flush()
        await self._audit(
            actor, "member.role_changed", target.id, old=previous.value, new=role.value
        )
        card = await self._card(actor, target, today)
        return RoleChange(card, target.telegram_id, role, target.locale)

    # ------------------------------------------------------------------ heads of associations

    async def _head_associations(self, actor: MemberInfo, target: Member) -> list[Association]:
        """Associations the actor may make ``target`` head of: the school ones of its
        organisation and, for a methodologist, the municipal and district ones."""
        if actor.role is Role.METHODOLOGIST:
            return await self.repo.registry.associations_in_use(
                organisation_id=target.organisation_id,
                school_level=target.organisation_id is not None,
                wide_levels=True,
            )
        return await self.repo.registry.associations_in_use(
            organisation_id=actor.organisation_id, school_level=True, wide_levels=False
        )

    async def head_options(self, actor: MemberInfo | None, member_id: int) -> HeadOptions:
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._require_active(target)
        heads = await self._heads_of(target)
        choices = [
            HeadChoice(a.id, a.name, a.level, a.id in heads)
            for a in await self._head_associations(actor, target)
        ]
        if actor.role is Role.METHODOLOGIST:
            # Where the person is head already, the methodologist may always clear it.
            offered = {c.id for c in choices}
            choices += [
                HeadChoice(a.id, a.name, a.level, True)
                for a in heads.values()
                if a.id not in offered
            ]
        return HeadOptions(_ref(target), tuple(choices))

    async def _heads_of(self, target: Member) -> dict[int, Association]:
        heads: dict[int, Association] = {}
        for row in await self.repo.directory.memberships_of(target.id):
            if row.is_head:
                association = await self.repo.registry.association(row.association_id)
                if association is not None:
                    heads[association.id] = association
        return heads

    async def set_head(
        self,
        actor: MemberInfo | None,
        member_id: int,
        association_id: int,
        *,
        head: bool,
        today: date,
    ) -> MemberCard:
        """Make the person head of the association (joining it if needed), or stop being one."""
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._require_active(target)
        association = await self.repo.registry.association(association_id)
        if association is None:
            raise NotFound("directory-error-association-gone")
        allowed = {a.id for a in await self._head_associations(actor, target)}
        membership = await self.repo.directory.membership(target.id, association_id)
        may_clear = actor.role is Role.METHODOLOGIST and membership is not None
        if association_id not in allowed and not (not head and may_clear):
            if actor.role is Role.COORDINATOR:
                raise NotAllowed("error-other-organisation")
            raise DomainError("directory-error-association-not-allowed", name=association.name)
        now = self.clock.now()
        if head:
            if membership is not None and membership.is_head:
                raise DomainError("directory-error-already-head", name=association.name)
            joined = membership is None
            if membership is None:
                await self.repo.directory.add_membership(
                    member_id=target.id, association_id=association_id, is_head=True, now=now
                )
            else:
                membership.is_head = True
            action = "association.head_set"
        else:
            if membership is None or not membership.is_head:
                raise DomainError("directory-error-not-head", name=association.name)
            membership.is_head = False
            joined = False
            action = "association.head_cleared"
        self._touch(target)
        await self.repo.directory.flush()
        # The year's heads keep their history: who headed the association until now.
        await sync_heads(self.repo, meeting_year(today), now)
        await self._audit(actor, action, target.id, association_id=association_id, joined=joined)
        return await self._card(actor, target, today)

    # ------------------------------------------------------------------ mentor pairs

    async def mentor_options(
        self, actor: MemberInfo | None, member_id: int, *, today: date
    ) -> PairOptions:
        """Who can mentor this young specialist (same organisation, not paired yet)."""
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._require_active(target)
        if not is_young_specialist(target.career_start_year, today):
            raise DomainError("directory-error-not-young", name=_name(target))
        if target.organisation_id is None:
            raise DomainError("directory-error-no-organisation", name=_name(target))
        candidates = await self.repo.directory.mentor_candidates(
            member_id=target.id,
            organisation_id=target.organisation_id,
            young_years=young_years(today),
        )
        return PairOptions(_ref(target), tuple(_ref(m) for m in candidates))

    async def mentee_options(
        self, actor: MemberInfo | None, member_id: int, *, today: date
    ) -> PairOptions:
        """Young specialists of the mentor's organisation it does not mentor yet."""
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._require_active(target)
        if not target.is_mentor:
            raise DomainError("directory-error-not-mentor", name=_name(target))
        if target.organisation_id is None:
            raise DomainError("directory-error-no-organisation", name=_name(target))
        candidates = await self.repo.directory.mentee_candidates(
            member_id=target.id,
            organisation_id=target.organisation_id,
            young_years=young_years(today),
        )
        return PairOptions(_ref(target), tuple(_ref(m) for m in candidates))

    async def add_mentor(
        self, actor: MemberInfo | None, mentee_id: int, mentor_id: int, *, today: date
    ) -> MemberCard:
        """Pair the young specialist with a mentor; the young specialist's card comes back."""
        actor = self._staff(actor)
        _, mentee = await self._pair(actor, mentor_id, mentee_id, today)
        return await self._card(actor, mentee, today)

    async def add_mentee(
        self, actor: MemberInfo | None, mentor_id: int, mentee_id: int, *, today: date
    ) -> MemberCard:
        """Pair the mentor with a young specialist; the mentor's card comes back."""
        actor = self._staff(actor)
        mentor, _ = await self._pair(actor, mentor_id, mentee_id, today)
        return await self._card(actor, mentor, today)

    async def _pair(
        self, actor: MemberInfo, mentor_id: int, mentee_id: int, today: date
    ) -> tuple[Member, Member]:
        if mentor_id == mentee_id:
            raise DomainError("directory-error-self-pair")
        mentor = await self._target(actor, mentor_id)
        mentee = await self._target(actor, mentee_id)
        self._require_active(mentor)
        self._require_active(mentee)
        if mentor.organisation_id is None or mentor.organisation_id != mentee.organisation_id:
            raise DomainError("directory-error-pair-other-organisation")
        if not is_young_specialist(mentee.career_start_year, today):
            raise DomainError("directory-error-not-young", name=_name(mentee))
        mentor_is_young = is_young_specialist(mentor.career_start_year, today)
        if not (mentor.is_mentor or (mentor.role in MENTOR_ROLES and not mentor_is_young)):
            raise DomainError("directory-error-not-mentor-candidate", name=_name(mentor))
        if await self.repo.directory.pairing_between(mentor.id, mentee.id) is not None:
            raise DomainError("directory-error-already-paired")
        await self.repo.directory.add_pairing(
            mentor_id=mentor.id, mentee_id=mentee.id, now=self.clock.now()
        )
        flagged = not mentor.is_mentor
        if flagged:
            mentor.is_mentor = True
            self._touch(mentor)
        await self.repo.directory.flush()
        await self._audit(
            actor,
            "mentor.paired",
            mentee.id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            mentor_flag_set=flagged,
        )
        return mentor, mentee

    async def unpair(
        self,
        actor: MemberInfo | None,
        *,
        mentor_id: int,
        mentee_id: int,
        card_of: int,
        today: date,
    ) -> MemberCard:
        """Dissolve a pair; the card of ``card_of`` (one of the two) comes back."""
        actor = self._staff(actor)
        if card_of not in (mentor_id, mentee_id):
            raise NotFound("directory-error-pair-gone")
        shown = await self._target(actor, card_of)
        other_id = mentee_id if card_of == mentor_id else mentor_id
        other = await self.repo.directory.member(other_id)
        if other is not None:
            require_scope(actor, other.organisation_id)
        deleted = await self.repo.directory.delete_pairing(mentor_id=mentor_id, mentee_id=mentee_id)
        if not deleted:
            raise NotFound("directory-error-pair-gone")
        await self._audit(
            actor, "mentor.unpaired", mentee_id, mentor_id=mentor_id, mentee_id=mentee_id
        )
        return await self._card(actor, shown, today)

    # ------------------------------------------------------------------ deactivation

    def _check_deactivation(self, actor: MemberInfo, target: Member) -> None:
        if target.id == actor.id:
            raise DomainError("directory-error-self-deactivate")
        if not self._manages(actor, target):
            raise NotAllowed("error-only-methodologist")
        if not target.is_active:
            raise DomainError("directory-error-already-inactive", name=_name(target))

    async def deactivation_preview(self, actor: MemberInfo | None, member_id: int) -> PersonRef:
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._check_deactivation(actor, target)
        return _ref(target)

    async def deactivate(
        self, actor: MemberInfo | None, member_id: int, *, today: date
    ) -> MemberCard:
        """The person loses access: the bot treats it as a stranger until reactivated."""
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        self._check_deactivation(actor, target)
        target.is_active = False
        self._touch(target)
        await self.repo.directory.flush()
        await self._audit(actor, "member.deactivated", target.id)
        return await self._card(actor, target, today)

    async def reactivate(
        self, actor: MemberInfo | None, member_id: int, *, today: date
    ) -> MemberCard:
        actor = self._staff(actor)
        target = await self._target(actor, member_id)
        if not self._manages(actor, target):
            raise NotAllowed("error-only-methodologist")
        if target.is_active:
            raise DomainError("directory-error-already-active", name=_name(target))
        target.is_active = True
        self._touch(target)
        await self.repo.directory.flush()
        await self._audit(actor, "member.reactivated", target.id)
        return await self._card(actor, target, today)

    # ------------------------------------------------------------------ export

    async def export_members(
        self,
        actor: MemberInfo | None,
        filters: MemberFilters,
        *,
        today: date,
        labels: ExportLabels,
    ) -> MembersExport:
        """Every member the filters select, as an XLSX table."""
        actor = self._staff(actor)
        filters, _, _ = await self._effective(actor, filters)
        query = self._query(filters, today)
        members = await self.repo.directory.members(query)
        memberships: dict[int, list[MembershipRow]] = {}
        for row in await self.repo.directory.memberships_in(query):
            memberships.setdefault(row.member_id, []).append(row)
        partners: dict[int, list[str]] = {}
        for pairing in await self.repo.directory.pairings_in(query):
            partners.setdefault(pairing.mentor_id, []).append(pairing.mentee_name or "")
            partners.setdefault(pairing.mentee_id, []).append(pairing.mentor_name or "")

        def yes_no(value: bool) -> str:
            return labels.yes if value else labels.no

        if len(labels.columns) != EXPORT_COLUMNS:
            raise ValueError(f"expected {EXPORT_COLUMNS} column titles, got {len(labels.columns)}")
        rows: list[list[str | int | None]] = []
        for member, organisation_name in members:
            own = memberships.get(member.id, [])
            rows.append(
                [
                    _name(member),
                    labels.roles.get(member.role, member.role.value),
                    organisation_name or None,
                    ", ".join(m.association_name for m in own) or None,
                    ", ".join(m.association_name for m in own if m.is_head) or None,
                    member.career_start_year,
                    yes_no(is_young_specialist(member.career_start_year, today)),
                    yes_no(member.is_mentor),
                    ", ".join(name for name in partners.get(member.id, []) if name) or None,
                    yes_no(member.is_reachable),
                    yes_no(member.registered_at is not None),
                ]
            )
        await self._audit(
            actor,
            "members.exported",
            None,
            count=len(rows),
            filters={
                "role": filters.role.value if filters.role else None,
                "organisation_id": filters.organisation_id,
                "association_id": filters.association_id,
                "young": filters.young,
                "mentors": filters.mentors,
                "unregistered": filters.unregistered,
                "unreachable": filters.unreachable,
                "deactivated": filters.deactivated,
            },
        )
        content = write_xlsx(
            Sheet(title=labels.sheet, header=labels.columns, rows=rows, auto_filter=True)
        )
        return MembersExport(content, f"members-{today.isoformat()}.xlsx", len(rows))
