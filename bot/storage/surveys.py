"""Surveys: the survey behind a deadline, answers in progress, handed-in responses and the
teachers' own profiles (member areas)."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only
from sqlalchemy.orm.attributes import set_committed_value

from bot.storage.deadlines import acts_for
from bot.storage.models import (
    Deadline,
    DeadlineAssignee,
    DeadlineUnit,
    MemberArea,
    Survey,
    SurveyAnswer,
    SurveyProgress,
    SurveyResponse,
    UnitStatus,
)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a respondent unit stands in a survey, read in one statement at every press: the
    survey (what answering needs of it: :data:`ANSWERING_COLUMNS`), the unit's assignment's
    status (None: the unit owes nothing), its answers in progress (None: not begun) and
    whether the person pressing acts for the unit."""

    survey: Survey
    status: UnitStatus | None
    progress: SurveyProgress | None
    acts: bool


# The survey's columns answering uses; any other is not loaded, and reading one raises.
ANSWERING_COLUMNS = (
    Survey.id,
    Survey.title,
    Survey.spec,
    Survey.anonymous,
    Survey.unit,
    Survey.opens_at,
    Survey.closes_at,
    Survey.deadline_id,
    Survey.status,
)


@functools.cache
def _place_statement(is_coordinator: bool) -> Select[Any]:
    """The statement of :meth:`SurveyRepo.place`, built once (a press is the busiest update
    there is: building the expression every time cost more than running it). The deadline is
    joined for the rule of who acts for a unit, not loaded; of the assignment only its
    status."""
    unit_id = bindparam("unit_id", type_=Integer())
    acting = type_coerce(
        and_(
            DeadlineAssignee.unit_id.is_not(None),
            acts_for(
                bindparam("member_id", type_=Integer()),  # type: ignore[arg-type]
                bindparam("organisation_id", type_=Integer()),  # type: ignore[arg-type]
                is_coordinator,
            ),
        ),
        Boolean(),
    )
    return (
        select(Survey, DeadlineAssignee.status, SurveyProgress, acting)
        .options(load_only(*ANSWERING_COLUMNS, raiseload=True))
        .join(Deadline, Deadline.id == Survey.deadline_id)
        .outerjoin(
            DeadlineAssignee,
            and_(DeadlineAssignee.deadline_id == Deadline.id, DeadlineAssignee.unit_id == unit_id),
        )
        .outerjoin(
            SurveyProgress,
            and_(SurveyProgress.survey_id == Survey.id, SurveyProgress.unit_id == unit_id),
        )
        .where(Survey.id == bindparam("survey_id", type_=Integer()))
    )


