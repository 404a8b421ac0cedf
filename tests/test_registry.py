"""The registry through the bot: lists, cards, dialogs, archive, and import from CSV / XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy import func, select

from bot.factory import create_runtime
from bot.keyboards.registry import OrganisationAction
from bot.services import Services
from bot.services.errors import NotAllowed, NotFound
from bot.services.registry import guess_kind, parse_level
from bot.storage.models import (
    Association,
    AssociationLevel,
    AuditEntry,
    Organisation,
    OrganisationKind,
    Role,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.botapi import BotAPIDouble
from tests.conftest import make_settings
from tests.harness import FakeClock, Harness, Person, Seen

# A copy of the shared sample lives under tests/data; the shared folder is the fallback.
SAMPLE = next(
    (
        path
        for path in (
            Path(__file__).parent / "data" / "schools-zarechny.csv",
            Path(__file__).parents[2] / "shared" / "samples" / "schools-zarechny.csv",
        )
        if path.exists()
    ),
    Path(__file__).parent / "data" / "schools-zarechny.csv",
)
ONLY_METHODOLOGIST = "Это может сделать только методист."


async def organisations(h: Harness, *, archived: bool | None = None) -> list[Organisation]:
    async with h.runtime.sessions() as session:
        query = select(Organisation).order_by(Organisation.id)
        if archived is not None:
            query = query.where(
                Organisation.archived_at.is_not(None)
                if archived
                else Organisation.archived_at.is_(None)
            )
        return list(await session.scalars(query))


async def associations(h: Harness) -> list[Association]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(Association).order_by(Association.id)))


async def audit_actions(h: Harness) -> list[str]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


async def count(h: Harness, model: type) -> int:
    async with h.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def sample_rows() -> list[list[str]]:
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


async def start_import(person: Person) -> None:
    [ask] = await person.send("/import")
    assert "Пришлите таблицу файлом CSV или XLSX" in ask.text
    assert "Школа; Объединение; Уровень; Предметная область" in ask.text


async def preview_of(person: Person, source: Path | tuple[str, bytes, str]) -> Seen:
    await start_import(person)
    [preview] = await person.send_document(source)
    return preview


async def send_document_update(person: Person, update: dict) -> Seen:
    await person.h.feed(update)
    return person.last()


def now_of(person: Person, seen: Seen) -> Seen:
    """A message as it is now, after the bot's edits."""
    return next(m for m in person.messages() if m.message_id == seen.message_id)


# ---------------------------------------------------------------------- import


