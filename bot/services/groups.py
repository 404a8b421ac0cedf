"""Group chats bound to the bot: what each group stands for, and its life as a Telegram chat.

A binding row stands for one chat. It is never deleted: unbinding or removing the bot makes it
inactive, a group upgraded to a supergroup moves it to the new chat id, and every change is in
the audit log. ``created_at`` is the moment the binding got its present meaning (it is set again
when a methodologist re-binds or restores the group); ``updated_at`` is the last change of any
kind.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.services.access import require_methodologist, require_staff, scope_of
from bot.services.errors import DomainError, NotAllowed
from bot.services.people import MemberInfo
from bot.storage.groups import BINDING
from bot.storage.models import AssociationLevel, BindingKind, ChatBinding, Role
from bot.storage.repositories import Repo

UNBIND = "chat.unbind"
BOT_REMOVED = "chat.bot_removed"
SUPERSEDED = "chat.migrate_superseded"
TITLE_LIMIT = 255


@dataclass(frozen=True, slots=True)
class BindingInfo:
    """A bound group as the rest of the bot sees it."""

    id: int
    chat_id: int
    title: str
    kind: BindingKind
    level: AssociationLevel | None
    association_id: int | None
    organisation_id: int | None
    is_active: bool
    bound_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, row: ChatBinding) -> BindingInfo:
        return cls(
            id=row.id,
            chat_id=row.chat_id,
            title=row.title,
            kind=row.kind,
            level=row.level,
            association_id=row.association_id,
            organisation_id=row.organisation_id,
            is_active=row.is_active,
            bound_at=row.created_at,
            updated_at=row.updated_at,
        )


@dataclass(frozen=True, slots=True)
class BindingView:
    """A binding with the names needed to say in words what the group stands for."""

    info: BindingInfo
    name: str | None = None  # the association's or the organisation's name
    place: str | None = None  # the organisation of a school association
    archived: bool = False  # that association or organisation is archived (or gone)
    # why an inactive binding stopped: "unbind", "bot_removed" or "migrate_superseded"
    ended_by: str | None = None


@dataclass(frozen=True, slots=True)
class BindDialog:
    """A /bind choice in progress: whose it is and which state of the group it started from."""

    owner_id: int
    version: int
    current: BindingView | None


@dataclass(frozen=True, slots=True)
class Choice:
    """An association or organisation a group can be bound to."""

    id: int
    name: str
    place: str | None = None
    level: AssociationLevel | None = None


def _version(row: ChatBinding | None) -> int:
    """A short fingerprint of what the group stands for; buttons carry it to detect changes."""
    if row is None:
        return 0
    raw = "|".join(
        str(part)
        for part in (
            row.id,
            row.is_active,
            row.kind,
            row.level,
            row.association_id,
            row.organisation_id,
        )
    )
    return zlib.crc32(raw.encode()) % 999_999 + 1


def _meaning(row: ChatBinding) -> dict[str, Any]:
    return {
        "kind": str(row.kind),
        "level": str(row.level) if row.level else None,
        "association_id": row.association_id,
        "organisation_id": row.organisation_id,
    }


class GroupService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    # -- read by other capabilities

    async def active_bindings(self) -> list[BindingInfo]:
        """Every group the bot currently posts to, by title."""
        return [BindingInfo.of(row) for row in await self.repo.groups.active()]

    async def binding_for_chat(self, chat_id: int) -> BindingInfo | None:
        """The binding of a chat, active or not; None when the chat was never bound."""
        row = await self.repo.groups.by_chat_id(chat_id)
        return BindingInfo.of(row) if row else None

    # -- the bot's membership and the chat's life

    async def bot_added(
        self, chat_id: int, title: str, actor: MemberInfo | None
    ) -> BindingView | None:
        """The bot joined a group. An earlier binding stays as it is (inactive ones are not
        silently restored); the caller greets the group with what it returns."""
        row = await self.repo.groups.by_chat_id(chat_id)
        if row is None:
            return None
        now = self.clock.now()
        await self._sync_title(row, title, now)
        await self._audit(
            now, actor, "chat.bot_added", row, {"chat_id": chat_id, "active": row.is_active}
        )
        return await self._view(row)

    async def bot_removed(self, chat_id: int, title: str, actor: MemberInfo | None) -> None:
        """The bot left or was removed: the group's binding stops, its row and history stay."""
        row = await self.repo.groups.by_chat_id(chat_id)
        if row is None:
            return
        now = self.clock.now()
        await self._sync_title(row, title, now)
        if not row.is_active:
            return
        row.is_active = False
        row.updated_at = now
        await self.repo.groups.flush()
        await self._audit(now, actor, BOT_REMOVED, row, {"chat_id": chat_id})

    async def retitle(self, chat_id: int, title: str) -> None:
        """The group's title as Telegram shows it now."""
        row = await self.repo.groups.by_chat_id(chat_id)
        if row is not None:
            await self._sync_title(row, title, self.clock.now())

    async def migrate(self, old_chat_id: int, new_chat_id: int) -> bool:
        """The group became a supergroup with a new id: its binding moves there.

        Idempotent: either of Telegram's two service messages (or a send answered with
        ``migrate_to_chat_id``) may come first, and each may come more than once. True when a
        binding now lives under ``new_chat_id``.
        """
        old = await self.repo.groups.by_chat_id(old_chat_id)
        new = await self.repo.groups.by_chat_id(new_chat_id)
        now = self.clock.now()
        details = {"old_chat_id": old_chat_id, "new_chat_id": new_chat_id}
        if old is None:
            return new is not None
        if new is not None:
            # The supergroup was bound on its own already: it wins, the old row is history.
            if old.is_active:
                old.is_active = False
                old.updated_at = now
                await self.repo.groups.flush()
                await self._audit(now, None, SUPERSEDED, old, details)
            return True
        old.chat_id = new_chat_id
        old.updated_at = now
        await self.repo.groups.flush()
        await self._audit(now, None, "chat.migrate", old, details)
        return True

    # -- /bind in a group

    async def begin_binding(self, actor: MemberInfo | None, chat_id: int, title: str) -> BindDialog:
        """A methodologist sent /bind: what the group stands for now, to replace or restore."""
        actor = require_methodologist(actor)
        row = await self.repo.groups.by_chat_id(chat_id)
        if row is not None:
            await self._sync_title(row, title, self.clock.now())
        return BindDialog(
            owner_id=actor.id,
            version=_version(row),
            current=await self._view(row) if row else None,
        )

    async def resume_binding(
        self, actor: MemberInfo | None, chat_id: int, owner_id: int, version: int
    ) -> BindDialog:
        """A press on a step of the /bind choice: still the same person, role and group state."""
        _, row = await self._continue(actor, chat_id, owner_id, version)
        return BindDialog(owner_id, version, await self._view(row) if row else None)

    async def association_choices(
        self, actor: MemberInfo | None, chat_id: int, owner_id: int, version: int
    ) -> list[Choice]:
        await self._continue(actor, chat_id, owner_id, version)
        return [
            Choice(a.id, a.name, place, a.level)
            for a, place in await self.repo.registry.open_associations()
        ]

    async def organisation_choices(
        self, actor: MemberInfo | None, chat_id: int, owner_id: int, version: int
    ) -> list[Choice]:
        await self._continue(actor, chat_id, owner_id, version)
        return [Choice(o.id, o.name) for o in await self.repo.registry.organisations()]

    async def cancel_binding(self, actor: MemberInfo | None, owner_id: int) -> None:
        """The owner of the choice gave up; nothing changes."""
        self._owner(actor, owner_id)

    async def bind(
        self,
        actor: MemberInfo | None,
        chat_id: int,
        title: str,
        owner_id: int,
        version: int,
        kind: BindingKind,
        *,
        level: AssociationLevel | None = None,
        target_id: int | None = None,
    ) -> BindingView:
        """Store what the group stands for (replacing what it stood for before)."""
        actor, row = await self._continue(actor, chat_id, owner_id, version)
        meaning = await self._checked_meaning(kind, level, target_id)
        now = self.clock.now()
        if row is None:
            row = await self.repo.groups.add(
                chat_id=chat_id, title=title[:TITLE_LIMIT], bound_by_id=actor.id, now=now, **meaning
            )
            await self._audit(now, actor, "chat.bind", row, {"chat_id": chat_id, **_meaning(row)})
            return await self._view(row)
        before = _meaning(row) | {"active": row.is_active}
        await self._sync_title(row, title, now)
        row.kind = meaning["kind"]
        row.level = meaning["level"]
        row.association_id = meaning["association_id"]
        row.organisation_id = meaning["organisation_id"]
        row.is_active = True
        row.bound_by_id = actor.id
        row.created_at = now
        row.updated_at = now
        await self.repo.groups.flush()
        await self._audit(
            now, actor, "chat.rebind", row, {"chat_id": chat_id, "before": before, **_meaning(row)}
        )
        return await self._view(row)

    async def restore(
        self, actor: MemberInfo | None, chat_id: int, title: str, owner_id: int, version: int
    ) -> BindingView:
        """Make an inactive binding work again, as it was."""
        actor, row = await self._continue(actor, chat_id, owner_id, version)
        if row is None or row.is_active:
            raise DomainError("chats-error-changed")
        await self._checked_meaning(row.kind, row.level, row.association_id or row.organisation_id)
        now = self.clock.now()
        await self._sync_title(row, title, now)
        row.is_active = True
        row.bound_by_id = actor.id
        row.created_at = now
        row.updated_at = now
        await self.repo.groups.flush()
        await self._audit(now, actor, "chat.restore", row, {"chat_id": chat_id, **_meaning(row)})
        return await self._view(row)

    # -- /unbind in a group

    async def unbind(self, actor: MemberInfo | None, chat_id: int, title: str) -> BindingView:
        """The group stops receiving anything; the row and its history stay."""
        actor = require_methodologist(actor)
        row = await self.repo.groups.by_chat_id(chat_id)
        if row is None or not row.is_active:
            raise DomainError("chats-error-not-bound")
        now = self.clock.now()
        await self._sync_title(row, title, now)
        row.is_active = False
        row.updated_at = now
        await self.repo.groups.flush()
        await self._audit(now, actor, UNBIND, row, {"chat_id": chat_id, **_meaning(row)})
        return await self._view(row)

    # -- private chat

    async def explain_binding(self, actor: MemberInfo | None) -> None:
        """/bind sent in a private chat: only a methodologist is told how to bind a group."""
        require_methodologist(actor)

    async def bindings_for(self, actor: MemberInfo | None) -> list[BindingView]:
        """The groups a methodologist (all) or a school coordinator (its organisation's and its
        associations') may see: active first, then by title."""
        actor = require_staff(actor)
        organisation_id = scope_of(actor)
        if actor.role is Role.COORDINATOR and organisation_id is None:
            return []
        rows = await self.repo.groups.listed(organisation_id)
        associations = await self.repo.registry.association_names(
            {r.association_id for r in rows if r.association_id is not None}
        )
        organisations = await self.repo.registry.organisation_names(
            {r.organisation_id for r in rows if r.organisation_id is not None}
        )
        ended = await self.repo.groups.last_actions(
            [r.id for r in rows if not r.is_active], (UNBIND, BOT_REMOVED, SUPERSEDED)
        )
        views = []
        for row in rows:
            name, place, archived = self._target_of(row, associations, organisations)
            reason = ended.get(row.id)
            views.append(
                BindingView(
                    BindingInfo.of(row),
                    name=name,
                    place=place,
                    archived=archived,
                    ended_by=None if reason is None else reason.removeprefix("chat."),
                )
            )
        return views

    # -- inside

    def _owner(self, actor: MemberInfo | None, owner_id: int) -> MemberInfo:
        if actor is None or actor.id != owner_id:
            raise NotAllowed("error-not-your-button")
        return require_methodologist(actor)

    async def _continue(
        self, actor: MemberInfo | None, chat_id: int, owner_id: int, version: int
    ) -> tuple[MemberInfo, ChatBinding | None]:
        """The presser started this choice and is still a methodologist, and the group stands
        for what it stood for when the choice started."""
        actor = self._owner(actor, owner_id)
        row = await self.repo.groups.by_chat_id(chat_id)
        if _version(row) != version:
            raise DomainError("chats-error-changed")
        return actor, row

    async def _checked_meaning(
        self, kind: BindingKind, level: AssociationLevel | None, target_id: int | None
    ) -> dict[str, Any]:
        meaning: dict[str, Any] = {
            "kind": kind,
            "level": None,
            "association_id": None,
            "organisation_id": None,
        }
        if kind is BindingKind.HEADS_LEVEL:
            if level is None:
                raise DomainError()
            meaning["level"] = level
        elif kind is BindingKind.ASSOCIATION:
            association = await self.repo.registry.association(target_id) if target_id else None
            if association is None:
                raise DomainError("chats-error-association-gone")
            if association.archived_at is not None:
                raise DomainError("chats-error-association-archived")
            meaning["association_id"] = association.id
        elif kind is BindingKind.ORGANISATION:
            organisation = await self.repo.registry.organisation(target_id) if target_id else None
            if organisation is None:
                raise DomainError("chats-error-organisation-gone")
            if organisation.archived_at is not None:
                raise DomainError("chats-error-organisation-archived")
            meaning["organisation_id"] = organisation.id
        return meaning

    async def _view(self, row: ChatBinding) -> BindingView:
        associations = await self.repo.registry.association_names(
            {row.association_id} if row.association_id is not None else set()
        )
        organisations = await self.repo.registry.organisation_names(
            {row.organisation_id} if row.organisation_id is not None else set()
        )
        name, place, archived = self._target_of(row, associations, organisations)
        return BindingView(BindingInfo.of(row), name=name, place=place, archived=archived)

    @staticmethod
    def _target_of(
        row: ChatBinding,
        associations: dict[int, tuple[str, str | None, bool]],
        organisations: dict[int, tuple[str, bool]],
    ) -> tuple[str | None, str | None, bool]:
        if row.kind is BindingKind.ASSOCIATION:
            found = associations.get(row.association_id or 0)
            return found if found else (None, None, True)
        if row.kind is BindingKind.ORGANISATION:
            org = organisations.get(row.organisation_id or 0)
            return (org[0], None, org[1]) if org else (None, None, True)
        return None, None, False

    async def _sync_title(self, row: ChatBinding, title: str | None, now: datetime) -> None:
        title = (title or "")[:TITLE_LIMIT]
        if not title or title == row.title:
            return
        before = row.title
        row.title = title
        row.updated_at = now
        await self.repo.groups.flush()
        await self._audit(now, None, "chat.retitle", row, {"before": before, "after": row.title})

    async def _audit(
        self,
        now: datetime,
        actor: MemberInfo | None,
        action: str,
        row: ChatBinding,
        details: dict[str, Any],
    ) -> None:
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id if actor else None,
            action=action,
            object_type=BINDING,
            object_id=row.id,
            details=details,
        )
