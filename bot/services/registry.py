"""The registry: the municipality's organisations and methodological associations.

A methodologist adds, renames and archives them, one by one or from a table; a school
coordinator may look at its own organisation's associations. Other capabilities (onboarding,
group binding) read the registry through :meth:`RegistryService.list_organisations`,
:meth:`RegistryService.list_associations`, :meth:`RegistryService.get_organisation` and
:meth:`RegistryService.get_association`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from bot.clock import Clock
from bot.services.access import require_methodologist, require_scope, require_staff
from bot.services.errors import DomainError, NotFound
from bot.services.people import MemberInfo
from bot.services.tables import (
    MAX_FILE_BYTES,
    Column,
    Row,
    TableError,
    clean_text,
    name_key,
    read_table,
    words,
)
from bot.storage.models import Association, AssociationLevel, Organisation, OrganisationKind, Role
from bot.storage.repositories import Repo

NAME_LIMIT = 300
SUBJECT_LIMIT = 200
MAX_IMPORT_ROWS = 2000
IMPORT_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")

LEVEL_ORDER = {
    AssociationLevel.MUNICIPAL: 0,
    AssociationLevel.DISTRICT: 1,
    AssociationLevel.SCHOOL: 2,
}
_LEVEL_CODES = {
    AssociationLevel.SCHOOL: "s",
    AssociationLevel.MUNICIPAL: "m",
    AssociationLevel.DISTRICT: "d",
}
_LEVEL_BY_CODE = {code: level for level, code in _LEVEL_CODES.items()}

# Column names and level words, compared in Latin transliteration (see bot.services.tables).
IMPORT_COLUMNS = (
    Column(
        "school",
        (
            "shkola",
            "oo",
            "organizaciya",
            "obrazovatelnaya organizaciya",
            "uchrezhdenie",
            "school",
            "organisation",
            "organization",
        ),
        required=False,
    ),
    Column(
        "name",
        (
            "obedinenie",
            "nazvanie obedineniya",
            "metodicheskoe obedinenie",
            "mo",
            "association",
        ),
    ),
    Column("level", ("uroven", "uroven obedineniya", "level")),
    Column(
        "subject",
        ("predmetnaya oblast", "predmet", "napravlenie", "subject area", "subject"),
        required=False,
    ),
)
_KINDERGARTEN = re.compile(r"^(mbdou|madou|mkdou|mdou|dou)\b|detskij sad")
_ADDITIONAL = re.compile(
    r"^(mbu|mau|mku|mbou|maou|mkou|mou) dod?\b|^(dyussh|sdyussh|cdt|ddt|dshi)\b"
    r"|dopolnitelnogo obrazovaniya"
)


# ---------------------------------------------------------------------- what callers get


@dataclass(frozen=True, slots=True)
class OrganisationInfo:
    id: int
    name: str
    kind: OrganisationKind
    archived: bool

    @classmethod
    def of(cls, row: Organisation) -> OrganisationInfo:
        return cls(row.id, row.name, row.kind, row.archived_at is not None)


@dataclass(frozen=True, slots=True)
class AssociationInfo:
    id: int
    name: str
    level: AssociationLevel
    subject_area: str | None
    organisation_id: int | None
    organisation_name: str | None
    archived: bool

    @classmethod
    def of(cls, row: Association, organisation_name: str | None) -> AssociationInfo:
        return cls(
            row.id,
            row.name,
            row.level,
            row.subject_area,
            row.organisation_id,
            organisation_name,
            row.archived_at is not None,
        )


@dataclass(frozen=True, slots=True)
class AssociationLine:
    """An association in an organisation's card, with its numbers."""

    association: AssociationInfo
    members: int
    heads: int


@dataclass(frozen=True, slots=True)
class OrganisationCard:
    organisation: OrganisationInfo
    associations: tuple[AssociationLine, ...]
    editable: bool


@dataclass(frozen=True, slots=True)
class AssociationCard:
    association: AssociationInfo
    heads: tuple[str, ...]
    members: int
    editable: bool


@dataclass(frozen=True, slots=True)
class RegistryHome:
    """What /registry opens: the methodologist's menu (no card) or a coordinator's own card."""

    card: OrganisationCard | None


