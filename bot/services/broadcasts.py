"""Announcements: a message for an audience, put into the outbox, and its delivery report."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

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
from bot.storage.broadcasts import KIND
from bot.storage.models import (
    Broadcast,
    BroadcastStatus,
    DeliveryStatus,
    Role,
)
from bot.storage.repositories import Repo

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
KINDS = ("text", "photo", "document")
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
        """What a picker of ``kind`` ("organisations", "associations" or "chats") offers
        ``actor``, by the rules of the directory (organisations: a methodologist's choice;
        associations: a coordinator's own and the municipal ones) and of groups (those the
        actor may see, active ones)."""
        if kind == "organisations":
            found = await DirectoryService(self.repo, self.clock).organisation_choices(actor)
            return [Pickable(c.id, c.name) for c in found]
        if kind == "associations":
            found = await DirectoryService(self.repo, self.clock).association_choices(
                actor, MemberFilters()
            )
            ids = [c.id for c in found]
            named = await self.repo.broadcasts.association_names(ids)
            return [Pickable(i, *named[i]) for i in ids if i in named]
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
            organisations = await self.repo.broadcasts.organisation_names(audience.organisations)
        if audience.where is Where.ASSOCIATIONS and audience.associations:
            associations = await self.repo.broadcasts.named_associations(audience.associations)
        if audience.groups is not Groups.NONE:
            groups = await self.repo.broadcasts.group_titles(binding_select(audience))
        return AudienceNames(organisations, associations, groups)

    async def reach(self, actor: MemberInfo | None, audience: Audience, today: date) -> Reach:
        scoped = self.audience_for(actor, audience)
        people, unreachable, groups = await self.repo.broadcasts.reach(
            reach_select(scoped, today), binding_select(scoped)
        )
        return Reach(people=people, unreachable=unreachable, groups=groups)

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
        await self.repo.broadcasts.add(broadcast)
        source = f"{KIND}:{broadcast.id}"
        await self.repo.outbox.enqueue_members(
            member_select(scoped, today),
            source=source,
            content_id=content.id,
            now=now,
            source_kind=KIND,
            source_id=broadcast.id,
        )
        await self.repo.outbox.enqueue_chats(
            binding_select(scoped),
            source=source,
            content_id=content.id,
            now=now,
            source_kind=KIND,
            source_id=broadcast.id,
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
        counts = await self.repo.outbox.counts(KIND, broadcast_id)
        pending = counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.SENDING, 0)
        groups = await self.repo.broadcasts.group_rows(broadcast_id)
        informed, organisations = await self.repo.broadcasts.informed_counts(
            broadcast.id, **_addressed(broadcast)
        )
        preview = await self.repo.broadcasts.text_of(broadcast.content_id)
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
            groups=groups,
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
        rows = await self.repo.broadcasts.missed(broadcast.id)
        return [Missed(*row) for row in rows]

    async def organisations(self, actor: MemberInfo | None, broadcast_id: int) -> list[Informed]:
        """Per organisation of the audience: did anyone of it get it (see ``Figures``)."""
        broadcast = await self._owned(actor, broadcast_id)
        rows = await self.repo.broadcasts.informed_by_organisation(
            broadcast.id, **_addressed(broadcast)
        )
        return [Informed(name, flag) for name, flag in rows]

    async def recent(self, actor: MemberInfo | None, limit: int = 10) -> list[Figures]:
        actor = require_staff(actor)
        author = None if actor.role is Role.METHODOLOGIST else actor.id
        return [
            await self.figures(bid) for bid in await self.repo.broadcasts.recent_ids(limit, author)
        ]

    async def dirty_reports(self) -> list[tuple[int, int, int, str | None]]:
        """Reports whose figures changed: broadcast id, chat, message, locale."""
        return await self.repo.broadcasts.take_dirty_reports()

    # --- helpers ------------------------------------------------------------------------

    async def _broadcast(self, broadcast_id: int) -> Broadcast:
        broadcast = await self.repo.broadcasts.get(broadcast_id)
        if broadcast is None:
            raise NotFound()
        return broadcast

    async def _owned(self, actor: MemberInfo | None, broadcast_id: int) -> Broadcast:
        actor = require_staff(actor)
        broadcast = await self._broadcast(broadcast_id)
        if actor.role is not Role.METHODOLOGIST and broadcast.author_id != actor.id:
            raise DomainError("error-not-allowed")
        return broadcast


def _addressed(broadcast: Broadcast) -> dict[str, Any]:
    """Which organisations the broadcast's audience addresses, for its figures."""
    audience = Audience.from_json(broadcast.audience)
    return {
        "scope_organisation": audience.scope_organisation,
        "organisations": audience.organisations if audience.where is Where.ORGANISATIONS else None,
        "org_kinds": audience.org_kinds if audience.where is Where.ORG_KINDS else None,
    }
