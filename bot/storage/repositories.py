"""Repositories: every query the bot runs, grouped by table, behind one holder.

Portable SQL only (SQLAlchemy Core/ORM expressions): the same code runs on SQLite and
PostgreSQL.  Repositories flush but never commit; the unit of work (one update, one job)
commits.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    bindparam,
    delete,
    event,
    inspect,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.storage.audit import AuditLogRepo
from bot.storage.broadcasts import BroadcastRepo
from bot.storage.deadlines import DeadlineRepo
from bot.storage.digests import DigestRepo
from bot.storage.directory import DirectoryRepo
from bot.storage.engine import wipe_after_commit
from bot.storage.events import EventRepo
from bot.storage.groups import GroupRepo
from bot.storage.locks import LockRepo
from bot.storage.minutes import MinutesRepo
from bot.storage.models import (
    Association,
    AssociationMembership,
    AuditEntry,
    DialogState,
    Invite,
    InviteAssociation,
    Member,
    MentorPairing,
    Role,
)
from bot.storage.outbox import OutboxRepo
from bot.storage.registry import RegistryRepo
from bot.storage.reminders import ReminderRepo
from bot.storage.roadmaps import RoadmapRepo
from bot.storage.survey_admin import SurveyAdminRepo
from bot.storage.survey_results import SurveyResultsRepo
from bot.storage.surveys import SurveyRepo


class MemberRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        return await self.session.scalar(select(Member).where(Member.telegram_id == telegram_id))

    async def by_telegram_id_with_dialog(self, telegram_id: int, dialog_key: str) -> Member | None:
        """:meth:`by_telegram_id`, and in the same statement the person's dialog state (the
        row under ``dialog_key``, or that there is none), which :class:`DialogStateRepo`
        remembers for the rest of the unit of work: every update reads both, one statement
        instead of two."""
        row = (
            await self.session.execute(
                _member_and_dialog_statement(),
                {"telegram_id": telegram_id, "dialog_key": dialog_key},
            )
        ).first()
        member, dialog = row if row is not None else (None, None)
        DialogStateRepo(self.session).remember(dialog_key, dialog)
        return member

    async def add(
        self,
        *,
        telegram_id: int,
        full_name: str | None,
        role: Role,
        now: datetime,
        locale: str | None = None,
        organisation_id: int | None = None,
        consent_at: datetime | None = None,
        invite_id: int | None = None,
    ) -> Member:
        member = Member(
            telegram_id=telegram_id,
            full_name=full_name,
            role=role,
            locale=locale,
            organisation_id=organisation_id,
            consent_at=consent_at,
            invite_id=invite_id,
            is_reachable=True,
            is_active=True,
            created_at=now,
            updated_at=now,
        )
        self.session.add(member)
        await self.session.flush()
        return member

    async def get(self, member_id: int) -> Member | None:
        return await self.session.get(Member, member_id)

    async def memberships(self, member_id: int) -> list[tuple[Association, bool]]:
        """The member's associations (not archived) with whether it heads each, by name."""
        rows = await self.session.execute(
            select(Association, AssociationMembership.is_head)
            .join(AssociationMembership, AssociationMembership.association_id == Association.id)
            .where(AssociationMembership.member_id == member_id, Association.archived_at.is_(None))
            .order_by(Association.name)
        )
        return [(a, bool(h)) for a, h in rows.all()]

    async def join(self, member_id: int, association_id: int, *, head: bool, now: datetime) -> None:
        row = await self.session.get(AssociationMembership, (association_id, member_id))
        if row is None:
            self.session.add(
                AssociationMembership(
                    association_id=association_id, member_id=member_id, is_head=head, created_at=now
                )
            )
        elif head and not row.is_head:
            row.is_head = True
        await self.session.flush()

    async def leave(self, member_id: int, association_id: int) -> None:
        await self.session.execute(
            delete(AssociationMembership).where(
                AssociationMembership.member_id == member_id,
                AssociationMembership.association_id == association_id,
            )
        )

    async def mentors_of(self, member_id: int) -> list[Member]:
        rows = await self.session.scalars(
            select(Member)
            .join(MentorPairing, MentorPairing.mentor_id == Member.id)
            .where(MentorPairing.mentee_id == member_id, Member.is_active.is_(True))
            .order_by(Member.full_name)
        )
        return list(rows)

    async def mentees_of(self, member_id: int) -> list[Member]:
        rows = await self.session.scalars(
            select(Member)
            .join(MentorPairing, MentorPairing.mentee_id == Member.id)
            .where(MentorPairing.mentor_id == member_id, Member.is_active.is_(True))
            .order_by(Member.full_name)
        )
        return list(rows)

    async def flush(self) -> None:
        await self.session.flush()

    async def erase(self, member: Member, now: datetime) -> None:
        """Remove everything personal; the row stays so others' records keep their author."""
        telegram_id = member.telegram_id
        await self.session.execute(
            delete(AssociationMembership).where(AssociationMembership.member_id == member.id)
        )
        await self.session.execute(
            delete(MentorPairing).where(
                or_(MentorPairing.mentor_id == member.id, MentorPairing.mentee_id == member.id)
            )
        )
        if telegram_id is not None:
            await self.session.execute(
                delete(DialogState).where(DialogState.key.like(f"%:{telegram_id}:%"))
            )
            self.session.info.pop(_DIALOG_ROWS, None)
        member.telegram_id = None
        member.full_name = None
        member.career_start_year = None
        member.organisation_id = None
        member.locale = None
        member.consent_at = None
        member.confirmed_at = None
        member.is_mentor = False
        member.is_active = False
        member.is_reachable = False
        member.forgotten_at = now
        member.updated_at = now
        await self.session.flush()
        wipe_after_commit(self.session)


class InviteRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        *,
        code: str,
        role: Role,
        organisation_id: int | None,
        association_ids: list[int],
        created_by_id: int,
        expires_at: datetime,
        max_uses: int | None,
        now: datetime,
    ) -> Invite:
        invite = Invite(
            code=code,
            role=role,
            organisation_id=organisation_id,
            created_by_id=created_by_id,
            expires_at=expires_at,
            max_uses=max_uses,
            used_count=0,
            created_at=now,
        )
        self.session.add(invite)
        await self.session.flush()
        for association_id in association_ids:
            self.session.add(InviteAssociation(invite_id=invite.id, association_id=association_id))
        await self.session.flush()
        return invite

    async def by_code(self, code: str) -> Invite | None:
        return await self.session.scalar(select(Invite).where(Invite.code == code))

    async def get(self, invite_id: int) -> Invite | None:
        return await self.session.get(Invite, invite_id)

    async def association_ids(self, invite_id: int) -> list[int]:
        rows = await self.session.scalars(
            select(InviteAssociation.association_id).where(InviteAssociation.invite_id == invite_id)
        )
        return list(rows)

    async def association_names(self, invite_id: int) -> list[str]:
        rows = await self.session.scalars(
            select(Association.name)
            .join(InviteAssociation, InviteAssociation.association_id == Association.id)
            .where(InviteAssociation.invite_id == invite_id)
            .order_by(Association.name)
        )
        return list(rows)

    async def active(self, now: datetime, organisation_id: int | None = None) -> list[Invite]:
        """Invites that still work, newest first; within one organisation when given."""
        query = select(Invite).where(
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
            or_(Invite.max_uses.is_(None), Invite.used_count < Invite.max_uses),
        )
        if organisation_id is not None:
            query = query.where(Invite.organisation_id == organisation_id)
        return list(await self.session.scalars(query.order_by(Invite.id.desc())))

    async def used_up(self, since: datetime, organisation_id: int | None = None) -> list[Invite]:
        """Invites with a use limit that every use has been taken of, not revoked, created
        since ``since``; newest first; within one organisation when given."""
        query = select(Invite).where(
            Invite.revoked_at.is_(None),
            Invite.max_uses.is_not(None),
            Invite.used_count >= Invite.max_uses,
            Invite.created_at >= since,
        )
        if organisation_id is not None:
            query = query.where(Invite.organisation_id == organisation_id)
        return list(await self.session.scalars(query.order_by(Invite.id.desc())))

    async def used_by(self, invite_id: int) -> list[str | None]:
        """The names of the people who joined through the invite (None: not given yet)."""
        rows = await self.session.scalars(
            select(Member.full_name)
            .where(Member.invite_id == invite_id, Member.forgotten_at.is_(None))
            .order_by(Member.id)
        )
        return list(rows)

    async def use(self, invite_id: int) -> bool:
        """Count one use, atomically; False when the invite is used up meanwhile."""
        result = await self.session.execute(
            update(Invite)
            .where(
                Invite.id == invite_id,
                or_(Invite.max_uses.is_(None), Invite.used_count < Invite.max_uses),
            )
            .values(used_count=Invite.used_count + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


class AuditRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        *,
        at: datetime,
        action: str,
        actor_id: int | None = None,
        object_type: str | None = None,
        object_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditEntry:
        entry = AuditEntry(
            at=at,
            actor_id=actor_id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=details or {},
        )
        self.session.add(entry)  # flushed with the unit of work: no round trip per entry
        return entry


class DialogStateRepo:
    """Dialog (FSM) state by an opaque key.

    An update reads its person's state several times (the state filter, the handler, its
    writes): the row, or that there is none, is remembered in the session and selected once.
    Only this repository writes dialog states and one person's updates never run at once, so
    what is remembered stays true; a rollback forgets it. Setting what is already there writes
    nothing.
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._rows: dict[str, DialogState | None] = session.info.setdefault(_DIALOG_ROWS, {})

    async def get(self, key: str) -> DialogState | None:
        if key in self._rows:
            row = self._rows[key]
            if row is None:
                return None
            state = inspect(row)
            if state.persistent and not state.expired_attributes:
                return row
        row = await self.session.get(DialogState, key)
        self._rows[key] = row
        return row

    def remember(self, key: str, row: DialogState | None) -> None:
        """``row`` was just read for ``key`` (None: there is none) by another statement."""
        self._rows[key] = row

    async def set_state(self, key: str, state: str | None, now: datetime) -> None:
        row = await self.get(key)
        if row is None:
            if state is None:
                return
            self._add(DialogState(key=key, state=state, data={}, updated_at=now))
        elif row.state == state:
            return
        else:
            row.state = state
            row.updated_at = now
            await self._drop_if_empty(row)
        await self.session.flush()

    async def set_data(self, key: str, data: dict[str, Any], now: datetime) -> None:
        row = await self.get(key)
        if row is None:
            if not data:
                return
            self._add(DialogState(key=key, state=None, data=dict(data), updated_at=now))
        elif row.data == data:
            return
        else:
            row.data = dict(data)
            row.updated_at = now
            await self._drop_if_empty(row)
        await self.session.flush()

    def _add(self, row: DialogState) -> None:
        self.session.add(row)
        self._rows[row.key] = row

    async def _drop_if_empty(self, row: DialogState) -> None:
        if row.state is None and not row.data:
            await self.session.delete(row)
            self._rows[row.key] = None


_DIALOG_ROWS = "dialog_state_rows"


@functools.cache
def _member_and_dialog_statement() -> Select[Any]:
    """The member by Telegram id and the dialog state by key, each None when missing: both
    joined to one row of nothing, so that either may be absent (portable SQL)."""
    one = select(literal(1).label("one")).subquery()
    return (
        select(Member, DialogState)
        .select_from(one)
        .outerjoin(Member, Member.telegram_id == bindparam("telegram_id"))
        .outerjoin(DialogState, DialogState.key == bindparam("dialog_key", type_=String()))
    )


@event.listens_for(Session, "after_soft_rollback")
def _forget_dialog_rows(session: Session, _previous: Any) -> None:
    session.info.pop(_DIALOG_ROWS, None)


class Repo:
    """The one holder a handler or job receives: ``repo.members.by_telegram_id(...)``."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.members = MemberRepo(session)
        self.invites = InviteRepo(session)
        self.audit = AuditRepo(session)
        self.audit_log = AuditLogRepo(session)
        self.registry = RegistryRepo(session)
        self.directory = DirectoryRepo(session)
        self.groups = GroupRepo(session)
        self.outbox = OutboxRepo(session)
        self.reminders = ReminderRepo(session)
        self.events = EventRepo(session)
        self.broadcasts = BroadcastRepo(session)
        self.deadlines = DeadlineRepo(session)
        self.survey_results = SurveyResultsRepo(session)
        self.digests = DigestRepo(session)
        self.roadmaps = RoadmapRepo(session)
        self.surveys = SurveyRepo(session)
        self.survey_admin = SurveyAdminRepo(session)
        self.minutes = MinutesRepo(session)
        self.locks = LockRepo(session)
