"""/deadlines through the Dispatcher and the Bot API double: a person's list with the right
plurals, handing in files and a comment, the staff's status card with the handed-in work,
returning it, nudging the late, the status table and the archive — and the bad presses."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import func, select, update

from bot.services.audience import Audience, Where, Who
from bot.services.deadline_reports import safe_name, unique_name
from bot.services.deadlines import DeadlineDraft, DeadlineService
from bot.services.people import MemberInfo
from bot.storage.models import (
    AssociationLevel,
    DeadlineAssignee,
    DeadlineUnit,
    Deliverable,
    Member,
    Role,
    Submission,
    SubmissionFile,
    UnitStatus,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.harness import Harness, Person
from tests.worlds import forge

MOSCOW = ZoneInfo("Europe/Moscow")
DUE = date(2026, 12, 10)
TITLE = "План работы на год"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
DOCX = ("план.docx", b"PK\x03\x04 the plan", "application/msword")


class World:
    def __init__(self, h: Harness, ids: dict[str, int], people: dict[str, Person]) -> None:
        self.h = h
        self.ids = ids
        self.p = people


async def world(h: Harness) -> World:
    """Two schools: the first with a ШМО (a head and two teachers) and a coordinator; the
    second with one teacher and no coordinator. A methodologist."""
    ids: dict[str, int] = {}
    ids["org"] = await seed.organisation(h, "СОШ № 1")
    ids["other"] = await seed.organisation(h, "Лицей № 3")
    ids["math"] = await seed.association(h, "ШМО математиков", organisation_id=ids["org"])
    ids["gmo"] = await seed.association(h, "ГМО физиков", AssociationLevel.MUNICIPAL)
    people: dict[str, Person] = {}
    for key, uid, role, name, org, kw in (
        ("admin", 9001, Role.METHODOLOGIST, "Смирнова Ольга", None, {}),
        ("coord", 9002, Role.COORDINATOR, "Орлова Нина", "org", {}),
        ("head", 9003, Role.HEAD, "Иванова Мария", "org", {"head_of": [ids["math"]]}),
        ("t0", 9101, Role.TEACHER, "Учитель 0", "org", {"associations": [ids["math"]]}),
        ("t1", 9102, Role.TEACHER, "Учитель 1", "org", {"associations": [ids["math"]]}),
        ("t2", 9103, Role.TEACHER, "Учитель 2", "other", {}),
    ):
        ids[key] = await seed.member(
            h, uid, role, name, organisation_id=ids[org] if org else None, **kw
        )
        first, last = name.split()[1], name.split()[0]
        people[key] = h.person(first, last, user_id=uid)
        h.double.add_user(uid, first, last_name=last, started=True)
    return World(h, ids, people)


def due_at(day: date = DUE, at: time = time(23, 59)) -> datetime:
    return datetime.combine(day, at, tzinfo=MOSCOW).astimezone(UTC)


async def create(
    w: World,
    unit: DeadlineUnit = DeadlineUnit.PERSON,
    audience: Audience | None = None,
    *,
    by: str = "admin",
    title: str = TITLE,
    day: date = DUE,
) -> int:
    """A deadline made through the service (creating it is another dialog's subject)."""
    h = w.h
    async with h.runtime.sessions() as session:
        who = MemberInfo.of(await session.get(Member, w.ids[by]))  # type: ignore[arg-type]
    draft = DeadlineDraft(
        title=title,
        kind=Deliverable.PLAN,
        unit=unit,
        due_at=due_at(day),
        audience=audience or Audience(where=Where.ASSOCIATIONS, associations=(w.ids["math"],)),
    )
    async with unit_of_work(h.runtime.sessions) as repo:
        service = DeadlineService(repo, h.clock, h.runtime.translator, MOSCOW)  # type: ignore[arg-type]
        info = await service.create(who, draft)
    await h.runtime.sender.drain()
    return info.id


async def fire_at(h: Harness, local: datetime) -> None:
    h.clock.set(local.astimezone(UTC))
    await h.runtime.jobs.fire_reminders()
    await h.runtime.sender.drain()


def texts(person: Person) -> list[str]:
    return [m.text for m in person.messages()]


async def unit_status(h: Harness, deadline_id: int, unit_id: int) -> UnitStatus:
    async with h.runtime.sessions() as session:
        row = await session.get(DeadlineAssignee, (deadline_id, unit_id))
        assert row is not None
        return row.status


async def submissions(h: Harness) -> int:
    async with h.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Submission)) or 0)


