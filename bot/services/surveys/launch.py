"""Launching surveys: the templates on offer (built-in and uploaded), a survey launched for an
audience (its deadline owes one answer per respondent), opened when its time comes, closed
early or extended; the yearly October campaign and its Monday summary to the methodologists.

A methodologist launches for any audience, a coordinator within its organisation (the
deadline service's rules). The campaign is launched by the bot itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from html import escape

from sqlalchemy import func

from bot.clock import Clock
from bot.i18n import Translator
from bot.services.audience import Audience, Who
from bot.services.deadlines import DeadlineDraft, DeadlineService, Preview
from bot.services.errors import DomainError, NotAllowed, NotFound
from bot.services.people import MemberInfo
from bot.services.surveys.model import Respondent, Template
from bot.services.surveys.spec import builtin_templates, load_template
from bot.storage.models import DeadlineUnit, Deliverable, Member, Role, Survey, SurveyStatus
from bot.storage.repositories import Repo

# Reminders before a survey closes (none before it opens): weekly, then the last days.
REMINDER_DAYS = (21, 14, 7, 3, 1)
# An opening this much in the past is still «now» (the time it took to type it).
OPENS_GRACE = timedelta(minutes=5)
DEFAULT_DAYS_OPEN = 14
UPLOAD_LIMIT = 256 * 1024


@dataclass(frozen=True, slots=True)
class TemplateChoice:
    """A template on offer: built-in or uploaded, and its earlier waves."""

    key: str
    title: str
    builtin: bool
    waves: int  # surveys launched from it so far
    last_opened: datetime | None


@dataclass(frozen=True, slots=True)
class SurveyLine:
    id: int
    title: str
    status: SurveyStatus
    opens_at: datetime
    closes_at: datetime
    wave: int
    anonymous: bool
    deadline_id: int | None
    done: int
    total: int
    declined: int = 0


def unit_of(template: Template) -> DeadlineUnit:
    """Who owes an answer: each organisation for a self-assessment, else each person."""
    if template.respondent is Respondent.ORGANISATION:
        return DeadlineUnit.ORGANISATION
    return DeadlineUnit.PERSON


def campaign_key(year: int) -> str:
    return f"october-{year}"


def weekly_days(opens: date, closes: date) -> tuple[int, ...]:
    """Days before closing of a reminder each week after opening (0: the closing day)."""
    span = (closes - opens).days
    return tuple(span - 7 * k for k in range(1, span // 7 + 1))


class SurveyLaunchService:
    def __init__(self, repo: Repo, clock: Clock, translator: Translator, tz: tzinfo) -> None:
        self.repo = repo
        self.clock = clock
        self.translator = translator
        self.tz = tz
        self.deadlines = DeadlineService(repo, clock, translator, tz)

    # --- who may ------------------------------------------------------------------------

    @staticmethod
    def may_launch(actor: MemberInfo | None) -> MemberInfo:
        if actor is None or actor.role not in (Role.METHODOLOGIST, Role.COORDINATOR):
            raise NotAllowed("survey-launch-error-not-allowed")
        return actor

    @staticmethod
    def may_upload(actor: MemberInfo | None) -> MemberInfo:
        if actor is None or actor.role is not Role.METHODOLOGIST:
            raise NotAllowed("survey-launch-error-not-allowed")
        return actor

    # --- templates ----------------------------------------------------------------------

    async def templates(self) -> list[TemplateChoice]:
        """The built-in templates first, then the uploaded ones (an uploaded key never
        shadows a built-in one)."""
        out: list[TemplateChoice] = []
        builtin = builtin_templates()
        for key, (template, _) in builtin.items():
            waves, last = await self.repo.survey_admin.waves(key)
            out.append(TemplateChoice(key, template.title, True, waves, last))
        for row in await self.repo.survey_admin.templates():
            if row.key in builtin:
                continue
            waves, last = await self.repo.survey_admin.waves(row.key)
            out.append(TemplateChoice(row.key, row.title, False, waves, last))
        return out

    async def template(self, key: str) -> tuple[Template, str]:
        """The template of a key and its YAML text; unknown: refused."""
        builtin = builtin_templates()
        if key in builtin:
            return builtin[key]
        row = await self.repo.survey_admin.template(key)
        if row is None:
            raise NotFound("survey-launch-error-no-template")
        return load_template(row.text, row.key + ".yaml"), row.text

    async def upload(
        self, actor: MemberInfo | None, name: str, data: bytes
    ) -> tuple[Template, bool]:
        """Check an uploaded YAML file with the engine and store it (replacing an uploaded
        one of its key): the template and whether it replaced one. ``TemplateErrors`` lists
        every problem and nothing is stored."""
        who = self.may_upload(actor)
        if not name.lower().endswith((".yaml", ".yml")):
            raise DomainError("survey-launch-error-not-yaml")
        if len(data) > UPLOAD_LIMIT:
            raise DomainError("survey-launch-error-too-large", limit=UPLOAD_LIMIT // 1024)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError("survey-launch-error-not-utf8") from None
        template = load_template(text, name)
        if template.key in builtin_templates():
            raise DomainError("survey-launch-error-builtin-key", template=template.key)
        now = self.clock.now()
        replaced = await self.repo.survey_admin.save_template(
            template.key, template.title, text, who.id, now
        )
        await self.repo.audit.add(
            at=now,
            actor_id=who.id,
            action="survey.template_uploaded",
            object_type="survey_template",
            object_id=None,
            details={"key": template.key, "replaced": replaced},
        )
        return template, replaced

    # --- launching ----------------------------------------------------------------------

    def _draft(
        self,
        template: Template,
        audience: Audience,
        closes_at: datetime,
        reminder_days: tuple[int, ...] = REMINDER_DAYS,
        reminder_time: str = "09:00",
    ) -> DeadlineDraft:
        return DeadlineDraft(
            title=template.title,
            kind=Deliverable.SURVEY,
            unit=unit_of(template),
            due_at=closes_at,
            audience=audience,
            reminder_days=reminder_days,
            reminder_time=reminder_time,
        )

    def check_times(self, opens_at: datetime, closes_at: datetime) -> None:
        now = self.clock.now()
        if opens_at < now - OPENS_GRACE:
            raise DomainError("survey-launch-error-opens-past")
        if closes_at <= max(opens_at, now):
            raise DomainError("survey-launch-error-closes-before")

    def _without_late(self, draft: DeadlineDraft, opens_at: datetime) -> DeadlineDraft:
        """The reminder days that fall after the opening and before the closing."""
        moments = self.deadlines.reminder_moments(
            draft.due_at, draft.reminder_days, draft.reminder_time
        )
        draft.reminder_days = tuple(
            before for before, at in moments if opens_at < at <= draft.due_at
        )
        return draft

    async def preview(
        self,
        actor: MemberInfo | None,
        template_key: str,
        audience: Audience,
        opens_at: datetime,
        closes_at: datetime,
    ) -> tuple[Template, Preview]:
        """Check a launch and say what it reaches (units, people)."""
        self.may_launch(actor)
        template, _ = await self.template(template_key)
        self.check_times(opens_at, closes_at)
        draft = self._without_late(self._draft(template, audience, closes_at), opens_at)
        return template, await self.deadlines.preview(actor, draft)

    async def launch(
        self,
        actor: MemberInfo | None,
        template_key: str,
        audience: Audience,
        opens_at: datetime,
        closes_at: datetime,
    ) -> Survey:
        """Launch a survey: its deadline owes one answer per respondent, announced now if
        it opens now (else by :meth:`open_due` when it opens), reminded before it closes."""
        who = self.may_launch(actor)
        template, _ = await self.template(template_key)
        self.check_times(opens_at, closes_at)
        now = self.clock.now()
        opens_at = max(opens_at, now)
        draft = self._without_late(self._draft(template, audience, closes_at), opens_at)
        announce = opens_at <= now
        info = await self.deadlines.create(who, draft, announce=announce, reminders_from=opens_at)
        survey = await self._add(template, info.id, audience, opens_at, closes_at)
        survey.author_id = who.id
        survey.announced_at = now if announce else None
        await self.repo.audit.add(
            at=now,
            actor_id=who.id,
            action="survey.launched",
            object_type="survey",
            object_id=survey.id,
            details={"template": template.key, "wave": survey.wave, "deadline": info.id},
        )
        return survey

    async def _add(
        self,
        template: Template,
        deadline_id: int,
        audience: Audience,
        opens_at: datetime,
        closes_at: datetime,
        campaign: str | None = None,
    ) -> Survey:
        waves, _ = await self.repo.survey_admin.waves(template.key)
        now = self.clock.now()
        return await self.repo.survey_admin.add(
            Survey(
                template_key=template.key,
                title=template.title,
                spec=template.to_dict(),
                anonymous=template.anonymous,
                unit=unit_of(template),
                audience=audience.to_json(),
                opens_at=opens_at,
                closes_at=closes_at,
                wave=waves + 1,
                deadline_id=deadline_id,
                campaign=campaign,
                status=SurveyStatus.OPEN,
                announced_at=None,
                author_id=None,
                created_at=now,
                updated_at=now,
            )
        )

    async def open_due(self) -> int:
        """Surveys whose opening has come are announced (each once). How many."""
        now = self.clock.now()
        opened = 0
        for survey in await self.repo.survey_admin.to_announce(now):
            if survey.deadline_id is not None:
                await self.deadlines.announce(survey.deadline_id)
            survey.announced_at = now
            survey.updated_at = now
            opened += 1
        await self.repo.survey_admin.session.flush()
        return opened

    # --- following ----------------------------------------------------------------------

    async def _managed(self, actor: MemberInfo | None, survey_id: int) -> Survey:
        self.may_launch(actor)
        survey = await self.repo.survey_admin.get(survey_id)
        if survey is None or survey.deadline_id is None:
            raise NotFound("survey-launch-error-not-found")
        await self.deadlines.managed(actor, survey.deadline_id)
        return survey

    async def survey(self, actor: MemberInfo | None, survey_id: int) -> tuple[SurveyLine, bool]:
        """The survey as the actor follows it (a coordinator: its school's part of a wider
        one) and whether the actor may close or extend it (all of it is theirs)."""
        self.may_launch(actor)
        survey = await self.repo.survey_admin.get(survey_id)
        if survey is None or survey.deadline_id is None:
            raise NotFound("survey-launch-error-not-found")
        _, scope = await self.deadlines.followed(actor, survey.deadline_id)
        return await self._line(survey, scope), scope is None

    async def _line(self, survey: Survey, organisation_id: int | None) -> SurveyLine:
        done = total = declined = 0
        if survey.deadline_id is not None:
            overall, _ = await self.repo.survey_admin.coverage(survey.deadline_id, organisation_id)
            done, total, declined = overall.done, overall.total, overall.declined
        return SurveyLine(
            survey.id,
            survey.title,
            survey.status,
            survey.opens_at,
            survey.closes_at,
            survey.wave,
            survey.anonymous,
            survey.deadline_id,
            done,
            total,
            declined,
        )

    async def surveys(self, actor: MemberInfo | None) -> list[SurveyLine]:
        """Open surveys and those closed in the last 30 days the actor follows, with their
        response rate (a coordinator: its organisation's)."""
        who = self.may_launch(actor)
        out: list[SurveyLine] = []
        since = self.clock.now() - timedelta(days=30)
        for survey in await self.repo.survey_admin.recent(since):
            if survey.deadline_id is None:
                continue
            try:
                _, scope = await self.deadlines.followed(who, survey.deadline_id)
            except (NotAllowed, NotFound):
                continue
            out.append(await self._line(survey, scope))
        return out

    async def close_early(self, actor: MemberInfo | None, survey_id: int) -> Survey:
        """Close a survey now: no more answers, no more reminders, and its deadline falls due
        now (its status card, /deadlines and the reports say so, as when it closes in time)."""
        survey = await self._managed(actor, survey_id)
        assert actor is not None
        if survey.status is SurveyStatus.CLOSED:
            raise DomainError("survey-launch-error-closed")
        now = self.clock.now()
        survey.status = SurveyStatus.CLOSED
        survey.closes_at = min(survey.closes_at, now)
        survey.updated_at = now
        assert survey.deadline_id is not None
        await self.deadlines.end_now(actor, survey.deadline_id, reason="survey closed")
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="survey.closed",
            object_type="survey",
            object_id=survey.id,
        )
        await self.repo.survey_admin.session.flush()
        return survey

    async def extend(self, actor: MemberInfo | None, survey_id: int, closes_at: datetime) -> Survey:
        """Move the closing later: the deadline moves and its reminders are planned again."""
        survey = await self._managed(actor, survey_id)
        assert actor is not None
        assert survey.deadline_id is not None
        now = self.clock.now()
        if survey.status is SurveyStatus.CLOSED or survey.closes_at <= now:
            raise DomainError("survey-launch-error-closed")
        if closes_at <= survey.closes_at:
            raise DomainError("survey-launch-error-extend-earlier")
        await self.deadlines.move(
            actor, survey.deadline_id, closes_at, reminders_from=max(survey.opens_at, now)
        )
        before = survey.closes_at
        survey.closes_at = closes_at
        survey.updated_at = now
        await self.repo.audit.add(
            at=now,
            actor_id=actor.id,
            action="survey.extended",
            object_type="survey",
            object_id=survey.id,
            details={"from": before.isoformat(), "to": closes_at.isoformat()},
        )
        await self.repo.survey_admin.session.flush()
        return survey

    async def nudge(self, actor: MemberInfo | None, survey_id: int) -> int:
        """«Напомнить отстающим»: the deadline's nudge, to those who have not answered."""
        survey = await self._managed_or_scoped(actor, survey_id)
        if survey.status is SurveyStatus.CLOSED or survey.closes_at <= self.clock.now():
            raise DomainError("survey-launch-error-closed")
        assert survey.deadline_id is not None
        return await self.deadlines.nudge(actor, survey.deadline_id)

    async def _managed_or_scoped(self, actor: MemberInfo | None, survey_id: int) -> Survey:
        self.may_launch(actor)
        survey = await self.repo.survey_admin.get(survey_id)
        if survey is None or survey.deadline_id is None:
            raise NotFound("survey-launch-error-not-found")
        await self.deadlines.followed(actor, survey.deadline_id)
        return survey

    # --- the October campaign -----------------------------------------------------------

    async def open_campaign(
        self, year: int, template_key: str, opens: date, closes: date, at: time
    ) -> Survey | None:
        """The yearly questionnaire of young specialists, opened by the bot itself for
        everyone flagged as one, once a year (None: it already exists)."""
        key = campaign_key(year)
        if await self.repo.survey_admin.by_campaign(key) is not None:
            return None
        template, _ = await self.template(template_key)
        now = self.clock.now()
        closes_at = self.deadlines.due_at(closes)
        if closes_at <= now:
            return None
        audience = Audience(who=Who.YOUNG)
        draft = self._draft(
            template,
            audience,
            closes_at,
            reminder_days=weekly_days(opens, closes),
            reminder_time=at.strftime("%H:%M"),
        )
        opens_at = min(now, datetime.combine(opens, at, tzinfo=self.tz).astimezone(now.tzinfo))
        draft = self._without_late(draft, now)
        info = await self.deadlines.create_as_system(draft, announce=True, reminders_from=now)
        survey = await self._add(template, info.id, audience, opens_at, closes_at, campaign=key)
        survey.announced_at = now
        await self.repo.audit.add(
            at=now,
            actor_id=None,
            action="survey.campaign_opened",
            object_type="survey",
            object_id=survey.id,
            details={"campaign": key, "template": template.key, "deadline": info.id},
        )
        await self.repo.survey_admin.session.flush()
        return survey

    async def monday_summary(self, today: date) -> int:
        """Each open campaign's response rate, overall and by organisation, to every
        methodologist: one message per campaign and Monday. How many were queued."""
        queued = 0
        now = self.clock.now()
        for survey in await self.repo.survey_admin.open_campaigns(now):
            assert survey.deadline_id is not None
            source = f"survey-summary:{survey.id}:{today.isoformat()}"
            if await self.repo.digests.has_source(source):
                continue
            overall, rows = await self.repo.survey_admin.coverage(survey.deadline_id)
            for locale in self.translator.locales:
                t = self.translator.bind(locale)
                lines = [
                    t(
                        "survey-summary-heading",
                        title=escape(survey.title),
                        closes=survey.closes_at.astimezone(self.tz).strftime("%d.%m.%Y"),
                    ),
                    t("survey-summary-overall", done=overall.done, total=overall.total),
                    "",
                ]
                for row in rows:
                    lines.append(
                        t(
                            "survey-summary-org",
                            name=escape(row.name or t("survey-summary-no-org")),
                            done=row.done,
                            total=row.total,
                        )
                    )
                content = await self.repo.outbox.add_content(
                    kind="text", text="\n".join(lines), now=now
                )
                locale_of = func.coalesce(Member.locale, self.translator.default_locale)
                queued += await self.repo.outbox.enqueue_members(
                    self.repo.digests.methodologists(locale_of, locale, source),
                    source=source,
                    content_id=content.id,
                    now=now,
                )
        return queued
