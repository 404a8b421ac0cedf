"""Tables that people send: CSV or XLSX bytes become numbered rows of text.

Nothing here knows the messenger or the database. CSV may come in UTF-8 (with or without a
BOM), UTF-16 with a BOM, or Windows-1251 (what Russian Excel writes), separated by ``;``,
``,`` or tabs. An XLSX sheet may carry title rows above its header: the header is found by
its column names. Column names are compared in a Latin transliteration, so this module holds
no Cyrillic and still understands the Russian "subject area" header as ``predmetnaya oblast``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from bot.services.errors import DomainError

MAX_FILE_BYTES = 5 * 1024 * 1024
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 30
# An XLSX sheet may be formatted far below its data: this many empty rows in a row end it.
EMPTY_RUN_LIMIT = 1000

# Cyrillic letters a..ya (U+0430..U+044F) in Latin, then yo (U+0451).
_LATIN = (
    *("a", "b", "v", "g", "d", "e", "zh", "z", "i", "j", "k", "l", "m", "n", "o", "p"),
    *("r", "s", "t", "u", "f", "h", "c", "ch", "sh", "sch", "", "y", "", "e", "yu", "ya"),
)
_TRANSLIT = {0x430 + index: letters for index, letters in enumerate(_LATIN)}
_TRANSLIT[0x451] = "e"
_QUOTES = dict.fromkeys(map(ord, '\u00ab\u00bb\u201c\u201d\u201e\u201f\u2033"'), '"')
_PUNCTUATION = re.compile(r"[^\w\s]+")


class TableError(DomainError):
    """The file cannot be read as the expected table."""


def clean_text(value: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped."""
    return " ".join(value.split())


def name_key(value: str) -> str:
    """What two names must share to be the same: case, spacing and «»/"" quotes ignored."""
    return clean_text(value).translate(_QUOTES).casefold().replace("\u0451", "\u0435")


def latin(value: str) -> str:
    """Lower-case Latin transliteration with quotes unified and spacing collapsed."""
    return name_key(value).translate(_TRANSLIT)


def words(value: str) -> str:
    """Transliterated, punctuation dropped: what a header or a level word is compared by."""
    return clean_text(_PUNCTUATION.sub(" ", latin(value)))


@dataclass(frozen=True, slots=True)
class Column:
    """A column the table must (or may) have, known by any of ``names`` (as :func:`words`)."""

    key: str
    names: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its number as a spreadsheet shows it, and its cells by column key."""

    number: int
    cells: dict[str, str]


def read_table(
    file_name: str, content: bytes, columns: Sequence[Column], *, max_rows: int
) -> list[Row]:
    """The data rows under the header, empty rows left out.

    Raises :class:`TableError` with the text keys ``registry-file-too-big``,
    ``registry-file-type``, ``registry-file-unreadable``, ``registry-file-columns``,
    ``registry-file-empty`` and ``registry-file-too-many-rows``.
    """
    for rows in readings(file_name, content):
        found = _rows_under_header(rows, columns, max_rows=max_rows)
        if found is not None:
            if not found:
                raise TableError("registry-file-empty")
            return found
    raise TableError("registry-file-columns")


def readings(
    file_name: str,
    content: bytes,
    *,
    suffixes: Sequence[str] = CSV_SUFFIXES + XLSX_SUFFIXES,
    keep_lines: bool = False,
) -> Iterable[Iterator[tuple[int, list[str]]]]:
    """Each way the file may be read as (row number, cell texts), the likeliest first.

    One reading for XLSX (the first sheet); one per separator for CSV. A row's number is the
    line (or sheet row) it starts on. Cells are stripped and their whitespace collapsed; with
    ``keep_lines`` a cell keeps its line breaks (each line collapsed, empty lines dropped).
    Raises :class:`TableError` with ``registry-file-too-big``, ``registry-file-type``,
    ``registry-file-unreadable`` or ``registry-file-empty``.
    """
    if len(content) > MAX_FILE_BYTES:
        raise TableError("registry-file-too-big", limit=MAX_FILE_BYTES // (1024 * 1024))
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in suffixes:
        raise TableError("registry-file-type")
    if suffix in XLSX_SUFFIXES:
        return [_xlsx_rows(content, keep_lines)]
    text = _decode(content)
    return (_csv_rows(text, delimiter, keep_lines) for delimiter in _delimiters(text))


def clean_cell(value: str, keep_lines: bool = False) -> str:
    """A cell's text: collapsed to one line, or (``keep_lines``) each line collapsed."""
    if not keep_lines:
        return clean_text(value)
    return "\n".join(line for line in map(clean_text, value.splitlines()) if line)


def _decode(content: bytes) -> str:
    if not content.strip():
        raise TableError("registry-file-empty")
    try:
        if content.startswith(codecs.BOM_UTF8):
            text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
        elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = content.decode("utf-16")
        elif b"\x00" in content:
            raise TableError("registry-file-unreadable")
        else:
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:
                text = content.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise TableError("registry-file-unreadable") from exc
    if any(ch < " " and ch not in "\t\r\n" for ch in text):
        raise TableError("registry-file-unreadable")
    return text


def _delimiters(text: str) -> list[str]:
    """Separators to try, the likeliest first (the one a typical line holds most of)."""
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    options = [";", ",", "\t"]
    return sorted(options, key=lambda d: -max((line.count(d) for line in lines), default=0))


def _csv_rows(text: str, delimiter: str, keep_lines: bool) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        first_line = 1
        for cells in reader:
            yield first_line, [clean_cell(cell, keep_lines) for cell in cells]
            first_line = reader.line_num + 1
    except csv.Error as exc:
        raise TableError("registry-file-unreadable") from exc


def _xlsx_rows(content: bytes, keep_lines: bool) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # not a zip, not a workbook, or openpyxl's own parser errors
        raise TableError("registry-file-unreadable") from exc
    try:
        if not book.worksheets:
            raise TableError("registry-file-empty")
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value, keep_lines) for value in values]
    except TableError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise TableError("registry-file-unreadable") from exc
    finally:
        book.close()


def _cell_text(value: object, keep_lines: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(str(value), keep_lines)


def _rows_under_header(
    rows: Iterator[tuple[int, list[str]]], columns: Sequence[Column], *, max_rows: int
) -> list[Row] | None:
    """None when no header is found in the first rows; else the data rows."""
    positions: dict[str, int] | None = None
    for seen, (_number, cells) in enumerate(rows):
        positions = _header_positions(cells, columns)
        if positions is not None:
            break
        if seen >= HEADER_SEARCH_ROWS:
            return None
    if positions is None:
        return None
    found: list[Row] = []
    empty_run = 0
    for number, cells in rows:
        values = {
            key: (cells[index] if index < len(cells) else "") for key, index in positions.items()
        }
        if not any(values.values()):
            empty_run += 1
            if empty_run >= EMPTY_RUN_LIMIT:
                break
            continue
        empty_run = 0
        if len(found) >= max_rows:
            raise TableError("registry-file-too-many-rows", limit=max_rows)
        found.append(Row(number, values))
    return found


def _header_positions(cells: list[str], columns: Sequence[Column]) -> dict[str, int] | None:
    titles = [words(cell) for cell in cells]
    positions: dict[str, int] = {}
    for column in columns:
        for index, title in enumerate(titles):
            if title in column.names:
                positions[column.key] = index
                break
        else:
            if column.required:
                return None
    return positions