async def hand_in(person: Person, *, comment: str | None = "Готово") -> None:
    """From the announcement's «📤 Сдать»: a document and a photo, a comment, «Отправить»."""
    await person.press("📤 Сдать")  # the announcement's: the card comes
    await person.press("📤 Сдать")  # the card's: the dialog begins
    assert "Пришлите файлы" in person.last()
    seen = await person.send_document(DOCX)
    assert "«план.docx»" in seen[0].text
    assert "Всего файлов: 1" in seen[0].text
    seen = await person.send_photo(PNG)
    assert "Всего файлов: 2" in seen[0].text
    if comment:
        await person.send(comment)
    seen = await person.press("✅ Отправить")
    assert "Сдано" in seen[-1].text
    assert "(версия 1)" in seen[-1].text


# ---------------------------------------------------------------------- a person


async def test_the_list_shows_days_left_and_overdue_with_russian_plurals(
    harness: Harness,
) -> None:
    w = await world(harness)
    await create(w, title="Протокол заседания", day=date(2026, 11, 26))
    await create(w, title="Анализ работы", day=date(2026, 11, 30))
    teacher = w.p["t0"]

    await teacher.send("/deadlines")
    shown = teacher.last().text
    assert "Протокол заседания — осталось 3 дня" in shown
    assert "Анализ работы — осталось 7 дней" in shown
    assert shown.index("Протокол") < shown.index("Анализ"), "nearest first"

    harness.clock.set(due_at(date(2026, 11, 29), time(12, 0)))
    await teacher.send("/deadlines")
    shown = teacher.last().text
    assert "Анализ работы — остался 1 день" in shown
    assert "Протокол заседания — просрочено на 3 дня" in shown

    harness.clock.set(due_at(date(2026, 12, 2), time(12, 0)))
    await teacher.send("/deadlines")
    shown = teacher.last().text
    assert "Анализ работы — просрочено на 2 дня" in shown
    assert "Протокол заседания — просрочено на 6 дней" in shown
    assert "🔴" in shown

    harness.clock.set(due_at(date(2026, 11, 30), time(9, 0)))
    await teacher.send("/deadlines")
    assert "Анализ работы — сегодня, до 23:59" in teacher.last().text


async def test_a_head_sees_its_associations_deadline_and_hands_in_for_it(
    harness: Harness,
) -> None:
    w = await world(harness)
    deadline = await create(
        w, DeadlineUnit.ASSOCIATION, Audience(where=Where.LEVELS, levels=(AssociationLevel.SCHOOL,))
    )
    head = w.p["head"]
    await head.send("/deadlines")
    assert "За кого: ШМО математиков" in head.last()
    await head.press(f"⏳ {TITLE} — осталось 17 дней")
    await head.press("📤 Сдать")
    await head.send("Протокол приложу позже")
    seen = await head.press("✅ Отправить")
    assert "за: ШМО математиков (версия 1)" in seen[-1].text
    assert await unit_status(harness, deadline, w.ids["math"]) is UnitStatus.SUBMITTED
    await head.send("/deadlines")
    assert "✅" in head.last()
    assert "Сдано ✅" in head.last()
    assert "🔁 Заменить сданное" not in head.last().buttons
    await head.press(f"✅ {TITLE} — осталось 17 дней")
    assert "🔁 Заменить сданное" in head.last().buttons


async def test_two_files_stop_the_reminders_and_the_methodologist_gets_them(
    harness: Harness,
) -> None:
    w = await world(harness)
    deadline = await create(w)
    t0, admin = w.p["t0"], w.p["admin"]
    await hand_in(t0)
    nine = time(9, 0)
    await fire_at(harness, datetime.combine(DUE - timedelta(days=7), nine, MOSCOW))
    assert not any("⏰" in t for t in texts(t0)), "handed in: not reminded"
    assert any("⏰" in t for t in texts(w.p["t1"]))
    assert any("⏰" in t for t in texts(w.p["head"]))

    await admin.send("/deadlines")
    assert "сдали 1 из 3 (33%)" in admin.last()
    await admin.press(f"{TITLE} — 1/3")
    card = admin.last().text
    assert "Сдали 1 из 3 (33%)" in card
    assert "Ещё не сдали: 2" in card
    assert "СОШ № 1: Иванова Мария, Учитель 1" in card
    await admin.press("📂 Сданные работы")
    seen = await admin.press("Учитель 0 — СОШ № 1 (в. 1)")
    assert len(seen) == 2, "the two files, below the opened work"
    opened = admin.messages()[-3].text
    assert "Комментарий: Готово" in opened
    assert "Версия 1" in opened
    assert "2 файла" in opened
    files = [m.raw for m in seen]
    assert files[0]["document"]["file_name"] == "план.docx"
    assert harness.double.file_bytes(files[0]["document"]["file_id"]) == DOCX[1]
    assert harness.double.file_bytes(files[1]["photo"][-1]["file_id"]) == PNG
    assert await unit_status(harness, deadline, w.ids["t0"]) is UnitStatus.SUBMITTED