@functools.cache
def _progress_update() -> Any:
    """The statement of :meth:`SurveyRepo.update_progress` on the table, built once: the
    columns to set come with each execution."""
    table = SurveyProgress.__table__
    return update(table).where(
        table.c.survey_id == bindparam("at_survey_id", type_=Integer()),
        table.c.unit_id == bindparam("at_unit_id", type_=Integer()),
    )


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One counted answer of a response (see ``SurveyAnswer``): the question's own row
    (``choice`` empty) or one chosen option."""

    question_id: str
    choice: str = ""
    number: float | None = None
    text: str | None = None


class SurveyRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, survey_id: int) -> Survey | None:
        return await self.session.get(Survey, survey_id)

    async def by_deadline(self, deadline_id: int) -> Survey | None:
        return await self.session.scalar(select(Survey).where(Survey.deadline_id == deadline_id))

    # --- answering ------------------------------------------------------------------------

    async def place(
        self,
        survey_id: int,
        unit_id: int,
        *,
        member_id: int,
        organisation_id: int | None,
        is_coordinator: bool,
    ) -> Place | None:
        """The survey (with a deadline), the unit's assignment's status and progress, and
        whether the member acts for the unit (the deadlines' rule, ``acts_for``); None when
        there is no such survey or it has no deadline."""
        row = (
            await self.session.execute(
                _place_statement(is_coordinator),
                {
                    "survey_id": survey_id,
                    "unit_id": unit_id,
                    "member_id": member_id,
                    "organisation_id": organisation_id,
                },
            )
        ).one_or_none()
        if row is None:
            return None
        survey, status, progress, acts = row
        return Place(survey, status, progress, bool(acts))

    async def update_progress(
        self,
        row: SurveyProgress,
        *,
        member_id: int,
        answers: dict[str, Any],
        position: str | None,
        now: datetime,
    ) -> bool:
        """New answers and the question on screen of a unit that has begun; False (nothing
        written) when the row is gone meanwhile (handed in by another person acting for the
        unit).

        One ``UPDATE`` of the row by its key, without the ORM's flush (a press is the busiest
        update there is: the flush cost more than the statement); ``row`` then holds what was
        written, as a flush would have left it."""
        values = {
            "member_id": member_id,
            "answers": dict(answers),
            "position": position,
            "updated_at": now,
        }
        result = await self.session.execute(
            _progress_update(),
            {"at_survey_id": row.survey_id, "at_unit_id": row.unit_id, **values},
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        for name, value in values.items():
            set_committed_value(row, name, value)
        return True

    async def progress(self, survey_id: int, unit_id: int) -> SurveyProgress | None:
        return await self.session.get(SurveyProgress, (survey_id, unit_id))

    async def save_progress(
        self,
        survey_id: int,
        unit_id: int,
        *,
        member_id: int,
        answers: dict[str, Any],
        position: str | None,
        now: datetime,
    ) -> SurveyProgress:
        row = await self.progress(survey_id, unit_id)
        if row is None:
            row = SurveyProgress(
                survey_id=survey_id,
                unit_id=unit_id,
                member_id=member_id,
                answers=dict(answers),
                position=position,
                started_at=now,
                updated_at=now,
            )
            self.session.add(row)
        else:
            row.member_id = member_id
            row.answers = dict(answers)
            row.position = position
            row.updated_at = now
        await self.session.flush()
        return row

    async def set_consent(
        self,
        row: SurveyProgress,
        *,
        agreed: bool,
        member_id: int,
        now: datetime,
        position: str | None,
    ) -> None:
        """Record a press of «Согласен» / «Не согласен» on the progress row; declining drops
        every answer given so far."""
        row.member_id = member_id
        row.consent = agreed
        row.consent_at = now
        row.updated_at = now
        if not agreed:
            row.answers = {}
            row.position = position
        await self.session.flush()

    async def delete_progress(self, survey_id: int, unit_id: int) -> None:
        await self.session.execute(
            delete(SurveyProgress).where(
                SurveyProgress.survey_id == survey_id, SurveyProgress.unit_id == unit_id
            )
        )

    async def add_response(
        self,
        survey_id: int,
        *,
        member_id: int | None,
        organisation_id: int | None,
        answers: dict[str, Any],
        counted: Sequence[AnswerRow],
        submitted_at: datetime,
        consented_at: datetime | None = None,
    ) -> SurveyResponse:
        """A handed-in response under a random id (no order to match it against who handed in
        when), with its answers as rows to count (``counted``)."""
        row = SurveyResponse(
            id=secrets.token_hex(16),
            survey_id=survey_id,
            member_id=member_id,
            organisation_id=organisation_id,
            answers=dict(answers),
            submitted_at=submitted_at,
            consented_at=consented_at,
        )
        self.session.add(row)
        await self.session.flush()
        if counted:
            await self.session.execute(
                insert(SurveyAnswer),
                [
                    {
                        "response_id": row.id,
                        "question_id": answer.question_id,
                        "choice": answer.choice,
                        "survey_id": survey_id,
                        "organisation_id": organisation_id,
                        "number": answer.number,
                        "text": answer.text,
                    }
                    for answer in counted
                ],
            )
        return row

    async def responses_of(self, survey_id: int) -> list[SurveyResponse]:
        rows = await self.session.scalars(
            select(SurveyResponse)
            .where(SurveyResponse.survey_id == survey_id)
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
        return list(rows)

    # --- a teacher's own profile ----------------------------------------------------------

    async def named_profile(self, member_id: int) -> bool:
        """Whether the member has a profile and every area of it comes from a named survey
        answered by each person (what a route shown to staff may be made of)."""
        named = and_(
            Survey.id == MemberArea.survey_id,
            Survey.anonymous.is_(False),
            Survey.unit == DeadlineUnit.PERSON,
        )
        row = (
            await self.session.execute(
                select(func.count(MemberArea.area), func.count(Survey.id))
                .select_from(MemberArea)
                .outerjoin(Survey, named)
                .where(MemberArea.member_id == member_id)
            )
        ).one()
        areas, from_named = int(row[0]), int(row[1])
        return areas > 0 and areas == from_named

    async def areas_of(self, member_id: int) -> list[MemberArea]:
        rows = await self.session.scalars(
            select(MemberArea).where(MemberArea.member_id == member_id).order_by(MemberArea.area)
        )
        return list(rows)

    async def save_areas(
        self,
        member_id: int,
        areas: dict[str, tuple[int | None, int | None]],
        *,
        survey_id: int,
        now: datetime,
    ) -> None:
        """Upsert area → (difficulty, strength) for the member from one named response."""
        for area, (difficulty, strength) in areas.items():
            row = await self.session.get(MemberArea, (member_id, area))
            if row is None:
                self.session.add(
                    MemberArea(
                        member_id=member_id,
                        area=area,
                        difficulty=difficulty,
                        strength=strength,
                        survey_id=survey_id,
                        updated_at=now,
                    )
                )
            else:
                row.difficulty = difficulty
                row.strength = strength
                row.survey_id = survey_id
                row.updated_at = now
        await self.session.flush()

    # --- forgetting -----------------------------------------------------------------------

    async def forget_person(self, member_id: int) -> None:
        """Answers in progress, the person's own named responses and their profile go; what
        they answered for an organisation stays with it, without their name."""
        await self.session.execute(
            delete(SurveyProgress).where(SurveyProgress.member_id == member_id)
        )
        personal = select(Survey.id).where(Survey.unit == DeadlineUnit.PERSON)
        await self.session.execute(
            delete(SurveyResponse).where(
                SurveyResponse.member_id == member_id, SurveyResponse.survey_id.in_(personal)
            )
        )
        await self.session.execute(
            update(SurveyResponse)
            .where(SurveyResponse.member_id == member_id)
            .values(member_id=None)
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(delete(MemberArea).where(MemberArea.member_id == member_id))
