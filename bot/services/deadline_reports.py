"""What the staff see of deadlines: the list with coverage, a deadline's status card, the
units that handed in and what they handed in, the status table (XLSX) and the files of every
current submission laid out for one archive (a folder per organisation).

Who may see a deadline is decided by :meth:`DeadlineService.managed` at every call: a
methodologist; a coordinator for its organisation's deadlines; the author. The archive itself
is built by the messenger's adapter: here are only the rows (folder, file name, reference),
the names made safe and unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from bot.clock import Clock
from bot.i18n import Translator
from bot.services.deadlines import DeadlineInfo, DeadlineService
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.exports import Sheet, write_xlsx
from bot.services.people import MemberInfo
from bot.storage.deadlines import OWED, FileRow, UnitRow
from bot.storage.models import DeadlineUnit, Deliverable, Role, UnitStatus
from bot.storage.repositories import Repo

MISSING_CAP = 30  # names of units that still owe, on the card; the rest are in the export
LIST_DAYS_BACK = 90  # the staff list keeps a deadline this long after it fell due
ZIP_LIMIT_MB = 45
NAME_LIMIT = 120
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


@dataclass(frozen=True, slots=True)
class Coverage:
    """A deadline with how many of its units handed in."""

    deadline: DeadlineInfo
    total: int
    submitted: int

    @property
    def percent(self) -> int:
        return percent(self.submitted, self.total)


@dataclass(frozen=True, slots=True)
class Missing:
    """Units of one organisation that still owe a deadline (names)."""

    organisation: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StatusCard:
    deadline: DeadlineInfo
    total: int
    submitted: int
    late: int  # owe it, and it is past due
    not_yet: int  # owe it, not due yet
    returned: int
    missing: tuple[Missing, ...]
    more: int  # units that owe it beyond those named
    # The whole deadline (False: a coordinator's school's part of a wider one, which the
    # coordinator follows but may not cancel).
    whole: bool = True

    @property
    def percent(self) -> int:
        return percent(self.submitted, self.total)

    @property
    def owed(self) -> int:
        return self.late + self.not_yet


@dataclass(frozen=True, slots=True)
class Version:
    version: int
    at: datetime
    comment: str | None
    files: int
    completed_by: str | None


@dataclass(frozen=True, slots=True)
class SubmissionView:
    """A unit's submission as the staff open it: the current version's comment and files,
    and every version."""

    deadline: DeadlineInfo
    unit: UnitRow
    versions: tuple[Version, ...]
    files: tuple[FileRow, ...]

    @property
    def comment(self) -> str | None:
        return self.versions[0].comment if self.versions else None


@dataclass(frozen=True, slots=True)
class ZipEntry:
    """One file of the archive: its folder (the organisation), its name there, the
    messenger's reference and size."""

    folder: str
    name: str
    file_ref: str
    size: int | None


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def safe_name(name: str, fallback: str = "file") -> str:
    """A file or folder name any archive tool accepts."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return (cleaned or fallback)[:NAME_LIMIT]


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2).ext``… when it is taken (compared ignoring case)."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension = name, ""
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n})" + (f".{extension}" if extension else "")
    taken.add(candidate.lower())
    return candidate


class DeadlineReports:
    def __init__(
        self,
        repo: Repo,
        clock: Clock,
        translator: Translator,
        tz: tzinfo,
        deadlines: DeadlineService,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz
        self.deadlines = deadlines

    # --- the list -------------------------------------------------------------------------

    async def follows(self, actor: MemberInfo | None) -> list[Coverage]:
        """The open deadlines the actor follows, nearest first, with coverage: all of them
        for a methodologist; its organisation's and its own for a coordinator; those it set
        for anyone else (often none)."""
        if actor is None:
            raise NotAllowed("deadline-error-not-allowed")
        organisation_id = actor.organisation_id if actor.role is Role.COORDINATOR else None
        rows = await self.repo.deadlines.managed_by(
            everything=actor.role is Role.METHODOLOGIST,
            organisation_id=organisation_id,
            author_id=actor.id,
            since=self.clock.now() - timedelta(days=LIST_DAYS_BACK),
        )
        counts = await self.repo.deadlines.counts([d.id for d in rows], organisation_id)
        out = []
        for deadline in rows:
            by_status = counts.get(deadline.id, {})
            out.append(
                Coverage(
                    deadline=DeadlineInfo.of(deadline),
                    total=sum(by_status.values()),
                    submitted=by_status.get(UnitStatus.SUBMITTED, 0),
                )
            )
        return out

    # --- the card -------------------------------------------------------------------------

    async def status(self, actor: MemberInfo | None, deadline_id: int) -> StatusCard:
        deadline, scope = await self.deadlines.followed(actor, deadline_id)
        by_status = (await self.repo.deadlines.counts([deadline.id], scope)).get(deadline.id, {})
        owed = sum(by_status.get(s, 0) for s in OWED)
        past_due = self.clock.now() > deadline.due_at
        shown = await self.repo.deadlines.units(
            deadline, owed_only=True, limit=MISSING_CAP, organisation_id=scope
        )
        groups: dict[str, list[str]] = {}
        for row in shown:
            groups.setdefault(row.organisation, []).append(row.name)
        return StatusCard(
            deadline=DeadlineInfo.of(deadline),
            total=sum(by_status.values()),
            submitted=by_status.get(UnitStatus.SUBMITTED, 0),
            late=owed if past_due else 0,
            not_yet=0 if past_due else owed,
            returned=by_status.get(UnitStatus.RETURNED, 0),
            missing=tuple(Missing(org, tuple(names)) for org, names in groups.items()),
            more=max(0, owed - len(shown)),
            whole=scope is None,
        )

    async def handed_in(
        self, actor: MemberInfo | None, deadline_id: int
    ) -> tuple[DeadlineInfo, list[UnitRow]]:
        """The units whose submission stands (by organisation, then name)."""
        info, rows = await self.deadlines.units(actor, deadline_id)
        return info, [r for r in rows if r.status is UnitStatus.SUBMITTED]

    async def submission(
        self, actor: MemberInfo | None, deadline_id: int, unit_id: int
    ) -> SubmissionView:
        info, rows = await self.deadlines.units(actor, deadline_id)
        unit = next((r for r in rows if r.unit_id == unit_id), None)
        if unit is None:
            raise NotFound("deadline-error-unit-not-found")
        submissions = await self.repo.deadlines.submissions(deadline_id, unit_id)
        files = await self.repo.deadlines.files([s.id for s in submissions])
        per_version: dict[int, list[FileRow]] = {}
        for file in files:
            per_version.setdefault(file.version, []).append(file)
        versions = tuple(
            Version(
                version=s.version,
                at=s.created_at,
                comment=s.comment,
                files=len(per_version.get(s.version, [])),
                completed_by=s.completed_by,
            )
            for s in submissions
        )
        current = tuple(per_version.get(unit.versions, [])) if unit.versions else ()
        return SubmissionView(deadline=info, unit=unit, versions=versions, files=current)

    async def late_people(self, actor: MemberInfo | None, deadline_id: int) -> int:
        """How many people «Напомнить отстающим» would reach now (asked before it goes)."""
        deadline, scope = await self.deadlines.followed(actor, deadline_id)
        if deadline.kind is Deliverable.SURVEY and not self.deadlines.may_nudge(deadline):
            raise DomainError("deadline-error-survey-closed", title=deadline.title)
        return await self.repo.deadlines.count_people(
            self.repo.deadlines.late_actors(deadline, scope)
        )

    # --- exports --------------------------------------------------------------------------

    async def status_xlsx(
        self, actor: MemberInfo | None, deadline_id: int, locale: str
    ) -> tuple[str, bytes]:
        """The status table: one row per unit (of the actor's school, for a coordinator of a
        wider deadline)."""
        deadline, scope = await self.deadlines.followed(actor, deadline_id)
        info = DeadlineInfo.of(deadline)
        rows = await self.repo.deadlines.units(deadline, organisation_id=scope)
        actors = await self.repo.deadlines.actor_names(deadline)
        comments = await self.repo.deadlines.current_comments(deadline.id)
        t = self.translator.bind(locale)
        past_due = self.clock.now() > deadline.due_at

        def status(row: UnitRow) -> str:
            if row.status is UnitStatus.SUBMITTED:
                return t("deadline-xlsx-submitted")
            if row.status is UnitStatus.RETURNED:
                return t("deadline-xlsx-returned")
            return t("deadline-xlsx-late") if past_due else t("deadline-xlsx-not-yet")

        def who(row: UnitRow) -> str:
            if deadline.unit is DeadlineUnit.PERSON:
                return row.name if row.actors else ""
            return ", ".join(actors.get(row.unit_id, []))

        table = [
            [
                row.name,
                row.organisation,
                status(row),
                row.submitted_at.astimezone(self.tz).replace(tzinfo=None)
                if row.submitted_at
                else None,
                row.versions,
                row.return_comment
                if row.status is UnitStatus.RETURNED
                else comments.get(row.unit_id, ""),
                who(row),
            ]
            for row in rows
        ]
        submitted = sum(r.status is UnitStatus.SUBMITTED for r in rows)
        content = write_xlsx(
            Sheet(
                title=t("deadline-xlsx-sheet"),
                preamble=[
                    [info.title],
                    [t("deadline-xlsx-due", due=self.deadlines.format_due(info.due_at))],
                    [
                        t(
                            "deadline-xlsx-coverage",
                            submitted=submitted,
                            total=len(rows),
                            percent=percent(submitted, len(rows)),
                        )
                    ],
                    [],
                ],
                header=[
                    t("deadline-xlsx-unit"),
                    t("deadline-xlsx-organisation"),
                    t("deadline-xlsx-status"),
                    t("deadline-xlsx-submitted-at"),
                    t("deadline-xlsx-versions"),
                    t("deadline-xlsx-comment"),
                    t("deadline-xlsx-actors"),
                ],
                rows=table,
                widths=(36, 36, 16, 18, 10, 40, 36),
                auto_filter=True,
            )
        )
        return f"deadline-{info.id}-status.xlsx", content

    async def archive(
        self, actor: MemberInfo | None, deadline_id: int, locale: str
    ) -> tuple[str, list[ZipEntry]]:
        """The files of every current submission: a folder per organisation, each file's
        name prefixed with its unit (for units other than organisations), clashes suffixed.
        Refused when there is nothing, or more than the archive limit."""
        deadline, scope = await self.deadlines.followed(actor, deadline_id)
        units = {
            r.unit_id: r for r in await self.repo.deadlines.units(deadline, organisation_id=scope)
        }
        files = await self.repo.deadlines.current_files(deadline.id, scope)
        if not files:
            raise DomainError("deadline-error-zip-empty")
        total = sum(f.size or 0 for _, f in files)
        limit = ZIP_LIMIT_MB * 1024 * 1024
        if total > limit:
            raise DomainError(
                "deadline-error-zip-too-big",
                size=round(total / (1024 * 1024)),
                limit=ZIP_LIMIT_MB,
            )
        t = self.translator.bind(locale)
        nowhere = t("deadline-zip-no-organisation")
        taken: dict[str, set[str]] = {}
        entries = []
        for unit_id, file in files:
            unit = units.get(unit_id)
            unit_name = unit.name if unit else str(unit_id)
            organisation = (unit.organisation if unit else "") or (
                unit_name if deadline.unit is DeadlineUnit.ORGANISATION else nowhere
            )
            folder = safe_name(organisation, nowhere)
            name = safe_name(file.name)
            if deadline.unit is not DeadlineUnit.ORGANISATION:
                name = safe_name(f"{unit_name} — {name}")
            entries.append(
                ZipEntry(
                    folder=folder,
                    name=unique_name(name, taken.setdefault(folder.lower(), set())),
                    file_ref=file.file_ref,
                    size=file.size,
                )
            )
        return f"deadline-{deadline.id}-files.zip", entries