async def test_returning_reopens_the_unit_tells_why_and_it_is_reminded_again(
    harness: Harness,
) -> None:
    w = await world(harness)
    deadline = await create(w)
    t0, admin = w.p["t0"], w.p["admin"]
    await hand_in(t0)
    await t0.send("/deadlines")
    assert "Сдано ✅" in t0.last()

    await admin.send("/deadlines")
    await admin.press(f"{TITLE} — 1/3")
    await admin.press("📂 Сданные работы")
    await admin.press("Учитель 0 — СОШ № 1 (в. 1)")
    await admin.press("↩️ Вернуть на доработку")
    assert "что нужно доработать" in admin.last()
    seen = await admin.send("Добавьте анализ за прошлый год")
    assert "Сообщили 1 человеку" in seen[-1].text
    assert await unit_status(harness, deadline, w.ids["t0"]) is UnitStatus.RETURNED

    await harness.runtime.sender.drain()
    notice = t0.last().text
    assert "вернули на доработку" in notice
    assert "Добавьте анализ за прошлый год" in notice
    await fire_at(harness, datetime.combine(DUE - timedelta(days=3), time(9, 0), MOSCOW))
    assert "⏰" in t0.last().text, "owed again: reminded"
    await t0.send("/deadlines")
    assert "↩️" in t0.last()
    assert "Добавьте анализ" in t0.last()

    # handing in again makes version 2; the card lists both
    await t0.press(f"↩️ {TITLE} — осталось 3 дня")
    await t0.press("📤 Сдать")
    await t0.send_document(("анализ.pdf", b"%PDF", "application/pdf"))
    seen = await t0.press("✅ Отправить")
    assert "(версия 2)" in seen[-1].text


async def test_nudging_reaches_only_the_late_once_per_press(harness: Harness) -> None:
    w = await world(harness)
    deadline = await create(w)
    await hand_in(w.p["t0"])
    admin = w.p["admin"]
    before = {k: len(texts(p)) for k, p in w.p.items()}
    await admin.send("/deadlines")
    await admin.press(f"{TITLE} — 1/3")
    await admin.press("🔔 Напомнить отстающим")
    asking = admin.last()
    assert "Напомнить 2 людям" in asking
    seen = await admin.press("Да")
    assert "Напоминание отправлено 2 людям" in seen[-1].text
    # the same «Да» again: a double tap
    again = await forge(harness, admin, f"dlm:NY:{deadline}:0:0")
    await harness.runtime.sender.drain()
    got = {k for k, p in w.p.items() if k != "admin" and len(texts(p)) > before[k]}
    assert got == {"head", "t1"}
    assert sum("вы ещё не сдали" in t for t in texts(w.p["t1"])) == 1
    assert again
    assert "уже отправлено" in again[0]


async def test_nobody_late_means_nobody_to_nudge(harness: Harness) -> None:
    w = await world(harness)
    deadline = await create(
        w,
        DeadlineUnit.ASSOCIATION,
        Audience(where=Where.ASSOCIATIONS, associations=(w.ids["math"],)),
    )
    head, admin = w.p["head"], w.p["admin"]
    await head.press("📤 Сдать")
    await head.press("📤 Сдать")
    await head.send("Сдаю")
    await head.press("✅ Отправить")
    await admin.send("/deadlines")
    await admin.press(f"{TITLE} — 1/1")
    assert "🔔 Напомнить отстающим" not in admin.last().buttons
    answers = await forge(harness, admin, f"dlm:N:{deadline}:0:0")
    assert answers == ["Все сдали — напоминать некому."]


async def test_the_status_table_has_a_row_per_unit(harness: Harness) -> None:
    w = await world(harness)
    await create(w)
    await hand_in(w.p["t0"])
    admin = w.p["admin"]
    await admin.send("/deadlines")
    await admin.press(f"{TITLE} — 1/3")
    await admin.press("📊 Excel")
    sent = admin.last().raw
    assert sent["document"]["file_name"].endswith("-status.xlsx")
    book = load_workbook(io.BytesIO(harness.double.file_bytes(sent["document"]["file_id"])))
    sheet = book.active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [TITLE] + [None] * 6
    header = rows.index(
        [
            "Кто сдаёт",
            "Организация",
            "Статус",
            "Когда сдано",
            "Версий",
            "Комментарий",
            "Кто может сдать",
        ]
    )
    table = {r[0]: r for r in rows[header + 1 :]}
    assert set(table) == {"Иванова Мария", "Учитель 0", "Учитель 1"}
    assert table["Учитель 0"][1:3] == ["СОШ № 1", "сдано"]
    assert table["Учитель 0"][4:] == [1, "Готово", "Учитель 0"]
    assert table["Учитель 1"][2] == "не сдано"


