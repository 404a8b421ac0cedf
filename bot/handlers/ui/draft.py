"""A wizard's dialog data around its draft: the draft itself (the service's draft as JSON),
the wizard's id, the associations a head may act for, whether the preview was reached and
the reach it showed. Each wizard subclasses it with its own blank draft."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Self

from bot.services.audience import Audience


@dataclass
class WizardDraft:
    """``w``: the wizard (its first message's id); ``heads``: the associations a head may act
    for (empty for staff); ``ready``: the preview was shown once, so a changed field goes back
    to it; ``reach``: the figures of the last preview."""

    # The wizard's empty draft for an audience (the shape of its service draft's to_json()).
    blank: ClassVar[Callable[[Audience], dict[str, Any]]]

    w: int
    draft: dict[str, Any]
    heads: list[int] = field(default_factory=list)
    ready: bool = False
    reach: list[int] = field(default_factory=list)

    @classmethod
    def load(cls, data: dict[str, Any]) -> Self:
        # A deep copy: the dialog state's row holds the same lists and dicts, and a change
        # made in place would make the row look unchanged, so it would never be written.
        return cls(
            w=int(data.get("w", 0)),
            draft=copy.deepcopy(dict(data.get("draft") or cls.blank(Audience()))),
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

    def with_audience(self, audience: Audience) -> Self:
        return replace(self, draft={**self.draft, "audience": audience.to_json()})
