"""/minutes through the Dispatcher and the Bot API double: a head submits minutes with two
attachments and gets the protocol DOCX back (opened with python-docx: the entered text in
its places); the planned meeting's deadline is completed for that association only; a
correction keeps every version; «Сдать» of a meeting's deadline opens the same wizard; the
methodical topic; every bad input of the issue is answered and nothing is half-written."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from bot.factory import create_runtime
from bot.services.minutes.archive import digest
from bot.services.minutes.rules import meeting_year, pick_meeting
from bot.storage.models import (
    AssociationLevel,
    DeadlineAssignee,
    HeadTerm,
    MethodicalTopic,
    Minutes,
    MinutesFile,
    MinutesItem,
    MinutesVersion,
    Role,
    UnitStatus,
    YearDuty,
)
from tests import seed
from tests.botapi import BotAPIDouble
from tests.conftest import make_settings
from tests.harness import FakeClock, Harness, Person, Seen
from tests.worlds import forge

PDF = ("план.pdf", b"%PDF-1.4 the plan of work", "application/pdf")
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
NOVEMBER = "Протокол заседания ШМО (ноябрь)"


@pytest.fixture
async def mh(
    double: BotAPIDouble, database_url: str, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[Harness]:
    """The bot keeping local copies of attachments under a data folder of its own."""
    settings = make_settings(
        double, database_url, minutes_local_copies=True, data_dir=tmp_path / "data"
    )
    runtime = create_runtime(settings, clock=clock)
    try:
        yield Harness(runtime, double, clock)
    finally:
        await runtime.aclose()


class World:
    def __init__(self, h: Harness) -> None:
        self.h = h
        self.ids: dict[str, int] = {}
        self.p: dict[str, Person] = {}


async def world(h: Harness) -> World:
    """Two schools: the first with two ШМО (a head each; the second head leads a ГМО too)
    and a coordinator, the second with one ШМО; a ГМО; a methodologist and a teacher."""
    w = World(h)
    ids = w.ids
    ids["org"] = await seed.organisation(h, "СОШ № 1")
    ids["other"] = await seed.organisation(h, "Лицей № 3")
    ids["math"] = await seed.association(h, "ШМО математиков", organisation_id=ids["org"])
    ids["primary"] = await seed.association(h, "ШМО начальных классов", organisation_id=ids["org"])
    ids["lyceum"] = await seed.association(h, "ШМО лицея", organisation_id=ids["other"])
    ids["gmo"] = await seed.association(h, "ГМО физиков", AssociationLevel.MUNICIPAL)
    for key, uid, role, name, org, kw in (
        ("admin", 9001, Role.METHODOLOGIST, "Смирнова Ольга", None, {}),
        ("coord", 9002, Role.COORDINATOR, "Орлова Нина", "org", {}),
        ("head", 9003, Role.HEAD, "Иванова Мария", "org", {"head_of": [ids["math"]]}),
        (
            "head2",
            9004,
            Role.HEAD,
            "Петрова Анна",
            "org",
            {"head_of": [ids["primary"], ids["gmo"]]},
        ),
        ("head3", 9005, Role.HEAD, "Сидорова Вера", "other", {"head_of": [ids["lyceum"]]}),
        ("teacher", 9101, Role.TEACHER, "Учитель Первый", "org", {"associations": [ids["math"]]}),
    ):
        ids[key] = await seed.member(
            h, uid, role, name, organisation_id=ids[org] if org else None, **kw
        )
        first, last = name.split()[1], name.split()[0]
        w.p[key] = h.person(first, last, user_id=uid)
        h.double.add_user(uid, first, last_name=last, started=True)
    return w


async def set_up_year(w: World) -> None:
    """The methodologist creates the year's deadlines (the defaults of each level)."""
    admin = w.p["admin"]
    await admin.send("/minutes_registry")
    await admin.press("🗓 План заседаний")
    await admin.press("✅ Создать сроки года")
    assert "Сроки года: создано" in admin.last(), admin.last().text


