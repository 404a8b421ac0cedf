"""The audit log as a methodologist reads it: the latest entries, by person and by kind, and
the same as an Excel table.

Entries are written by every service that changes something (``repo.audit.add``); this one
only reads them, resolves the names they refer to and hands plain lines to the caller, which
words them. Only a methodologist reads the log (bot administrators are methodologists).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from bot.clock import Clock
from bot.services.access import require_methodologist
from bot.services.errors import DomainError, NotFound
from bot.services.exports import Sheet, write_xlsx
from bot.services.people import MemberInfo, local_today
from bot.storage.audit import AuditQuery, AuditRow
from bot.storage.models import Role
from bot.storage.repositories import Repo

PER_PAGE = 8
EXPORT_LIMIT = 20_000
EXPORTED = "audit.exported"

# Every action the bot records, by the kind a methodologist filters by. An action missing here
# is still shown (under "other") with its code.
KINDS: dict[str, tuple[str, ...]] = {
    "people": (
        "member.consented",
        "member.bootstrap_methodologist",
        "member.registered",
        "member.profile_changed",
        "member.forgotten",
        "member.role_changed",
        "member.deactivated",
        "member.reactivated",
        "members.exported",
        "members.reconfirm_asked",
        "mentor.paired",
        "mentor.unpaired",
        "association.head_set",
        "association.head_cleared",
    ),
    "invites": ("invite.created", "invite.revoked"),
    "registry": (
        "organisation.create",
        "organisation.rename",
        "organisation.archive",
        "association.create",
        "association.rename",
        "association.archive",
        "registry.import",
    ),
    "groups": (
        "chat.bind",
        "chat.rebind",
        "chat.restore",
        "chat.unbind",
        "chat.bot_added",
        "chat.bot_removed",
        "chat.migrate",
        "chat.migrate_superseded",
        "chat.retitle",
    ),
    "events": ("event.published", "event.changed", "event.cancelled"),
    "broadcasts": ("broadcast.sent",),
    "other": (EXPORTED,),
}
OTHER = "other"
KIND_ORDER: tuple[str, ...] = tuple(KINDS)
# "Other" is also every action not listed: it is selected as "none of the other kinds".
NOT_OTHER: tuple[str, ...] = tuple(
    action for kind, actions in KINDS.items() if kind != OTHER for action in actions
)
KIND_OF: dict[str, str] = {action: kind for kind, actions in KINDS.items() for action in actions}


@dataclass(frozen=True, slots=True)
class AuditFilters:
    kind: str | None = None
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One entry, ready to be worded: ``at`` in the deployment's time zone.

    ``params`` hold what the wording needs: names (``object``, ``association``, ``mentor``,
    ``mentee``, ``before``, ``after``; None for a person whose data is gone), roles (``old``,
    ``new``, ``role``) and numbers (``count``, ``organisations``, ``associations``).
    """

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    action: str
    kind: str
    params: Mapping[str, str | int | Role | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuditPage:
    filters: AuditFilters
    person_name: str | None
    lines: tuple[AuditLine, ...]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class PersonChoice:
    id: int
    name: str | None


@dataclass(frozen=True, slots=True)
class AuditExportLabels:
    """Texts of the table in the reader's language; the service knows no locales."""

    columns: tuple[str, str, str, str]  # when, who, kind, what
    kinds: Mapping[str, str]
    system: str  # who acted when nobody did (the bot itself)
    nameless: str  # a person whose data is gone
    sheet: str


@dataclass(frozen=True, slots=True)
class AuditExport:
    content: bytes
    filename: str
    count: int


def _role(value: Any) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class AuditService:
    def __init__(self, repo: Repo, clock: Clock, tz: tzinfo) -> None:
        self.repo = repo
        self.clock = clock
        self.tz = tz

    @staticmethod
    def _query(filters: AuditFilters) -> AuditQuery:
        if filters.kind is None:
            return AuditQuery(person_id=filters.person_id)
        if filters.kind == OTHER:
            return AuditQuery(actions_not_in=NOT_OTHER, person_id=filters.person_id)
        if filters.kind not in KINDS:
            raise DomainError("error-stale-button")
        return AuditQuery(actions_in=KINDS[filters.kind], person_id=filters.person_id)

    async def _person_name(self, filters: AuditFilters) -> str | None:
        if filters.person_id is None:
            return None
        person = await self.repo.audit_log.person(filters.person_id)
        if person is None:
            raise NotFound("audit-error-person-gone")
        return person.full_name

    async def latest(
        self,
        actor: MemberInfo | None,
        filters: AuditFilters,
        *,
        page: int = 0,
        per_page: int = PER_PAGE,
    ) -> AuditPage:
        """One page of entries, newest first."""
        require_methodologist(actor)
        query = self._query(filters)
        person_name = await self._person_name(filters)
        total = await self.repo.audit_log.count(query)
        pages = max(1, -(-total // per_page))
        page = min(max(page, 0), pages - 1)
        rows = await self.repo.audit_log.latest(query, offset=page * per_page, limit=per_page)
        return AuditPage(
            filters=filters,
            person_name=person_name,
            lines=tuple(await self._lines(rows)),
            total=total,
            page=page,
            pages=pages,
        )

    async def people(self, actor: MemberInfo | None) -> list[PersonChoice]:
        """Who to filter by: everyone who acted or was acted upon, by name."""
        require_methodologist(actor)
        return [PersonChoice(p.id, p.full_name) for p in await self.repo.audit_log.people()]

    def kinds(self, actor: MemberInfo | None) -> tuple[str, ...]:
        require_methodologist(actor)
        return KIND_ORDER

    async def export(
        self,
        actor: MemberInfo | None,
        filters: AuditFilters,
        *,
        labels: AuditExportLabels,
        describe: Callable[[AuditLine], str],
    ) -> AuditExport:
        """Every entry the filters select (newest first, at most :data:`EXPORT_LIMIT`) as XLSX;
        ``describe`` words an entry in the reader's language."""
        actor = require_methodologist(actor)
        query = self._query(filters)
        await self._person_name(filters)
        rows = await self.repo.audit_log.latest(query, offset=0, limit=EXPORT_LIMIT)
        lines = await self._lines(rows)
        table: list[list[str | datetime | None]] = [
            [
                line.at.replace(tzinfo=None),
                (line.actor_name or labels.nameless)
                if line.actor_id is not None
                else labels.system,
                labels.kinds.get(line.kind, line.kind),
                describe(line),
            ]
            for line in lines
        ]
        await self.repo.audit.add(
            at=self.clock.now(),
            actor_id=actor.id,
            action=EXPORTED,
            details={"count": len(table), "kind": filters.kind, "person_id": filters.person_id},
        )
        content = write_xlsx(
            Sheet(
                title=labels.sheet,
                header=labels.columns,
                rows=table,
                widths=(17, 30, 16, 80),
                auto_filter=True,
            )
        )
        today = local_today(self.clock.now(), self.tz)
        return AuditExport(content, f"audit-{today.isoformat()}.xlsx", len(table))

    # ------------------------------------------------------------------ names

    async def _lines(self, rows: Sequence[AuditRow]) -> list[AuditLine]:
        member_ids: set[int] = set()
        by_type: dict[str, set[int]] = {}
        for row in rows:
            if row.object_id is not None and row.object_type:
                if row.object_type == "member":
                    member_ids.add(row.object_id)
                else:
                    by_type.setdefault(row.object_type, set()).add(row.object_id)
            for key in ("mentor_id", "mentee_id"):
                if (value := _number(row.details.get(key))) is not None:
                    member_ids.add(value)
            if (value := _number(row.details.get("association_id"))) is not None:
                by_type.setdefault("association", set()).add(value)
        members = await self.repo.audit_log.member_names(member_ids)
        names = {
            kind: await self.repo.audit_log.names(kind, sorted(ids))
            for kind, ids in by_type.items()
        }
        invites = await self.repo.audit_log.invite_roles(sorted(by_type.get("invite", ())))
        return [self._line(row, members, names, invites) for row in rows]

    def _line(
        self,
        row: AuditRow,
        members: Mapping[int, str | None],
        names: Mapping[str, Mapping[int, str]],
        invites: Mapping[int, Role],
    ) -> AuditLine:
        details = row.details
        params: dict[str, str | int | Role | None] = {}
        if row.object_type == "member" and row.object_id is not None:
            params["object"] = members.get(row.object_id)
        elif row.object_type == "invite" and row.object_id is not None:
            params["role"] = invites.get(row.object_id)
        elif row.object_type and row.object_id is not None:
            params["object"] = names.get(row.object_type, {}).get(row.object_id)
        if (association_id := _number(details.get("association_id"))) is not None:
            params["association"] = names.get("association", {}).get(association_id)
        for key in ("mentor", "mentee"):
            if (member_id := _number(details.get(f"{key}_id"))) is not None:
                params[key] = members.get(member_id)
        for key in ("old", "new", "role"):
            if (role := _role(details.get(key))) is not None:
                params[key] = role
        for key in ("count", "queued", "organisations", "associations"):
            if (number := _number(details.get(key))) is not None:
                params["count" if key == "queued" else key] = number
        for key in ("before", "after"):
            if isinstance(details.get(key), str):
                params[key] = details[key]
        return AuditLine(
            id=row.id,
            at=row.at.astimezone(self.tz),
            actor_id=row.actor_id,
            actor_name=row.actor_name,
            action=row.action,
            kind=KIND_OF.get(row.action, OTHER),
            params=params,
        )
