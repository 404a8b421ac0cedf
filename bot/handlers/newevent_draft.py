"""The /newevent wizard's typed draft and the words it shows about it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

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


@dataclass
class Draft:
    """The dialog's data. ``heads``: the associations a head may hold meetings for (empty for
    a methodologist); ``ready``: the preview was shown once, so a changed field goes back to
    it; ``reach``: the reach at the last check (people, unreachable, groups)."""

    w: int
    draft: dict[str, Any]
    heads: list[int] = field(default_factory=list)
    ready: bool = False
    reach: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, data: dict[str, Any]) -> Draft:
        return cls(
            w=int(data.get("w", 0)),
            draft=dict(data.get("draft") or blank_draft(Audience())),
            heads=[int(a) for a in data.get("heads", ())],
            ready=bool(data.get("ready")),
            reach=[int(n) for n in data.get("reach", ())],
        )

    def dump(self) -> dict[str, Any]:
        return {
            "w": self.w,
            "draft": self.draft,
            "heads": self.heads,
            "ready": self.ready,
            "reach": self.reach,
        }

    @property
    def head(self) -> bool:
        return bool(self.heads)

    @property
    def audience(self) -> Audience:
        return Audience.from_json(self.draft["audience"])

    def with_audience(self, audience: Audience) -> Draft:
        return replace(self, draft={**self.draft, "audience": audience.to_json()})

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
