"""/minutes_registry through the Dispatcher and the Bot API double: the year's coverage and
a planned meeting's missing associations; the XLSX rows; the chart agreeing with the table;
the ZIP laid out by organisation and association; a card's attachments forwarded; the
meeting plan per level and per association; the heads of the year with their history; a
replaced protocol template (a bad one refused with its errors listed) used for the next
protocol; the archive written by ``shmo-bot export-archive``."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.__main__ import export_archive, main
from bot.factory import minutes_rules
from bot.i18n import Translator
from bot.services import Services
from bot.services.directory import DirectoryService
from bot.services.people import MemberInfo
from bot.storage.models import (
    Deadline,
    DeadlineAssignee,
    HeadTerm,
    Member,
    MinutesFile,
    ProtocolTemplate,
    Role,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.botapi import BotAPIDouble
from tests.conftest import make_settings
from tests.harness import Harness, Person, Seen
from tests.test_minutes import (  # noqa: F401 (mh: a fixture)
    PDF,
    PNG,
    World,
    document_of,
    fill,
    mh,
    paragraphs,
    said,
    set_up_year,
    world,
)

DECEMBER_1 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
SCHOOL_NOVEMBER = "Протокол заседания ШМО (ноябрь)"


async def submit(head: Person, *, files: bool = True) -> None:
    await head.send("/minutes")
    await head.press("➕ Новый протокол")
    await fill(head, files=files)
    await head.press("✅ Отправить")


def docx_bytes(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def file_of(h: Harness, seen: Seen) -> bytes:
    return h.double.file_bytes(seen.raw["document"]["file_id"])


async def coverage_rows(h: Harness, w: World) -> list[tuple[str, int, int, int, list[str]]]:
    """What the chart of the year shows, through the registry service: per bar its label,
    the figures and the text at its end."""
    async with h.runtime.sessions() as session:
        admin = MemberInfo.of(await session.get(Member, w.ids["admin"]))  # type: ignore[arg-type]
    translator = h.runtime.translator
    async with unit_of_work(h.runtime.sessions) as repo:
        registry = Services(
            repo,
            h.clock,
            frozenset(),
            translator,
            h.runtime.settings.tz,
            minutes_rules=minutes_rules(h.runtime.settings),
        ).minutes_registry
        rows = await registry.coverage_rows(admin, 2026)
        labels, values, shown = registry.chart_series(rows, translator.bind("ru"))
    return [
        (label, r.done, r.total, int(value), [text])
        for label, r, value, text in zip(labels, rows, values, shown, strict=True)
    ]


# ---------------------------------------------------------------------- the registry


async def test_the_registry_counts_lists_the_missing_and_its_exports_agree(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    await set_up_year(w)
    await submit(w.p["head"])
    h.clock.set(DECEMBER_1)
    admin = w.p["admin"]

    [screen] = await admin.send("/minutes_registry")
    text = screen.text
    assert "Протоколы заседаний, 2026–2027 учебный год" in text
    assert "Сдан 1 протокол." in text
    # The year so far: the November meetings of the ШМО (3) and of the ГМО (1).
    assert "Протоколы сдали 1 из 4, 25 %" in text
    assert "• Лицей № 3: 0 из 1 (0 %)" in text
    assert "• СОШ № 1: 1 из 2 (50 %)" in text
    assert "• Муниципальные и районные объединения: 0 из 1 (0 %)" in text
    assert f"• {SCHOOL_NOVEMBER} — до 30.11.2026: сдали 1 из 3 (33 %)" in text

    # The planned meeting: coverage, who is missing (with the heads), the minutes.
    await admin.press(f"{SCHOOL_NOVEMBER} — 33 %")
    card = admin.last().text
    assert "Протоколы сдали 1 из 3 объединений, 33 %" in card
    assert "Не сдали:" in card
    assert "Лицей № 3: ШМО лицея (Сидорова Вера)" in card
    assert "СОШ № 1: ШМО начальных классов (Петрова Анна)" in card
    assert "ШМО математиков" not in card.split("Не сдали:")[1]
    await admin.press("№ 1 от 20.11.2026 — ШМО математиков")
    assert "Протокол № 1</b>" in admin.last().raw["text"] or "Протокол № 1" in admin.last()
    seen = await admin.press("📎 Приложения (2)")
    assert seen[0].raw["document"]["file_name"] == "план.pdf"
    assert "photo" in seen[1].raw
    seen = await admin.press("📄 Протокол (DOCX)")
    assert "Тема: Итоги четверти и олимпиада" in paragraphs(document_of(h, seen[-1]))

    # The XLSX: a row per minutes; coverage by organisation; who is missing.
    await admin.send("/minutes_registry")
    [sent] = await admin.press("📊 Excel")
    book = load_workbook(io.BytesIO(file_of(h, sent)))
    rows = list(book["Протоколы"].iter_rows(values_only=True))
    assert rows[1][:4] == ("Организация", "Объединение", "Уровень", "№")
    [row] = rows[2:]
    assert row[:4] == ("СОШ № 1", "ШМО математиков", "ШМО", 1)
    assert row[4] == datetime(2026, 11, 20)
    assert row[5:11] == ("Итоги четверти и олимпиада", 12, 15, 2, 2, 1)
    assert row[11] == "Иванова Мария"
    assert row[13] == SCHOOL_NOVEMBER
    table = list(book["Охват по организациям"].iter_rows(values_only=True))[1:]
    assert table == [
        ("Лицей № 3", 0, 1, 0),
        ("СОШ № 1", 1, 2, 50),
        ("Муниципальные и районные объединения", 0, 1, 0),
    ]
    missing = list(book["Не сдали"].iter_rows(values_only=True))[1:]
    assert (
        "Протокол заседания ГМО (ноябрь)",
        "Муниципальные и районные объединения",
        "ГМО физиков",
        "Петрова Анна",
    ) in missing
    assert len([m for m in missing if m[0] == SCHOOL_NOVEMBER]) == 2

    # The chart: its bars are the table's rows, and its caption the screen's figure.
    bars = await coverage_rows(h, w)
    assert [(label, done, total, value) for label, done, total, value, _ in bars] == table
    assert [shown for *_, shown in bars] == [
        ["0 из 1 (0 %)"],
        ["1 из 2 (50 %)"],
        ["0 из 1 (0 %)"],
    ]
    [photo] = await admin.press("📈 Диаграмма")
    assert photo.text == "Протоколы сдали 1 из 4, 25 %"
    assert h.double.file_bytes(photo.raw["photo"][-1]["file_id"]).startswith(b"\x89PNG")

    # All protocols of the year as one ZIP: a folder per organisation and association.
    await admin.send("/minutes_registry")
    seen = await admin.press("🗂 Все протоколы (ZIP)")
    archive = zipfile.ZipFile(io.BytesIO(file_of(h, seen[-1])))
    names = sorted(archive.namelist())
    folder = "СОШ № 1/ШМО математиков/"
    assert names[0] == folder + "Протокол № 1 от 20.11.2026 — ШМО математиков.docx"
    assert names[1] == folder + "№ 1 — приложения/photo_" + names[1].split("photo_")[1]
    assert names[2] == folder + "№ 1 — приложения/план.pdf"
    assert archive.read(names[2]) == PDF[1]
    assert archive.read(names[1]) == PNG

    # A coordinator sees its own school; others are refused.
    [screen] = await w.p["coord"].send("/minutes_registry")
    assert "Школа: СОШ № 1" in screen.text
    assert "Протоколы сдали 1 из 2, 50 %" in screen.text
    assert "Лицей" not in screen.text
    assert "🗓 План заседаний" not in screen.buttons
    for key in ("teacher", "head"):
        [reply] = await w.p[key].send("/minutes_registry")
        assert "доступен методисту и координатору школы" in reply.text


async def test_a_replaced_template_is_used_for_the_next_protocol(harness: Harness) -> None:
    h = harness
    w = await world(h)
    admin = w.p["admin"]
    await admin.send("/minutes_registry")
    await admin.press("📄 Шаблон протокола")
    assert "Сейчас: шаблон по умолчанию" in admin.last()

    # Refused, every problem listed, nothing kept.
    [reply] = await admin.send_document(("шаблон.txt", b"not a template", "text/plain"))
    assert "«шаблон.txt» — не документ Word (.docx)" in reply.text
    assert "Прежний шаблон остаётся в работе" in reply.text
    unknown = docx_bytes("{{ school_name }} {{ number }}", "{{ chairman }}")
    [reply] = await admin.send_document(("мой.docx", unknown, "application/msword"))
    assert "Шаблон не подходит: 2 ошибки" in reply.text
    assert "Неизвестное поле «chairman»" in reply.text
    assert "Неизвестное поле «school_name»" in reply.text
    broken = docx_bytes("ПРОТОКОЛ {{ number ")
    [reply] = await admin.send_document(("мой.docx", broken, "application/msword"))
    assert "Ошибка в поле или блоке шаблона (строка" in reply.text
    empty = docx_bytes("Просто текст")
    [reply] = await admin.send_document(("мой.docx", empty, "application/msword"))
    assert "нет ни одного поля" in reply.text
    async with h.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ProtocolTemplate)) == 0

    # A good one: checked by rendering a sample, which comes back.
    good = docx_bytes(
        "МУНИЦИПАЛЬНЫЙ ПРОТОКОЛ № {{ number }}",
        "{{ association }}, {{ date }}",
        "{%p for item in items %}",
        "{{ item.number }}) {{ item.title }} — {{ item.decided }}",
        "{%p endfor %}",
    )
    seen = await admin.send_document(("муниципальный.docx", good, "application/msword"))
    assert "Шаблон «муниципальный.docx» проверен" in seen[0].text
    assert paragraphs(document_of(h, seen[1]))[0] == "МУНИЦИПАЛЬНЫЙ ПРОТОКОЛ № 1"

    # The next protocol follows it.
    head = w.p["head"]
    await head.send("/minutes")
    await head.press("➕ Новый протокол")
    await fill(head, files=False)
    seen = await head.press("✅ Отправить")
    [docx] = [s for s in seen if "document" in s.raw]
    shown = paragraphs(document_of(h, docx))
    assert shown[:2] == ["МУНИЦИПАЛЬНЫЙ ПРОТОКОЛ № 1", "ШМО математиков, 20.11.2026"]
    assert "1) Итоги первой четверти — Принять к сведению итоги четверти" in shown

    # The default stays downloadable; putting it back makes the next protocols its own.
    await admin.send("/minutes_registry")
    await admin.press("📄 Шаблон протокола")
    assert "загруженный шаблон «муниципальный.docx»" in admin.last()
    [current] = await admin.press("⬇️ Скачать текущий")
    assert current.raw["document"]["file_name"] == "муниципальный.docx"
    [default] = await admin.press("⬇️ Скачать шаблон по умолчанию")
    assert "{{ organisation }}" in paragraphs(document_of(h, default))
    await admin.press("↩️ Вернуть шаблон по умолчанию")
    said(admin, "Снова используется шаблон по умолчанию")
    await head.send("/minutes")
    await head.press("№ 1 от 20.11.2026 — ШМО математиков")
    [docx] = await head.press("📄 Протокол (DOCX)")
    assert paragraphs(document_of(h, docx))[1] == "ПРОТОКОЛ № 1"


async def test_the_meeting_plan_per_level_and_association_and_the_heads_of_the_year(
    harness: Harness,
) -> None:
    h = harness
    w = await world(h)
    admin = w.p["admin"]
    await admin.send("/minutes_registry")
    assert "Сроки заседаний на этот год ещё не созданы" in admin.last()
    await admin.press("🗓 План заседаний")
    plan = admin.last().text
    assert "ШМО: август, ноябрь, январь, март, май" in plan
    assert "ГМО: сентябрь, октябрь, ноябрь, декабрь, январь, февраль, март, апрель" in plan
    assert "РМО: октябрь, декабрь, март, май" in plan

    # The school level: December in, May out (the first «дек» and «✅ май» are the ШМО's).
    await admin.press("дек")
    await admin.press("✅ май")
    assert "ШМО: август, ноябрь, декабрь, январь, март" in admin.last()
    await admin.press("✅ Создать сроки года")
    # ШМО 4 (August is past), ГМО 6, «копилка» 3, analysis, report, next year's plan.
    assert "создано 16" in admin.last()

    # One association of its own: no December meeting.
    await admin.press("⬅️ Назад")
    await admin.press("🏫 По организациям")
    await admin.press("СОШ № 1 — объединений: 2, протоколов: 0")
    await admin.press("ШМО математиков — протоколов: 0")
    assert "План заседаний — как у уровня: август, ноябрь, декабрь, январь, март" in admin.last()
    await admin.press("✅ дек")
    assert "Свой план заседаний: август, ноябрь, январь, март" in admin.last()
    await admin.send("/minutes_registry")
    await admin.press("🗓 План заседаний")
    assert "• ШМО математиков: август, ноябрь, январь, март" in admin.last()
    await admin.press("✅ Создать сроки года")
    assert "создано 0, добавлено объединений 0, убрано 1" in admin.last()
    async with h.runtime.sessions() as session:
        december = await session.scalar(
            select(Deadline).where(Deadline.title == "Протокол заседания ШМО (декабрь)")
        )
        assert december is not None
        units = set(
            await session.scalars(
                select(DeadlineAssignee.unit_id).where(DeadlineAssignee.deadline_id == december.id)
            )
        )
    assert units == {w.ids["primary"], w.ids["lyceum"]}

    # The heads of the year confirmed; a head changed mid-year keeps the history.
    await admin.press("👥 Утвердить руководителей на год")
    assert "Руководители на 2026–2027 учебный год утверждены: 4." in admin.alerts()[-1]
    new_head = await seed.member(h, 9200, Role.HEAD, "Новикова Ирина", organisation_id=w.ids["org"])
    async with h.runtime.sessions() as session:
        actor = MemberInfo.of(await session.get(Member, w.ids["admin"]))  # type: ignore[arg-type]
    async with unit_of_work(h.runtime.sessions) as repo:
        directory = DirectoryService(repo, h.clock)
        await directory.set_head(
            actor, new_head, w.ids["math"], head=True, today=date(2026, 11, 23)
        )
        await directory.set_head(
            actor, w.ids["head"], w.ids["math"], head=False, today=date(2026, 11, 23)
        )
    async with h.runtime.sessions() as session:
        terms = list(
            await session.scalars(
                select(HeadTerm)
                .where(HeadTerm.association_id == w.ids["math"])
                .order_by(HeadTerm.id)
            )
        )
    assert [(t.member_id, t.until is None, t.confirmed_at is not None) for t in terms] == [
        (w.ids["head"], False, True),
        (new_head, True, False),
    ]
    await admin.send("/minutes_registry")
    await admin.press("🏫 По организациям")
    await admin.press("СОШ № 1 — объединений: 2, протоколов: 0")
    await admin.press("ШМО математиков — протоколов: 0")
    screen = admin.last().text
    assert "Руководитель: Иванова Мария, с 23.11.2026 по 23.11.2026" in screen
    assert "Руководитель: Новикова Ирина, с 23.11.2026" in screen
    # The former head no longer submits for it.
    [reply] = await w.p["head"].send("/minutes")
    assert "Протоколы сдаёт руководитель объединения" in reply.text


# ---------------------------------------------------------------------- the archive


async def test_export_archive_writes_the_years_protocols_and_attachments(
    double: BotAPIDouble,
    database_url: str,
    mh: Harness,  # noqa: F811 (the fixture)
    tmp_path: Path,
) -> None:
    h = mh
    w = await world(h)
    await submit(w.p["head"])
    async with h.runtime.sessions() as session:
        files = list(await session.scalars(select(MinutesFile).order_by(MinutesFile.position)))
    data = tmp_path / "data"
    # One local copy went missing: that file is read from Telegram instead.
    (data / files[1].local_path).unlink()  # type: ignore[operator]
    settings = make_settings(double, database_url, data_dir=data)
    output = tmp_path / "out" / "archive.zip"
    written = await export_archive(settings, Translator(), 2026, output)
    assert written == output
    archive = zipfile.ZipFile(output)
    folder = "СОШ № 1/ШМО математиков/"
    names = set(archive.namelist())
    assert folder + "Протокол № 1 от 20.11.2026 — ШМО математиков.docx" in names
    assert archive.read(folder + "№ 1 — приложения/план.pdf") == PDF[1]
    [photo] = [n for n in names if "photo_" in n]
    assert archive.read(photo) == PNG
    protocol = Document(
        io.BytesIO(archive.read(folder + "Протокол № 1 от 20.11.2026 — ШМО математиков.docx"))
    )
    assert "ПРОТОКОЛ № 1" in paragraphs(protocol)
    assert await export_archive(settings, Translator(), 2025, tmp_path / "none.zip") is None


def test_the_export_archive_command_line(
    sqlite_template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = tmp_path / "shmo.db"
    database.write_bytes(sqlite_template.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    assert main(["export-archive", "--year", "2026"]) == 0
    assert "протоколов нет" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export-archive"])  # the year is required
