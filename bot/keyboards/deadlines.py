"""Buttons of deadlines: a person's list and card with «Сдать», the staff's status card.

Pushed announcements and reminders carry raw data ``dls:<deadline id>`` (open the person's
card for handing in) and ``dlc:<deadline id>`` (the staff's status card); a card shown in the
chat uses the same strings, so one handler answers both.
"""

from __future__ import annotations

SUBMIT = "dls"
STATUS = "dlc"
