"""What the results of a survey are read from: the survey, its waves, who owed and who
handed in (its deadline's units), the answers counted (``survey_answers``, grouped in SQL)
and the responses themselves for the exports, streamed in batches (with names only for a
named survey).

Portable SQL only (SQLAlchemy Core: GROUP BY and COUNT, no JSON functions); nothing here
writes. Every read takes the coordinator's scope (``organisation_id``; None: everything).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    DeadlineAssignee,
    Member,
    Organisation,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    UnitStatus,
)
from bot.storage.sqlite_inline import sql_in_thread

RESPONSE_BATCH = 1000


@dataclass(frozen=True, slots=True)
class Coverage:
    """Units of one organisation (None: municipal ones) that owe a survey, and handed in."""

    organisation_id: int | None
    organisation: str | None
    total: int
    submitted: int


@dataclass(frozen=True, slots=True)
class ResponseRow:
    id: str
    member_id: int | None
    member: str | None
    organisation_id: int | None
    answers: dict[str, Any]
    submitted_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerCount:
    """How many responses gave this: a question's own rows (``choice`` empty) by value
    (``number``; None for a choice, a text or a date), or one option chosen. With
    ``organisation_id`` when counted per organisation."""

    question_id: str
    choice: str
    number: float | None
    count: int
    organisation_id: int | None = None


class SurveyResultsRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, survey_id: int) -> Survey | None:
        return await self.session.get(Survey, survey_id)

    async def listed(self, organisation_id: int | None = None) -> list[Survey]:
        """Surveys, newest first; with ``organisation_id`` only those owed by its units."""
        query = select(Survey).order_by(Survey.opens_at.desc(), Survey.id.desc())
        if organisation_id is not None:
            owed = select(DeadlineAssignee.deadline_id).where(
                DeadlineAssignee.organisation_id == organisation_id
            )
            query = query.where(Survey.deadline_id.in_(owed))
        return list(await self.session.scalars(query))

    async def coverage(
        self, deadline_ids: list[int], organisation_id: int | None = None
    ) -> dict[int, list[Coverage]]:
        """Per deadline: per organisation the units owing it and those handed in."""
        if not deadline_ids:
            return {}
        submitted = func.sum(case((DeadlineAssignee.status == UnitStatus.SUBMITTED, 1), else_=0))
        query = (
            select(
                DeadlineAssignee.deadline_id,
                DeadlineAssignee.organisation_id,
                Organisation.name,
                func.count(),
                submitted,
            )
            .outerjoin(Organisation, Organisation.id == DeadlineAssignee.organisation_id)
            .where(DeadlineAssignee.deadline_id.in_(deadline_ids))
            .group_by(
                DeadlineAssignee.deadline_id, DeadlineAssignee.organisation_id, Organisation.name
            )
        )
        if organisation_id is not None:
            query = query.where(DeadlineAssignee.organisation_id == organisation_id)
        out: dict[int, list[Coverage]] = {}
        for deadline_id, org_id, name, total, done in await self._counted(query):
            out.setdefault(deadline_id, []).append(
                Coverage(org_id, name, int(total), int(done or 0))
            )
        for rows in out.values():
            rows.sort(key=lambda c: (c.organisation or "", c.organisation_id or 0))
        return out

    async def responses(
        self,
        survey_id: int,
        organisation_id: int | None = None,
        *,
        names: bool = True,
        batch: int = RESPONSE_BATCH,
    ) -> AsyncIterator[list[ResponseRow]]:
        """The responses (of one organisation) in batches of ``batch``, streamed from the
        database. With ``names`` in the order handed in, with the member's name; without,
        no name and in the order of the responses' random ids (which says nothing of when
        or by whom)."""
        if names:
            name = Member.full_name
            order = (SurveyResponse.submitted_at, SurveyResponse.id)
        else:
            name = None
            order = (SurveyResponse.id,)
        query = select(
            SurveyResponse.id,
            SurveyResponse.member_id,
            SurveyResponse.organisation_id,
            SurveyResponse.answers,
            SurveyResponse.submitted_at,
            *([name] if name is not None else []),
        ).where(SurveyResponse.survey_id == survey_id)
        if name is not None:
            query = query.outerjoin(Member, Member.id == SurveyResponse.member_id)
        if organisation_id is not None:
            query = query.where(SurveyResponse.organisation_id == organisation_id)
        result = await self.session.stream(
            query.order_by(*order).execution_options(yield_per=batch)
        )
        try:
            async for part in result.partitions():
                yield [
                    ResponseRow(
                        row[0],
                        row[1] if names else None,
                        row[5] if names else None,
                        row[2],
                        row[3] or {},
                        row[4],
                    )
                    for row in part
                ]
        finally:
            await result.close()

    async def response_counts(
        self, survey_id: int, organisation_id: int | None = None
    ) -> dict[int | None, int]:
        """Responses per organisation (None: those of no organisation)."""
        query = (
            select(SurveyResponse.organisation_id, func.count())
            .where(SurveyResponse.survey_id == survey_id)
            .group_by(SurveyResponse.organisation_id)
        )
        if organisation_id is not None:
            query = query.where(SurveyResponse.organisation_id == organisation_id)
        return {oid: int(n) for oid, n in (await self._counted(query))}

    def _answers(self, survey_id: int, organisation_id: int | None) -> Select[Any]:
        query = select().select_from(SurveyAnswer).where(SurveyAnswer.survey_id == survey_id)
        if organisation_id is not None:
            query = query.where(SurveyAnswer.organisation_id == organisation_id)
        return query

    async def _counted(self, query: Select[Any]) -> Sequence[Any]:
        """The rows of a count over every answer of a survey: on SQLite off the event loop
        (a wave of tens of thousands of responses takes a while to count)."""
        with sql_in_thread():
            return (await self.session.execute(query)).all()

    async def answer_counts(
        self, survey_id: int, organisation_id: int | None = None
    ) -> list[AnswerCount]:
        """Every question's answers counted: its own rows by value, and each option chosen."""
        a = SurveyAnswer
        query = (
            self._answers(survey_id, organisation_id)
            .add_columns(a.question_id, a.choice, a.number, func.count())
            .group_by(a.question_id, a.choice, a.number)
        )
        return [
            AnswerCount(qid, choice, number, int(n))
            for qid, choice, number, n in (await self._counted(query))
        ]

    async def counts_by_organisation(
        self, survey_id: int, question_ids: Sequence[str], organisation_id: int | None = None
    ) -> list[AnswerCount]:
        """The values of these questions (scales, numbers, yes/no) counted per organisation."""
        if not question_ids:
            return []
        a = SurveyAnswer
        query = (
            self._answers(survey_id, organisation_id)
            .add_columns(a.question_id, a.number, a.organisation_id, func.count())
            .where(a.choice == "", a.question_id.in_(question_ids))
            .group_by(a.question_id, a.number, a.organisation_id)
        )
        return [
            AnswerCount(qid, "", number, int(n), oid)
            for qid, number, oid, n in (await self._counted(query))
        ]

    async def text_counts(
        self, survey_id: int, question_ids: Sequence[str], organisation_id: int | None = None
    ) -> list[tuple[str, str, int]]:
        """(question, text, how many) for these questions (dates: how many gave each day)."""
        if not question_ids:
            return []
        a = SurveyAnswer
        query = (
            self._answers(survey_id, organisation_id)
            .add_columns(a.question_id, a.text, func.count())
            .where(a.choice == "", a.question_id.in_(question_ids), a.text.is_not(None))
            .group_by(a.question_id, a.text)
        )
        return [(q, str(t), int(n)) for q, t, n in (await self._counted(query))]

    async def texts(
        self, survey_id: int, question_ids: Sequence[str], organisation_id: int | None = None
    ) -> list[tuple[str, str]]:
        """(question, text) of these questions (texts, and «Другое» of choices), in the order
        the responses were handed in."""
        if not question_ids:
            return []
        a = SurveyAnswer
        query = (
            self._answers(survey_id, organisation_id)
            .add_columns(a.question_id, a.text)
            .join(SurveyResponse, SurveyResponse.id == a.response_id)
            .where(a.choice == "", a.question_id.in_(question_ids), a.text.is_not(None))
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
        return [(q, str(t)) for q, t in (await self._counted(query))]

    async def names_at_least(
        self,
        survey_id: int,
        question_ids: Sequence[str],
        minimum: float,
        organisation_id: int | None = None,
    ) -> list[tuple[str, str]]:
        """(question, member's name) of named responses that gave these questions at least
        ``minimum`` (who could lead a master class)."""
        if not question_ids:
            return []
        a = SurveyAnswer
        # Two reads joined here: the answers from their index alone, the names once each.
        found = await self.session.execute(
            self._answers(survey_id, organisation_id)
            .add_columns(a.question_id, a.response_id)
            .where(a.choice == "", a.question_id.in_(question_ids), a.number >= minimum)
        )
        pairs = found.all()
        if not pairs:
            return []
        named = (
            select(SurveyResponse.id, Member.full_name)
            .join(Member, Member.id == SurveyResponse.member_id)
            .where(SurveyResponse.survey_id == survey_id)
        )
        if organisation_id is not None:
            named = named.where(SurveyResponse.organisation_id == organisation_id)
        names: dict[str, str] = dict((await self.session.execute(named)).all())
        return [(q, names[r]) for q, r in pairs if names.get(r)]

    async def previous_wave(self, survey: Survey) -> Survey | None:
        """The latest earlier wave of the same template."""
        return await self.session.scalar(
            select(Survey)
            .where(
                Survey.template_key == survey.template_key,
                Survey.id != survey.id,
                Survey.wave < survey.wave,
            )
            .order_by(Survey.wave.desc(), Survey.id.desc())
            .limit(1)
        )

    async def organisation_names(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
        )
        return {int(oid): str(name) for oid, name in rows.all()}
