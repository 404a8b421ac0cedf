"""Files the bot hands out: every export is built here, through one writer per format.

``xlsx`` (spreadsheets), ``ics`` (calendar files), ``docx`` (Word documents from a template)
and ``charts`` (PNG images). The last two load heavy libraries, so import them by module.
"""

from __future__ import annotations

from bot.services.exports.ics import event_ics
from bot.services.exports.xlsx import Book, Sheet, write_xlsx

__all__ = ["Book", "Sheet", "event_ics", "write_xlsx"]
