"""Announcements: a message for an audience, put into the outbox, and its delivery report."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from bot.clock import Clock
from bot.services.access import require_scope, require_staff, scope_of
from bot.services.audience import (
    Audience,
    Groups,
    Reach,
    Where,
    binding_select,
    member_select,
    reach_select,
)
from bot.services.directory import DirectoryService, MemberFilters
from bot.services.errors import DomainError, NotFound
from bot.services.groups import GroupService
from bot.services.people import MemberInfo
from bot.storage.models import (
    Association,
    Broadcast,
    BroadcastStatus,
    ChatBinding,
    Content,
    DeliveryStatus,
    Member,
    Organisation,
    OrganisationKind,
    OutboxMessage,
    Role,
)
from bot.storage.repositories import Repo

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
KINDS = ("text", "photo", "document")
# What an audience picker lists.
PICKABLE = ("organisations", "associations", "chats")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class Figures:
    """Where a broadcast stands. ``informed`` of ``organisations``: organisations where anyone of
    it (a person of the organisation, or a group bound to it or to one of its associations)
    received it."""

    broadcast_id: int
    total: int
    delivered: int
    pending: int
    failed: int
    unreachable: int
    groups: int
    informed: int
    organisations: int
    finished: bool
    created_at: datetime
    preview: str


@dataclass(frozen=True, slots=True)
class Missed:
    """A recipient the broadcast did not reach."""

    name: str | None
    organisation: str | None
    chat_title: str | None
    status: DeliveryStatus
    reason: str | None


@dataclass(frozen=True, slots=True)
class Informed:
    organisation: str
    informed: bool


@dataclass(frozen=True, slots=True)
class Pickable:
    """An item of an audience picker: an organisation, an association (with the name of its
    organisation, for a school one) or a bound group."""

    id: int
    name: str
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class AudienceNames:
    """The names behind an audience's ids, in the order to show them: the chosen organisations,
    the chosen associations (name, organisation or None) and the groups it reaches now."""

    organisations: tuple[str, ...] = ()
    associations: tuple[tuple[str, str | None], ...] = ()
    groups: tuple[str, ...] = ()


def check_text(kind: str, text: str | None) -> str:
    """The message as it will go (the text, or a file's caption), or the limit it breaks, and
    by how much (refused, never cut)."""
    if kind not in KINDS:
        raise DomainError("broadcast-error-kind")
    text = (text or "").strip()
    limit = TEXT_LIMIT if kind == "text" else CAPTION_LIMIT
    length = visible_length(text)
    if kind == "text" and not length:
        raise DomainError("broadcast-error-empty")
    if length > limit:
        raise DomainError(
            "broadcast-error-too-long", limit=limit, length=length, excess=length - limit
        )
    return text


def visible_length(text: str) -> int:
    """What the messenger counts against its limit: the content goes out as HTML, and its
    markup (tags, escapes) is not part of the length."""
    return len(html.unescape(_TAG.sub("", text)))


class BroadcastService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    def audience_for(self, actor: MemberInfo | None, audience: Audience) -> Audience:
        """The audience as ``actor`` may address it: a coordinator's stays in its school."""
        actor = require_staff(actor)
        scoped = audience.within(scope_of(actor))
        if actor.role is Role.COORDINATOR:
            for organisation_id in scoped.organisations:
                require_scope(actor, organisation_id)
        return scoped

    async def choices(self, actor: MemberInfo | None, kind: str) -> list[Pickable]:
        """What a picker of ``kind`` (PICKABLE) offers ``actor``, by the rules of the
        directory (organisations: a methodologist's choice; associations: a coordinator's own
        and the municipal ones) and of groups (those the actor may see, active ones)."""
        if kind == "organisations":
            found = await DirectoryService(self.repo, self.clock).organisation_choices(actor)
            return [Pickable(c.id, c.name) for c in found]
        if kind == "associations":
            found = await DirectoryService(self.repo, self.clock).association_choices(
                actor, MemberFilters()
            )
            ids = [c.id for c in found]
            rows = await self.repo.session.execute(
                select(Association.id, Association.name, Organisation.name)
                .outerjoin(Organisation, Organisation.id == Association.organisation_id)
                .where(Association.id.in_(ids or (-1,)))
            )
            named = {row[0]: Pickable(*row) for row in rows.all()}
            return [named[i] for i in ids if i in named]
        if kind == "chats":
            views = await GroupService(self.repo, self.clock).bindings_for(actor)
            return [Pickable(v.info.id, v.info.title) for v in views if v.info.is_active]
        raise NotFound()

    async def names(self, audience: Audience) -> AudienceNames:
        """The names of what ``audience`` chose, and of the groups it reaches now (chosen ones,
        or those that match *where*), each list by name."""
        organisations: tuple[str, ...] = ()
        associations: tuple[tuple[str, str | None], ...] = ()
        groups: tuple[str, ...] = ()
        if audience.where is Where.ORGANISATIONS and audience.organisations:
            found = await self.repo.session.scalars(
                select(Organisation.name)
                .where(Organisation.id.in_(audience.organisations))
                .order_by(Organisation.name)
            )
            organisations = tuple(found)
        if audience.where is Where.ASSOCIATIONS and audience.associations:
            rows = await self.repo.session.execute(
                select(Association.name, Organisation.name)
                .outerjoin(Organisation, Organisation.id == Association.organisation_id)
                .where(Association.id.in_(audience.associations))
                .order_by(Association.name, Organisation.name)
            )
            associations = tuple((name, school) for name, school in rows.all())
        if audience.groups is not Groups.NONE:
            reached = binding_select(audience).subquery()
            found = await self.repo.session.scalars(
                select(ChatBinding.title)
                .where(ChatBinding.id.in_(select(reached.c.id)))
                .order_by(ChatBinding.title)
            )
            groups = tuple(found)
        return AudienceNames(organisations, associations, groups)

    async def reach(self, actor: MemberInfo | None, audience: Audience, today: date) -> Reach:
        scoped = self.audience_for(actor, audience)
        people, unreachable = (await self.repo.session.execute(reach_select(scoped, today))).one()
        groups = await self.repo.session.scalar(
            select(func.count()).select_from(binding_select(scoped).subquery())
        )
        return Reach(people=int(people), unreachable=int(unreachable), groups=int(groups or 0))

    async def send(
        self,
        actor: MemberInfo | None,
        *,
        kind: str,
        text: str | None,
        file_ref: str | None,
        audience: Audience,
        today: date,
        report_chat_id: int | None,
        report_locale: str | None,
    ) -> Figures:
        """Put the announcement into the outbox for everyone it reaches now."""
        scoped = self.audience_for(actor, audience)
        text = check_text(kind, text)
        if kind != "text" and not file_ref:
            raise DomainError("broadcast-error-kind")
        reach = await self.reach(actor, audience, today)
        if reach.nobody:
            raise DomainError("broadcast-error-nobody")
        assert actor is not None
        now = self.clock.now()
        content = await self.repo.outbox.add_content(
            kind=kind, text=text or None, file_ref=file_ref, now=now
        )
        broadcast = Broadcast(
            author_id=actor.id,
            content_id=content.id,
            audience=scoped.to_json(),
            status=BroadcastStatus.SENDING,
            report_chat_id=report_chat_id,
            report_locale=report_locale,
            report_dirty=False,
            created_at=now,
        )
        self.repo.session.add(broadcast)
        await self.repo.session.flush()
        source = f"broadcast:{broadcast.id}"
        await self.repo.outbox.enqueue_members(
            member_select(scoped, today),
            source=source,
            content_id=content.id,
            now=now,
            broadcast_id=broadcast.id,
        )
        await self.repo.outbox.enqueue_chats(
            binding_select(scoped),
            source=source,
            content_id=content.id,
            now=now,
            broadcast_id=broadcast.id,
        )
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="broadcast.sent",
            object_type="broadcast",
            object_id=broadcast.id,
            details={"audience": scoped.to_json(), "kind": kind},
        )
        return await self.figures(broadcast.id)

    async def set_report_message(self, broadcast_id: int, message_id: int) -> None:
        broadcast = await self._broadcast(broadcast_id)
        broadcast.report_message_id = message_id

    async def figures(self, broadcast_id: int) -> Figures:
        broadcast = await self._broadcast(broadcast_id)
        counts = await self.repo.outbox.counts(broadcast_id)
        pending = counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.SENDING, 0)
        groups = await self.repo.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.broadcast_id == broadcast_id, OutboxMessage.binding_id.is_not(None)
            )
        )
        informed, organisations = await self._informed_counts(broadcast)
        content = await self.repo.session.get(Content, broadcast.content_id)
        preview = (content.text or "") if content else ""
        finished = pending == 0
        if finished and broadcast.status is not BroadcastStatus.DONE:
            broadcast.status = BroadcastStatus.DONE
            broadcast.finished_at = self.clock.now()
        return Figures(
            broadcast_id=broadcast_id,
            total=sum(counts.values()),
            delivered=counts.get(DeliveryStatus.SENT, 0),
            pending=pending,
            failed=counts.get(DeliveryStatus.FAILED, 0),
            unreachable=counts.get(DeliveryStatus.UNREACHABLE, 0),
            groups=int(groups or 0),
            informed=informed,
            organisations=organisations,
            finished=finished,
            created_at=broadcast.created_at,
            preview=preview[:80],
        )

    async def report(self, actor: MemberInfo | None, broadcast_id: int) -> Figures:
        """One broadcast's figures, for its author or a methodologist."""
        broadcast = await self._owned(actor, broadcast_id)
        return await self.figures(broadcast.id)

    async def missed(self, actor: MemberInfo | None, broadcast_id: int) -> list[Missed]:
        """Who could not be reached (blocked, removed, failed), by name."""
        broadcast = await self._owned(actor, broadcast_id)
        rows = await self.repo.session.execute(
            select(
                Member.full_name,
                Organisation.name,
                ChatBinding.title,
                OutboxMessage.status,
                OutboxMessage.outcome,
            )
            .select_from(OutboxMessage)
            .outerjoin(Member, Member.id == OutboxMessage.member_id)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .outerjoin(ChatBinding, ChatBinding.id == OutboxMessage.binding_id)
            .where(
                OutboxMessage.broadcast_id == broadcast.id,
                OutboxMessage.status.in_((DeliveryStatus.UNREACHABLE, DeliveryStatus.FAILED)),
            )
            .order_by(Organisation.name, Member.full_name, ChatBinding.title)
        )
        return [Missed(*row) for row in rows.all()]

    async def organisations(self, actor: MemberInfo | None, broadcast_id: int) -> list[Informed]:
        """Per organisation of the audience: did anyone of it get it (see ``Figures``)."""
        broadcast = await self._owned(actor, broadcast_id)
        informed = self._informed_condition(broadcast.id)
        rows = await self.repo.session.execute(
            select(Organisation.name, informed)
            .where(self._organisations_condition(broadcast))
            .order_by(Organisation.name)
        )
        return [Informed(name, bool(flag)) for name, flag in rows.all()]

    async def recent(self, actor: MemberInfo | None, limit: int = 10) -> list[Figures]:
        actor = require_staff(actor)
        query = select(Broadcast.id).order_by(Broadcast.id.desc()).limit(limit)
        if actor.role is not Role.METHODOLOGIST:
            query = query.where(Broadcast.author_id == actor.id)
        return [await self.figures(bid) for bid in await self.repo.session.scalars(query)]

    async def dirty_reports(self) -> list[tuple[int, int, int, str | None]]:
        """Reports whose figures changed: broadcast id, chat, message, locale."""
        rows = await self.repo.session.execute(
            select(
                Broadcast.id,
                Broadcast.report_chat_id,
                Broadcast.report_message_id,
                Broadcast.report_locale,
            ).where(
                Broadcast.report_dirty.is_(True),
                Broadcast.report_chat_id.is_not(None),
                Broadcast.report_message_id.is_not(None),
            )
        )
        for broadcast_id, *_ in (found := rows.all()):
            broadcast = await self._broadcast(broadcast_id)
            broadcast.report_dirty = False
        return [(int(a), int(b), int(c), d) for a, b, c, d in found]

    # --- helpers ------------------------------------------------------------------------

    async def _broadcast(self, broadcast_id: int) -> Broadcast:
        broadcast = await self.repo.session.get(Broadcast, broadcast_id)
        if broadcast is None:
            raise NotFound()
        return broadcast

    async def _owned(self, actor: MemberInfo | None, broadcast_id: int) -> Broadcast:
        actor = require_staff(actor)
        broadcast = await self._broadcast(broadcast_id)
        if actor.role is not Role.METHODOLOGIST and broadcast.author_id != actor.id:
            raise DomainError("error-not-allowed")
        return broadcast

    def _organisations_condition(self, broadcast: Broadcast) -> ColumnElement[bool]:
        audience = Audience.from_json(broadcast.audience)
        condition = Organisation.archived_at.is_(None)
        if audience.scope_organisation is not None:
            return and_(condition, Organisation.id == audience.scope_organisation)
        if audience.where is Where.ORGANISATIONS:
            return and_(condition, Organisation.id.in_(audience.organisations or (-1,)))
        if audience.where is Where.ORG_KINDS:
            return and_(
                condition, Organisation.kind.in_(audience.org_kinds or tuple(OrganisationKind))
            )
        return condition

    def _informed_condition(self, broadcast_id: int) -> ColumnElement[bool]:
        """Anyone of the organisation got it: a person of it, or a group bound to it or to one
        of its associations.

        The organisations reached are found in one pass over the broadcast's sent rows (not
        one pass per organisation), then matched by id.
        """
        sent = (
            select(OutboxMessage.member_id, OutboxMessage.binding_id)
            .where(
                OutboxMessage.broadcast_id == broadcast_id,
                OutboxMessage.status == DeliveryStatus.SENT,
            )
            .subquery()
        )
        by_person = (
            select(Member.organisation_id)
            .join(sent, sent.c.member_id == Member.id)
            .where(Member.organisation_id.is_not(None))
        )
        by_group = (
            select(func.coalesce(ChatBinding.organisation_id, Association.organisation_id))
            .join(sent, sent.c.binding_id == ChatBinding.id)
            .outerjoin(Association, Association.id == ChatBinding.association_id)
            .where(
                or_(
                    ChatBinding.organisation_id.is_not(None),
                    Association.organisation_id.is_not(None),
                )
            )
        )
        return Organisation.id.in_(by_person.union(by_group))

    async def _informed_counts(self, broadcast: Broadcast) -> tuple[int, int]:
        informed = self._informed_condition(broadcast.id)
        row = (
            await self.repo.session.execute(
                select(func.count(), func.coalesce(func.sum(case((informed, 1), else_=0)), 0))
                .select_from(Organisation)
                .where(self._organisations_condition(broadcast))
            )
        ).one()
        return int(row[1]), int(row[0])
