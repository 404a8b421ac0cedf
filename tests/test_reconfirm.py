"""The twice-yearly «Ваши данные актуальны?»: scheduled, asked once per round, answered."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bot.factory import create_runtime
from bot.storage.models import Member, OutboxMessage, Role
from tests import seed
from tests.conftest import make_settings
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")


async def set_confirmed(h: Harness, member_id: int, when: datetime) -> None:
    async with h.runtime.sessions() as session, session.begin():
        await session.execute(
            update(Member).where(Member.id == member_id).values(confirmed_at=when)
        )


async def test_members_are_asked_once_per_round_and_answer(harness: Harness) -> None:
    harness.clock.set(datetime(2027, 2, 1, 10, 0, tzinfo=MOSCOW))
    org = await seed.organisation(harness, "СОШ № 1")
    stale = await seed.member(
        harness, 7001, Role.TEACHER, "Петрова Анна", organisation_id=org, career_start_year=2020
    )
    fresh = await seed.member(harness, 7002, Role.TEACHER, "Орлова Вера", organisation_id=org)
    english = await seed.member(harness, 7003, Role.HEAD, "Smith John", organisation_id=org)
    await set_confirmed(harness, stale, datetime(2026, 9, 5, tzinfo=UTC))
    await set_confirmed(harness, english, datetime(2026, 9, 5, tzinfo=UTC))
    await set_confirmed(
        harness, fresh, datetime(2027, 2, 1, 7, 0, tzinfo=UTC)
    )  # after the round began
    async with harness.runtime.sessions() as session, session.begin():
        await session.execute(update(Member).where(Member.id == english).values(locale="en"))
    anna = harness.person("Анна", "Петрова", user_id=7001)
    vera = harness.person("Вера", "Орлова", user_id=7002)
    john = harness.person("John", "Smith", user_id=7003, language_code="en")
    for person in (anna, vera, john):
        harness.double.add_user(person.id, person.first_name, started=True)

    assert await harness.runtime.jobs.reconfirm() == 2
    await harness.runtime.sender.drain()
    assert anna.last().text == "Проверьте, пожалуйста, ваши данные — всё ли актуально?"
    assert anna.last().buttons == ["Да", "Изменить"]
    assert john.last().text == "Please check your details: is everything still right?"
    assert vera.messages() == []

    assert await harness.runtime.jobs.reconfirm() == 0, (
        "a second run in the same round adds nothing"
    )
    await harness.runtime.sender.drain()
    assert len(anna.messages()) == 1

    harness.clock.set(datetime(2027, 2, 2, 9, 0, tzinfo=MOSCOW))
    [thanks] = await anna.press("Да")
    assert thanks.text == "Спасибо! Данные отмечены как актуальные."
    [card] = await john.press("Change")
    assert card.text.startswith("Your profile")
    async with harness.runtime.sessions() as session:
        confirmed = await session.scalar(select(Member.confirmed_at).where(Member.id == stale))
        rows = await session.scalar(select(OutboxMessage.source).limit(1))
    assert confirmed == harness.clock.now()
    assert rows == "reconfirm:2027-02-01"


async def test_a_round_missed_while_down_is_caught_up_within_two_weeks(harness: Harness) -> None:
    org = await seed.organisation(harness, "СОШ № 1")
    member = await seed.member(harness, 7001, Role.TEACHER, "Петрова Анна", organisation_id=org)
    await set_confirmed(harness, member, datetime(2026, 3, 1, tzinfo=UTC))
    harness.clock.set(datetime(2026, 8, 31, 12, 0, tzinfo=MOSCOW))
    assert await harness.runtime.jobs.catch_up() == 0, (
        "the new round has not begun: 1 February was asked"
    )
    harness.clock.set(datetime(2026, 9, 1, 9, 0, tzinfo=MOSCOW))
    assert await harness.runtime.jobs.catch_up() == 0, "before the hour of the round"
    harness.clock.set(datetime(2026, 9, 10, 9, 0, tzinfo=MOSCOW))
    assert await harness.runtime.jobs.catch_up() == 1
    harness.clock.set(datetime(2026, 9, 20, 9, 0, tzinfo=MOSCOW))
    assert await harness.runtime.jobs.catch_up() == 0, (
        "more than two weeks late: wait for the next round"
    )


async def test_jobs_fire_at_the_hour_of_the_deployments_time_zone(harness: Harness) -> None:
    settings = make_settings(
        harness.double,
        harness.runtime.settings.database_url,
        timezone="Asia/Yekaterinburg",
        reconfirm_dates="09-01,02-01",
    )
    runtime = create_runtime(settings, clock=harness.clock)
    try:
        after = datetime(2026, 11, 23, tzinfo=UTC)
        assert runtime.scheduler.next_fire("reconfirm-02-01", after) == datetime(
            2027, 2, 1, 5, 0, tzinfo=UTC
        )
        assert runtime.scheduler.next_fire("reconfirm-09-01", after) == datetime(
            2027, 9, 1, 5, 0, tzinfo=UTC
        )
        assert sorted(job_id for job_id, _ in runtime.scheduler.jobs()) == [
            "deadline-digest",
            "deadline-escalation",
            "deadline-roll",
            "deadline-summary",
            "event-reminders",
            "handled-updates-prune",
            "reconfirm-02-01",
            "reconfirm-09-01",
            "survey-campaign",
            "survey-campaign-summary",
            "survey-open",
        ]
        # the October campaign: 1 October 09:00 there
        assert runtime.scheduler.next_fire("survey-campaign", after) == datetime(
            2027, 10, 1, 4, 0, tzinfo=UTC
        )
    finally:
        await runtime.aclose()
