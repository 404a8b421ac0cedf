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
from bot.storage.models import DeadlineUnit, Survey, SurveyStatus, UnitStatus
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

    async def _survey(self, survey_id: int) -> Survey:
        survey = await self.repo.surveys.get(survey_id)
        if survey is None or survey.deadline_id is None:
            raise NotFound("survey-error-stale")
        return survey

    async def _owes(self, member: MemberInfo | None, survey: Survey, unit_id: int) -> None:
        """The person acts for the unit now and the unit has not answered yet."""
        if member is None or survey.deadline_id is None:
            raise NotAllowed("deadline-error-not-yours")
        deadline = await self.repo.deadlines.get(survey.deadline_id)
        assignee = await self.repo.deadlines.assignee(survey.deadline_id, unit_id)
        if (
            deadline is None
            or assignee is None
            or not await self.repo.deadlines.may_act(deadline, unit_id, member.id)
        ):
            raise NotAllowed("deadline-error-not-yours")
        if assignee.status is UnitStatus.SUBMITTED:
            raise DomainError("survey-error-already-answered", title=survey.title)

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

    async def _current(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int | None
    ) -> tuple[Survey, Template, dict[str, Any], str | None]:
        """Everything re-checked at a press: the survey is open, the person acts for the unit
        which has not answered, and ``index`` is the question on screen (None: a typed
        message, which answers whatever is on screen)."""
        survey = await self._survey(survey_id)
        self._check_open(survey)
        await self._owes(member, survey, unit_id)
        progress = await self.repo.surveys.progress(survey_id, unit_id)
        if progress is None:
            raise DomainError("survey-error-stale")
        template = Template.from_dict(survey.spec)
        position = progress.position
        on_screen = len(template.questions) if position is None else template.index(position)
        if index is not None and index != on_screen:
            raise DomainError("survey-error-stale")
        return survey, template, dict(progress.answers or {}), position

    async def _on_screen(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> tuple[Survey, Template, dict[str, Any], Question]:
        """:meth:`_current` for a button of a question: the question on screen (the review
        has none: such a button is stale there)."""
        survey, template, answers, position = await self._current(member, survey_id, unit_id, index)
        if position is None:
            raise DomainError("survey-error-stale")
        return survey, template, answers, template.question(position)

    async def _save(
        self,
        member: MemberInfo,
        survey: Survey,
        template: Template,
        unit_id: int,
        answers: dict[str, Any],
        position: str | None,
    ) -> Screen:
        await self.repo.surveys.save_progress(
            survey.id,
            unit_id,
            member_id=member.id,
            answers=answers,
            position=position,
            now=self.clock.now(),
        )
        return self._screen(survey, template, unit_id, answers, position)

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
            # Nothing answered yet: the intro (and the consent) again.
            fresh = not answers and progress.position == (first.id if first else None)
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
        survey, template, answers, position = await self._current(member, survey_id, unit_id, index)
        return self._screen(survey, template, unit_id, answers, position)

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
        survey, template, answers, position = await self._current(member, survey_id, unit_id, None)
        assert member is not None
        if position is None:
            raise DomainError("survey-error-use-buttons")
        question = template.question(position)
        value = answers.get(question.id)
        if question.type in (QuestionType.SINGLE, QuestionType.MULTI) and needs_other(
            question, value
        ):
            answers[question.id] = set_other(question, value, raw)
            if question.type is QuestionType.MULTI:
                return await self._save(member, survey, template, unit_id, answers, position)
        else:
            answers[question.id] = parse_text(question, raw, local_today(self.clock.now(), self.tz))
        nxt = self._advance(template, answers, question)
        return await self._save(member, survey, template, unit_id, answers, nxt)

    async def choose(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int, option: str
    ) -> Screen:
        """A button of the question on screen: single, yes/no and scale answer and go on; a
        multi choice toggles; «Другое» waits for its text."""
        survey, template, answers, question = await self._on_screen(
            member, survey_id, unit_id, index
        )
        assert member is not None
        value = choose(question, answers.get(question.id), option)
        answers[question.id] = value
        if question.type is QuestionType.MULTI or needs_other(question, value):
            return await self._save(member, survey, template, unit_id, answers, question.id)
        nxt = self._advance(template, answers, question)
        return await self._save(member, survey, template, unit_id, answers, nxt)

    async def done(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Screen:
        """«Готово» under a multiple choice."""
        survey, template, answers, question = await self._on_screen(
            member, survey_id, unit_id, index
        )
        assert member is not None
        value = answers.get(question.id)
        if needs_other(question, value):
            raise DomainError("survey-error-other-text")
        if not is_answered(question, value):
            if question.required:
                raise DomainError("survey-error-choose-something")
            answers.pop(question.id, None)
        nxt = self._advance(template, answers, question)
        return await self._save(member, survey, template, unit_id, answers, nxt)

    async def skip(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Screen:
        """«Пропустить» an optional question: its answer goes."""
        survey, template, answers, question = await self._on_screen(
            member, survey_id, unit_id, index
        )
        assert member is not None
        if question.required:
            raise DomainError("survey-error-required")
        answers.pop(question.id, None)
        nxt = self._advance(template, answers, question)
        return await self._save(member, survey, template, unit_id, answers, nxt)

    async def back(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Screen:
        """«Назад»: the previous visible question (from the review: the last one)."""
        survey, template, answers, position = await self._current(member, survey_id, unit_id, index)
        assert member is not None
        answers.pop(_FROM_REVIEW, None)
        if position is None:
            shown = visible(template, answers)
            target = shown[-1].id if shown else None
        else:
            before = previous_question(template, answers, position)
            target = before.id if before else position
        return await self._save(member, survey, template, unit_id, answers, target)

    async def edit(
        self,
        member: MemberInfo | None,
        survey_id: int,
        unit_id: int,
        index: int,
        target: int,
    ) -> Screen:
        """«Изменить» on the review: that question, then back to the review."""
        survey, template, answers, position = await self._current(member, survey_id, unit_id, index)
        assert member is not None
        if position is not None or not 0 <= target < len(template.questions):
            raise DomainError("survey-error-stale")
        question = template.questions[target]
        if question.id not in {q.id for q in visible(template, answers)}:
            raise DomainError("survey-error-stale")
        answers[_FROM_REVIEW] = True
        return await self._save(member, survey, template, unit_id, answers, question.id)

    # --- handing in -----------------------------------------------------------------------

    async def submit(
        self, member: MemberInfo | None, survey_id: int, unit_id: int, index: int
    ) -> Submitted:
        survey, template, answers, _ = await self._current(member, survey_id, unit_id, index)
        assert member is not None
        assert survey.deadline_id is not None
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
            at = datetime.combine(day, time(0, 0), tzinfo=self.tz).astimezone(UTC)
            member_id = None
        else:
            at, member_id = now, member.id
        organisation_id = unit_id if survey.unit is DeadlineUnit.ORGANISATION else None
        if survey.unit is DeadlineUnit.PERSON:
            organisation_id = member.organisation_id
        await self.repo.surveys.add_response(
            survey.id,
            member_id=member_id,
            organisation_id=organisation_id,
            answers=kept,
            counted=counted(template, kept),
            submitted_at=at,
        )
        await self.repo.surveys.delete_progress(survey.id, unit_id)
        done = await self.deadlines.complete(
            survey.deadline_id, unit_id, by=f"survey:{survey.id}", member_id=member_id, at=at
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