async def test_import_the_sample_then_again_creates_nothing_twice(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    preview = await preview_of(admin, SAMPLE)
    assert "Проверил файл schools-zarechny.csv, строк с данными: 27." in preview.text
    assert "Будет создано: 6 организаций и 27 объединений." in preview.text
    assert "Уже есть в реестре: 0 организаций и 0 объединений." in preview.text
    assert "ошиб" not in preview.text.lower()
    assert preview.buttons == ["Импортировать", "Отмена"]
    assert await count(harness, Organisation) == 0, "a preview writes nothing"

    await admin.press("Импортировать")
    done = admin.last()
    assert done.text == "Готово! Создано: 6 организаций и 27 объединений."

    orgs = await organisations(harness)
    assert [o.name for o in orgs] == [
        "МАОУ «СОШ № 1»",
        "МАОУ «СОШ № 2 с углублённым изучением математики»",
        "МБОУ «Лицей № 3»",
        "МАОУ «Гимназия № 5»",
        "МБОУ «ООШ № 7»",
        "МКОУ «СОШ № 9 им. А. С. Пушкина»",
    ]
    assert {o.kind for o in orgs} == {OrganisationKind.SCHOOL}
    rows = await associations(harness)
    assert len(rows) == 27
    by_level = {level: [a for a in rows if a.level is level] for level in AssociationLevel}
    assert len(by_level[AssociationLevel.SCHOOL]) == 24
    assert all(a.organisation_id is not None for a in by_level[AssociationLevel.SCHOOL])
    assert [a.name for a in by_level[AssociationLevel.MUNICIPAL]] == [
        "ГМО учителей математики",
        "ГМО учителей русского языка и литературы",
        "ГМО молодых педагогов «Школа молодого учителя»",
    ]
    assert all(a.organisation_id is None for a in by_level[AssociationLevel.MUNICIPAL])
    lyceum = next(o for o in orgs if o.name == "МБОУ «Лицей № 3»")
    humanities = next(
        a for a in rows if a.organisation_id == lyceum.id and a.name == "ШМО гуманитарного цикла"
    )
    assert humanities.subject_area == "Русский язык, литература, история"
    actions = await audit_actions(harness)
    assert actions.count("organisation.create") == 6
    assert actions.count("association.create") == 27
    assert actions[-1] == "registry.import"

    again = await preview_of(admin, SAMPLE)
    assert "Будет создано: 0 организаций и 0 объединений." in again.text
    assert "Уже есть в реестре: 6 организаций и 27 объединений." in again.text
    assert "Всё из этого файла уже есть в реестре, создавать нечего." in again.text
    assert again.buttons == []

    # The first preview's button is out of date now: nothing happens twice.
    await admin.press("Импортировать", message=preview)
    assert admin.alerts()[-1].startswith("Этот импорт уже завершён или отменён.")
    assert await count(harness, Organisation) == 6
    assert await count(harness, Association) == 27


async def test_windows_1251_and_other_quotes_and_commas_match_the_same_rows(
    harness: Harness,
) -> None:
    admin = await seed.methodologist(harness)
    cp1251 = SAMPLE.read_text(encoding="utf-8").encode("cp1251")
    preview = await preview_of(admin, ("schools.csv", cp1251, "text/csv"))
    assert "Будет создано: 6 организаций и 27 объединений." in preview.text
    await admin.press("Импортировать")
    assert await count(harness, Association) == 27
    assert (await organisations(harness))[0].name == "МАОУ «СОШ № 1»", "decoded right"

    # The same table with "" instead of «», extra spaces, comma-separated, with a BOM.
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",")
    for row in sample_rows():
        writer.writerow(
            [
                "  " + cell.replace("«", '"').replace("»", '"').replace(" ", "  ") + " "
                for cell in row
            ]
        )
    data = "\ufeff" + out.getvalue()
    preview = await preview_of(admin, ("schools-2.csv", data.encode("utf-8"), "text/csv"))
    assert "Будет создано: 0 организаций и 0 объединений." in preview.text
    assert "Уже есть в реестре: 6 организаций и 27 объединений." in preview.text


