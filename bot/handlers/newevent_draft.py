"""The /newevent wizard's typed draft and the words it shows about it."""

from __future__ import annotations

from typing import Any

from bot.handlers.ui.draft import WizardDraft
from bot.i18n import Gettext, enum_key
from bot.services.audience import Audience, Reach
from bot.services.events import DEFAULT_REMINDERS, REMINDER_CHOICES, Competence, EventDraft


def blank_draft(audience: Audience) -> dict[str, Any]:
    """An empty draft in the shape of ``EventDraft.to_json()``."""
    return {
        "kind": None,
        "title": None,
        "starts_at": None,
        "ends_at": None,
        "all_day": False,
        "place": None,
        "link": None,
        "description": None,
        "competences": [],
        "audience": audience.to_json(),
        "reminder_minutes": list(DEFAULT_REMINDERS),
        "attachment_ref": None,
        "attachment_kind": None,
        "association_id": None,
    }


class Draft(WizardDraft):
    """The dialog's data. ``heads``: the associations a head may hold meetings for (empty for
    a methodologist); ``ready``: the preview was shown once, so a changed field goes back to
    it; ``reach``: the reach at the last check (people, unreachable, groups)."""

    blank = staticmethod(blank_draft)

    def complete(self) -> EventDraft:
        return EventDraft.from_json(self.draft)


# ---------------------------------------------------------------------- words


def reach_line(reach: Reach, i18n: Gettext) -> str:
    return i18n(
        "announce-reach",
        people=i18n("announce-people", count=reach.people),
        unreachable=reach.unreachable,
        groups=i18n("announce-group-count", count=reach.groups),
    )


def reminders_words(minutes: list[int], i18n: Gettext) -> str:
    chosen = [m for m in REMINDER_CHOICES if m in minutes]
    if not chosen:
        return i18n("newevent-reminders-none")
    return ", ".join(i18n(f"newevent-reminder-{m}") for m in chosen)


def competence_words(values: list[str], i18n: Gettext) -> str:
    if not values:
        return i18n("newevent-competences-none")
    return ", ".join(i18n(enum_key("competence", Competence(v))) for v in values)
