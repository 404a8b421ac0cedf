"""Deadlines: who owes what, by when — each person, each association (its head acts for it)
or each organisation (its coordinator acts for it). A deadline is announced to those who act
for its units, reminded to those whose unit has not handed in, handed in with a comment and
files (every version kept), handed back for rework, and followed by the staff on a status
card. Recurring deadlines are series: the next occurrence is created when one falls due.

Other capabilities complete a unit's deadline with :meth:`DeadlineService.complete`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from html import escape
from typing import Any

from sqlalchemy import Integer, func, literal

from bot.clock import Clock
from bot.delivery.actions import Action, button
from bot.i18n import Translator, enum_key
from bot.services.access import scope_of
from bot.services.audience import Audience, Where, unit_select
from bot.services.dates import When, examples
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.events import CAPTION_LIMIT, TEXT_LIMIT, message_length
from bot.services.people import MemberInfo, local_today
from bot.services.recurrence import next_due, series_day
from bot.storage.deadlines import (
    KIND,
    OWED,
    OwedRow,
    UnitRow,
    actors_select,
    announcement,
    member_rows_for,
)
from bot.storage.models import (
    Deadline,
    DeadlineAssignee,
    DeadlineStatus,
    DeadlineUnit,
    Deliverable,
    Member,
    Recurrence,
    Role,
    UnitStatus,
)
from bot.storage.reminders import GROUP
from bot.storage.repositories import Repo

TITLE_LIMIT = 200
COMMENT_LIMIT = 1000
DEFAULT_REMINDER_DAYS = (7, 3, 1, 0)
DEFAULT_REMINDER_TIME = "09:00"
REMINDER_DAY_LIMIT = 60
# Local time a deadline given as a day is due at: the end of that day.
END_OF_DAY = time(23, 59)
TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


@dataclass
class DeadlineDraft:
    title: str
    kind: Deliverable
    unit: DeadlineUnit
    due_at: datetime
    audience: Audience
    recurrence: Recurrence = Recurrence.ONCE
    months: tuple[int, ...] = ()
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    reminder_time: str = DEFAULT_REMINDER_TIME
    description: str | None = None
    attachment_ref: str | None = None
    attachment_kind: str | None = None
    section: str | None = None
    association_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind.value,
            "unit": self.unit.value,
            "due_at": self.due_at.isoformat(),
            "audience": self.audience.to_json(),
            "recurrence": self.recurrence.value,
            "months": list(self.months),
            "reminder_days": list(self.reminder_days),
            "reminder_time": self.reminder_time,
            "description": self.description,
            "attachment_ref": self.attachment_ref,
            "attachment_kind": self.attachment_kind,
            "section": self.section,
            "association_id": self.association_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeadlineDraft:
        return cls(
            title=data["title"],
            kind=Deliverable(data["kind"]),
            unit=DeadlineUnit(data["unit"]),
            due_at=datetime.fromisoformat(data["due_at"]),
            audience=Audience.from_json(data.get("audience", {})),
            recurrence=Recurrence(data.get("recurrence", Recurrence.ONCE)),
            months=tuple(int(m) for m in data.get("months", ())),
            reminder_days=tuple(int(d) for d in data.get("reminder_days", ())),
            reminder_time=data.get("reminder_time") or DEFAULT_REMINDER_TIME,
            description=data.get("description"),
            attachment_ref=data.get("attachment_ref"),
            attachment_kind=data.get("attachment_kind"),
            section=data.get("section"),
            association_id=data.get("association_id"),
        )


@dataclass(frozen=True, slots=True)
class DeadlineInfo:
    id: int
    series_id: int | None
    title: str
    kind: Deliverable
    unit: DeadlineUnit
    due_at: datetime
    recurrence: Recurrence
    months: tuple[int, ...]
    reminder_days: tuple[int, ...]
    reminder_time: str
    description: str | None
    attachment_ref: str | None
    attachment_kind: str | None
    section: str | None
    status: DeadlineStatus
    author_id: int | None
    organisation_id: int | None
    association_id: int | None

    @classmethod
    def of(cls, d: Deadline) -> DeadlineInfo:
        return cls(
            id=d.id,
            series_id=d.series_id,
            title=d.title,
            kind=d.kind,
            unit=d.unit,
            due_at=d.due_at,
            recurrence=d.recurrence,
            months=tuple(d.months or ()),
            reminder_days=tuple(d.reminder_days or ()),
            reminder_time=d.reminder_time,
            description=d.description,
            attachment_ref=d.attachment_ref,
            attachment_kind=d.attachment_kind,
            section=d.section,
            status=d.status,
            author_id=d.author_id,
            organisation_id=d.organisation_id,
            association_id=d.association_id,
        )


@dataclass(frozen=True, slots=True)
class Preview:
    """What a draft reaches: units, the people who act for them, and the units nobody can
    act for (up to 20 names, ``lonely_count`` in all)."""

    units: int
    people: int
    lonely: tuple[str, ...]
    lonely_count: int
    late_reminders: tuple[int, ...]  # reminder days already past: not planned


@dataclass(frozen=True, slots=True)
class Owed:
    """A deadline as one person sees it, through one unit they act for."""

    deadline: DeadlineInfo
    unit_id: int
    unit_name: str
    status: UnitStatus
    submitted_at: datetime | None
    return_comment: str | None
    days_left: int  # negative: late by that many days

    @property
    def late(self) -> bool:
        return self.status is not UnitStatus.SUBMITTED and self.days_left < 0


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file handed in, as the messenger gave it."""

    ref: str
    kind: str  # document | photo
    name: str
    size: int | None = None


