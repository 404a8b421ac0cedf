"""Surveys: the survey behind a deadline, answers in progress, handed-in responses and the
teachers' own profiles (member areas)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    DeadlineUnit,
    MemberArea,
    Survey,
    SurveyAnswer,
    SurveyProgress,
    SurveyResponse,
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
