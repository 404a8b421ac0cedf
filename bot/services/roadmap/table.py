"""A roadmap file (CSV or XLSX) read into rows of activity, term and who is responsible.

Reading itself (encodings, separators, the XLSX sheet) is :func:`bot.services.tables.readings`:
CSV in UTF-8 with or without a BOM or in Windows-1251, separated by ``;``, ``,`` or tabs; the
first sheet of an XLSX workbook, values only (a merged cell's text is in its first cell).

Rules of a roadmap table:

* The header row is the first of the first :data:`HEADER_ROWS` rows that names an activity
  column and a term column; title rows above it are skipped. Names are compared without
  case, spacing or punctuation, in Latin transliteration: activity — «Мероприятие(я)»,
  «Содержание работы»; term — any name starting with «Срок»/«Сроки» («Сроки выполнения»,
  «Срок исполнения», «Срок реализации»…); responsible — «Ответственные»/«Ответственный»
  (optional); audience — «Аудитория» (optional); the number — «№», «№ п/п» (optional).
* A section row sets the section of the rows under it: a row with no term, no responsible and
  no audience but some title («1. Информационная поддержка», a text in one merged cell), or a
  row whose title starts with «Задача». Its section is its non-empty cells joined.
* Cells broken across lines are joined with spaces, except the term, whose lines are joined
  with ", " so that months written one per line read as a list.
* Empty rows are skipped, and so are rows holding only a number (an unfilled template row).
* More than :data:`MAX_ROWS` non-empty rows under the header is an error naming the limit,
  raised before anything is returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.services.errors import DomainError
from bot.services.tables import EMPTY_RUN_LIMIT, XLSX_SUFFIXES, TableError, readings, words

__all__ = ["HEADER_ROWS", "MAX_ROWS", "RoadmapError", "Row", "Table", "read_table"]

MAX_ROWS = 2000
HEADER_ROWS = 20
SUFFIXES = (".csv", *XLSX_SUFFIXES)

ACTIVITY_NAMES = frozenset(
    {
        "meropriyatie",
        "meropriyatiya",
        "soderzhanie raboty",
        "soderzhanie deyatelnosti",
        "naimenovanie meropriyatiya",
        "naimenovanie meropriyatij",
    }
)
TERM_FIRST_WORDS = frozenset({"srok", "sroki"})
RESPONSIBLE_PREFIXES = ("otvetstvenn", "ispolnitel")
AUDIENCE_PREFIXES = ("auditori", "celevaya auditori")
INDEX_NAMES = frozenset({"n", "n p p", "p p", "nomer", "nomer p p"})
SECTION_PREFIX = "zadach"  # «Задача», «Задачи»
_LETTER = re.compile(r"[^\W\d_]")

# The reading errors of the shared table reader, in the roadmap's words.
_ERROR_KEYS = {
    "registry-file-too-big": "roadmap-file-too-big",
    "registry-file-type": "roadmap-file-type",
    "registry-file-unreadable": "roadmap-file-unreadable",
    "registry-file-empty": "roadmap-file-empty",
}


class RoadmapError(DomainError):
    """The file cannot be read as a roadmap; ``key`` is one of the ``roadmap-file-*`` texts."""


@dataclass(frozen=True, slots=True)
class Row:
    """One activity of the roadmap.

    ``number`` is the 1-based line (sheet row) the row starts on; ``index`` is its «№» cell;
    ``term`` has its lines joined by ", " (see the module rules).
    """

    number: int
    index: str
    section: str | None
    activity: str
    term: str
    responsible: str
    audience: str


@dataclass(frozen=True, slots=True)
class Table:
    """The activities under the header, in file order, and where the header was."""

    rows: tuple[Row, ...]
    header_number: int
    columns: tuple[str, ...]  # the keys found: index, activity, term, responsible, audience

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections that hold rows, in order of appearance."""
        return tuple(dict.fromkeys(row.section for row in self.rows if row.section))


def read_table(data: bytes, filename: str) -> Table:
    """The roadmap in ``data``; raises :class:`RoadmapError` when it cannot be one."""
    try:
        for rows in readings(filename, data, suffixes=SUFFIXES, keep_lines=True):
            table = _table_from(rows)
            if table is not None:
                return table
    except TableError as error:
        key = _ERROR_KEYS.get(error.key, "roadmap-file-unreadable")
        raise RoadmapError(key, **error.params) from error
    raise RoadmapError("roadmap-file-columns", rows=HEADER_ROWS)


def _table_from(rows: Iterator[tuple[int, list[str]]]) -> Table | None:
    """None when the header is not in the first rows of this reading."""
    for seen, (number, cells) in enumerate(rows):
        if seen >= HEADER_ROWS:
            return None
        positions = _header_positions(cells)
        if positions is not None:
            found = tuple(_data_rows(rows, positions))
            if not found:
                raise RoadmapError("roadmap-file-empty")
            return Table(found, number, tuple(positions))
    return None


def _column_of(title: str, raw: str) -> str | None:
    """Which column a header cell names, if any."""
    if raw.strip().startswith("\u2116") or title in INDEX_NAMES:
        return "index"
    if title in ACTIVITY_NAMES or title.startswith("meropriyati"):
        return "activity"
    if title.split(" ", 1)[0] in TERM_FIRST_WORDS:
        return "term"
    if title.startswith(RESPONSIBLE_PREFIXES):
        return "responsible"
    if title.startswith(AUDIENCE_PREFIXES):
        return "audience"
    return None


def _header_positions(cells: list[str]) -> dict[str, int] | None:
    """Column key → cell position, when the row names at least an activity and a term."""
    positions: dict[str, int] = {}
    for position, cell in enumerate(cells):
        key = _column_of(words(cell), cell)
        if key is not None and key not in positions:
            positions[key] = position
    if "activity" in positions and "term" in positions:
        return positions
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _data_rows(rows: Iterator[tuple[int, list[str]]], positions: dict[str, int]) -> Iterator[Row]:
    """The rows under the header with the sections they fall in."""
    section: str | None = None
    empty_run = 0
    kept = 0
    for number, cells in rows:
        filled = [_one_line(cell) for cell in cells if cell]
        if not filled:
            empty_run += 1
            if empty_run >= EMPTY_RUN_LIMIT:
                return
            continue
        empty_run = 0
        kept += 1
        if kept > MAX_ROWS:
            raise RoadmapError("roadmap-file-too-many-rows", limit=MAX_ROWS)
        values = {key: cells[i] if i < len(cells) else "" for key, i in positions.items()}
        if _is_section(values, filled):
            if any(_LETTER.search(cell) for cell in filled):
                section = " ".join(filled)
            continue  # a numbered row with nothing in it is left out
        yield Row(
            number=number,
            index=_one_line(values.get("index", "")),
            section=section,
            activity=_one_line(values["activity"]),
            term=", ".join(values["term"].splitlines()),
            responsible=_one_line(values.get("responsible", "")),
            audience=_one_line(values.get("audience", "")),
        )


def _is_section(values: dict[str, str], filled: list[str]) -> bool:
    """A title with nothing to do and no date, or a «Задача…» row."""
    title = values.get("activity") or filled[0]
    if words(title).startswith(SECTION_PREFIX) or words(filled[0]).startswith(SECTION_PREFIX):
        return True
    return not any(values.get(key) for key in ("term", "responsible", "audience"))