async def test_xlsx_with_a_title_row_kinds_and_row_errors(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Реестр методических объединений г. Заречный, 2026–2027"])
    sheet.append([])
    sheet.append(["Школа", "Объединение", "Уровень", "Предметная область"])  # row 3
    sheet.append(["МАОУ «СОШ № 1»", "ШМО учителей начальных классов", "ШМО", "Начальные классы"])
    sheet.append(["МБДОУ «Детский сад № 12»", "МО воспитателей", "Школьное", None])  # row 5
    sheet.append(["МБУ ДО «ЦДТ»", "МО педагогов дополнительного образования", "школьное", ""])
    sheet.append([None, "РМО учителей химии", "РМО", "Химия"])  # row 7
    sheet.append([None, "ШМО без школы", "школьное", "Что-то"])  # row 8: no school
    sheet.append(["МАОУ «СОШ № 1»", "МО историков", "областное", "История"])  # row 9
    sheet.append(["МАОУ «СОШ № 1»", None, "школьное", "История"])  # row 10: no name
    sheet.append([None, None, None, None])
    sheet.append(["МАОУ «СОШ № 1»", "ШМО учителей  начальных классов", "шмо", ""])  # row 12
    sheet.append(["МАОУ «СОШ № 1»", "12345", "школьное", ""])  # row 13
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = ("Реестр.xlsx", buffer.getvalue(), "application/vnd.ms-excel")

    preview = await preview_of(admin, xlsx)
    assert "строк с данными: 9." in preview.text
    assert "Будет создано: 3 организации и 4 объединения." in preview.text
    assert "Ошибки в 5 строках, их я пропущу:" in preview.text
    assert "• строка 8: у школьного объединения не указана школа" in preview.text
    assert (
        "• строка 9: непонятный уровень «областное» (нужно: школьное, муниципальное или районное)"
        in preview.text
    )
    assert "• строка 10: не указано название объединения" in preview.text
    assert "• строка 12: повторяет строку 4" in preview.text
    assert "• строка 13: в названии объединения «12345» нет слов" in preview.text

    await admin.press("Импортировать")
    assert admin.last().text == "Готово! Создано: 3 организации и 4 объединения."
    kinds = {o.name: o.kind for o in await organisations(harness)}
    assert kinds == {
        "МАОУ «СОШ № 1»": OrganisationKind.SCHOOL,
        "МБДОУ «Детский сад № 12»": OrganisationKind.KINDERGARTEN,
        "МБУ ДО «ЦДТ»": OrganisationKind.ADDITIONAL,
    }
    district = next(a for a in await associations(harness) if a.name == "РМО учителей химии")
    assert district.level is AssociationLevel.DISTRICT
    assert district.organisation_id is None
    assert district.subject_area == "Химия"


async def test_bad_files_are_refused_and_the_step_waits_for_a_good_one(
    harness: Harness,
) -> None:
    admin = await seed.methodologist(harness)
    await start_import(admin)

    [reply] = await admin.send_document(("list.csv", "Название;Город\nА;Б\n".encode(), "text/csv"))
    assert reply.text.startswith("Не нашёл в таблице нужных столбцов.")
    assert "Школа; Объединение; Уровень; Предметная область" in reply.text

    [reply] = await admin.send_document(("photo.png", b"\x89PNG\r\n\x1a\n" * 20, "image/png"))
    assert reply.text.startswith("Я принимаю только таблицы CSV или XLSX.")

    [reply] = await admin.send_document(("table.xlsx", b"this is not a workbook", "text/plain"))
    assert reply.text.startswith("Не смог прочитать файл как таблицу")

    [reply] = await admin.send_document(("table.csv", b"\x00\x01\x02\xff" * 50, "text/csv"))
    assert reply.text.startswith("Не смог прочитать файл как таблицу")

    header = "Школа;Объединение;Уровень;Предметная область\n"
    [reply] = await admin.send_document(("empty.csv", header.encode(), "text/csv"))
    assert reply.text == "В таблице нет ни одной строки с данными."

    many = header + "".join(f"Школа № {i};ШМО № {i};школьное;\n" for i in range(2001))
    [reply] = await admin.send_document(("many.csv", many.encode(), "text/csv"))
    assert reply.text.startswith("В таблице больше 2\u00a0000 строк.")

    # Telegram reports the size before the download: a big file is never fetched.
    update = harness.double.message_update(
        admin.id, document=("big.csv", SAMPLE.read_bytes(), "text/csv")
    )
    update["message"]["document"]["file_size"] = 6 * 1024 * 1024
    downloads = len(harness.double.calls("getFile"))
    reply = await send_document_update(admin, update)
    assert reply.text.startswith("Файл больше 5 МБ, такой я не приму.")
    assert len(harness.double.calls("getFile")) == downloads

    [reply] = await admin.send("вот файл")
    assert reply.text == "Жду таблицу файлом CSV или XLSX. Прервать — /cancel."

    assert await count(harness, Organisation) == 0
    [preview] = await admin.send_document(SAMPLE)
    assert "Будет создано: 6 организаций и 27 объединений." in preview.text


async def test_a_table_of_errors_only_waits_for_a_corrected_file(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    table = "Школа;Объединение;Уровень\n;ШМО без школы;школьное\nСОШ № 1;ШМО;окружное\n"
    preview = await preview_of(admin, ("bad.csv", table.encode(), "text/csv"))
    assert "• строка 2: у школьного объединения не указана школа" in preview.text
    assert "• строка 3: непонятный уровень «окружное»" in preview.text
    assert preview.text.endswith(
        "Исправьте ошибки в таблице и пришлите файл снова. Прервать — /cancel."
    )
    assert preview.buttons == []
    [fixed] = await admin.send_document(SAMPLE)
    assert "Будет создано: 6 организаций и 27 объединений." in fixed.text


async def test_cancel_the_import_and_documents_outside_it(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    [hint] = await admin.send_document(SAMPLE)
    assert hint.text.startswith("Чтобы загрузить организации и объединения из таблицы")
    assert "/import" in hint.text

    await preview_of(admin, SAMPLE)
    await admin.press("Отмена")
    assert admin.last().text == "Импорт отменён, ничего не создано."
    assert await count(harness, Organisation) == 0

    await start_import(admin)
    [reply] = await admin.send("/cancel")
    assert reply.text == "Действие отменено."
    [hint] = await admin.send_document(SAMPLE)
    assert hint.text.startswith("Чтобы загрузить организации и объединения из таблицы")
    assert await count(harness, Organisation) == 0


async def test_a_restart_between_the_preview_and_the_confirmation(
    harness: Harness, double: BotAPIDouble, database_url: str, clock: FakeClock
) -> None:
    admin = await seed.methodologist(harness)
    await preview_of(admin, SAMPLE)
    await harness.runtime.aclose()

    runtime = create_runtime(make_settings(double, database_url), clock=clock)
    restarted = Harness(runtime, double, clock)
    admin.h = restarted  # the same person in the same chat, now talking to the new process
    try:
        await admin.press("Импортировать")
        assert admin.last().text == "Готово! Создано: 6 организаций и 27 объединений."
        assert await count(restarted, Organisation) == 6
        assert await count(restarted, Association) == 27
    finally:
        await runtime.aclose()


# ---------------------------------------------------------------------- who may


async def test_heads_and_teachers_may_not(harness: Harness) -> None:
    org = await seed.organisation(harness, "МАОУ «СОШ № 1»")
    await seed.member(harness, 7001, Role.HEAD, "Ирина Соколова", organisation_id=org)
    await seed.member(harness, 7002, Role.TEACHER, "Пётр Иванов", organisation_id=org)
    people = [harness.person(user_id=7001), harness.person(user_id=7002)]
    for person in people:
        [reply] = await person.send("/registry")
        assert reply.text == ONLY_METHODOLOGIST
        [reply] = await person.send("/import")
        assert reply.text == ONLY_METHODOLOGIST
        [reply] = await person.send_document(SAMPLE)
        assert "Я понимаю команды и кнопки" in reply.text

    # A button is input, not proof: the archive button, pressed by a head, does nothing.
    head = people[0]
    await harness.bot.send_message(
        7001,
        "Кнопка",
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text="Да, в архив",
                        callback_data=OrganisationAction(act="arcok", id=org).pack(),
                    )
                ]
            ]
        ),
    )
    await head.press("Да, в архив")
    assert head.alerts() == [ONLY_METHODOLOGIST]
    assert await organisations(harness, archived=True) == []


