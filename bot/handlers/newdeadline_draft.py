"""The /newdeadline wizard's typed draft and the words it shows about it."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from bot.handlers.ui.draft import WizardDraft
from bot.i18n import Gettext
from bot.keyboards.newdeadline import MONTH_ORDER
from bot.services.audience import Audience
from bot.services.deadlines import (
    DEFAULT_REMINDER_DAYS,
    DEFAULT_REMINDER_TIME,
    DeadlineDraft,
    Preview,
)
from bot.storage.models import DeadlineUnit, Recurrence

NAMES_SHOWN = 20  # the units nobody can act for, named in the preview


def blank_draft(audience: Audience) -> dict[str, Any]:
    """An empty draft in the shape of ``DeadlineDraft.to_json()``."""
    return {
        "title": None,
        "kind": None,
        "unit": None,
        "due_at": None,
        "audience": audience.to_json(),
        "recurrence": Recurrence.ONCE.value,
        "months": [],
        "reminder_days": list(DEFAULT_REMINDER_DAYS),
        "reminder_time": DEFAULT_REMINDER_TIME,
        "description": None,
        "attachment_ref": None,
        "attachment_kind": None,
        "section": None,
        "association_id": None,
    }


class Draft(WizardDraft):
    """The dialog's data. ``heads``: the associations a head may set deadlines for (empty
    for a methodologist or a coordinator); ``ready``: the preview was reached once, so a
    changed field goes back to it; ``reach``: units and people at the last preview."""

    blank = staticmethod(blank_draft)

    @property
    def recurrence(self) -> Recurrence:
        return Recurrence(self.draft.get("recurrence") or Recurrence.ONCE)

    @property
    def due_at(self) -> datetime | None:
        raw = self.draft.get("due_at")
        return datetime.fromisoformat(raw) if raw else None

    def complete(self) -> DeadlineDraft:
        """The draft for the service (every step before the due date answered)."""
        return DeadlineDraft.from_json(self.draft)


# ---------------------------------------------------------------------- words


def units_words(unit: DeadlineUnit, count: int, i18n: Gettext) -> str:
    """«3 организации», «1 объединение», «12 человек»."""
    return i18n(f"newdeadline-units-{unit.value}", count=count)


def reach_line(unit: DeadlineUnit, units: int, people: int, i18n: Gettext) -> str:
    return i18n(
        "newdeadline-reach",
        units=units_words(unit, units, i18n),
        people=i18n("people", count=people),
    )


def reminders_words(days: list[int] | tuple[int, ...], at: str, i18n: Gettext) -> str:
    """«за 7 дней, за 3 дня, за 1 день и в день срока, в 09:00»."""
    if not days:
        return i18n("newdeadline-reminders-none")
    parts = [
        i18n("newdeadline-reminder-on-day")
        if d == 0
        else i18n("newdeadline-reminder-before", count=d)
        for d in sorted(set(days), reverse=True)
    ]
    return i18n("newdeadline-reminders", days=", ".join(parts), at=at)


def months_words(months: list[int] | tuple[int, ...], i18n: Gettext) -> str:
    chosen = [m for m in MONTH_ORDER if m in months]
    return ", ".join(i18n(f"newdeadline-month-{m}") for m in chosen)


def lonely_line(unit: DeadlineUnit, preview: Preview, i18n: Gettext) -> str:
    """The units nobody can act for, named (up to NAMES_SHOWN), and what that means."""
    names = "; ".join(escape(name) for name in preview.lonely[:NAMES_SHOWN])
    more = preview.lonely_count - min(len(preview.lonely), NAMES_SHOWN)
    if more > 0:
        names = i18n("newdeadline-names-more", names=names, count=more)
    return i18n(
        "newdeadline-preview-lonely",
        unit=unit.value,
        count=preview.lonely_count,
        names=names,
    )
