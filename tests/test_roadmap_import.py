"""/import_roadmap and /roadmap: each sample roadmap imported through the real Dispatcher against
the Bot API double — the deadlines and standing activities it makes, no row dropped, nothing
twice — the methodologist's changes before confirming, and every bad file."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.services.roadmap.importer import guess_kind
from bot.storage.models import (
    AssociationLevel,
    Deadline,
    DeadlineUnit,
    Deliverable,
    ItemKind,
    Recurrence,
    Roadmap,
    RoadmapItem,
    Role,
)
from tests import seed
from tests.harness import Harness, Person, Seen

# The clock starts at 23.11.2026 09:00 UTC: the current academic year is 2026–2027.
DATA = Path(__file__).parent / "data"
KAVKAZSKY = DATA / "roadmap-kavkazsky.csv"
KAVKAZSKY_1251 = DATA / "roadmap-kavkazsky-cp1251.csv"
ZARECHNY = DATA / "roadmap-zarechny.xlsx"
CURRENT = "2026–2027 (текущий)"
TZ = ZoneInfo("Europe/Moscow")


@dataclass
class World:
    admin: Person
    coord: Person
    head: Person
    teacher: Person


async def world(h: Harness) -> World:
    """A municipality: two schools, two ШМО and a ГМО, a coordinator, two heads, a teacher."""
    admin = await seed.methodologist(h)
    school1 = await seed.organisation(h, "Школа № 1")
    school2 = await seed.organisation(h, "Школа № 2")
    shmo = await seed.association(h, "ШМО начальных классов", organisation_id=school1)
    shmo2 = await seed.association(h, "ШМО филологов", organisation_id=school2)
    await seed.association(h, "ГМО математиков", AssociationLevel.MUNICIPAL)
    coord, head, teacher = h.person("Нина", "Орлова"), h.person("Галина"), h.person("Дарья")
    m = seed.member
    await m(h, coord.id, Role.COORDINATOR, "Орлова Нина", organisation_id=school1)
    await m(h, head.id, Role.HEAD, "Васильева Галина", organisation_id=school1, head_of=[shmo])
    await m(h, None, Role.HEAD, "Петров Пётр", organisation_id=school2, head_of=[shmo2])
    await m(h, teacher.id, Role.TEACHER, "Григорьева Дарья", organisation_id=school1)
    for person in (coord, head, teacher):
        await person.send("/help")
    return World(admin, coord, head, teacher)


async def count(h: Harness, model: type) -> int:
    async with h.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def deadlines(h: Harness) -> list[Deadline]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(Deadline).order_by(Deadline.id)))


async def items(h: Harness) -> list[RoadmapItem]:
    async with h.runtime.sessions() as session:
        query = select(RoadmapItem).order_by(RoadmapItem.roadmap_id, RoadmapItem.position)
        return list(await session.scalars(query))


def local_day(deadline: Deadline) -> date:
    return deadline.due_at.astimezone(TZ).date()


async def to_preview(person: Person, source: Path | tuple[str, bytes, str], year: str = CURRENT):
    await person.send("/import_roadmap")
    shown = await person.send_document(source)
    assert "На какой учебный год этот план?" in shown[-1].text
    assert shown[-1].buttons == ["2025–2026", CURRENT, "2027–2028", "Отмена"]
    return await person.press(year)


async def import_file(person: Person, source: Path | tuple[str, bytes, str]) -> Seen:
    await to_preview(person, source)
    await person.press("Создать")
    return person.last()


def csv(text: str, name: str = "roadmap.csv") -> tuple[str, bytes, str]:
    return (name, text.encode("utf-8"), "text/csv")


# ---------------------------------------------------------------------- the samples


async def test_zarechny_becomes_deadlines_series_and_standing_activities(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await to_preview(w.admin, ZARECHNY)
    preview = shown[-1]
    assert "Дорожная карта «roadmap-zarechny.xlsx» на 2026–2027 учебный год" in preview.text
    assert "Строк: 18" in preview.text
    assert "3 постоянных дела" in preview.text
    assert "у 1 строки срок прошёл" in preview.text
    # Row 4 «Сентябрь» has passed; row 5 «до 15 сентября, ежегодно» moves to next September.
    assert "<b>4.</b>" not in preview.text  # the double shows text, not HTML
    assert "4. Утверждение планов работы ШМО" in preview.text
    assert "срок прошёл (30.09.2026), каждое объединение" in preview.text
    assert "серия с 15.09.2027, ежегодно, методисты" in preview.text
    assert "серия с 31.12.2026, каждую четверть, каждое объединение" in preview.text
    assert preview.buttons[:2] == ["1 из 2", "Далее ›"]
    await w.admin.press("Далее ›")
    page2 = w.admin.last()
    assert "18. Пополнение методической копилки" in page2.text
    assert "16. Консультирование педагогов по запросу — «В постоянном режиме» → постоянно" in (
        page2.text
    )
    before = len(w.teacher.messages())
    await w.admin.press("Создать")
    done = w.admin.last()
    assert "Создано сроков: 14, постоянных дел: 3, без даты: 0, уже были: 0." in done.text, (
        done.text
    )
    assert "1 строка с прошедшим сроком сохранена без срока." in done.text

    stored = await items(h)
    assert len(stored) == 18  # no row dropped
    kinds = [i.kind for i in stored]
    assert kinds.count(ItemKind.STANDING) == 3
    assert kinds.count(ItemKind.DATED) == 15
    assert sum(1 for i in stored if i.deadline_id is not None) == 14
    made = {d.title: d for d in await deadlines(h)}
    assert len(made) == 14
    application = made["Приём заявок на присвоение статуса муниципальной творческой лаборатории"]
    assert application.kind is Deliverable.APPLICATION
    assert application.unit is DeadlineUnit.PERSON
    assert application.audience["roles"] == ["methodologist"]
    assert application.recurrence is Recurrence.YEARLY
    assert local_day(application) == date(2027, 9, 15)
    piggy = made["Пополнение методической копилки"]
    assert piggy.kind is Deliverable.MATERIALS
    assert piggy.unit is DeadlineUnit.ASSOCIATION
    assert piggy.recurrence is Recurrence.MONTHS
    assert sorted(piggy.months) == [3, 5, 11, 12]
    assert local_day(piggy) == date(2026, 11, 30)
    assert piggy.due_at.astimezone(TZ).strftime("%H:%M") == "23:59"
    debut = made["Муниципальный конкурс «Педагогический дебют»"]
    assert debut.recurrence is Recurrence.ONCE
    assert local_day(debut) == date(2027, 2, 28)
    plans = made["Подготовка отчетов о результатах работы ГМО за учебный год"]
    assert plans.kind is Deliverable.REPORT
    assert made["Анализ результатов ГИА"].kind is Deliverable.ANALYSIS
    # Imported deadlines are not announced one by one: nobody got a message.
    assert len(w.teacher.messages()) == before
    assert not [m for m in w.head.messages() if "Новый срок сдачи" in m.text]


async def test_kavkazsky_keeps_its_undated_rows_as_standing_activities(harness: Harness) -> None:
    h = harness
    w = await world(h)
    done = await import_file(w.admin, KAVKAZSKY)
    assert "Создано сроков: 2, постоянных дел: 21, без даты: 0, уже были: 0." in done.text
    stored = await items(h)
    assert len(stored) == 23
    made = {d.title: d for d in await deadlines(h)}
    base = made["Обновление базы данных педагогических работников"]
    assert base.recurrence is Recurrence.MONTHS
    assert sorted(base.months) == [2, 9]
    assert local_day(base) == date(2027, 2, 1)
    meetings = made["Организация заседаний РМО"]
    assert meetings.unit is DeadlineUnit.ASSOCIATION
    assert meetings.recurrence is Recurrence.QUARTERLY
    assert local_day(meetings) == date(2026, 12, 31)


async def test_the_cp1251_file_is_the_same_roadmap_and_a_second_import_creates_nothing(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    done = await import_file(w.admin, KAVKAZSKY_1251)
    assert "Создано сроков: 2, постоянных дел: 21, без даты: 0, уже были: 0." in done.text
    activities = [i.activity for i in await items(h)]
    # The UTF-8 file holds the very same rows: all of them are found imported already.
    shown = await to_preview(w.admin, KAVKAZSKY)
    assert "уже загружены раньше: 23" in shown[-1].text
    await w.admin.press("Создать")
    again = w.admin.last()
    assert "Создано сроков: 0, постоянных дел: 0, без даты: 0, уже были: 23." in again.text
    assert [i.activity for i in await items(h)] == activities
    assert len(await deadlines(h)) == 2
    assert await count(h, Roadmap) == 1


async def test_importing_the_same_file_twice_creates_nothing_twice(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await import_file(w.admin, ZARECHNY)
    done = await import_file(w.admin, ZARECHNY)
    assert "Создано сроков: 0, постоянных дел: 0, без даты: 0, уже были: 18." in done.text
    assert await count(h, RoadmapItem) == 18
    assert len(await deadlines(h)) == 14


async def test_a_second_create_press_creates_nothing(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await to_preview(w.admin, KAVKAZSKY)
    preview = shown[-1]
    await w.admin.press("Создать", preview)
    await w.admin.press("Создать", Seen({**preview.raw}))
    assert "Эта дорожная карта уже загружена." in w.admin.alerts()
    assert await count(h, RoadmapItem) == 23
    assert len(await deadlines(h)) == 2


# ---------------------------------------------------------------------- changes before confirming

HAND = (
    "Дорожная карта школы\n"
    "Мероприятие;Срок;Ответственные\n"
    "Отчёт о работе ШМО;Декабрь;руководители ШМО\n"
    "Семинар для молодых педагогов;после каникул;методисты\n"
    "\n"
    "Консультации;в течение года;методисты\n"
    "Информационная карта школы;Январь;ОО\n"
)


async def test_a_row_changes_its_unit_and_an_undated_row_gets_a_date(harness: Harness) -> None:
    h = harness
    w = await world(h)
    shown = await to_preview(w.admin, csv(HAND))
    preview = shown[-1].text
    assert "Строк: 4" in preview
    assert "3. Отчёт о работе ШМО — «Декабрь» → срок 31.12.2026, каждое объединение" in preview
    assert "4. Семинар для молодых педагогов — «после каникул» → нужна дата, методисты" in preview
    assert "7. Информационная карта школы — «Январь» → срок 31.01.2027, каждая организация" in (
        preview
    )
    assert "6. Консультации — «в течение года» → постоянно" in preview

    await w.admin.press("Изменить строку")
    shown = await w.admin.send("99")
    assert "Строки 99 в дорожной карте нет" in shown[-1].text
    shown = await w.admin.send("3")
    assert "Строка 3: «Отчёт о работе ШМО». Кто сдаёт?" in shown[-1].text
    shown = await w.admin.press("Каждая организация")
    assert "3. Отчёт о работе ШМО — «Декабрь» → срок 31.12.2026, каждая организация" in (
        shown[-1].text
    )

    await w.admin.press("Указать дату")
    shown = await w.admin.send("3 25.12.2026")
    assert "Срок строки 3 я понял сам" in shown[-1].text
    shown = await w.admin.send("4 20.10.2026")
    assert "прошла" in shown[-1].text
    shown = await w.admin.send("4 25.12.2026")
    assert shown[0].text == "Строка 4: срок 25.12.2026."
    assert (
        "4. Семинар для молодых педагогов — «после каникул» → срок 25.12.2026 "
        "(дата указана вручную), методисты" in shown[-1].text
    )
    await w.admin.press("Создать")
    done = w.admin.last()
    assert "Создано сроков: 3, постоянных дел: 1, без даты: 0, уже были: 0." in done.text
    made = {d.title: d for d in await deadlines(h)}
    assert made["Отчёт о работе ШМО"].unit is DeadlineUnit.ORGANISATION
    assert made["Отчёт о работе ШМО"].kind is Deliverable.REPORT
    seminar = made["Семинар для молодых педагогов"]
    assert local_day(seminar) == date(2026, 12, 25)
    assert seminar.recurrence is Recurrence.ONCE
    card = made["Информационная карта школы"]
    assert card.kind is Deliverable.INFO_CARD
    assert local_day(card) == date(2027, 1, 31)
    assert len(await items(h)) == 4


async def test_the_plan_year_is_asked_and_a_bare_month_follows_it(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/import_roadmap")
    shown = await w.admin.send_document(csv(HAND.replace("Январь", "Январь, 2027")))
    assert "названы годы 2027" in shown[-1].text or "назван год 2027" in shown[-1].text
    shown = await to_preview(w.admin, csv(HAND), year="2027–2028")
    assert "на 2027–2028 учебный год" in shown[-1].text
    assert "«Январь» → срок 31.01.2028" in shown[-1].text
    assert "«Декабрь» → срок 31.12.2027" in shown[-1].text


async def test_the_preview_comes_as_a_workbook(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_preview(w.admin, csv(HAND))
    shown = await w.admin.press("Таблица Excel")
    sent = shown[-1].raw
    book = load_workbook(io.BytesIO(h.double.file_bytes(sent["document"]["file_id"])))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Строка", "Раздел", "Мероприятие")
    assert len(rows) == 5
    assert rows[4][2] == "Информационная карта школы"
    assert rows[4][5] == "срок 31.01.2027"
    assert await count(h, RoadmapItem) == 0


async def test_a_unit_with_nobody_in_it_keeps_the_row_without_a_deadline(harness: Harness) -> None:
    h = harness
    admin = await seed.methodologist(h)  # no organisations, no associations
    shown = await to_preview(admin, csv(HAND))
    assert "срок не создан: объединений в реестре ещё нет" in shown[-1].text
    await admin.press("Создать")
    done = admin.last()
    assert "Создано сроков: 0" in done.text
    assert "2 строки сохранены без срока: сдавать некому." in done.text
    assert len(await items(h)) == 4
    assert not await deadlines(h)


# ---------------------------------------------------------------------- bad files and people


async def test_bad_files_get_clear_answers_and_nothing_is_written(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await w.admin.send("/import_roadmap")
    [reply] = await w.admin.send_document(("photo.png", b"\x89PNG\r\n\x1a\n" * 20, "image/png"))
    assert "только как таблицу CSV или XLSX" in reply.text
    [reply] = await w.admin.send_document(csv("Название;Город\nА;Б\n"))
    assert "Не нашёл в таблице нужных столбцов" in reply.text
    many = "Мероприятие;Срок\n" + "".join(f"Дело {i};Декабрь\n" for i in range(10_000))
    [reply] = await w.admin.send_document(csv(many))
    assert "больше 2\xa0000 строк" in reply.text
    [reply] = await w.admin.send_document(csv("Мероприятие;Срок;Ответственные\n;;\n\n;;\n"))
    assert "нет ни одной строки с мероприятиями" in reply.text
    [reply] = await w.admin.send("просто текст")
    assert "Жду файл дорожной карты" in reply.text
    assert await count(h, Roadmap) == 0
    assert await count(h, RoadmapItem) == 0
    # The dialog still waits for a file: a good one goes on.
    shown = await w.admin.send_document(KAVKAZSKY)
    assert "Прочитал «roadmap-kavkazsky.csv»: 23 строки" in shown[-1].text


async def test_others_are_refused_the_import_and_a_teacher_the_roadmap(harness: Harness) -> None:
    w = await world(harness)
    [reply] = await w.teacher.send("/import_roadmap")
    assert reply.text == "Это может сделать только методист."
    [reply] = await w.coord.send("/import_roadmap")
    assert reply.text == "Это может сделать только методист."
    [reply] = await w.teacher.send("/roadmap")
    assert "Дорожная карта доступна методистам" in reply.text


async def test_cancel_drops_the_import(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await to_preview(w.admin, KAVKAZSKY)
    await w.admin.press("Отмена")
    shown = w.admin.last()
    assert "отменена, ничего не создано" in shown.text
    assert await count(h, RoadmapItem) == 0


# ---------------------------------------------------------------------- /roadmap


async def test_the_roadmap_shows_the_year_by_month_with_standing_activities_apart(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    [empty] = await w.coord.send("/roadmap")
    assert "Дорожная карта ещё не загружена" in empty.text
    await import_file(w.admin, ZARECHNY)
    [view] = await w.head.send("/roadmap")
    text = view.text
    assert text.startswith("Дорожная карта на 2026–2027 учебный год")
    months = ["Сентябрь 2026", "Ноябрь 2026", "Декабрь 2026", "Январь 2027", "Февраль 2027"]
    positions = [text.index(month) for month in months]
    assert positions == sorted(positions)
    assert "30.09 — Утверждение планов работы ШМО на учебный год (каждое объединение)" in text
    assert "срок прошёл" in text
    assert "30.11 — Пополнение методической копилки (каждое объединение) — сдали 0 из 3" in text
    assert "Постоянно и в течение года (3)" in text
    assert "Консультирование педагогов по запросу — «В постоянном режиме»" in text
    assert text.index("Февраль 2027") < text.index("Постоянно и в течение года")


def test_the_kind_is_guessed_from_the_activity() -> None:
    assert guess_kind("Утверждение планов работы ШМО") is Deliverable.PLAN
    assert guess_kind("Протоколы заседаний") is Deliverable.MINUTES
    assert guess_kind("Приём заявок на конкурс") is Deliverable.APPLICATION
    assert guess_kind("Информационная карта ОО") is Deliverable.INFO_CARD
    assert guess_kind("Материалы в копилку") is Deliverable.MATERIALS
    assert guess_kind("Заседания ГМО") is Deliverable.OTHER


async def test_the_roadmap_pages_and_switches_between_imported_years(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await import_file(w.admin, KAVKAZSKY)
    await import_file(w.admin, ZARECHNY)
    await to_preview(w.admin, csv(HAND), year="2027–2028")
    await w.admin.press("Создать")
    [view] = await w.admin.send("/roadmap")
    assert "на 2026–2027 учебный год" in view.text
    assert view.buttons[:2] == ["1 из 2", "Далее ›"]
    assert view.buttons[-2:] == ["✅ 2026–2027", "2027–2028"]
    await w.admin.press("Далее ›")
    assert "Постоянно и в течение года (24)" in w.admin.last().text
    await w.admin.press("2027–2028")
    other = w.admin.last()
    assert "на 2027–2028 учебный год" in other.text
    assert "Декабрь 2027" in other.text
    assert "Нужна дата (1)" in other.text
    assert "Семинар для молодых педагогов — «после каникул»" in other.text