@dataclass(frozen=True, slots=True)
class Archived:
    name: str
    associations: int = 0


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row of an imported table that will not be imported, and why (a text key)."""

    row: int
    key: str
    value: str = ""


@dataclass(frozen=True, slots=True)
class ImportPreview:
    file_name: str
    rows: int
    new_organisations: int
    existing_organisations: int
    new_associations: int
    existing_associations: int
    problems: tuple[RowProblem, ...]
    # The rows to import, compact and JSON-able: kept in the dialog until the confirmation.
    payload: dict[str, Any] = field(repr=False)

    @property
    def has_changes(self) -> bool:
        return self.new_organisations + self.new_associations > 0


@dataclass(frozen=True, slots=True)
class ImportResult:
    organisations: int
    associations: int
    skipped: int


# ---------------------------------------------------------------------- import rows


@dataclass(frozen=True, slots=True)
class _Entry:
    row: int
    school: str | None
    name: str
    level: AssociationLevel
    subject: str | None


@dataclass
class _Plan:
    new_organisations: dict[str, str] = field(default_factory=dict)  # key -> name as written
    existing_organisations: set[int] = field(default_factory=set)
    new_associations: list[_Entry] = field(default_factory=list)
    existing_associations: set[int] = field(default_factory=set)
    problems: list[RowProblem] = field(default_factory=list)
    organisation_ids: dict[str, int] = field(default_factory=dict)  # key -> existing id


def parse_level(value: str) -> AssociationLevel | None:
    """A level word of a table, in any case (school / municipal or city / district, as words
    or as the Russian abbreviations), or None."""
    text = words(value)
    if text in ("shmo", "school") or text.startswith("shkoln"):
        return AssociationLevel.SCHOOL
    if text in ("gmo", "municipal", "city") or text.startswith(("municipaln", "gorodsk")):
        return AssociationLevel.MUNICIPAL
    if text in ("rmo", "district") or text.startswith("rajonn"):
        return AssociationLevel.DISTRICT
    return None


def guess_kind(name: str) -> OrganisationKind:
    """A new organisation from a table: a kindergarten or additional education by its name,
    else a school."""
    text = words(name)
    if _KINDERGARTEN.search(text):
        return OrganisationKind.KINDERGARTEN
    if _ADDITIONAL.search(text):
        return OrganisationKind.ADDITIONAL
    return OrganisationKind.SCHOOL


def name_problem(value: str, limit: int = NAME_LIMIT) -> str | None:
    """Why ``value`` cannot be a name (``empty``, ``too-long``, ``no-letters``), or None."""
    if not value:
        return "empty"
    if len(value) > limit:
        return "too-long"
    if not any(ch.isalpha() for ch in value):
        return "no-letters"
    return None


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "\u2026"


def _row_entry(row: Row) -> _Entry | RowProblem:
    school = row.cells.get("school", "")
    name = row.cells.get("name", "")
    level_text = row.cells.get("level", "")
    subject = row.cells.get("subject", "")
    if not name:
        return RowProblem(row.number, "registry-row-no-name")
    problem = name_problem(name)
    if problem is not None:
        return RowProblem(row.number, f"registry-row-name-{problem}", _short(name))
    if not level_text:
        return RowProblem(row.number, "registry-row-no-level")
    level = parse_level(level_text)
    if level is None:
        return RowProblem(row.number, "registry-row-unknown-level", _short(level_text))
    if school:
        problem = name_problem(school)
        if problem is not None:
            return RowProblem(row.number, f"registry-row-school-{problem}", _short(school))
    elif level is AssociationLevel.SCHOOL:
        return RowProblem(row.number, "registry-row-no-school")
    if len(subject) > SUBJECT_LIMIT:
        return RowProblem(row.number, "registry-row-subject-too-long", _short(subject))
    return _Entry(row.number, school or None, name, level, subject or None)


def _pack(file_name: str, entries: list[_Entry]) -> dict[str, Any]:
    """``{"f": file, "o": [organisation names], "a": [[organisation index or -1, name, level
    code, subject]]}``: each organisation's name stored once."""
    organisations: dict[str, int] = {}
    names: list[str] = []
    rows: list[list[Any]] = []
    for entry in entries:
        index = -1
        if entry.school is not None:
            key = name_key(entry.school)
            if key not in organisations:
                organisations[key] = len(names)
                names.append(entry.school)
            index = organisations[key]
        rows.append([index, entry.name, _LEVEL_CODES[entry.level], entry.subject or ""])
    return {"f": file_name, "o": names, "a": rows}


