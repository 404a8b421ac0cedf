"""Events: seminars, master classes, competitions… published to an audience through the
outbox, answered with "coming" / "not coming", reminded before the start, changed or cancelled
with a notice to everyone who received them (those coming first)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from html import escape, unescape
from typing import Any

from sqlalchemy import (
    exists,
    func,
    select,
)

from bot.clock import Clock
from bot.delivery.actions import Action, button
from bot.i18n import Translator, enum_key
from bot.services.access import scope_of
from bot.services.audience import (
    Audience,
    Groups,
    Reach,
    Where,
    binding_select,
    member_select,
    reach_select,
    reachable_members,
)
from bot.services.dates import examples
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.exports import Sheet, write_xlsx
from bot.services.exports.ics import event_ics
from bot.services.people import MemberInfo
from bot.storage.events import KIND, publication
from bot.storage.models import (
    DeliveryStatus,
    Event,
    EventKind,
    EventStatus,
    Member,
    MemberArea,
    Role,
)
from bot.storage.reminders import GROUP
from bot.storage.repositories import Repo

TITLE_LIMIT = 200
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
PLACE_LIMIT = 500
DEFAULT_REMINDERS = (1440, 60)
REMINDER_CHOICES = (10080, 1440, 180, 60, 15)
# The headings an event's text may go with after its publication.
NOTICE_KEYS = ("event-notice-reminder", "event-notice-changed", "event-notice-cancelled")
URL_RE = re.compile(r"^(https?://)[^\s/$.?#][^\s]*\.[^\s]{2,}$|^(https?://)[^\s]+:\d+[^\s]*$", re.I)


class Competence(enum.StrEnum):
    SUBJECT = "subject"
    METHODOLOGY = "methodology"
    PSYCHOLOGY = "psychology"
    LITERACY = "literacy"
    SOFT = "soft"
    ICT = "ict"


@dataclass
class EventDraft:
    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime | None
    all_day: bool
    place: str | None
    link: str | None
    description: str | None
    competences: tuple[Competence, ...]
    audience: Audience
    reminder_minutes: tuple[int, ...] = DEFAULT_REMINDERS
    attachment_ref: str | None = None
    attachment_kind: str | None = None
    association_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "title": self.title,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "all_day": self.all_day,
            "place": self.place,
            "link": self.link,
            "description": self.description,
            "competences": [c.value for c in self.competences],
            "audience": self.audience.to_json(),
            "reminder_minutes": list(self.reminder_minutes),
            "attachment_ref": self.attachment_ref,
            "attachment_kind": self.attachment_kind,
            "association_id": self.association_id,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventDraft:
        return cls(
            kind=EventKind(data["kind"]),
            title=data["title"],
            starts_at=datetime.fromisoformat(data["starts_at"]),
            ends_at=datetime.fromisoformat(data["ends_at"]) if data.get("ends_at") else None,
            all_day=bool(data.get("all_day")),
            place=data.get("place"),
            link=data.get("link"),
            description=data.get("description"),
            competences=tuple(Competence(c) for c in data.get("competences", ())),
            audience=Audience.from_json(data.get("audience", {})),
            reminder_minutes=tuple(int(m) for m in data.get("reminder_minutes", ())),
            attachment_ref=data.get("attachment_ref"),
            attachment_kind=data.get("attachment_kind"),
            association_id=data.get("association_id"),
        )


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    kind: EventKind
    title: str
    starts_at: datetime
    ends_at: datetime | None
    all_day: bool
    place: str | None
    link: str | None
    description: str | None
    competences: tuple[Competence, ...]
    status: EventStatus
    author_id: int | None
    association_id: int | None
    attachment_ref: str | None
    attachment_kind: str | None
    reminder_minutes: tuple[int, ...]

    @classmethod
    def of(cls, event: Event) -> EventInfo:
        return cls(
            id=event.id,
            kind=event.kind,
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            all_day=event.all_day,
            place=event.place,
            link=event.link,
            description=event.description,
            competences=tuple(Competence(c) for c in event.competences or ()),
            status=event.status,
            author_id=event.author_id,
            association_id=event.association_id,
            attachment_ref=event.attachment_ref,
            attachment_kind=event.attachment_kind,
            reminder_minutes=tuple(event.reminder_minutes or ()),
        )


@dataclass(frozen=True, slots=True)
class EventCard:
    event: EventInfo
    coming: bool | None


@dataclass(frozen=True, slots=True)
class StaffCard:
    event: EventInfo
    recipients: int
    delivered: int
    pending: int
    failed: int
    coming: int
    not_coming: int
    no_answer: int
    coming_by_organisation: list[tuple[str, list[str]]] = field(default_factory=list)


def check_title(raw: str | None) -> str:
    title = re.sub(r"\s+", " ", raw or "").strip()
    if not title:
        raise DomainError("event-error-title-empty")
    if len(title) > TITLE_LIMIT:
        raise DomainError("event-error-title-too-long", limit=TITLE_LIMIT, length=len(title))
    return title


def check_description(raw: str | None, *, with_attachment: bool) -> str:
    text = (raw or "").strip()
    limit = CAPTION_LIMIT if with_attachment else TEXT_LIMIT
    if len(text) > limit:
        key = (
            "event-error-caption-too-long"
            if with_attachment
            else "event-error-description-too-long"
        )
        raise DomainError(key, limit=limit, length=len(text))
    return text


def check_link(raw: str | None) -> str:
    link = (raw or "").strip()
    if not URL_RE.match(link):
        raise DomainError("event-error-link", text=link[:100])
    return link


def check_place(raw: str | None) -> str:
    place = re.sub(r"\s+", " ", raw or "").strip()
    if not place:
        raise DomainError("event-error-place-empty")
    if len(place) > PLACE_LIMIT:
        raise DomainError("event-error-place-too-long", limit=PLACE_LIMIT, length=len(place))
    return place


def _sentence(text: str) -> str:
    """The first letter up, the rest as written (abbreviations stay upper case)."""
    return text[:1].upper() + text[1:]


def message_length(html_text: str) -> int:
    """The length Telegram holds against its limits: the visible text in UTF-16 code units
    (an emoji counts two), never less than what a reader sees."""
    return len(unescape(re.sub(r"<[^>]+>", "", html_text)).encode("utf-16-le")) // 2


def looks_like_link(raw: str) -> bool:
    return bool(re.match(r"^\s*(https?:|www\.|htt?p?s?:/)", raw, re.I))


def format_period(starts_at: datetime, ends_at: datetime | None, all_day: bool, tz: tzinfo) -> str:
    """«25.11.2026 15:00–17:00», «23.01.2027–27.01.2027», «25.11.2026» — digits only, the
    same in every language."""
    start = starts_at.astimezone(tz)
    end = ends_at.astimezone(tz) if ends_at else None
    if all_day:
        if end is None or end.date() == start.date():
            return start.strftime("%d.%m.%Y")
        last = (
            (end - timedelta(seconds=1)).date() if end.time() == datetime.min.time() else end.date()
        )
        return f"{start:%d.%m.%Y}–{last:%d.%m.%Y}"
    if end is None:
        return start.strftime("%d.%m.%Y %H:%M")
    if end.date() == start.date():
        return f"{start:%d.%m.%Y %H:%M}–{end:%H:%M}"
    return f"{start:%d.%m.%Y %H:%M} – {end:%d.%m.%Y %H:%M}"


class EventService:
    def __init__(self, repo: Repo, clock: Clock, translator: Translator, tz: tzinfo) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz

    check_title = staticmethod(check_title)
    check_description = staticmethod(check_description)
    check_link = staticmethod(check_link)
    check_place = staticmethod(check_place)

    # --- who may ------------------------------------------------------------------------

    async def may_create(self, actor: MemberInfo | None) -> list[int]:
        """[] for a methodologist (anything); a head: the associations it heads."""
        if actor is None:
            raise NotAllowed("event-error-not-allowed")
        if actor.role is Role.METHODOLOGIST:
            return []
        headed = await self.repo.events.headed(actor.id)
        if not headed:
            raise NotAllowed("event-error-not-allowed")
        return headed

    async def _may_edit(self, actor: MemberInfo | None, event: Event) -> None:
        if actor is None:
            raise NotAllowed("event-error-not-allowed")
        if actor.role is Role.METHODOLOGIST or event.author_id == actor.id:
            return
        raise NotAllowed("event-error-not-allowed")

    # --- creating -----------------------------------------------------------------------

    async def check_draft(self, actor: MemberInfo | None, draft: EventDraft, today: date) -> Reach:
        headed = await self.may_create(actor)
        assert actor is not None
        now = self.clock.now()
        if draft.starts_at <= now:
            raise DomainError("event-error-past", **examples(now, self.tz))
        if draft.ends_at is not None and draft.ends_at <= draft.starts_at:
            raise DomainError("event-error-end-before-start", **examples(now, self.tz))
        check_title(draft.title)
        check_description(draft.description, with_attachment=draft.attachment_ref is not None)
        if draft.link:
            check_link(draft.link)
        self.check_fits(draft)
        if headed:
            allowed = (
                draft.kind is EventKind.MEETING
                and draft.association_id in headed
                and draft.audience.where is Where.ASSOCIATIONS
                and set(draft.audience.associations) == {draft.association_id}
            )
            if not allowed:
                raise NotAllowed("event-error-head-own-meeting")
        audience = draft.audience.within(
            scope_of(actor) if actor.role is Role.COORDINATOR else None
        )
        people, unreachable, groups = await self.repo.broadcasts.reach(
            reach_select(audience, today), binding_select(audience)
        )
        reach = Reach(people, unreachable, groups)
        if reach.nobody:
            raise DomainError("event-error-nobody")
        return reach

    def check_fits(self, event: EventDraft | EventInfo, field: str = "other") -> None:
        """Every message of the event fits Telegram's limits, whatever language it goes in:
        the invitation (a caption of at most 1024 with a file, else a text of at most 4096),
        its group version and the reminders and notices with their heading. Refused with by
        how much it is over; ``field``, the one just given, says what to shorten."""
        text, caption = self._longest(event)
        if caption > CAPTION_LIMIT:
            raise DomainError(
                "event-error-caption-overflow",
                field=field,
                limit=CAPTION_LIMIT,
                over=caption - CAPTION_LIMIT,
            )
        if text > TEXT_LIMIT:
            raise DomainError(
                "event-error-text-overflow", field=field, limit=TEXT_LIMIT, over=text - TEXT_LIMIT
            )

    def _longest(self, event: EventDraft | EventInfo) -> tuple[int, int]:
        """The longest text and the longest caption (0 without a file) the event is sent as:
        to members in each language, to groups in the default one, with and without a notice
        (a reminder, a change, a cancellation, which go as texts)."""
        default = self.translator.default_locale
        text = caption = 0
        for locale, for_group in (
            *((locale, False) for locale in self.translator.locales),
            (default, True),
        ):
            body = self.render(event, locale, for_group=for_group)
            length = message_length(body)
            text = max(text, length)
            if event.attachment_ref:
                caption = max(caption, length)
            for key in NOTICE_KEYS:
                notice = self.translator(key, locale=locale)
                text = max(text, message_length(notice + "\n\n" + body))
        return text, caption

    def late_reminders(self, draft: EventDraft) -> tuple[int, ...]:
        """The chosen reminders that would be due already if published now: they are not
        planned, and the preview says so."""
        now = self.clock.now()
        return tuple(
            sorted(
                (m for m in set(draft.reminder_minutes) if not _in_time(draft.starts_at, m, now)),
                reverse=True,
            )
        )

    def render(self, event: EventDraft | EventInfo, locale: str, *, for_group: bool = False) -> str:
        t = self.translator.bind(locale)
        lines = [
            _sentence(t(enum_key("event-kind", event.kind)))
            + ": <b>"
            + escape(event.title)
            + "</b>",
            t(
                "event-when",
                when=format_period(event.starts_at, event.ends_at, event.all_day, self.tz),
            ),
        ]
        if event.place:
            lines.append(t("event-place", place=escape(event.place)))
        if event.link:
            lines.append(t("event-link", link=escape(event.link)))
        if event.description:
            lines.append("")
            lines.append(escape(event.description))
        if event.competences:
            names = ", ".join(t(enum_key("competence", c)) for c in event.competences)
            lines.append("")
            lines.append(t("event-competences", names=names))
        lines.append("")
        lines.append(t("event-group-footer" if for_group else "event-private-footer"))
        return "\n".join(lines)

    async def publish(
        self, actor: MemberInfo | None, draft: EventDraft, *, today: date
    ) -> EventInfo:
        await self.check_draft(actor, draft, today)
        assert actor is not None
        now = self.clock.now()
        audience = draft.audience.within(
            scope_of(actor) if actor.role is Role.COORDINATOR else None
        )
        event = Event(
            kind=draft.kind,
            title=check_title(draft.title),
            starts_at=draft.starts_at,
            ends_at=draft.ends_at,
            all_day=draft.all_day,
            place=draft.place,
            link=draft.link,
            description=draft.description or None,
            competences=[c.value for c in draft.competences],
            audience=audience.to_json(),
            reminder_minutes=sorted(set(draft.reminder_minutes), reverse=True),
            attachment_ref=draft.attachment_ref,
            attachment_kind=draft.attachment_kind,
            author_id=actor.id,
            association_id=draft.association_id,
            status=EventStatus.PUBLISHED,
            version=1,
            created_at=now,
            updated_at=now,
        )
        await self.repo.events.add(event)
        info = EventInfo.of(event)
        source = publication(event.id)
        fits = _fits_diagnostics(event.competences)
        for locale in self.translator.locales:
            content = await self._content(info, locale, rsvp=True)
            members = member_select(audience, today).where(
                func.coalesce(Member.locale, self.translator.default_locale) == locale
            )
            # Those whose diagnostics found one of the event's areas difficult get it with
            # a line saying so; the others get the plain one.
            if event.competences:
                fitting = await self._content(
                    info,
                    locale,
                    rsvp=True,
                    lead=self.translator.bind(locale)("survey-results-event-fits"),
                )
                await self.repo.outbox.enqueue_members(
                    members.where(fits),
                    source=source,
                    content_id=fitting.id,
                    now=now,
                    source_kind=KIND,
                    source_id=event.id,
                )
                members = members.where(~fits)
            await self.repo.outbox.enqueue_members(
                members,
                source=source,
                content_id=content.id,
                now=now,
                source_kind=KIND,
                source_id=event.id,
            )
        group_content = await self._content(info, self.translator.default_locale, rsvp=False)
        await self.repo.outbox.enqueue_chats(
            binding_select(audience),
            source=source,
            content_id=group_content.id,
            now=now,
            source_kind=KIND,
            source_id=event.id,
        )
        await self._prepare_reminders(info)
        await self._plan_reminders(event, now)
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="event.published",
            object_type="event",
            object_id=event.id,
            details={"kind": draft.kind.value, "audience": audience.to_json()},
        )
        return info

    async def _content(
        self,
        event: EventInfo,
        locale: str,
        *,
        rsvp: bool,
        notice: str | None = None,
        lead: str | None = None,
    ) -> Any:
        """The event as one message: with a ``notice`` (a reminder, a change: sent as text)
        or a ``lead`` line above it (the invitation still goes with its file)."""
        t = self.translator.bind(locale)
        text = self.render(event, locale, for_group=not rsvp)
        if notice:
            text = notice + "\n\n" + text
        elif lead:
            text = lead + "\n\n" + text
        if rsvp:
            buttons: list[Any] = [
                [
                    button(t("event-button-coming"), Action.EVENT_COMING, event.id),
                    button(t("event-button-not-coming"), Action.EVENT_NOT_COMING, event.id),
                ],
                [button(t("event-button-calendar"), Action.EVENT_CALENDAR, event.id)],
            ]
        else:
            buttons = [[button(t("event-button-sign-up"), Action.EVENT_SIGN_UP, event.id)]]
        kind = event.attachment_kind if (event.attachment_ref and not notice) else "text"
        if kind != "text" and message_length(text) > CAPTION_LIMIT:
            kind = "text"  # a long text cannot be a caption: the attachment goes by the card
        return await self.repo.outbox.add_content(
            kind=kind or "text",
            text=text,
            file_ref=event.attachment_ref if kind != "text" else None,
            buttons=buttons,
            now=self.clock.now(),
        )

    async def _prepare_reminders(self, event: EventInfo) -> None:
        """Render the reminder once per language (and for groups) at publication and after
        every change, so that due reminders are queued by one statement, however many."""
        contents: dict[str, int] = {}
        for locale in (*self.translator.locales, GROUP):
            for_group = locale == GROUP
            language = self.translator.default_locale if for_group else locale
            content = await self._content(
                event,
                language,
                rsvp=not for_group,
                notice=self.translator("event-notice-reminder", locale=language),
            )
            contents[locale] = content.id
        await self.repo.reminders.set_contents(KIND, event.id, contents)

    async def _plan_reminders(self, event: Event, now: datetime) -> None:
        await self.repo.reminders.plan(
            KIND,
            event.id,
            [
                (int(minutes), event.starts_at - timedelta(minutes=int(minutes)))
                for minutes in event.reminder_minutes or ()
                if _in_time(event.starts_at, int(minutes), now)
            ],
        )

    # --- answers and files --------------------------------------------------------------

    async def answer(self, member: MemberInfo | None, event_id: int, coming: bool) -> EventInfo:
        if member is None:
            raise NotAllowed("error-not-allowed")
        event = await self._visible(member, event_id)
        self._open(event)
        await self.repo.events.set_answer(event_id, member.id, coming, self.clock.now())
        return EventInfo.of(event)

    async def ics(self, member: MemberInfo | None, event_id: int) -> tuple[str, bytes]:
        event = await self._visible(member, event_id)
        return f"event-{event.id}.ics", event_ics(
            event_id=event.id,
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            all_day=event.all_day,
            tz=self.tz,
            stamp=self.clock.now(),
            place=event.place,
            link=event.link,
            description=event.description,
            cancelled=event.status is EventStatus.CANCELLED,
        )

    # --- browsing -----------------------------------------------------------------------

    async def upcoming(self, member: MemberInfo, today: date) -> list[EventCard]:
        now = self.clock.now()
        cards = []
        for event in await self.repo.events.upcoming(now):
            if not await self._in_audience(member, event, today):
                continue
            cards.append(EventCard(EventInfo.of(event), await self._answer_of(event.id, member.id)))
        return cards

    async def card(self, member: MemberInfo, event_id: int, today: date) -> EventCard:
        event = await self._visible(member, event_id, today)
        return EventCard(EventInfo.of(event), await self._answer_of(event.id, member.id))

    async def staff_card(self, actor: MemberInfo | None, event_id: int) -> StaffCard:
        event = await self._event(event_id)
        await self._may_edit(actor, event)
        counts, members = await self.repo.events.delivery_counts(event.id)
        answers = await self.repo.events.answer_counts(event.id)
        coming, not_coming = answers.get(True, 0), answers.get(False, 0)
        return StaffCard(
            event=EventInfo.of(event),
            recipients=sum(counts.values()),
            delivered=counts.get(DeliveryStatus.SENT, 0),
            pending=counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.SENDING, 0),
            failed=counts.get(DeliveryStatus.FAILED, 0) + counts.get(DeliveryStatus.UNREACHABLE, 0),
            coming=coming,
            not_coming=not_coming,
            no_answer=max(0, members - coming - not_coming),
            coming_by_organisation=await self.repo.events.coming_by_organisation(event.id),
        )

    async def registration_xlsx(
        self, actor: MemberInfo | None, event_id: int, locale: str
    ) -> tuple[str, bytes]:
        event = await self._event(event_id)
        await self._may_edit(actor, event)
        t = self.translator.bind(locale)
        rows = await self.repo.events.registrations(event.id)
        header = [
            t("event-sheet-number"),
            t("event-sheet-name"),
            t("event-sheet-organisation"),
            t("event-sheet-role"),
            t("event-sheet-answer"),
            t("event-sheet-signature"),
        ]
        table = [
            [
                n,
                name or t("event-sheet-deleted"),
                organisation or "",
                t(enum_key("role", role)),
                t("event-sheet-coming" if coming else "event-sheet-not-coming"),
                "",
            ]
            for n, (name, organisation, role, coming, _) in enumerate(rows, 1)
        ]
        content = write_xlsx(
            Sheet(
                title=t("event-sheet-title"),
                preamble=[
                    [event.title],
                    [format_period(event.starts_at, event.ends_at, event.all_day, self.tz)],
                    [],
                ],
                header=header,
                rows=table,
                widths=(5, 36, 40, 24, 14, 18),
            )
        )
        return f"event-{event.id}-registration.xlsx", content

    # --- changing -----------------------------------------------------------------------

    async def change(
        self,
        actor: MemberInfo | None,
        event_id: int,
        *,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
        all_day: bool | None = None,
        place: str | None = None,
        link: str | None = None,
    ) -> EventInfo:
        event = await self._event(event_id)
        await self._may_edit(actor, event)
        self._open(event)
        now = self.clock.now()
        changed: list[str] = []
        if starts_at is not None:
            if starts_at <= now:
                raise DomainError("event-error-past", **examples(now, self.tz))
            new_end = ends_at
            if new_end is None and event.ends_at is not None:
                new_end = starts_at + (event.ends_at - event.starts_at)
            if new_end is not None and new_end <= starts_at:
                raise DomainError("event-error-end-before-start", **examples(now, self.tz))
            event.starts_at, event.ends_at = starts_at, new_end
            if all_day is not None:
                event.all_day = all_day
            changed.append("time")
        if place is not None:
            event.place = check_place(place)
            changed.append("place")
        if link is not None:
            event.link = check_link(link)
            changed.append("link")
        if not changed:
            return EventInfo.of(event)
        self.check_fits(EventInfo.of(event), "time" if changed == ["time"] else changed[-1])
        event.version += 1
        event.updated_at = now
        if "time" in changed:
            await self._plan_reminders(event, now)
        await self._prepare_reminders(EventInfo.of(event))
        await self._notify(event, "event-notice-changed")
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id if actor else None,
            action="event.changed",
            object_type="event",
            object_id=event.id,
            details={"fields": changed},
        )
        return EventInfo.of(event)

    async def cancel(self, actor: MemberInfo | None, event_id: int) -> EventInfo:
        event = await self._event(event_id)
        await self._may_edit(actor, event)
        if event.status is EventStatus.CANCELLED:
            return EventInfo.of(event)
        now = self.clock.now()
        event.status = EventStatus.CANCELLED
        event.version += 1
        event.updated_at = now
        await self.repo.reminders.cancel_pending(KIND, event.id, "cancelled")
        await self._notify(event, "event-notice-cancelled")
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id if actor else None,
            action="event.cancelled",
            object_type="event",
            object_id=event.id,
        )
        return EventInfo.of(event)

    async def _notify(self, event: Event, notice_key: str) -> None:
        """Everyone who received the event hears of the change; those coming first (lower
        outbox ids go first)."""
        info = EventInfo.of(event)
        source = f"{publication(event.id)}:v{event.version}"
        now = self.clock.now()
        for locale in self.translator.locales:
            content = await self._content(
                info,
                locale,
                rsvp=event.status is EventStatus.PUBLISHED,
                notice=self.translator(notice_key, locale=locale),
            )
            for coming_first in (True, False):
                await self.repo.outbox.enqueue_members(
                    self.repo.events.recipients(event.id, self._locale, locale, coming_first),
                    source=source,
                    content_id=content.id,
                    now=now,
                    source_kind=KIND,
                    source_id=event.id,
                )
        group_content = await self._content(
            info,
            self.translator.default_locale,
            rsvp=False,
            notice=self.translator(notice_key, locale=self.translator.default_locale),
        )
        await self.repo.outbox.enqueue_chats(
            self.repo.events.group_recipients(event.id),
            source=source,
            content_id=group_content.id,
            now=now,
            source_kind=KIND,
            source_id=event.id,
        )

    @property
    def _locale(self) -> Any:
        """A member's language, the default one when it has none (an SQL expression)."""
        return func.coalesce(Member.locale, self.translator.default_locale)

    # --- helpers ------------------------------------------------------------------------

    async def _event(self, event_id: int) -> Event:
        event = await self.repo.events.get(event_id)
        if event is None:
            raise NotFound()
        return event

    async def _visible(
        self, member: MemberInfo | None, event_id: int, today: date | None = None
    ) -> Event:
        """The event, if ``member`` may see it: its organiser, a methodologist, one of its
        audience (as it stands today), one it was sent to, or one of those a group it was sent
        to stands for (the group's sign-up link). Anyone else hears it does not exist."""
        event = await self._event(event_id)
        if member is None:
            raise NotFound()
        if member.role is Role.METHODOLOGIST or event.author_id == member.id:
            return event
        today = today or self.clock.now().astimezone(self.tz).date()
        if await self._in_audience(member, event, today):
            return event
        if await self.repo.events.was_sent_to(event.id, member.id):
            return event
        if await self.repo.events.was_sent_to_group_of(event.id, member.id, member.organisation_id):
            return event
        raise NotFound()

    async def _in_audience(self, member: MemberInfo, event: Event, today: date) -> bool:
        """The organiser, or one of the event's audience as it stands today (one row asked)."""
        if event.author_id == member.id:
            return True
        audience = Audience.from_json(event.audience)
        return await self.repo.events.is_member(member.id, reachable_members(audience, today))

    def _open(self, event: Event) -> None:
        if event.status is EventStatus.CANCELLED:
            raise DomainError("event-error-cancelled", title=escape(event.title))
        if event.starts_at <= self.clock.now():
            raise DomainError("event-error-started", title=escape(event.title))

    async def _answer_of(self, event_id: int, member_id: int) -> bool | None:
        return await self.repo.events.answer_of(event_id, member_id)

    async def meeting_audience(self, association_id: int) -> Audience:
        """Whom a head's meeting reaches: the members of its association and the groups
        bound to that association."""
        groups = tuple(
            row.id
            for row in await self.repo.groups.active()
            if row.association_id == association_id
        )
        return Audience(
            where=Where.ASSOCIATIONS,
            associations=(association_id,),
            groups=Groups.CHOSEN if groups else Groups.NONE,
            group_ids=groups,
        )


def _in_time(starts_at: datetime, minutes: int, now: datetime) -> bool:
    """A reminder ``minutes`` before ``starts_at`` is still ahead."""
    return starts_at - timedelta(minutes=minutes) > now


# A self-rated difficulty from this on counts as "difficult" (the diagnostics' 4 and 5).
DIFFICULT = 4


def _fits_diagnostics(areas: list[str]) -> Any:
    """A member whose latest named diagnostics rated one of ``areas`` difficult (4 or 5)."""
    return exists(
        select(MemberArea.member_id).where(
            MemberArea.member_id == Member.id,
            MemberArea.area.in_(areas or ["-"]),
            MemberArea.difficulty >= DIFFICULT,
        )
    )
