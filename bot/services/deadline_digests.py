"""What the deadlines say on their own, by the clock: escalation of late units, the
methodologists' morning summary and the bound groups' weekly digest.

* **Escalation.** A unit still owing an open deadline ``escalation_days`` after its due time
  is reported once (``escalated_at``; handing it back clears that, so a returned unit may be
  reported again): a person's and an association's to the coordinators of their
  organisation, an organisation's to the deadline's author (its coordinator is the one who
  is late); with no organisation or no coordinator there, to the author. Each recipient gets
  one message per run listing the newly late units of each deadline.
* **Morning summary** (working days, Monday to Friday): to each methodologist, what fell due
  since the previous working day (yesterday; Friday to Sunday on a Monday) and is still owed,
  and what is due from today to Sunday, each with its coverage. Nothing on a quiet day. Its
  outbox source is keyed by the day, so a restart or a catch-up never sends it twice.
* **Weekly digest**: to each active bound group, the events of the week (published, starting
  in the seven days from the digest's day, sent to that group or meant for what the group
  stands for) and the deadlines due in the next 14 days whose audience concerns the group,
  with coverage so far. Nothing to a group with nothing to say; keyed by the ISO week.

The texts are HTML; long lists are cut to fit one message with «…и ещё N».
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from html import escape
from typing import Any

from sqlalchemy import func

from bot.clock import Clock
from bot.delivery.actions import Action, button
from bot.i18n import BoundTranslator, Translator
from bot.services.audience import Audience, Groups, binding_select
from bot.services.events import TEXT_LIMIT, format_period, message_length
from bot.storage.deadlines import KIND
from bot.storage.digests import LateUnit, Recipient
from bot.storage.models import Deadline, DeadlineUnit, Member, UnitStatus
from bot.storage.outbox import Personal
from bot.storage.repositories import Repo

ESCALATION = f"{KIND}:esc"
SUMMARY = f"{KIND}:summary"
DIGEST = "digest"
DIGEST_DAYS = 14
# What one message may hold at most, whatever its length.
NAMES_PER_DEADLINE = 20
BUTTONS = 8
TITLE_CUT = 80
# Room kept under Telegram's limit for the «…и ещё N» line.
RESERVE = 120


@dataclass(frozen=True, slots=True)
class Coverage:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def summary_source(day: date) -> str:
    return f"{SUMMARY}:{day.isoformat()}"


def digest_source(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{DIGEST}:{year}-W{week:02d}"


def previous_working_day(day: date) -> date:
    back = 3 if day.weekday() == 0 else 2 if day.weekday() == 6 else 1
    return day - timedelta(days=back)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def _cut(title: str) -> str:
    return title if len(title) <= TITLE_CUT else title[: TITLE_CUT - 1].rstrip() + "…"


def fit(head: str, blocks: Sequence[str], more: Callable[[int], str]) -> str:
    """``head`` and as many blocks as fit one message, then «…и ещё N» for the rest."""
    text = head
    for shown, block in enumerate(blocks):
        candidate = text + "\n" + block
        if message_length(candidate) > TEXT_LIMIT - RESERVE:
            return text + "\n" + more(len(blocks) - shown)
        text = candidate
    return text


class DeadlineDigestService:
    def __init__(
        self,
        repo: Repo,
        clock: Clock,
        translator: Translator,
        tz: tzinfo,
        *,
        escalation_days: int = 3,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz
        self.escalation_days = escalation_days

    def _start_of(self, day: date) -> datetime:
        """Local midnight of ``day`` as a UTC moment."""
        local = datetime.combine(day, time(0, 0)).replace(tzinfo=self.tz)
        return local.astimezone(self.clock.now().tzinfo)

    def _due(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%d.%m.%Y %H:%M")

    async def _coverage(self, deadline_ids: Sequence[int]) -> dict[int, Coverage]:
        counts = await self.repo.deadlines.counts(deadline_ids)
        return {
            d: Coverage(
                counts.get(d, {}).get(UnitStatus.SUBMITTED, 0), sum(counts.get(d, {}).values())
            )
            for d in deadline_ids
        }

    # --- escalation -------------------------------------------------------------------------

    async def escalate(self) -> int:
        """Report the units late ``escalation_days`` after the due time, each once. How many
        messages were queued."""
        now = self.clock.now()
        late = await self.repo.digests.late_units(now - timedelta(days=self.escalation_days))
        if not late:
            return 0
        coordinators = await self.repo.digests.coordinators(
            u.organisation_id
            for u in late
            if u.organisation_id is not None and u.unit is not DeadlineUnit.ORGANISATION
        )
        authors = await self.repo.digests.recipients(
            u.author_id for u in late if u.author_id is not None
        )
        routed: dict[int, dict[int, list[LateUnit]]] = {}
        people: dict[int, Recipient] = {}
        marked: dict[int, list[int]] = {}
        for unit in late:
            marked.setdefault(unit.deadline_id, []).append(unit.unit_id)
            for recipient in self._route(unit, coordinators, authors):
                people[recipient.member_id] = recipient
                routed.setdefault(recipient.member_id, {}).setdefault(unit.deadline_id, []).append(
                    unit
                )
        source = f"{ESCALATION}:{now:%Y%m%dT%H%M%S}"
        messages: list[Personal] = []
        for member_id, by_deadline in routed.items():
            recipient = people[member_id]
            t = self.translator.bind(self.translator.resolve_locale(recipient.locale))
            text = self._escalation_text(t, list(by_deadline.values()))
            buttons = [
                [
                    button(
                        t("digest-button-status", title=_cut(units[0].title)),
                        Action.DEADLINE_STATUS,
                        d,
                    )
                ]
                for d, units in list(by_deadline.items())[:BUTTONS]
            ]
            messages.append(Personal(recipient.chat_id, recipient.member_id, text, buttons))
        queued = await self.repo.outbox.enqueue_each(
            source=source, messages=messages, now=now, source_kind=KIND
        )
        await self.repo.digests.mark_escalated(marked, now)
        return queued

    @staticmethod
    def _route(
        unit: LateUnit,
        coordinators: dict[int, list[Recipient]],
        authors: dict[int, Recipient],
    ) -> list[Recipient]:
        """Who hears of a late unit: the coordinators of its organisation (not the late
        person itself); an organisation's, or with nobody there, the deadline's author."""
        if unit.unit is not DeadlineUnit.ORGANISATION and unit.organisation_id is not None:
            found = [
                c
                for c in coordinators.get(unit.organisation_id, [])
                if not (unit.unit is DeadlineUnit.PERSON and c.member_id == unit.unit_id)
            ]
            if found:
                return found
        author = authors.get(unit.author_id) if unit.author_id is not None else None
        return [author] if author is not None else []

    def _escalation_text(self, t: BoundTranslator, deadlines: list[list[LateUnit]]) -> str:
        blocks = []
        for units in deadlines:
            first = units[0]
            lines = [
                t(
                    "digest-escalation-deadline",
                    title=escape(first.title),
                    due=self._due(first.due_at),
                    count=len(units),
                )
            ]
            lines += [
                t("digest-escalation-unit", name=escape(u.name)) for u in units[:NAMES_PER_DEADLINE]
            ]
            if len(units) > NAMES_PER_DEADLINE:
                lines.append(t("digest-more", count=len(units) - NAMES_PER_DEADLINE))
            blocks.append("\n" + "\n".join(lines))
        return fit(
            t("digest-escalation-heading", days=self.escalation_days),
            blocks,
            lambda n: "\n" + t("digest-more-deadlines", count=n),
        )

    # --- the morning summary ----------------------------------------------------------------

    async def morning_summary(self, today: date) -> int:
        """The methodologists' summary of ``today`` (a working day), once. How many messages
        were queued."""
        if not is_working_day(today):
            return 0
        source = summary_source(today)
        if await self.repo.digests.has_source(source):
            return 0
        now = self.clock.now()
        since = previous_working_day(today)
        fell_due = await self.repo.deadlines.due_between(
            self._start_of(since), self._start_of(today)
        )
        week_end = today + timedelta(days=7 - today.weekday())
        this_week = await self.repo.deadlines.due_between(
            self._start_of(today), self._start_of(week_end)
        )
        coverage = await self._coverage([d.id for d in (*fell_due, *this_week)])
        overdue = [d for d in fell_due if coverage[d.id].done < coverage[d.id].total]
        if not overdue and not this_week:
            return 0
        locale_of = func.coalesce(Member.locale, self.translator.default_locale)
        queued = 0
        for locale in self.translator.locales:
            t = self.translator.bind(locale)
            text = self._summary_text(t, today, since, overdue, this_week, coverage)
            listed = [*overdue, *this_week][:BUTTONS]
            buttons = [
                [
                    button(
                        t("digest-button-status", title=_cut(d.title)), Action.DEADLINE_STATUS, d.id
                    )
                ]
                for d in listed
            ]
            content = await self.repo.outbox.add_content(
                kind="text", text=text, buttons=buttons, now=now
            )
            queued += await self.repo.outbox.enqueue_members(
                self.repo.digests.methodologists(locale_of, locale, source),
                source=source,
                content_id=content.id,
                now=now,
            )
        return queued

    def _line(self, t: BoundTranslator, deadline: Deadline, coverage: Coverage) -> str:
        return t(
            "digest-deadline-line",
            due=self._due(deadline.due_at),
            title=escape(_cut(deadline.title)),
            done=coverage.done,
            total=coverage.total,
            percent=coverage.percent,
        )

    def _summary_text(
        self,
        t: BoundTranslator,
        today: date,
        since: date,
        overdue: list[Deadline],
        this_week: list[Deadline],
        coverage: dict[int, Coverage],
    ) -> str:
        blocks: list[str] = []
        if overdue:
            days = (today - since).days
            blocks.append(
                "\n" + t("digest-summary-overdue", days=days, since=since.strftime("%d.%m"))
            )
            blocks += [self._line(t, d, coverage[d.id]) for d in overdue]
        if this_week:
            blocks.append("\n" + t("digest-summary-week"))
            blocks += [self._line(t, d, coverage[d.id]) for d in this_week]
        return fit(
            t("digest-summary-heading", date=today.strftime("%d.%m.%Y")),
            blocks,
            lambda n: t("digest-more", count=n),
        )

    # --- the groups' weekly digest ----------------------------------------------------------

    async def _groups_of(self, audience_json: dict[str, Any]) -> set[int]:
        """The groups an audience concerns: those matching its *where* (bound groups of its
        organisations and associations; every group for the whole municipality), and the
        groups it chose."""
        audience = Audience.from_json(audience_json or {})
        found = await self.repo.digests.binding_ids(
            binding_select(replace(audience, groups=Groups.ALL))
        )
        if audience.groups is Groups.CHOSEN:
            found |= await self.repo.digests.binding_ids(binding_select(audience))
        return found

    async def group_digests(self, day: date) -> int:
        """The weekly digest of the week of ``day`` (the digest's day), once per group. How
        many groups got one."""
        source = digest_source(day)
        done = await self.repo.digests.chats_with(source)
        groups = [g for g in await self.repo.digests.groups() if g.chat_id not in done]
        if not groups:
            return 0
        now = self.clock.now()
        events = await self.repo.digests.events_starting(
            max(now, self._start_of(day)), self._start_of(day + timedelta(days=7))
        )
        sent_to = await self.repo.digests.event_groups([e.id for e in events])
        event_groups = {
            e.id: await self._groups_of(e.audience) | sent_to.get(e.id, set()) for e in events
        }
        deadlines = await self.repo.deadlines.due_between(now, now + timedelta(days=DIGEST_DAYS))
        deadline_groups = {d.id: await self._groups_of(d.audience) for d in deadlines}
        coverage = await self._coverage([d.id for d in deadlines])
        t = self.translator.bind(self.translator.default_locale)
        posted = 0
        for group in groups:
            mine_events = [e for e in events if group.binding_id in event_groups[e.id]]
            mine_deadlines = [d for d in deadlines if group.binding_id in deadline_groups[d.id]]
            if not mine_events and not mine_deadlines:
                continue
            blocks: list[str] = []
            if mine_events:
                blocks.append("\n" + t("digest-week-events"))
                blocks += [
                    t(
                        "digest-week-event",
                        when=format_period(e.starts_at, e.ends_at, e.all_day, self.tz),
                        title=escape(_cut(e.title)),
                    )
                    for e in mine_events
                ]
            if mine_deadlines:
                blocks.append("\n" + t("digest-week-deadlines", days=DIGEST_DAYS))
                blocks += [self._line(t, d, coverage[d.id]) for d in mine_deadlines]
            text = fit(
                t(
                    "digest-week-heading",
                    start=day.strftime("%d.%m"),
                    end=(day + timedelta(days=6)).strftime("%d.%m.%Y"),
                ),
                blocks,
                lambda n: t("digest-more", count=n),
            )
            content = await self.repo.outbox.add_content(kind="text", text=text, now=now)
            posted += await self.repo.outbox.enqueue_chats(
                self.repo.digests.group(group.binding_id),
                source=source,
                content_id=content.id,
                now=now,
            )
        return posted
