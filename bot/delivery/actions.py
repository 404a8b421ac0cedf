"""Buttons of pushed messages, as neutral data that any messenger adapter can turn into its own.

A stored button is ``{"text": …, "action": …}`` with an ``id`` when the action is about one
object: ``{"text": "Приду", "action": "event.coming", "id": 42}``. The core never spells how a
messenger carries a press (callback strings) or a link to the bot; the adapter does.
"""

from __future__ import annotations

import enum
from typing import Any


class Action(enum.StrEnum):
    EVENT_COMING = "event.coming"
    EVENT_NOT_COMING = "event.not_coming"
    EVENT_CALENDAR = "event.calendar"
    # A link that opens the bot on the event's card (a deep link), for group members.
    EVENT_SIGN_UP = "event.signup"
    PROFILE_CONFIRM = "profile.confirm"
    PROFILE_EDIT = "profile.edit"
    BROADCAST_MISSED = "broadcast.missed"
    BROADCAST_ORGANISATIONS = "broadcast.organisations"
    # A deadline: hand in for it (the person's card with «Сдать»); its status card for staff.
    DEADLINE_SUBMIT = "deadline.submit"
    DEADLINE_STATUS = "deadline.status"
    # A survey (by its deadline's id): answer it, or go on where one stopped.
    SURVEY_ANSWER = "survey.answer"


def button(text: str, action: Action, object_id: int | None = None) -> dict[str, Any]:
    """One button as stored with the content."""
    data: dict[str, Any] = {"text": text, "action": action.value}
    if object_id is not None:
        data["id"] = object_id
    return data
