"""Neutral actions of pushed messages (bot.delivery.actions) as Telegram buttons.

Presses come back as the callback data the handlers already read (RSVP ``evy:<id>`` …, the
profile's ``Me`` data, the report's ``bcm:<id>`` / ``bco:<id>``); the sign-up button is a deep
link to the bot, whose username the adapter learns once at start-up. Buttons stored before
actions existed (with ``callback_data`` or ``url``) are passed on as they are.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.delivery.actions import Action
from bot.keyboards import deadlines as deadline_keys
from bot.keyboards import events as event_keys
from bot.keyboards import surveys as survey_keys
from bot.keyboards.people import Me

# Callback data of a delivery report's buttons; the broadcasts handlers read the same prefixes.
MISSED_PREFIX = "bcm"
ORGS_PREFIX = "bco"
# The payload of ``/start`` that opens an event's card.
EVENT_DEEP_LINK = "ev_"


class UnknownAction(ValueError):
    pass


def needs_username(buttons: list[Any]) -> bool:
    """Whether turning ``buttons`` into Telegram's needs the bot's username (a deep link)."""
    return any(b.get("action") == Action.EVENT_SIGN_UP for row in buttons for b in row)


def telegram_button(button: dict[str, Any], bot_username: str | None) -> InlineKeyboardButton:
    action = button.get("action")
    if action is None:  # stored before actions: already Telegram's shape
        return InlineKeyboardButton(**button)
    text = button["text"]
    ident = int(button.get("id") or 0)
    if action == Action.EVENT_SIGN_UP:
        if not bot_username:
            raise UnknownAction("a deep link needs the bot's username")
        return InlineKeyboardButton(
            text=text, url=f"https://t.me/{bot_username}?start={EVENT_DEEP_LINK}{ident}"
        )
    callbacks = {
        Action.EVENT_COMING: f"{event_keys.COMING}:{ident}",
        Action.EVENT_NOT_COMING: f"{event_keys.NOT_COMING}:{ident}",
        Action.EVENT_CALENDAR: f"{event_keys.CALENDAR}:{ident}",
        Action.PROFILE_CONFIRM: Me(action="ok").pack(),
        Action.PROFILE_EDIT: Me(action="edit").pack(),
        Action.BROADCAST_MISSED: f"{MISSED_PREFIX}:{ident}",
        Action.BROADCAST_ORGANISATIONS: f"{ORGS_PREFIX}:{ident}",
        Action.DEADLINE_SUBMIT: f"{deadline_keys.SUBMIT}:{ident}",
        Action.DEADLINE_STATUS: f"{deadline_keys.STATUS}:{ident}",
        Action.SURVEY_ANSWER: f"{survey_keys.ANSWER}:{ident}",
    }
    try:
        data = callbacks[Action(action)]
    except ValueError as exc:
        raise UnknownAction(str(action)) from exc
    return InlineKeyboardButton(text=text, callback_data=data)


def markup(buttons: list[Any], bot_username: str | None = None) -> InlineKeyboardMarkup | None:
    """Telegram's keyboard for stored buttons (None when there are none)."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[[telegram_button(b, bot_username) for b in row] for row in buttons]
    )