async def test_the_archive_has_a_folder_per_organisation_with_the_files(
    harness: Harness,
) -> None:
    w = await world(harness)
    await create(w, audience=Audience(who=Who.ROLES, roles=(Role.TEACHER,)))
    await hand_in(w.p["t0"], comment=None)
    t2 = w.p["t2"]
    await t2.press("📤 Сдать")
    await t2.press("📤 Сдать")
    await t2.send_document(("план.docx", b"the other plan", "application/msword"))
    await t2.send_document(("план.docx", b"the same name again", "application/msword"))
    await t2.press("✅ Отправить")
    admin = w.p["admin"]
    await admin.send("/deadlines")
    await admin.press(f"{TITLE} — 2/3")
    await admin.press("🗂 Файлы (ZIP)")
    sent = admin.last().raw
    assert sent["document"]["file_name"].endswith("-files.zip")
    archive = zipfile.ZipFile(io.BytesIO(harness.double.file_bytes(sent["document"]["file_id"])))
    names = archive.namelist()
    assert {n.split("/")[0] for n in names} == {"СОШ № 1", "Лицей № 3"}
    assert archive.read("СОШ № 1/Учитель 0 — план.docx") == DOCX[1]
    assert archive.read("Лицей № 3/Учитель 2 — план.docx") == b"the other plan"
    assert archive.read("Лицей № 3/Учитель 2 — план (2).docx") == b"the same name again"
    photo = next(n for n in names if n.endswith(".jpg"))
    assert archive.read(photo) == PNG


async def test_an_album_is_taken_file_by_file(harness: Harness) -> None:
    w = await world(harness)
    deadline = await create(w)
    t1 = w.p["t1"]
    await t1.press("📤 Сдать")
    await t1.press("📤 Сдать")
    for _ in range(3):
        await harness.feed(harness.double.message_update(t1.id, photo=PNG, media_group_id="al1"))
    assert "Всего файлов: 3" in t1.last()
    seen = await t1.press("✅ Отправить")
    assert "3 файла" in seen[-1].text
    assert await unit_status(harness, deadline, w.ids["t1"]) is UnitStatus.SUBMITTED


# ---------------------------------------------------------------------- bad input


async def test_a_second_press_of_send_is_refused(harness: Harness) -> None:
    w = await world(harness)
    await create(w)
    t0 = w.p["t0"]
    await hand_in(t0)
    sent_button = next(
        b["callback_data"]
        for m in reversed(t0.messages())
        for row in (m.raw.get("reply_markup") or {}).get("inline_keyboard", [])
        for b in row
        if b["text"] == "✅ Отправить"
    )
    answers = await forge(harness, t0, sent_button)
    assert answers
    assert "уже сдано" in answers[0]
    assert await submissions(harness) == 1


async def test_someone_not_in_the_unit_is_refused(harness: Harness) -> None:
    w = await world(harness)
    deadline = await create(w)
    t2 = w.p["t2"]
    await t2.send("/deadlines")
    assert "нет открытых сроков" in t2.last()
    answers = await forge(harness, t2, f"dls:{deadline}")
    assert answers
    assert "Этот срок не ваш" in answers[0]
    answers = await forge(harness, t2, f"dlp:H:{deadline}:{w.ids['t0']}:0:0")
    assert answers
    assert "Этот срок не ваш" in answers[0]
    assert await submissions(harness) == 0


async def test_handing_in_after_the_deadline_was_cancelled_is_refused(harness: Harness) -> None:
    w = await world(harness)
    deadline = await create(w)
    t1, admin = w.p["t1"], w.p["admin"]
    await t1.press("📤 Сдать")
    await t1.press("📤 Сдать")
    await t1.send_document(DOCX)

    await admin.send("/deadlines")
    await admin.press(f"{TITLE} — 0/3")
    await admin.press("❌ Отменить срок")
    assert "Отменить срок «План работы на год»?" in admin.last()
    await admin.press("Да")
    assert "отменён" in admin.last()

    await t1.press("✅ Отправить")
    assert "отменён" in t1.alerts()[-1]
    assert await submissions(harness) == 0
    answers = await forge(harness, t1, f"dls:{deadline}")
    assert "отменён" in answers[0]


