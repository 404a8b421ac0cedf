"""What the sender needs from a messenger, and what a messenger can answer.

The Telegram adapter (``bot.telegram_transport``) implements it; the sender knows nothing
of Telegram, so another messenger is another transport.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.storage.outbox import ContentData


@dataclass(frozen=True, slots=True)
class Delivered:
    message_id: int


@dataclass(frozen=True, slots=True)
class RetryAfter:
    """The messenger asks everyone to wait (Telegram's 429)."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Unreachable:
    """The person blocked the bot, or the bot is no longer in the group."""

    reason: str


@dataclass(frozen=True, slots=True)
class Moved:
    """The group became a supergroup with a new id."""

    new_chat_id: int


@dataclass(frozen=True, slots=True)
class Transient:
    """Worth another try later: network trouble, a server error."""

    reason: str


@dataclass(frozen=True, slots=True)
class Rejected:
    """Will never work as it is (a bad request): recorded as failed."""

    reason: str


SendResult = Delivered | RetryAfter | Unreachable | Moved | Transient | Rejected


class Transport(Protocol):
    async def send(self, chat_id: int, content: ContentData) -> SendResult: ...

    async def edit(
        self, chat_id: int, message_id: int, text: str, buttons: list[Any]
    ) -> SendResult: ...
