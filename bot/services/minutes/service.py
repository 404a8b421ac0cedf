"""Minutes as a head submits them: the association (one it heads), the number (the next one
suggested; numbered per association per academic year), the date, the topic, the agenda,
attendance, «Слушали / Выступили / Решили» per item or one text of decisions, attachments.
Every field is checked as it is typed and all of them again at «Отправить».

A submission completes the association's planned meeting (its deadline, through
:meth:`DeadlineService.complete`), or the deadline whose «Сдать» opened it. A head corrects
its minutes within ``MINUTES_EDIT_DAYS`` of the first submission: every version is kept and
the newest is current. The protocol DOCX is rendered from the template in use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from bot.clock import Clock
from bot.i18n import Translator
from bot.services.access import require_methodologist
from bot.services.dates import parse_past_day
from bot.services.deadline_reports import safe_name
from bot.services.deadlines import DeadlineService, UploadedFile
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.minutes import protocol
from bot.services.minutes.archive import Copy, FileFetcher, fetch_copies
from bot.services.minutes.rules import (
    ABSENT_LIMIT,
    ATTENDANCE_LIMIT,
    DECISIONS_LIMIT,
    ITEM_LIMIT,
    ITEMS_LIMIT,
    NUMBER_LIMIT,
    TEMPLATE_LIMIT,
    TOPIC_LIMIT,
    MinutesRules,
    academic_year,
    first_day,
    meeting_year,
    pick_meeting,
)
from bot.services.minutes.year import YearService
from bot.services.people import MemberInfo, local_today
from bot.storage.minutes import AssociationRow, FileItem, MinutesRow
from bot.storage.models import (
    DeadlineStatus,
    DeadlineUnit,
    Deliverable,
    Minutes,
    MinutesVersion,
    Role,
    UnitStatus,
)
from bot.storage.repositories import Repo

# «12 из 15», «12 of 15», «12/15», «12 15» ("iz": of, written as an escape).
_ATTENDANCE = re.compile(r"^\s*(\d{1,5})\s*(?:\u0438\u0437|of|/|\s)\s*(\d{1,5})\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(?:№|n|no\.?|#)?\s*(\d{1,4})\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:\d{1,2}[.)]|[-–—•*])\s*")


@dataclass
class ItemDraft:
    title: str
    heard: str | None = None
    spoke: str | None = None
    decided: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "heard": self.heard,
            "spoke": self.spoke,
            "decided": self.decided,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ItemDraft:
        return cls(data["title"], data.get("heard"), data.get("spoke"), data.get("decided"))


@dataclass
class MinutesDraft:
    """Minutes as typed, before they are submitted (or a correction of them)."""

    association_id: int
    number: int
    meeting_date: date
    topic: str
    items: list[ItemDraft]
    present: int
    total: int
    absent: str | None = None
    decisions: str | None = None
    files: list[UploadedFile] = field(default_factory=list)
    deadline_id: int | None = None  # the deadline whose «Сдать» opened the wizard

    def to_json(self) -> dict[str, Any]:
        return {
            "association_id": self.association_id,
            "number": self.number,
            "meeting_date": self.meeting_date.isoformat(),
            "topic": self.topic,
            "items": [i.to_json() for i in self.items],
            "present": self.present,
            "total": self.total,
            "absent": self.absent,
            "decisions": self.decisions,
            "files": [[f.ref, f.kind, f.name, f.size] for f in self.files],
            "deadline_id": self.deadline_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MinutesDraft:
        return cls(
            association_id=int(data["association_id"]),
            number=int(data["number"]),
            meeting_date=date.fromisoformat(data["meeting_date"]),
            topic=data["topic"],
            items=[ItemDraft.from_json(i) for i in data.get("items") or []],
            present=int(data["present"]),
            total=int(data["total"]),
            absent=data.get("absent"),
            decisions=data.get("decisions"),
            files=[UploadedFile(*f) for f in data.get("files") or []],
            deadline_id=data.get("deadline_id"),
        )


class NumberTaken(DomainError):
    """The association already has minutes of this number this year: correct them instead."""

    key = "minutes-error-number-taken"

    def __init__(self, minutes_id: int, number: int, editable: bool) -> None:
        super().__init__(number=number)
        self.minutes_id = minutes_id
        self.editable = editable


@dataclass(frozen=True, slots=True)
class Submitted:
    minutes_id: int
    number: int
    year: int
    version: int
    association: str
    completed: str | None  # the title of the deadline the minutes completed


@dataclass(frozen=True, slots=True)
class VersionLine:
    version: int
    at: datetime
    by: str | None
    current: bool


@dataclass(frozen=True, slots=True)
class MinutesCard:
    row: MinutesRow
    draft: MinutesDraft
    files: tuple[FileItem, ...]
    versions: tuple[VersionLine, ...]
    editable_until: datetime
    may_edit: bool  # the viewer heads the association and the window is open
    completed: str | None


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    name: str | None  # None: the default
    at: datetime | None


def _clean(text: str | None) -> str:
    """Trailing spaces gone, blank lines kept to one, the whole trimmed."""
    lines = [line.rstrip() for line in (text or "").replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class MinutesService:
    def __init__(
        self,
        repo: Repo,
        clock: Clock,
        translator: Translator,
        tz: tzinfo,
        deadlines: DeadlineService,
        year: YearService,
        rules: MinutesRules | None = None,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz
        self.deadlines = deadlines
        self.year = year
        self.rules = rules or MinutesRules()

    @property
    def today(self) -> date:
        return local_today(self.clock.now(), self.tz)

    # --- who ----------------------------------------------------------------------------

    async def headed(self, actor: MemberInfo | None) -> list[AssociationRow]:
        """The associations the person heads; refused for anyone who heads none."""
        if actor is None:
            raise NotAllowed("minutes-error-not-head")
        rows = await self.repo.minutes.headed(actor.id)
        if not rows:
            raise NotAllowed("minutes-error-not-head")
        return rows

    async def check_association(
        self, actor: MemberInfo | None, association_id: int
    ) -> AssociationRow:
        """An association the person heads now; refused otherwise."""
        rows = {a.id: a for a in await self.headed(actor)}
        if association_id not in rows:
            raise NotAllowed("minutes-error-not-your-association")
        return rows[association_id]

    # --- the fields, each as typed ------------------------------------------------------

    async def suggest(self, association_id: int, year: int | None = None) -> int:
        """The next number of the association's minutes this (meeting) year."""
        year = meeting_year(self.today) if year is None else year
        return await self.repo.minutes.last_number(association_id, year) + 1

    @staticmethod
    def parse_number(raw: str | None) -> int:
        match = _NUMBER.match(raw or "")
        if match is None or not 1 <= int(match.group(1)) <= NUMBER_LIMIT:
            raise DomainError("minutes-error-number", limit=NUMBER_LIMIT, text=(raw or "")[:20])
        return int(match.group(1))

    async def check_number(self, association_id: int, number: int, year: int | None = None) -> None:
        """A number already used by the association this year is refused, offering to
        correct those minutes instead."""
        year = meeting_year(self.today) if year is None else year
        taken = await self.repo.minutes.by_number(association_id, year, number)
        if taken is not None:
            raise NumberTaken(taken.id, number, await self._editable(taken))

    def parse_date(self, raw: str | None) -> date:
        """The meeting's day: not in the future, not before the academic year — except the
        August meeting that plans it (from 1 August)."""
        day = parse_past_day(raw or "", self.clock.now(), self.tz)
        self.check_date(day)
        return day

    def check_date(self, day: date) -> None:
        today = self.today
        if day > today:
            raise DomainError("minutes-error-date-future")
        start = first_day(academic_year(today))
        if day < start:
            raise DomainError("minutes-error-date-before-year", start=start.strftime("%d.%m.%Y"))

    @staticmethod
    def check_topic(raw: str | None) -> str:
        topic = " ".join((raw or "").split())
        if not topic:
            raise DomainError("minutes-error-topic-empty")
        if len(topic) > TOPIC_LIMIT:
            raise DomainError("minutes-error-topic-too-long", limit=TOPIC_LIMIT, length=len(topic))
        return topic

    @staticmethod
    def parse_items(raw: str | None, have: int = 0) -> list[str]:
        """Agenda items from one message: one per line («1. …», «- …» marks dropped), or the
        whole message as one item when it is a single paragraph."""
        text = _clean(raw)
        if not text:
            raise DomainError("minutes-error-item-empty")
        if len(text) > ITEM_LIMIT and "\n" not in text:
            raise DomainError("minutes-error-item-too-long", limit=ITEM_LIMIT, length=len(text))
        items = [_BULLET.sub("", line).strip() for line in text.split("\n")]
        items = [i for i in items if i]
        for item in items:
            if len(item) > ITEM_LIMIT:
                raise DomainError("minutes-error-item-too-long", limit=ITEM_LIMIT, length=len(item))
        if have + len(items) > ITEMS_LIMIT:
            raise DomainError("minutes-error-too-many-items", limit=ITEMS_LIMIT)
        return items

    @staticmethod
    def check_text(raw: str | None) -> str:
        """«Слушали», «Выступили» or «Решили» of an item."""
        text = _clean(raw)
        if not text:
            raise DomainError("minutes-error-text-empty")
        if len(text) > ITEM_LIMIT:
            raise DomainError("minutes-error-text-too-long", limit=ITEM_LIMIT, length=len(text))
        return text

    @staticmethod
    def check_decisions(raw: str | None) -> str:
        text = _clean(raw)
        if not text:
            raise DomainError("minutes-error-text-empty")
        if len(text) > DECISIONS_LIMIT:
            raise DomainError(
                "minutes-error-text-too-long", limit=DECISIONS_LIMIT, length=len(text)
            )
        return text

    @staticmethod
    def parse_attendance(raw: str | None) -> tuple[int, int]:
        """«12 из 15», «12/15» or «12 15»: present, of total."""
        match = _ATTENDANCE.match(raw or "")
        if match is None:
            raise DomainError("minutes-error-attendance", text=(raw or "")[:30])
        present, total = int(match.group(1)), int(match.group(2))
        MinutesService.check_attendance(present, total)
        return present, total

    @staticmethod
    def check_attendance(present: int, total: int) -> None:
        if total < 1 or total > ATTENDANCE_LIMIT:
            raise DomainError("minutes-error-attendance-total", limit=ATTENDANCE_LIMIT)
        if present > total:
            raise DomainError("minutes-error-present-over-total", present=present, total=total)

    @staticmethod
    def check_absent(raw: str | None) -> str:
        text = " ".join((raw or "").split())
        if not text:
            raise DomainError("minutes-error-text-empty")
        if len(text) > ABSENT_LIMIT:
            raise DomainError("minutes-error-text-too-long", limit=ABSENT_LIMIT, length=len(text))
        return text

    def check_file(self, file: UploadedFile, have: int = 0) -> UploadedFile:
        """An attachment: within the size limit, of an allowed type (photos always), and
        not one too many."""
        rules = self.rules.files
        if have >= rules.max_files:
            raise DomainError("minutes-error-too-many-files", limit=rules.max_files)
        if file.size is not None and file.size > rules.max_bytes:
            raise DomainError(
                "minutes-error-file-too-big",
                name=file.name,
                limit=rules.max_bytes // (1024 * 1024),
            )
        if file.kind != "photo":
            extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
            if extension not in rules.extensions:
                raise DomainError(
                    "minutes-error-file-type",
                    name=file.name,
                    allowed=", ".join(sorted(rules.extensions)),
                )
        return file

    def check(self, draft: MinutesDraft, *, year: int | None = None) -> None:
        """Every field of a draft, as at «Отправить»."""
        if not 1 <= draft.number <= NUMBER_LIMIT:
            raise DomainError("minutes-error-number", limit=NUMBER_LIMIT, text=str(draft.number))
        if year is None:
            self.check_date(draft.meeting_date)
        elif meeting_year(draft.meeting_date) != year or draft.meeting_date > self.today:
            raise DomainError("minutes-error-date-other-year")
        self.check_topic(draft.topic)
        if not draft.items:
            raise DomainError("minutes-error-no-items")
        if len(draft.items) > ITEMS_LIMIT:
            raise DomainError("minutes-error-too-many-items", limit=ITEMS_LIMIT)
        for item in draft.items:
            if not item.title.strip():
                raise DomainError("minutes-error-item-empty")
            for text in (item.title, item.heard, item.spoke, item.decided):
                if text is not None and len(text) > ITEM_LIMIT:
                    raise DomainError(
                        "minutes-error-item-too-long", limit=ITEM_LIMIT, length=len(text)
                    )
        if draft.decisions is not None and len(draft.decisions) > DECISIONS_LIMIT:
            raise DomainError(
                "minutes-error-text-too-long", limit=DECISIONS_LIMIT, length=len(draft.decisions)
            )
        self.check_attendance(draft.present, draft.total)
        if draft.absent is not None and len(draft.absent) > ABSENT_LIMIT:
            raise DomainError(
                "minutes-error-text-too-long", limit=ABSENT_LIMIT, length=len(draft.absent)
            )
        for n, file in enumerate(draft.files):
            self.check_file(file, n)

    # --- submitting ---------------------------------------------------------------------

    async def copies(self, files: list[UploadedFile], fetch: FileFetcher | None) -> dict[str, Copy]:
        """Local copies of the attachments when the archive keeps them (read before anything
        is written: reading talks to the messenger)."""
        root = self.rules.data_dir
        if not self.rules.local_copies or root is None or fetch is None or not files:
            return {}
        return await fetch_copies(root, [(f.ref, f.name) for f in files], fetch)

    def _files(
        self, files: list[UploadedFile], copies: dict[str, Copy]
    ) -> list[tuple[str, str, str, int | None, str | None, str | None]]:
        out = []
        for f in files:
            copy = copies.get(f.ref)
            out.append(
                (
                    f.ref,
                    f.kind,
                    f.name[:255],
                    f.size,
                    copy.path if copy else None,
                    copy.sha256 if copy else None,
                )
            )
        return out

    @staticmethod
    def _items(draft: MinutesDraft) -> list[tuple[str, str | None, str | None, str | None]]:
        return [(i.title, i.heard, i.spoke, i.decided) for i in draft.items]

    async def submit(
        self,
        actor: MemberInfo | None,
        draft: MinutesDraft,
        copies: dict[str, Copy] | None = None,
    ) -> Submitted:
        """New minutes: refused for someone who does not head the association, a number
        the association used this year, and any field the checks refuse."""
        association = await self.check_association(actor, draft.association_id)
        assert actor is not None
        self.check(draft)
        year = meeting_year(draft.meeting_date)
        await self.check_number(draft.association_id, draft.number, year)
        await self.year.sync_heads(year)
        now = self.clock.now()
        minutes = await self.repo.minutes.add(
            Minutes(
                association_id=association.id,
                organisation_id=association.organisation_id,
                year=year,
                number=draft.number,
                version=1,
                deadline_id=None,
                created_at=now,
                updated_at=now,
            )
        )
        await self._add_version(minutes, 1, draft, actor, copies or {}, now)
        completed = await self._complete(minutes, draft, actor)
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="minutes.submitted",
            object_type="minutes",
            object_id=minutes.id,
            details={
                "association": association.id,
                "year": year,
                "number": draft.number,
                "files": len(draft.files),
                "deadline": minutes.deadline_id,
            },
        )
        return Submitted(minutes.id, minutes.number, year, 1, association.name, completed)

    async def _add_version(
        self,
        minutes: Minutes,
        number: int,
        draft: MinutesDraft,
        actor: MemberInfo,
        copies: dict[str, Copy],
        now: datetime,
    ) -> None:
        await self.repo.minutes.add_version(
            MinutesVersion(
                minutes_id=minutes.id,
                version=number,
                meeting_date=draft.meeting_date,
                topic=draft.topic,
                present=draft.present,
                total=draft.total,
                absent=draft.absent,
                decisions=draft.decisions,
                member_id=actor.id,
                head_name=actor.full_name,
                created_at=now,
            ),
            self._items(draft),
            self._files(draft.files, copies),
        )

    async def _complete(
        self, minutes: Minutes, draft: MinutesDraft, actor: MemberInfo
    ) -> str | None:
        """Complete the deadline «Сдать» opened, else the planned meeting the date fits;
        the title of the one completed."""
        target: int | None = None
        if draft.deadline_id is not None:
            deadline = await self.repo.deadlines.get(draft.deadline_id)
            if (
                deadline is not None
                and deadline.kind is Deliverable.MINUTES
                and deadline.unit is DeadlineUnit.ASSOCIATION
                and deadline.status is DeadlineStatus.OPEN
            ):
                assignee = await self.repo.deadlines.assignee(deadline.id, minutes.association_id)
                if assignee is not None and assignee.status is not UnitStatus.SUBMITTED:
                    target = deadline.id
        if target is None:
            owed = await self.repo.minutes.owed_meetings(minutes.association_id, minutes.year)
            target = pick_meeting(
                [(d, m, due.astimezone(self.tz).date()) for d, m, due in owed],
                draft.meeting_date,
            )
        if target is None:
            return None
        done = await self.deadlines.complete(
            target, minutes.association_id, by=f"minutes:{minutes.id}", member_id=actor.id
        )
        if not done:
            return None
        minutes.deadline_id = target
        await self.repo.minutes.flush()
        deadline = await self.repo.deadlines.get(target)
        return deadline.title if deadline else None

    # --- correcting ---------------------------------------------------------------------

    def _until(self, minutes: Minutes) -> datetime:
        return minutes.created_at + timedelta(days=self.rules.edit_days)

    async def _editable(self, minutes: Minutes) -> bool:
        """Within the window after submitting; or whenever the meeting's deadline was handed
        back for rework (the methodologist asks for the correction)."""
        return self.clock.now() <= self._until(minutes) or await self._returned(minutes)

    async def _returned(self, minutes: Minutes) -> bool:
        if minutes.deadline_id is None:
            return False
        assignee = await self.repo.deadlines.assignee(minutes.deadline_id, minutes.association_id)
        return assignee is not None and assignee.status is UnitStatus.RETURNED

    async def _minutes(self, minutes_id: int) -> Minutes:
        minutes = await self.repo.minutes.get(minutes_id)
        if minutes is None:
            raise NotFound("minutes-error-not-found")
        return minutes

    async def handed_back(self, deadline_id: int, association_id: int) -> int | None:
        """The minutes to correct when the meeting's deadline was handed back for rework:
        those that had handed it in (None: there are none, a new protocol is written)."""
        return await self.repo.minutes.completing(deadline_id, association_id)

    async def begin_correction(
        self, actor: MemberInfo | None, minutes_id: int
    ) -> tuple[MinutesDraft, int]:
        """The current version as a draft to correct, and its version number; refused for
        someone who does not head the association now, and after the window closed."""
        minutes = await self._minutes(minutes_id)
        await self.check_association(actor, minutes.association_id)
        if not await self._editable(minutes):
            raise DomainError(
                "minutes-error-edit-closed",
                number=minutes.number,
                days=self.rules.edit_days,
                until=self._until(minutes).astimezone(self.tz).strftime("%d.%m.%Y"),
            )
        draft, _ = await self._draft(minutes, minutes.version)
        return draft, minutes.version

    async def correct(
        self,
        actor: MemberInfo | None,
        minutes_id: int,
        draft: MinutesDraft,
        expected_version: int,
        copies: dict[str, Copy] | None = None,
    ) -> Submitted:
        """A new version of the minutes (the number and the association stay)."""
        await self.begin_correction(actor, minutes_id)
        assert actor is not None
        minutes = await self._minutes(minutes_id)
        if minutes.version != expected_version:
            raise DomainError("minutes-error-already-corrected", number=minutes.number)
        draft.association_id, draft.number = minutes.association_id, minutes.number
        self.check(draft, year=minutes.year)
        now = self.clock.now()
        minutes.version += 1
        minutes.updated_at = now
        await self._add_version(minutes, minutes.version, draft, actor, copies or {}, now)
        association = await self.repo.minutes.association(minutes.association_id)
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="minutes.corrected",
            object_type="minutes",
            object_id=minutes.id,
            details={"version": minutes.version},
        )
        # Minutes handed back for rework: the correction hands the meeting's deadline in again.
        completed = None
        if minutes.deadline_id is not None and await self.deadlines.complete(
            minutes.deadline_id,
            minutes.association_id,
            by=f"minutes:{minutes.id}",
            member_id=actor.id,
        ):
            deadline = await self.repo.deadlines.get(minutes.deadline_id)
            completed = deadline.title if deadline else None
        return Submitted(
            minutes.id,
            minutes.number,
            minutes.year,
            minutes.version,
            association.name if association else "—",
            completed,
        )

    # --- reading ------------------------------------------------------------------------

    async def _draft(self, minutes: Minutes, number: int) -> tuple[MinutesDraft, list[FileItem]]:
        version = await self.repo.minutes.version(minutes.id, number)
        if version is None:
            raise NotFound("minutes-error-not-found")
        items = await self.repo.minutes.items(version.id)
        files = await self.repo.minutes.files([version.id])
        draft = MinutesDraft(
            association_id=minutes.association_id,
            number=minutes.number,
            meeting_date=version.meeting_date,
            topic=version.topic,
            items=[ItemDraft(i.title, i.heard, i.spoke, i.decided) for i in items],
            present=version.present,
            total=version.total,
            absent=version.absent,
            decisions=version.decisions,
            files=[UploadedFile(f.file_ref, f.kind, f.name, f.size) for f in files],
        )
        return draft, files

    async def access(self, actor: MemberInfo | None, minutes: Minutes) -> bool:
        """Who may see minutes: a methodologist; a coordinator of the association's
        organisation; a head of the association now; whoever submitted a version of it.
        Refused otherwise; True when the viewer heads the association now."""
        if actor is None:
            raise NotAllowed("minutes-error-not-allowed")
        heads = {a.id for a in await self.repo.minutes.headed(actor.id)}
        if minutes.association_id in heads:
            return True
        if actor.role is Role.METHODOLOGIST:
            return False
        if actor.role is Role.COORDINATOR and actor.organisation_id is not None:
            association = await self.repo.minutes.association(minutes.association_id)
            if association is not None and association.organisation_id == actor.organisation_id:
                return False
        versions = await self.repo.minutes.versions(minutes.id)
        if any(v.member_id == actor.id for v in versions):
            return False
        raise NotAllowed("minutes-error-not-allowed")

    async def mine(self, actor: MemberInfo | None) -> list[MinutesRow]:
        """The minutes of the associations the person heads, this year and the last, the
        newest first."""
        rows = await self.headed(actor)
        year = meeting_year(self.today)
        found = await self.repo.minutes.rows(association_ids=[a.id for a in rows])
        recent = [r for r in found if r.year >= year - 1]
        return sorted(recent, key=lambda r: (r.meeting_date, r.id), reverse=True)

    async def card(self, actor: MemberInfo | None, minutes_id: int) -> MinutesCard:
        minutes = await self._minutes(minutes_id)
        heads = await self.access(actor, minutes)
        rows = await self.repo.minutes.rows(minutes_ids=[minutes.id])
        if not rows:
            raise NotFound("minutes-error-not-found")
        draft, files = await self._draft(minutes, minutes.version)
        versions = await self.repo.minutes.versions(minutes.id)
        names = {}
        for v in versions:
            names[v.version] = v.head_name
        lines = tuple(
            VersionLine(v.version, v.created_at, names.get(v.version), v.version == minutes.version)
            for v in versions
        )
        deadline = (
            await self.repo.deadlines.get(minutes.deadline_id) if minutes.deadline_id else None
        )
        return MinutesCard(
            row=rows[0],
            draft=draft,
            files=tuple(files),
            versions=lines,
            editable_until=self._until(minutes),
            may_edit=heads and await self._editable(minutes),
            completed=deadline.title if deadline else None,
        )

    # --- the protocol -------------------------------------------------------------------

    async def template(self) -> bytes | None:
        """The uploaded template in use (None: the default)."""
        row = await self.repo.minutes.template()
        return row.content if row is not None else None

    async def template_info(self) -> TemplateInfo:
        row = await self.repo.minutes.template()
        if row is None or row.content is None:
            return TemplateInfo(None, row.created_at if row else None)
        return TemplateInfo(row.name, row.created_at)

    async def data(self, minutes: Minutes, number: int | None = None) -> protocol.ProtocolData:
        """What the protocol of a version (default: the current one) says."""
        version = await self.repo.minutes.version(minutes.id, number or minutes.version)
        if version is None:
            raise NotFound("minutes-error-not-found")
        items = await self.repo.minutes.items(version.id)
        association = await self.repo.minutes.association(minutes.association_id)
        if association is None:
            raise NotFound("minutes-error-association-gone")
        return protocol.ProtocolData(
            organisation=association.organisation or self.rules.service_name,
            association=association.name,
            level=association.level,
            number=minutes.number,
            meeting_date=version.meeting_date,
            year=minutes.year,
            topic=version.topic,
            methodical_topic=await self.year.topic(minutes.association_id, minutes.year),
            present=version.present,
            total=version.total,
            absent_names=version.absent,
            items=tuple(protocol.ItemText(i.title, i.heard, i.spoke, i.decided) for i in items),
            decisions=version.decisions,
            head_name=version.head_name,
        )

    def file_name(self, number: int, day: date, association: str) -> str:
        t = self.translator.bind(self.translator.default_locale)
        return (
            safe_name(
                t(
                    "minutes-file-name",
                    number=number,
                    date=day.strftime("%d.%m.%Y"),
                    association=association,
                )
            )
            + ".docx"
        )

    async def render(self, minutes: Minutes, template: bytes | None = None) -> tuple[str, bytes]:
        """The protocol of the current version as (file name, DOCX bytes), in the bot's
        language, from ``template`` (default: the one in use)."""
        data = await self.data(minutes)
        content = template if template is not None else await self.template()
        i18n = self.translator.bind(self.translator.default_locale)
        return self.file_name(data.number, data.meeting_date, data.association), protocol.render(
            data, i18n, content
        )

    async def protocol(self, actor: MemberInfo | None, minutes_id: int) -> tuple[str, bytes]:
        minutes = await self._minutes(minutes_id)
        await self.access(actor, minutes)
        return await self.render(minutes)

    async def files(self, actor: MemberInfo | None, minutes_id: int) -> list[FileItem]:
        """The current version's attachments."""
        minutes = await self._minutes(minutes_id)
        await self.access(actor, minutes)
        _, files = await self._draft(minutes, minutes.version)
        return files

    # --- replacing the template ---------------------------------------------------------

    async def upload_template(self, actor: MemberInfo | None, name: str, content: bytes) -> None:
        """Check an uploaded template by rendering a sample protocol and keep it; refused
        with every problem found (:class:`protocol.TemplateRejected`), the old one stays."""
        who = require_methodologist(actor)
        if len(content) > TEMPLATE_LIMIT:
            raise DomainError("minutes-template-too-large", limit=TEMPLATE_LIMIT // (1024 * 1024))
        protocol.check_template(name, content, self.translator.bind(self.translator.default_locale))
        now = self.clock.now()
        await self.repo.minutes.save_template(name[:255], content, who.id, now)
        await self.repo.audit.add(
            at=now,
            actor_id=who.id,
            action="minutes.template_uploaded",
            object_type="protocol_template",
            details={"name": name[:255], "bytes": len(content)},
        )

    async def template_file(self, actor: MemberInfo | None, *, default: bool) -> tuple[str, bytes]:
        """The template in use (or the default) as a file to download and edit."""
        require_methodologist(actor)
        content = None if default else await self.template()
        if content is None:
            return "protocol-default.docx", protocol.default_template()
        row = await self.repo.minutes.template()
        return (row.name if row and row.name else "protocol.docx"), content

    async def sample(self) -> bytes:
        """A sample protocol from the template in use (what a new template looks like)."""
        i18n = self.translator.bind(self.translator.default_locale)
        return protocol.render(protocol.sample(i18n), i18n, await self.template())

    async def reset_template(self, actor: MemberInfo | None) -> None:
        """Back to the default template (the uploaded ones stay in the history)."""
        who = require_methodologist(actor)
        if await self.template() is None:
            raise DomainError("minutes-template-already-default")
        now = self.clock.now()
        await self.repo.minutes.save_template(None, None, who.id, now)
        await self.repo.audit.add(
            at=now,
            actor_id=who.id,
            action="minutes.template_reset",
            object_type="protocol_template",
        )
