"""Launching surveys: a survey reaches exactly its audience, opens at its time, closes early
or is extended; the October campaign opens on its date for young specialists only, once,
reminds weekly those who have not answered and sums up each Monday; templates uploaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.factory import create_runtime
from bot.keyboards.deadlines import NUDGE, DlmCb
from bot.keyboards.survey_new import SvnCb
from bot.services.audience import Audience, Where
from bot.services.deadlines import DeadlineService
from bot.services.errors import DomainError, NotAllowed
from bot.services.people import MemberInfo
from bot.services.surveys.launch import SurveyLaunchService
from bot.storage.models import (
    AuditEntry,
    Deadline,
    Member,
    Reminder,
    ReminderStatus,
    Role,
    Survey,
    SurveyStatus,
    SurveyTemplate,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.conftest import make_settings
from tests.harness import Harness, Person, Seen
from tests.worlds import forge, presses

MOSCOW = ZoneInfo("Europe/Moscow")
INVITE = "📋 Новый опрос"
REMIND = "⏰ Напоминание: опрос"


def local(day: date, at: time = time(9, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=MOSCOW).astimezone(UTC)


async def world(h: Harness) -> dict[str, int]:
    """Two schools, a methodologist, a coordinator of the first; two young teachers (one in
    each school), an older one, and a teacher with no career year."""
    ids: dict[str, int] = {}
    ids["org"] = await seed.organisation(h, "СОШ № 1")
    ids["other"] = await seed.organisation(h, "Лицей № 3")
    ids["admin"] = await seed.member(h, 9001, Role.METHODOLOGIST, "Смирнова Ольга")
    ids["coord"] = await seed.member(
        h, 9002, Role.COORDINATOR, "Орлова Нина", organisation_id=ids["org"]
    )
    ids["young1"] = await seed.member(
        h, 9101, Role.TEACHER, "Юнова Аня", organisation_id=ids["org"], career_start_year=2025
    )
    ids["young2"] = await seed.member(
        h, 9102, Role.TEACHER, "Новиков Петр", organisation_id=ids["other"], career_start_year=2024
    )
    ids["old"] = await seed.member(
        h, 9103, Role.TEACHER, "Старова Вера", organisation_id=ids["org"], career_start_year=2015
    )
    ids["plain"] = await seed.member(
        h, 9104, Role.TEACHER, "Простова Ира", organisation_id=ids["other"]
    )
    for uid in (9001, 9002, 9101, 9102, 9103, 9104):
        h.double.add_user(uid, f"u{uid}", started=True)
    return ids


async def actor(h: Harness, member_id: int) -> MemberInfo:
    async with h.runtime.sessions() as session:
        return MemberInfo.of(await session.get(Member, member_id))  # type: ignore[arg-type]


def launcher(h: Harness, repo: object) -> SurveyLaunchService:
    return SurveyLaunchService(repo, h.clock, h.runtime.translator, MOSCOW)  # type: ignore[arg-type]


def texts(h: Harness, chat_id: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in h.double.messages(chat_id)]


def count(h: Harness, chat_id: int, fragment: str) -> int:
    return sum(fragment in t for t in texts(h, chat_id))


async def launch(h: Harness, by: int, key: str, audience: Audience, **kw: datetime) -> Survey:
    who = await actor(h, by)
    opens = kw.get("opens", h.clock.now())
    closes = kw.get("closes", h.clock.now() + timedelta(days=14))
    async with unit_of_work(h.runtime.sessions) as repo:
        survey = await launcher(h, repo).launch(who, key, audience, opens, closes)
    await h.runtime.sender.drain()
    return survey


async def complete(h: Harness, deadline_id: int, unit_id: int) -> None:
    async with unit_of_work(h.runtime.sessions) as repo:
        service = DeadlineService(repo, h.clock, h.runtime.translator, MOSCOW)
        assert await service.complete(deadline_id, unit_id, by="survey:1")


async def tick(h: Harness, moment: datetime) -> None:
    h.clock.set(moment)
    await h.runtime.jobs.open_surveys()
    await h.runtime.jobs.fire_reminders()
    await h.runtime.sender.drain()


# --- launching by hand ----------------------------------------------------------------------


async def test_a_survey_reaches_exactly_its_audience_and_makes_waves(harness: Harness) -> None:
    ids = await world(harness)
    first = await launch(
        harness,
        ids["admin"],
        "diagnostics",
        Audience(where=Where.ORGANISATIONS, organisations=(ids["org"],)),
    )
    assert first.wave == 1
    assert first.deadline_id is not None
    assert first.announced_at is not None
    for uid in (9002, 9101, 9103):
        assert count(harness, uid, INVITE) == 1, uid
        message = harness.double.messages(uid)[-1]
        assert "📝 Пройти опрос" in str(message.get("reply_markup"))
    for uid in (9102, 9104, 9001):
        assert count(harness, uid, INVITE) == 0, uid
    second = await launch(harness, ids["coord"], "diagnostics", Audience())
    assert second.wave == 2
    async with harness.runtime.sessions() as session:
        deadline = await session.get(Deadline, second.deadline_id)
        assert deadline is not None
        assert deadline.organisation_id == ids["org"], "a coordinator's stays in its school"
    assert count(harness, 9102, INVITE) == 0


async def test_a_survey_opening_later_is_announced_by_the_job_at_its_time(
    harness: Harness,
) -> None:
    ids = await world(harness)
    opens = harness.clock.now() + timedelta(days=2)
    survey = await launch(
        harness,
        ids["admin"],
        "young-teacher-difficulties",
        Audience(),
        opens=opens,
        closes=opens + timedelta(days=21),
    )
    assert survey.announced_at is None
    await tick(harness, opens - timedelta(minutes=1))
    assert count(harness, 9101, INVITE) == 0
    await tick(harness, opens)
    assert count(harness, 9101, INVITE) == 1
    await tick(harness, opens + timedelta(minutes=1))
    assert count(harness, 9101, INVITE) == 1, "once"
    async with harness.runtime.sessions() as session:
        row = await session.get(Survey, survey.id)
        assert row is not None
        assert row.announced_at == opens
        reminders = await session.scalar(
            select(func.min(Reminder.due_at)).where(
                Reminder.source_kind == "deadline", Reminder.source_id == survey.deadline_id
            )
        )
        assert reminders is not None
        assert reminders > opens, "no reminder before it opens"


async def test_closing_early_stops_reminders_and_extending_moves_the_deadline(
    harness: Harness,
) -> None:
    ids = await world(harness)
    admin = await actor(harness, ids["admin"])
    start = harness.clock.now()
    closes = start + timedelta(days=10)
    one = await launch(harness, ids["admin"], "diagnostics", Audience(), closes=closes)
    two = await launch(
        harness, ids["admin"], "young-teacher-difficulties", Audience(), closes=closes
    )
    later = start + timedelta(days=30)
    async with unit_of_work(harness.runtime.sessions) as repo:
        closed = await launcher(harness, repo).close_early(admin, one.id)
        assert closed.status is SurveyStatus.CLOSED
        extended = await launcher(harness, repo).extend(admin, two.id, later)
        assert extended.closes_at == later
    async with harness.runtime.sessions() as session:
        deadline = await session.get(Deadline, two.deadline_id)
        assert deadline is not None
        assert deadline.due_at == later
        pending = await session.scalars(
            select(Reminder.due_at).where(
                Reminder.source_id == one.deadline_id,
                Reminder.source_kind == "deadline",
                Reminder.status == ReminderStatus.PENDING,
            )
        )
        assert list(pending) == []
        moved = list(
            await session.scalars(
                select(Reminder.due_at).where(
                    Reminder.source_id == two.deadline_id,
                    Reminder.source_kind == "deadline",
                    Reminder.status == ReminderStatus.PENDING,
                )
            )
        )
        assert moved
        assert max(moved) > closes, "the reminders follow the new closing"
    for day in range(1, 31):
        await tick(harness, local(start.astimezone(MOSCOW).date() + timedelta(days=day)))
    reminded = texts(harness, 9101)
    assert not any(REMIND in t and "Диагностика" in t for t in reminded), "closed: silent"
    assert any(REMIND in t for t in reminded), "extended: still reminded"
    async with unit_of_work(harness.runtime.sessions) as repo:
        with pytest.raises(DomainError) as caught:
            await launcher(harness, repo).close_early(admin, one.id)
    assert caught.value.key == "survey-launch-error-closed"


async def test_bad_launches_are_refused_and_nothing_is_written(harness: Harness) -> None:
    ids = await world(harness)
    admin = await actor(harness, ids["admin"])
    teacher = await actor(harness, ids["old"])
    now = harness.clock.now()
    bad = [
        (admin, "diagnostics", Audience(), now, now - timedelta(days=1), "closes-before"),
        (
            admin,
            "diagnostics",
            Audience(),
            now - timedelta(hours=1),
            now + timedelta(days=3),
            "opens-past",
        ),
        (admin, "nope", Audience(), now, now + timedelta(days=3), "no-template"),
        (
            admin,
            "diagnostics",
            Audience(where=Where.ORGANISATIONS, organisations=(999,)),
            now,
            now + timedelta(days=3),
            "no-units",
        ),
        (teacher, "diagnostics", Audience(), now, now + timedelta(days=3), "not-allowed"),
    ]
    for who, key, audience, opens, closes, error in bad:
        async with unit_of_work(harness.runtime.sessions) as repo:
            with pytest.raises((DomainError, NotAllowed)) as caught:
                await launcher(harness, repo).launch(who, key, audience, opens, closes)
        assert caught.value.key.endswith(error), (error, caught.value.key)
    async with harness.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Survey)) == 0
        assert await session.scalar(select(func.count()).select_from(Deadline)) == 0


# --- the October campaign -------------------------------------------------------------------


async def test_the_october_campaign_opens_once_for_young_specialists_reminds_and_sums_up(
    harness: Harness,
) -> None:
    ids = await world(harness)
    harness.clock.set(local(date(2026, 10, 1), time(8, 59)))
    assert await harness.runtime.jobs.campaign() == 0, "before its time"
    harness.clock.set(local(date(2026, 10, 1)))
    assert await harness.runtime.jobs.campaign() == 1
    assert await harness.runtime.jobs.campaign() == 0, "once"
    await harness.runtime.sender.drain()
    assert count(harness, 9101, INVITE) == 1
    assert count(harness, 9102, INVITE) == 1
    for uid in (9103, 9104, 9001, 9002):
        assert count(harness, uid, INVITE) == 0, uid

    # a restart the same day: the catch-up opens nothing new
    await harness.runtime.aclose()
    harness.runtime = create_runtime(
        make_settings(harness.double, harness.runtime.settings.database_url), clock=harness.clock
    )
    harness.clock.set(local(date(2026, 10, 2), time(12, 0)))
    await harness.runtime.jobs.catch_up()
    await harness.runtime.sender.drain()
    assert count(harness, 9101, INVITE) == 1
    async with harness.runtime.sessions() as session:
        survey = await session.scalar(select(Survey).where(Survey.campaign == "october-2026"))
        assert survey is not None
        assert survey.author_id is None
        assert survey.deadline_id is not None
        assert await session.scalar(select(func.count()).select_from(Survey)) == 1
        deadline_id = survey.deadline_id
    await complete(harness, deadline_id, ids["young2"])

    # weekly reminders, only to the one who has not answered
    for day in range(2, 32):
        await tick(harness, local(date(2026, 10, day), time(9, 0)))
    assert count(harness, 9101, REMIND) == 4, texts(harness, 9101)
    assert count(harness, 9102, REMIND) == 0

    # Mondays of the campaign: the summary to the methodologist, once a day
    harness.clock.set(local(date(2026, 10, 12)))
    assert await harness.runtime.jobs.campaign_summary() == 1
    assert await harness.runtime.jobs.campaign_summary() == 0
    await harness.runtime.sender.drain()
    summary = texts(harness, 9001)[-1]
    assert "ответили 1 из 2" in summary
    assert "СОШ № 1: 0 из 1" in summary
    assert "Лицей № 3: 1 из 1" in summary
    assert count(harness, 9002, "📊") == 0


async def test_a_campaign_with_nobody_to_ask_opens_nothing_and_raises_nothing(
    harness: Harness,
) -> None:
    await seed.methodologist(harness)
    harness.clock.set(local(date(2026, 10, 1)))
    assert await harness.runtime.jobs.campaign() == 0
    await harness.runtime.jobs.catch_up()
    async with harness.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Survey)) == 0
        assert await session.scalar(select(func.count()).select_from(Deadline)) == 0


async def test_extending_and_closing_are_refused_to_others_and_backwards(
    harness: Harness,
) -> None:
    ids = await world(harness)
    survey = await launch(harness, ids["admin"], "diagnostics", Audience())
    teacher, coord = await actor(harness, ids["old"]), await actor(harness, ids["coord"])
    later = survey.closes_at + timedelta(days=7)
    for who, moment, key in (
        (teacher, later, "survey-launch-error-not-allowed"),
        (coord, later, "deadline-error-not-allowed"),
        (
            await actor(harness, ids["admin"]),
            survey.closes_at - timedelta(days=1),
            "survey-launch-error-extend-earlier",
        ),
    ):
        async with unit_of_work(harness.runtime.sessions) as repo:
            with pytest.raises((DomainError, NotAllowed)) as caught:
                await launcher(harness, repo).extend(who, survey.id, moment)
        assert caught.value.key == key
    async with unit_of_work(harness.runtime.sessions) as repo:
        with pytest.raises(NotAllowed):
            await launcher(harness, repo).close_early(coord, survey.id)
    async with harness.runtime.sessions() as session:
        row = await session.get(Survey, survey.id)
        assert row is not None
        assert (row.status, row.closes_at) == (SurveyStatus.OPEN, survey.closes_at)


async def test_the_campaign_is_caught_up_within_its_window_only(harness: Harness) -> None:
    await world(harness)
    harness.clock.set(local(date(2026, 9, 30), time(12, 0)))
    assert await harness.runtime.jobs.catch_up() >= 0
    harness.clock.set(local(date(2026, 11, 2), time(12, 0)))
    await harness.runtime.jobs.catch_up()
    async with harness.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Survey)) == 0
    harness.clock.set(local(date(2026, 10, 5), time(12, 0)))
    await harness.runtime.jobs.catch_up()
    await harness.runtime.jobs.catch_up()
    await harness.runtime.sender.drain()
    assert count(harness, 9101, INVITE) == 1
    async with harness.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Survey)) == 1


# --- templates ------------------------------------------------------------------------------

GOOD = """\
key: school-climate
title: Климат в школе
anonymous: true
questions:
  - id: mood
    type: scale
    text: Как вам работается?
    low_label: плохо
    high_label: отлично
  - id: why
    type: text
    text: Почему?
    required: false
    show_if: {question: mood, one_of: [1, 2]}
