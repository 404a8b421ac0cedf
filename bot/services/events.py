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

from icalendar import Calendar
from icalendar import Event as IcsEvent
from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)

from bot.clock import Clock
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
from bot.services.people import MemberInfo
from bot.storage.models import (
    Association,
    AssociationMembership,
    BindingKind,
    ChatBinding,
    Content,
    DeliveryStatus,
    Event,
    EventAnswer,
    EventContent,
    EventKind,
    EventReminder,
    EventStatus,
    Member,
    Organisation,
    OutboxMessage,
    ReminderStatus,
    Role,
)
from bot.storage.repositories import Repo
from bot.storage.types import UTCDateTime

TITLE_LIMIT = 200
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
PLACE_LIMIT = 500
DEFAULT_REMINDERS = (1440, 60)
REMINDER_CHOICES = (10080, 1440, 180, 60, 15)
REMINDER = "reminder"
# The headings an event's text may go with after its publication.
NOTICE_KEYS = ("event-notice-reminder", "event-notice-changed", "event-notice-cancelled")
GROUP = "group"
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
        headed = list(
            await self.repo.session.scalars(
                select(AssociationMembership.association_id).where(
                    AssociationMembership.member_id == actor.id,
                    AssociationMembership.is_head.is_(True),
                )
            )
        )
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
        people, unreachable = (await self.repo.session.execute(reach_select(audience, today))).one()
        groups = await self.repo.session.scalar(
            select(func.count()).select_from(binding_select(audience).subquery())
        )
        reach = Reach(int(people), int(unreachable), int(groups or 0))
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
        self, actor: MemberInfo | None, draft: EventDraft, *, bot_username: str, today: date
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
        self.repo.session.add(event)
        await self.repo.session.flush()
        info = EventInfo.of(event)
        source = f"event:{event.id}"
        for locale in self.translator.locales:
            content = await self._content(info, locale, rsvp=True)
            members = member_select(audience, today).where(
                func.coalesce(Member.locale, self.translator.default_locale) == locale
            )
            await self.repo.outbox.enqueue_members(
                members, source=source, content_id=content.id, now=now, event_id=event.id
            )
        group_content = await self._content(
            info, self.translator.default_locale, rsvp=False, bot_username=bot_username
        )
        await self.repo.outbox.enqueue_chats(
            binding_select(audience),
            source=source,
            content_id=group_content.id,
            now=now,
            event_id=event.id,
        )
        await self._prepare_reminders(info, bot_username)
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
        bot_username: str | None = None,
        notice: str | None = None,
    ) -> Any:
        t = self.translator.bind(locale)
        text = self.render(event, locale, for_group=not rsvp)
        if notice:
            text = notice + "\n\n" + text
        if rsvp:
            buttons: list[Any] = [
                [
                    {"text": t("event-button-coming"), "callback_data": f"evy:{event.id}"},
                    {"text": t("event-button-not-coming"), "callback_data": f"evn:{event.id}"},
                ],
                [{"text": t("event-button-calendar"), "callback_data": f"evc:{event.id}"}],
            ]
        else:
            buttons = (
                [
                    [
                        {
                            "text": t("event-button-sign-up"),
                            "url": f"https://t.me/{bot_username}?start=ev_{event.id}",
                        }
                    ]
                ]
                if bot_username
                else []
            )
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

    async def _prepare_reminders(self, event: EventInfo, bot_username: str | None) -> None:
        """Render the reminder once per language (and for groups) at publication and after
        every change, so that due reminders are queued by one statement, however many."""
        await self.repo.session.execute(
            delete(EventContent).where(
                EventContent.event_id == event.id, EventContent.purpose == REMINDER
            )
        )
        for locale in (*self.translator.locales, GROUP):
            for_group = locale == GROUP
            language = self.translator.default_locale if for_group else locale
            content = await self._content(
                event,
                language,
                rsvp=not for_group,
                bot_username=bot_username,
                notice=self.translator("event-notice-reminder", locale=language),
            )
            self.repo.session.add(
                EventContent(
                    event_id=event.id, purpose=REMINDER, locale=locale, content_id=content.id
                )
            )
        await self.repo.session.flush()

    async def _plan_reminders(self, event: Event, now: datetime) -> None:
        await self.repo.session.execute(
            delete(EventReminder).where(
                EventReminder.event_id == event.id,
                EventReminder.status == ReminderStatus.PENDING,
            )
        )
        for minutes in event.reminder_minutes or ():
            due = event.starts_at - timedelta(minutes=int(minutes))
            if _in_time(event.starts_at, int(minutes), now):
                self.repo.session.add(
                    EventReminder(
                        event_id=event.id,
                        minutes_before=int(minutes),
                        due_at=due,
                        status=ReminderStatus.PENDING,
                    )
                )
        await self.repo.session.flush()

    # --- answers and files --------------------------------------------------------------

    async def answer(self, member: MemberInfo | None, event_id: int, coming: bool) -> EventInfo:
        if member is None:
            raise NotAllowed("error-not-allowed")
        event = await self._visible(member, event_id)
        self._open(event)
        row = await self.repo.session.get(EventAnswer, (event_id, member.id))
        now = self.clock.now()
        if row is None:
            self.repo.session.add(
                EventAnswer(event_id=event_id, member_id=member.id, coming=coming, answered_at=now)
            )
        else:
            row.coming = coming
            row.answered_at = now
        await self.repo.session.flush()
        return EventInfo.of(event)

    async def ics(self, member: MemberInfo | None, event_id: int) -> tuple[str, bytes]:
        event = await self._visible(member, event_id)
        calendar = Calendar()
        calendar.add("prodid", "-//shmo-bot//events//RU")
        calendar.add("version", "2.0")
        item = IcsEvent()
        item.add("uid", f"event-{event.id}@shmo-bot")
        item.add("dtstamp", self.clock.now())
        item.add("summary", event.title)
        if event.all_day:
            start = event.starts_at.astimezone(self.tz).date()
            end = (event.ends_at or event.starts_at).astimezone(self.tz)
            last = end.date() if event.ends_at else start
            item.add("dtstart", start)
            item.add(
                "dtend",
                last + timedelta(days=1)
                if last == start or end.time() != datetime.min.time()
                else last,
            )
        else:
            item.add("dtstart", event.starts_at)
            item.add("dtend", event.ends_at or event.starts_at + timedelta(hours=1))
        if event.place:
            item.add("location", event.place)
        if event.link:
            item.add("url", event.link)
        if event.description:
            item.add("description", event.description)
        if event.status is EventStatus.CANCELLED:
            item.add("status", "CANCELLED")
        calendar.add_component(item)
        return f"event-{event.id}.ics", calendar.to_ical()

    # --- browsing -----------------------------------------------------------------------

    async def upcoming(self, member: MemberInfo, today: date) -> list[EventCard]:
        now = self.clock.now()
        events = await self.repo.session.scalars(
            select(Event)
            .where(
                Event.status == EventStatus.PUBLISHED,
                func.coalesce(Event.ends_at, Event.starts_at) > now,
            )
            .order_by(Event.starts_at, Event.id)
        )
        cards = []
        for event in events:
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
        source = f"event:{event.id}"
        counts = {
            DeliveryStatus(status): int(n)
            for status, n in (
                await self.repo.session.execute(
                    select(OutboxMessage.status, func.count())
                    .where(OutboxMessage.source == source)
                    .group_by(OutboxMessage.status)
                )
            ).all()
        }
        answers = {
            bool(c): int(n)
            for c, n in (
                await self.repo.session.execute(
                    select(EventAnswer.coming, func.count())
                    .where(EventAnswer.event_id == event.id)
                    .group_by(EventAnswer.coming)
                )
            ).all()
        }
        members = int(
            await self.repo.session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.source == source, OutboxMessage.member_id.is_not(None))
            )
            or 0
        )
        rows = await self.repo.session.execute(
            select(Organisation.name, Member.full_name)
            .select_from(EventAnswer)
            .join(Member, Member.id == EventAnswer.member_id)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .where(EventAnswer.event_id == event.id, EventAnswer.coming.is_(True))
            .order_by(Organisation.name, Member.full_name)
        )
        grouped: dict[str, list[str]] = {}
        for organisation, name in rows.all():
            grouped.setdefault(organisation or "", []).append(name or "")
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
            coming_by_organisation=list(grouped.items()),
        )

    async def registration_xlsx(
        self, actor: MemberInfo | None, event_id: int, locale: str
    ) -> tuple[str, bytes]:
        event = await self._event(event_id)
        await self._may_edit(actor, event)
        t = self.translator.bind(locale)
        rows = await self.repo.session.execute(
            select(
                Member.full_name,
                Organisation.name,
                Member.role,
                EventAnswer.coming,
                EventAnswer.answered_at,
            )
            .select_from(EventAnswer)
            .join(Member, Member.id == EventAnswer.member_id)
            .outerjoin(Organisation, Organisation.id == Member.organisation_id)
            .where(EventAnswer.event_id == event.id)
            .order_by(EventAnswer.coming.desc(), Organisation.name, Member.full_name)
        )
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
            for n, (name, organisation, role, coming, _) in enumerate(rows.all(), 1)
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
        await self._prepare_reminders(EventInfo.of(event), await self._sign_up_bot(event.id))
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
        for reminder in await self.repo.session.scalars(
            select(EventReminder).where(
                EventReminder.event_id == event.id, EventReminder.status == ReminderStatus.PENDING
            )
        ):
            reminder.status = ReminderStatus.DROPPED
            reminder.outcome = "cancelled"
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
        source = f"event:{event.id}:v{event.version}"
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
                    self._recipients(event.id, locale, coming_first),
                    source=source,
                    content_id=content.id,
                    now=now,
                )
        group_content = await self._content(
            info,
            self.translator.default_locale,
            rsvp=False,
            notice=self.translator(notice_key, locale=self.translator.default_locale),
        )
        await self.repo.outbox.enqueue_chats(
            self._group_recipients(event.id), source=source, content_id=group_content.id, now=now
        )

    def _recipients(self, event_id: int, locale: str, coming: bool) -> Any:
        """Members who received the event (in ``locale``): those coming, or all the others."""
        got = select(OutboxMessage.member_id).where(
            OutboxMessage.source == f"event:{event_id}",
            OutboxMessage.member_id.is_not(None),
            OutboxMessage.status != DeliveryStatus.UNREACHABLE,
        )
        answer = (
            select(EventAnswer.coming)
            .where(EventAnswer.event_id == event_id, EventAnswer.member_id == Member.id)
            .scalar_subquery()
        )
        query = select(Member.id, Member.telegram_id, Member.is_reachable).where(
            Member.id.in_(got),
            Member.is_active.is_(True),
            Member.telegram_id.is_not(None),
            func.coalesce(Member.locale, self.translator.default_locale) == locale,
        )
        if coming:
            return query.where(answer.is_(True))
        return query.where(answer.is_(None) | answer.is_(False))

    def _group_recipients(self, event_id: int) -> Any:
        return select(ChatBinding.id, ChatBinding.chat_id).where(
            ChatBinding.is_active.is_(True),
            ChatBinding.id.in_(
                select(OutboxMessage.binding_id).where(
                    OutboxMessage.source == f"event:{event_id}",
                    OutboxMessage.binding_id.is_not(None),
                )
            ),
        )

    # --- reminders ----------------------------------------------------------------------

    async def fire_due(self, limit: int = 5000) -> int:
        """Hand every due reminder to the outbox in a few statements, however many are due.

        A reminder of a cancelled event, or one missed while the bot was down after the event
        began, is dropped with the reason; the others go to everyone who received the event
        and did not answer "not coming" (and to its groups). Each fires once.
        """
        now = self.clock.now()
        due = (
            select(EventReminder.id)
            .where(EventReminder.status == ReminderStatus.PENDING, EventReminder.due_at <= now)
            .order_by(EventReminder.due_at, EventReminder.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(await self.repo.session.scalars(due))
        if not ids:
            return 0
        for reason, condition in (
            ("cancelled", Event.status == EventStatus.CANCELLED),
            ("event began", Event.starts_at <= now),
        ):
            await self.repo.session.execute(
                update(EventReminder)
                .where(
                    EventReminder.id.in_(ids),
                    EventReminder.status == ReminderStatus.PENDING,
                    EventReminder.event_id.in_(select(Event.id).where(condition)),
                )
                .values(status=ReminderStatus.DROPPED, outcome=reason)
                .execution_options(synchronize_session=False)
            )
        firing = (
            select(EventReminder.id, EventReminder.event_id)
            .where(EventReminder.id.in_(ids), EventReminder.status == ReminderStatus.PENDING)
            .subquery()
        )
        source = (
            literal("event:")
            + cast(firing.c.event_id, String())
            + literal(":r")
            + cast(firing.c.id, String())
        )
        publication = OutboxMessage.__table__.alias("publication")
        answer = (
            select(EventAnswer.coming)
            .where(EventAnswer.event_id == firing.c.event_id, EventAnswer.member_id == Member.id)
            .scalar_subquery()
        )
        members = (
            select(
                source,
                literal(None, Integer()),
                EventContent.content_id,
                Member.telegram_id,
                Member.id,
                case(
                    (
                        Member.is_reachable.is_(True),
                        literal(DeliveryStatus.PENDING.value, String()),
                    ),
                    else_=literal(DeliveryStatus.UNREACHABLE.value, String()),
                ),
                literal(0, Integer()),
                literal(now, UTCDateTime()),
                literal(now, UTCDateTime()),
                literal(None, Integer()),
            )
            .select_from(firing)
            .join(publication, publication.c.event_id == firing.c.event_id)
            .join(Member, Member.id == publication.c.member_id)
            .join(
                EventContent,
                and_(
                    EventContent.event_id == firing.c.event_id,
                    EventContent.purpose == REMINDER,
                    EventContent.locale
                    == func.coalesce(Member.locale, self.translator.default_locale),
                ),
            )
            .where(
                publication.c.status != DeliveryStatus.UNREACHABLE.value,
                Member.is_active.is_(True),
                Member.telegram_id.is_not(None),
                answer.is_(None) | answer.is_(True),
            )
        )
        groups = (
            select(
                source,
                literal(None, Integer()),
                EventContent.content_id,
                ChatBinding.chat_id,
                ChatBinding.id,
                literal(DeliveryStatus.PENDING.value, String()),
                literal(0, Integer()),
                literal(now, UTCDateTime()),
                literal(now, UTCDateTime()),
                literal(None, Integer()),
            )
            .select_from(firing)
            .join(publication, publication.c.event_id == firing.c.event_id)
            .join(ChatBinding, ChatBinding.id == publication.c.binding_id)
            .join(
                EventContent,
                and_(
                    EventContent.event_id == firing.c.event_id,
                    EventContent.purpose == REMINDER,
                    EventContent.locale == GROUP,
                ),
            )
            .where(ChatBinding.is_active.is_(True))
        )
        await self.repo.outbox.insert_rows(members, with_member=True)
        await self.repo.outbox.insert_rows(groups, with_member=False)
        result = await self.repo.session.execute(
            update(EventReminder)
            .where(EventReminder.id.in_(ids), EventReminder.status == ReminderStatus.PENDING)
            .values(status=ReminderStatus.FIRED, fired_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def next_reminder_at(self) -> datetime | None:
        return await self.repo.session.scalar(
            select(func.min(EventReminder.due_at)).where(
                EventReminder.status == ReminderStatus.PENDING
            )
        )

    # --- helpers ------------------------------------------------------------------------

    async def _sign_up_bot(self, event_id: int) -> str | None:
        """The bot's username, read back from the sign-up link of the publication."""
        content_id = await self.repo.session.scalar(
            select(OutboxMessage.content_id)
            .where(OutboxMessage.event_id == event_id, OutboxMessage.binding_id.is_not(None))
            .limit(1)
        )
        content = await self.repo.session.get(Content, content_id) if content_id else None
        for row in (content.buttons if content else None) or []:
            for button in row:
                match = re.search(r"t\.me/([A-Za-z0-9_]+)\?start=", button.get("url", ""))
                if match:
                    return match.group(1)
        return None

    async def _event(self, event_id: int) -> Event:
        event = await self.repo.session.get(Event, event_id)
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
        sent_to = select(OutboxMessage.id).where(
            OutboxMessage.event_id == event.id, OutboxMessage.member_id == member.id
        )
        if await self.repo.session.scalar(sent_to.limit(1)) is not None:
            return event
        groups = (
            select(OutboxMessage.id)
            .join(ChatBinding, ChatBinding.id == OutboxMessage.binding_id)
            .where(OutboxMessage.event_id == event.id, _group_stands_for(member))
        )
        if await self.repo.session.scalar(groups.limit(1)) is not None:
            return event
        raise NotFound()

    async def _in_audience(self, member: MemberInfo, event: Event, today: date) -> bool:
        """The organiser, or one of the event's audience as it stands today (one row asked)."""
        if event.author_id == member.id:
            return True
        audience = Audience.from_json(event.audience)
        mine = await self.repo.session.scalar(
            select(Member.id).where(Member.id == member.id, reachable_members(audience, today))
        )
        return mine is not None

    def _open(self, event: Event) -> None:
        if event.status is EventStatus.CANCELLED:
            raise DomainError("event-error-cancelled", title=escape(event.title))
        if event.starts_at <= self.clock.now():
            raise DomainError("event-error-started", title=escape(event.title))

    async def _answer_of(self, event_id: int, member_id: int) -> bool | None:
        row = await self.repo.session.get(EventAnswer, (event_id, member_id))
        return None if row is None else row.coming

    async def meeting_audience(self, association_id: int) -> Audience:
        """Whom a head's meeting reaches: the members of its association and the groups
        bound to that association."""
        groups = tuple(
            row.id
            for row in await self.repo.bindings.active()
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


def _group_stands_for(member: MemberInfo) -> Any:
    """The condition on ``chat_bindings`` for a group that stands for ``member``: its
    organisation's, an association's it belongs to, or a heads' group of what it heads."""
    heads = select(AssociationMembership.association_id).where(
        AssociationMembership.member_id == member.id, AssociationMembership.is_head.is_(True)
    )
    belongs = select(AssociationMembership.association_id).where(
        AssociationMembership.member_id == member.id
    )
    headed_levels = select(Association.level).where(Association.id.in_(heads))
    return or_(
        and_(
            ChatBinding.kind == BindingKind.ORGANISATION,
            ChatBinding.organisation_id.is_not(None),
            ChatBinding.organisation_id == member.organisation_id,
        ),
        and_(ChatBinding.kind == BindingKind.ASSOCIATION, ChatBinding.association_id.in_(belongs)),
        and_(ChatBinding.kind == BindingKind.HEADS_ALL, heads.exists()),
        and_(ChatBinding.kind == BindingKind.HEADS_LEVEL, ChatBinding.level.in_(headed_levels)),
    )
