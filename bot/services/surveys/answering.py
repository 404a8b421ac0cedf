"""Answering a survey in the chat: one respondent unit, one question at a time.

A survey is a deadline per respondent: the person opens it through the deadline (the units
they act for), answers are kept as progress (so they can stop and resume, also after a
restart) and handed in once. Every call names the question on screen by its place in the
template; a call about another question (an old button, a previous survey) is refused and
changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, tzinfo
from typing import Any

from bot.clock import Clock
from bot.i18n import Translator
from bot.services.deadline_reports import safe_name
from bot.services.deadlines import DeadlineService
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.events import EventCard, EventService
from bot.services.exports.docx import ROUTE_TEMPLATE, render_docx
from bot.services.people import MemberInfo, local_today
from bot.services.surveys.answers import (
    choose,
    counted,
    first_unanswered,
    is_answered,
    missing,
    needs_other,
    next_question,
    parse_text,
    previous_question,
    prune,
    set_other,
    visible,
)
from bot.services.surveys.model import Measure, Question, QuestionType, Template
from bot.storage.models import (
    DeadlineUnit,
    Role,
    Survey,
    SurveyProgress,
    SurveyStatus,
    UnitStatus,
)
from bot.storage.repositories import Repo

# Kept among the answers while a question is changed from the review: go back there after.
_FROM_REVIEW = "_review"
STRENGTH_SHOWN = 4  # a strength rated this or higher is named in the profile
DIFFICULT_SHOWN = 3  # at most this many areas of difficulty are named
DIFFICULT_FROM = 3  # rated this or higher
EVENTS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Screen:
    """Where a respondent stands: the question on screen (None: the review of all answers)."""

    survey_id: int
    deadline_id: int
    title: str
    anonymous: bool
    template: Template
    unit_id: int
    answers: dict[str, Any]
    question: Question | None
    fresh: bool = False  # just begun: the intro (and the consent) come first

    @property
    def index(self) -> int:
        """The place of the question on screen in the template; the review is after the last."""
        if self.question is None:
            return len(self.template.questions)
        return self.template.index(self.question.id)

    @property
    def shown(self) -> list[Question]:
        return visible(self.template, self.answers)

    @property
    def number(self) -> int:
        """«Вопрос N из M»: N (1-based among the visible questions)."""
        shown = [q.id for q in self.shown]
        if self.question is None or self.question.id not in shown:
            return len(shown)
        return shown.index(self.question.id) + 1

    @property
    def value(self) -> Any:
        return None if self.question is None else self.answers.get(self.question.id)

    @property
    def wants_other(self) -> bool:
        """«Другое» is chosen and its text is awaited."""
        return self.question is not None and needs_other(self.question, self.value)


@dataclass(frozen=True, slots=True)
class Profile:
    """A teacher's own profile after the diagnostics."""

    difficult: tuple[str, ...]  # areas, the hardest first
    strong: tuple[str, ...]


@dataclass(slots=True)
class _At:
    """A unit's place in a survey while a press is handled: its progress row, and the answers
    as they are being changed."""

    survey: Survey
    template: Template
    progress: SurveyProgress
    answers: dict[str, Any]

    @property
    def position(self) -> str | None:
        return self.progress.position

    @property
    def unit_id(self) -> int:
        return self.progress.unit_id


@dataclass(frozen=True, slots=True)
class Route:
    """A teacher's route as a file."""

    name: str
    file_name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class Submitted:
    survey_id: int
    title: str
    profile: Profile | None  # a named survey with competence areas


