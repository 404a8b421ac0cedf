"""The domain. Nothing here knows which messenger carries the conversation."""

from __future__ import annotations

from datetime import tzinfo
from functools import cached_property

from bot.clock import Clock
from bot.i18n import Translator
from bot.services.audit import AuditService
from bot.services.broadcasts import BroadcastService
from bot.services.deadline_reports import DeadlineReports
from bot.services.deadlines import DeadlineService, FileRules
from bot.services.directory import DirectoryService
from bot.services.events import EventService
from bot.services.groups import GroupService
from bot.services.invites import InviteService
from bot.services.minutes.registry import MinutesRegistry
from bot.services.minutes.rules import MinutesRules
from bot.services.minutes.service import MinutesService
from bot.services.minutes.year import YearService
from bot.services.onboarding import OnboardingService
from bot.services.people import PeopleService
from bot.services.profile import ProfileService
from bot.services.registry import RegistryService
from bot.services.roadmap.importer import RoadmapService
from bot.services.surveys.answering import SurveyAnswering
from bot.storage.repositories import Repo


class Services:
    """Every service of one unit of work, sharing its repositories and clock."""

    def __init__(
        self,
        repo: Repo,
        clock: Clock,
        admin_ids: frozenset[int],
        translator: Translator,
        tz: tzinfo,
        files: FileRules | None = None,
        minutes_rules: MinutesRules | None = None,
    ) -> None:
        self.repo = repo
        self.files = files
        self.minutes_rules = minutes_rules or MinutesRules()
        self.clock = clock
        self.admin_ids = admin_ids
        self.translator = translator
        self.tz = tz

    @cached_property
    def people(self) -> PeopleService:
        return PeopleService(self.repo, self.clock, self.admin_ids)

    @cached_property
    def broadcasts(self) -> BroadcastService:
        return BroadcastService(self.repo, self.clock)

    @cached_property
    def events(self) -> EventService:
        return EventService(self.repo, self.clock, self.translator, self.tz)

    @cached_property
    def roadmaps(self) -> RoadmapService:
        return RoadmapService(self.repo, self.clock, self.tz, self.deadlines)

    @cached_property
    def invites(self) -> InviteService:
        return InviteService(self.repo, self.clock)

    @cached_property
    def onboarding(self) -> OnboardingService:
        return OnboardingService(self.repo, self.clock, self.admin_ids)

    @cached_property
    def profile(self) -> ProfileService:
        return ProfileService(self.repo, self.clock)

    @cached_property
    def registry(self) -> RegistryService:
        return RegistryService(self.repo, self.clock)

    @cached_property
    def directory(self) -> DirectoryService:
        return DirectoryService(self.repo, self.clock)

    @cached_property
    def audit(self) -> AuditService:
        return AuditService(self.repo, self.clock, self.tz)

    @cached_property
    def groups(self) -> GroupService:
        return GroupService(self.repo, self.clock)

    @cached_property
    def deadlines(self) -> DeadlineService:
        return DeadlineService(self.repo, self.clock, self.translator, self.tz, self.files)

    @cached_property
    def deadline_reports(self) -> DeadlineReports:
        return DeadlineReports(self.repo, self.clock, self.translator, self.tz, self.deadlines)

    @cached_property
    def survey_answering(self) -> SurveyAnswering:
        return SurveyAnswering(
            self.repo, self.clock, self.translator, self.tz, self.deadlines, self.events
        )

    @cached_property
    def year(self) -> YearService:
        return YearService(self.repo, self.clock, self.translator, self.tz, self.deadlines)

    @cached_property
    def minutes(self) -> MinutesService:
        return MinutesService(
            self.repo,
            self.clock,
            self.translator,
            self.tz,
            self.deadlines,
            self.year,
            self.minutes_rules,
        )

    @cached_property
    def minutes_registry(self) -> MinutesRegistry:
        return MinutesRegistry(
            self.repo, self.clock, self.translator, self.tz, self.minutes, self.minutes_rules
        )
