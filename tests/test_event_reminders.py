"""Events in the core: publication through the outbox, reminders fired once across
restarts, notices of changes (those coming first), the calendar file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import select

from bot.factory import create_runtime
from bot.services.audience import Audience, Groups, Where
from bot.services.events import Competence, EventDraft, EventService
from bot.services.people import MemberInfo
from bot.storage.models import (
    AssociationLevel,
    BindingKind,
    ChatBinding,
    EventKind,
    Member,
    OutboxMessage,
    Reminder,
    ReminderStatus,
    Role,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.conftest import make_settings
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
START = datetime(2026, 11, 25, 15, 0, tzinfo=MOSCOW)


async def world(h: Harness) -> dict[str, int]:
    org = await seed.organisation(h, "СОШ № 1")
    gmo = await seed.association(h, "ГМО математиков", AssociationLevel.MUNICIPAL)
    ids = {"org": org, "gmo": gmo}
    ids["admin"] = await seed.member(h, 9001, Role.METHODOLOGIST, "Смирнова Ольга")
    for n, uid in enumerate((9101, 9102, 9103)):
        ids[f"t{n}"] = await seed.member(
            h, uid, Role.TEACHER, f"Учитель {n}", organisation_id=org, associations=[gmo]
        )
        h.double.add_user(uid, f"Учитель{n}", started=True)
    ids["outsider"] = await seed.member(h, 9104, Role.TEACHER, "Посторонний", organisation_id=org)
    h.double.add_user(9104, "Посторонний", started=True)
    h.double.add_group(-5001, "ГМО математиков")
    h.double.add_user(9001, "Ольга", started=True)
    h.double.my_chat_member_update(-5001, 9001, "member", "left")
    async with h.runtime.sessions() as session, session.begin():
        now = h.clock.now()
        session.add(
            ChatBinding(
                chat_id=-5001,
                title="ГМО математиков",
                kind=BindingKind.ASSOCIATION,
                association_id=gmo,
                is_active=True,
                created_at=now,
                updated_at=now,
            )
        )
    return ids


async def actor(h: Harness, member_id: int) -> MemberInfo:
    async with h.runtime.sessions() as session:
        return MemberInfo.of(await session.get(Member, member_id))  # type: ignore[arg-type]


def draft(ids: dict[str, int]) -> EventDraft:
    return EventDraft(
        kind=EventKind.SEMINAR,
        title="Функциональная грамотность на уроках математики",
        starts_at=START.astimezone(UTC),
        ends_at=(START + timedelta(hours=2)).astimezone(UTC),
        all_day=False,
        place="СОШ № 1, актовый зал",
        link=None,
        description="Практикум для учителей математики.",
        competences=(Competence.LITERACY, Competence.METHODOLOGY),
        audience=Audience(where=Where.ASSOCIATIONS, associations=(ids["gmo"],), groups=Groups.ALL),
    )


async def publish(h: Harness, ids: dict[str, int]) -> int:
    admin = await actor(h, ids["admin"])
    async with unit_of_work(h.runtime.sessions) as repo:
        service = EventService(repo, h.clock, h.runtime.translator, MOSCOW)
        info = await service.publish(admin, draft(ids), today=h.clock.now().date())
    await h.runtime.sender.drain()
    return info.id


def texts(h: Harness, chat_id: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in h.double.messages(chat_id)]


async def test_publication_reaches_the_audience_and_its_group(harness: Harness) -> None:
    ids = await world(harness)
    event_id = await publish(harness, ids)
    for uid in (9101, 9102, 9103):
        [message] = harness.double.messages(uid)
        assert "Семинар: Функциональная грамотность на уроках математики" in message["text"]
        assert "25.11.2026 15:00–17:00" in message["text"]
        buttons = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
        assert buttons == ["Приду", "Не смогу", "В календарь"]
    [group] = harness.double.messages(-5001)
    [[sign_up]] = group["reply_markup"]["inline_keyboard"]
    assert sign_up["url"] == f"https://t.me/shmo_test_bot?start=ev_{event_id}"
    assert harness.double.messages(9104) == [], "not in the audience"


async def test_reminders_fire_once_to_those_not_declining_even_across_a_restart(
    harness: Harness,
) -> None:
    ids = await world(harness)
    event_id = await publish(harness, ids)
    t0, t1 = await actor(harness, ids["t0"]), await actor(harness, ids["t1"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        service = EventService(repo, harness.clock, harness.runtime.translator, MOSCOW)
        await service.answer(t1, event_id, coming=False)
        await service.answer(t0, event_id, coming=True)

    harness.clock.set(START - timedelta(days=1))
    assert await harness.runtime.jobs.fire_reminders() == 1
    assert await harness.runtime.jobs.fire_reminders() == 0, "fired once"
    await harness.runtime.sender.drain()
    assert texts(harness, 9101)[-1].startswith("⏰ Напоминание")
    assert texts(harness, 9103)[-1].startswith("⏰ Напоминание")
    assert len(texts(harness, 9102)) == 1, "a decliner gets no reminder"
    assert texts(harness, -5001)[-1].startswith("⏰ Напоминание")

    # restart between the reminders: a new runtime on the same database
    await harness.runtime.aclose()
    harness.runtime = create_runtime(
        make_settings(harness.double, harness.runtime.settings.database_url), clock=harness.clock
    )
    harness.clock.set(START - timedelta(minutes=59))
    assert await harness.runtime.jobs.fire_reminders() == 1
    await harness.runtime.sender.drain()
    assert [t[:12] for t in texts(harness, 9101)] == [
        "Семинар: Фун",
        "⏰ Напоминани",
        "⏰ Напоминани",
    ]
    assert await harness.runtime.jobs.fire_reminders() == 0


async def test_a_reminder_missed_while_down_is_dropped_once_the_event_began(
    harness: Harness,
) -> None:
    ids = await world(harness)
    await publish(harness, ids)
    harness.clock.set(START + timedelta(minutes=5))
    assert await harness.runtime.jobs.fire_reminders() == 0
    async with harness.runtime.sessions() as session:
        rows = list(await session.scalars(select(Reminder)))
    assert {(r.status, r.outcome) for r in rows} == {(ReminderStatus.DROPPED, "event began")}


async def test_a_change_of_time_notifies_those_coming_first_and_moves_reminders(
    harness: Harness,
) -> None:
    ids = await world(harness)
    event_id = await publish(harness, ids)
    admin, t2 = await actor(harness, ids["admin"]), await actor(harness, ids["t2"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        service = EventService(repo, harness.clock, harness.runtime.translator, MOSCOW)
        await service.answer(t2, event_id, coming=True)
        later = (START + timedelta(days=1)).astimezone(UTC)
        await service.change(admin, event_id, starts_at=later)
    async with harness.runtime.sessions() as session:
        queued = list(
            await session.scalars(
                select(OutboxMessage.chat_id)
                .where(OutboxMessage.source == f"event:{event_id}:v2")
                .order_by(OutboxMessage.id)
            )
        )
    assert queued[0] == 9103, "the one coming is queued first"
    assert set(queued) == {9101, 9102, 9103, -5001}
    await harness.runtime.sender.drain()
    assert "26.11.2026 15:00–17:00" in texts(harness, 9101)[-1]
    async with harness.runtime.sessions() as session:
        due = sorted(r.due_at for r in await session.scalars(select(Reminder)))
    assert due == [later - timedelta(days=1), later - timedelta(hours=1)]


async def test_the_calendar_file_has_the_right_utc_time(harness: Harness) -> None:
    ids = await world(harness)
    event_id = await publish(harness, ids)
    teacher = await actor(harness, ids["t0"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        name, data = await EventService(
            repo, harness.clock, harness.runtime.translator, MOSCOW
        ).ics(teacher, event_id)
    assert name == f"event-{event_id}.ics"
    [vevent] = Calendar.from_ical(data).walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert vevent.decoded("dtend") == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    assert str(vevent["summary"]) == "Функциональная грамотность на уроках математики"
