"""Roadmap files read into rows: the sample roadmaps, header and section rules, bad files,
the proposed unit and the stable row key."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.i18n import Translator
from bot.services.roadmap import (
    MAX_ROWS,
    RoadmapError,
    Table,
    TermKind,
    Unit,
    parse_term,
    plan_rows,
    propose_unit,
    read_table,
    row_key,
)
from bot.services.roadmap.table import HEADER_ROWS
from bot.services.tables import MAX_FILE_BYTES

DATA = Path(__file__).parent / "data"
KAVKAZSKY = DATA / "roadmap-kavkazsky.csv"
KAVKAZSKY_CP1251 = DATA / "roadmap-kavkazsky-cp1251.csv"
ZARECHNY = DATA / "roadmap-zarechny.xlsx"
PLAN = 2026


def _read(path: Path) -> Table:
    return read_table(path.read_bytes(), path.name)


def _csv_data_rows(path: Path, encoding: str = "utf-8-sig") -> int:
    """Non-empty lines under the header, counted by the csv module itself."""
    text = path.read_bytes().decode(encoding)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=";") if any(row)]
    return len(rows) - 1


def _xlsx(rows: list[list[object]], *, merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: list[list[str]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


def _error(data: bytes, name: str) -> RoadmapError:
    with pytest.raises(RoadmapError) as caught:
        read_table(data, name)
    return caught.value


# --- the sample roadmaps ---------------------------------------------------------------------


def test_kavkazsky_csv_keeps_every_row() -> None:
    table = _read(KAVKAZSKY)
    assert table.header_number == 1
    assert len(table.rows) == _csv_data_rows(KAVKAZSKY) == 23
    assert [row.index for row in table.rows] == [str(n) for n in range(1, 24)]
    assert table.columns == ("index", "activity", "term", "responsible")
    assert table.sections == ()
    first = table.rows[0]
    assert first.number == 2
    assert first.activity.startswith("Мониторинг уровня профессиональной компетентности")
    assert first.term == "Ежегодно"
    assert first.responsible == "МКУ ОМЦ"
    assert first.audience == ""


def test_kavkazsky_cp1251_reads_as_the_utf8_file() -> None:
    assert _read(KAVKAZSKY_CP1251) == _read(KAVKAZSKY)


def test_kavkazsky_terms_are_all_classified() -> None:
    planned = plan_rows(_read(KAVKAZSKY), PLAN)
    kinds = [p.term.kind for p in planned]
    assert TermKind.UNKNOWN not in kinds
    dated = {p.row.index: p.term for p in planned if p.term.kind is TermKind.DATED}
    assert set(dated) == {"9", "19"}  # the database twice a year; РМО once a quarter
    assert len(dated["19"].dates) == 4


def test_zarechny_xlsx_header_below_title_rows() -> None:
    table = _read(ZARECHNY)
    assert table.header_number == 3
    assert len(table.rows) == 18
    assert [row.index for row in table.rows] == [str(n) for n in range(1, 19)]
    assert table.columns == ("index", "activity", "term", "responsible", "audience")
    assert table.rows[0].number == 4
    assert table.rows[0].audience == "руководители ШМО"


def test_zarechny_terms_and_units() -> None:
    planned = {p.row.index: p for p in plan_rows(_read(ZARECHNY), PLAN)}
    assert all(p.term.kind is not TermKind.UNKNOWN for p in planned.values())
    standing = {i for i, p in planned.items() if p.term.kind is TermKind.STANDING}
    assert standing == {"13", "14", "18"}
    assert planned["7"].term.dates[-1].isoformat() == "2027-01-27"
    assert planned["1"].unit is Unit.ASSOCIATION
    assert planned["3"].unit is Unit.ORGANISATION
    assert planned["6"].unit is Unit.METHODOLOGISTS


def test_row_keys_are_stable_and_distinct() -> None:
    utf8 = [p.key for p in plan_rows(_read(KAVKAZSKY), PLAN)]
    cp1251 = [p.key for p in plan_rows(_read(KAVKAZSKY_CP1251), PLAN)]
    assert utf8 == cp1251
    assert len(set(utf8)) == len(utf8)
    zarechny = _read(ZARECHNY)
    again = read_table(ZARECHNY.read_bytes(), "copy.XLSX")
    assert [row_key(r) for r in zarechny.rows] == [row_key(r) for r in again.rows]


# --- headers, sections, cells ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("activity", "term", "responsible"),
    [
        ("Мероприятие", "Срок", "Ответственные"),
        ("Мероприятия", "Сроки", "Ответственный"),
        ("Содержание работы", "Сроки выполнения", "ответственные"),
        ("МЕРОПРИЯТИЕ", "Срок исполнения", "Ответственные:"),
        (" Содержание  работы ", "Срок реализации", "Ответственный исполнитель"),
        ("Мероприятие.", "Сроки  исполнения", ""),
    ],
)
def test_header_names_vary(activity: str, term: str, responsible: str) -> None:
    data = _csv(
        [["Дорожная карта"], [], ["№ п/п", activity, term, responsible], ["1", "Семинар", "май"]]
    )
    table = read_table(data, "plan.csv")
    assert table.header_number == 3
    assert table.rows[0].activity == "Семинар"
    assert table.rows[0].term == "май"
    assert ("responsible" in table.columns) == bool(responsible)


SECTIONED = [
    ["Дорожная карта методической работы на 2026-2027 учебный год"],
    [None],
    ["№", "Содержание работы", "Сроки выполнения", "Ответственный"],
    ["1. Информационная поддержка"],
    [1, "Информирование педагогов\nо конкурсах", "в постоянном режиме", "Методисты ИМЦ"],
    [2, "Заседания ШМО", "Август\nНоябрь\nЯнварь\nМарт\nМай", "руководители\nШМО"],
    [None, None, None, None],
    ["", "Задача: сопровождение молодых специалистов", "", ""],
    [3, "Анкетирование", "ежегодно, октябрь", "ОО"],
    ["2.", "Работа с ОО", None, None],
    [4, "Информационная карта", "до 15 сентября, ежегодно", "образовательные организации"],
    [5, "Отчёт", "после согласования", "Иванова И.И."],
    [6],
]


def test_sections_and_broken_cells() -> None:
    table = read_table(_xlsx(SECTIONED, merge="A4:D4"), "plan.xlsx")
    assert table.header_number == 3
    assert [row.index for row in table.rows] == ["1", "2", "3", "4", "5"]
    assert table.sections == (
        "1. Информационная поддержка",
        "Задача: сопровождение молодых специалистов",
        "2. Работа с ОО",
    )
    rows = table.rows
    assert [r.section for r in rows] == [
        "1. Информационная поддержка",
        "1. Информационная поддержка",
        "Задача: сопровождение молодых специалистов",
        "2. Работа с ОО",
        "2. Работа с ОО",
    ]
    assert rows[0].activity == "Информирование педагогов о конкурсах"
    assert rows[1].term == "Август, Ноябрь, Январь, Март, Май"
    assert rows[1].responsible == "руководители ШМО"
    assert rows[1].number == 6
    planned = plan_rows(table, PLAN)
    assert [p.term.kind for p in planned] == [
        TermKind.STANDING,
        TermKind.DATED,
        TermKind.DATED,
        TermKind.DATED,
        TermKind.UNKNOWN,  # listed back for dating by hand
    ]
    assert len(planned[1].term.dates) == 5
    assert [p.unit for p in planned] == [
        Unit.METHODOLOGISTS,
        Unit.ASSOCIATION,
        Unit.ORGANISATION,
        Unit.ORGANISATION,
        Unit.METHODOLOGISTS,
    ]


def test_a_section_changes_the_row_key() -> None:
    table = read_table(_xlsx(SECTIONED), "plan.xlsx")
    moved = [row[:] for row in SECTIONED]
    moved[3] = ["1. Методическая поддержка"]
    other = read_table(_xlsx(moved), "plan.xlsx")
    assert row_key(table.rows[0]) != row_key(other.rows[0])
    assert row_key(table.rows[2]) == row_key(other.rows[2])


def test_multiline_csv_cells_keep_the_starting_line() -> None:
    data = _csv(
        [
            ["Мероприятие", "Срок", "Ответственные"],
            ["Заседания\nГМО", "Сентябрь\nДекабрь", "руководители ГМО"],
            ["Отчёт", "Июнь", "ОО"],
        ]
    )
    table = read_table(data, "plan.csv")
    assert [(r.number, r.activity, r.term) for r in table.rows] == [
        (2, "Заседания ГМО", "Сентябрь, Декабрь"),
        (5, "Отчёт", "Июнь"),  # the row above spans lines 2–4
    ]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_separators(delimiter: str) -> None:
    data = _csv(
        [["№", "Мероприятие", "Срок"], ["1", "Семинар, практикум", "Сентябрь-апрель"]],
        delimiter,
    )
    table = read_table(data, "plan.csv")
    assert table.rows[0].activity == "Семинар, практикум"
    assert table.rows[0].term == "Сентябрь-апрель"


def test_bom_and_windows_1251() -> None:
    rows = [["Мероприятие", "Срок"], ["Семинар", "май"]]
    plain = read_table(_csv(rows), "a.csv")
    with_bom = read_table(codecs.BOM_UTF8 + _csv(rows), "a.csv")
    cp1251 = read_table(_csv(rows).decode("utf-8").encode("cp1251"), "A.CSV")
    assert plain == with_bom == cp1251
    assert plain.rows[0].activity == "Семинар"


def test_blank_rows_are_skipped() -> None:
    data = "Мероприятие;Срок\n\n;\nСеминар;май\n ; \n\nОтчёт;июнь\n;;;\n".encode()
    table = read_table(data, "plan.csv")
    assert [(r.number, r.activity) for r in table.rows] == [(4, "Семинар"), (7, "Отчёт")]


# --- bad files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan.txt", "plan.pdf", "plan", "plan.docx", "plan.xls"])
def test_other_file_types_are_refused(name: str) -> None:
    assert _error(_csv([["Мероприятие", "Срок"], ["Семинар", "май"]]), name).key == (
        "roadmap-file-type"
    )


def test_a_table_without_the_columns() -> None:
    error = _error(_csv([["Школа", "Объединение"], ["1", "ШМО"]]), "plan.csv")
    assert error.key == "roadmap-file-columns"
    assert error.params == {"rows": HEADER_ROWS}
    only_activity = _csv([["№", "Мероприятие", "Ответственные"], ["1", "Семинар", "ОО"]])
    assert _error(only_activity, "plan.csv").key == "roadmap-file-columns"


def test_a_header_too_far_down_is_not_found() -> None:
    rows = [["заголовок"]] * HEADER_ROWS + [["Мероприятие", "Срок"], ["Семинар", "май"]]
    assert _error(_xlsx(rows), "plan.xlsx").key == "roadmap-file-columns"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "plan.csv"),
        (b"  \r\n \r\n", "plan.csv"),
        ("Мероприятие;Срок\n;\n\n".encode(), "plan.csv"),
    ],
)
def test_empty_files(data: bytes, name: str) -> None:
    assert _error(data, name).key == "roadmap-file-empty"


def test_an_empty_workbook() -> None:
    assert _error(_xlsx([]), "plan.xlsx").key == "roadmap-file-columns"
    header_only = _xlsx([["Мероприятие", "Срок"]])
    assert _error(header_only, "plan.xlsx").key == "roadmap-file-empty"


def test_a_file_too_big() -> None:
    line = "Мероприятие;Срок\n" + "x" * 1000 + ";май\n"
    error = _error(line.encode() * 6000, "big.csv")
    assert error.key == "roadmap-file-too-big"
    assert error.params == {"limit": MAX_FILE_BYTES // (1024 * 1024)}


def test_a_damaged_workbook() -> None:
    assert _error(b"PK\x03\x04 not really a zip", "plan.xlsx").key == "roadmap-file-unreadable"


def test_ten_thousand_rows_are_refused_naming_the_limit() -> None:
    lines = ["№;Мероприятие;Срок;Ответственные"]
    lines += [f"{n};Мероприятие {n};май;ОО" for n in range(1, 10_001)]
    error = _error("\n".join(lines).encode(), "big.csv")
    assert error.key == "roadmap-file-too-many-rows"
    assert error.params == {"limit": MAX_ROWS}


def test_the_limit_itself_is_accepted() -> None:
    lines = ["Мероприятие;Срок"] + [f"Мероприятие {n};май" for n in range(MAX_ROWS)]
    assert len(read_table("\n".join(lines).encode(), "ok.csv").rows) == MAX_ROWS


def test_the_error_texts_exist_in_both_languages() -> None:
    t = Translator()
    keys = [
        "roadmap-file-type",
        "roadmap-file-unreadable",
        "roadmap-file-too-big",
        "roadmap-file-empty",
        "roadmap-file-columns",
        "roadmap-file-too-many-rows",
    ]
    for locale in t.locales:
        for key in keys:
            assert t.has(key, locale), (key, locale)
    assert "2000" in t("roadmap-file-too-many-rows", locale="ru", limit=MAX_ROWS).replace(
        "\u00a0", ""
    ).replace(" ", "")


# --- the proposed unit -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("responsible", "unit"),
    [
        ("ОО", Unit.ORGANISATION),
        ("образовательные организации", Unit.ORGANISATION),
        ("руководители ОО", Unit.ORGANISATION),
        ("Заместитель директора по УВР", Unit.ORGANISATION),
        ("Директор школы", Unit.ORGANISATION),
        ("МКУ ОмЦ ОО", Unit.ORGANISATION),
        ("ОО, методисты ИМЦ", Unit.ORGANISATION),
        ("МКУ ОмЦ ОО ШМО Творческая группа Проблемная группа", Unit.ORGANISATION),
        ("руководители ШМО", Unit.ASSOCIATION),
        ("Руководители ГМО", Unit.ASSOCIATION),
        ("МКУ ОмЦ, руководители РМО", Unit.ASSOCIATION),
        ("ШМО", Unit.ASSOCIATION),
        ("руководители методических объединений", Unit.ASSOCIATION),
        ("учителя", Unit.PERSON),
        ("педагоги", Unit.PERSON),
        ("Методисты ИМЦ, педагоги-наставники", Unit.PERSON),
        ("МКУ ОМЦ", Unit.METHODOLOGISTS),
        ("МКУ ОмЦ", Unit.METHODOLOGISTS),
        ("ИМЦ", Unit.METHODOLOGISTS),
        ("Методист ИМЦ", Unit.METHODOLOGISTS),
        ("Иванова И.И.", Unit.METHODOLOGISTS),
        ("Иванова И.И., Петров П.П.", Unit.METHODOLOGISTS),
        ("", Unit.METHODOLOGISTS),
        ("творческая группа", Unit.METHODOLOGISTS),
    ],
)
def test_proposed_unit(responsible: str, unit: Unit) -> None:
    assert propose_unit(responsible) is unit


def test_unit_values_map_to_the_deadline_units() -> None:
    assert {u.value for u in Unit} == {"person", "association", "organisation", "methodologists"}


def test_parse_term_reads_the_term_column_as_given() -> None:
    table = read_table(_xlsx(SECTIONED), "plan.xlsx")
    assert parse_term(table.rows[1].term, PLAN).dates[0].isoformat() == "2026-11-30"