async def test_a_coordinator_sees_its_own_organisation_read_only(harness: Harness) -> None:
    org = await seed.organisation(harness, "МАОУ «СОШ № 1»")
    other = await seed.organisation(harness, "МБОУ «Лицей № 3»")
    primary = await seed.association(
        harness, "ШМО учителей начальных классов", organisation_id=org, subject_area="Начальные"
    )
    await seed.association(harness, "ШМО классных руководителей", organisation_id=org)
    await seed.association(harness, "ШМО лицея", organisation_id=other)
    await seed.member(harness, 7101, Role.HEAD, "Ирина Соколова", head_of=[primary])
    await seed.member(harness, 7102, Role.TEACHER, "Пётр Иванов", associations=[primary])
    await seed.member(harness, 7103, Role.COORDINATOR, "Анна Белова", organisation_id=org)
    coordinator = harness.person(user_id=7103)

    [card] = await coordinator.send("/registry")
    assert card.text.startswith("Только просмотр: изменить реестр может методист.")
    assert "МАОУ «СОШ № 1»" in card.text
    assert "Объединения (2):" in card.text
    assert "• ШМО учителей начальных классов — 2 участника, 1 руководитель" in card.text
    assert "• ШМО классных руководителей — 0 участников, руководителя нет" in card.text
    assert "ШМО лицея" not in card.text
    assert card.buttons == ["ШМО классных руководителей", "ШМО учителей начальных классов"]

    await coordinator.press("ШМО учителей начальных классов")
    shown = coordinator.last()
    assert "Руководители: Ирина Соколова" in shown.text
    assert "Участников: 2" in shown.text
    assert "Предметная область: Начальные" in shown.text
    assert shown.buttons == ["‹ К организации"]

    [reply] = await coordinator.send("/import")
    assert reply.text == ONLY_METHODOLOGIST


# ---------------------------------------------------------------------- dialogs


