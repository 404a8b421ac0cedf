"""The one XLSX writer: a bold frozen header, columns as wide as their contents, no formulas.

Every text cell is written as text. A value that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return would otherwise be taken by a spreadsheet for a formula (a name like
``=HYPERLINK(...)`` typed by a person would become a live link or worse); here it is stored as
a plain string cell and marked with Excel's "quote prefix", so it stays text even when the
cell is edited. Characters that XML cannot carry are dropped rather than failing the export,
and a text longer than a cell may hold (:data:`CELL_LIMIT`) ends with «…» at the limit.

Datetimes are written as the caller gives them, without a time zone (a spreadsheet has none):
pass them already converted to the deployment's time zone.

The workbook is written row by row (openpyxl's write-only mode): a sheet of half a million
cells costs a few megabytes, not a cell object each. Rows may come as they are read
(:meth:`Book.stream`); plain values go to openpyxl as they are and only the cells that need
a style (the header, text that looks like a formula) are cells of our own.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Value = str | int | float | bool | date | datetime | time | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel opens no cell of more characters (it calls the file damaged): longer text is cut.
CELL_LIMIT = 32_767
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 4
SHEET_TITLE_LIMIT = 31
WIDTH_ROWS = 500  # rows of a streamed sheet that decide its column widths


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: lines above the table (``preamble``), the header, the rows.

    ``widths`` fixes the column widths; without it each column is as wide as its longest
    value (at most :data:`MAX_COLUMN_WIDTH`). ``auto_filter`` puts filter buttons on the header.
    """

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Value]]
    preamble: Sequence[Sequence[Value]] = ()
    widths: Sequence[float] | None = None
    auto_filter: bool = False


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula if it were typed in."""
    return text.startswith(FORMULA_STARTS)


def write_xlsx(*sheets: Sheet) -> bytes:
    """A workbook with ``sheets`` in order, as bytes."""
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    book = Book()
    for sheet in sheets:
        book.add(sheet)
    return book.save()


class Book:
    """A workbook written sheet by sheet, in order: whole sheets (:meth:`add`) and sheets
    whose rows come one by one as they are read (:meth:`stream`), so a sheet of many rows
    never has to be held as one list."""

    def __init__(self) -> None:
        self._book = Workbook(write_only=True)
        self._used: set[str] = set()
        self._streams: list[RowStream] = []

    def _sheet(self, title: str) -> WriteOnlyWorksheet:
        return self._book.create_sheet(_unique(_sheet_title(title), self._used))

    def add(self, sheet: Sheet) -> None:
        """A sheet whose rows are all at hand (widths from every row)."""
        worksheet = self._sheet(sheet.title)
        _start(worksheet, sheet, sheet.rows)
        _append(worksheet, sheet.rows)

    def stream(
        self,
        title: str,
        header: Sequence[str],
        *,
        preamble: Sequence[Sequence[Value]] = (),
        widths: Sequence[float] | None = None,
    ) -> RowStream:
        """A sheet to append rows to. Without ``widths`` the columns are as wide as the
        header and the first :data:`WIDTH_ROWS` rows need (those rows wait until then)."""
        stream = RowStream(self._sheet(title), Sheet(title, header, (), preamble, widths))
        self._streams.append(stream)
        return stream

    def save(self) -> bytes:
        if not self._used:
            raise ValueError("a workbook needs at least one sheet")
        for stream in self._streams:
            stream.flush()
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()


class RowStream:
    """The rows of one sheet of a :class:`Book`, appended as they come."""

    def __init__(self, worksheet: WriteOnlyWorksheet, sheet: Sheet) -> None:
        self._worksheet = worksheet
        self._sheet = sheet
        self._waiting: list[Sequence[Value]] | None = []

    def append(self, row: Sequence[Value]) -> None:
        if self._waiting is None:
            self._worksheet.append(_values(self._worksheet, row))
            return
        self._waiting.append(row)
        if len(self._waiting) >= WIDTH_ROWS:
            self.flush()

    def extend(self, rows: Iterable[Sequence[Value]]) -> None:
        for row in rows:
            self.append(row)

    def flush(self) -> None:
        """Write the rows waiting for the widths (the book does it when it is saved)."""
        if self._waiting is None:
            return
        waiting, self._waiting = self._waiting, None
        _start(self._worksheet, self._sheet, waiting)
        _append(self._worksheet, waiting)


def _start(worksheet: WriteOnlyWorksheet, sheet: Sheet, rows: Sequence[Sequence[Value]]) -> None:
    """Columns, panes and filter (a write-only sheet takes them before its rows), then the
    preamble and the header; ``rows`` (all of them, or the first ones) give the widths."""
    header_row = len(sheet.preamble) + 1
    columns = max([len(sheet.header), *(len(row) for row in rows)], default=0)
    for index in range(columns):
        if sheet.widths is not None and index < len(sheet.widths):
            width = float(sheet.widths[index])
        else:
            width = _width([sheet.header, *rows], index)
        worksheet.column_dimensions[get_column_letter(index + 1)].width = width
    worksheet.freeze_panes = f"A{header_row + 1}"
    if sheet.auto_filter and sheet.rows and columns:
        last = get_column_letter(columns)
        worksheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(sheet.rows)}"
    for line in sheet.preamble:
        worksheet.append([_cell(worksheet, value) for value in line])
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    header = []
    for value in sheet.header:
        cell = _cell(worksheet, value)
        cell.font = bold
        cell.alignment = top
        header.append(cell)
    worksheet.append(header)


def _append(worksheet: WriteOnlyWorksheet, rows: Iterable[Sequence[Value]]) -> None:
    for row in rows:
        worksheet.append(_values(worksheet, row))


def _values(worksheet: WriteOnlyWorksheet, row: Sequence[Value]) -> list[Value | Cell]:
    """A row as openpyxl takes it: a plain value wherever openpyxl stores it as it is (numbers,
    dates, ordinary text — the fast way), a cell of our own where it needs help (text that
    looks like a formula or an error value)."""
    out: list[Value | Cell] = []
    for value in row:
        if isinstance(value, str):
            if ILLEGAL_CHARACTERS_RE.search(value):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            value = _fitted(value)
            if value.startswith(FORMULA_STARTS) or value in ERROR_CODES:
                out.append(_cell(worksheet, value))
                continue
        elif isinstance(value, datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        out.append(value)
    return out


def _cell(worksheet: WriteOnlyWorksheet, value: Value) -> Cell:
    cell = WriteOnlyCell(worksheet)
    _set(cell, value)
    return cell


def _set(cell: Cell, value: Value) -> None:
    if isinstance(value, str):
        text = _fitted(ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.value = text
        # Assigning a string that starts with "=" makes openpyxl store a formula, and one
        # like "#N/A" an error value: undo that.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
        return
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    cell.value = value


def _fitted(text: str) -> str:
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def _width(rows: Sequence[Sequence[Value]], index: int) -> float:
    longest = max(
        (len(_shown(row[index])) for row in rows if index < len(row)),
        default=0,
    )
    return float(min(MAX_COLUMN_WIDTH, max(MIN_COLUMN_WIDTH, longest + 2)))


def _shown(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return max(str(value).split("\n"), key=len)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip().strip("'")
    return (cleaned or "Sheet")[:SHEET_TITLE_LIMIT]


def _unique(title: str, used: set[str]) -> str:
    candidate, n = title, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = title[: SHEET_TITLE_LIMIT - len(suffix)] + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate
