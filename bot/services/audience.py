"""The Audience: who a push is for, stored as what it targets and resolved at send time.

One resolver for announcements, events, deadlines and surveys.  An audience is *who*
(everyone, some roles, young specialists, mentors, heads of associations) *where* (the whole
municipality, chosen organisations or kinds of them, chosen associations or levels of them),
plus bound group chats (none, all in scope, or chosen ones).  It resolves to SQL selects, so
an audience of any size is enqueued by the database without passing through Python.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, false, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from bot.services.people import YOUNG_SPECIALIST_YEARS, academic_year_of
from bot.storage.models import (
    Association,
    AssociationLevel,
    AssociationMembership,
    BindingKind,
    ChatBinding,
    DeadlineUnit,
    Member,
    MentorPairing,
    Organisation,
    OrganisationKind,
    Role,
)


class Who(enum.StrEnum):
    EVERYONE = "everyone"
    ROLES = "roles"
    YOUNG = "young"
    MENTORS = "mentors"
    HEADS = "heads"


class Where(enum.StrEnum):
    ALL = "all"
    ORGANISATIONS = "organisations"
    ORG_KINDS = "org_kinds"
    ASSOCIATIONS = "associations"
    LEVELS = "levels"


class Groups(enum.StrEnum):
    NONE = "none"
    ALL = "all"
    CHOSEN = "chosen"


@dataclass(frozen=True)
class Audience:
    who: Who = Who.EVERYONE
    roles: tuple[Role, ...] = ()
    where: Where = Where.ALL
    organisations: tuple[int, ...] = ()
    org_kinds: tuple[OrganisationKind, ...] = ()
    associations: tuple[int, ...] = ()
    levels: tuple[AssociationLevel, ...] = ()
    groups: Groups = Groups.NONE
    group_ids: tuple[int, ...] = ()
    # A coordinator's audience never leaves its organisation.
    scope_organisation: int | None = field(default=None)

    def to_json(self) -> dict[str, Any]:
        return {
            "who": self.who.value,
            "roles": [r.value for r in self.roles],
            "where": self.where.value,
            "organisations": list(self.organisations),
            "org_kinds": [k.value for k in self.org_kinds],
            "associations": list(self.associations),
            "levels": [lv.value for lv in self.levels],
            "groups": self.groups.value,
            "group_ids": list(self.group_ids),
            "scope_organisation": self.scope_organisation,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(
            who=Who(data.get("who", Who.EVERYONE)),
            roles=tuple(Role(r) for r in data.get("roles", ())),
            where=Where(data.get("where", Where.ALL)),
            organisations=tuple(int(i) for i in data.get("organisations", ())),
            org_kinds=tuple(OrganisationKind(k) for k in data.get("org_kinds", ())),
            associations=tuple(int(i) for i in data.get("associations", ())),
            levels=tuple(AssociationLevel(lv) for lv in data.get("levels", ())),
            groups=Groups(data.get("groups", Groups.NONE)),
            group_ids=tuple(int(i) for i in data.get("group_ids", ())),
            scope_organisation=data.get("scope_organisation"),
        )

    def within(self, organisation_id: int | None) -> Audience:
        """The same audience confined to one organisation (a coordinator's), or as is."""
        return (
            self if organisation_id is None else replace(self, scope_organisation=organisation_id)
        )


def reachable_members(audience: Audience, today: date) -> ColumnElement[bool]:
    """The condition on ``members`` for those the audience targets (active, consented,
    registered, not forgotten, with a Telegram id)."""
    conditions: list[ColumnElement[bool]] = [
        Member.is_active.is_(True),
        Member.telegram_id.is_not(None),
        Member.registered_at.is_not(None),
        Member.consent_at.is_not(None),
        Member.forgotten_at.is_(None),
        _who(audience, today),
        _where(audience),
    ]
    if audience.scope_organisation is not None:
        conditions.append(Member.organisation_id == audience.scope_organisation)
    return and_(*conditions)


def member_select(audience: Audience, today: date) -> Select[tuple[int, int | None, bool]]:
    """Each targeted member once: id, Telegram id, reachable."""
    return select(Member.id, Member.telegram_id, Member.is_reachable).where(
        reachable_members(audience, today)
    )


def binding_select(audience: Audience) -> Select[tuple[int, int]]:
    """Each targeted active group once: binding id, chat id. «All groups» are those that match
    *where*: the groups of the chosen organisations and associations (see ``_groups_where``)."""
    query = select(ChatBinding.id, ChatBinding.chat_id).where(ChatBinding.is_active.is_(True))
    if audience.groups is Groups.NONE:
        return query.where(false())
    if audience.groups is Groups.CHOSEN:
        query = query.where(ChatBinding.id.in_(audience.group_ids or (-1,)))
    else:
        query = query.where(_groups_where(audience))
    if audience.scope_organisation is not None:
        own_associations = select(Association.id).where(
            Association.organisation_id == audience.scope_organisation
        )
        query = query.where(
            or_(
                ChatBinding.organisation_id == audience.scope_organisation,
                ChatBinding.association_id.in_(own_associations),
            ),
            ChatBinding.kind.in_((BindingKind.ORGANISATION, BindingKind.ASSOCIATION)),
        )
    return query


def _groups_where(audience: Audience) -> ColumnElement[bool]:
    """The groups that match *where*: bound to a chosen organisation (or one of a chosen kind)
    or to an association of it; bound to a chosen association (or one of a chosen level), or
    the heads' group of a chosen level. The whole municipality matches every group."""

    def of_organisations(organisations: Select[tuple[int]]) -> ColumnElement[bool]:
        return or_(
            ChatBinding.organisation_id.in_(organisations),
            ChatBinding.association_id.in_(
                select(Association.id).where(Association.organisation_id.in_(organisations))
            ),
        )

    match audience.where:
        case Where.ALL:
            return true()
        case Where.ORGANISATIONS:
            chosen = select(Organisation.id).where(
                Organisation.id.in_(audience.organisations or (-1,))
            )
            return of_organisations(chosen)
        case Where.ORG_KINDS:
            return of_organisations(
                select(Organisation.id).where(Organisation.kind.in_(audience.org_kinds))
            )
        case Where.ASSOCIATIONS:
            return ChatBinding.association_id.in_(audience.associations or (-1,))
        case Where.LEVELS:
            return or_(
                ChatBinding.association_id.in_(
                    select(Association.id).where(Association.level.in_(audience.levels))
                ),
                and_(
                    ChatBinding.kind == BindingKind.HEADS_LEVEL,
                    ChatBinding.level.in_(audience.levels),
                ),
            )


def _who(audience: Audience, today: date) -> ColumnElement[bool]:
    match audience.who:
        case Who.EVERYONE:
            return true()
        case Who.ROLES:
            return Member.role.in_(audience.roles or tuple(Role))
        case Who.YOUNG:
            this_year = academic_year_of(today)
            return Member.career_start_year.between(
                this_year - YOUNG_SPECIALIST_YEARS + 1, this_year
            )
        case Who.MENTORS:
            return or_(
                Member.is_mentor.is_(True),
                exists().where(MentorPairing.mentor_id == Member.id),
            )
        case Who.HEADS:
            return exists().where(
                AssociationMembership.member_id == Member.id,
                AssociationMembership.is_head.is_(True),
                _headed_in_scope(audience),
            )


def _headed_in_scope(audience: Audience) -> ColumnElement[bool]:
    """For heads, "where" says which associations they head."""
    match audience.where:
        case Where.ASSOCIATIONS:
            return AssociationMembership.association_id.in_(audience.associations or (-1,))
        case Where.LEVELS:
            return AssociationMembership.association_id.in_(
                select(Association.id).where(Association.level.in_(audience.levels))
            )
        case _:
            return true()


def _where(audience: Audience) -> ColumnElement[bool]:
    match audience.where:
        case Where.ALL:
            return true()
        case Where.ORGANISATIONS:
            return Member.organisation_id.in_(audience.organisations or (-1,))
        case Where.ORG_KINDS:
            return Member.organisation_id.in_(
                select(Organisation.id).where(Organisation.kind.in_(audience.org_kinds))
            )
        case Where.ASSOCIATIONS:
            return exists().where(
                AssociationMembership.member_id == Member.id,
                AssociationMembership.association_id.in_(audience.associations or (-1,)),
            )
        case Where.LEVELS:
            return exists().where(
                AssociationMembership.member_id == Member.id,
                AssociationMembership.association_id.in_(
                    select(Association.id).where(Association.level.in_(audience.levels))
                ),
            )


@dataclass(frozen=True, slots=True)
class Reach:
    """What an audience reaches now: people, of them unreachable, and groups."""

    people: int
    unreachable: int
    groups: int

    @property
    def nobody(self) -> bool:
        return self.people - self.unreachable <= 0 and self.groups == 0


def reach_select(audience: Audience, today: date) -> Select[tuple[int, int]]:
    members = member_select(audience, today).subquery()
    return select(
        func.count(),
        func.coalesce(func.sum(_int(members.c.is_reachable.is_(False))), 0),
    ).select_from(members)


def _int(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def unit_select(
    audience: Audience, unit: DeadlineUnit, today: date
) -> Select[tuple[int, int | None]]:
    """The units a deadline of this audience is owed by: columns ``unit_id`` and
    ``organisation_id``. Each person the audience targets; each association (not archived)
    its *where* names — all of them, those of the chosen organisations or kinds, the chosen
    ones, those of the chosen levels; each organisation (not archived) it names — all, the
    chosen ones or kinds, those of the chosen associations or having an association of the
    chosen levels. *Who* counts only for persons: an association's head, an organisation's
    coordinator acts for it whoever the audience names."""
    if unit is DeadlineUnit.PERSON:
        return select(
            Member.id.label("unit_id"), Member.organisation_id.label("organisation_id")
        ).where(reachable_members(audience, today))
    if unit is DeadlineUnit.ASSOCIATION:
        query = select(
            Association.id.label("unit_id"), Association.organisation_id.label("organisation_id")
        ).where(Association.archived_at.is_(None), _associations_where(audience))
        if audience.scope_organisation is not None:
            query = query.where(Association.organisation_id == audience.scope_organisation)
        return query
    query = select(
        Organisation.id.label("unit_id"), Organisation.id.label("organisation_id")
    ).where(Organisation.archived_at.is_(None), _organisations_where(audience))
    if audience.scope_organisation is not None:
        query = query.where(Organisation.id == audience.scope_organisation)
    return query


def _associations_where(audience: Audience) -> ColumnElement[bool]:
    match audience.where:
        case Where.ALL:
            return true()
        case Where.ORGANISATIONS:
            return Association.organisation_id.in_(audience.organisations or (-1,))
        case Where.ORG_KINDS:
            return Association.organisation_id.in_(
                select(Organisation.id).where(Organisation.kind.in_(audience.org_kinds))
            )
        case Where.ASSOCIATIONS:
            return Association.id.in_(audience.associations or (-1,))
        case Where.LEVELS:
            return Association.level.in_(audience.levels) if audience.levels else false()


def _organisations_where(audience: Audience) -> ColumnElement[bool]:
    match audience.where:
        case Where.ALL:
            return true()
        case Where.ORGANISATIONS:
            return Organisation.id.in_(audience.organisations or (-1,))
        case Where.ORG_KINDS:
            return Organisation.kind.in_(audience.org_kinds) if audience.org_kinds else false()
        case Where.ASSOCIATIONS:
            return Organisation.id.in_(
                select(Association.organisation_id).where(
                    Association.id.in_(audience.associations or (-1,))
                )
            )
        case Where.LEVELS:
            return Organisation.id.in_(
                select(Association.organisation_id).where(
                    Association.level.in_(audience.levels) if audience.levels else false(),
                    Association.archived_at.is_(None),
                )
            )
