"""People, groups and a clock for tests: the bot is driven the way Telegram drives it.

Updates go through the real Dispatcher (``feed_raw_update``); everything the bot sends goes
through its real aiohttp session to the Bot API double, where the tests read it back.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher

from bot.factory import Runtime
from tests.botapi import BotAPIDouble

_ids = itertools.count(5_000_001)
_group_ids = itertools.count(1)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment


@dataclass(frozen=True)
class Seen:
    """A message as the person sees it."""

    raw: dict[str, Any]

    @property
    def text(self) -> str:
        return self.raw.get("text") or self.raw.get("caption") or ""

    @property
    def buttons(self) -> list[str]:
        markup = self.raw.get("reply_markup") or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [b["text"] if isinstance(b, dict) else str(b) for row in rows for b in row]

    @property
    def message_id(self) -> int:
        return int(self.raw["message_id"])

    def __contains__(self, fragment: str) -> bool:
        return fragment in self.text


class Harness:
    """One running bot (dispatcher, bot, database) and the double it talks to."""

    def __init__(self, runtime: Runtime, double: BotAPIDouble, clock: FakeClock) -> None:
        self.runtime = runtime
        self.double = double
        self.clock = clock

    @property
    def dp(self) -> Dispatcher:
        return self.runtime.dispatcher

    @property
    def bot(self) -> Bot:
        return self.runtime.bot

    async def feed(self, update: dict[str, Any]) -> None:
        await self.dp.feed_raw_update(self.bot, update)

    def person(
        self,
        first_name: str = "Анна",
        last_name: str | None = "Петрова",
        *,
        user_id: int | None = None,
        language_code: str | None = "ru",
    ) -> Person:
        return Person(self, user_id or next(_ids), first_name, last_name, language_code)

    def group(self, title: str = "Руководители ШМО", *, supergroup: bool = False) -> Group:
        chat_id = (
            -(4_000_000_000 + next(_group_ids))
            if not supergroup
            else -(1_000_000_000_000 + next(_group_ids))
        )
        self.double.add_group(chat_id, title, supergroup=supergroup)
        return Group(self, chat_id, title)


class Person:
    """A Telegram user talking to the bot in a private chat (and in groups)."""

    def __init__(
        self,
        harness: Harness,
        user_id: int,
        first_name: str,
        last_name: str | None,
        language_code: str | None,
    ) -> None:
        self.h = harness
        self.id = user_id
        self.first_name = first_name
        self._callback_ids: set[str] = set()
        self.user = harness.double.add_user(
            user_id, first_name, last_name=last_name, language_code=language_code
        )

    async def send(self, text: str) -> list[Seen]:
        """Say ``text`` to the bot; returns what the bot said back in this chat."""
        return await self._say(self.h.double.message_update(self.id, text))

    async def send_document(
        self, source: Path | tuple[str, bytes, str], caption: str | None = None
    ) -> list[Seen]:
        if isinstance(source, Path):
            source = (source.name, source.read_bytes(), "application/octet-stream")
        return await self._say(
            self.h.double.message_update(self.id, document=source, caption=caption)
        )

    async def send_photo(self, content: bytes, caption: str | None = None) -> list[Seen]:
        return await self._say(
            self.h.double.message_update(self.id, photo=content, caption=caption)
        )

    async def press(self, button: str, message: Seen | None = None) -> list[Seen]:
        """Press the inline button labelled ``button`` on ``message`` (default: the newest one)."""
        candidates = [message] if message else list(reversed(self.messages()))
        for seen in candidates:
            for row in (seen.raw.get("reply_markup") or {}).get("inline_keyboard") or []:
                for b in row:
                    if b.get("text") == button and "callback_data" in b:
                        update = self.h.double.callback_update(
                            self.id, seen.raw, b["callback_data"]
                        )
                        self._callback_ids.add(update["callback_query"]["id"])
                        return await self._say(update)
        shown = [s.buttons for s in candidates[:3]]
        raise AssertionError(f"no button {button!r}; recent buttons: {shown}")

    async def send_in(self, group: Group, text: str) -> list[Seen]:
        """Say ``text`` in a group chat; returns what the bot said there."""
        before = len(self.h.double.messages(group.id))
        await self.h.feed(self.h.double.message_update(self.id, text, chat_id=group.id))
        return [Seen(m) for m in self.h.double.messages(group.id)[before:]]

    async def _say(self, update: dict[str, Any]) -> list[Seen]:
        before = {m["message_id"] for m in self.h.double.messages(self.id)}
        await self.h.feed(update)
        return [Seen(m) for m in self.h.double.messages(self.id) if m["message_id"] not in before]

    def messages(self) -> list[Seen]:
        """Everything the bot has said to this person, edits applied."""
        return [Seen(m) for m in self.h.double.messages(self.id)]

    def last(self) -> Seen:
        messages = self.h.double.messages(self.id)
        assert messages, f"the bot has said nothing to {self.first_name}"
        return Seen(messages[-1])

    def alerts(self) -> list[str]:
        """Texts the bot showed as callback answers (toasts and alerts) to this person."""
        return [
            a.get("text") or ""
            for a in self.h.double.callback_answers()
            if a.get("callback_query_id") in self._callback_ids
        ]


class Group:
    def __init__(self, harness: Harness, chat_id: int, title: str) -> None:
        self.h = harness
        self.id = chat_id
        self.title = title

    async def add_bot(self, by: Person, status: str = "member") -> None:
        await self.h.feed(self.h.double.my_chat_member_update(self.id, by.id, status, "left"))

    async def remove_bot(self, by: Person) -> None:
        await self.h.feed(self.h.double.my_chat_member_update(self.id, by.id, "left", "member"))

    async def migrate(self, by: Person) -> Group:
        new_id = -(1_000_000_000_000 + next(_group_ids))
        for update in self.h.double.migrate_group(self.id, new_id):
            await self.h.feed(update)
        return Group(self.h, new_id, self.title)

    def messages(self) -> list[Seen]:
        return [Seen(m) for m in self.h.double.messages(self.id)]