async def test_files_over_the_limit_or_of_a_type_not_allowed_are_refused(
    harness: Harness,
) -> None:
    w = await world(harness)
    await create(w)
    t0 = w.p["t0"]
    await t0.press("📤 Сдать")
    await t0.press("📤 Сдать")
    big = b"x" * (20 * 1024 * 1024 + 1)
    seen = await t0.send_document(("отчёт.pdf", big, "application/pdf"))
    assert "больше 20 МБ" in seen[-1].text
    seen = await t0.send_document(("virus.exe", b"MZ", "application/octet-stream"))
    assert "такого типа принять нельзя" in seen[-1].text
    answers = await forge(
        harness, t0, t0.messages()[-3].raw["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    assert answers == ["Пока нечего отправлять: пришлите файл или напишите комментарий."]
    assert await submissions(harness) == 0


async def test_returning_what_was_not_handed_in_and_forged_cards_are_refused(
    harness: Harness,
) -> None:
    w = await world(harness)
    deadline = await create(w)
    admin = w.p["admin"]
    await admin.send("/deadlines")
    answers = await forge(harness, admin, f"dlm:R:{deadline}:{w.ids['t1']}:0")
    assert answers == ["Вернуть можно только сданное, а здесь ещё ничего не сдано."]

    teacher = w.p["t0"]
    await teacher.send("/deadlines")
    answers = await forge(harness, teacher, f"dlc:{deadline}")
    assert answers
    assert answers[0].startswith("Создавать сроки и следить за ними")
    answers = await forge(harness, teacher, f"dlm:XL:{deadline}:0:0")
    assert answers
    assert answers[0].startswith("Создавать сроки и следить за ними")
    # a coordinator of a school with no unit in it cannot follow it
    await seed.member(
        harness, 9201, Role.COORDINATOR, "Лебедева Анна", organisation_id=w.ids["other"]
    )
    stranger = harness.person("Анна", "Лебедева", user_id=9201)
    await stranger.send("/deadlines")
    answers = await forge(harness, stranger, f"dlc:{deadline}")
    assert answers
    assert answers[0].startswith("Создавать сроки и следить за ними")


async def test_a_coordinator_follows_its_schools_part_of_a_wider_deadline(
    harness: Harness,
) -> None:
    w = await world(harness)
    await seed.member(harness, 9104, Role.TEACHER, "Учитель 3", organisation_id=w.ids["other"])
    deadline = await create(w, audience=Audience(who=Who.ROLES, roles=(Role.TEACHER,)))
    await hand_in(w.p["t0"])
    coord = w.p["coord"]
    await coord.send("/deadlines")
    await coord.press(f"{TITLE} — 1/2")
    card = coord.last()
    assert "Лицей" not in card.text, "another school's units are not its business"
    assert "Учитель 1" in card.text
    assert "🗑 Отменить срок" not in card.buttons
    answers = await forge(harness, coord, f"dlm:C:{deadline}:0:0")
    assert answers
    assert answers[0].startswith("Создавать сроки и следить за ними")
    await coord.press("🔔 Напомнить отстающим")
    assert "Напомнить 1 человеку" in coord.last()
    before = len(texts(w.p["t2"]))
    await coord.press("Да")
    await harness.runtime.sender.drain()
    assert sum("вы ещё не сдали" in t for t in texts(w.p["t1"])) == 1
    assert len(texts(w.p["t2"])) == before, "the other school's teacher is not nudged"


async def test_an_archive_over_the_limit_is_refused_with_its_size(harness: Harness) -> None:
    w = await world(harness)
    await create(w)
    await hand_in(w.p["t0"])
    async with harness.runtime.sessions() as session, session.begin():
        await session.execute(update(SubmissionFile).values(size=30 * 1024 * 1024))
    admin = w.p["admin"]
    await admin.send("/deadlines")
    await admin.press(f"{TITLE} — 1/3")
    before = len(admin.messages())
    await admin.press("🗂 Файлы (ZIP)")
    assert len(admin.messages()) == before, "no archive sent"
    assert any("60 МБ" in a and "45 МБ" in a for a in admin.alerts())


def test_archive_names_are_safe_and_unique() -> None:
    taken: set[str] = set()
    assert safe_name('отчёт: "итог"/2026?.docx') == "отчёт_ _итог_2026_.docx"
    assert safe_name("...") == "file"
    assert unique_name("план.docx", taken) == "план.docx"
    assert unique_name("ПЛАН.docx", taken) == "ПЛАН (2).docx"
    assert unique_name("план.docx", taken) == "план (3).docx"
    assert unique_name("README", taken) == "README"
    assert unique_name("readme", taken) == "readme (2)"
