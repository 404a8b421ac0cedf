"""Files the bot hands out: every export is built here, through one writer per format."""

from __future__ import annotations

from bot.services.exports.xlsx import Sheet, write_xlsx

__all__ = ["Sheet", "write_xlsx"]
