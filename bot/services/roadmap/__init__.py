"""Roadmap import, the part that needs neither the database nor the messenger.

A roadmap file is read into rows (:mod:`.table`), each row's term is parsed (:mod:`.terms`)
and the unit it is due from is proposed (:mod:`.units`). :func:`plan_rows` puts the three
together; :func:`row_key` names a row so that importing the same file twice finds the rows
it already holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from bot.services.roadmap.table import MAX_ROWS, RoadmapError, Row, Table, read_table
from bot.services.roadmap.terms import Recurrence, Term, TermKind, parse_term
from bot.services.roadmap.units import Unit, propose_unit
from bot.services.tables import name_key

__all__ = [
    "MAX_ROWS",
    "PlannedRow",
    "Recurrence",
    "RoadmapError",
    "Row",
    "Table",
    "Term",
    "TermKind",
    "Unit",
    "parse_term",
    "plan_rows",
    "propose_unit",
    "read_table",
    "row_key",
]


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A roadmap row with its parsed term, the proposed unit and its stable key."""

    row: Row
    term: Term
    unit: Unit
    key: str


def row_key(row: Row) -> str:
    """A stable name of the row: a hash of its section, activity and term.

    Compared as :func:`bot.services.tables.name_key` (case, spacing and quotes ignored), so
    the same file saved again, or as CSV instead of XLSX, gives the same keys. The row's
    number and «№» are left out: inserting a row above does not rename the rest.
    """
    parts = (row.section or "", row.activity, row.term)
    text = "\x1f".join(name_key(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def plan_rows(table: Table, plan_year: int) -> list[PlannedRow]:
    """Each row of the table with its term read for the academic year ``plan_year``."""
    return [_planned(row, plan_year) for row in table.rows]


def _planned(row: Row, plan_year: int) -> PlannedRow:
    term = parse_term(row.term, plan_year)
    return PlannedRow(row, term, propose_unit(row.responsible), row_key(row))
