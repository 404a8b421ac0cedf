"""The methodical year: its meeting plan (per level, overridden per association), the
deadlines it sets (each planned meeting and each of the year's documents owed by every
association it concerns, through the deadlines capability), the heads confirmed for the year
with the history of who headed when, and each association's «методическая тема».

Setting the year up is idempotent: a duty's deadline is created once (``YearDuty.key``);
a second run adds the associations a changed plan brings in and drops those it no longer
names (unless they handed in). Deadlines already due are not created. They are not
announced one by one: their reminders speak (like a roadmap's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import Any

from sqlalchemy import select

from bot.clock import Clock
from bot.i18n import Translator
from bot.services.access import require_methodologist, scope_of
from bot.services.audience import Audience, Where
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.minutes.rules import (
    DEFAULT_MONTHS,
    DOCUMENTS,
    LEVELS,
    MEETING,
    MEETING_DUTY,
    THEME_LIMIT,
    YEAR_MONTHS,
    Document,
    academic_year,
    month_day,
    ordered,
    year_label,
)
from bot.services.people import MemberInfo, local_today
from bot.storage.minutes import AssociationRow
from bot.storage.models import (
    Association,
    AssociationLevel,
    DeadlineUnit,
    HeadTerm,
    Role,
    YearDuty,
)
from bot.storage.repositories import Repo

END_OF_DAY = time(23, 59)


@dataclass(frozen=True, slots=True)
class LevelPlan:
    level: AssociationLevel
    months: tuple[int, ...]
    default: bool  # the level's defaults, never changed


@dataclass(frozen=True, slots=True)
class Override:
    association_id: int
    name: str
    organisation: str | None
    level: AssociationLevel
    months: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class YearPlan:
    year: int
    levels: tuple[LevelPlan, ...]
    overrides: tuple[Override, ...]
    duties: int  # deadlines the year has set so far


@dataclass(frozen=True, slots=True)
class SetUp:
    """What setting the year up did: deadlines created, units added and dropped, and the
    planned months skipped because they are past."""

    created: int
    added: int
    dropped: int
    past: int


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    since: datetime
    until: datetime | None
    confirmed: bool


def scope_key(level: AssociationLevel | None = None, association_id: int | None = None) -> str:
    return f"a{association_id}" if association_id is not None else str(level)


def duty_key(year: int, kind: str, month: int, level: AssociationLevel | None = None) -> str:
    return f"{year}:{kind}:{level or 'all'}:{month}"


class YearService:
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

    @property
    def current(self) -> int:
        """The academic year of today."""
        return academic_year(local_today(self.clock.now(), self.tz))

    def check_year(self, year: int) -> int:
        """A year near this one (the registry's navigation): two back, one ahead."""
        if not self.current - 10 <= year <= self.current + 1:
            raise DomainError("minutes-error-year", year=year_label(year))
        return year

    # --- the plan -----------------------------------------------------------------------

    async def months_by_scope(self, year: int) -> dict[str, tuple[int, ...]]:
        return {
            p.scope: tuple(ordered(p.months or [])) for p in await self.repo.minutes.plans(year)
        }

    async def effective(
        self, year: int, associations: list[AssociationRow]
    ) -> dict[int, tuple[int, ...]]:
        """The planned months of each association: its own, else its level's, else the
        level's defaults."""
        scopes = await self.months_by_scope(year)
        out: dict[int, tuple[int, ...]] = {}
        for a in associations:
            own = scopes.get(scope_key(association_id=a.id))
            level = scopes.get(scope_key(a.level), DEFAULT_MONTHS[a.level])
            out[a.id] = own if own is not None else level
        return out

    async def plan(self, actor: MemberInfo | None, year: int) -> YearPlan:
        require_methodologist(actor)
        self.check_year(year)
        scopes = await self.months_by_scope(year)
        levels = tuple(
            LevelPlan(
                level,
                scopes.get(scope_key(level), DEFAULT_MONTHS[level]),
                scope_key(level) not in scopes,
            )
            for level in LEVELS
        )
        own = {int(k[1:]): v for k, v in scopes.items() if k.startswith("a")}
        rows = await self.repo.minutes.associations(list(own))
        overrides = tuple(Override(a.id, a.name, a.organisation, a.level, own[a.id]) for a in rows)
        duties = len([d for d, dl in await self.repo.minutes.duties(year) if dl is not None])
        return YearPlan(year, levels, overrides, duties)

    @staticmethod
    def check_months(months: tuple[int, ...] | list[int]) -> list[int]:
        if any(m not in YEAR_MONTHS for m in months):
            raise DomainError("minutes-error-months")
        return ordered(months)

    async def set_level(
        self, actor: MemberInfo | None, year: int, level: AssociationLevel, months: list[int]
    ) -> None:
        """A level's planned months for the year (an empty plan: no meetings planned)."""
        who = require_methodologist(actor)
        self.check_year(year)
        await self.repo.minutes.save_plan(
            year,
            scope_key(level),
            level=level,
            association_id=None,
            months=self.check_months(months),
            member_id=who.id,
            now=self.clock.now(),
        )

    async def set_association(
        self, actor: MemberInfo | None, year: int, association_id: int, months: list[int] | None
    ) -> AssociationRow:
        """An association's own months (None: back to its level's)."""
        who = require_methodologist(actor)
        self.check_year(year)
        association = await self.repo.minutes.association(association_id)
        if association is None:
            raise NotFound("minutes-error-association-gone")
        await self.repo.minutes.save_plan(
            year,
            scope_key(association_id=association_id),
            level=None,
            association_id=association_id,
            months=None if months is None else self.check_months(months),
            member_id=who.id,
            now=self.clock.now(),
        )
        return association

    async def association_plan(
        self, actor: MemberInfo | None, year: int, association_id: int
    ) -> tuple[tuple[int, ...], bool]:
        """An association's planned months and whether they are its own (not its level's)."""
        require_methodologist(actor)
        association = await self.repo.minutes.association(association_id)
        if association is None:
            raise NotFound("minutes-error-association-gone")
        scopes = await self.months_by_scope(year)
        own = scopes.get(scope_key(association_id=association_id))
        if own is not None:
            return own, True
        return scopes.get(scope_key(association.level), DEFAULT_MONTHS[association.level]), False

    # --- the year's deadlines -----------------------------------------------------------

    def _due(self, year: int, month: int) -> datetime:
        local = datetime.combine(month_day(year, month), END_OF_DAY).replace(tzinfo=self.tz)
        return local.astimezone(self.clock.now().tzinfo)

    def _title(self, kind: str, year: int, month: int, level: AssociationLevel | None) -> str:
        t = self.translator.bind(self.translator.default_locale)
        if kind == MEETING:
            assert level is not None
            return t(
                "minutes-duty-meeting",
                level=t(f"minutes-level-{level.value}"),
                month=t(f"minutes-month-{month}"),
                year=year_label(year),
            )
        return t(f"minutes-duty-{kind}", month=t(f"minutes-month-{month}"), year=year_label(year))

    async def set_up(self, actor: MemberInfo | None, year: int) -> SetUp:
        """Create (or bring up to date) the year's deadlines: each planned meeting of each
        level, owed by the associations whose plan names its month; each document of the
        year. Months already past are left out."""
        require_methodologist(actor)
        self.check_year(year)
        created = added = dropped = past = 0
        now = self.clock.now()
        every = await self.repo.minutes.associations()
        plans = await self.effective(year, every)
        for level in LEVELS:
            ours = [a for a in every if a.level is level]
            months = {m for a in ours for m in plans[a.id]}
            for month in ordered(list(months)):
                ids = [a.id for a in ours if month in plans[a.id]]
                outcome = await self._duty(year, MEETING, month, level, ids, MEETING_DUTY, now)
                created, added, dropped, past = (
                    created + outcome[0],
                    added + outcome[1],
                    dropped + outcome[2],
                    past + outcome[3],
                )
        for document in DOCUMENTS:
            ids = [a.id for a in every if a.level in document.levels]
            for month in document.months:
                outcome = await self._duty(year, document.kind, month, None, ids, document, now)
                created, added, dropped, past = (
                    created + outcome[0],
                    added + outcome[1],
                    dropped + outcome[2],
                    past + outcome[3],
                )
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id if actor else None,
            action="minutes.year_set_up",
            object_type="year",
            object_id=year,
            details={"created": created, "added": added, "dropped": dropped},
        )
        return SetUp(created, added, dropped, past)

    async def _duty(
        self,
        year: int,
        kind: str,
        month: int,
        level: AssociationLevel | None,
        association_ids: list[int],
        document: Document,
        now: datetime,
    ) -> tuple[int, int, int, int]:
        """One duty's deadline: created, or its units brought up to date. (created, added,
        dropped, past)."""
        key = duty_key(year, kind, month, level)
        duty = await self.repo.minutes.duty_by_key(key)
        due = self._due(year, month)
        if duty is not None and duty.deadline_id is not None:
            if due <= now:
                return 0, 0, 0, 0
            assigned = await self.repo.minutes.assigned(duty.deadline_id)
            gone = [u for u in assigned if u not in set(association_ids)]
            added = await self.repo.deadlines.assign_more(duty.deadline_id, _units(association_ids))
            dropped = await self.repo.deadlines.unassign_owed(duty.deadline_id, gone)
            return 0, added, dropped, 0
        if due <= now:
            return 0, 0, 0, 1
        if not association_ids:
            return 0, 0, 0, 0
        draft = DeadlineDraft(
            title=self._title(kind, year, month, level),
            kind=document.deliverable,
            unit=DeadlineUnit.ASSOCIATION,
            due_at=due,
            audience=Audience(where=Where.ASSOCIATIONS, associations=tuple(association_ids)),
        )
        info = await self.deadlines.create_as_system(draft, announce=False)
        if duty is None:
            await self.repo.minutes.add_duty(
                YearDuty(
                    key=key,
                    year=year,
                    kind=kind,
                    month=month,
                    level=level,
                    deadline_id=info.id,
                    created_at=now,
                )
            )
        else:
            duty.deadline_id = info.id
            await self.repo.minutes.flush()
        return 1, 0, 0, 0

    # --- heads of the year --------------------------------------------------------------

    async def sync_heads(self, year: int) -> None:
        await sync_heads(self.repo, year, self.clock.now())

    async def confirm_heads(self, actor: MemberInfo | None, year: int) -> int:
        """The methodologist confirms the year's heads (in August): the current heads' terms
        are marked confirmed. How many heads."""
        who = require_methodologist(actor)
        self.check_year(year)
        await self.sync_heads(year)
        now = self.clock.now()
        confirmed = 0
        for term in await self.repo.minutes.open_terms(year):
            if term.confirmed_at is None:
                term.confirmed_at = now
            confirmed += 1
        await self.repo.minutes.flush()
        await self.repo.audit.add(
            at=now,
            actor_id=who.id,
            action="minutes.heads_confirmed",
            object_type="year",
            object_id=year,
            details={"heads": confirmed},
        )
        return confirmed

    async def terms(self, year: int, association_id: int) -> list[Term]:
        rows = await self.repo.minutes.terms(year, [association_id])
        return [Term(name, t.since, t.until, t.confirmed_at is not None) for t, name in rows]

    # --- the methodical topic -----------------------------------------------------------

    async def _may_set_topic(self, actor: MemberInfo | None, association_id: int) -> AssociationRow:
        if actor is None:
            raise NotAllowed("minutes-error-not-head")
        association = await self.repo.minutes.association(association_id)
        if association is None:
            raise NotFound("minutes-error-association-gone")
        if actor.role is Role.METHODOLOGIST:
            return association
        if actor.role is Role.COORDINATOR and association.organisation_id == scope_of(actor):
            return association
        if association_id in {a.id for a in await self.repo.minutes.headed(actor.id)}:
            return association
        raise NotAllowed("minutes-error-not-your-association")

    async def set_topic(
        self, actor: MemberInfo | None, association_id: int, year: int, text: str | None
    ) -> str:
        """The association's «методическая тема» for the year."""
        await self._may_set_topic(actor, association_id)
        assert actor is not None
        topic = " ".join((text or "").split())
        if not topic:
            raise DomainError("minutes-error-theme-empty")
        if len(topic) > THEME_LIMIT:
            raise DomainError("minutes-error-theme-too-long", limit=THEME_LIMIT, length=len(topic))
        now = self.clock.now()
        await self.repo.minutes.set_topic(association_id, year, topic, actor.id, now)
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="minutes.topic_set",
            object_type="association",
            object_id=association_id,
            details={"year": year},
        )
        return topic

    async def topic(self, association_id: int, year: int) -> str | None:
        row = await self.repo.minutes.topic(association_id, year)
        return row.topic if row else None


async def sync_heads(repo: Repo, year: int, now: datetime) -> None:
    """The year's terms follow who heads each association now: a new head's term begins,
    a former head's ends (the history stays). Called when a head is set or cleared, when
    minutes come and when the heads are confirmed."""
    current = set(await repo.minutes.all_heads())
    held = set()
    for term in await repo.minutes.open_terms(year):
        pair = (term.association_id, term.member_id)
        if pair in current:
            held.add(pair)
        else:
            term.until = now
    for association_id, member_id in sorted(current - held):
        await repo.minutes.add_term(
            HeadTerm(
                association_id=association_id,
                member_id=member_id,
                year=year,
                since=now,
                until=None,
                confirmed_at=None,
            )
        )
    await repo.minutes.flush()


def _units(association_ids: list[int]) -> Any:
    """Associations as deadline units (``unit_id``, ``organisation_id``)."""
    return select(
        Association.id.label("unit_id"), Association.organisation_id.label("organisation_id")
    ).where(Association.id.in_(association_ids or [-1]))


__all__ = ["SetUp", "Term", "YearPlan", "YearService", "duty_key", "scope_key", "sync_heads"]