@dataclass(frozen=True, slots=True)
class FileRules:
    """What may be handed in (settings)."""

    max_bytes: int = 20 * 1024 * 1024
    extensions: frozenset[str] = field(
        default_factory=lambda: frozenset(
            {"pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv"}
            | {"ppt", "pptx", "odp", "jpg", "jpeg", "png", "zip", "rar", "7z"}
        )
    )
    max_files: int = 10


@dataclass(frozen=True, slots=True)
class Begun:
    """A person about to hand in for a unit: where it stands, and how many versions there
    are now (what «Отправить» expects still to be so)."""

    owed: Owed
    versions: int


@dataclass(frozen=True, slots=True)
class Handed:
    """A submission just made."""

    deadline: DeadlineInfo
    unit_id: int
    unit_name: str
    version: int
    files: int
    late: bool


def check_title(raw: str | None) -> str:
    title = re.sub(r"\s+", " ", raw or "").strip()
    if not title:
        raise DomainError("deadline-error-title-empty")
    if len(title) > TITLE_LIMIT:
        raise DomainError("deadline-error-title-too-long", limit=TITLE_LIMIT, length=len(title))
    return title


def check_reminder_time(raw: str) -> str:
    match = TIME_RE.match(raw.strip())
    if not match:
        raise DomainError("deadline-error-reminder-time", text=raw[:20])
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_reminder_days(raw: str) -> tuple[int, ...]:
    """«7, 3, 1, 0» → (7, 3, 1, 0): days before the due date, 0 for the day itself."""
    pieces = [p for p in re.split(r"[\s,;]+", raw.strip()) if p]
    if not pieces:
        return ()
    days: set[int] = set()
    for piece in pieces:
        if not piece.isdigit():
            raise DomainError("deadline-error-reminder-days", text=raw[:50])
        value = int(piece)
        if value > REMINDER_DAY_LIMIT:
            raise DomainError("deadline-error-reminder-too-early", limit=REMINDER_DAY_LIMIT)
        days.add(value)
    return tuple(sorted(days, reverse=True))


