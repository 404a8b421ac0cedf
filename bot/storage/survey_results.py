"""What the results of a survey are read from: the survey, its waves, who owed and who
handed in (its deadline's units), and the responses (with names only for a named survey).

Portable SQL only; nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    DeadlineAssignee,
    Member,
    Organisation,
    Survey,
    SurveyResponse,
    UnitStatus,
)


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
        for deadline_id, org_id, name, total, done in (await self.session.execute(query)).all():
            out.setdefault(deadline_id, []).append(
                Coverage(org_id, name, int(total), int(done or 0))
            )
        for rows in out.values():
            rows.sort(key=lambda c: (c.organisation or "", c.organisation_id or 0))
        return out

    async def responses(
        self, survey_id: int, organisation_id: int | None = None, *, names: bool = True
    ) -> list[ResponseRow]:
        """The responses (of one organisation); member names only when ``names``."""
        query = (
            select(
                SurveyResponse.id,
                SurveyResponse.member_id,
                Member.full_name,
                SurveyResponse.organisation_id,
                SurveyResponse.answers,
                SurveyResponse.submitted_at,
            )
            .outerjoin(Member, Member.id == SurveyResponse.member_id)
            .where(SurveyResponse.survey_id == survey_id)
            .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
        )
        if organisation_id is not None:
            query = query.where(SurveyResponse.organisation_id == organisation_id)
        return [
            ResponseRow(rid, mid, name if names else None, oid, answers or {}, at)
            for rid, mid, name, oid, answers, at in (await self.session.execute(query)).all()
        ]

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