"""

BROKEN = """\
key: broken
title: Сломанный
anonymous: true
questions:
  - id: a
    type: yesno
    text: Первый?
    show_if: {question: b, equals: "yes"}
  - id: b
    type: yesno
    text: Второй?
  - id: b
    type: text
    text: Снова второй?
"""


async def test_an_uploaded_template_is_offered_and_a_broken_one_stores_nothing(
    harness: Harness,
) -> None:
    ids = await world(harness)
    admin = await actor(harness, ids["admin"])
    coord = await actor(harness, ids["coord"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        template, replaced = await launcher(harness, repo).upload(
            admin, "climate.yaml", GOOD.encode()
        )
        assert (template.key, replaced) == ("school-climate", False)
        keys = [c.key for c in await launcher(harness, repo).templates()]
        assert "school-climate" in keys
        assert "diagnostics" in keys
    for who, name, data, error in (
        (admin, "b.yaml", BROKEN.encode(), "survey-template-errors"),
        (admin, "c.yaml", b"key: [unclosed", "survey-template-errors"),
        (admin, "d.yaml", GOOD.replace("school-climate", "diagnostics").encode(), "builtin-key"),
        (admin, "e.txt", GOOD.encode(), "not-yaml"),
        (coord, "f.yaml", GOOD.encode(), "not-allowed"),
    ):
        async with unit_of_work(harness.runtime.sessions) as repo:
            with pytest.raises((DomainError, NotAllowed)) as caught:
                await launcher(harness, repo).upload(who, name, data)
        assert caught.value.key.endswith(error), (name, caught.value.key)
    async with harness.runtime.sessions() as session:
        assert list(await session.scalars(select(SurveyTemplate.key))) == ["school-climate"]
    survey = await launch(harness, ids["admin"], "school-climate", Audience())
    assert survey.title == "Климат в школе"
    assert survey.anonymous


# --- through the chat -----------------------------------------------------------------------


@dataclass
class Chat:
    admin: Person
    young: Person
    old: Person
    ids: dict[str, int]


async def chat_world(h: Harness) -> Chat:
    admin = await seed.methodologist(h)
    school = await seed.organisation(h, "Школа № 1")
    young, old = h.person("Аня", "Юнова"), h.person("Вера", "Старова")
    ids = {
        "school": school,
        "young": await seed.member(
            h, young.id, Role.TEACHER, "Юнова Аня", organisation_id=school, career_start_year=2025
        ),
        "old": await seed.member(
            h, old.id, Role.TEACHER, "Старова Вера", organisation_id=school, career_start_year=2010
        ),
    }
    for person in (young, old):
        await person.send("/help")
    return Chat(admin, young, old, ids)


async def surveys_in(h: Harness) -> list[Survey]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(Survey).order_by(Survey.id)))


async def to_audience(person: Person, title: str = "Анкета молодого специалиста") -> list[Seen]:
    await person.send("/survey_new")
    return await person.press(title)


async def test_survey_new_launches_once_to_exactly_its_audience(harness: Harness) -> None:
    h = harness
    w = await chat_world(h)
    shown = await w.admin.send("/survey_new")
    assert "Какой опрос запустить?" in shown[-1].text
    assert "Анкета молодого специалиста" in shown[-1].buttons
    assert "Диагностика профессиональных затруднений" in shown[-1].buttons
    shown = await w.admin.press("Анкета молодого специалиста")
    assert "Кого опросить?" in shown[-1].text
    await presses(w.admin, "Кому…", "Молодые специалисты")
    shown = await w.admin.press("Далее")
    assert "Когда открыть опрос?" in shown[-1].text
    shown = await w.admin.press("Сейчас")
    assert "Когда закрыть опрос?" in shown[-1].text
    shown = await w.admin.send("когда-нибудь")
    assert "Когда закрыть опрос?" not in shown[-1].text, "an unreadable date is refused"
    shown = await w.admin.send("10.12")
    assert shown[0].text == "Закрыть: 10.12.2026 23:59"
    preview = shown[-1]
    assert "Опрос «Анкета молодого специалиста»" in preview.text
    assert "вопрос" in preview.text
    assert "1 человек" in preview.text
    assert preview.buttons == ["🚀 Запустить", "Изменить", "Отмена"]
    shown = await w.admin.press("🚀 Запустить")
    assert "запущен" in w.admin.last().text
    answers = await forge(h, w.admin, SvnCb(act="L", w=wizard_id(preview)).pack())
    assert answers == ["Этот опрос уже запущен. Список опросов — /surveys."]
    assert len(await surveys_in(h)) == 1
    await h.runtime.sender.drain()
    invites = [m for m in w.young.messages() if INVITE in m.text]
    assert len(invites) == 1
    assert "📝 Пройти опрос" in invites[0].buttons
    assert not [m for m in w.old.messages() if INVITE in m.text]

    # /surveys: the rate, the card, closing early
    shown = await w.admin.send("/surveys")
    assert "• Анкета молодого специалиста — ответили 0 из 1 (до 10.12.2026 23:59)" in shown[-1].text
    assert shown[-1].buttons == ["Анкета молодого специалиста"]
    shown = await w.admin.press("Анкета молодого специалиста")
    card = w.admin.last()
    assert "Ответили 0 из 1." in card.text
    assert "/results" in card.text
    await w.admin.press("⏰ Напомнить отстающим")
    assert w.admin.alerts()[-1] == "Напоминание отправлено 1 человеку."
    await w.admin.press("Продлить")
    shown = await w.admin.send("10.12")
    assert "позже нынешней" in shown[-1].text
    shown = await w.admin.send("20.12")
    assert shown[-1].text == (
        "Опрос «Анкета молодого специалиста» продлён до 20.12.2026 23:59. Напоминания перенесены."
    )
    async with h.runtime.sessions() as session:
        due = await session.scalar(select(Deadline.due_at))
        assert due == local(date(2026, 12, 20), time(23, 59))
    await w.admin.send("/surveys")
    await w.admin.press("Анкета молодого специалиста")
    await w.admin.press("Закрыть досрочно")
    await w.admin.press("Да, закрыть")
    assert "Опрос закрыт." in w.admin.last().text
    assert "закрыт досрочно" in w.admin.last().text
    [survey] = await surveys_in(h)
    assert survey.status is SurveyStatus.CLOSED
    await w.young.press("📝 Пройти опрос", invites[0])
    said = [*w.young.alerts(), w.young.last().text]
    assert any("уже закрыт" in t for t in said), said
    shown = await w.admin.send("/survey_new")
    assert "«Анкета молодого специалиста» — волна 2: прошлый запуск 23.11.2026" in shown[-1].text


async def test_survey_new_refuses_an_audience_with_nobody_and_a_past_opening(
    harness: Harness,
) -> None:
    h = harness
    w = await chat_world(h)
    await to_audience(w.admin)
    await presses(w.admin, "Кому…", "Наставники", "Далее")
    shown = await w.admin.send("вчера")
    assert "в прошлом" in shown[-1].text
    shown = await w.admin.send("12.12 09:00")
    assert shown[0].text == "Открыть: 12.12.2026 09:00"
    shown = await w.admin.send("10.12")
    assert "закрываться позже" in shown[-1].text
    shown = await w.admin.send("20.12")
    assert shown[-1].text.startswith("Запустить так нельзя")
    assert "🚀 Запустить" not in shown[-1].buttons
    assert await surveys_in(h) == []


async def test_templates_are_downloaded_and_uploaded_through_the_chat(harness: Harness) -> None:
    h = harness
    w = await chat_world(h)
    shown = await w.admin.send("/survey_templates")
    assert "⬇️ Анкета молодого специалиста (встроенный)" in shown[-1].buttons
    shown = await w.admin.press("⬇️ Анкета молодого специалиста (встроенный)")
    assert shown[-1].raw.get("document") is not None
    shown = await w.admin.send_document(("broken.yaml", BROKEN.encode(), "application/x-yaml"))
    assert "broken.yaml" in shown[-1].text
    assert shown[-1].text.count("•") >= 2, shown[-1].text
    shown = await w.admin.send_document(("bad.yaml", b"key: [unclosed", "application/x-yaml"))
    assert "bad.yaml" in shown[-1].text
    async with h.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(SurveyTemplate)) == 0
    shown = await w.admin.send_document(("climate.yaml", GOOD.encode(), "application/x-yaml"))
    assert "сохранён" in shown[-1].text
    shown = await w.admin.send("/survey_new")
    assert "Климат в школе" in shown[-1].buttons


def wizard_id(seen: Seen) -> int:
    data = seen.raw["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return SvnCb.unpack(data).w


async def test_closing_early_makes_the_deadline_due_then_everywhere(harness: Harness) -> None:
    """«Закрыть досрочно» moves the survey's deadline to the closing time: the status card,
    the lists of /deadlines and the reports count it as due, no reminder goes and the
    deadline's «Напомнить отстающим» is no longer offered (nor taken when forged)."""
    h = harness
    w = await chat_world(h)
    async with h.runtime.sessions() as session:
        admin_id = await session.scalar(select(Member.id).where(Member.role == Role.METHODOLOGIST))
    assert admin_id is not None
    start = h.clock.now()
    survey = await launch(h, admin_id, "young-teacher-difficulties", Audience())
    shown = await w.old.send("/deadlines")
    assert "Затруднения молодого педагога — осталось 14 дней" in shown[-1].text

    h.clock.advance(timedelta(hours=1))
    closed_at = h.clock.now()
    await w.admin.send("/surveys")
    await presses(w.admin, "Затруднения молодого педагога", "Закрыть досрочно", "Да, закрыть")
    assert "закрыт досрочно" in w.admin.last().text
    async with h.runtime.sessions() as session:
        deadline = await session.get(Deadline, survey.deadline_id)
        assert deadline is not None
        assert deadline.due_at == closed_at
        pending = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(
                Reminder.source_id == survey.deadline_id,
                Reminder.source_kind == "deadline",
                Reminder.status == ReminderStatus.PENDING,
            )
        )
        assert pending == 0
        moved = await session.scalar(
            select(AuditEntry.details).where(
                AuditEntry.action == "deadline.moved", AuditEntry.object_id == survey.deadline_id
            )
        )
        assert moved is not None
        assert moved["to"] == closed_at.isoformat()

    h.clock.advance(timedelta(minutes=1))
    # the methodologist's list and the status card: due at the closing, the silent are late
    shown = await w.admin.send("/deadlines")
    assert "Затруднения молодого педагога — срок 23.11.2026 13:00" in shown[-1].text
    shown = await w.admin.press("Затруднения молодого педагога — 0/3")
    card = w.admin.last()
    assert "Срок: 23.11.2026 13:00" in card.text
    assert "Просрочили: 3" in card.text
    assert "🔔 Напомнить отстающим" not in card.buttons
    answers = await forge(h, w.admin, DlmCb(act=NUDGE, id=survey.deadline_id).pack())  # type: ignore[arg-type]
    assert any("закрыт" in a for a in answers), answers
    # the teacher's list leaves it out: a closed survey takes no answers
    shown = await w.old.send("/deadlines")
    assert "Затруднения молодого педагога" not in shown[-1].text
    # no reminder of it on any later day
    before = texts(h, w.old.id)
    for day in range(1, 16):
        await tick(h, local(start.astimezone(MOSCOW).date() + timedelta(days=day)))
    assert not [t for t in texts(h, w.old.id)[len(before) :] if REMIND in t]
