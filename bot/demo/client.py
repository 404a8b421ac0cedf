"""People who talk to a running bot through the Bot API double, and the transcript of it.

The bot is its own process polling the double; a person's message or press becomes an update
the double hands out with getUpdates. After each one the world waits until the bot has
answered and fallen quiet, then writes down what every chat got: new messages, edits, the
buttons under them, toasts, and the files (saved into the output folder).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.demo.double import BotAPIDouble
from bot.i18n import Translator

# How long the bot must be silent after its last request before a step is over.
QUIET = 0.12
STEP_TIMEOUT = 20.0
INDENT = "    "


@dataclass(frozen=True)
class Seen:
    """A message as a person sees it."""

    raw: dict[str, Any]

    @property
    def text(self) -> str:
        return self.raw.get("text") or self.raw.get("caption") or ""

    @property
    def rows(self) -> list[list[dict[str, Any]]]:
        markup = self.raw.get("reply_markup") or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b if isinstance(b, dict) else {"text": str(b)} for b in row] for row in rows]

    @property
    def buttons(self) -> list[str]:
        return [b["text"] for row in self.rows for b in row]

    @property
    def id(self) -> int:
        return int(self.raw["message_id"])

    def __contains__(self, fragment: str) -> bool:
        return fragment in self.text


def _state(message: dict[str, Any]) -> tuple[Any, ...]:
    return (message.get("text"), message.get("caption"), repr(message.get("reply_markup")))


class World:
    """The double, the people and groups in it, and the transcript being written."""

    def __init__(
        self,
        double: BotAPIDouble,
        translator: Translator,
        locale: str,
        out: TextIO,
        output: Path,
        bot_log: Path | None = None,
    ) -> None:
        self.double = double
        self.bot_log = bot_log
        self.t = translator
        self.locale = locale
        self.out = out
        self.output = output
        self.names: dict[int, str] = {}
        self.files: list[Path] = []
        self._seen: dict[int, dict[int, tuple[Any, ...]]] = {}
        self._answers = 0
        self._saved: set[str] = set()
        self._ids = itertools.count(5_000_001)
        self._group_ids = itertools.count(4_000_000_001)
        self.callback_owner: dict[str, int] = {}

    # -- the text of the demo itself

    def say(self, key: str, **kwargs: Any) -> str:
        return self.t(key, locale=self.locale, **kwargs)

    def scene(self, number: int, key: str) -> None:
        title = self.say(key)
        self.write("")
        self.write(f"── {self.say('demo-scene', number=number)}. {title} ──")

    def note(self, key: str, **kwargs: Any) -> None:
        self.write(f"  ℹ️ {self.say(key, **kwargs)}")

    def write(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    # -- people and groups

    def person(self, first_name: str, last_name: str, role: str, *, user_id: int | None = None):
        uid = user_id or next(self._ids)
        person = Person(self, uid, first_name, last_name, role)
        self.names[uid] = f"{first_name} {last_name} ({role})"
        self._seen.setdefault(uid, {})
        return person

    def group(self, title: str) -> Group:
        chat_id = -next(self._group_ids)
        self.double.add_group(chat_id, title)
        self.names[chat_id] = self.say("demo-group", title=title)
        self._seen.setdefault(chat_id, {})
        return Group(self, chat_id, title)

    # -- the bot's side

    async def play(self, update: dict[str, Any], *, quiet: float = QUIET) -> None:
        """Hand the update to the bot, wait until it has answered, write what changed."""
        start = len(self.double.requests)
        self.double.enqueue(update)
        await self.settle(start, update, quiet=quiet)
        self.report()

    async def settle(
        self, start: int, update: dict[str, Any] | None = None, *, quiet: float = QUIET
    ) -> None:
        """Wait until the bot has taken ``update``, made a request and then stayed quiet; with
        the bot's log, also until the log says the update was handled (a busy machine can
        pause the bot between the button's answer and its message for longer than ``quiet``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_TIMEOUT
        while loop.time() < deadline:
            taken = update is None or all(u is not update for u in self.double.pending_updates())
            answers = [r for r in self.double.requests[start:] if r.method.lower() != "getupdates"]
            if taken and answers and self._handled(update):
                last = max(max(r.at, r.answered_at) for r in answers)
                if time.monotonic() - last >= quiet:
                    return
            await asyncio.sleep(0.02)

    def _handled(self, update: dict[str, Any] | None) -> bool:
        if update is None or self.bot_log is None:
            return True
        # aiogram logs "Update id=N is handled" or "is not handled" when it is done with one
        return f"Update id={update['update_id']} is " in self.bot_log.read_text(errors="replace")

    async def wait(self, predicate: Callable[[], bool], timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Wait for something the bot does on its own (deliveries, reminders); write it."""
        await self.double.wait_for(predicate, timeout=timeout)
        await self.settle(len(self.double.requests) - 1)
        self.report()

    def report(self) -> None:
        """Write every change since the last report: chat by chat, then the toasts."""
        for chat_id, seen in self._seen.items():
            lines: list[str] = []
            for message in self.double.messages(chat_id):
                state = _state(message)
                before = seen.get(message["message_id"])
                if before == state:
                    continue
                seen[message["message_id"]] = state
                lines.extend(self._message_lines(Seen(message), edited=before is not None))
            if lines:
                self.write(f"  🤖 → {self.names.get(chat_id, str(chat_id))}:")
                for line in lines:
                    self.write(line)
        answers = self.double.callback_answers()
        for answer in answers[self._answers :]:
            if answer.get("text"):
                kind = "demo-alert" if answer.get("show_alert") else "demo-toast"
                self.write(f"  💬 {self.say(kind)}: {answer['text']}")
        self._answers = len(answers)

    def _message_lines(self, seen: Seen, *, edited: bool) -> list[str]:
        mark = f"✏️ ({self.say('demo-edited')}) " if edited else ""
        text = seen.text or ""
        lines = text.splitlines() or [""]
        out = [f"{INDENT}• {mark}{lines[0]}"] + [f"{INDENT}  {line}" for line in lines[1:]]
        for row in seen.rows:
            out.append(INDENT + "  " + " ".join(f"[{b['text']}]" for b in row))
        saved = self._save(seen.raw)
        if saved is not None:
            out.append(f"{INDENT}  📎 {saved.name} → {saved}")
        return out

    def _save(self, raw: dict[str, Any]) -> Path | None:
        if raw.get("document"):
            media = raw["document"]
            name = media.get("file_name") or "file"
        elif raw.get("photo"):
            media = raw["photo"][-1]
            name = f"{self.next_picture}.png"
        else:
            return None
        if media["file_unique_id"] in self._saved:
            return None
        self._saved.add(media["file_unique_id"])
        self.output.mkdir(parents=True, exist_ok=True)
        safe = Path(_safe(name))
        path = self.output / safe
        for n in itertools.count(2):
            if path not in self.files:
                break
            path = self.output / f"{safe.stem}-{n}{safe.suffix}"
        path.write_bytes(self.double.file_bytes(media["file_id"]))
        self.files.append(path)
        return path

    next_picture = "picture"


def _read(path: Path) -> bytes:
    return path.read_bytes()  # a small sample file of the package


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name).strip("._") or "file"


class Person:
    """A Telegram user: writes to the bot, presses buttons, sends files."""

    def __init__(
        self, world: World, user_id: int, first_name: str, last_name: str, role: str
    ) -> None:
        self.w = world
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.user = world.double.add_user(
            user_id, first_name, last_name=last_name, language_code=world.locale
        )

    @property
    def name(self) -> str:
        return self.w.names[self.id]

    def t(self, key: str, **kwargs: Any) -> str:
        """A text of the bot in this person's language (to find a button by its label)."""
        return self.w.t(key, locale=self.w.locale, **kwargs)

    async def send(self, text: str, *, quiet: float = QUIET) -> list[Seen]:
        self.w.write(f"👤 {self.name}: {text}")
        return await self._play(self.w.double.message_update(self.id, text), quiet=quiet)

    async def send_document(self, path: Path, *, quiet: float = QUIET) -> list[Seen]:
        self.w.write(f"👤 {self.name}: 📎 {path.name}")
        document = (path.name, _read(path), "application/octet-stream")
        return await self._play(
            self.w.double.message_update(self.id, document=document), quiet=quiet
        )

    async def press(
        self, label: str, message: Seen | None = None, *, quiet: float = QUIET
    ) -> list[Seen]:
        """Press the button ``label`` of ``message`` (default: the newest message that has it);
        a reply-keyboard button sends its text, as in Telegram."""
        return await self._press(self.id, label, message, quiet=quiet)

    async def send_in(self, group: Group, text: str) -> list[Seen]:
        self.w.write(f"👤 {self.name} → {self.w.names[group.id]}: {text}")
        before = {m["message_id"] for m in self.w.double.messages(group.id)}
        await self.w.play(self.w.double.message_update(self.id, text, chat_id=group.id))
        return [Seen(m) for m in self.w.double.messages(group.id) if m["message_id"] not in before]

    async def press_in(self, group: Group, label: str) -> list[Seen]:
        return await self._press(group.id, label, None)

    def messages(self) -> list[Seen]:
        return [Seen(m) for m in self.w.double.messages(self.id)]

    def last(self) -> Seen:
        return self.messages()[-1]

    def got(self, fragment: str) -> bool:
        return any(fragment in m.text for m in self.messages())

    async def _press(
        self, chat_id: int, label: str, message: Seen | None, *, quiet: float = QUIET
    ) -> list[Seen]:
        where = "" if chat_id == self.id else f" → {self.w.names[chat_id]}"
        candidates = (
            [message] if message else [Seen(m) for m in reversed(self.w.double.messages(chat_id))]
        )
        for seen in candidates:
            for row in seen.rows:
                for button in row:
                    if button.get("text") != label:
                        continue
                    self.w.write(f"👤 {self.name}{where}: [{label}]")
                    if "callback_data" in button:
                        update = self.w.double.callback_update(
                            self.id, seen.raw, button["callback_data"]
                        )
                        self.w.callback_owner[update["callback_query"]["id"]] = self.id
                    else:
                        update = self.w.double.message_update(self.id, label, chat_id=chat_id)
                    return await self._play(update, chat_id=chat_id, quiet=quiet)
        shown = [s.buttons for s in candidates[:3]]
        raise DemoError(f"{self.name}: no button {label!r}; recent buttons: {shown}")

    async def _play(
        self, update: dict[str, Any], *, chat_id: int | None = None, quiet: float = QUIET
    ) -> list[Seen]:
        chat = chat_id or self.id
        before = {m["message_id"] for m in self.w.double.messages(chat)}
        await self.w.play(update, quiet=quiet)
        return [Seen(m) for m in self.w.double.messages(chat) if m["message_id"] not in before]


class Group:
    def __init__(self, world: World, chat_id: int, title: str) -> None:
        self.w = world
        self.id = chat_id
        self.title = title

    async def add_bot(self, by: Person) -> None:
        self.w.write(f"👤 {by.name}: {self.w.say('demo-adds-bot', title=self.title)}")
        await self.w.play(self.w.double.my_chat_member_update(self.id, by.id, "member", "left"))

    def join(self, person: Person) -> None:
        self.w.double.chat_member_add(self.id, person.id)

    def messages(self) -> list[Seen]:
        return [Seen(m) for m in self.w.double.messages(self.id)]


class DemoError(Exception):
    """The story could not go on: the bot did not show what a person expected."""


@contextlib.contextmanager
def picture_name(world: World, name: str) -> Iterator[None]:
    """Pictures the bot sends meanwhile are saved as ``name``.png."""
    world.next_picture = name
    try:
        yield
    finally:
        world.next_picture = "picture"
