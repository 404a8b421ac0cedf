"""Launching and following surveys: uploaded templates, waves, surveys waiting to open, the
coverage of a survey (from its deadline's units)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Integer, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.deadlines import declined
from bot.storage.models import (
    DeadlineAssignee,
    Organisation,
    Survey,
    SurveyStatus,
    SurveyTemplate,
    UnitStatus,
)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Submitted of total, overall or of one organisation (``name`` None: no organisation)."""

    organisation_id: int | None
    name: str | None
    done: int
    total: int
    # Pressed «Не согласен» under the consent text and have not agreed since.
    declined: int = 0


class SurveyAdminRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- uploaded templates -------------------------------------------------------------

    async def templates(self) -> list[SurveyTemplate]:
        return list(await self.session.scalars(select(SurveyTemplate).order_by(SurveyTemplate.key)))

    async def template(self, key: str) -> SurveyTemplate | None:
        return await self.session.get(SurveyTemplate, key)

    async def save_template(
        self, key: str, title: str, text: str, author_id: int | None, now: datetime
    ) -> bool:
        """Store or replace an uploaded template; True when it replaced one."""
        row = await self.session.get(SurveyTemplate, key)
        if row is None:
            self.session.add(
                SurveyTemplate(
                    key=key,
                    title=title,
                    text=text,
                    author_id=author_id,
                    created_at=now,
                    updated_at=now,
                )
            )
            await self.session.flush()
            return False
        row.title, row.text, row.author_id, row.updated_at = title, text, author_id, now
        await self.session.flush()
        return True

    # --- surveys ------------------------------------------------------------------------

    async def add(self, survey: Survey) -> Survey:
        self.session.add(survey)
        await self.session.flush()
        return survey

    async def get(self, survey_id: int) -> Survey | None:
        return await self.session.get(Survey, survey_id)

    async def by_campaign(self, campaign: str) -> Survey | None:
        return await self.session.scalar(select(Survey).where(Survey.campaign == campaign))

    async def waves(self, template_key: str) -> tuple[int, datetime | None]:
        """How many surveys of the template were launched, and when the latest opened."""
        row = (
            await self.session.execute(
                select(func.count(Survey.id), func.max(Survey.opens_at)).where(
                    Survey.template_key == template_key
                )
            )
        ).one()
        return int(row[0] or 0), row[1]

    async def to_announce(self, now: datetime) -> list[Survey]:
        """Open surveys whose opening has come and whose invitations have not gone out."""
        return list(
            await self.session.scalars(
                select(Survey)
                .where(
                    Survey.status == SurveyStatus.OPEN,
                    Survey.announced_at.is_(None),
                    Survey.opens_at <= now,
                    Survey.closes_at > now,
                )
                .order_by(Survey.id)
            )
        )

    async def recent(self, since: datetime, limit: int = 20) -> list[Survey]:
        """Open surveys and those that closed since ``since``, the latest first."""
        return list(
            await self.session.scalars(
                select(Survey)
                .where((Survey.status == SurveyStatus.OPEN) | (Survey.closes_at >= since))
                .order_by(Survey.opens_at.desc(), Survey.id.desc())
                .limit(limit)
            )
        )

    async def open_campaigns(self, now: datetime) -> list[Survey]:
        """Campaign surveys open now (opened and not closed)."""
        return list(
            await self.session.scalars(
                select(Survey).where(
                    Survey.campaign.is_not(None),
                    Survey.status == SurveyStatus.OPEN,
                    Survey.opens_at <= now,
                    Survey.closes_at > now,
                )
            )
        )

    async def coverage(
        self, deadline_id: int, organisation_id: int | None = None
    ) -> tuple[Coverage, list[Coverage]]:
        """Submitted of total for the deadline's units, overall and per organisation (by
        name); only the units of ``organisation_id`` when given."""
        done = func.sum(case((DeadlineAssignee.status == UnitStatus.SUBMITTED, 1), else_=0))
        refused = func.sum(case((declined(deadline_id, DeadlineAssignee.unit_id), 1), else_=0))
        query = (
            select(
                DeadlineAssignee.organisation_id,
                Organisation.name,
                func.cast(done, Integer),
                func.count(),
                func.cast(refused, Integer),
            )
            .outerjoin(Organisation, Organisation.id == DeadlineAssignee.organisation_id)
            .where(DeadlineAssignee.deadline_id == deadline_id)
            .group_by(DeadlineAssignee.organisation_id, Organisation.name)
            .order_by(Organisation.name)
        )
        if organisation_id is not None:
            query = query.where(DeadlineAssignee.organisation_id == organisation_id)
        rows = [
            Coverage(org, name, int(d or 0), int(n or 0), int(r or 0))
            for org, name, d, n, r in (await self.session.execute(query)).all()
        ]
        overall = Coverage(
            None,
            None,
            sum(r.done for r in rows),
            sum(r.total for r in rows),
            sum(r.declined for r in rows),
        )
        return overall, rows
