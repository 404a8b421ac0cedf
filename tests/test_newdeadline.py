"""/newdeadline: the wizard, the preview with its reach, creating once, and every bad input —
driven through the real Dispatcher against the Bot API double."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.keyboards.audience import AuCb
from bot.keyboards.deadlines import STATUS
from bot.keyboards.newdeadline import UNIT, NdlCb
from bot.services.audience import Audience
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.errors import NotAllowed
from bot.services.people import MemberInfo
from bot.storage.models import (
    AssociationLevel,
    Deadline,
    DeadlineAssignee,
    DeadlineUnit,
    Deliverable,
    Member,
    Recurrence,
    Reminder,
    Role,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.harness import Harness, Person, Seen
from tests.worlds import forge, presses

# The deployment is in Moscow (UTC+3); the clock starts at 23.11.2026 09:00 UTC (12:00 there).
TITLE = "Информационная карта ОО"
STALE = "Эта кнопка устарела. Откройте раздел заново."


@dataclass
class World:
    admin: Person
    coord: Person  # the first school's coordinator
    head: Person  # heads the first school's ШМО
    t1: Person  # first school, in the ШМО
    t2: Person  # second school (no coordinator), in no association
    ids: dict[str, int]

    @property
    def people(self) -> list[Person]:
        return [self.admin, self.coord, self.head, self.t1, self.t2]


async def world(h: Harness) -> World:
    admin = await seed.methodologist(h)
    school1 = await seed.organisation(h, "Школа № 1")
    school2 = await seed.organisation(h, "Школа № 2")
    shmo = await seed.association(h, "ШМО начальных классов", organisation_id=school1)
    shmo2 = await seed.association(h, "ШМО филологов", organisation_id=school1)
    gmo = await seed.association(h, "ГМО математиков", AssociationLevel.MUNICIPAL)
    people = {
        "coord": h.person("Нина", "Орлова"),
        "head": h.person("Галина", "Васильева"),
        "t1": h.person("Дарья", "Григорьева"),
        "t2": h.person("Ирина", "Зайцева"),
    }
    m = seed.member
    ids = {
        "school1": school1,
        "school2": school2,
        "shmo": shmo,
        "shmo2": shmo2,
        "gmo": gmo,
        "coord": await m(
            h, people["coord"].id, Role.COORDINATOR, "Орлова Нина", organisation_id=school1
        ),
        "head": await m(
            h,
            people["head"].id,
            Role.HEAD,
            "Васильева Галина",
            organisation_id=school1,
            head_of=[shmo],
        ),
        "t1": await m(
            h,
            people["t1"].id,
            Role.TEACHER,
            "Григорьева Дарья",
            organisation_id=school1,
            associations=[shmo, gmo],
        ),
        "t2": await m(h, people["t2"].id, Role.TEACHER, "Зайцева Ирина", organisation_id=school2),
    }
    async with h.runtime.sessions() as session:
        admin_id = await session.scalar(select(Member.id).where(Member.telegram_id == admin.id))
    ids["admin"] = int(admin_id or 0)
    for person in people.values():
        await person.send("/help")  # the bot may write to those who have started it
    return World(admin=admin, ids=ids, **people)


async def deadlines(h: Harness) -> list[Deadline]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(Deadline).order_by(Deadline.id)))


async def owing(h: Harness, deadline_id: int) -> set[int]:
    async with h.runtime.sessions() as session:
        rows = await session.scalars(
            select(DeadlineAssignee.unit_id).where(DeadlineAssignee.deadline_id == deadline_id)
        )
        return set(rows)


def new_since(person: Person, before: int) -> list[Seen]:
    return person.messages()[before:]


def wizard_id(message: Seen) -> int:
    for row in (message.raw.get("reply_markup") or {}).get("inline_keyboard") or []:
        for button in row:
            data = button.get("callback_data", "")
            if data.startswith("ndl:"):
                return NdlCb.unpack(data).w
            if data.startswith(f"{AuCb.__prefix__}:"):
                return AuCb.unpack(data).w
    raise AssertionError(f"no wizard buttons on {message.text!r}")


async def to_due(person: Person, title: str = TITLE, kind: str = "Отчёт", unit: str = "") -> None:
    """/newdeadline up to the question of the due date."""
    await person.send("/newdeadline")
    await person.send(title)
    await person.press(kind)
    if unit:
        await person.press(unit)


async def to_preview(person: Person, due: str = "10.12") -> list[Seen]:
    """A per-organisation report for everyone, once, the default reminders, no extras."""
    await to_due(person, unit="Каждая организация (сдаёт координатор)")
    await person.send(due)
    await presses(person, "Далее ›", "Один раз", "Оставить", "Пропустить")
    return await person.press("Пропустить")


# ---------------------------------------------------------------------- the whole way


async def test_a_methodologist_sets_a_deadline_for_each_organisation(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await w.admin.send("/newdeadline")
    assert "Новый срок сдачи" in shown[0].text
    assert "Как называется то, что нужно сдать?" in shown[-1].text
    shown = await w.admin.send(TITLE)
    assert "Что сдают?" in shown[-1].text
    assert shown[-1].buttons[:8] == [
        "План работы",
        "Протокол",
        "Отчёт",
        "Анализ",
        "Заявка",
        "Материалы для «методической копилки»",
        "Информационная карта",
        "Другое",
    ]
    shown = await w.admin.press("Информационная карта")
    assert w.admin.messages()[-2].text == "Что сдают: информационная карта"
    assert shown[-1].buttons == [
        "Каждая организация (сдаёт координатор)",
        "Каждое объединение (сдаёт руководитель)",
        "Каждый человек лично",
        "Отмена",
    ]
    shown = await w.admin.press("Каждая организация (сдаёт координатор)")
    assert "Какой срок?" in shown[-1].text
    shown = await w.admin.send("10.12")
    assert shown[0].text == "Срок: 10.12.2026 23:59"
    assert "Кого касается срок?" in shown[-1].text
    shown = await w.admin.press("Далее ›")
    assert "Повторяется ли срок?" in shown[-1].text
    shown = await w.admin.press("Ежегодно")
    assert "Сейчас: за 7 дней, за 3 дня, за 1 день, в день срока, в 09:00." in shown[-1].text
    assert shown[-1].buttons == ["Оставить", "Изменить дни", "Изменить время", "Отмена"]
    shown = await w.admin.press("Оставить")
    assert "Добавьте описание" in shown[-1].text
    shown = await w.admin.send("Форма во вложении, заполнить по каждому пункту.")
    assert "Приложите форму" in shown[-1].text
    shown = await w.admin.send_document(("карта.docx", b"PK form", "application/msword"))
    announcement, summary = shown[-2], shown[-1]
    assert announcement.raw.get("document") is not None
    assert announcement.text.startswith("📌 Новый срок сдачи\n\nИнформационная карта ОО")
    assert "Срок: 10.12.2026 23:59" in announcement.text
    assert "Повторяется: ежегодно" in announcement.text
    assert "Сдают: 2 организации (объявление получат: 1 человек)" in summary.text
    assert "Без координатора в боте (1): Школа № 2." in summary.text
    assert "пока у организации не появится координатор" in summary.text
    assert "Напоминания: за 7 дней, за 3 дня, за 1 день, в день срока, в 09:00" in summary.text
    assert "уже в прошлом" not in summary.text
    assert summary.buttons == ["Создать", "Изменить", "Отмена"]
    assert await deadlines(h) == []

    await w.admin.press("Создать")
    done = w.admin.last()
    assert done.text == (
        "✅ Срок создан: «Информационная карта ОО», до 10.12.2026 23:59. "
        "Сдают: 2 организации (объявление получат: 1 человек). "
        "Кто сдал, а кто нет — в статусе сдачи."
    )
    [deadline] = await deadlines(h)
    [[status]] = done.raw["reply_markup"]["inline_keyboard"]
    assert status == {"text": "Статус сдачи", "callback_data": f"{STATUS}:{deadline.id}"}

    before = {p.id: len(p.messages()) for p in w.people}
    await h.runtime.sender.drain()
    [got] = new_since(w.coord, before[w.coord.id])
    assert got.text.startswith("📌 Новый срок сдачи")
    assert got.raw.get("document") is not None
    assert got.buttons == ["📤 Сдать"]
    for person in (w.head, w.t1, w.t2, w.admin):
        assert new_since(person, before[person.id]) == [], person.first_name

    assert deadline.title == TITLE
    assert deadline.kind is Deliverable.INFO_CARD
    assert deadline.unit is DeadlineUnit.ORGANISATION
    assert deadline.recurrence is Recurrence.YEARLY
    assert deadline.due_at == datetime(2026, 12, 10, 20, 59, tzinfo=UTC)
    assert deadline.description == "Форма во вложении, заполнить по каждому пункту."
    assert deadline.attachment_kind == "document"
    assert deadline.author_id == w.ids["admin"]
    assert sorted(deadline.reminder_days or []) == [0, 1, 3, 7]
    assert await owing(h, deadline.id) == {w.ids["school1"], w.ids["school2"]}
    async with h.runtime.sessions() as session:
        planned = await session.scalar(
            select(func.count()).where(
                Reminder.source_kind == "deadline", Reminder.source_id == deadline.id
            )
        )
    assert planned == 4


async def test_a_coordinators_deadline_stays_in_its_school(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_due(w.coord, title="Отчёт о работе с молодыми", unit="Каждый человек лично")
    shown = await w.coord.send("15.12 18:00")
    assert shown[0].text == "Срок: 15.12.2026 18:00"
    assert "Где: вся ваша организация" in shown[-1].text
    await presses(w.coord, "Далее ›", "Один раз", "Оставить", "Пропустить")
    shown = await w.coord.press("Пропустить")
    assert "Сдают: 3 человека (объявление получат: 3 человека)" in shown[-1].text
    await w.coord.press("Создать")
    assert w.coord.last().text.startswith("✅ Срок создан: «Отчёт о работе с молодыми»")
    [deadline] = await deadlines(h)
    assert deadline.organisation_id == w.ids["school1"]
    assert deadline.unit is DeadlineUnit.PERSON
    assert await owing(h, deadline.id) == {w.ids["coord"], w.ids["head"], w.ids["t1"]}
    before = len(w.t2.messages())
    await h.runtime.sender.drain()
    assert new_since(w.t2, before) == []
    assert "📌 Новый срок сдачи" in w.t1.last().text


async def test_a_head_sets_a_deadline_for_its_members_only(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await w.head.send("/newdeadline")
    assert "для участников вашего объединения" in shown[0].text
    shown = await w.head.send("Материалы в копилку")
    wid = wizard_id(shown[-1])
    shown = await w.head.press("Материалы для «методической копилки»")
    assert "Какой срок?" in shown[-1].text  # neither «from whom» nor the audience is asked
    # a forged «from whom» is a stale button, whatever it names
    answers = await forge(h, w.head, NdlCb(act=UNIT, w=wid, v=0).pack())
    assert answers == [STALE]
    shown = await w.head.send("10.12 15:00")
    assert "Повторяется ли срок?" in shown[-1].text
    shown = await w.head.press("Каждую четверть (4 раза в учебном году)")
    await presses(w.head, "Оставить", "Пропустить")
    shown = await w.head.press("Пропустить")
    assert "Сдают: 2 человека (объявление получат: 2 человека)" in shown[-1].text
    assert "Аудитория" not in shown[-1].text
    await w.head.press("Изменить")
    assert "Кто сдаёт" not in w.head.last().buttons
    assert "Аудитория" not in w.head.last().buttons
    await w.head.press("‹ Назад")
    await w.head.press("Создать")
    [deadline] = await deadlines(h)
    assert deadline.unit is DeadlineUnit.PERSON
    assert deadline.recurrence is Recurrence.QUARTERLY
    assert deadline.association_id == w.ids["shmo"]
    assert deadline.audience["associations"] == [w.ids["shmo"]]
    assert await owing(h, deadline.id) == {w.ids["head"], w.ids["t1"]}
    # the service refuses a head's deadline of any other unit, whatever the buttons
    async with h.runtime.sessions() as session:
        head = MemberInfo.of(await session.get(Member, w.ids["head"]))  # type: ignore[arg-type]
    draft = DeadlineDraft(
        title="Чужое",
        kind=Deliverable.REPORT,
        unit=DeadlineUnit.ORGANISATION,
        due_at=datetime(2026, 12, 10, 12, 0, tzinfo=UTC),
        audience=Audience(),
    )
    async with unit_of_work(h.runtime.sessions) as repo:
        service = DeadlineService(repo, h.clock, h.runtime.translator, h.runtime.settings.tz)
        with pytest.raises(NotAllowed) as refused:
            await service.create(head, draft)
    assert refused.value.key == "deadline-error-head-own-members"
    assert len(await deadlines(h)) == 1


# ---------------------------------------------------------------------- bad input


async def test_bad_titles_dates_and_descriptions_are_refused_where_typed(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/newdeadline")
    shown = await w.admin.send("Н" * 201)
    assert shown[-1].text == "Название слишком длинное: 201 знаков, можно не больше 200."
    shown = await w.admin.send_photo(b"\x89PNG fake image")
    assert shown[-1].text.startswith("Здесь нужен ответ текстом.")
    await w.admin.send("Н" * 200)
    shown = await w.admin.send("просто текст")
    assert shown[-1].text.startswith("Выберите вариант кнопками")
    await presses(w.admin, "Отчёт", "Каждая организация (сдаёт координатор)")
    for typed, refusal in (
        ("20.11", "Это уже в прошлом: «20.11». Напишите будущую дату, например: завтра в 10:00"),
        ("23.11 10:00", "Это уже в прошлом: «23.11 10:00»."),
        ("10-12.12", "Срок — это один день, а не промежуток. Напишите дату (01.12)"),
        ("когда-нибудь", "Не понял дату «когда-нибудь»."),
    ):
        shown = await w.admin.send(typed)
        assert len(shown) == 1, typed
        assert shown[0].text.startswith(refusal), shown[0].text
    shown = await w.admin.send("сегодня")  # the end of today is still ahead
    assert shown[0].text == "Срок: 23.11.2026 23:59"
    await presses(w.admin, "Далее ›", "Один раз", "Оставить")
    shown = await w.admin.send("о" * 5000)
    assert shown[-1].text.startswith("Описание слишком длинное для одного сообщения")
    shown = await w.admin.send("о" * 1500)
    assert "Приложите форму" in shown[-1].text
    # with a form, the announcement is a caption: 1024 at most
    shown = await w.admin.send_document(("форма.docx", b"PK", "application/msword"))
    assert shown[-1].text.startswith("Описание слишком длинное для одного сообщения")
    shown = await w.admin.send("не файл")
    assert shown[-1].text.startswith("Пришлите форму документом")
    shown = await w.admin.press("Пропустить")
    assert shown[-1].buttons == ["Создать", "Изменить", "Отмена"]
    assert await deadlines(h) == []


async def test_reminders_after_the_due_time_and_unreadable_days_are_refused(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    await to_due(w.admin, unit="Каждая организация (сдаёт координатор)")
    await w.admin.send("24.11 08:00")
    await presses(w.admin, "Далее ›", "Один раз")
    screen = w.admin.last()
    await w.admin.press("Оставить")
    assert w.admin.alerts()[-1].startswith(
        "Напоминание за 0 дней (в день срока) в 09:00 пришло бы позже срока (24.11.2026 08:00)."
    )
    assert w.admin.last().message_id == screen.message_id  # the step stays open
    shown = await w.admin.press("Изменить дни")
    assert "За сколько дней до срока напомнить?" in shown[-1].text
    for typed, refusal in (
        ("через неделю", "Не понял дни напоминаний: «через неделю»."),
        ("90, 1", "Напоминать можно не раньше чем за 60 дней до срока."),
        ("1, 0", "Напоминание за 0 дней (в день срока) в 09:00 пришло бы позже срока"),
    ):
        shown = await w.admin.send(typed)
        assert len(shown) == 1, typed
        assert shown[0].text.startswith(refusal), shown[0].text
    await w.admin.press("Изменить время")
    shown = await w.admin.send("25:00")
    assert shown[-1].text.startswith("Не понял время напоминаний: «25:00».")
    shown = await w.admin.send("7.30")
    assert "Сейчас: за 7 дней, за 3 дня, за 1 день, в день срока, в 07:30." in shown[-1].text
    await presses(w.admin, "Оставить", "Пропустить")
    shown = await w.admin.press("Пропустить")
    summary = shown[-1].text
    assert "Эти напоминания уже в прошлом и не придут: за 7 дней, за 3 дня, за 1 день" in summary
    await w.admin.press("Создать")
    [deadline] = await deadlines(h)
    assert deadline.reminder_time == "07:30"
    async with h.runtime.sessions() as session:
        planned = await session.scalar(
            select(func.count()).where(
                Reminder.source_kind == "deadline", Reminder.source_id == deadline.id
            )
        )
    assert planned == 1  # only the day's own: the others are past


async def test_chosen_months_need_a_month(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_due(w.admin, unit="Каждое объединение (сдаёт руководитель)")
    await w.admin.send("10.12")
    await w.admin.press("Далее ›")
    shown = await w.admin.press("По выбранным месяцам…")
    assert "В какие месяцы?" in shown[-1].text
    assert shown[-1].buttons[:3] == ["сентябрь", "октябрь", "ноябрь"]
    await w.admin.press("Готово")
    assert w.admin.alerts()[-1] == "Выберите хотя бы один месяц."
    await presses(w.admin, "декабрь", "май", "март")
    assert "✅ декабрь" in w.admin.last().buttons
    await w.admin.press("✅ март")
    shown = await w.admin.press("Готово")
    assert w.admin.messages()[-2].text == "Месяцы: декабрь, май"
    await presses(w.admin, "Оставить", "Пропустить")
    shown = await w.admin.press("Пропустить")
    assert "Месяцы: декабрь, май" in shown[-1].text
    assert "Сдают: 3 объединения (объявление получат: 1 человек)" in shown[-1].text
    assert "Без руководителя в боте (2): ГМО математиков; ШМО филологов." in shown[-1].text
    # changing the recurrence from the preview asks for the months again
    await presses(w.admin, "Изменить", "Повторение")
    shown = await w.admin.press("По выбранным месяцам…")
    assert "✅ декабрь" in shown[-1].buttons
    await w.admin.press("Готово")
    await w.admin.press("Создать")
    [deadline] = await deadlines(h)
    assert deadline.recurrence is Recurrence.MONTHS
    assert deadline.months == [5, 12]


async def test_an_audience_with_no_unit_is_refused_at_the_preview(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_due(w.admin, unit="Каждое объединение (сдаёт руководитель)")
    await w.admin.send("10.12")
    await presses(w.admin, "Где…", "Уровни объединений…", "РМО", "‹ К получателям")
    await presses(w.admin, "Далее ›", "Один раз", "Оставить", "Пропустить")
    shown = await w.admin.press("Пропустить")
    refused = shown[-1]
    assert refused.text.startswith(
        "⚠️ Так создать нельзя: В этой аудитории нет ни одного объединения, который мог бы сдать."
    )
    assert "Создать" not in refused.buttons
    assert "Аудитория" in refused.buttons
    assert await deadlines(h) == []
    await w.admin.press("Аудитория")
    await presses(w.admin, "Где…", "✅ Уровни объединений…", "ШМО", "‹ К получателям")
    shown = await w.admin.press("Далее ›")
    assert "Сдают: 2 объединения (объявление получат: 1 человек)" in shown[-1].text
    assert shown[-1].buttons == ["Создать", "Изменить", "Отмена"]
    await w.admin.press("Создать")
    [deadline] = await deadlines(h)
    assert await owing(h, deadline.id) == {w.ids["shmo"], w.ids["shmo2"]}


async def test_cancel_leaves_nothing_and_a_double_create_creates_once(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await to_preview(w.admin)
    cancelled = shown[-1]
    await w.admin.press("Отмена", cancelled)
    assert w.admin.last().text == "Черновик удалён, срок не создан."
    assert await deadlines(h) == []
    answers = await forge(h, w.admin, NdlCb(act="C", w=wizard_id(cancelled)).pack())
    assert answers == [STALE]
    assert await deadlines(h) == []

    shown = await to_preview(w.admin)
    summary = shown[-1]
    await w.admin.press("Создать", summary)
    await w.admin.press("Создать", summary)
    assert w.admin.alerts()[-1] == "Этот срок уже создан, второй раз я его не создам."
    assert len(await deadlines(h)) == 1
    before = len(w.coord.messages())
    await h.runtime.sender.drain()
    assert len(new_since(w.coord, before)) == 1


async def test_a_change_from_the_preview_comes_back_to_it(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_preview(w.admin)
    await w.admin.press("Изменить")
    assert w.admin.last().buttons == [
        "Название",
        "Что сдают",
        "Кто сдаёт",
        "Срок",
        "Аудитория",
        "Повторение",
        "Напоминания",
        "Описание",
        "Форма (файл)",
        "‹ Назад",
        "Отмена",
    ]
    await w.admin.press("Срок")
    shown = await w.admin.send("12.12 12:00")
    assert "Срок: 12.12.2026 12:00" in shown[-2].text
    assert shown[-1].buttons == ["Создать", "Изменить", "Отмена"]
    await presses(w.admin, "Изменить", "Название")
    shown = await w.admin.send("Новое название")
    assert shown[-2].text.startswith("📌 Новый срок сдачи\n\nНовое название")
    await w.admin.press("Создать")
    [deadline] = await deadlines(h)
    assert deadline.title == "Новое название"
    assert deadline.due_at == datetime(2026, 12, 12, 9, 0, tzinfo=UTC)


async def test_a_head_of_two_associations_ticks_whose_members_owe(harness: Harness) -> None:
    h = harness
    w = await world(h)
    boss = h.person("Вера", "Лебедева")
    boss_id = await seed.member(
        h,
        boss.id,
        Role.HEAD,
        "Лебедева Вера",
        organisation_id=w.ids["school1"],
        head_of=[w.ids["shmo"], w.ids["shmo2"]],
    )
    await boss.send("/help")
    await to_due(boss, title="Анализ работы за четверть", kind="Анализ")
    shown = await boss.send("10.12")
    assert "Для участников какого объединения?" in shown[-1].text
    assert shown[-1].buttons == ["ШМО начальных классов", "ШМО филологов", "Готово", "Отмена"]
    wid = wizard_id(shown[-1])
    await boss.press("Готово")
    assert boss.alerts()[-1] == "Отметьте хотя бы одно объединение."
    answers = await forge(h, boss, NdlCb(act="H", w=wid, v=w.ids["gmo"]).pack())
    assert answers == [STALE]
    await boss.press("ШМО филологов")
    shown = await boss.press("Готово")
    assert boss.messages()[-2].text == "Объединения: ШМО филологов"
    await presses(boss, "Один раз", "Оставить", "Пропустить")
    shown = await boss.press("Пропустить")
    assert "Сдают: 1 человек (объявление получат: 1 человек)" in shown[-1].text
    await boss.press("Создать")
    [deadline] = await deadlines(h)
    assert await owing(h, deadline.id) == {boss_id}


async def test_a_teacher_may_not_set_deadlines(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await w.t1.send("/newdeadline")
    assert shown[-1].text.startswith("Создавать сроки и следить за ними могут методист")
    assert await deadlines(h) == []
