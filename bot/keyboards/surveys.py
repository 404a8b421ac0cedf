"""Buttons of surveys. Pushed invitations and reminders carry raw data ``sva:<deadline id>``
(answer the survey behind that deadline, or go on where one stopped)."""

from __future__ import annotations

ANSWER = "sva"