async def test_add_rename_archive_an_organisation_with_buttons(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    [menu] = await admin.send("/registry")
    assert menu.buttons == ["Организации", "Объединения", "Импорт из файла"]
    await admin.press("Организации")
    assert admin.last().text.startswith("В реестре пока нет организаций.")

    [ask] = await admin.press("+ Добавить организацию")
    assert ask.text.startswith("Введите полное название организации")
    [reply] = await admin.send("12345 / 67")
    assert reply.text.startswith("Нужны слова, а не только цифры")
    [reply] = await admin.send("Ш" * 301)
    assert reply.text.startswith("Слишком длинно: можно не больше 300 знаков.")
    [kinds] = await admin.send('  МБОУ   "СОШ № 4" ')
    assert kinds.text == 'Организация: МБОУ "СОШ № 4". Какого она типа?'
    assert kinds.buttons == [
        "Школа (ОО)",
        "Детский сад (ДОУ)",
        "Дополнительное образование (ДОП)",
    ]
    await admin.press("Школа (ОО)")
    added = admin.last()
    assert added.text == 'Организация МБОУ "СОШ № 4" добавлена в реестр (Школа (ОО)).'
    [org] = await organisations(harness)
    assert (org.name, org.kind) == ('МБОУ "СОШ № 4"', OrganisationKind.SCHOOL)

    # The same name with other quotes and spacing is a duplicate.
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("+ Добавить организацию")
    [reply] = await admin.send("мбоу «СОШ №  4»")
    assert reply.text.startswith('Такая организация уже есть в реестре: МБОУ "СОШ № 4".')
    [reply] = await admin.send("/cancel")
    assert reply.text == "Действие отменено."

    # Rename from the card (the message that announced the new organisation).
    await admin.press("Открыть карточку", message=added)
    card = now_of(admin, added)
    assert 'МБОУ "СОШ № 4"' in card.text
    assert "Объединений пока нет." in card.text
    [ask] = await admin.press("Переименовать", message=card)
    assert 'Сейчас название такое: МБОУ "СОШ № 4"' in ask.text
    [renamed] = await admin.send("МБОУ «СОШ № 4 им. Гагарина»")
    assert renamed.text == "Готово, новое название: МБОУ «СОШ № 4 им. Гагарина»."
    [org] = await organisations(harness)
    assert org.name == "МБОУ «СОШ № 4 им. Гагарина»"

    # Archive from a fresh card; the older card's buttons become out of date.
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("МБОУ «СОШ № 4 им. Гагарина»")
    await admin.press("В архив")
    assert admin.last().text.startswith(
        "Отправить в архив организацию МБОУ «СОШ № 4 им. Гагарина»?"
    )
    await admin.press("Да, в архив")
    assert admin.last().text == "Организация МБОУ «СОШ № 4 им. Гагарина» отправлена в архив."
    [org] = await organisations(harness)
    assert org.archived_at == harness.clock.now()

    await admin.press("Переименовать", message=card)
    assert admin.alerts()[-1].startswith("Этой организации уже нет в реестре")
    await admin.press("‹ К организациям")
    assert admin.last().text.startswith("В реестре пока нет организаций.")

    # Its name stays taken while it is in the archive.
    await admin.press("+ Добавить организацию")
    [reply] = await admin.send("МБОУ «СОШ № 4 им. Гагарина»")
    assert reply.text.startswith("Организация с таким названием уже есть, но в архиве")
    actions = await audit_actions(harness)
    assert [a for a in actions if a.startswith("organisation.")] == [
        "organisation.create",
        "organisation.rename",
        "organisation.archive",
    ]


async def test_a_button_of_an_earlier_adding_and_a_second_press_do_nothing(
    harness: Harness,
) -> None:
    admin = await seed.methodologist(harness)
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("+ Добавить организацию")
    [first] = await admin.send("МБОУ «СОШ № 7»")
    # Left unanswered: the person starts over and names another one.
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("+ Добавить организацию")
    [second] = await admin.send("МБДОУ «Детский сад № 3»")

    await admin.press("Школа (ОО)", message=first)
    assert admin.alerts()[-1] == "Эта кнопка устарела. Откройте раздел заново."
    assert await organisations(harness) == []

    await admin.press("Детский сад (ДОУ)", message=second)
    assert admin.last().text.startswith("Организация МБДОУ «Детский сад № 3» добавлена")
    await admin.press("Детский сад (ДОУ)", message=second)
    [org] = await organisations(harness)
    assert (org.name, org.kind) == ("МБДОУ «Детский сад № 3»", OrganisationKind.KINDERGARTEN)


async def test_add_rename_archive_associations_with_buttons(harness: Harness) -> None:
    org = await seed.organisation(harness, "МАОУ «СОШ № 1»")
    await seed.association(harness, "ШМО учителей начальных классов", organisation_id=org)
    admin = await seed.methodologist(harness)

    await admin.send("/registry")
    await admin.press("Объединения")
    assert admin.last().text.startswith("Объединения в реестре: 1.")
    [levels] = await admin.press("+ Добавить объединение")
    assert levels.buttons == ["Школьное (ШМО)", "Муниципальное (ГМО)", "Районное (РМО)"]
    await admin.press("Школьное (ШМО)")
    assert admin.last().text == "В какой организации это ШМО?"
    await admin.press("МАОУ «СОШ № 1»")
    assert admin.last().text.startswith("ШМО в организации МАОУ «СОШ № 1».")
    [reply] = await admin.send("шмо  учителей начальных классов")
    assert reply.text.startswith("Такое объединение здесь уже есть: ШМО учителей начальных классов")
    [ask] = await admin.send("ШМО учителей физической культуры")
    assert ask.buttons == ["Без предметной области"]
    [reply] = await admin.send("Ф" * 201)
    assert reply.text.startswith("Слишком длинно: можно не больше 200 знаков.")
    [added] = await admin.send("Физическая культура, ОБЗР")
    assert added.text == "Объединение ШМО учителей физической культуры добавлено в реестр."
    created = (await associations(harness))[-1]
    assert (created.level, created.organisation_id, created.subject_area) == (
        AssociationLevel.SCHOOL,
        org,
        "Физическая культура, ОБЗР",
    )

    # A municipal one has no organisation; its subject area may be skipped.
    await admin.send("/registry")
    await admin.press("Объединения")
    await admin.press("+ Добавить объединение")
    await admin.press("Муниципальное (ГМО)")
    assert admin.last().text.startswith("Уровень: Муниципальное (ГМО).")
    await admin.send("ГМО учителей информатики")
    await admin.press("Без предметной области")
    assert admin.last().text == "Объединение ГМО учителей информатики добавлено в реестр."
    municipal = (await associations(harness))[-1]
    assert (municipal.level, municipal.organisation_id, municipal.subject_area) == (
        AssociationLevel.MUNICIPAL,
        None,
        None,
    )

    # Rename and archive from the card; it leaves the organisation's card and the list.
    await admin.press("Открыть карточку")
    card = admin.last()
    assert "Уровень: Муниципальное (ГМО)" in card.text
    assert "Предметная область не указана" in card.text
    assert "Руководитель пока не назначен" in card.text
    await admin.press("Переименовать", message=card)
    [renamed] = await admin.send("ГМО учителей информатики и ИКТ")
    assert renamed.text == "Готово, новое название: ГМО учителей информатики и ИКТ."
    await admin.press("Открыть карточку")
    await admin.press("В архив")
    assert admin.last().text.startswith(
        "Отправить в архив объединение ГМО учителей информатики и ИКТ?"
    )
    await admin.press("Да, в архив")
    assert admin.last().text == "Объединение ГМО учителей информатики и ИКТ отправлено в архив."
    await admin.press("‹ К объединениям")
    listing = admin.last()
    assert listing.text.startswith("Объединения в реестре: 2.")
    assert "ГМО учителей информатики и ИКТ" not in listing.buttons
    await admin.press("Переименовать", message=card)
    assert admin.alerts()[-1].startswith("Этого объединения уже нет в реестре")

    # A school association straight from the organisation's card.
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("МАОУ «СОШ № 1»")
    await admin.press("+ Добавить ШМО")
    await admin.send("ШМО учителей иностранных языков")
    await admin.send("Английский язык")
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("МАОУ «СОШ № 1»")
    assert "Объединения (3):" in admin.last().text
    actions = await audit_actions(harness)
    assert [a for a in actions if a.startswith("association.")] == [
        "association.create",
        "association.create",
        "association.rename",
        "association.archive",
        "association.create",
    ]


async def test_archiving_an_organisation_archives_its_associations(harness: Harness) -> None:
    org = await seed.organisation(harness, "МАОУ «СОШ № 1»")
    a1 = await seed.association(harness, "ШМО 1", organisation_id=org)
    await seed.association(harness, "ШМО 2", organisation_id=org)
    await seed.association(harness, "ГМО учителей", AssociationLevel.MUNICIPAL)
    admin = await seed.methodologist(harness)
    await admin.send("/registry")
    await admin.press("Объединения")
    listing = admin.last()
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("МАОУ «СОШ № 1»")
    await admin.press("В архив")
    await admin.press("Да, в архив")
    assert admin.last().text == (
        "Организация МАОУ «СОШ № 1» отправлена в архив вместе с её объединениями (2)."
    )
    archived = [a.name for a in await associations(harness) if a.archived_at is not None]
    assert archived == ["ШМО 1", "ШМО 2"]
    # The older list still shows the association: its button now says it is gone.
    await admin.press("ШМО 1 · МАОУ «СОШ № 1»", message=listing)
    assert admin.alerts()[-1].startswith("Этого объединения уже нет в реестре")
    assert a1 in {a.id for a in await associations(harness)}, "kept in the database"


async def test_lists_are_paginated(harness: Harness) -> None:
    for number in range(1, 12):
        await seed.organisation(harness, f"МБОУ «СОШ № {number:02d}»")
    admin = await seed.methodologist(harness)
    await admin.send("/registry")
    await admin.press("Организации")
    first = admin.last()
    assert first.text.startswith("Организации в реестре: 11.")
    names = [b for b in first.buttons if b.startswith("МБОУ")]
    assert names == [f"МБОУ «СОШ № {n:02d}»" for n in range(1, 9)]
    assert "1 из 2" in first.buttons
    assert "Далее ›" in first.buttons

    await admin.press("Далее ›")
    second = admin.last()
    assert [b for b in second.buttons if b.startswith("МБОУ")] == [
        "МБОУ «СОШ № 09»",
        "МБОУ «СОШ № 10»",
        "МБОУ «СОШ № 11»",
    ]
    assert "‹ Назад" in second.buttons
    assert "Далее ›" not in second.buttons

    # The page counter is a button too: pressing it changes nothing and answers.
    await admin.press("2 из 2")
    assert admin.alerts()[-1] == ""
    assert admin.last().buttons == second.buttons

    await admin.press("МБОУ «СОШ № 10»")
    assert "МБОУ «СОШ № 10»" in admin.last().text


async def test_organisation_choice_for_a_school_association_is_paginated(
    harness: Harness,
) -> None:
    for number in range(1, 11):
        await seed.organisation(harness, f"МБОУ «СОШ № {number:02d}»")
    admin = await seed.methodologist(harness)
    await admin.send("/registry")
    await admin.press("Объединения")
    assert admin.last().text.startswith("В реестре пока нет объединений.")
    await admin.press("+ Добавить объединение")
    await admin.press("Школьное (ШМО)")
    await admin.press("Далее ›")
    await admin.press("МБОУ «СОШ № 10»")
    await admin.send("ШМО учителей математики")
    await admin.send("Математика")
    [created] = await associations(harness)
    orgs = {o.id: o.name for o in await organisations(harness)}
    assert orgs[created.organisation_id or 0] == "МБОУ «СОШ № 10»"


async def test_a_school_association_needs_an_organisation_first(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    await admin.send("/registry")
    await admin.press("Объединения")
    await admin.press("+ Добавить объединение")
    await admin.press("Школьное (ШМО)")
    assert admin.alerts()[-1].startswith("ШМО создаётся внутри организации")
    assert await count(harness, Association) == 0


async def test_the_registry_in_english(harness: Harness) -> None:
    await seed.organisation(harness, "School No. 1")
    await seed.member(harness, 7201, Role.METHODOLOGIST, "Olga Smirnova")
    admin = harness.person("Olga", None, user_id=7201, language_code="en")
    [menu] = await admin.send("/registry")
    assert menu.buttons == ["Organisations", "Associations", "Import from a file"]
    await admin.press("Organisations")
    assert admin.last().text.startswith("Organisations in the registry: 1.")
    await admin.press("School No. 1")
    assert "No associations yet." in admin.last().text


async def test_typed_names_are_shown_as_text(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("+ Добавить организацию")
    [kinds] = await admin.send("Школа <b>№ 1</b> & Co")
    assert kinds.text == "Организация: Школа <b>№ 1</b> & Co. Какого она типа?"
    await admin.press("Детский сад (ДОУ)")
    [org] = await organisations(harness)
    assert (org.name, org.kind) == ("Школа <b>№ 1</b> & Co", OrganisationKind.KINDERGARTEN)


# ---------------------------------------------------------------------- what others call


async def test_the_reading_methods_for_onboarding_and_groups(harness: Harness) -> None:
    org = await seed.organisation(harness, "МАОУ «СОШ № 1»")
    gone = await seed.organisation(harness, "МБОУ «Закрытая школа»")
    primary = await seed.association(harness, "ШМО начальных классов", organisation_id=org)
    await seed.association(harness, "ШМО закрытой школы", organisation_id=gone)
    municipal = await seed.association(harness, "ГМО математиков", AssociationLevel.MUNICIPAL)
    admin = await seed.methodologist(harness)
    await admin.send("/registry")
    await admin.press("Организации")
    await admin.press("МБОУ «Закрытая школа»")
    await admin.press("В архив")
    await admin.press("Да, в архив")

    async with unit_of_work(harness.runtime.sessions) as repo:
        registry = Services(
            repo,
            harness.clock,
            frozenset(),
            harness.runtime.translator,
            harness.runtime.settings.tz,
        ).registry
        assert [o.name for o in await registry.list_organisations(None)] == ["МАОУ «СОШ № 1»"]
        with pytest.raises(NotAllowed):
            await registry.list_organisations(None, include_archived=True)
        listed = await registry.list_associations(None)
        assert [(a.id, a.organisation_name) for a in listed] == [
            (municipal, None),
            (primary, "МАОУ «СОШ № 1»"),
        ]
        only_school = await registry.list_associations(None, organisation_id=org)
        assert [a.id for a in only_school] == [primary]
        by_level = await registry.list_associations(None, level=AssociationLevel.MUNICIPAL)
        assert [a.name for a in by_level] == ["ГМО математиков"]
        assert (await registry.get_organisation(org)).kind is OrganisationKind.SCHOOL
        info = await registry.get_association(primary)
        assert (info.level, info.organisation_id, info.archived) == (
            AssociationLevel.SCHOOL,
            org,
            False,
        )
        for missing in (gone, 10_000):
            with pytest.raises(NotFound):
                await registry.get_organisation(missing)
        with pytest.raises(NotFound):
            await registry.get_association(10_000)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("МАОУ «СОШ № 1»", OrganisationKind.SCHOOL),
        ("МБДОУ «Детский сад № 5 „Ромашка“»", OrganisationKind.KINDERGARTEN),
        ("МКДОУ д/с «Солнышко»", OrganisationKind.KINDERGARTEN),
        ("Детский сад № 3", OrganisationKind.KINDERGARTEN),
        ("МБУ ДО «Центр детского творчества»", OrganisationKind.ADDITIONAL),
        ("МБОУ ДО «ДЮСШ»", OrganisationKind.ADDITIONAL),
        ("ДЮСШ № 2", OrganisationKind.ADDITIONAL),
        ("ЦДТ «Радуга»", OrganisationKind.ADDITIONAL),
        ("Центр дополнительного образования детей", OrganisationKind.ADDITIONAL),
        ("МБОУ «Дорожная СОШ»", OrganisationKind.SCHOOL),
    ],
)
def test_kind_of_a_new_organisation_from_its_name(name: str, kind: OrganisationKind) -> None:
    assert guess_kind(name) is kind


@pytest.mark.parametrize(
    ("word", "level"),
    [
        ("школьное", AssociationLevel.SCHOOL),
        ("ШМО", AssociationLevel.SCHOOL),
        ("Школьный", AssociationLevel.SCHOOL),
        ("муниципальное", AssociationLevel.MUNICIPAL),
        ("Городское", AssociationLevel.MUNICIPAL),
        ("гмо", AssociationLevel.MUNICIPAL),
        ("районное", AssociationLevel.DISTRICT),
        ("РМО", AssociationLevel.DISTRICT),
        ("областное", None),
        ("", None),
    ],
)
def test_level_words(word: str, level: AssociationLevel | None) -> None:
    assert parse_level(word) is level
