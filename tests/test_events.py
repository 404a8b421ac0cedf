"""/newevent, the RSVP buttons, /events and /start ev_<id>: the wizard, publishing through the
outbox, answers, the organiser's card, the sign-up sheet, the calendar file, reminders,
changes and cancelling — driven through the real Dispatcher."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.factory import create_runtime
from bot.handlers import events as events_handlers
from bot.handlers import get_routers
from bot.keyboards.audience import AuCb
from bot.keyboards.events import HEAD_ASSOC, NevCb
from bot.services.audience import Audience, Where
from bot.services.errors import NotAllowed
from bot.services.events import EventDraft, EventService
from bot.services.people import MemberInfo
from bot.storage.models import (
    AssociationLevel,
    AuditEntry,
    BindingKind,
    Event,
    EventAnswer,
    EventKind,
    EventStatus,
    Member,
    OutboxMessage,
    Reminder,
    ReminderStatus,
    Role,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.botapi import BotAPIDouble
from tests.conftest import make_settings
from tests.harness import FakeClock, Group, Harness, Person, Seen
from tests.worlds import bind, counts, forge, presses

TITLE = "Функциональная грамотность на уроках математики"
# The deployment is in Moscow (UTC+3); the clock starts at 23.11.2026 09:00 UTC (12:00 there).
START_UTC = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
RSVP = ["Приду", "Не смогу", "В календарь"]


@dataclass
class World:
    admin: Person
    head1: Person  # heads the first school's ШМО
    young1: Person  # first school, in the ГМО and the ШМО
    teacher2: Person  # second school, in the ГМО
    gmo_head: Person  # second school, heads the ГМО
    outsider: Person  # first school, in no association
    gmo_group: Group
    shmo1_group: Group
    heads_group: Group
    ids: dict[str, int]

    @property
    def people(self) -> list[Person]:
        return [self.admin, self.head1, self.young1, self.teacher2, self.gmo_head, self.outsider]

    @property
    def groups(self) -> list[Group]:
        return [self.gmo_group, self.shmo1_group, self.heads_group]


async def world(h: Harness) -> World:
    admin = await seed.methodologist(h)
    school1 = await seed.organisation(h, "Школа № 1")
    school2 = await seed.organisation(h, "Школа № 2")
    shmo1 = await seed.association(h, "ШМО начальных классов", organisation_id=school1)
    gmo = await seed.association(h, "ГМО учителей математики", AssociationLevel.MUNICIPAL)
    rmo = await seed.association(h, "РМО учителей физики", AssociationLevel.DISTRICT)
    people = {
        "head1": h.person("Галина", "Васильева"),
        "young1": h.person("Дарья", "Григорьева"),
        "teacher2": h.person("Ирина", "Зайцева"),
        "gmo_head": h.person("Жанна", "Егорова"),
        "outsider": h.person("Ксения", "Иванова"),
    }
    m = seed.member
    ids = {
        "school1": school1,
        "school2": school2,
        "shmo1": shmo1,
        "gmo": gmo,
        "rmo": rmo,
        "head1": await m(
            h,
            people["head1"].id,
            Role.HEAD,
            "Васильева Галина",
            organisation_id=school1,
            head_of=[shmo1],
        ),
        "young1": await m(
            h,
            people["young1"].id,
            Role.TEACHER,
            "Григорьева Дарья",
            organisation_id=school1,
            career_start_year=2025,
            associations=[shmo1, gmo],
        ),
        "teacher2": await m(
            h,
            people["teacher2"].id,
            Role.TEACHER,
            "Зайцева Ирина",
            organisation_id=school2,
            associations=[gmo],
        ),
        "gmo_head": await m(
            h,
            people["gmo_head"].id,
            Role.HEAD,
            "Егорова Жанна",
            organisation_id=school2,
            head_of=[gmo],
        ),
        "outsider": await m(
            h, people["outsider"].id, Role.TEACHER, "Иванова Ксения", organisation_id=school1
        ),
    }
    for person in people.values():
        await person.send("/help")  # the bot may write to those who have started it
    gmo_group = h.group("ГМО математиков")
    shmo1_group = h.group("ШМО начальных классов школы № 1")
    heads_group = h.group("Руководители ШМО")
    await bind(h, gmo_group, admin, BindingKind.ASSOCIATION, association_id=gmo)
    await bind(h, shmo1_group, admin, BindingKind.ASSOCIATION, association_id=shmo1)
    await bind(h, heads_group, admin, BindingKind.HEADS_ALL)
    return World(
        admin=admin,
        gmo_group=gmo_group,
        shmo1_group=shmo1_group,
        heads_group=heads_group,
        ids=ids,
        **people,
    )


def received(h: Harness, before: dict[int, int]) -> dict[int, list[Seen]]:
    """The messages each chat got since ``before`` (chats that got none are left out)."""
    out = {}
    for chat_id, seen in before.items():
        new = h.double.messages(chat_id)[seen:]
        if new:
            out[chat_id] = [Seen(m) for m in new]
    return out


def wizard_id(message: Seen) -> int:
    for row in (message.raw.get("reply_markup") or {}).get("inline_keyboard") or []:
        for button in row:
            data = button.get("callback_data", "")
            if data.startswith("nev:"):
                return NevCb.unpack(data).w
            if data.startswith(f"{AuCb.__prefix__}:"):  # the audience sub-dialog's
                return AuCb.unpack(data).w
    raise AssertionError(f"no wizard buttons on {message.text!r}")


async def to_audience(person: Person, title: str = TITLE, when: str = "25.11 15:00") -> None:
    """The steps before the audience: a seminar, its title and time, the rest skipped."""
    await person.send("/newevent")
    await person.press("Семинар")
    await person.send(title)
    await person.send(when)
    skips = 2 if "-" in when else 3  # a range gives the end: no question about it
    await presses(person, *["Пропустить"] * skips, "Готово")


async def choose_gmo(person: Person) -> None:
    """The audience: the ГМО's members and its group."""
    await presses(person, "Где…", "Выбранные объединения…", "ГМО учителей математики")
    await presses(person, "‹ К получателям", "Группы…", "Выбрать группы…", "ГМО математиков")
    await person.press("‹ К получателям")