async def count(h: Harness, model: type) -> int:
    async with h.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def unit_status(h: Harness, title: str, unit_id: int) -> UnitStatus | None:
    from bot.storage.models import Deadline

    async with h.runtime.sessions() as session:
        deadline = await session.scalar(select(Deadline).where(Deadline.title == title))
        assert deadline is not None, title
        row = await session.get(DeadlineAssignee, (deadline.id, unit_id))
        return row.status if row else None


async def press_starting(person: Person, prefix: str) -> list[Seen]:
    """Press the newest message's button whose label starts with ``prefix``."""
    [label] = [b for b in person.last().buttons if b.startswith(prefix)]
    return await person.press(label)


def said(person: Person, fragment: str) -> Seen:
    """The newest message (edits applied) that says ``fragment``."""
    for seen in reversed(person.messages()):
        if fragment in seen.text:
            return seen
    raise AssertionError(f"nothing says {fragment!r}; last: {person.last().text!r}")


def document_of(h: Harness, seen: Seen) -> Document:
    return Document(io.BytesIO(h.double.file_bytes(seen.raw["document"]["file_id"])))


def paragraphs(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


async def fill(
    head: Person,
    *,
    date_text: str = "20.11",
    items: str = "1. Итоги первой четверти\n2. Подготовка к олимпиаде",
    files: bool = True,
) -> list[Seen]:
    """From the number to the preview: per item «Слушали / Выступили / Решили» for the first,
    only «Решили» for the second; a PDF and a photo attached."""
    await head.press("№ 1")
    await head.send(date_text)
    await head.send("Итоги четверти и олимпиада")
    await head.send(items)
    await head.press("✅ Готово")
    await head.send("12 из 15")
    await head.send("Кузнецов, Попова, Соколов")
    await head.press("По каждому вопросу: слушали / выступили / решили")
    await head.send("Иванову М. И. об итогах четверти")
    await head.send("Попов А. А.: качество знаний 64 %")
    await head.send("Принять к сведению итоги четверти")
    await head.press("Пропустить")
    await head.press("Пропустить")
    await head.send("Провести школьный тур 5 декабря")
    if files:
        seen = await head.send_document(PDF)
        assert "Всего приложений: 1" in seen[-1].text
        seen = await head.send_photo(PNG)
        assert "Всего приложений: 2" in seen[-1].text
    return await head.press("✅ Готово" if files else "Без приложений")


# ---------------------------------------------------------------------- the main path


async def test_a_head_submits_minutes_with_two_attachments_and_gets_the_protocol(
    mh: Harness, tmp_path: Path
) -> None:
    h = mh
    w = await world(h)
    await set_up_year(w)
    head = w.p["head"]

    await head.send("/minutes")
    assert "Протоколов пока нет" in head.last()
    await head.press("➕ Новый протокол")
    assert "Следующий по порядку в этом учебном году — № 1" in head.last()
    preview = await fill(head)
    text = preview[-1].text
    assert "Протокол № 1</b> — ШМО математиков" in preview[-1].raw["text"] or "Протокол № 1" in text
    assert "Дата: 20.11.2026" in text
    assert "Присутствовали: 12 из 15, отсутствовали: 3" in text
    assert "1. Итоги первой четверти" in text
    assert "— Решили: Провести школьный тур 5 декабря" in text
    assert "Приложения (2): план.pdf" in text

    seen = await head.press("✅ Отправить")
    sent = said(head, "принят")
    assert "Протокол № 1 (ШМО математиков, 2026–2027) принят" in sent.text
    assert f"Срок «{NOVEMBER}» закрыт." in sent.text
    [docx] = [s for s in seen if "document" in s.raw]
    assert docx.raw["document"]["file_name"].startswith("Протокол № 1 от 20.11.2026")

    shown = paragraphs(document_of(h, docx))
    assert shown[0] == "СОШ № 1"
    assert shown[1] == "ПРОТОКОЛ № 1"
    assert shown[2] == "заседания ШМО математиков"
    assert shown[3] == "20.11.2026"
    assert "Тема: Итоги четверти и олимпиада" in shown
    assert "Присутствовали: 12 человек, отсутствовали: 3" in shown
    assert "Отсутствовали: Кузнецов, Попова, Соколов" in shown
    agenda = shown.index("Повестка дня:")
    assert shown[agenda + 1 : agenda + 3] == [
        "1. Итоги первой четверти",
        "2. Подготовка к олимпиаде",
    ]
    first = shown.index("1. Итоги первой четверти", agenda + 3)
    assert shown[first + 1 : first + 4] == [
        "Слушали: Иванову М. И. об итогах четверти",
        "Выступили: Попов А. А.: качество знаний 64 %",
        "Решили: Принять к сведению итоги четверти",
    ]
    second = shown.index("2. Подготовка к олимпиаде", first)
    assert shown[second + 1] == "Решили: Провести школьный тур 5 декабря"
    assert shown[-1] == "Руководитель ШМО ____________ / Иванова Мария /"

    # The planned meeting's deadline: completed for this association only.
    assert await unit_status(h, NOVEMBER, w.ids["math"]) is UnitStatus.SUBMITTED
    assert await unit_status(h, NOVEMBER, w.ids["primary"]) is UnitStatus.OPEN
    assert await unit_status(h, NOVEMBER, w.ids["lyceum"]) is UnitStatus.OPEN
    assert await unit_status(h, NOVEMBER, w.ids["gmo"]) is None  # not a school's ШМО

    # Stored: one minutes, one version, two items, two attachments with local copies.
    async with h.runtime.sessions() as session:
        [minutes] = list(await session.scalars(select(Minutes)))
        assert (minutes.year, minutes.number, minutes.version) == (2026, 1, 1)
        files = list(await session.scalars(select(MinutesFile).order_by(MinutesFile.position)))
        terms = list(await session.scalars(select(HeadTerm)))
    assert await count(h, MinutesItem) == 2
    assert [f.name for f in files] == ["план.pdf", files[1].name]
    assert files[1].kind == "photo"
    for file, content in zip(files, (PDF[1], PNG), strict=True):
        assert file.local_path is not None
        assert file.sha256 == digest(content)
        assert (tmp_path / "data" / file.local_path).read_bytes() == content
    assert (terms[0].member_id, terms[0].year) == (w.ids["head"], 2026) if terms else True

    # Listed in /minutes, with its card.
    await head.send("/minutes")
    assert "Ваши протоколы (1)" in head.last()
    await head.press("№ 1 от 20.11.2026 — ШМО математиков")
    card = head.last().text
    assert "Версия 1 (текущая)" in card
    assert f"Закрыт срок: «{NOVEMBER}»" in card
    assert "📎 Приложения (2)" in head.last().buttons


async def test_a_correction_keeps_every_version_within_the_window(harness: Harness) -> None:
    h = harness
    w = await world(h)
    head = w.p["head"]
    await head.send("/minutes")
    await head.press("➕ Новый протокол")
    await fill(head, files=False)
    await head.press("✅ Отправить")

    await head.send("/minutes")
    await head.press("№ 1 от 20.11.2026 — ШМО математиков")
    await head.press("✏️ Исправить")
    assert "Исправление протокола" in head.last()
    await head.press("✏️ Изменить")
    await head.press("Тему")
    await head.send("Итоги первой четверти")
    assert "Тема: Итоги первой четверти" in head.last()
    seen = await head.press("✅ Отправить")
    said(head, "исправлен: версия 2")
    [docx] = [s for s in seen if "document" in s.raw]
    assert "Тема: Итоги первой четверти" in paragraphs(document_of(h, docx))
    async with h.runtime.sessions() as session:
        versions = list(
            await session.scalars(select(MinutesVersion).order_by(MinutesVersion.version))
        )
        [minutes] = list(await session.scalars(select(Minutes)))
    assert [v.topic for v in versions] == ["Итоги четверти и олимпиада", "Итоги первой четверти"]
    assert minutes.version == 2
    await head.send("/minutes")
    await head.press("№ 1 от 20.11.2026 — ШМО математиков")
    assert "Версия 2 (текущая)" in head.last()
    assert "Версия 1:" in head.last()

    # After the window (14 days by default) it can no longer be corrected.
    h.clock.advance(timedelta(days=15))
    await head.send("/minutes")
    await head.press("№ 1 от 20.11.2026 — ШМО математиков")
    assert "✏️ Исправить" not in head.last().buttons
    answers = await forge(h, head, f"mnl:CR:{minutes.id}:0")
    assert "можно было исправить в течение 14 дней" in answers[0]
    assert await count(h, MinutesVersion) == 2


async def test_the_deadlines_submit_button_opens_the_minutes_wizard(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await set_up_year(w)
    head2 = w.p["head2"]  # leads two associations: «Сдать» says which one
    await head2.send("/deadlines")
    await press_starting(head2, f"⏳ {NOVEMBER} — ")
    seen = await head2.press("📤 Сдать")
    assert "Новый протокол заседания" in seen[0].text
    assert "Следующий по порядку в этом учебном году — № 1" in head2.last()
    await fill(head2, files=False)
    seen = await head2.press("✅ Отправить")
    assert "ШМО начальных классов" in said(head2, "принят").text
    assert await unit_status(h, NOVEMBER, w.ids["primary"]) is UnitStatus.SUBMITTED
    assert await unit_status(h, NOVEMBER, w.ids["math"]) is UnitStatus.OPEN
    # Handed in: «Сдать» no longer opens a new protocol for it; it is corrected in /minutes.
    await head2.send("/deadlines")
    await press_starting(head2, f"✅ {NOVEMBER} — ")
    await head2.press("🔁 Заменить сданное")
    assert "Протокол этого заседания уже сдан. Исправить его можно в /minutes." in head2.alerts()
    assert await count(h, Minutes) == 1


async def test_minutes_handed_back_are_corrected_and_hand_the_meeting_in_again(
    harness: Harness,
) -> None:
    """The methodologist hands the minutes back for rework after the correction window: the
    deadline's «Сдать» opens those minutes to correct (not a new protocol), and the corrected
    version hands the meeting in again — still one protocol № 1."""
    h = harness
    w = await world(h)
    await set_up_year(w)
    head, admin = w.p["head"], w.p["admin"]
    await head.send("/minutes")
    await head.press("➕ Новый протокол")
    await fill(head, files=False)
    await head.press("✅ Отправить")
    assert await unit_status(h, NOVEMBER, w.ids["math"]) is UnitStatus.SUBMITTED

    h.clock.advance(timedelta(days=20))  # the head's own window (14 days) is over
    await admin.send("/deadlines")
    await press_starting(admin, f"{NOVEMBER} — ")
    await admin.press("📂 Сданные работы")
    await press_starting(admin, "ШМО математиков")
    await admin.press("↩️ Вернуть на доработку")
    await admin.send("Добавьте решение по второму вопросу")
    assert await unit_status(h, NOVEMBER, w.ids["math"]) is UnitStatus.RETURNED

    await head.send("/deadlines")
    await press_starting(head, f"🔴 {NOVEMBER}")
    await head.press("📤 Сдать")
    assert "Исправление протокола" in head.last()
    await head.press("✏️ Изменить")
    await head.press("Тему")
    await head.send("Итоги первой четверти")
    await head.press("✅ Отправить")
    done = said(head, "исправлен: версия 2")
    assert f"Срок «{NOVEMBER}» закрыт." in done.text
    assert await unit_status(h, NOVEMBER, w.ids["math"]) is UnitStatus.SUBMITTED
    assert await count(h, Minutes) == 1
    assert await count(h, MinutesVersion) == 2


async def test_a_head_of_several_associations_chooses_and_sets_the_methodical_topic(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    head2 = w.p["head2"]
    await head2.send("/minutes")
    await head2.press("🎯 Методическая тема")
    await head2.press("ГМО физиков")
    assert "Методическая тема объединения «ГМО физиков» на 2026–2027" in head2.last()
    await head2.send("Формирование функциональной грамотности")
    assert "Методическая тема сохранена" in head2.last()
    async with h.runtime.sessions() as session:
        [topic] = list(await session.scalars(select(MethodicalTopic)))
    assert (topic.association_id, topic.year) == (w.ids["gmo"], 2026)

    await head2.send("/minutes")
    await head2.press("➕ Новый протокол")
    assert "Заседание какого объединения?" in head2.last()
    await head2.press("ГМО физиков")
    assert "№ 1" in head2.last().buttons


# ---------------------------------------------------------------------- bad input


async def test_every_bad_input_is_answered_and_nothing_is_half_written(harness: Harness) -> None:
    h = harness
    w = await world(h)
    head = w.p["head"]

    # Not a head at all.
    [reply] = await w.p["teacher"].send("/minutes")
    assert "Протоколы сдаёт руководитель объединения" in reply.text

    # A head of two associations chooses one; another head's, through a forged button, is
    # refused.
    head2 = w.p["head2"]
    await head2.send("/minutes")
    await head2.press("➕ Новый протокол")
    data = head2.last().raw["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    w_id = data.split(":")[2]
    answers = await forge(h, head2, f"mnw:A:{w_id}:{w.ids['lyceum']}")
    assert answers == ["Вы не руководитель этого объединения: протокол за него сдать нельзя."]
    assert "Заседание какого объединения?" in head2.last()

    await head.send("/minutes")
    await head.press("➕ Новый протокол")
    await head.press("№ 1")

    # The date: in the future; before the academic year; the August meeting is allowed.
    [reply] = await head.send("25.12.2026")
    assert "Этот день ещё не наступил" in reply.text
    [reply] = await head.send("20.05.2026")
    assert "раньше текущего учебного года" in reply.text
    assert "с 01.08.2026" in reply.text
    seen = await head.send("28.08.2026")
    assert "Дата заседания: 28.08.2026" in seen[0].text
    await head.send("Планирование работы на год")

    # The agenda: nothing in it; an item over 4,000 characters.
    await head.press("✅ Готово")
    assert "В повестке нет ни одного вопроса" in head.alerts()[-1]
    [reply] = await head.send("а" * 4001)
    assert (
        "Вопрос повестки слишком длинный (4\xa0001): можно не больше 4\xa0000 знаков" in reply.text
    )
    await head.send("Утверждение плана работы")
    await head.press("✅ Готово")

    # Attendance: more present than in all; not numbers.
    [reply] = await head.send("16 из 15")
    assert "Присутствующих (16) больше, чем всего в объединении (15)" in reply.text
    [reply] = await head.send("много")
    assert "Не понял «много»" in reply.text
    await head.send("15 из 15")  # nobody absent: the names are not asked
    await head.press("Одним текстом — решения")
    await head.send("Утвердить план работы на год")

    # Attachments: over the limit; of a type not allowed.
    big = b"x" * (20 * 1024 * 1024 + 1)
    [reply] = await head.send_document(("отчёт.pdf", big, "application/pdf"))
    assert "больше 20 МБ" in reply.text
    [reply] = await head.send_document(("virus.exe", b"MZ", "application/octet-stream"))
    assert "такого типа не принимается" in reply.text
    assert "pdf" in reply.text
    seen = await head.press("Без приложений")
    assert "Протокол № 1" in seen[-1].text
    await head.press("✅ Отправить")
    said(head, "принят")

    # A second submission of the same number: offered to correct instead.
    await head.send("/minutes")
    await head.press("➕ Новый протокол")
    assert "№ 2" in head.last().buttons, "the next number is suggested"
    [reply] = await head.send("1")
    assert "Протокол № 1 этого объединения в этом учебном году уже сдан" in reply.text
    assert reply.buttons == ["Открыть этот протокол"]
    await head.press("Открыть этот протокол")
    assert "✏️ Исправить" in head.last().buttons

    assert await count(h, Minutes) == 1
    assert await count(h, MinutesVersion) == 1


async def test_a_head_cannot_submit_for_an_association_it_does_not_lead(harness: Harness) -> None:
    h = harness
    w = await world(h)
    await set_up_year(w)
    head = w.p["head"]
    await head.send("/deadlines")
    # The lyceum's meeting deadline is not the head's: a forged «Сдать» for it is refused.
    async with h.runtime.sessions() as session:
        duty = await session.scalar(select(YearDuty).where(YearDuty.month == 11))
        assert duty is not None
    answers = await forge(h, head, f"dlp:H:{duty.deadline_id}:{w.ids['lyceum']}:0:0")
    assert answers[0].startswith("Этот срок не ваш")
    assert "Новый протокол заседания" not in head.last()
    assert await count(h, Minutes) == 0


async def test_bad_input_is_answered_in_english_too(harness: Harness) -> None:
    h = harness
    w = await world(h)
    head = h.person("Maria", "Ivanova", user_id=9003, language_code="en")
    await head.send("/minutes")
    await head.press("➕ New protocol")
    await head.press("No. 1")
    [reply] = await head.send("25.12.2026")
    assert reply.text.startswith("That day has not come yet")
    [reply] = await head.send("20.05.2026")
    assert "before the current school year" in reply.text
    await head.send("20.11")
    await head.send("Results")
    await head.press("✅ Done")
    assert "The agenda has no item" in head.alerts()[-1]
    [reply] = await head.send("a" * 4001)
    assert reply.text.startswith("The agenda item is too long")
    await head.send("Item")
    await head.press("✅ Done")
    [reply] = await head.send("16 of 15")
    assert "More present (16) than in the association (15)" in reply.text
    await head.send("15 of 15")
    await head.press("One text — the decisions")
    await head.send("Decided")
    [reply] = await head.send_document(("virus.exe", b"MZ", "application/octet-stream"))
    assert "are not accepted" in reply.text
    assert await count(h, Minutes) == 0
    assert w.ids["head"]


def test_which_planned_meeting_minutes_complete() -> None:
    nov, jan, mar = (
        (1, 11, date(2026, 11, 30)),
        (2, 1, date(2027, 1, 31)),
        (3, 3, date(2027, 3, 31)),
    )
    assert pick_meeting([nov, jan, mar], date(2026, 11, 20)) == 1  # its month
    assert pick_meeting([jan, mar], date(2026, 12, 20)) == 2  # held early: the next one
    assert pick_meeting([nov], date(2026, 12, 2)) == 1  # held late: the last one
    assert pick_meeting([], date(2026, 12, 2)) is None
    assert meeting_year(date(2026, 8, 1)) == 2026
    assert meeting_year(date(2026, 7, 31)) == 2025


async def test_a_forgotten_head_s_minutes_stay_without_the_name(harness: Harness) -> None:
    h = harness
    w = await world(h)
    head = w.p["head"]
    await head.send("/minutes")
    await head.press("➕ Новый протокол")
    await fill(head, files=False)
    await head.press("✅ Отправить")
    [ask] = await head.send("/forget")
    assert "Удалить ваши данные?" in ask.text
    await head.press("Да, удалить мои данные")
    async with h.runtime.sessions() as session:
        [version] = list(await session.scalars(select(MinutesVersion)))
    assert (version.member_id, version.head_name) == (None, None)
    assert await count(h, Minutes) == 1, "the association's minutes stay"
