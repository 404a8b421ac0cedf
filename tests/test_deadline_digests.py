"""Deadlines by the clock: escalation of late units to the coordinator (once; not for a unit
that handed in; again after a return), the methodologists' morning summary (working days,
nothing on a quiet day) and the bound groups' weekly digest (only what concerns each group,
nothing to a group with nothing); a restart in between sends each once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.factory import create_runtime
from bot.services.audience import Audience, Groups, Where
from bot.services.deadlines import DeadlineDraft, DeadlineService, UploadedFile
from bot.services.people import MemberInfo
from bot.storage.models import (
    AssociationLevel,
    BindingKind,
    ChatBinding,
    DeadlineUnit,
    Deliverable,
    Event,
    EventKind,
    EventStatus,
    Member,
    Role,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.conftest import make_settings
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
ESCALATION = "⚠️"
SUMMARY = "☀️ Сроки на"
DIGEST = "🗓 Неделя"


async def world(h: Harness) -> dict[str, int]:
    """A school with a coordinator, a head of its ШМО and two teachers; a second school with
    a teacher and no coordinator; a ГМО; the methodologist."""
    ids: dict[str, int] = {}
    ids["org"] = await seed.organisation(h, "СОШ № 1")
    ids["other"] = await seed.organisation(h, "Лицей № 3")
    ids["math"] = await seed.association(h, "ШМО математиков", organisation_id=ids["org"])
    ids["gmo"] = await seed.association(h, "ГМО физиков", AssociationLevel.MUNICIPAL)
    ids["admin"] = await seed.member(h, 9001, Role.METHODOLOGIST, "Смирнова Ольга")
    ids["coord"] = await seed.member(
        h, 9002, Role.COORDINATOR, "Орлова Нина", organisation_id=ids["org"]
    )
    ids["head"] = await seed.member(
        h, 9003, Role.HEAD, "Иванова Мария", organisation_id=ids["org"], head_of=[ids["math"]]
    )
    for n, uid in enumerate((9101, 9102, 9103)):
        ids[f"t{n}"] = await seed.member(
            h,
            uid,
            Role.TEACHER,
            f"Учитель {n}",
            organisation_id=ids["org"] if n < 2 else ids["other"],
            associations=[ids["math"]] if n < 2 else [],
        )
    for uid in (9001, 9002, 9003, 9101, 9102, 9103):
        h.double.add_user(uid, f"u{uid}", started=True)
    return ids


async def actor(h: Harness, member_id: int) -> MemberInfo:
    async with h.runtime.sessions() as session:
        return MemberInfo.of(await session.get(Member, member_id))  # type: ignore[arg-type]


def service(h: Harness, repo: object) -> DeadlineService:
    return DeadlineService(repo, h.clock, h.runtime.translator, MOSCOW)  # type: ignore[arg-type]


def local(day: date, at: time = time(23, 59)) -> datetime:
    return datetime.combine(day, at, tzinfo=MOSCOW).astimezone(UTC)


async def create(
    h: Harness,
    by: int,
    unit: DeadlineUnit,
    title: str,
    due: datetime,
    audience: Audience | None = None,
    kind: Deliverable = Deliverable.REPORT,
) -> int:
    who = await actor(h, by)
    draft = DeadlineDraft(
        title=title,
        kind=kind,
        unit=unit,
        due_at=due,
        audience=audience or Audience(),
        reminder_days=(),
    )
    async with unit_of_work(h.runtime.sessions) as repo:
        info = await service(h, repo).create(who, draft)
    await h.runtime.sender.drain()
    return info.id


async def submit(h: Harness, member_id: int, deadline_id: int, unit_id: int) -> None:
    who = await actor(h, member_id)
    async with unit_of_work(h.runtime.sessions) as repo:
        await service(h, repo).submit(
            who,
            deadline_id,
            unit_id,
            comment=None,
            files=[UploadedFile("f1", "document", "отчёт.docx", 1000)],
        )


async def give_back(h: Harness, by: int, deadline_id: int, unit_id: int) -> None:
    who = await actor(h, by)
    async with unit_of_work(h.runtime.sessions) as repo:
        await service(h, repo).return_unit(who, deadline_id, unit_id, "Нет подписи")
    await h.runtime.sender.drain()


def texts(h: Harness, chat_id: int, marker: str) -> list[str]:
    out = []
    for m in h.double.messages(chat_id):
        text = m.get("text") or m.get("caption") or ""
        if text.startswith(marker):
            out.append(text)
    return out


def buttons(h: Harness, chat_id: int, marker: str) -> list[list[dict[str, Any]]]:
    return [
        m.get("reply_markup", {}).get("inline_keyboard", [])
        for m in h.double.messages(chat_id)
        if (m.get("text") or "").startswith(marker)
    ]


async def run(h: Harness, job: str, at: datetime) -> int:
    h.clock.set(at)
    done = await getattr(h.runtime.jobs, job)()
    await h.runtime.sender.drain()
    return int(done)


async def restart(h: Harness) -> None:
    await h.runtime.aclose()
    h.runtime = create_runtime(
        make_settings(h.double, h.runtime.settings.database_url), clock=h.clock
    )


# --- escalation ------------------------------------------------------------------------------


async def test_a_late_unit_reaches_its_coordinator_once_and_again_after_a_return(
    harness: Harness,
) -> None:
    ids = await world(harness)
    due = local(date(2026, 12, 10))
    school = Audience(where=Where.ORGANISATIONS, organisations=(ids["org"], ids["other"]))
    personal = await create(
        harness, ids["admin"], DeadlineUnit.PERSON, "Отчёт о самообразовании", due, school
    )
    per_school = await create(
        harness, ids["admin"], DeadlineUnit.ORGANISATION, "Информационная карта", due
    )
    await submit(harness, ids["t0"], personal, ids["t0"])

    # Two days after the due time: not yet (the setting is 3 days).
    assert await run(harness, "escalate_deadlines", due + timedelta(days=2)) == 0
    assert texts(harness, 9002, ESCALATION) == []

    assert await run(harness, "escalate_deadlines", due + timedelta(days=3, minutes=1)) == 2
    [to_coordinator] = texts(harness, 9002, ESCALATION)
    assert "Отчёт о самообразовании" in to_coordinator
    assert "• Учитель 1" in to_coordinator
    assert "• Иванова Мария" in to_coordinator
    assert "Учитель 0" not in to_coordinator, "handed in: not reported"
    assert "Учитель 2" not in to_coordinator, "another school's teacher"
    assert "Орлова Нина" not in to_coordinator, "not told of herself"
    assert "Информационная карта" not in to_coordinator, "the school's own: she is the late one"
    assert buttons(harness, 9002, ESCALATION)[0][0][0]["text"].startswith("📊")

    # The methodologist (the author) hears of the schools and of those with no coordinator.
    [to_author] = texts(harness, 9001, ESCALATION)
    assert "Информационная карта" in to_author
    assert "• СОШ № 1" in to_author
    assert "• Лицей № 3" in to_author
    assert "• Учитель 2" in to_author, "a school without a coordinator: the author"
    assert "• Орлова Нина" in to_author, "the coordinator herself late: the author"

    assert await run(harness, "escalate_deadlines", due + timedelta(days=4)) == 0, "once"
    await restart(harness)
    assert await run(harness, "escalate_deadlines", due + timedelta(days=5)) == 0
    assert len(texts(harness, 9002, ESCALATION)) == 1

    # Handed in late, handed back: late again, and reported again.
    await submit(harness, ids["t1"], personal, ids["t1"])
    await give_back(harness, ids["admin"], personal, ids["t1"])
    assert await run(harness, "escalate_deadlines", due + timedelta(days=6)) == 1
    second = texts(harness, 9002, ESCALATION)[-1]
    assert "• Учитель 1" in second
    assert "Иванова Мария" not in second
    assert len(texts(harness, 9001, ESCALATION)) == 1
    assert per_school


async def test_a_cancelled_handed_in_or_survey_deadline_is_not_escalated(harness: Harness) -> None:
    ids = await world(harness)
    due = local(date(2026, 12, 10))
    math = Audience(where=Where.ASSOCIATIONS, associations=(ids["math"],))
    handed = await create(harness, ids["admin"], DeadlineUnit.ASSOCIATION, "Протокол", due, math)
    cancelled = await create(harness, ids["admin"], DeadlineUnit.PERSON, "Анкета", due, math)
    # a survey's deadline falls due when it closes: nobody can answer it any more
    await create(
        harness, ids["admin"], DeadlineUnit.PERSON, "Опрос", due, math, kind=Deliverable.SURVEY
    )
    await submit(harness, ids["head"], handed, ids["math"])
    admin = await actor(harness, ids["admin"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        await service(harness, repo).cancel(admin, cancelled)
    assert await run(harness, "escalate_deadlines", due + timedelta(days=10)) == 0
    assert texts(harness, 9002, ESCALATION) == []
    assert texts(harness, 9001, ESCALATION) == []


# --- the morning summary ---------------------------------------------------------------------


async def test_the_morning_summary_lists_what_fell_due_and_this_week_once(
    harness: Harness,
) -> None:
    ids = await world(harness)  # the clock: Monday 23.11.2026, 12:00 Moscow
    tuesday, friday = date(2026, 11, 24), date(2026, 11, 27)
    school = Audience(where=Where.ORGANISATIONS, organisations=(ids["org"],))
    yesterday = await create(
        harness, ids["admin"], DeadlineUnit.PERSON, "Анализ ВПР", local(tuesday, time(18)), school
    )
    await create(harness, ids["admin"], DeadlineUnit.ORGANISATION, "Заявка", local(friday))
    await create(
        harness, ids["admin"], DeadlineUnit.PERSON, "План на декабрь", local(date(2026, 12, 2))
    )
    done = await create(
        harness, ids["admin"], DeadlineUnit.PERSON, "Сдано всеми", local(tuesday), school
    )
    await submit(harness, ids["t0"], yesterday, ids["t0"])
    for who in ("coord", "head", "t0", "t1"):
        await submit(harness, ids[who], done, ids[who])

    wednesday = local(date(2026, 11, 25), time(8, 30))
    assert await run(harness, "morning_summary", wednesday) == 1
    [summary] = texts(harness, 9001, SUMMARY)
    assert "☀️ Сроки на 25.11.2026" in summary
    overdue, week = summary.split("🗓 Сроки этой недели:")
    assert "Срок прошёл вчера" in overdue
    assert "24.11.2026 18:00 — Анализ ВПР: сдали 1 из 4 (25 %)" in overdue
    assert "Сдано всеми" not in summary, "everyone handed in: not overdue"
    assert "27.11.2026 23:59 — Заявка: сдали 0 из 2 (0 %)" in week
    assert "План на декабрь" not in summary, "next week"
    assert [row[0]["text"] for row in buttons(harness, 9001, SUMMARY)[0]] == [
        "📊 Анализ ВПР",
        "📊 Заявка",
    ]
    assert texts(harness, 9002, SUMMARY) == [], "methodologists only"

    # A second run, a restart and the catch-up at start: still one.
    assert await run(harness, "morning_summary", wednesday + timedelta(minutes=5)) == 0
    await restart(harness)
    assert await run(harness, "catch_up", wednesday + timedelta(hours=1)) == 0
    assert len(texts(harness, 9001, SUMMARY)) == 1

    # Saturday: nothing; Monday: what fell due on Friday to Sunday.
    assert await run(harness, "morning_summary", local(date(2026, 11, 28), time(8, 30))) == 0
    assert await run(harness, "morning_summary", local(date(2026, 11, 30), time(8, 30))) == 1
    monday = texts(harness, 9001, SUMMARY)[-1]
    assert "Срок прошёл с 27.11 по вчера" in monday
    assert "Заявка" in monday
    assert "02.12.2026 23:59 — План на декабрь: сдали 0 из 6" in monday
    # A quiet day: nothing due since Friday, nothing this week.
    assert await run(harness, "morning_summary", local(date(2026, 12, 7), time(8, 30))) == 0
    assert len(texts(harness, 9001, SUMMARY)) == 2


async def test_the_summary_missed_while_down_is_sent_at_start_once(harness: Harness) -> None:
    ids = await world(harness)
    await create(
        harness, ids["admin"], DeadlineUnit.ORGANISATION, "Заявка", local(date(2026, 11, 27))
    )
    # The bot starts on Tuesday at 10:00, after the summary's time: today's summary now.
    tuesday = local(date(2026, 11, 24), time(10, 0))
    await restart(harness)
    assert await run(harness, "catch_up", tuesday) == 1
    await restart(harness)
    assert await run(harness, "catch_up", tuesday + timedelta(minutes=10)) == 0
    assert len(texts(harness, 9001, SUMMARY)) == 1
    # Before the time on the next day: nothing yet.
    assert await run(harness, "catch_up", local(date(2026, 11, 25), time(7, 0))) == 0
    assert len(texts(harness, 9001, SUMMARY)) == 1


# --- the weekly digest -----------------------------------------------------------------------


async def bind(h: Harness, chat_id: int, title: str, kind: BindingKind, **where: Any) -> int:
    h.double.add_group(chat_id, title)
    h.double.my_chat_member_update(chat_id, 9001, "member", "left")  # the bot is in it
    now = h.clock.now()
    async with h.runtime.sessions() as session, session.begin():
        row = ChatBinding(
            chat_id=chat_id,
            title=title,
            kind=kind,
            is_active=True,
            created_at=now,
            updated_at=now,
            **where,
        )
        session.add(row)
        await session.flush()
        return row.id


async def event(h: Harness, title: str, starts: datetime, audience: Audience) -> None:
    now = h.clock.now()
    async with h.runtime.sessions() as session, session.begin():
        session.add(
            Event(
                kind=EventKind.SEMINAR,
                title=title,
                starts_at=starts,
                all_day=False,
                competences=[],
                audience=audience.to_json(),
                reminder_minutes=[],
                status=EventStatus.PUBLISHED,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )


async def test_the_weekly_digest_posts_to_each_group_what_concerns_it_once(
    harness: Harness,
) -> None:
    ids = await world(harness)
    school_chat, math_chat, lyceum_chat, heads_chat = -1001, -1002, -1003, -1004
    await bind(
        harness, school_chat, "СОШ № 1", BindingKind.ORGANISATION, organisation_id=ids["org"]
    )
    await bind(harness, math_chat, "ШМО", BindingKind.ASSOCIATION, association_id=ids["math"])
    lyceum = await bind(
        harness, lyceum_chat, "Лицей", BindingKind.ORGANISATION, organisation_id=ids["other"]
    )
    await bind(
        harness, heads_chat, "ГМО", BindingKind.HEADS_LEVEL, level=AssociationLevel.MUNICIPAL
    )
    school = Audience(where=Where.ORGANISATIONS, organisations=(ids["org"],))
    math = Audience(where=Where.ASSOCIATIONS, associations=(ids["math"],))
    await event(harness, "Семинар в СОШ № 1", local(date(2026, 12, 2), time(15)), school)
    await event(harness, "Семинар через неделю", local(date(2026, 12, 9), time(15)), school)
    await event(harness, "Было в прошлую пятницу", local(date(2026, 11, 27), time(15)), school)
    await event(
        harness,
        "Вебинар ГМО для лицея",
        local(date(2026, 12, 3), time(14)),
        Audience(
            where=Where.ASSOCIATIONS,
            associations=(ids["gmo"],),
            groups=Groups.CHOSEN,
            group_ids=(lyceum,),
        ),
    )
    plan = await create(
        harness, ids["head"], DeadlineUnit.PERSON, "План ШМО", local(date(2026, 12, 10)), math
    )
    await create(
        harness, ids["admin"], DeadlineUnit.PERSON, "Далёкий срок", local(date(2026, 12, 20))
    )
    await submit(harness, ids["t0"], plan, ids["t0"])

    monday = local(date(2026, 11, 30), time(8, 0))
    assert await run(harness, "group_digests", monday) == 3
    [to_school] = texts(harness, school_chat, DIGEST)
    assert to_school.startswith("🗓 Неделя 30.11 – 06.12.2026")
    assert "Семинар в СОШ № 1" in to_school
    assert "Семинар через неделю" not in to_school
    assert "Было в прошлую" not in to_school
    assert "План ШМО" not in to_school, "the ШМО's members' deadline, not the school's"
    [to_math] = texts(harness, math_chat, DIGEST)
    assert "Семинар в СОШ № 1" in to_math, "an association of the school"
    assert "10.12.2026 23:59 — План ШМО: сдали 1 из 3 (33 %)" in to_math
    assert "Сроки на 14 дней вперёд" in to_math
    assert "Далёкий срок" not in to_math, "beyond 14 days"
    [to_lyceum] = texts(harness, lyceum_chat, DIGEST)
    assert "Вебинар ГМО для лицея" in to_lyceum
    assert "Семинар" not in to_lyceum
    assert texts(harness, heads_chat, DIGEST) == [], "nothing to say: nothing posted"

    # The job again, a restart and the catch-up later in the week: never twice.
    assert await run(harness, "group_digests", monday + timedelta(minutes=1)) == 0
    await restart(harness)
    assert await run(harness, "catch_up", local(date(2026, 12, 2), time(9))) == 0
    assert len(texts(harness, math_chat, DIGEST)) == 1
    # The next week's digest is a new one.
    assert await run(harness, "group_digests", local(date(2026, 12, 7), time(8))) >= 1
    assert len(texts(harness, math_chat, DIGEST)) == 2


async def test_the_digest_missed_while_down_is_posted_at_start(harness: Harness) -> None:
    ids = await world(harness)
    chat = -1001
    await bind(harness, chat, "СОШ № 1", BindingKind.ORGANISATION, organisation_id=ids["org"])
    await event(
        harness,
        "Педсовет",
        local(date(2026, 12, 4), time(15)),
        Audience(where=Where.ORGANISATIONS, organisations=(ids["org"],)),
    )
    await restart(harness)
    assert await run(harness, "catch_up", local(date(2026, 12, 1), time(12))) == 1
    [posted] = texts(harness, chat, DIGEST)
    assert "Педсовет" in posted
    await restart(harness)
    assert await run(harness, "catch_up", local(date(2026, 12, 1), time(13))) == 0
    assert len(texts(harness, chat, DIGEST)) == 1


async def test_the_jobs_are_registered_with_the_settings_times(harness: Harness) -> None:
    ids = {job_id for job_id, _ in harness.runtime.scheduler.jobs()}
    assert {"deadline-escalation", "deadline-summary", "deadline-digest"} <= ids
    after = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # a Friday
    summary = harness.runtime.scheduler.next_fire("deadline-summary", after)
    digest = harness.runtime.scheduler.next_fire("deadline-digest", after)
    assert summary is not None
    assert digest is not None
    assert summary.astimezone(MOSCOW).replace(tzinfo=None) == datetime(2026, 11, 30, 8, 30)
    assert digest.astimezone(MOSCOW).replace(tzinfo=None) == datetime(2026, 11, 30, 8, 0)


async def test_the_status_card_lists_the_people_who_owe_a_per_person_deadline(
    harness: Harness,
) -> None:
    ids = await world(harness)
    school = Audience(where=Where.ORGANISATIONS, organisations=(ids["org"],))
    deadline = await create(
        harness, ids["admin"], DeadlineUnit.PERSON, "Анализ", local(date(2026, 12, 10)), school
    )
    await submit(harness, ids["t0"], deadline, ids["t0"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        row = await repo.deadlines.get(deadline)
        assert row is not None
        owing = await repo.deadlines.units(row, owed_only=True, limit=2)
        every = await repo.deadlines.units(row)
    assert [u.name for u in owing] == ["Иванова Мария", "Орлова Нина"]
    assert {u.name for u in every} == {"Иванова Мария", "Орлова Нина", "Учитель 0", "Учитель 1"}
    assert all(u.actors == 1 for u in every)