async def gmo_seminar(h: Harness, w: World, when: str = "25.11 15:00-17:00") -> int:
    """A seminar for the ГМО with its group, published and delivered; its id."""
    await to_audience(w.admin, when=when)
    await choose_gmo(w.admin)
    await presses(w.admin, "Далее ›", "Готово", "Пропустить")
    await w.admin.press("Опубликовать")
    await h.runtime.sender.drain()
    [event] = await events_in_db(h)
    return event.id


async def events_in_db(h: Harness) -> list[Event]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(Event).order_by(Event.id)))


def invitation(person: Person, title: str = TITLE) -> Seen:
    """The first pushed message about the event in the person's chat."""
    return next(s for s in person.messages() if title in s.text and s.buttons[:2] == RSVP[:2])


async def answer(person: Person, button: str) -> str:
    await person.press(button, invitation(person))
    return person.alerts()[-1]


async def open_card(person: Person, title: str = TITLE) -> Seen:
    shown = await person.send("/events")
    label = next(b for b in shown[-1].buttons if title[:20] in b)
    await person.press(label)
    return person.last()  # the list turned into the card


# ---------------------------------------------------------------------- the wizard


async def test_seminar_reaches_its_group_and_audience_and_nobody_else(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await w.admin.send("/newevent")
    assert "Новое мероприятие" in shown[0].text
    kinds = shown[-1].buttons
    assert kinds[:-1] == [
        "Семинар",
        "Мастер-класс",
        "Вебинар",
        "Конференция",
        "Круглый стол",
        "Открытый урок",
        "Заседание ГМО/РМО/ШМО",
        "Предметная неделя/декада",
        "Олимпиада",
        "Конкурс",
    ]
    shown = await w.admin.press("Семинар")
    assert "Вид: Семинар" in w.admin.messages()[-2].text
    assert "Как называется мероприятие?" in shown[-1].text
    shown = await w.admin.send(f"{TITLE} <5 & 6>")
    assert "Когда начало?" in shown[-1].text
    shown = await w.admin.send("25.11 15:00")
    assert "Когда окончание?" in shown[-1].text
    assert shown[-1].buttons == ["Пропустить"]
    shown = await w.admin.send("17:00")
    assert "Где пройдёт?" in shown[-1].text
    shown = await w.admin.send("СОШ № 1, актовый зал")
    assert "Добавьте описание" in shown[-1].text
    shown = await w.admin.send("Практикум: задания PISA на уроках.")
    assert "Какие компетенции" in shown[-1].text
    await w.admin.press("функциональная грамотность")
    assert "✅ функциональная грамотность" in w.admin.last().buttons
    shown = await w.admin.press("Готово")
    assert "Кого пригласить?" in shown[-1].text
    await choose_gmo(w.admin)
    menu = w.admin.last()
    assert "Где: выбранные объединения (1)" in menu.text
    assert "Группы: выбранные группы (1)" in menu.text
    shown = await w.admin.press("Далее ›")
    assert "Получат: 3 человека (из них недоступны — заблокировали бота: 0) и 1 группа." in (
        w.admin.messages()[-2].text
    )
    assert "✅ за 1 день" in shown[-1].buttons
    assert "✅ за 1 час" in shown[-1].buttons
    assert "за 3 часа" in shown[-1].buttons
    await w.admin.press("за 3 часа")
    shown = await w.admin.press("Готово")
    assert "Приложите программу" in shown[-1].text
    shown = await w.admin.press("Пропустить")
    preview, summary = shown[-2], shown[-1]
    assert preview.text.startswith(f"Семинар: {TITLE} <5 & 6>")
    assert "🗓 25.11.2026 15:00–17:00" in preview.text
    assert "📍 СОШ № 1, актовый зал" in preview.text
    assert "Развивает: функциональная грамотность" in preview.text
    assert "Напоминания: за 1 день, за 3 часа, за 1 час" in summary.text
    assert "Получат: 3 человека" in summary.text
    assert summary.buttons == ["Опубликовать", "Изменить", "Отмена"]

    shown = await w.admin.press("Опубликовать")
    assert "Мероприятие опубликовано. Приглашение получат: 3 человека и 1 группа." in (
        w.admin.last().text
    )
    before = counts(h, w)
    await h.runtime.sender.drain()
    got = received(h, before)
    assert set(got) == {w.young1.id, w.teacher2.id, w.gmo_head.id, w.gmo_group.id}
    [event] = await events_in_db(h)
    for person in (w.young1, w.teacher2, w.gmo_head):
        [message] = got[person.id]
        assert message.text == preview.text
        assert message.buttons == RSVP
    [posted] = got[w.gmo_group.id]
    assert posted.buttons == ["Записаться"]
    [[sign_up]] = posted.raw["reply_markup"]["inline_keyboard"]
    assert sign_up["url"] == f"https://t.me/shmo_test_bot?start=ev_{event.id}"
    assert "callback_data" not in sign_up

    assert event.title == f"{TITLE} <5 & 6>"
    assert event.kind is EventKind.SEMINAR
    assert event.starts_at == START_UTC
    assert event.ends_at == START_UTC + timedelta(hours=2)
    assert event.place == "СОШ № 1, актовый зал"
    assert event.link is None
    assert event.competences == ["literacy"]
    assert sorted(event.reminder_minutes) == [60, 180, 1440]
    assert event.audience["associations"] == [w.ids["gmo"]]
    async with h.runtime.sessions() as session:
        reminders = await session.scalar(
            select(func.count()).where(
                Reminder.source_kind == "event", Reminder.source_id == event.id
            )
        )
        audit = await session.scalar(
            select(func.count()).where(AuditEntry.action == "event.published")
        )
    assert reminders == 3
    assert audit == 1


async def test_change_a_field_from_the_preview_and_attach_a_file(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_audience(w.admin)
    await choose_gmo(w.admin)
    await presses(w.admin, "Далее ›", "Готово")
    document = ("программа.pdf", b"%PDF-1.4 programme", "application/pdf")
    shown = await w.admin.send_document(document)
    preview = shown[-2]
    assert preview.raw["document"]["file_name"] == "программа.pdf"
    assert preview.text.startswith(f"Семинар: {TITLE}")
    await w.admin.press("Изменить")
    assert w.admin.last().buttons == [
        "Вид",
        "Название",
        "Дата и время",
        "Окончание",
        "Место или ссылка",
        "Описание",
        "Компетенции",
        "Получатели",
        "Напоминания",
        "Файл",
        "‹ Назад",
        "Отмена",
    ]
    await w.admin.press("Название")
    shown = await w.admin.send("Новое название")
    assert shown[-2].text.startswith("Семинар: Новое название")
    await presses(w.admin, "Изменить", "Место или ссылка")
    shown = await w.admin.send("https://sferum.ru/?call_link=abc")
    assert "🔗 https://sferum.ru/?call_link=abc" in shown[-2].text
    await presses(w.admin, "Изменить", "Вид")
    shown = await w.admin.press("Вебинар")
    assert shown[-2].text.startswith("Вебинар: Новое название")
    await w.admin.press("Опубликовать")
    await h.runtime.sender.drain()
    [event] = await events_in_db(h)
    assert event.kind is EventKind.WEBINAR
    assert event.link == "https://sferum.ru/?call_link=abc"
    assert event.place is None
    assert event.attachment_kind == "document"
    [message] = h.double.messages(w.young1.id)[-1:]
    assert message["document"]["file_name"] == "программа.pdf"
    assert message["caption"].startswith("Вебинар: Новое название")


async def test_the_draft_survives_a_restart(
    harness: Harness, double: BotAPIDouble, database_url: str, clock: FakeClock
) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/newevent")
    await w.admin.press("Семинар")
    await w.admin.send(TITLE)
    runtime = create_runtime(make_settings(double, database_url), clock=clock)
    try:
        w.admin.h = Harness(runtime, double, clock)  # the same person, talking to a new process
        shown = await w.admin.send("25.11 15:00-17:00")
        assert "Где пройдёт?" in shown[-1].text
        await presses(w.admin, "Пропустить", "Пропустить", "Готово")
        await choose_gmo(w.admin)
        await presses(w.admin, "Далее ›", "Готово")
        shown = await w.admin.press("Пропустить")
        assert shown[-2].text.startswith(f"Семинар: {TITLE}")
    finally:
        w.admin.h = h
        await runtime.aclose()


# ---------------------------------------------------------------------- answers and the card


async def test_answers_the_organisers_card_and_the_sign_up_sheet(harness: Harness) -> None:
    h = harness
    w = await world(h)
    event_id = await gmo_seminar(h, w)
    assert await answer(w.young1, "Приду") == "Записал: приду"
    assert await answer(w.teacher2, "Не смогу") == "Записал: не смогу"
    assert await answer(w.gmo_head, "Не смогу") == "Записал: не смогу"
    assert await answer(w.gmo_head, "Приду") == "Записал: приду"  # changed until the start

    card = await open_card(w.admin)
    assert f"Семинар: {TITLE}" in card.text
    assert "Разослано: 4 (доставлено: 4, в очереди: 0, не доставлено: 0)" in card.text
    assert "Придут: 2 · не смогут: 1 · не ответили: 0" in card.text
    assert "Школа № 1: Григорьева Дарья" in card.text
    assert "Школа № 2: Егорова Жанна" in card.text
    assert "Зайцева" not in card.text
    assert card.buttons == [
        "Выгрузить список (Excel)",
        "Изменить время/место/ссылку",
        "Отменить мероприятие",
        "В календарь",
        "‹ К списку",
    ]
    await w.admin.press("Выгрузить список (Excel)", card)
    document = h.double.messages(w.admin.id)[-1]["document"]
    assert document["file_name"] == f"event-{event_id}-registration.xlsx"
    sheet = load_workbook(io.BytesIO(h.double.file_bytes(document["file_id"]))).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("Григорьева Дарья", "Школа № 1", "придёт"),
        ("Егорова Жанна", "Школа № 2", "придёт"),
        ("Зайцева Ирина", "Школа № 2", "не сможет"),
    ]

    # a participant's own card: the event, their answer, the buttons
    card = await open_card(w.young1)
    assert "Ваш ответ: приду" in card.text
    assert card.buttons == [*RSVP, "‹ К списку"]
    await w.young1.press("‹ К списку", card)
    assert "Ваши ближайшие мероприятия" in w.young1.last().text
    assert "Ваш ответ: приду" in w.young1.last().text
    # the outsider has no events; a teacher cannot open the organiser's list
    shown = await w.outsider.send("/events")
    assert shown[-1].text.startswith("Ближайших мероприятий для вас пока нет")
    answers = await forge(h, w.young1, NevCb(act="XL", v=event_id).pack())
    assert answers == [
        "Создавать мероприятия может методист, а руководитель объединения — заседания "
        "своего объединения."
    ]


async def test_calendar_file_has_the_right_utc_start(harness: Harness) -> None:
    h = harness
    w = await world(h)
    event_id = await gmo_seminar(h, w)
    await w.teacher2.press("В календарь", invitation(w.teacher2))
    document = h.double.messages(w.teacher2.id)[-1]["document"]
    assert document["file_name"] == f"event-{event_id}.ics"
    calendar = Calendar.from_ical(h.double.file_bytes(document["file_id"]))
    [item] = calendar.walk("VEVENT")
    assert item.decoded("dtstart") == START_UTC
    assert item.decoded("dtstart").astimezone(UTC).hour == 12
    assert item.decoded("dtend") == START_UTC + timedelta(hours=2)
    assert str(item["summary"]) == TITLE


# ---------------------------------------------------------------------- reminders


async def test_reminders_reach_those_who_did_not_decline(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await gmo_seminar(h, w)
    await answer(w.young1, "Не смогу")
    await answer(w.teacher2, "Приду")
    h.clock.set(START_UTC - timedelta(days=1))
    before = counts(h, w)
    assert await h.runtime.jobs.fire_reminders() == 1
    await h.runtime.sender.drain()
    got = received(h, before)
    assert set(got) == {w.teacher2.id, w.gmo_head.id, w.gmo_group.id}
    for chat_id in (w.teacher2.id, w.gmo_head.id):
        [message] = got[chat_id]
        assert message.text.startswith("⏰ Напоминание")
        assert TITLE in message.text
        assert message.buttons == RSVP
    # nothing more until the next one, an hour before
    h.clock.set(START_UTC - timedelta(hours=2))
    assert await h.runtime.jobs.fire_reminders() == 0
    h.clock.set(START_UTC - timedelta(hours=1))
    before = counts(h, w)
    assert await h.runtime.jobs.fire_reminders() == 1
    await h.runtime.sender.drain()
    assert set(received(h, before)) == {w.teacher2.id, w.gmo_head.id, w.gmo_group.id}


# ---------------------------------------------------------------------- changing and cancelling


async def test_a_new_time_is_announced_to_those_coming_first(harness: Harness) -> None:
    h = harness
    w = await world(h)
    event_id = await gmo_seminar(h, w)
    await answer(w.gmo_head, "Приду")
    await answer(w.young1, "Не смогу")
    card = await open_card(w.admin)
    await w.admin.press("Изменить время/место/ссылку", card)
    assert w.admin.last().buttons == ["Время", "Место", "Ссылку", "‹ Назад"]
    shown = await w.admin.press("Время")
    assert "Напишите новое время" in shown[-1].text
    shown = await w.admin.send("31.02 15:00")
    assert "31.02" in shown[-1].text  # refused; the step stays open
    shown = await w.admin.send("26.11 16:00")
    assert shown[-1].text.startswith("Готово: изменения сохранены")
    before = counts(h, w)
    await h.runtime.sender.drain()
    got = received(h, before)
    assert set(got) == {w.young1.id, w.teacher2.id, w.gmo_head.id, w.gmo_group.id}
    for messages in got.values():
        [message] = messages
        assert message.text.startswith("⚠️ Изменения в мероприятии")
        assert "26.11.2026 16:00–18:00" in message.text  # the length is kept
    [event] = await events_in_db(h)
    assert event.starts_at == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    async with h.runtime.sessions() as session:
        notices = list(
            await session.scalars(
                select(OutboxMessage.member_id)
                .where(
                    OutboxMessage.source == f"event:{event_id}:v2",
                    OutboxMessage.member_id.is_not(None),
                )
                .order_by(OutboxMessage.id)
            )
        )
        due = sorted(
            await session.scalars(
                select(Reminder.due_at).where(
                    Reminder.source_kind == "event",
                    Reminder.source_id == event_id,
                    Reminder.status == ReminderStatus.PENDING,
                )
            )
        )
    assert notices[0] == w.ids["gmo_head"], "those coming hear first"
    assert len(notices) == 3
    assert due == [event.starts_at - timedelta(days=1), event.starts_at - timedelta(hours=1)]

    # a place and a link, the link checked
    card = await open_card(w.admin)
    await w.admin.press("Изменить время/место/ссылку", card)
    await w.admin.press("Ссылку")
    shown = await w.admin.send("htp:/x")
    assert shown[-1].text.startswith("«htp:/x» не похоже на ссылку.")
    shown = await w.admin.send("https://sferum.ru/?call_link=abc")
    assert shown[-1].text.startswith("Готово: изменения сохранены")


async def test_cancelling_notifies_and_the_buttons_then_say_so(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await gmo_seminar(h, w)
    await answer(w.teacher2, "Приду")
    card = await open_card(w.admin)
    await w.admin.press("Отменить мероприятие", card)
    assert w.admin.last().buttons == ["Да, отменить", "Нет, оставить"]
    await w.admin.press("Нет, оставить")
    assert "Разослано: 4" in w.admin.last().text
    await presses(w.admin, "Отменить мероприятие", "Да, отменить")
    assert "Мероприятие отменено. Участники получат уведомление." in w.admin.last().text
    before = counts(h, w)
    await h.runtime.sender.drain()
    got = received(h, before)
    assert set(got) == {w.young1.id, w.teacher2.id, w.gmo_head.id, w.gmo_group.id}
    for messages in got.values():
        assert messages[0].text.startswith("❌ Мероприятие отменено")
    [event] = await events_in_db(h)
    assert event.status is EventStatus.CANCELLED
    # the buttons of the original invitation now say it is cancelled
    await w.young1.press("Приду", invitation(w.young1))
    assert w.young1.alerts()[-1] == f"Мероприятие «{TITLE}» отменено."
    # and a cancelled event is no longer upcoming
    shown = await w.young1.send("/events")
    assert shown[-1].text.startswith("Ближайших мероприятий для вас пока нет")
    # the reminders are dropped
    h.clock.set(START_UTC - timedelta(hours=1))
    assert await h.runtime.jobs.fire_reminders() == 0


# ---------------------------------------------------------------------- bad input


async def test_bad_dates_are_refused_and_the_step_stays_open(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/newevent")
    await w.admin.press("Семинар")
    await w.admin.send(TITLE)
    for typed, answer_starts in (
        ("31.02 15:00", "Такого дня нет в календаре: «31.02 15:00»."),
        ("25.11 25:00", "Такого времени нет: «25.11 25:00»."),
        ("20.11 10:00", "Это уже в прошлом: «20.11 10:00»."),
        ("когда-нибудь", "Не понял дату «когда-нибудь»."),
    ):
        shown = await w.admin.send(typed)
        assert len(shown) == 1, typed
        assert shown[0].text.startswith(answer_starts), shown[0].text
    shown = await w.admin.send("25.11 15:00")
    assert shown[0].text == "Записал: 25 ноября 2026, 15:00"
    assert "Когда окончание?" in shown[-1].text
    shown = await w.admin.send("14:00")  # before the start
    assert len(shown) == 1
    assert shown[0].text.startswith("Конец должен быть позже начала")
    shown = await w.admin.send("2 часа")
    assert shown[0].text == "Записал: 25 ноября 2026, 15:00–17:00"
    assert "Где пройдёт?" in shown[-1].text
    assert await events_in_db(h) == []


async def test_a_range_of_days_needs_no_end(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/newevent")
    await w.admin.press("Предметная неделя/декада")
    await w.admin.send("Неделя математики")
    shown = await w.admin.send("30.11-04.12")
    assert shown[0].text.startswith("Записал: 30 ноября")
    assert "Где пройдёт?" in shown[-1].text  # the end was given: no question about it


async def test_bad_text_fields_are_refused(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/newevent")
    await w.admin.press("Семинар")
    shown = await w.admin.send("Н" * 201)
    assert shown[-1].text == "Название слишком длинное: 201 знаков, можно не больше 200."
    shown = await w.admin.send_photo(b"\x89PNG fake image")
    assert shown[-1].text.startswith("Здесь нужен ответ текстом.")
    await w.admin.send("Н" * 200)
    await w.admin.send("25.11 15:00-17:00")
    shown = await w.admin.send("htp:/x")
    assert shown[-1].text.startswith("«htp:/x» не похоже на ссылку.")
    shown = await w.admin.send("https://sferum.ru/?call_link=abc")
    assert "Добавьте описание" in shown[-1].text
    shown = await w.admin.send("о" * 4097)
    assert shown[-1].text.startswith("Описание слишком длинное: 4\u00a0097 знаков")
    shown = await w.admin.send("о" * 1500)
    assert "Какие компетенции" in shown[-1].text
    await w.admin.press("Готово")
    shown = await w.admin.send("текст вместо кнопки")
    assert shown[-1].text.startswith("Выберите вариант кнопками")
    await choose_gmo(w.admin)
    await presses(w.admin, "Далее ›", "Готово")
    # with a file, the description goes as a caption: 1024 at most
    shown = await w.admin.send_document(("положение.pdf", b"%PDF", "application/pdf"))
    assert shown[-1].text.startswith(
        "С приложенным файлом описание может быть не длиннее 1\u00a0024"
    )
    shown = await w.admin.send("не файл")
    assert shown[-1].text.startswith("Пришлите документ или фотографию")
    shown = await w.admin.press("Пропустить")
    assert shown[-1].buttons == ["Опубликовать", "Изменить", "Отмена"]


async def test_an_audience_reaching_nobody_is_refused(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_audience(w.admin)
    await presses(w.admin, "Кому…", "Руководители объединений")
    await presses(w.admin, "Где…", "Уровни объединений…", "РМО", "‹ К получателям")
    menu = w.admin.last()
    await w.admin.press("Далее ›")
    assert w.admin.alerts()[-1] == "Эта аудитория сейчас никого не охватывает: выберите другую."
    assert w.admin.last().message_id == menu.message_id  # still choosing
    await presses(w.admin, "Кому…", "Все", "Где…", "✅ Уровни объединений…", "ГМО")
    await presses(w.admin, "‹ К получателям")
    shown = await w.admin.press("Далее ›")
    assert "Когда напомнить?" in shown[-1].text
    assert await events_in_db(h) == []


async def test_second_publish_press_publishes_once(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_audience(w.admin)
    await choose_gmo(w.admin)
    shown = await presses(w.admin, "Далее ›", "Готово", "Пропустить")
    summary = shown[-1]
    await w.admin.press("Опубликовать", summary)
    await w.admin.press("Опубликовать", summary)
    assert w.admin.alerts()[-1] == "Это мероприятие уже опубликовано, второй раз я его не пошлю."
    assert len(await events_in_db(h)) == 1
    before = counts(h, w)
    await h.runtime.sender.drain()
    got = received(h, before)
    assert all(len(messages) == 1 for messages in got.values())
    # a cancelled draft's buttons are stale
    await to_audience(w.admin, title="Другое")
    stale = w.admin.last()
    await w.admin.press("Отмена", stale)
    assert "Черновик удалён" in w.admin.last().text
    answers = await forge(h, w.admin, NevCb(act="N", w=wizard_id(stale)).pack())
    assert answers == ["Эта кнопка устарела. Откройте раздел заново."]
    assert len(await events_in_db(h)) == 1


async def test_rsvp_on_a_past_event_is_refused(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await gmo_seminar(h, w)
    await answer(w.young1, "Приду")
    h.clock.set(START_UTC + timedelta(minutes=5))
    await w.young1.press("Не смогу", invitation(w.young1))
    assert w.young1.alerts()[-1] == (
        f"Мероприятие «{TITLE}» уже началось или прошло — ответ больше не меняется."
    )
    answers = await forge(h, w.young1, "evy:999999")
    assert answers == ["Не нашёл то, о чём идёт речь: возможно, его уже удалили."]


# ---------------------------------------------------------------------- who may


async def test_a_teacher_cannot_create_events(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await w.young1.send("/newevent")
    assert shown[-1].text == (
        "Создавать мероприятия может методист, а руководитель объединения — заседания "
        "своего объединения."
    )
    event_id = await gmo_seminar(h, w)
    card = await open_card(w.young1)
    assert "Разослано" not in card.text
    answers = await forge(h, w.young1, NevCb(act="QY", v=event_id).pack())
    assert answers[0].startswith("Создавать мероприятия может методист")
    [event] = await events_in_db(h)
    assert event.status is EventStatus.PUBLISHED


async def test_a_head_announces_its_own_meeting_only(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await w.head1.send("/newevent")
    assert "Новое заседание объединения" in shown[0].text
    assert "Как называется мероприятие?" in shown[-1].text  # no kind, no audience to choose
    await w.head1.send("Заседание ШМО: итоги четверти")
    await w.head1.send("25.11 15:00-16:30")
    await presses(w.head1, "Пропустить", "Пропустить", "Готово", "Готово")
    shown = await w.head1.press("Пропустить")
    preview, summary = shown[-2], shown[-1]
    assert preview.text.startswith("Заседание объединения: Заседание ШМО: итоги четверти")
    assert "Получат: 2 человека (из них недоступны — заблокировали бота: 0) и 1 группа." in (
        summary.text
    )
    await w.head1.press("Изменить")
    assert "Вид" not in w.head1.last().buttons
    assert "Получатели" not in w.head1.last().buttons
    # a forged choice of another association is refused
    answers = await forge(
        h, w.head1, NevCb(act=HEAD_ASSOC, w=wizard_id(w.head1.last()), v=w.ids["gmo"]).pack()
    )
    assert answers == ["Эта кнопка устарела. Откройте раздел заново."]
    await w.head1.press("‹ Назад")
    await w.head1.press("Опубликовать")
    before = counts(h, w)
    await h.runtime.sender.drain()
    assert set(received(h, before)) == {w.head1.id, w.young1.id, w.shmo1_group.id}
    # the head sees its meeting's figures
    card = await open_card(w.head1, "Заседание ШМО")
    assert "Разослано: 3" in card.text
    assert "Выгрузить список (Excel)" in card.buttons
    # the service refuses a head's draft for another association, whatever the buttons
    async with h.runtime.sessions() as session:
        head = MemberInfo.of(await session.get(Member, w.ids["head1"]))  # type: ignore[arg-type]
    draft = EventDraft(
        kind=EventKind.MEETING,
        title="Чужое заседание",
        starts_at=START_UTC,
        ends_at=None,
        all_day=False,
        place=None,
        link=None,
        description=None,
        competences=(),
        audience=Audience(where=Where.ASSOCIATIONS, associations=(w.ids["gmo"],)),
        association_id=w.ids["gmo"],
    )
    async with unit_of_work(h.runtime.sessions) as repo:
        service = EventService(repo, h.clock, h.runtime.translator, h.runtime.settings.tz)
        with pytest.raises(NotAllowed) as refused:
            await service.check_draft(head, draft, START_UTC.date())
    assert refused.value.key == "event-error-head-own-meeting"


# ---------------------------------------------------------------------- /start ev_<id>


@pytest.fixture
async def linked(
    double: BotAPIDouble, database_url: str, clock: FakeClock
) -> AsyncIterator[Harness]:
    """The bot with the /start ev_<id> router in front of the rest (where the dispatcher puts
    it before onboarding)."""
    routers = [events_handlers.create_deeplink_router(), *get_routers()]
    runtime = create_runtime(make_settings(double, database_url), clock=clock, routers=routers)
    try:
        yield Harness(runtime, double, clock)
    finally:
        await runtime.aclose()


async def test_the_sign_up_link_of_a_group(linked: Harness) -> None:
    h = linked
    w = await world(h)
    event_id = await gmo_seminar(h, w)
    stranger = h.person("Пётр", "Новиков")
    shown = await stranger.send(f"/start ev_{event_id}")
    assert shown[-1].text.startswith("Это приглашение на мероприятие")
    shown = await w.teacher2.send(f"/start ev_{event_id}")
    card = shown[-1]
    assert f"Семинар: {TITLE}" in card.text
    assert "Ваш ответ: ещё не ответили" in card.text
    assert card.buttons == [*RSVP, "‹ К списку"]
    await w.teacher2.press("Приду", card)
    assert w.teacher2.alerts()[-1] == "Записал: приду"
    shown = await w.teacher2.send("/start ev_999999")
    assert shown[-1].text == "Не нашёл то, о чём идёт речь: возможно, его уже удалили."


# ---------------------------------------------------------------------- outside the audience

NOT_FOUND = "Не нашёл то, о чём идёт речь: возможно, его уже удалили."


async def answers_in_db(h: Harness, event_id: int) -> list[tuple[int, bool]]:
    async with h.runtime.sessions() as session:
        rows = await session.execute(
            select(EventAnswer.member_id, EventAnswer.coming).where(
                EventAnswer.event_id == event_id
            )
        )
        return [(int(m), bool(c)) for m, c in rows.all()]


async def test_forged_buttons_of_an_event_outside_ones_audience_find_nothing(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    event_id = await gmo_seminar(h, w)  # for the ГМО: not for the outsider nor the ШМО's head
    for person in (w.outsider, w.head1):
        before = len(person.messages())
        for data in (f"evc:{event_id}", f"evy:{event_id}", f"evn:{event_id}"):
            assert await forge(h, person, data) == [NOT_FOUND], data
        answers = await forge(h, person, NevCb(act="V", v=event_id).pack())
        assert answers == [NOT_FOUND]
        assert len(person.messages()) == before  # no calendar file, no card
    assert await answers_in_db(h, event_id) == []
    # the audience, the organiser and a methodologist still may
    await w.teacher2.press("Приду", invitation(w.teacher2))
    assert w.teacher2.alerts()[-1] == "Записал: приду"
    await w.teacher2.press("В календарь", invitation(w.teacher2))
    assert h.double.messages(w.teacher2.id)[-1]["document"]["file_name"] == (
        f"event-{event_id}.ics"
    )
    assert await answers_in_db(h, event_id) == [(w.ids["teacher2"], True)]
    card = await open_card(w.admin)
    assert "Разослано: 4" in card.text


async def test_a_sign_up_link_of_an_event_outside_ones_audience_finds_nothing(
    linked: Harness,
) -> None:
    h = linked
    w = await world(h)
    event_id = await gmo_seminar(h, w)
    for person in (w.outsider, w.head1):
        shown = await person.send(f"/start ev_{event_id}")
        assert [s.text for s in shown] == [NOT_FOUND]
    # one who is not in the audience but belongs to a group it went to may sign up there
    await to_audience(w.admin, title="Для руководителей")
    await presses(w.admin, "Кому…", "Руководители объединений")
    await presses(w.admin, "Группы…", "Выбрать группы…", "ГМО математиков", "‹ К получателям")
    await presses(w.admin, "Далее ›", "Готово", "Пропустить", "Опубликовать")
    await h.runtime.sender.drain()
    heads_only = (await events_in_db(h))[-1].id
    shown = await w.teacher2.send(f"/start ev_{heads_only}")
    assert "Для руководителей" in shown[-1].text
    assert shown[-1].buttons == [*RSVP, "‹ К списку"]
    shown = await w.outsider.send(f"/start ev_{heads_only}")
    assert [s.text for s in shown] == [NOT_FOUND]


async def test_the_time_typed_before_the_date_is_understood(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/newevent")
    await w.admin.press("Семинар")
    await w.admin.send(TITLE)
    shown = await w.admin.send("в 15:00 25.12")
    assert shown[0].text == "Записал: 25 декабря 2026, 15:00"
    assert "Когда окончание?" in shown[-1].text


def suggested(text: str) -> list[str]:
    """The examples a text gives after «например:» (a list of lines, or one sentence)."""
    tail = text.split("например:", 1)[1].strip()
    if "\n" in tail.split("\n\n", 1)[0]:
        return [line.strip() for line in tail.split("\n\n", 1)[0].splitlines()]
    tail = tail.split(". ", 1)[0].rstrip(".")
    return [e.strip() for e in re.split(r",\s|\sили\s", tail)]


async def test_the_examples_the_wizard_gives_are_accepted_late_in_november_and_in_june(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    for moment in (
        datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
        datetime(2027, 6, 10, 9, 0, tzinfo=UTC),
    ):
        h.clock.set(moment)
        await w.admin.send("/newevent")
        await w.admin.press("Семинар")
        shown = await w.admin.send(TITLE)
        examples = suggested(shown[-1].text)
        assert len(examples) == 4, shown[-1].text
        for typed in ("31.02", "25:00", "когда-нибудь", "15:00"):
            [refusal] = await w.admin.send(typed)
            examples += suggested(refusal.text)
        assert "25.11 15:00" not in examples
        for example in dict.fromkeys(examples):
            shown = await w.admin.send(example)
            assert shown[0].text.startswith("Записал:"), (moment, example, shown[0].text)
            await w.admin.send("/cancel")
            await w.admin.send("/newevent")
            await w.admin.press("Семинар")
            await w.admin.send(TITLE)
        # the end's examples follow the start
        shown = await w.admin.send("в пятницу 22:30")
        ends = re.findall(r"\(([^)]*)\)", shown[-1].text)  # «время (00:30), дату и время (…)»
        assert len(ends) == 3, shown[-1].text
        shown = await w.admin.send("абв")
        ends += suggested(shown[-1].text)
        assert ends[:2] != ["17:00", "26.11 17:00"]
        for example in dict.fromkeys(ends):
            if not re.search(r"\d", example):
                continue
            shown = await w.admin.send(example)
            assert shown[0].text.startswith("Записал:"), (moment, example, shown[0].text)
            await w.admin.send("/cancel")
            await w.admin.send("/newevent")
            await w.admin.press("Семинар")
            await w.admin.send(TITLE)
            await w.admin.send("в пятницу 22:30")
        await w.admin.send("/cancel")


# ---------------------------------------------------------------------- what cannot be sent

OVER = re.compile(r"на (\d+) знак")


def over_by(text: str) -> int:
    match = OVER.search(text.replace("\u00a0", ""))
    assert match, text
    return int(match.group(1))


async def to_description(person: Person) -> None:
    await person.send("/newevent")
    await person.press("Семинар")
    await person.send(TITLE)
    await person.send("25.11 15:00-17:00")
    await person.press("Пропустить")  # no place


async def to_preview(person: Person) -> list[Seen]:
    await person.press("Готово")  # no competences
    await choose_gmo(person)
    return await presses(person, "Далее ›", "Готово", "Пропустить")


async def test_a_description_too_long_for_the_message_is_refused_where_it_is_typed(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    await to_description(w.admin)
    shown = await w.admin.send("о" * 4090)  # fits alone, not with the heading and the footer
    assert len(shown) == 1
    assert shown[0].text.startswith("Приглашение не поместится в сообщение"), shown[0].text
    over = over_by(shown[0].text)
    assert 0 < over < 300
    assert f"Сократите описание хотя бы на {over}" in shown[0].text
    shown = await w.admin.send("о" * (4090 - over + 1))
    assert "на 1 знак." in shown[0].text  # Russian plurals
    shown = await w.admin.send("о" * (4090 - over))  # the most that fits
    assert "Какие компетенции" in shown[-1].text
    shown = await to_preview(w.admin)
    preview, summary = shown[-2], shown[-1]
    assert preview.text.startswith(f"Семинар: {TITLE}")
    assert summary.buttons == ["Опубликовать", "Изменить", "Отмена"]
    # a longer place, typed later, would push it over: refused, and the draft is kept
    await presses(w.admin, "Изменить", "Место или ссылка")
    shown = await w.admin.send("СОШ № 1, актовый зал")
    assert shown[0].text.startswith("Приглашение не поместится в сообщение")
    assert "Сократите место или описание" in shown[0].text
    shown = await w.admin.press("Пропустить")
    assert shown[-2].text.startswith(f"Семинар: {TITLE}")
    await w.admin.press("Опубликовать")
    await h.runtime.sender.drain()
    [event] = await events_in_db(h)
    assert event.description == "о" * (4090 - over)
    # a change that would not fit in the notice is refused, and nothing is sent
    await w.admin.press("Изменить время/место/ссылку", await open_card(w.admin))
    await w.admin.press("Место")
    shown = await w.admin.send("СОШ № 1, актовый зал")
    assert shown[-1].text.startswith("Приглашение не поместится в сообщение")
    [event] = await events_in_db(h)
    assert (event.place, event.version) == (None, 1)
    await w.admin.send("/cancel")
    # the reminders, with their heading, are sent too
    h.clock.set(START_UTC - timedelta(days=1))
    before = counts(h, w)
    assert await h.runtime.jobs.fire_reminders() == 1
    await h.runtime.sender.drain()
    got = received(h, before)
    assert got[w.teacher2.id][0].text.startswith("⏰ Напоминание")


async def test_a_photo_that_would_make_the_text_a_too_long_caption_is_refused(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    await to_description(w.admin)
    await w.admin.send("о" * 1000)  # fits as a text; as a caption it fits alone only
    await w.admin.press("Готово")
    await choose_gmo(w.admin)
    await presses(w.admin, "Далее ›", "Готово")
    shown = await w.admin.send_photo(b"\x89PNG fake image")
    assert len(shown) == 1
    assert shown[0].text.startswith("С файлом приглашение станет подписью к нему"), shown[0].text
    over = over_by(shown[0].text)
    assert "1\u00a0024" in shown[0].text
    # the draft is kept: without the file it is previewed, and the description can be cut
    shown = await w.admin.press("Пропустить")
    assert shown[-2].text.startswith(f"Семинар: {TITLE}")
    await presses(w.admin, "Изменить", "Описание")
    await w.admin.send("о" * (1000 - over))
    await presses(w.admin, "Изменить", "Файл")
    shown = await w.admin.send_photo(b"\x89PNG fake image")
    assert shown[-2].raw.get("photo"), "previewed with its photo"
    assert shown[-2].text.startswith(f"Семинар: {TITLE}")
    # a description that no longer fits the caption is refused at its step
    await presses(w.admin, "Изменить", "Описание")
    shown = await w.admin.send("о" * (1000 - over + 2))
    assert shown[0].text.startswith("С файлом приглашение станет подписью к нему")
    assert "на 2 знака" in shown[0].text
    assert "уберите файл" in shown[0].text
    shown = await w.admin.send("о" * (1000 - over))
    assert shown[-2].raw.get("photo")
    await w.admin.press("Опубликовать")
    await h.runtime.sender.drain()
    [event] = await events_in_db(h)
    assert event.attachment_kind == "photo"


# ---------------------------------------------------------------------- reminders too late


async def test_the_preview_says_which_reminders_will_not_come(harness: Harness) -> None:
    h = harness
    w = await world(h)
    # it is 12:00 in Moscow: tomorrow at 10:00 is less than a day away
    await to_audience(w.admin, when="завтра в 10:00")
    await choose_gmo(w.admin)
    shown = await presses(w.admin, "Далее ›", "Готово", "Пропустить")
    summary = shown[-1].text
    assert "Напоминания: за 1 день, за 1 час" in summary
    assert "Напоминание за 1 день не придёт: до начала меньше суток." in summary
    await w.admin.press("Опубликовать")
    [event] = await events_in_db(h)
    async with h.runtime.sessions() as session:
        planned = list(
            await session.scalars(
                select(Reminder.minutes_before).where(
                    Reminder.source_kind == "event", Reminder.source_id == event.id
                )
            )
        )
    assert planned == [60]
    # two of them, less than an hour before the start
    await to_audience(w.admin, title="Другое", when="сегодня в 12:50")
    await choose_gmo(w.admin)
    await presses(w.admin, "Далее ›", "за 3 часа", "Готово")
    shown = await w.admin.press("Пропустить")
    summary = shown[-1].text
    assert "Напоминания за 1 день, за 3 часа, за 1 час не придут: до начала меньше часа." in summary
    # in time for all of them: nothing said
    await to_audience(w.admin, title="Третье", when="25.11 15:00")
    await choose_gmo(w.admin)
    shown = await presses(w.admin, "Далее ›", "Готово", "Пропустить")
    assert "не придёт" not in shown[-1].text
    assert "не придут" not in shown[-1].text