class DeadlineService:
    def __init__(
        self,
        repo: Repo,
        clock: Clock,
        translator: Translator,
        tz: tzinfo,
        files: FileRules | None = None,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz
        self.files = files or FileRules()

    check_title = staticmethod(check_title)
    check_reminder_time = staticmethod(check_reminder_time)
    parse_reminder_days = staticmethod(parse_reminder_days)

    # --- who may ----------------------------------------------------------------------------

    async def may_create(self, actor: MemberInfo | None) -> list[int]:
        """[] for a methodologist or a coordinator; a head: the associations it heads (its
        deadlines are per person, for their members)."""
        if actor is None:
            raise NotAllowed("deadline-error-not-allowed")
        if actor.role is Role.METHODOLOGIST:
            return []
        if actor.role is Role.COORDINATOR:
            scope_of(actor)  # a coordinator without an organisation may not
            return []
        headed = await self.repo.events.headed(actor.id)
        if not headed:
            raise NotAllowed("deadline-error-not-allowed")
        return headed

    async def _may_manage(self, actor: MemberInfo | None, deadline: Deadline) -> int | None:
        """Who follows a deadline, and how much of it (the organisation they see, None for
        all): a methodologist, the author and a coordinator for a deadline of its school see
        all of it; a coordinator sees its school's units of a wider one (the status card,
        returning, nudging and exports of those only). Anyone else is refused."""
        if actor is None:
            raise NotAllowed("deadline-error-not-allowed")
        if actor.role is Role.METHODOLOGIST or deadline.author_id == actor.id:
            return None
        if actor.role is Role.COORDINATOR and actor.organisation_id is not None:
            if deadline.organisation_id == actor.organisation_id:
                return None
            if await self.repo.deadlines.has_units_in(deadline.id, actor.organisation_id):
                return actor.organisation_id
        raise NotAllowed("deadline-error-not-allowed")

    def _scoped(self, actor: MemberInfo, draft: DeadlineDraft, headed: list[int]) -> Audience:
        """The audience as the actor may have it: a coordinator's within its organisation;
        a head's only the members of an association it heads, each person owing."""
        if headed:
            allowed = (
                draft.unit is DeadlineUnit.PERSON
                and draft.audience.where is Where.ASSOCIATIONS
                and bool(draft.audience.associations)
                and set(draft.audience.associations) <= set(headed)
            )
            if not allowed:
                raise NotAllowed("deadline-error-head-own-members")
            return draft.audience
        return draft.audience.within(scope_of(actor) if actor.role is Role.COORDINATOR else None)

    # --- creating ---------------------------------------------------------------------------

    def due_at(self, day: date, at: time | None = None) -> datetime:
        """A local day (and time; the end of the day by default) as a UTC moment."""
        local = datetime.combine(day, at or END_OF_DAY).replace(tzinfo=self.tz)
        return local.astimezone(self.clock.now().tzinfo)

    def reminder_moments(
        self, due_at: datetime, days: tuple[int, ...] | list[int], at: str
    ) -> list[tuple[int, datetime]]:
        """(days before, the UTC moment) of each reminder: ``at`` local time on that day."""
        hour, minute = (int(x) for x in at.split(":"))
        due_day = due_at.astimezone(self.tz).date()
        out = []
        for before in days:
            local = datetime.combine(due_day - timedelta(days=before), time(hour, minute))
            out.append((before, local.replace(tzinfo=self.tz).astimezone(due_at.tzinfo)))
        return out

    def due_of(self, when: When) -> datetime:
        """A typed date as the due moment: a day without a time is due at its end (23:59
        local); a range of days is refused (a deadline is one moment), and so is a past one."""
        if when.end is not None:
            raise DomainError("newdeadline-error-range", **examples(self.clock.now(), self.tz))
        due = self.due_at(when.start.astimezone(self.tz).date()) if when.all_day else when.start
        self.check_due(due)
        return due

    @staticmethod
    def check_months(recurrence: Recurrence, months: tuple[int, ...] | list[int]) -> None:
        """«By months» needs at least one month; the months are 1–12."""
        if any(not 1 <= m <= 12 for m in months):
            raise DomainError("deadline-error-no-months")
        if recurrence is Recurrence.MONTHS and not months:
            raise DomainError("deadline-error-no-months")

    def check_due(self, due_at: datetime) -> None:
        now = self.clock.now()
        if due_at <= now:
            raise DomainError("deadline-error-past", **examples(now, self.tz))

    def check_reminders(self, draft: DeadlineDraft) -> None:
        """No reminder after the due moment (the day's reminder after a morning term)."""
        for before, moment in self.reminder_moments(
            draft.due_at, draft.reminder_days, draft.reminder_time
        ):
            if moment > draft.due_at:
                raise DomainError(
                    "deadline-error-reminder-after-due",
                    days=before,
                    at=draft.reminder_time,
                    due=draft.due_at.astimezone(self.tz).strftime("%d.%m.%Y %H:%M"),
                )

    async def preview(self, actor: MemberInfo | None, draft: DeadlineDraft) -> Preview:
        """Check the draft and say what it reaches; refuses a past due date, a reminder after
        it, and an audience with no unit in it."""
        headed = await self.may_create(actor)
        assert actor is not None
        check_title(draft.title)
        self.check_due(draft.due_at)
        self.check_reminders(draft)
        if draft.recurrence is Recurrence.MONTHS and not draft.months:
            raise DomainError("deadline-error-no-months")
        audience = self._scoped(actor, draft, headed)
        self.check_fits(draft)
        today = local_today(self.clock.now(), self.tz)
        units, people, lonely, lonely_count = await self.repo.deadlines.reach(
            draft.unit, unit_select(audience, draft.unit, today)
        )
        if units == 0:
            raise DomainError("deadline-error-no-units", unit=draft.unit.value)
        now = self.clock.now()
        late = tuple(
            before
            for before, moment in self.reminder_moments(
                draft.due_at, draft.reminder_days, draft.reminder_time
            )
            if moment <= now
        )
        return Preview(units, people, tuple(lonely[:20]), lonely_count, late)

    async def create(
        self,
        actor: MemberInfo | None,
        draft: DeadlineDraft,
        *,
        announce: bool = True,
        reminders_from: datetime | None = None,
    ) -> DeadlineInfo:
        """Create the deadline (the first occurrence of its series), fix its units, plan its
        reminders and announce it to those who act for the units (unless ``announce`` is
        False: an imported roadmap's deadlines speak through their reminders; a survey that
        opens later is announced by :meth:`announce` when it opens). No reminder is planned
        before ``reminders_from`` (a survey's opening)."""
        await self.preview(actor, draft)
        assert actor is not None
        headed = await self.may_create(actor)
        audience = self._scoped(actor, draft, headed)
        return await self._insert(
            draft,
            audience,
            author_id=actor.id,
            association_id=draft.association_id
            or (draft.audience.associations[0] if headed else None),
            announce=announce,
            reminders_from=reminders_from,
        )

    async def create_as_system(
        self,
        draft: DeadlineDraft,
        *,
        announce: bool = True,
        reminders_from: datetime | None = None,
    ) -> DeadlineInfo:
        """A deadline the bot sets by itself (a yearly campaign): no author, the whole
        audience; the same checks of the draft as a person's (past, reminders, no units)."""
        check_title(draft.title)
        self.check_due(draft.due_at)
        self.check_reminders(draft)
        self.check_fits(draft)
        today = local_today(self.clock.now(), self.tz)
        units, *_ = await self.repo.deadlines.reach(
            draft.unit, unit_select(draft.audience, draft.unit, today)
        )
        if units == 0:
            raise DomainError("deadline-error-no-units", unit=draft.unit.value)
        return await self._insert(
            draft,
            draft.audience,
            author_id=None,
            association_id=draft.association_id,
            announce=announce,
            reminders_from=reminders_from,
        )

    async def _insert(
        self,
        draft: DeadlineDraft,
        audience: Audience,
        *,
        author_id: int | None,
        association_id: int | None,
        announce: bool,
        reminders_from: datetime | None,
    ) -> DeadlineInfo:
        now = self.clock.now()
        deadline = Deadline(
            title=check_title(draft.title),
            kind=draft.kind,
            unit=draft.unit,
            due_at=draft.due_at,
            audience=audience.to_json(),
            recurrence=draft.recurrence,
            months=sorted(set(draft.months)),
            reminder_days=sorted(set(draft.reminder_days), reverse=True),
            reminder_time=check_reminder_time(draft.reminder_time),
            description=(draft.description or "").strip() or None,
            attachment_ref=draft.attachment_ref,
            attachment_kind=draft.attachment_kind,
            section=draft.section,
            author_id=author_id,
            organisation_id=audience.scope_organisation,
            association_id=association_id,
            status=DeadlineStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
        await self.repo.deadlines.add(deadline)
        today = local_today(now, self.tz)
        await self.repo.deadlines.assign(deadline.id, unit_select(audience, draft.unit, today))
        info = await self._start(deadline, now, announce=announce, reminders_from=reminders_from)
        await self.repo.audit.add(
            at=now,
            actor_id=author_id,
            action="deadline.created",
            object_type="deadline",
            object_id=deadline.id,
            details={
                "unit": draft.unit.value,
                "recurrence": draft.recurrence.value,
                "audience": audience.to_json(),
            },
        )
        return info

    async def move(
        self,
        actor: MemberInfo | None,
        deadline_id: int,
        due_at: datetime,
        *,
        reminders_from: datetime | None = None,
    ) -> DeadlineInfo:
        """Move the due moment of an open deadline (the actor manages all of it): its
        pending reminders are planned again for the new moment (none before
        ``reminders_from``)."""
        deadline = await self.managed(actor, deadline_id)
        assert actor is not None
        if deadline.status is DeadlineStatus.CANCELLED:
            raise DomainError("deadline-error-cancelled", title=deadline.title)
        self.check_due(due_at)
        now = self.clock.now()
        before = deadline.due_at
        deadline.due_at = due_at
        deadline.updated_at = now
        self.check_reminders(DeadlineInfo.of(deadline))
        await self.repo.deadlines.flush()
        await self._start(deadline, now, announce=False, reminders_from=reminders_from)
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="deadline.moved",
            object_type="deadline",
            object_id=deadline.id,
            details={"from": before.isoformat(), "to": due_at.isoformat()},
        )
        return DeadlineInfo.of(deadline)

    async def end_now(self, actor: MemberInfo | None, deadline_id: int, *, reason: str) -> None:
        """Bring the due moment of an open deadline forward to now (a survey closed early), so
        that its status card, the lists and the reports count it as due; its pending reminders
        are cancelled. A deadline due already is left as it is."""
        deadline = await self.managed(actor, deadline_id)
        assert actor is not None
        if deadline.status is DeadlineStatus.CANCELLED:
            raise DomainError("deadline-error-cancelled", title=deadline.title)
        now = self.clock.now()
        before = deadline.due_at
        if before <= now:
            return
        deadline.due_at = now
        deadline.updated_at = now
        await self.repo.deadlines.flush()
        await self.repo.reminders.cancel_pending(KIND, deadline.id, reason)
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="deadline.moved",
            object_type="deadline",
            object_id=deadline.id,
            details={"from": before.isoformat(), "to": now.isoformat(), "reason": reason},
        )

    async def _start(
        self,
        deadline: Deadline,
        now: datetime,
        *,
        announce: bool = True,
        reminders_from: datetime | None = None,
    ) -> DeadlineInfo:
        """Announce an occurrence to those who act for its units and plan its reminders."""
        info = DeadlineInfo.of(deadline)
        if announce:
            await self._announce(deadline, now)
        await self._prepare_reminders(info)
        earliest = max(now, reminders_from or now)
        await self.repo.reminders.plan(
            KIND,
            deadline.id,
            [
                (before * 1440, moment)
                for before, moment in self.reminder_moments(
                    deadline.due_at, deadline.reminder_days or (), deadline.reminder_time
                )
                if earliest < moment <= deadline.due_at
            ],
        )
        return info

    async def announce(self, deadline_id: int) -> int:
        """Announce a deadline created without its announcement (a survey opening now), once:
        how many people it went to (0 the second time)."""
        deadline = await self._deadline(deadline_id)
        if deadline.status is DeadlineStatus.CANCELLED:
            return 0
        return await self._announce(deadline, self.clock.now())

    async def _announce(self, deadline: Deadline, now: datetime) -> int:
        info = DeadlineInfo.of(deadline)
        source = announcement(deadline.id)
        sent = 0
        for locale in self.translator.locales:
            content = await self._content(info, locale, heading="deadline-notice-new")
            members = self.repo.deadlines.late_actors(deadline)
            sent += await self.repo.outbox.insert_from(
                member_rows_for(
                    members.where(
                        func.coalesce(Member.locale, self.translator.default_locale) == locale
                    ).where(~self.repo.outbox.has_row(source, Member.telegram_id)),
                    source=source,
                    content_id=content.id,
                    now=now,
                )
            )
        return sent

    # --- texts ------------------------------------------------------------------------------

    def format_due(self, due_at: datetime) -> str:
        return due_at.astimezone(self.tz).strftime("%d.%m.%Y %H:%M")

    def render(self, deadline: DeadlineDraft | DeadlineInfo, locale: str) -> str:
        """The deadline as its announcement and reminders show it (HTML)."""
        t = self.translator.bind(locale)
        lines = [
            "<b>" + escape(deadline.title) + "</b>",
            t("deadline-line-kind", kind=t(enum_key("deliverable", deadline.kind))),
            t("deadline-line-due", due=self.format_due(deadline.due_at)),
            t("deadline-line-unit", unit=t(enum_key("deadline-unit", deadline.unit))),
        ]
        if deadline.recurrence is not Recurrence.ONCE:
            lines.append(
                t("deadline-line-recurrence", recurrence=t(recurrence_key(deadline.recurrence)))
            )
        if deadline.description:
            lines.append("")
            lines.append(escape(deadline.description))
        return "\n".join(lines)

    def check_fits(self, draft: DeadlineDraft | DeadlineInfo) -> None:
        """Every message of the deadline fits Telegram's limits in every language."""
        limit = CAPTION_LIMIT if draft.attachment_ref else TEXT_LIMIT
        for locale in self.translator.locales:
            for heading in ("deadline-notice-new", "deadline-notice-reminder"):
                text = self.translator(heading, locale=locale) + "\n\n" + self.render(draft, locale)
                over = message_length(text) - limit
                if over > 0:
                    raise DomainError("deadline-error-too-long", limit=limit, over=over)

    async def _content(self, deadline: DeadlineInfo, locale: str, *, heading: str) -> Any:
        t = self.translator.bind(locale)
        survey = deadline.kind is Deliverable.SURVEY
        # A survey's deadline speaks of the survey and opens it; any other offers «Сдать».
        text = (
            t(heading + "-survey" if survey else heading) + "\n\n" + self.render(deadline, locale)
        )
        kind = "text"
        if deadline.attachment_ref and heading == "deadline-notice-new":
            kind = deadline.attachment_kind or "document"
        action = (
            button(t("deadline-button-answer"), Action.SURVEY_ANSWER, deadline.id)
            if survey
            else button(t("deadline-button-submit"), Action.DEADLINE_SUBMIT, deadline.id)
        )
        return await self.repo.outbox.add_content(
            kind=kind,
            text=text,
            file_ref=deadline.attachment_ref if kind != "text" else None,
            buttons=[[action]],
            now=self.clock.now(),
        )

    async def _prepare_reminders(self, deadline: DeadlineInfo) -> None:
        contents: dict[str, int] = {}
        for locale in self.translator.locales:
            content = await self._content(deadline, locale, heading="deadline-notice-reminder")
            contents[locale] = content.id
        # Groups are never reminded of a deadline (the weekly digest speaks to them): the
        # group's content is the default language's, kept for completeness.
        contents[GROUP] = contents[self.translator.default_locale]
        await self.repo.reminders.set_contents(KIND, deadline.id, contents)

    # --- a person's side --------------------------------------------------------------------

    def _days_left(self, due_at: datetime) -> int:
        today = local_today(self.clock.now(), self.tz)
        return (due_at.astimezone(self.tz).date() - today).days

    async def owed(self, member: MemberInfo, *, include_done: bool = True) -> list[Owed]:
        """The person's open deadlines, nearest first: their own and those of the units they
        act for; handed-in ones while they can still be replaced (until the due time). A
        survey that has closed is left out: it takes no answers, so there is nothing to do."""
        now = self.clock.now()
        rows = await self.repo.deadlines.owed_by(
            member.id,
            member.organisation_id,
            member.role is Role.COORDINATOR,
            since=now,
        )
        out = [
            self._owed(row)
            for row in rows
            if row.deadline.kind is not Deliverable.SURVEY or row.deadline.due_at > now
        ]
        if not include_done:
            out = [o for o in out if o.status is not UnitStatus.SUBMITTED]
        return out

    def _owed(self, row: OwedRow) -> Owed:
        return Owed(
            deadline=DeadlineInfo.of(row.deadline),
            unit_id=row.unit_id,
            unit_name=row.unit_name,
            status=row.status,
            submitted_at=row.submitted_at,
            return_comment=row.return_comment,
            days_left=self._days_left(row.deadline.due_at),
        )

    async def owed_in(self, member: MemberInfo, deadline_id: int) -> list[Owed]:
        """The units a person acts for on one deadline (the «Сдать» button's card); refused
        when they act for none, or the deadline was cancelled."""
        deadline = await self._deadline(deadline_id)
        if deadline.status is DeadlineStatus.CANCELLED:
            raise DomainError("deadline-error-cancelled", title=deadline.title)
        rows = await self.repo.deadlines.owed_by(
            member.id,
            member.organisation_id,
            member.role is Role.COORDINATOR,
            since=None,
        )
        mine = [self._owed(r) for r in rows if r.deadline.id == deadline_id]
        if not mine:
            raise NotAllowed("deadline-error-not-yours")
        return mine

    async def begin(
        self,
        member: MemberInfo | None,
        deadline_id: int,
        unit_id: int,
        *,
        expected_versions: int | None = None,
    ) -> Begun:
        """«Сдать» for a unit: refused for someone who does not act for it, a cancelled
        deadline, a replacement after the due time, and — with ``expected_versions`` — a unit
        handed in since (a second press of the same «Отправить»)."""
        if member is None:
            raise NotAllowed("deadline-error-not-yours")
        mine = {o.unit_id: o for o in await self.owed_in(member, deadline_id)}
        owed = mine.get(unit_id)
        assignee = await self.repo.deadlines.assignee(deadline_id, unit_id)
        if owed is None or assignee is None:
            raise NotAllowed("deadline-error-not-yours")
        title = owed.deadline.title
        if expected_versions is not None and assignee.versions != expected_versions:
            raise DomainError("deadline-error-already-submitted", title=title)
        if assignee.status is UnitStatus.SUBMITTED and self.clock.now() > owed.deadline.due_at:
            raise DomainError("deadline-error-replace-after-due", title=title)
        return Begun(owed=owed, versions=assignee.versions)

    def check_comment(self, raw: str | None) -> str | None:
        text = (raw or "").strip()
        if len(text) > COMMENT_LIMIT:
            raise DomainError(
                "deadline-error-comment-too-long", limit=COMMENT_LIMIT, length=len(text)
            )
        return text or None

    def check_file(self, file: UploadedFile) -> UploadedFile:
        """A file over the size limit or of a type not allowed is refused, naming both."""
        if file.size is not None and file.size > self.files.max_bytes:
            raise DomainError(
                "deadline-error-file-too-big",
                name=file.name,
                limit=self.files.max_bytes // (1024 * 1024),
            )
        if file.kind != "photo":
            extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
            if extension not in self.files.extensions:
                raise DomainError(
                    "deadline-error-file-type",
                    name=file.name,
                    allowed=", ".join(sorted(self.files.extensions)),
                )
        return file

    async def submit(
        self,
        member: MemberInfo | None,
        deadline_id: int,
        unit_id: int,
        *,
        comment: str | None,
        files: list[UploadedFile],
        expected_versions: int | None = None,
    ) -> Handed:
        """Hand in for a unit: a new version (the first, or a replacement until the due
        time). Refused for someone who does not act for the unit, a cancelled deadline, a
        replacement after the due time, and a second press of the same «Отправить»
        (``expected_versions`` is how many versions there were when the person began)."""
        if member is None:
            raise NotAllowed("deadline-error-not-yours")
        deadline = await self._deadline(deadline_id)
        if deadline.status is DeadlineStatus.CANCELLED:
            raise DomainError("deadline-error-cancelled", title=deadline.title)
        assignee = await self.repo.deadlines.assignee(deadline_id, unit_id)
        if assignee is None or not await self.repo.deadlines.may_act(deadline, unit_id, member.id):
            raise NotAllowed("deadline-error-not-yours")
        if expected_versions is not None and assignee.versions != expected_versions:
            raise DomainError("deadline-error-already-submitted", title=deadline.title)
        now = self.clock.now()
        if assignee.status is UnitStatus.SUBMITTED and now > deadline.due_at:
            raise DomainError("deadline-error-replace-after-due", title=deadline.title)
        if len(files) > self.files.max_files:
            raise DomainError("deadline-error-too-many-files", limit=self.files.max_files)
        for file in files:
            self.check_file(file)
        submission = await self.repo.deadlines.add_submission(
            assignee,
            member_id=member.id,
            comment=self.check_comment(comment),
            files=[(f.ref, f.kind, f.name, f.size) for f in files],
            now=now,
        )
        await self.repo.audit.add(
            at=now,
            actor_id=member.id,
            action="deadline.submitted",
            object_type="deadline",
            object_id=deadline.id,
            details={"unit": unit_id, "version": submission.version, "files": len(files)},
        )
        names = {o.unit_id: o.unit_name for o in await self.owed_in(member, deadline_id)}
        return Handed(
            deadline=DeadlineInfo.of(deadline),
            unit_id=unit_id,
            unit_name=names.get(unit_id, "—"),
            version=submission.version,
            files=len(files),
            late=now > deadline.due_at,
        )

    async def complete(
        self,
        deadline_id: int,
        unit_id: int,
        *,
        by: str,
        member_id: int | None = None,
        at: datetime | None = None,
    ) -> bool:
        """Another capability completes a unit's deadline (``by``: "minutes:12",
        "survey:3"): a submission with no files, marked with what completed it, at ``at``
        (default now; an anonymous survey gives only the day, so that the time does not
        match a response). False when the unit does not owe it (not assigned, or handed in
        already)."""
        deadline = await self.repo.deadlines.get(deadline_id)
        if deadline is None or deadline.status is DeadlineStatus.CANCELLED:
            return False
        assignee = await self.repo.deadlines.assignee(deadline_id, unit_id)
        if assignee is None or assignee.status is UnitStatus.SUBMITTED:
            return False
        await self.repo.deadlines.add_submission(
            assignee,
            member_id=member_id,
            comment=None,
            files=[],
            now=at or self.clock.now(),
            completed_by=by,
        )
        return True

    # --- the staff's side -------------------------------------------------------------------

    async def _deadline(self, deadline_id: int) -> Deadline:
        deadline = await self.repo.deadlines.get(deadline_id)
        if deadline is None:
            raise NotFound("deadline-error-not-found")
        return deadline

    async def managed(self, actor: MemberInfo | None, deadline_id: int) -> Deadline:
        """The deadline, if the actor may follow and manage all of it (cancel it)."""
        deadline, scope = await self.followed(actor, deadline_id)
        if scope is not None:
            raise NotAllowed("deadline-error-not-allowed")
        return deadline

    async def followed(
        self, actor: MemberInfo | None, deadline_id: int
    ) -> tuple[Deadline, int | None]:
        """The deadline and the organisation the actor sees of it (None: all of it)."""
        deadline = await self._deadline(deadline_id)
        return deadline, await self._may_manage(actor, deadline)

    async def units(
        self, actor: MemberInfo | None, deadline_id: int, *, owed_only: bool = False
    ) -> tuple[DeadlineInfo, list[UnitRow]]:
        deadline, scope = await self.followed(actor, deadline_id)
        return DeadlineInfo.of(deadline), await self.repo.deadlines.units(
            deadline, owed_only=owed_only, organisation_id=scope
        )

    async def return_unit(
        self, actor: MemberInfo | None, deadline_id: int, unit_id: int, comment: str
    ) -> int:
        """Hand a submission back for rework with a comment: the unit owes it again and
        those who act for it are told why at once. How many were told."""
        deadline, scope = await self.followed(actor, deadline_id)
        assert actor is not None
        if deadline.status is DeadlineStatus.CANCELLED:
            raise DomainError("deadline-error-cancelled", title=deadline.title)
        text = (comment or "").strip()
        if not text:
            raise DomainError("deadline-error-return-comment-empty")
        if len(text) > COMMENT_LIMIT:
            raise DomainError(
                "deadline-error-comment-too-long", limit=COMMENT_LIMIT, length=len(text)
            )
        assignee = await self.repo.deadlines.assignee(deadline_id, unit_id)
        if assignee is not None and scope is not None and assignee.organisation_id != scope:
            raise NotAllowed("deadline-error-not-allowed")
        if assignee is None or assignee.status is not UnitStatus.SUBMITTED:
            raise DomainError("deadline-error-return-not-submitted")
        now = self.clock.now()
        assignee.status = UnitStatus.RETURNED
        assignee.returned_at = now
        assignee.return_comment = text
        assignee.escalated_at = None
        await self.repo.deadlines.flush()
        told = await self._tell_unit(
            deadline,
            assignee,
            source=f"{KIND}:{deadline.id}:ret{unit_id}:{assignee.versions}",
            heading="deadline-notice-returned",
            comment=text,
        )
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="deadline.returned",
            object_type="deadline",
            object_id=deadline.id,
            details={"unit": unit_id},
        )
        return told

    async def _tell_unit(
        self,
        deadline: Deadline,
        assignee: DeadlineAssignee,
        *,
        source: str,
        heading: str,
        comment: str | None = None,
    ) -> int:
        info = DeadlineInfo.of(deadline)
        now = self.clock.now()
        told = 0
        for locale in self.translator.locales:
            t = self.translator.bind(locale)
            text = t(heading) + "\n\n" + self.render(info, locale)
            if comment:
                text += "\n\n" + t("deadline-line-comment", comment=escape(comment))
            content = await self.repo.outbox.add_content(
                kind="text",
                text=text,
                buttons=[[button(t("deadline-button-submit"), Action.DEADLINE_SUBMIT, info.id)]],
                now=now,
            )
            acting = actors_select(deadline.unit, literal(assignee.unit_id, Integer()))
            members = acting.where(
                func.coalesce(Member.locale, self.translator.default_locale) == locale
            )
            told += await self.repo.outbox.insert_from(
                member_rows_for(members, source=source, content_id=content.id, now=now)
            )
        return told

    def may_nudge(self, deadline: Deadline | DeadlineInfo) -> bool:
        """Whether a nudge still makes sense: the deadline is open, and a survey's deadline
        has not closed (a closed survey takes no answers; its deadline fell due then)."""
        if deadline.status is DeadlineStatus.CANCELLED:
            return False
        return deadline.kind is not Deliverable.SURVEY or deadline.due_at > self.clock.now()

    async def nudge(self, actor: MemberInfo | None, deadline_id: int) -> int:
        """«Напомнить отстающим»: the reminder goes now to whoever acts for a unit that still
        owes the deadline (of the actor's school, for a coordinator of a wider one), once
        per press. How many people it went to."""
        deadline, scope = await self.followed(actor, deadline_id)
        assert actor is not None
        if deadline.status is DeadlineStatus.CANCELLED:
            raise DomainError("deadline-error-cancelled", title=deadline.title)
        if not self.may_nudge(deadline):
            raise DomainError("deadline-error-survey-closed", title=deadline.title)
        now = self.clock.now()
        source = f"{KIND}:{deadline.id}:n{int(now.timestamp() * 1000)}"
        sent = 0
        for locale in self.translator.locales:
            content = await self._content(
                DeadlineInfo.of(deadline), locale, heading="deadline-notice-nudge"
            )
            members = self.repo.deadlines.late_actors(deadline, scope).where(
                func.coalesce(Member.locale, self.translator.default_locale) == locale
            )
            sent += await self.repo.outbox.insert_from(
                member_rows_for(members, source=source, content_id=content.id, now=now)
            )
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="deadline.nudged",
            object_type="deadline",
            object_id=deadline.id,
            details={"people": sent},
        )
        return sent

    async def cancel(self, actor: MemberInfo | None, deadline_id: int) -> DeadlineInfo:
        """Cancel an occurrence: no more reminders, no submissions; those who still owe it
        are told."""
        deadline = await self.managed(actor, deadline_id)
        assert actor is not None
        if deadline.status is DeadlineStatus.CANCELLED:
            raise DomainError("deadline-error-cancelled", title=deadline.title)
        now = self.clock.now()
        info = DeadlineInfo.of(deadline)
        for locale in self.translator.locales:
            t = self.translator.bind(locale)
            content = await self.repo.outbox.add_content(
                kind="text",
                text=t("deadline-notice-cancelled") + "\n\n" + self.render(info, locale),
                now=now,
            )
            members = self.repo.deadlines.late_actors(deadline).where(
                func.coalesce(Member.locale, self.translator.default_locale) == locale
            )
            await self.repo.outbox.insert_from(
                member_rows_for(
                    members, source=f"{KIND}:{deadline.id}:cancel", content_id=content.id, now=now
                )
            )
        await self.repo.deadlines.cancel(deadline, now)
        await self.repo.reminders.cancel_pending(KIND, deadline.id, "cancelled")
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="deadline.cancelled",
            object_type="deadline",
            object_id=deadline.id,
        )
        return DeadlineInfo.of(deadline)

    # --- recurrence -------------------------------------------------------------------------

    async def roll(self) -> int:
        """Each occurrence that has fallen due gets its successor (a recurring series),
        once: the successor is created in the same transaction that marks the occurrence
        rolled, and a series has at most one occurrence per due time. After downtime every
        missed occurrence is created in turn, none skipped. How many were created."""
        now = self.clock.now()
        created = 0
        while True:
            due = await self.repo.deadlines.to_roll(now)
            if not due:
                return created
            for deadline in due:
                deadline.rolled_at = now
                if deadline.status is DeadlineStatus.CANCELLED:
                    continue  # cancelling an occurrence ends its series
                successor = await self._successor(deadline, now)
                created += 1 if successor is not None else 0
            await self.repo.deadlines.flush()

    async def _successor(self, deadline: Deadline, now: datetime) -> Deadline | None:
        local = deadline.due_at.astimezone(self.tz)
        series = (
            await self.repo.deadlines.get(deadline.series_id) if deadline.series_id else None
        ) or deadline
        day = series_day(series.due_at.astimezone(self.tz).date())
        following = next_due(local.date(), deadline.recurrence, list(deadline.months or ()), day)
        if following is None:
            return None
        due_at = self.due_at(following, local.time())
        series_id = deadline.series_id or deadline.id
        if await self.repo.deadlines.in_series(series_id, due_at) is not None:
            return None
        successor = Deadline(
            series_id=series_id,
            title=deadline.title,
            kind=deadline.kind,
            unit=deadline.unit,
            due_at=due_at,
            audience=dict(deadline.audience),
            recurrence=deadline.recurrence,
            months=list(deadline.months or ()),
            reminder_days=list(deadline.reminder_days or ()),
            reminder_time=deadline.reminder_time,
            description=deadline.description,
            attachment_ref=deadline.attachment_ref,
            attachment_kind=deadline.attachment_kind,
            section=deadline.section,
            author_id=deadline.author_id,
            organisation_id=deadline.organisation_id,
            association_id=deadline.association_id,
            status=DeadlineStatus.OPEN,
            created_at=now,
            updated_at=now,
        )
        await self.repo.deadlines.add(successor)
        # The same audience, resolved again: who joined since owes the next one too.
        today = local_today(now, self.tz)
        audience = Audience.from_json(deadline.audience)
        await self.repo.deadlines.assign(successor.id, unit_select(audience, deadline.unit, today))
        if due_at > now:
            await self._start(successor, now)
        return successor


def recurrence_key(recurrence: Recurrence) -> str:
    return enum_key("deadline-recurrence", recurrence)


__all__ = [
    "OWED",
    "Begun",
    "DeadlineDraft",
    "DeadlineInfo",
    "DeadlineService",
    "FileRules",
    "Handed",
    "Owed",
    "Preview",
    "UploadedFile",
]