class SurveyAnswering:
    def __init__(
        self,
        repo: Repo,
        clock: Clock,
        translator: Translator,
        tz: tzinfo,
        deadlines: DeadlineService,
        events: EventService,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz
        self.deadlines = deadlines
        self.events = events

    # --- checks ---------------------------------------------------------------------------

    def _check_open(self, survey: Survey) -> None:
        now = self.clock.now()
        if now < survey.opens_at:
            raise DomainError(
                "survey-error-not-open-yet", title=survey.title, opens=self._when(survey.opens_at)
            )
        if survey.status is SurveyStatus.CLOSED or now >= survey.closes_at:
            raise DomainError(
                "survey-error-closed", title=survey.title, closed=self._when(survey.closes_at)
            )

    def _when(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%d.%m.%Y %H:%M")

    def _screen(
        self,
        survey: Survey,
        template: Template,
        unit_id: int,
        answers: dict[str, Any],
        position: str | None,
        *,
        fresh: bool = False,
    ) -> Screen:
        question = template.question(position) if position and template.has(position) else None
        return Screen(
            survey_id=survey.id,
            deadline_id=survey.deadline_id or 0,
            title=survey.title,
            anonymous=survey.anonymous,
            template=template,
            unit_id=unit_id,
            answers={k: v for k, v in answers.items() if k != _FROM_REVIEW},
            question=question,
            fresh=fresh,
        )

    async def _place(self, member: MemberInfo | None, survey_id: int, unit_id: int) -> _At:
        """The survey is open, the person acts for the unit which has not answered, and the
        unit has begun it: read in one statement, checked here at every press."""
        if member is None:
            raise NotAllowed("deadline-error-not-yours")
        place = await self.repo.surveys.place(
            survey_id,
            unit_id,
            member_id=member.id,
            organisation_id=member.organisation_id,
            is_coordinator=member.role is Role.COORDINATOR,
        )
        if place is None:
            raise NotFound("survey-error-stale")
        survey = place.survey
        self._check_open(survey)
        if place.status is None or not place.acts:
            raise NotAllowed("deadline-error-not-yours")
        if place.status is UnitStatus.SUBMITTED:
            raise DomainError("survey-error-already-answered", title=survey.title)
        if place.progress is None:
            raise DomainError("survey-error-stale")
        template = Template.from_dict(survey.spec)
        return _At(survey, template, place.progress, dict(place.progress.answers or {}))

    async def _current(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int | None
    ) -> _At:
        """Everything re-checked at a press: :meth:`_place`, the consent given where the
        template asks for it (going on without pressing «Согласен» is not consent), and
        ``index`` is the question on screen (None: a typed message, which answers whatever
        is on screen)."""
        at = await self._place(member, survey_id, unit_id)
        if at.template.consent and at.progress.consent is not True:
            raise DomainError("survey-error-consent-first", title=at.survey.title)
        position = at.position
        template = at.template
        on_screen = len(template.questions) if position is None else template.index(position)
        if index is not None and index != on_screen:
            raise DomainError("survey-error-stale")
        return at

    async def _on_screen(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> tuple[_At, Question]:
        """:meth:`_current` for a button of a question: the question on screen (the review
        has none: such a button is stale there)."""
        at = await self._current(member, survey_id, unit_id, index)
        if at.position is None:
            raise DomainError("survey-error-stale")
        return at, at.template.question(at.position)

    async def _save(self, member: MemberInfo, at: _At, position: str | None) -> Screen:
        saved = await self.repo.surveys.update_progress(
            at.progress,
            member_id=member.id,
            answers=at.answers,
            position=position,
            now=self.clock.now(),
        )
        if not saved:  # handed in meanwhile by another person acting for the unit
            raise DomainError("survey-error-stale")
        return self._screen(at.survey, at.template, at.unit_id, at.answers, position)

    # --- opening --------------------------------------------------------------------------

    async def open(self, member: MemberInfo | None, deadline_id: int) -> Screen:
        """The survey behind a deadline for the first unit the person answers for: begun, or
        resumed where they stopped."""
        if member is None:
            raise NotAllowed("deadline-error-not-yours")
        survey = await self.repo.surveys.by_deadline(deadline_id)
        if survey is None:
            raise NotFound("survey-error-stale")
        mine = await self.deadlines.owed_in(member, deadline_id)
        self._check_open(survey)
        owed = [o for o in mine if o.status is not UnitStatus.SUBMITTED]
        if not owed:
            raise DomainError("survey-error-already-answered", title=survey.title)
        unit_id = owed[0].unit_id
        template = Template.from_dict(survey.spec)
        progress = await self.repo.surveys.progress(survey.id, unit_id)
        first = first_unanswered(template, {})
        if progress is not None:
            answers = dict(progress.answers or {})
            # Nothing answered yet, or the consent not given: the intro (and the consent) again.
            fresh = (not answers and progress.position == (first.id if first else None)) or (
                bool(template.consent) and progress.consent is not True
            )
            return self._screen(survey, template, unit_id, answers, progress.position, fresh=fresh)
        await self.repo.surveys.save_progress(
            survey.id,
            unit_id,
            member_id=member.id,
            answers={},
            position=first.id if first else None,
            now=self.clock.now(),
        )
        return self._screen(survey, template, unit_id, {}, first.id if first else None, fresh=True)

    async def show(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Screen:
        """The screen again (after the intro, or «Продолжить»), nothing changed."""
        at = await self._current(member, survey_id, unit_id, index)
        return self._screen(at.survey, at.template, unit_id, at.answers, at.position)

    # --- the consent ----------------------------------------------------------------------

    async def agree(self, member: MemberInfo | None, survey_id: int, unit_id: int) -> Screen:
        """«Согласен» under the consent text: recorded (who, through the progress row, and
        when), then the question on screen. Not tied to a question: the intro may be pressed
        again later, which changes nothing."""
        at = await self._place(member, survey_id, unit_id)
        assert member is not None
        if at.template.consent and at.progress.consent is not True:
            await self.repo.surveys.set_consent(
                at.progress,
                agreed=True,
                member_id=member.id,
                now=self.clock.now(),
                position=at.position,
            )
        return self._screen(at.survey, at.template, unit_id, at.answers, at.position)

    async def decline(self, member: MemberInfo | None, survey_id: int, unit_id: int) -> Screen:
        """«Не согласен»: recorded like the consent, and nothing of the answers is kept (any
        given so far go); the survey can still be begun again until it closes."""
        at = await self._place(member, survey_id, unit_id)
        assert member is not None
        if not at.template.consent:
            raise DomainError("survey-error-stale")
        first = first_unanswered(at.template, {})
        position = first.id if first else None
        await self.repo.surveys.set_consent(
            at.progress, agreed=False, member_id=member.id, now=self.clock.now(), position=position
        )
        return self._screen(at.survey, at.template, unit_id, {}, position, fresh=True)

    # --- answering ------------------------------------------------------------------------

    def _advance(
        self, template: Template, answers: dict[str, Any], question: Question
    ) -> str | None:
        """The next position after answering ``question``: the next visible question, or —
        when it was changed from the review — back to the review (or a required question
        the change made visible)."""
        if answers.pop(_FROM_REVIEW, None):
            gaps = missing(template, answers)
            return gaps[0].id if gaps else None
        following = next_question(template, answers, question.id)
        return following.id if following else None

    async def answer_text(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, raw: str | None
    ) -> Screen:
        """A typed answer to the question on screen (or the text of its «Другое»)."""
        at = await self._current(member, survey_id, unit_id, None)
        assert member is not None
        if at.position is None:
            raise DomainError("survey-error-use-buttons")
        question = at.template.question(at.position)
        answers = at.answers
        value = answers.get(question.id)
        if question.type in (QuestionType.SINGLE, QuestionType.MULTI) and needs_other(
            question, value
        ):
            answers[question.id] = set_other(question, value, raw)
            if question.type is QuestionType.MULTI:
                return await self._save(member, at, at.position)
        else:
            answers[question.id] = parse_text(question, raw, local_today(self.clock.now(), self.tz))
        return await self._save(member, at, self._advance(at.template, answers, question))

    async def choose(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int, option: str
    ) -> Screen:
        """A button of the question on screen: single, yes/no and scale answer and go on; a
        multi choice toggles; «Другое» waits for its text."""
        at, question = await self._on_screen(member, survey_id, unit_id, index)
        assert member is not None
        value = choose(question, at.answers.get(question.id), option)
        at.answers[question.id] = value
        if question.type is QuestionType.MULTI or needs_other(question, value):
            return await self._save(member, at, question.id)
        return await self._save(member, at, self._advance(at.template, at.answers, question))

    async def done(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Screen:
        """«Готово» under a multiple choice."""
        at, question = await self._on_screen(member, survey_id, unit_id, index)
        assert member is not None
        value = at.answers.get(question.id)
        if needs_other(question, value):
            raise DomainError("survey-error-other-text")
        if not is_answered(question, value):
            if question.required:
                raise DomainError("survey-error-choose-something")
            at.answers.pop(question.id, None)
        return await self._save(member, at, self._advance(at.template, at.answers, question))

    async def skip(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Screen:
        """«Пропустить» an optional question: its answer goes."""
        at, question = await self._on_screen(member, survey_id, unit_id, index)
        assert member is not None
        if question.required:
            raise DomainError("survey-error-required")
        at.answers.pop(question.id, None)
        return await self._save(member, at, self._advance(at.template, at.answers, question))

    async def back(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Screen:
        """«Назад»: the previous visible question (from the review: the last one)."""
        at = await self._current(member, survey_id, unit_id, index)
        assert member is not None
        at.answers.pop(_FROM_REVIEW, None)
        if at.position is None:
            shown = visible(at.template, at.answers)
            target = shown[-1].id if shown else None
        else:
            before = previous_question(at.template, at.answers, at.position)
            target = before.id if before else at.position
        return await self._save(member, at, target)

    async def edit(
        self,
        member: MemberInfo | None,
        survey_id: int,
        unit_id: int,
        index: int,
        target: int,
    ) -> Screen:
        """«Изменить» on the review: that question, then back to the review."""
        at = await self._current(member, survey_id, unit_id, index)
        assert member is not None
        template = at.template
        if at.position is not None or not 0 <= target < len(template.questions):
            raise DomainError("survey-error-stale")
        question = template.questions[target]
        if question.id not in {q.id for q in visible(template, at.answers)}:
            raise DomainError("survey-error-stale")
        at.answers[_FROM_REVIEW] = True
        return await self._save(member, at, question.id)

    # --- handing in -----------------------------------------------------------------------

    async def submit(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Submitted:
        at = await self._current(member, survey_id, unit_id, index)
        assert member is not None
        survey, template, answers = at.survey, at.template, at.answers
        assert survey.deadline_id is not None
        consented_at = at.progress.consent_at
        answers.pop(_FROM_REVIEW, None)
        gaps = missing(template, answers)
        if gaps:
            numbers = [str(template.index(q.id) + 1) for q in gaps]
            raise DomainError(
                "survey-error-missing",
                count=len(gaps),
                questions=", ".join(f"«{q.text[:60]}»" for q in gaps[:5]),
                numbers=", ".join(numbers),
            )
        kept = prune(template, answers)
        now = self.clock.now()
        if survey.anonymous:
            day = local_today(now, self.tz)
            when = datetime.combine(day, time(0, 0), tzinfo=self.tz).astimezone(UTC)
            member_id = None
            consented_at = None  # kept on the progress row only, which goes now
        else:
            when, member_id = now, member.id
        organisation_id = unit_id if survey.unit is DeadlineUnit.ORGANISATION else None
        if survey.unit is DeadlineUnit.PERSON:
            organisation_id = member.organisation_id
        await self.repo.surveys.add_response(
            survey.id,
            member_id=member_id,
            organisation_id=organisation_id,
            answers=kept,
            counted=counted(template, kept),
            submitted_at=when,
            consented_at=consented_at if template.consent else None,
        )
        await self.repo.surveys.delete_progress(survey.id, unit_id)
        done = await self.deadlines.complete(
            survey.deadline_id, unit_id, by=f"survey:{survey.id}", member_id=member_id, at=when
        )
        if not done:
            raise DomainError("survey-error-already-answered", title=survey.title)
        profile = None
        areas = _areas(template, kept)
        if areas and not survey.anonymous and survey.unit is DeadlineUnit.PERSON:
            await self.repo.surveys.save_areas(member.id, areas, survey_id=survey.id, now=now)
            profile = profile_of(areas)
        return Submitted(survey.id, survey.title, profile)

    async def profile(self, member: MemberInfo) -> Profile | None:
        """The person's own profile from their latest named diagnostics."""
        rows = await self.repo.surveys.areas_of(member.id)
        if not rows:
            return None
        return profile_of({r.area: (r.difficulty, r.strength) for r in rows})

    async def fitting_events(self, member: MemberInfo, profile: Profile) -> list[EventCard]:
        """Upcoming events the person may come to, tagged with one of their difficult areas
        (the nearest first, at most five)."""
        areas = set(profile.difficult)
        if not areas:
            return []
        today = local_today(self.clock.now(), self.tz)
        cards = await self.events.upcoming(member, today)
        return [c for c in cards if areas & {a.value for a in c.event.competences}][:EVENTS_SHOWN]

    async def route_for(self, actor: MemberInfo | None, member_id: int, locale: str) -> Route:
        """A methodologist's copy of a teacher's route (from the person's card). Re-checked at
        every press: only a methodologist, and only from a profile every area of which comes
        from a named survey (an anonymous one never leads to a person)."""
        if actor is None or actor.role is not Role.METHODOLOGIST:
            raise NotAllowed("error-only-methodologist")
        target = await self.repo.members.get(member_id)
        if target is None:
            raise NotFound("survey-error-no-route")
        if not await self.repo.surveys.named_profile(member_id):
            raise DomainError("survey-error-no-route")
        person = MemberInfo.of(target)
        name = person.full_name or ""
        t = self.translator.bind(locale)
        return Route(
            name=name,
            file_name=t("survey-route-file-of", name=safe_name(name, "-")),
            content=await self.route(person, locale),
        )

    async def route(self, member: MemberInfo, locale: str) -> bytes:
        """The one-page DOCX «Индивидуальный образовательный маршрут»: the areas, the fitting
        events and the mentor, if any."""
        profile = await self.profile(member)
        if profile is None:
            raise DomainError("survey-error-no-profile")
        t = self.translator.bind(locale)
        events = await self.fitting_events(member, profile)
        mentors = await self.repo.members.mentors_of(member.id)
        context = {
            "title": t("survey-route-title"),
            "name": member.full_name or "",
            "date": local_today(self.clock.now(), self.tz).strftime("%d.%m.%Y"),
            "difficult_heading": t("survey-route-difficult"),
            "difficult": [t(f"competence-{a}") for a in profile.difficult]
            or [t("survey-route-none")],
            "strong_heading": t("survey-route-strong"),
            "strong": [t(f"competence-{a}") for a in profile.strong] or [t("survey-route-none")],
            "events_heading": t("survey-route-events"),
            "events": [
                t(
                    "survey-route-event",
                    when=c.event.starts_at.astimezone(self.tz).strftime("%d.%m.%Y %H:%M"),
                    title=c.event.title,
                )
                for c in events
            ]
            or [t("survey-route-no-events")],
            "mentor_heading": t("survey-route-mentor"),
            "mentor": ", ".join(m.full_name or "—" for m in mentors) or t("survey-route-no-mentor"),
        }
        return render_docx(context, ROUTE_TEMPLATE)


def _areas(template: Template, answers: dict[str, Any]) -> dict[str, tuple[int | None, int | None]]:
    out: dict[str, list[int | None]] = {}
    for question in template.questions:
        if question.area is None or question.type is not QuestionType.SCALE:
            continue
        value = answers.get(question.id)
        pair = out.setdefault(question.area, [None, None])
        if not isinstance(value, int):
            continue
        if question.measure == Measure.DIFFICULTY:
            pair[0] = value
        elif question.measure == Measure.STRENGTH:
            pair[1] = value
    return {area: (d, s) for area, (d, s) in out.items()}


def profile_of(areas: dict[str, tuple[int | None, int | None]]) -> Profile:
    """The two or three hardest areas (rated 3 or more) and the strengths (4 or more)."""
    hard = sorted(
        ((d, area) for area, (d, _) in areas.items() if d is not None and d >= DIFFICULT_FROM),
        key=lambda item: (-item[0], item[1]),
    )
    strong = sorted(
        (area for area, (_, s) in areas.items() if s is not None and s >= STRENGTH_SHOWN)
    )
    return Profile(tuple(a for _, a in hard[:DIFFICULT_SHOWN]), tuple(strong))