def _unpack(payload: object) -> list[_Entry]:
    """The rows kept in the dialog; anything malformed means the preview is gone."""
    expired = DomainError("registry-import-expired")
    if not isinstance(payload, dict):
        raise expired
    names, rows = payload.get("o"), payload.get("a")
    if not isinstance(names, list) or not isinstance(rows, list) or not rows:
        raise expired
    entries = []
    for number, item in enumerate(rows, start=1):
        if not isinstance(item, list) or len(item) != 4:
            raise expired
        index, name, code, subject = item
        if not (
            isinstance(index, int)
            and -1 <= index < len(names)
            and isinstance(name, str)
            and name
            and code in _LEVEL_BY_CODE
            and isinstance(subject, str)
        ):
            raise expired
        school = names[index] if index >= 0 else None
        if school is not None and not isinstance(school, str):
            raise expired
        entries.append(_Entry(number, school, name, _LEVEL_BY_CODE[code], subject or None))
    return entries


# ---------------------------------------------------------------------- the service


class RegistryService:
    def __init__(self, repo: Repo, clock: Clock) -> None:
        self.repo = repo
        self.clock = clock

    # -------------------------------------------------------------- reading, for everyone

    async def list_organisations(
        self, actor: MemberInfo | None, include_archived: bool = False
    ) -> list[OrganisationInfo]:
        """Live organisations by name, for anyone to pick from.

        ``actor`` may be None: a person still in onboarding lists organisations to pick its
        own. Archived ones are listed only to a methodologist (``include_archived``).
        """
        if include_archived:
            require_methodologist(actor)
        rows = await self.repo.registry.organisations(include_archived=include_archived)
        return [OrganisationInfo.of(row) for row in rows]

    async def list_associations(
        self,
        actor: MemberInfo | None,
        organisation_id: int | None = None,
        level: AssociationLevel | None = None,
    ) -> list[AssociationInfo]:
        """Live associations (of live organisations), read-only, for anyone to pick from:
        municipal first, then district, then school ones by organisation and name.

        ``actor`` may be None: a person still in onboarding lists associations to pick its
        own. ``organisation_id`` and ``level`` narrow the list.
        """
        rows = await self.repo.registry.associations(organisation_id=organisation_id, level=level)
        infos = [AssociationInfo.of(row, organisation_name) for row, organisation_name in rows]
        return sorted(infos, key=_association_order)

    async def open_to(self, organisation_id: int | None) -> list[AssociationInfo]:
        """What a person of ``organisation_id`` may join: its own school's associations
        first, then the municipal and district ones."""
        own = (
            await self.list_associations(None, organisation_id=organisation_id)
            if organisation_id
            else []
        )
        shared = [a for a in await self.list_associations(None) if a.organisation_id is None]
        return [*own, *shared]

    async def get_organisation(self, organisation_id: int) -> OrganisationInfo:
        """A live organisation; NotFound when it is missing or archived."""
        row = await self.repo.registry.organisation(organisation_id)
        if row is None or row.archived_at is not None:
            raise NotFound("registry-organisation-gone")
        return OrganisationInfo.of(row)

    async def get_association(self, association_id: int) -> AssociationInfo:
        """A live association of a live organisation; NotFound when missing or archived."""
        row = await self.repo.registry.association(association_id)
        if row is None or row.archived_at is not None:
            raise NotFound("registry-association-gone")
        organisation_name = None
        if row.organisation_id is not None:
            organisation = await self.repo.registry.organisation(row.organisation_id)
            if organisation is None or organisation.archived_at is not None:
                raise NotFound("registry-association-gone")
            organisation_name = organisation.name
        return AssociationInfo.of(row, organisation_name)

    # -------------------------------------------------------------- browsing (/registry)

    async def home(self, actor: MemberInfo | None) -> RegistryHome:
        """The methodologist's menu, or a coordinator's own organisation (read-only)."""
        if actor is not None and actor.role is Role.COORDINATOR:
            if actor.organisation_id is None:
                raise DomainError("registry-no-organisation")
            return RegistryHome(await self.organisation_card(actor, actor.organisation_id))
        require_methodologist(actor)
        return RegistryHome(None)

    async def browse_organisations(self, actor: MemberInfo | None) -> list[OrganisationInfo]:
        require_methodologist(actor)
        return await self.list_organisations(actor)

    async def browse_associations(self, actor: MemberInfo | None) -> list[AssociationInfo]:
        require_methodologist(actor)
        return await self.list_associations(actor)

    async def organisation_card(
        self, actor: MemberInfo | None, organisation_id: int
    ) -> OrganisationCard:
        staff = require_staff(actor)
        require_scope(staff, organisation_id)
        organisation = await self.get_organisation(organisation_id)
        associations = await self.list_associations(staff, organisation_id=organisation_id)
        counts = await self.repo.registry.member_counts(a.id for a in associations)
        lines = []
        for association in associations:
            numbers = counts.get(association.id)
            lines.append(
                AssociationLine(
                    association,
                    members=numbers.members if numbers else 0,
                    heads=numbers.heads if numbers else 0,
                )
            )
        return OrganisationCard(
            organisation, tuple(lines), editable=staff.role is Role.METHODOLOGIST
        )

    async def association_card(
        self, actor: MemberInfo | None, association_id: int
    ) -> AssociationCard:
        staff = require_staff(actor)
        association = await self.get_association(association_id)
        require_scope(staff, association.organisation_id)
        counts = await self.repo.registry.member_counts([association_id])
        heads = await self.repo.registry.head_names(association_id)
        numbers = counts.get(association_id)
        return AssociationCard(
            association,
            heads=tuple(heads),
            members=numbers.members if numbers else 0,
            editable=staff.role is Role.METHODOLOGIST,
        )

    # -------------------------------------------------------------- changing, for a methodologist

    async def check_can_edit(self, actor: MemberInfo | None) -> None:
        """Before a dialog that changes the registry starts: only a methodologist."""
        require_methodologist(actor)

    async def organisations_for_school_association(
        self, actor: MemberInfo | None
    ) -> list[OrganisationInfo]:
        """Where a new school association (school level) may go: any live organisation."""
        require_methodologist(actor)
        items = await self.list_organisations(actor)
        if not items:
            raise DomainError("registry-no-organisations-yet")
        return items

    async def organisation_for_edit(
        self, actor: MemberInfo | None, organisation_id: int
    ) -> OrganisationInfo:
        require_methodologist(actor)
        return await self.get_organisation(organisation_id)

    async def association_for_edit(
        self, actor: MemberInfo | None, association_id: int
    ) -> AssociationInfo:
        require_methodologist(actor)
        return await self.get_association(association_id)

    async def check_organisation_name(
        self, actor: MemberInfo | None, name: str, *, except_id: int | None = None
    ) -> str:
        """The name cleaned up, when it is a valid name no other organisation has."""
        require_methodologist(actor)
        name = clean_text(name)
        _require_name(name, NAME_LIMIT)
        key = name_key(name)
        for row in await self.repo.registry.organisations(include_archived=True):
            if row.id != except_id and name_key(row.name) == key:
                raise DomainError(
                    "registry-organisation-exists-archived"
                    if row.archived_at is not None
                    else "registry-organisation-exists",
                    name=escape(row.name),
                )
        return name

    async def check_association_name(
        self,
        actor: MemberInfo | None,
        name: str,
        level: AssociationLevel,
        organisation_id: int | None,
        *,
        except_id: int | None = None,
    ) -> str:
        """The name cleaned up, when no live association of the same level and organisation
        has it."""
        require_methodologist(actor)
        name = clean_text(name)
        _require_name(name, NAME_LIMIT)
        key = name_key(name)
        for row, _organisation in await self.repo.registry.associations(
            organisation_id=organisation_id, level=level
        ):
            if (
                row.id != except_id
                and row.organisation_id == organisation_id
                and name_key(row.name) == key
            ):
                raise DomainError("registry-association-exists", name=escape(row.name))
        return name

    async def add_organisation(
        self, actor: MemberInfo | None, name: str, kind: OrganisationKind
    ) -> OrganisationInfo:
        methodologist = require_methodologist(actor)
        name = await self.check_organisation_name(methodologist, name)
        now = self.clock.now()
        row = await self.repo.registry.add_organisation(name=name, kind=kind, now=now)
        await self._audit(
            methodologist, "organisation.create", "organisation", row.id, name=name, kind=kind.value
        )
        return OrganisationInfo.of(row)

    async def add_association(
        self,
        actor: MemberInfo | None,
        *,
        name: str,
        level: AssociationLevel,
        organisation_id: int | None,
        subject_area: str | None,
    ) -> AssociationInfo:
        methodologist = require_methodologist(actor)
        organisation_name = None
        if organisation_id is not None:
            organisation_name = (await self.get_organisation(organisation_id)).name
        elif level is AssociationLevel.SCHOOL:
            raise DomainError("registry-school-needs-organisation")
        name = await self.check_association_name(methodologist, name, level, organisation_id)
        subject = clean_text(subject_area or "") or None
        if subject is not None:
            _require_name(subject, SUBJECT_LIMIT)
        row = await self.repo.registry.add_association(
            name=name,
            level=level,
            subject_area=subject,
            organisation_id=organisation_id,
            now=self.clock.now(),
        )
        await self._audit(
            methodologist,
            "association.create",
            "association",
            row.id,
            name=name,
            level=level.value,
            organisation_id=organisation_id,
            subject_area=subject,
        )
        return AssociationInfo.of(row, organisation_name)

    async def rename_organisation(
        self, actor: MemberInfo | None, organisation_id: int, name: str
    ) -> OrganisationInfo:
        methodologist = require_methodologist(actor)
        await self.get_organisation(organisation_id)
        name = await self.check_organisation_name(methodologist, name, except_id=organisation_id)
        row = await self.repo.registry.organisation(organisation_id)
        assert row is not None
        old = row.name
        await self.repo.registry.rename_organisation(organisation_id, name)
        await self._audit(
            methodologist, "organisation.rename", "organisation", row.id, old=old, new=name
        )
        return OrganisationInfo.of(row)

    async def rename_association(
        self, actor: MemberInfo | None, association_id: int, name: str
    ) -> AssociationInfo:
        methodologist = require_methodologist(actor)
        info = await self.get_association(association_id)
        name = await self.check_association_name(
            methodologist, name, info.level, info.organisation_id, except_id=association_id
        )
        row = await self.repo.registry.association(association_id)
        assert row is not None
        old = row.name
        await self.repo.registry.rename_association(association_id, name)
        await self._audit(
            methodologist,
            "association.rename",
            "association",
            row.id,
            old=old,
            new=name,
        )
        return AssociationInfo.of(row, info.organisation_name)

    async def archive_organisation(
        self, actor: MemberInfo | None, organisation_id: int
    ) -> Archived:
        """The organisation and its live associations go to the archive (kept, not listed)."""
        methodologist = require_methodologist(actor)
        await self.get_organisation(organisation_id)
        row = await self.repo.registry.organisation(organisation_id)
        assert row is not None
        archived = await self.repo.registry.archive_organisation(organisation_id, self.clock.now())
        await self._audit(
            methodologist,
            "organisation.archive",
            "organisation",
            row.id,
            name=row.name,
            associations=archived,
        )
        return Archived(row.name, len(archived))

    async def archive_association(self, actor: MemberInfo | None, association_id: int) -> Archived:
        methodologist = require_methodologist(actor)
        await self.get_association(association_id)
        row = await self.repo.registry.association(association_id)
        assert row is not None
        await self.repo.registry.archive_association(association_id, self.clock.now())
        await self._audit(
            methodologist, "association.archive", "association", row.id, name=row.name
        )
        return Archived(row.name)

    # -------------------------------------------------------------- import from a table

    async def start_import(self, actor: MemberInfo | None) -> int:
        """Before asking for the file: only a methodologist. The file size limit in MB."""
        require_methodologist(actor)
        return MAX_FILE_BYTES // (1024 * 1024)

    async def preview_import(
        self,
        actor: MemberInfo | None,
        file_name: str,
        file_size: int | None,
        fetch: Callable[[], Awaitable[bytes]],
    ) -> ImportPreview:
        """Read a table of organisations and associations (school, association, level,
        subject area) and say what an import would do. The file's name and size are checked
        before ``fetch`` downloads it."""
        require_methodologist(actor)
        if not file_name.lower().endswith(IMPORT_SUFFIXES):
            raise TableError("registry-file-type")
        if file_size is not None and file_size > MAX_FILE_BYTES:
            raise TableError("registry-file-too-big", limit=MAX_FILE_BYTES // (1024 * 1024))
        content = await fetch()
        rows = read_table(file_name, content, IMPORT_COLUMNS, max_rows=MAX_IMPORT_ROWS)
        entries: list[_Entry] = []
        problems: list[RowProblem] = []
        for row in rows:
            parsed = _row_entry(row)
            if isinstance(parsed, RowProblem):
                problems.append(parsed)
            else:
                entries.append(parsed)
        plan = await self._plan(entries)
        problems.extend(plan.problems)
        problems.sort(key=lambda p: p.row)
        rejected = {p.row for p in plan.problems}
        accepted = [entry for entry in entries if entry.row not in rejected]
        return ImportPreview(
            file_name=file_name,
            rows=len(rows),
            new_organisations=len(plan.new_organisations),
            existing_organisations=len(plan.existing_organisations),
            new_associations=len(plan.new_associations),
            existing_associations=len(plan.existing_associations),
            problems=tuple(problems),
            payload=_pack(file_name, accepted),
        )

    async def run_import(self, actor: MemberInfo | None, payload: object) -> ImportResult:
        """Create what the preview promised, all in the caller's one transaction; what already
        exists by now is not created twice."""
        methodologist = require_methodologist(actor)
        entries = _unpack(payload)
        plan = await self._plan(entries)
        now = self.clock.now()
        organisation_ids = dict(plan.organisation_ids)
        for key, name in plan.new_organisations.items():
            kind = guess_kind(name)
            row = await self.repo.registry.add_organisation(name=name, kind=kind, now=now)
            organisation_ids[key] = row.id
            await self._audit(
                methodologist,
                "organisation.create",
                "organisation",
                row.id,
                name=name,
                kind=kind.value,
                source="import",
            )
        for entry in plan.new_associations:
            organisation_id = (
                organisation_ids[name_key(entry.school)] if entry.school is not None else None
            )
            row = await self.repo.registry.add_association(
                name=entry.name,
                level=entry.level,
                subject_area=entry.subject,
                organisation_id=organisation_id,
                now=now,
            )
            await self._audit(
                methodologist,
                "association.create",
                "association",
                row.id,
                name=entry.name,
                level=entry.level.value,
                organisation_id=organisation_id,
                source="import",
            )
        file_name = payload.get("f") if isinstance(payload, dict) else None
        await self._audit(
            methodologist,
            "registry.import",
            None,
            None,
            file=file_name if isinstance(file_name, str) else None,
            organisations=len(plan.new_organisations),
            associations=len(plan.new_associations),
            skipped=len(plan.problems),
        )
        return ImportResult(
            organisations=len(plan.new_organisations),
            associations=len(plan.new_associations),
            skipped=len(plan.problems),
        )

    async def _plan(self, entries: list[_Entry]) -> _Plan:
        """Match rows against the registry: organisations by name, associations by name,
        level and organisation (names compared by :func:`name_key`)."""
        plan = _Plan()
        organisations = {
            name_key(row.name): row
            for row in await self.repo.registry.organisations(include_archived=True)
        }
        existing: dict[tuple[str, AssociationLevel, int | None], int] = {}
        for row, _name in await self.repo.registry.associations():
            existing.setdefault((name_key(row.name), row.level, row.organisation_id), row.id)
        seen: dict[tuple[str, AssociationLevel, str | None], int] = {}
        for entry in entries:
            school_key = name_key(entry.school) if entry.school is not None else None
            organisation_id: int | None = None
            if school_key is not None and entry.school is not None:
                organisation = organisations.get(school_key)
                if organisation is not None and organisation.archived_at is not None:
                    plan.problems.append(
                        RowProblem(
                            entry.row, "registry-row-organisation-archived", _short(entry.school)
                        )
                    )
                    continue
                if organisation is not None:
                    organisation_id = organisation.id
                    plan.organisation_ids[school_key] = organisation.id
            key = (name_key(entry.name), entry.level, school_key)
            if key in seen:
                plan.problems.append(RowProblem(entry.row, "registry-row-repeated", str(seen[key])))
                continue
            seen[key] = entry.row
            if organisation_id is not None:
                plan.existing_organisations.add(organisation_id)
            elif school_key is not None and entry.school is not None:
                plan.new_organisations.setdefault(school_key, entry.school)
            found = (
                existing.get((key[0], entry.level, organisation_id))
                if organisation_id is not None or school_key is None
                else None
            )
            if found is not None:
                plan.existing_associations.add(found)
            else:
                plan.new_associations.append(entry)
        return plan

    async def _audit(
        self,
        actor: MemberInfo,
        action: str,
        object_type: str | None,
        object_id: int | None,
        **details: Any,
    ) -> None:
        await self.repo.audit.add(
            at=self.clock.now(),
            actor_id=actor.id,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=details,
        )


def _require_name(value: str, limit: int) -> None:
    problem = name_problem(value, limit)
    if problem is not None:
        raise DomainError(f"registry-name-{problem}", limit=limit)


def _association_order(info: AssociationInfo) -> tuple[int, str, str, int]:
    return (
        LEVEL_ORDER[info.level],
        name_key(info.organisation_name or ""),
        name_key(info.name),
        info.id,
    )
