"""An in-process Telegram Bot API server: the tests and the demo talk to the bot through it.

:class:`BotAPIDouble` listens on ``127.0.0.1`` and answers ``{base}/bot{token}/{method}`` and
``{base}/file/bot{token}/{file_path}`` like ``api.telegram.org``: same JSON envelopes, HTTP
status codes and error descriptions.  A real :class:`aiogram.Bot` talks to it through
``AiohttpSession(api=TelegramAPIServer.from_base(double.base_url))``.

The test drives "the world" (users, groups, incoming updates) through plain methods and
inspects what the bot did through :attr:`BotAPIDouble.requests`, :meth:`BotAPIDouble.messages`
and friends.  Stored message dicts are never mutated after creation (an edit stores a new
dict), so snapshots taken earlier stay valid; do not mutate what you get back.

Updates reach the bot by long polling (``getUpdates``) or, once the bot has called
``setWebhook``, as webhooks: the double POSTs each queued update to the URL as Telegram does (a
JSON body, the ``X-Telegram-Bot-Api-Secret-Token`` header when a secret was given), at most
``max_connections`` at once.  A 2xx answer confirms the update; any other answer, or none, is
kept in ``getWebhookInfo``'s ``last_error_message`` and the update is posted again after
:attr:`BotAPIDouble.webhook_retry_delay`.  Meanwhile ``getUpdates`` answers 409, as Telegram
does.  Unlike Telegram, the double accepts ``http://`` URLs and any port (tests listen on
127.0.0.1).  :attr:`BotAPIDouble.webhook_deliveries` records every POST and its answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import mimetypes
import re
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote, urlsplit

import aiohttp
from aiohttp import BodyPartReader, web

from .entities import EntityParseError, LinkError, check_link, parse_text

__all__ = [
    "DEFAULT_TOKEN",
    "SECRET_HEADER",
    "ApiError",
    "BotAPIDouble",
    "Request",
    "WebhookDelivery",
]

DEFAULT_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
DOWNLOAD_LIMIT = 20 * 1024 * 1024

_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Request Entity Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"

# Update types delivered when allowed_updates was never set (or set to an empty list).
_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
_BOT_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# The header Telegram puts the webhook's secret token in.
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_INT_RE = re.compile(r"^-?\d+$")

# Parameters whose values are plain strings even when they look like JSON.
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "action",
        "language_code",
        "url",
        "photo",
        "document",
        "video",
        "audio",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
        "file_id",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "title",
        "description",
        "short_description",
        "name",
        "emoji",
        "question",
        "secret_token",
        "ip_address",
        "custom_title",
        "invite_link",
        "query",
        "payload",
    }
)
_CHAT_ID_PARAMS = frozenset({"chat_id", "from_chat_id", "sender_chat_id", "user_id"})


class ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters


@dataclass(slots=True)
class Request:
    """One HTTP request the bot made, with the answer it got."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    ok: bool = False
    result: Any = None
    error_code: int | None = None
    description: str | None = None
    parameters: dict[str, Any] | None = None
    at: float = 0.0
    # when the answer left (monotonic): ``at`` plus the latency and the handling time
    answered_at: float = 0.0


@dataclass(slots=True)
class WebhookDelivery:
    """One POST of an update to the bot's webhook, with the answer it got."""

    update_id: int
    # the HTTP status of the answer; None when there was none (refused, dropped, timed out)
    status: int | None
    error: str | None
    at: float
    answered_at: float

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(slots=True)
class _Failure:
    method: str | None
    chat_id: int | None
    error_code: int
    description: str | None
    retry_after: int | None
    migrate_to_chat_id: int | None
    remaining: int


@dataclass(slots=True)
class _User:
    info: dict[str, Any]
    started: bool = False
    blocked: bool = False


@dataclass(slots=True)
class _Chat:
    id: int
    type: str
    info: dict[str, Any]
    bot_status: str = "left"
    members: dict[int, str] = field(default_factory=dict)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    outgoing: set[int] = field(default_factory=set)
    # reply keyboards / keyboard removals / force replies the bot sent (Telegram does not echo
    # them in the Message it returns; messages() and history() show them as reply_markup)
    keyboards: dict[int, dict[str, Any]] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    next_message_id: int = 1
    migrated_to: int | None = None
    sends: deque[float] = field(default_factory=deque)


@dataclass(slots=True)
class _StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    content: bytes
    file_path: str
    media: Any  # the value of the Message field: a dict, or the PhotoSize list for photos


def _utc_now() -> int:
    return int(time.time())


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG image; a default for anything else."""
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
            width, height = struct.unpack(">II", data[16:24])
            return int(width), int(height)
        if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
            width, height = struct.unpack("<HH", data[6:10])
            return int(width), int(height)
        if data[:2] == b"\xff\xd8":
            pos = 2
            while pos + 9 < len(data):
                if data[pos] != 0xFF:
                    pos += 1
                    continue
                marker = data[pos + 1]
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                    return int(width), int(height)
                (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
                pos += 2 + length
    except struct.error:
        pass
    return 1280, 720


def _coerce(name: str, value: Any) -> Any:
    if name in _CHAT_ID_PARAMS and isinstance(value, str) and _INT_RE.match(value):
        return int(value)
    if not isinstance(value, str):
        if (
            name in _STRING_PARAMS
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            return str(value)
        return value
    if name in _STRING_PARAMS or name in _CHAT_ID_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_RE.match(value.strip()):
        return int(value)
    return None


def _update_type(update: dict[str, Any]) -> str:
    for key in update:
        if key != "update_id":
            return key
    return ""


def _dumps(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class BotAPIDouble:
    """A fake ``api.telegram.org``; see the module docstring."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        username: str = "shmo_test_bot",
        enforce_limits: bool = False,
        global_per_second: int = 30,
        private_per_second: int = 1,
        group_per_minute: int = 20,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.username = username
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Test Bot",
            "username": username,
        }
        self.enforce_limits = enforce_limits
        self.global_per_second = global_per_second
        self.private_per_second = private_per_second
        self.group_per_minute = group_per_minute
        # Telegram keeps a lone "&" in HTML as a literal; set True to reject it instead.
        self.strict_html_ampersand = False
        self.base_url = ""
        self.requests: list[Request] = []
        self.internal_errors: list[BaseException] = []

        self._users: dict[int, _User] = {}
        self._chats: dict[int, _Chat] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._file_counter = itertools.count(1)
        # As Telegram's, update ids keep rising from one run to the next (the bot remembers the
        # ids it has handled for two days): they start from the wall clock, in microseconds.
        self._update_counter = itertools.count(time.time_ns() // 1000)
        self._media_group_counter = itertools.count(13_000_000_000_000_001)
        self._callback_counter = itertools.count(4_000_000_000_000_001)
        self._pending_callbacks: set[str] = set()
        self._callback_answers: list[dict[str, Any]] = []
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._failures: list[_Failure] = []
        # (method lowered or None, chat_id or None) -> seconds; see set_latency()
        self._latency: dict[tuple[str | None, int | None], float] = {}
        if latency:
            self.set_latency(None, latency)
        self._global_sends: deque[float] = deque()
        self._queue: deque[dict[str, Any]] = deque()
        self._last_enqueued_id = 0
        self._allowed_updates: frozenset[str] | None = None
        self._webhook_url = ""
        self._webhook_secret: str | None = None
        self._webhook_max_connections = 40
        self._webhook_last_error: tuple[int, str] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_posting: set[int] = set()
        self._webhook_paused_until = 0.0
        # Every POST to the webhook and its answer; seconds before a refused update is posted
        # again (Telegram waits longer, and longer each time); how long an answer may take.
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.webhook_retry_delay = 0.2
        self.webhook_timeout = 60.0
        self._poll_generation = 0
        self._updates_event = asyncio.Event()
        self._request_event = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, tuple[str, Callable[..., Any]]] = {}
        for name in (
            "getMe",
            "logOut",
            "close",
            "getUpdates",
            "setWebhook",
            "deleteWebhook",
            "getWebhookInfo",
            "sendMessage",
            "sendPhoto",
            "sendDocument",
            "sendVideo",
            "sendAudio",
            "sendAnimation",
            "sendVoice",
            "sendMediaGroup",
            "copyMessage",
            "forwardMessage",
            "editMessageText",
            "editMessageCaption",
            "editMessageReplyMarkup",
            "deleteMessage",
            "deleteMessages",
            "answerCallbackQuery",
            "setMyCommands",
            "getMyCommands",
            "deleteMyCommands",
            "getFile",
            "getChat",
            "getChatMember",
            "getChatAdministrators",
            "getChatMemberCount",
            "leaveChat",
            "sendChatAction",
        ):
            handler = getattr(self, "_api_" + name[0].lower() + name[1:])
            self._handlers[name.lower()] = (name, handler)

    # ------------------------------------------------------------------ lifecycle

    async def start(
        self, *, port: int = 0, setup: Callable[[web.Application], None] | None = None
    ) -> None:
        """Start listening on 127.0.0.1 (a free port unless ``port`` is given) and set
        :attr:`base_url`; ``setup`` may add routes of its own (the demo's chat page)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        if setup is not None:
            setup(app)
        app.router.add_route("*", "/{tail:.*}", self._handle_unknown)
        self._closing = False
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Stop the server; pending long polls are answered with an empty list, webhook posts
        under way are abandoned."""
        self._closing = True
        self._wake_pollers()
        if self._webhook_task is not None:
            task, self._webhook_task = self._webhook_task, None
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # ------------------------------------------------------------------ the world

    def add_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
        *,
        started: bool = False,
    ) -> dict[str, Any]:
        """Register a user; ``started=True`` pretends the user has already pressed Start."""
        info: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name is not None:
            info["last_name"] = last_name
        if username is not None:
            info["username"] = username
        if language_code is not None:
            info["language_code"] = language_code
        self._users[user_id] = _User(info=info, started=started)
        chat_info: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name is not None:
            chat_info["last_name"] = last_name
        if username is not None:
            chat_info["username"] = username
        chat = self._chats.get(user_id)
        if chat is None:
            self._chats[user_id] = _Chat(id=user_id, type="private", info=chat_info)
        else:
            chat.info = chat_info
        return info

    def add_group(self, chat_id: int, title: str, *, supergroup: bool = False) -> dict[str, Any]:
        """Register a group (the bot is not a member until :meth:`my_chat_member_update`)."""
        kind = "supergroup" if supergroup else "group"
        info = {"id": chat_id, "type": kind, "title": title}
        self._chats[chat_id] = _Chat(id=chat_id, type=kind, info=info)
        return info

    def block(self, user_id: int) -> None:
        """The user blocks the bot."""
        self._user(user_id).blocked = True

    def unblock(self, user_id: int) -> None:
        """The user unblocks the bot."""
        user = self._user(user_id)
        user.blocked = False
        user.started = True

    def migrate_group(
        self, old_chat_id: int, new_chat_id: int, *, by_user_id: int | None = None
    ) -> list[dict[str, Any]]:
        """Upgrade a group to a supergroup; return (without enqueuing) the two service updates."""
        old = self._chat(old_chat_id)
        if old.type != "group":
            raise ValueError(f"chat {old_chat_id} is not a basic group")
        new = _Chat(
            id=new_chat_id,
            type="supergroup",
            info={"id": new_chat_id, "type": "supergroup", "title": old.info["title"]},
            bot_status=old.bot_status,
            members=dict(old.members),
        )
        self._chats[new_chat_id] = new
        old.migrated_to = new_chat_id
        actor: dict[str, Any] | None = None
        if by_user_id is not None:
            actor = self._user(by_user_id).info
        else:
            for user_id, status in old.members.items():
                if status in ("creator", "administrator") and user_id in self._users:
                    actor = self._users[user_id].info
                    break
        first = self._store_message(old, actor, {"migrate_to_chat_id": new_chat_id})
        second = self._store_message(new, actor, {"migrate_from_chat_id": old_chat_id})
        return [self._make_update("message", first), self._make_update("message", second)]

    def fail_next(
        self,
        method: str | None = None,
        *,
        chat_id: int | None = None,
        error_code: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
        count: int = 1,
    ) -> None:
        """Script failures for the next ``count`` requests matching ``method`` (any if None) and
        ``chat_id``.  ``error_code=0`` drops the connection without an answer.  With
        ``migrate_to_chat_id`` and no explicit code/retry the error is the 400 migration one."""
        if migrate_to_chat_id is not None and error_code == 429 and retry_after is None:
            error_code = 400
        self._failures.append(
            _Failure(
                method=method.lower() if method else None,
                chat_id=chat_id,
                error_code=error_code,
                description=description,
                retry_after=retry_after,
                migrate_to_chat_id=migrate_to_chat_id,
                remaining=count,
            )
        )

    def set_latency(
        self, method: str | None, seconds: float, *, chat_id: int | None = None
    ) -> None:
        """Answer requests ``seconds`` after they arrive, like a server across a real network.

        ``method=None`` sets the delay of every method but ``getUpdates`` (long polling stays
        immediate, so an enqueued update is delivered at once) and of file downloads; a named
        method (case-insensitive) overrides it, ``getUpdates`` included.  ``chat_id`` narrows
        either to requests whose ``chat_id`` is that chat, and wins over a setting without it.
        A setting of 0 is an override too (``set_latency("sendMessage", 0)`` keeps that method
        quick under a default delay).  What a request does (a message stored, a callback
        answered) happens when it arrives; only the answer waits, so a bot that gives up
        early may have done what it thinks failed.  Each :class:`Request` records ``at``
        (arrival) and ``answered_at``."""
        if seconds < 0 or not math.isfinite(seconds):
            raise ValueError(f"latency must be a finite number of seconds >= 0, not {seconds!r}")
        self._latency[(method.lower() if method else None, chat_id)] = float(seconds)

    def latency(self, method: str | None, chat_id: int | None = None) -> float:
        """The delay an answer to ``method`` (None: a file download) for ``chat_id`` gets."""
        if not self._latency:
            return 0.0
        lowered = method.lower() if method else None
        keys: list[tuple[str | None, int | None]] = []
        if chat_id is not None:
            if lowered is not None:
                keys.append((lowered, chat_id))
            if lowered != "getupdates":
                keys.append((None, chat_id))
        if lowered is not None:
            keys.append((lowered, None))
        if lowered != "getupdates":
            keys.append((None, None))
        for key in keys:
            if key in self._latency:
                return self._latency[key]
        return 0.0

    # ------------------------------------------------------------------ incoming updates

    def message_update(
        self,
        user_id: int,
        text: str | None = None,
        *,
        chat_id: int | None = None,
        document: tuple[str, bytes, str] | None = None,
        photo: bytes | None = None,
        caption: str | None = None,
        reply_to_message_id: int | None = None,
        media_group_id: str | None = None,
    ) -> dict[str, Any]:
        """Build a ``message`` update from a user (not enqueued); ``media_group_id`` marks
        one message of an album (Telegram sends an album as several messages)."""
        user = self._user(user_id)
        if chat_id is None or chat_id == user_id:
            chat = self._chat(user_id)
            user.started = True
            user.blocked = False
        else:
            chat = self._chat(chat_id)
            chat.members.setdefault(user_id, "member")
        content: dict[str, Any] = {}
        if reply_to_message_id is not None:
            replied = chat.messages.get(reply_to_message_id)
            if replied is not None:
                content["reply_to_message"] = self._strip_reply(replied)
        if text is not None:
            content["text"] = text
            entities = self._command_entities(text)
            if entities:
                content["entities"] = entities
        if document is not None:
            file_name, data, mime_type = document
            stored = self._new_file("document", data, file_name=file_name, mime_type=mime_type)
            content["document"] = stored.media
        if photo is not None:
            stored = self._new_file("photo", photo)
            content["photo"] = stored.media
        if caption is not None:
            content["caption"] = caption
            entities = self._command_entities(caption)
            if entities:
                content["caption_entities"] = entities
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
        message = self._store_message(chat, user.info, content)
        return self._make_update("message", message)

    def callback_update(self, user_id: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        """Build a ``callback_query`` update for a button of a message the bot sent."""
        user = self._user(user_id)
        chat_id = message["chat"]["id"]
        current = message
        chat = self._chats.get(chat_id)
        if chat is not None:
            current = chat.messages.get(message["message_id"], message)
        query_id = str(next(self._callback_counter))
        self._pending_callbacks.add(query_id)
        query = {
            "id": query_id,
            "from": user.info,
            "message": current,
            "chat_instance": str(abs(chat_id) * 7919 % 10**19),
            "data": data,
        }
        return self._make_update("callback_query", query)

    def my_chat_member_update(
        self, chat_id: int, by_user_id: int, new_status: str, old_status: str | None = None
    ) -> dict[str, Any]:
        """Build a ``my_chat_member`` update and apply it: bot added to / removed from a group,
        or (for a private chat) the user blocked ("kicked") / unblocked ("member") the bot."""
        if new_status not in _MEMBER_STATUSES:
            raise ValueError(f"unknown status {new_status!r}")
        actor = self._user(by_user_id)
        chat = self._chat(chat_id)
        if chat.type == "private":
            user = self._user(chat_id)
            current = "kicked" if user.blocked else "member"
            if new_status == "kicked":
                user.blocked = True
            elif new_status == "member":
                user.blocked = False
                user.started = True
        else:
            current = chat.bot_status
            chat.bot_status = new_status
        payload = {
            "chat": chat.info,
            "from": actor.info,
            "date": _utc_now(),
            "old_chat_member": self._member_dict(self.bot_user, old_status or current),
            "new_chat_member": self._member_dict(self.bot_user, new_status),
        }
        return self._make_update("my_chat_member", payload)

    def chat_member_add(self, chat_id: int, user_id: int, status: str = "member") -> None:
        """Make ``user_id`` a member of the group with ``status`` (for getChatMember)."""
        if status not in _MEMBER_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self._user(user_id)
        self._chat(chat_id).members[user_id] = status

    def enqueue(self, update: dict[str, Any]) -> None:
        """Make an update available to getUpdates.  An update whose id is not above the last
        enqueued one gets a fresh id (the dict is modified in place)."""
        if update.get("update_id", 0) <= self._last_enqueued_id:
            update["update_id"] = next(self._update_counter)
        self._last_enqueued_id = update["update_id"]
        self._queue.append(update)
        self._wake_pollers()

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates enqueued and not yet confirmed (by getUpdates' offset, or by the webhook's
        2xx answer)."""
        return list(self._queue)

    @property
    def webhook_url(self) -> str:
        """The URL the bot set with setWebhook; empty while it polls."""
        return self._webhook_url

    # ------------------------------------------------------------------ inspection

    def calls(self, method: str | None = None) -> list[Request]:
        """Recorded requests, optionally only those of one method (case-insensitive)."""
        if method is None:
            return list(self.requests)
        wanted = method.lower()
        return [r for r in self.requests if r.method.lower() == wanted]

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Messages the bot sent to the chat, current state, deleted ones excluded.

        They are the Message dicts Telegram returned, except that a reply keyboard (or
        keyboard removal / force reply) the bot sent is shown as ``reply_markup`` too."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return []
        outgoing, keyboards = chat.outgoing, chat.keyboards
        if not keyboards:
            return [m for mid, m in chat.messages.items() if mid in outgoing]
        return [
            {**m, "reply_markup": keyboards[mid]} if mid in keyboards else m
            for mid, m in chat.messages.items()
            if mid in outgoing
        ]

    def history(self, chat_id: int) -> list[dict[str, Any]]:
        """All messages of the chat (incoming and outgoing), deleted ones excluded; reply
        keyboards shown as in :meth:`messages`."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return []
        keyboards = chat.keyboards
        return [
            {**m, "reply_markup": keyboards[mid]} if mid in keyboards else m
            for mid, m in chat.messages.items()
        ]

    def users(self) -> list[dict[str, Any]]:
        """Every user known to the double (the User dicts), in the order they were added."""
        return [u.info for u in self._users.values()]

    def groups_of(self, user_id: int) -> list[dict[str, Any]]:
        """Groups (the Chat dicts) the user is a member of while the bot is there too."""
        return [
            c.info
            for c in self._chats.values()
            if c.type != "private"
            and c.migrated_to is None
            and c.bot_status in ("member", "administrator", "creator")
            and c.members.get(user_id) not in (None, "left", "kicked")
        ]

    def callback_answers(self) -> list[dict[str, Any]]:
        """Parameters of successful answerCallbackQuery calls, in order."""
        return list(self._callback_answers)

    def file_bytes(self, file_id: str) -> bytes:
        """Content of a file known to the double (uploaded by the bot or by a user)."""
        return self._files[file_id].content

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict]:
        """Commands currently set for a scope/language (as getMyCommands would answer)."""
        return list(self._commands.get(self._commands_key(scope, language_code), []))

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - part of the public API
    ) -> None:
        """Wait until ``predicate()`` is true; it is re-checked after every request (and every
        50 ms).  Raises :class:`TimeoutError` listing the last requests otherwise."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._request_event
            if predicate():
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), min(remaining, 0.05))
        lines = []
        for request in self.requests[-10:]:
            outcome = "ok" if request.ok else f"{request.error_code} {request.description}"
            lines.append(f"  {request.method} {request.params!r:.200} -> {outcome}")
        recent = "\n".join(lines) or "  (none)"
        raise TimeoutError(
            f"condition not met within {timeout} s; {len(self.requests)} requests so far, "
            f"the last ones:\n{recent}"
        )

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_unknown(self, request: web.Request) -> web.Response:
        return self._json_error(404, "Not Found")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        delay = self.latency(None)
        if delay:
            await asyncio.sleep(delay)
        if request.match_info["token"] != self.token:
            return self._json_error(401, "Unauthorized")
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return self._json_error(404, "Not Found")
        return web.Response(body=stored.content, content_type="application/octet-stream")

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        at = time.monotonic()
        response, record = await self._answer_api(request, at)
        delay = self.latency(record.method, _int_or_none(record.params.get("chat_id")))
        if delay:
            await asyncio.sleep(delay)
        if record.error_code == 0:
            response = self._drop_connection(request)
        record.answered_at = time.monotonic()
        return response

    async def _answer_api(
        self, request: web.Request, at: float
    ) -> tuple[web.StreamResponse, Request]:
        """Handle one Bot API request on arrival; the answer and the request record."""
        raw_method = request.match_info["method"]
        entry = self._handlers.get(raw_method.lower())
        method = entry[0] if entry else raw_method
        try:
            params, files = await self._read_params(request)
        except (ValueError, UnicodeDecodeError):
            params, files = {}, {}
        except Exception as exc:
            self.internal_errors.append(exc)
            params, files = {}, {}
        record = Request(method=method, params=params, files=files, at=at)
        self.requests.append(record)
        try:
            failure = self._take_failure(method, params)
            if failure is not None:
                if failure.error_code == 0:
                    record.error_code = 0
                    record.description = "connection dropped"
                    self._notify_request()
                    return web.Response(status=500), record
                raise self._failure_error(failure)
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if entry is None:
                raise ApiError(404, "Not Found")
            result = entry[1](params, files, at)
            if asyncio.iscoroutine(result):
                result = await result
        except ApiError as exc:
            record.error_code = exc.error_code
            record.description = exc.description
            record.parameters = exc.parameters
            self._notify_request()
            return self._json_error(exc.error_code, exc.description, exc.parameters), record
        except Exception as exc:
            self.internal_errors.append(exc)
            record.error_code = 500
            record.description = f"Internal Server Error: {type(exc).__name__}: {exc}"
            self._notify_request()
            return self._json_error(500, record.description), record
        record.ok = True
        record.result = result
        self._notify_request()
        body = _dumps({"ok": True, "result": result})
        return web.Response(body=body, content_type="application/json"), record

    def _drop_connection(self, request: web.Request) -> web.StreamResponse:
        transport = request.transport
        if transport is not None:
            transport.abort()
        return web.Response(status=500)

    @staticmethod
    def _json_error(
        code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> web.Response:
        payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            payload["parameters"] = parameters
        return web.Response(body=_dumps(payload), status=code, content_type="application/json")

    async def _read_params(
        self, request: web.Request
    ) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, tuple[str, bytes]] = {}
        if request.can_read_body:
            content_type = request.content_type
            if content_type == "multipart/form-data":
                reader = await request.multipart()
                while True:
                    part = await reader.next()
                    if part is None:
                        break
                    if not isinstance(part, BodyPartReader) or part.name is None:
                        continue
                    if part.filename is not None:
                        files[part.name] = (part.filename, bytes(await part.read()))
                    else:
                        raw[part.name] = await part.text()
            elif content_type == "application/json":
                body = await request.read()
                if body.strip():
                    data = json.loads(body)
                    if isinstance(data, dict):
                        raw.update(data)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, str):
                        raw[key] = value
                    else:
                        files[key] = (value.filename, value.file.read())
        params = {key: _coerce(key, value) for key, value in raw.items()}
        return params, files

    def _notify_request(self) -> None:
        event, self._request_event = self._request_event, asyncio.Event()
        event.set()

    def _wake_pollers(self) -> None:
        event, self._updates_event = self._updates_event, asyncio.Event()
        event.set()

    def _take_failure(self, method: str, params: dict[str, Any]) -> _Failure | None:
        if not self._failures:
            return None
        lowered = method.lower()
        for index, failure in enumerate(self._failures):
            if failure.method is not None and failure.method != lowered:
                continue
            if failure.chat_id is not None and params.get("chat_id") != failure.chat_id:
                continue
            failure.remaining -= 1
            if failure.remaining <= 0:
                del self._failures[index]
            return failure
        return None

    @staticmethod
    def _failure_error(failure: _Failure) -> ApiError:
        code = failure.error_code
        parameters: dict[str, Any] = {}
        retry_after = failure.retry_after
        if code == 429 and retry_after is None:
            retry_after = 1
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if failure.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = failure.migrate_to_chat_id
        description = failure.description
        if description is None:
            if code == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            elif failure.migrate_to_chat_id is not None:
                description = _MIGRATED
            else:
                description = _DEFAULT_DESCRIPTIONS.get(code, "Bad Request")
        return ApiError(code, description, parameters or None)

    # ------------------------------------------------------------------ internals: world

    def _user(self, user_id: int) -> _User:
        user = self._users.get(user_id)
        if user is None:
            raise KeyError(f"unknown user {user_id}; call add_user() first")
        return user

    def _chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise KeyError(f"unknown chat {chat_id}; call add_user()/add_group() first")
        return chat

    def _make_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": next(self._update_counter), kind: payload}

    def _command_entities(self, text: str) -> list[dict[str, Any]]:
        if not text.startswith("/"):
            return []
        match = re.match(r"/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,32})?", text)
        if match is None:
            return []
        return [{"offset": 0, "length": len(match.group(0)), "type": "bot_command"}]

    @staticmethod
    def _strip_reply(message: dict[str, Any]) -> dict[str, Any]:
        if "reply_to_message" not in message:
            return message
        return {k: v for k, v in message.items() if k != "reply_to_message"}

    def _store_message(
        self,
        chat: _Chat,
        sender: dict[str, Any] | None,
        content: dict[str, Any],
        *,
        outgoing: bool = False,
    ) -> dict[str, Any]:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        message: dict[str, Any] = {"message_id": message_id}
        if sender is not None:
            message["from"] = sender
        message["chat"] = chat.info
        message["date"] = _utc_now()
        message.update(content)
        chat.messages[message_id] = message
        if outgoing:
            chat.outgoing.add(message_id)
        return message

    def _member_dict(self, user: dict[str, Any], status: str) -> dict[str, Any]:
        if status == "creator":
            return {"status": "creator", "user": user, "is_anonymous": False}
        if status == "administrator":
            rights = dict.fromkeys(
                (
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_pin_messages",
                ),
                True,
            )
            rights.update(
                dict.fromkeys(
                    (
                        "can_be_edited",
                        "is_anonymous",
                        "can_promote_members",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                        "can_send_welcome_messages",
                        "can_manage_topics",
                    ),
                    False,
                )
            )
            return {"status": "administrator", "user": user, **rights}
        if status == "restricted":
            rights = dict.fromkeys(
                (
                    "can_send_messages",
                    "can_send_audios",
                    "can_send_documents",
                    "can_send_photos",
                    "can_send_videos",
                    "can_send_video_notes",
                    "can_send_voice_notes",
                    "can_send_polls",
                    "can_send_other_messages",
                    "can_add_web_page_previews",
                    "can_react_to_messages",
                    "can_edit_tag",
                    "can_change_info",
                    "can_invite_users",
                    "can_pin_messages",
                    "can_manage_topics",
                ),
                False,
            )
            return {
                "status": "restricted",
                "user": user,
                "is_member": True,
                "until_date": 0,
                **rights,
            }
        if status == "kicked":
            return {"status": "kicked", "user": user, "until_date": 0}
        return {"status": status, "user": user}

    def _new_file(
        self,
        kind: str,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> _StoredFile:
        number = next(self._file_counter)
        folders = {
            "photo": "photos",
            "document": "documents",
            "video": "videos",
            "audio": "music",
            "animation": "animations",
            "voice": "voice",
        }
        if kind == "photo":
            width, height = _image_size(content)
            scale = 90 / max(width, height, 1)
            small = (max(1, round(width * scale)), max(1, round(height * scale)))
            sizes = []
            big: _StoredFile | None = None
            for index, (w, h) in enumerate((small, (width, height))):
                file_id = f"AgACAgIAAxkDAAI{number:07d}{index}"
                unique = f"AQAD{number:07d}{index}"
                path = f"photos/file_{number}_{index}.jpg"
                size = {
                    "file_id": file_id,
                    "file_unique_id": unique,
                    "file_size": len(content),
                    "width": w,
                    "height": h,
                }
                sizes.append(size)
                stored = _StoredFile(file_id, unique, "photo", content, path, sizes)
                self._files[file_id] = stored
                self._files_by_path[path] = stored
                big = stored
            assert big is not None
            return big
        if file_name is None:
            extension = {"audio": ".mp3", "video": ".mp4", "voice": ".ogg", "animation": ".mp4"}
            file_name = f"file_{number}{extension.get(kind, '')}"
        if mime_type is None:
            mime_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        suffix = ""
        if "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        file_id = f"BQACAgIAAxkDAAI{number:07d}"
        unique = f"AgAD{number:07d}"
        path = f"{folders.get(kind, 'documents')}/file_{number}{suffix}"
        media: dict[str, Any] = {
            "file_name": file_name,
            "mime_type": mime_type,
            "file_id": file_id,
            "file_unique_id": unique,
            "file_size": len(content),
        }
        if kind in ("video", "animation"):
            media.update({"width": 640, "height": 360, "duration": 1})
        elif kind in ("audio", "voice"):
            media["duration"] = 1
            if kind == "voice":
                media.pop("file_name")
        stored = _StoredFile(file_id, unique, kind, content, path, media)
        self._files[file_id] = stored
        self._files_by_path[path] = stored
        return stored

    # ------------------------------------------------------------------ internals: validation

    def _resolve_chat(self, params: dict[str, Any], key: str = "chat_id") -> _Chat:
        raw = params.get(key)
        if raw is None or raw == "":
            raise ApiError(400, f"Bad Request: {key} is empty")
        chat_id = _int_or_none(raw)
        if chat_id is None:
            raise ApiError(400, "Bad Request: chat not found")
        chat = self._chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.migrated_to is not None:
            raise ApiError(400, _MIGRATED, {"migrate_to_chat_id": chat.migrated_to})
        return chat

    def _check_access(self, chat: _Chat) -> None:
        if chat.type == "private":
            user = self._users[chat.id]
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not user.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            return
        kind = "supergroup chat" if chat.type == "supergroup" else "group chat"
        if chat.bot_status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind}")
        if chat.bot_status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind}")

    def _writable_chat(self, params: dict[str, Any], key: str = "chat_id") -> _Chat:
        chat = self._resolve_chat(params, key)
        self._check_access(chat)
        return chat

    def _format(
        self,
        text: str,
        parse_mode: Any,
        entities: Any,
    ) -> tuple[str, list[dict[str, Any]]]:
        if parse_mode is not None and not isinstance(parse_mode, str):
            parse_mode = str(parse_mode)
        if entities is not None and not isinstance(entities, list):
            raise ApiError(400, "Bad Request: can't parse entities JSON object")
        try:
            result_text, result_entities = parse_text(
                text, parse_mode, entities, strict_ampersand=self.strict_html_ampersand
            )
        except EntityParseError as exc:
            raise ApiError(400, f"Bad Request: can't parse entities: {exc.message}") from None
        except ValueError:
            raise ApiError(400, "Bad Request: unsupported parse_mode") from None
        for entity in result_entities:
            if entity["type"] == "text_mention":
                user_id = entity["user"]["id"]
                user = self._users.get(user_id)
                entity["user"] = (
                    user.info if user else {"id": user_id, "is_bot": False, "first_name": ""}
                )
        return result_text, result_entities

    def _text_param(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        raw = params.get("text")
        if raw is None or raw == "":
            raise ApiError(400, "Bad Request: message text is empty")
        text, entities = self._format(str(raw), params.get("parse_mode"), params.get("entities"))
        if not text:
            raise ApiError(400, "Bad Request: text must be non-empty")
        return text, entities

    def _caption_param(self, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
        raw = params.get("caption")
        if raw is None or raw == "":
            return "", []
        return self._format(str(raw), params.get("parse_mode"), params.get("caption_entities"))

    @staticmethod
    def _check_text_length(text: str) -> None:
        if len(text) > TEXT_LIMIT:
            raise ApiError(400, "Bad Request: message is too long")

    @staticmethod
    def _check_caption_length(caption: str) -> None:
        if len(caption) > CAPTION_LIMIT:
            raise ApiError(400, "Bad Request: message caption is too long")

    def _reply_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        """Validate reply_markup; return the inline keyboard as Telegram stores it, else None."""
        markup = params.get("reply_markup")
        if markup is None or markup == "":
            return None
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError:
                raise ApiError(
                    400, "Bad Request: can't parse reply keyboard markup JSON object"
                ) from None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: object expected as reply markup")
        keyboard = markup.get("keyboard")
        if keyboard is not None:
            if not isinstance(keyboard, list) or not all(isinstance(r, list) for r in keyboard):
                raise ApiError(400, 'Bad Request: field "keyboard" must be an Array of Arrays')
            if any(keyboard):
                return None
        rows = markup.get("inline_keyboard")
        if rows is None:
            return None
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(
                400,
                'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an '
                "Array of Arrays",
            )
        result_rows = []
        for row in rows:
            result_row = []
            for button in row:
                result_row.append(self._inline_button(button))
            if result_row:
                result_rows.append(result_row)
        if not result_rows:
            return None
        return {"inline_keyboard": result_rows}

    @staticmethod
    def _inline_button(button: Any) -> dict[str, Any]:
        prefix = "Bad Request: can't parse inline keyboard button: "
        if not isinstance(button, dict):
            raise ApiError(400, prefix + "InlineKeyboardButton must be an Object")
        text = button.get("text")
        if not isinstance(text, str):
            raise ApiError(400, prefix + 'Can\'t find field "text"')
        result: dict[str, Any] = {"text": text}
        url = button.get("url")
        callback_data = button.get("callback_data")
        if isinstance(url, str) and url:
            action: tuple[str, Any] = ("url", url)
        elif isinstance(callback_data, str) and callback_data:
            action = ("callback_data", callback_data)
        else:
            for key in (
                "callback_game",
                "pay",
                "switch_inline_query",
                "switch_inline_query_chosen_chat",
                "switch_inline_query_current_chat",
                "login_url",
                "web_app",
                "copy_text",
            ):
                if button.get(key) is not None:
                    action = (key, button[key])
                    break
            else:
                raise ApiError(400, prefix + "Text buttons are unallowed in the inline keyboard")
        if not text:
            raise ApiError(400, "Bad Request: inline keyboard button text must be non-empty")
        key, value = action
        if key == "url":
            if not re.match(r"^tg:(//)?user\?id=\d+$", value, re.IGNORECASE):
                try:
                    value = check_link(value)
                except LinkError as exc:
                    raise ApiError(
                        400, f"Bad Request: inline keyboard button {exc.message}"
                    ) from None
        elif key == "callback_data" and len(value.encode("utf-8")) > CALLBACK_DATA_LIMIT:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        result[key] = value
        for extra in ("style", "icon_custom_emoji_id"):
            if button.get(extra) is not None:
                result[extra] = button[extra]
        return result

    def _reply_to(self, chat: _Chat, params: dict[str, Any]) -> dict[str, Any] | None:
        reply_parameters = params.get("reply_parameters")
        allow = bool(params.get("allow_sending_without_reply"))
        message_id: int | None = None
        target = chat
        if isinstance(reply_parameters, dict):
            message_id = _int_or_none(reply_parameters.get("message_id"))
            allow = allow or bool(reply_parameters.get("allow_sending_without_reply"))
            other = _int_or_none(reply_parameters.get("chat_id"))
            if other is not None and other in self._chats:
                target = self._chats[other]
        elif params.get("reply_to_message_id") is not None:
            message_id = _int_or_none(params.get("reply_to_message_id"))
        if message_id is None:
            return None
        replied = target.messages.get(message_id)
        if replied is None:
            if allow:
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return self._strip_reply(replied)

    def _check_rate(self, chat: _Chat, now: float) -> None:
        """Sliding-window limits; a rejected request is not counted."""
        if not self.enforce_limits:
            return
        if chat.type == "private":
            window, limit = 1.0, self.private_per_second
        else:
            window, limit = 60.0, self.group_per_minute
        retry: float | None = None
        for sends, span, allowed in (
            (self._global_sends, 1.0, self.global_per_second),
            (chat.sends, window, limit),
        ):
            while sends and sends[0] <= now - span:
                sends.popleft()
            if len(sends) >= allowed:
                # the request fits once the allowed-th most recent send leaves the window
                frees_in = sends[-allowed] + span - now if allowed > 0 else span
                retry = frees_in if retry is None else max(retry, frees_in)
        if retry is not None:
            seconds = max(1, math.ceil(retry))
            raise ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )
        self._global_sends.append(now)
        chat.sends.append(now)

    def _resolve_input_file(
        self,
        value: Any,
        files: dict[str, tuple[str, bytes]],
        kind: str,
        field_name: str,
        *,
        missing_error: str | None = None,
    ) -> _StoredFile:
        missing = missing_error or f"Bad Request: there is no {field_name} in the request"
        upload: tuple[str, bytes] | None = None
        if value is None or value == "":
            upload = files.get(field_name)
            if upload is None:
                raise ApiError(400, missing)
        elif not isinstance(value, str):
            raise ApiError(400, missing)
        elif value.startswith("attach://"):
            upload = files.get(value[len("attach://") :])
            if upload is None:
                raise ApiError(400, missing)
        if upload is not None:
            file_name, content = upload
            if not content:
                raise ApiError(400, "Bad Request: file must be non-empty")
            return self._new_file(kind, content, file_name=file_name if kind != "photo" else None)
        assert isinstance(value, str)
        stored = self._files.get(value)
        if stored is not None:
            if stored.kind != kind and (kind == "photo" or stored.kind == "photo"):
                raise ApiError(
                    400,
                    f"Bad Request: can't use file of type {stored.kind.capitalize()} "
                    f"as {kind.capitalize()}",
                )
            return stored
        if re.match(r"^https?://", value, re.IGNORECASE):
            name = unquote(urlsplit(value).path.rsplit("/", 1)[-1]) or None
            return self._new_file(kind, b"", file_name=name if kind != "photo" else None)
        raise ApiError(400, _WRONG_FILE)

    def _media_content(self, stored: _StoredFile, kind: str) -> dict[str, Any]:
        if kind == "photo":
            return {"photo": stored.media}
        media = dict(stored.media)
        return {kind: media}

    def _send(
        self,
        chat: _Chat,
        content: dict[str, Any],
        params: dict[str, Any],
        markup: dict[str, Any] | None,
        at: float,
    ) -> dict[str, Any]:
        reply_to = self._reply_to(chat, params)
        self._check_rate(chat, at)
        full: dict[str, Any] = {}
        if reply_to is not None:
            full["reply_to_message"] = reply_to
        full.update(content)
        if markup is not None:
            full["reply_markup"] = markup
        message = self._store_message(chat, self.bot_user, full, outgoing=True)
        raw_markup = params.get("reply_markup")
        if markup is None and isinstance(raw_markup, dict) and raw_markup:
            chat.keyboards[message["message_id"]] = raw_markup
        return message

    def _editable_message(self, params: dict[str, Any]) -> tuple[_Chat, dict[str, Any]]:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        chat = self._writable_chat(params)
        message_id = _int_or_none(params.get("message_id"))
        if message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        message = chat.messages.get(message_id)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message_id not in chat.outgoing:
            raise ApiError(400, "Bad Request: message can't be edited")
        return chat, message

    @staticmethod
    def _replace_message(chat: _Chat, message: dict[str, Any]) -> dict[str, Any]:
        """Store (and return) a fresh copy of ``message`` with ``edit_date``; earlier snapshots
        stay untouched."""
        updated = dict(message)
        updated["edit_date"] = _utc_now()
        chat.messages[message["message_id"]] = updated
        return updated

    def _commands_key(self, scope: Any, language_code: Any) -> tuple[str, str]:
        if not isinstance(scope, dict):
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(language_code or "")

    def _scope_and_language(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope")
        language = params.get("language_code") or ""
        if language and not re.match(r"^[a-z]{2}$", str(language)):
            raise ApiError(400, "Bad Request: invalid language code specified")
        if scope is not None and not isinstance(scope, dict):
            raise ApiError(400, "Bad Request: can't parse BotCommandScope JSON object")
        return self._commands_key(scope, language)

    # ------------------------------------------------------------------ API methods

    def _api_getMe(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_logOut(self, params: dict[str, Any], files: dict, at: float) -> bool:
        return True

    def _api_close(self, params: dict[str, Any], files: dict, at: float) -> bool:
        return True

    async def _api_getUpdates(
        self, params: dict[str, Any], files: dict, at: float
    ) -> list[dict[str, Any]]:
        if self._webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = _int_or_none(params.get("offset")) or 0
        limit = _int_or_none(params.get("limit")) or 100
        limit = min(max(limit, 1), 100)
        timeout_value = params.get("timeout")
        timeout = float(timeout_value) if isinstance(timeout_value, int | float) else 0.0
        timeout = min(max(timeout, 0.0), 50.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else None
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake_pollers()
        if offset > 0:
            while self._queue and self._queue[0]["update_id"] < offset:
                self._queue.popleft()
        elif offset < 0:
            while len(self._queue) > -offset:
                self._queue.popleft()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = self._updates_event
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            batch = self._collect_updates(limit)
            remaining = deadline - loop.time()
            if batch or self._closing or remaining <= 0:
                return batch
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _collect_updates(self, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        if allowed is None:
            batch = []
            dropped = False
            for update in self._queue:
                if _update_type(update) in _DEFAULT_EXCLUDED_UPDATES:
                    dropped = True
                    continue
                batch.append(update)
                if len(batch) >= limit:
                    break
            if dropped:
                self._queue = deque(
                    u for u in self._queue if _update_type(u) not in _DEFAULT_EXCLUDED_UPDATES
                )
            return batch
        batch = []
        dropped = False
        for update in self._queue:
            if _update_type(update) not in allowed:
                dropped = True
                continue
            batch.append(update)
            if len(batch) >= limit:
                break
        if dropped:
            self._queue = deque(u for u in self._queue if _update_type(u) in allowed)
        return batch

    def _api_setWebhook(self, params: dict[str, Any], files: dict, at: float) -> bool:
        url = str(params.get("url") or "")
        if url:
            try:
                check_link(url)
            except LinkError:
                raise ApiError(400, "Bad Request: bad webhook: invalid webhook URL") from None
        secret = params.get("secret_token")
        secret = str(secret) if secret not in (None, "") else None
        if secret is not None and not _SECRET_TOKEN_RE.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        connections = _int_or_none(params.get("max_connections"))
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else None
        self._webhook_url = url
        self._webhook_secret = secret
        self._webhook_max_connections = min(max(connections or 40, 1), 100)
        self._webhook_last_error = None
        self._webhook_paused_until = 0.0
        self._wake_pollers()
        if params.get("drop_pending_updates"):
            self._queue.clear()
        if url and (self._webhook_task is None or self._webhook_task.done()):
            self._webhook_task = asyncio.create_task(self._post_webhooks())
        return True

    def _api_deleteWebhook(self, params: dict[str, Any], files: dict, at: float) -> bool:
        self._webhook_url = ""
        self._webhook_secret = None
        self._wake_pollers()
        if params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any], files: dict, at: float) -> dict:
        info: dict[str, Any] = {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }
        if self._webhook_url:
            info["max_connections"] = self._webhook_max_connections
            if self._allowed_updates is not None:
                info["allowed_updates"] = sorted(self._allowed_updates)
            if self._webhook_last_error is not None:
                info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        return info

    # ------------------------------------------------------------------ webhooks

    async def _post_webhooks(self) -> None:
        """Post queued updates to the webhook while one is set (see the module docstring)."""
        posting: set[asyncio.Task[None]] = set()
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            try:
                while self._webhook_url and not self._closing:
                    wake = self._updates_event
                    pause = self._webhook_paused_until - time.monotonic()
                    room = self._webhook_max_connections - len(posting)
                    if pause <= 0 and room > 0:
                        for update in self._collect_updates(len(self._queue) or 1):
                            if room <= 0:
                                break
                            if update["update_id"] in self._webhook_posting:
                                continue
                            self._webhook_posting.add(update["update_id"])
                            task = asyncio.create_task(self._post_update(http, update))
                            posting.add(task)
                            task.add_done_callback(posting.discard)
                            room -= 1
                    woken = asyncio.ensure_future(wake.wait())
                    try:
                        await asyncio.wait(
                            {woken, *posting},
                            timeout=pause if pause > 0 else 1.0,
                            return_when=asyncio.FIRST_COMPLETED,
                        )
                    finally:
                        woken.cancel()
                # No webhook any more: the posts under way get their answers.
                await asyncio.gather(*posting, return_exceptions=True)
            finally:
                for task in posting:
                    task.cancel()
                await asyncio.gather(*posting, return_exceptions=True)

    async def _post_update(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        update_id = update["update_id"]
        headers = {"Content-Type": "application/json"}
        if self._webhook_secret:
            headers[SECRET_HEADER] = self._webhook_secret
        at = time.monotonic()
        status: int | None = None
        error: str | None = None
        try:
            async with http.post(self._webhook_url, data=_dumps(update), headers=headers) as answer:
                status = answer.status
                if 200 <= status < 300:
                    self._check_webhook_reply(answer.content_type, await answer.read())
                else:
                    error = f"Wrong response from the webhook: {status} {answer.reason or ''}"
        except TimeoutError:
            error = "Read timeout expired"
        except aiohttp.ClientError as exc:
            error = f"Connection failed: {type(exc).__name__}"
        finally:
            self._webhook_posting.discard(update_id)
        self.webhook_deliveries.append(
            WebhookDelivery(update_id, status, error, at, answered_at=time.monotonic())
        )
        if error is None:
            with contextlib.suppress(ValueError):
                self._queue.remove(update)
        else:
            self._webhook_last_error = (_utc_now(), error.strip())
            self._webhook_paused_until = time.monotonic() + self.webhook_retry_delay
        self._notify_request()

    def _check_webhook_reply(self, content_type: str, body: bytes) -> None:
        """A method answered in the webhook's response body is not run by the double: say so
        (through :attr:`internal_errors`) rather than drop it quietly."""
        method: Any = None
        if content_type == "application/json" and body.strip():
            with contextlib.suppress(ValueError):
                data = json.loads(body)
                method = data.get("method") if isinstance(data, dict) else None
        elif content_type.startswith("multipart/"):
            method = "(multipart)"
        if method:
            self.internal_errors.append(
                NotImplementedError(f"a webhook answered with a method to run: {method}")
            )

    def _api_sendMessage(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        text, entities = self._text_param(params)
        markup = self._reply_markup(params)
        chat = self._writable_chat(params)
        self._check_text_length(text)
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        if isinstance(params.get("link_preview_options"), dict):
            content["link_preview_options"] = params["link_preview_options"]
        return self._send(chat, content, params, markup, at)

    def _send_media(
        self, kind: str, params: dict[str, Any], files: dict, at: float
    ) -> dict[str, Any]:
        caption, caption_entities = self._caption_param(params)
        markup = self._reply_markup(params)
        chat = self._writable_chat(params)
        stored = self._resolve_input_file(params.get(kind), files, kind, kind)
        self._check_caption_length(caption)
        content = self._media_content(stored, kind)
        if caption:
            content["caption"] = caption
            if caption_entities:
                content["caption_entities"] = caption_entities
        return self._send(chat, content, params, markup, at)

    def _api_sendPhoto(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        return self._send_media("photo", params, files, at)

    def _api_sendDocument(self, params: dict[str, Any], files: dict, at: float) -> dict:
        return self._send_media("document", params, files, at)

    def _api_sendVideo(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        return self._send_media("video", params, files, at)

    def _api_sendAudio(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        return self._send_media("audio", params, files, at)

    def _api_sendAnimation(self, params: dict[str, Any], files: dict, at: float) -> dict:
        return self._send_media("animation", params, files, at)

    def _api_sendVoice(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        return self._send_media("voice", params, files, at)

    def _api_sendMediaGroup(
        self, params: dict[str, Any], files: dict, at: float
    ) -> list[dict[str, Any]]:
        media = params.get("media")
        if media is None or media == "":
            raise ApiError(400, 'Bad Request: parameter "media" is required')
        if isinstance(media, str):
            raise ApiError(400, "Bad Request: can't parse media JSON object")
        if not isinstance(media, list):
            raise ApiError(400, "Bad Request: expected an Array of InputMedia")
        prepared = []
        for item in media:
            if not isinstance(item, dict):
                raise ApiError(400, "Bad Request: can't parse InputMedia: expected an Object")
            kind = item.get("type")
            if kind not in ("photo", "video", "document", "audio"):
                raise ApiError(
                    400,
                    f"Bad Request: can't parse InputMedia: type \"{kind}\" can't be used in "
                    "sendMediaGroup",
                )
            caption, caption_entities = self._caption_param(item)
            prepared.append((kind, item, caption, caption_entities))
        chat = self._writable_chat(params)
        if not prepared:
            raise ApiError(400, "Bad Request: there are no messages to send")
        if len(prepared) > 10:
            raise ApiError(400, "Bad Request: too many messages to send as an album")
        kinds = {kind for kind, *_ in prepared}
        if len(kinds) > 1:
            for single in ("document", "audio"):
                if single in kinds:
                    raise ApiError(
                        400, f"Bad Request: {single} can't be mixed with other media types"
                    )
        contents = []
        for kind, item, caption, caption_entities in prepared:
            stored = self._resolve_input_file(
                item.get("media"),
                files,
                kind,
                "media",
                missing_error="Bad Request: can't parse InputMedia: media not found",
            )
            self._check_caption_length(caption)
            content = self._media_content(stored, kind)
            if caption:
                content["caption"] = caption
                if caption_entities:
                    content["caption_entities"] = caption_entities
            contents.append(content)
        reply_to = self._reply_to(chat, params)
        self._check_rate(chat, at)
        group_id = str(next(self._media_group_counter))
        result = []
        for content in contents:
            full: dict[str, Any] = {}
            if reply_to is not None:
                full["reply_to_message"] = reply_to
            full["media_group_id"] = group_id
            full.update(content)
            result.append(self._store_message(chat, self.bot_user, full, outgoing=True))
        return result

    def _source_message(self, params: dict[str, Any], verb: str) -> dict[str, Any]:
        source_chat = self._resolve_chat(params, "from_chat_id")
        message_id = _int_or_none(params.get("message_id"))
        message = source_chat.messages.get(message_id) if message_id is not None else None
        if message is None:
            raise ApiError(400, f"Bad Request: message to {verb} not found")
        return message

    _CONTENT_KEYS = (
        "text",
        "entities",
        "photo",
        "document",
        "video",
        "audio",
        "animation",
        "voice",
        "caption",
        "caption_entities",
    )

    def _api_copyMessage(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        markup = self._reply_markup(params)
        chat = self._writable_chat(params)
        source = self._source_message(params, "copy")
        content = {k: source[k] for k in self._CONTENT_KEYS if k in source}
        if not content:
            raise ApiError(400, "Bad Request: message can't be copied")
        if "caption" in params and "text" not in content:
            caption, caption_entities = self._caption_param(params)
            self._check_caption_length(caption)
            content.pop("caption", None)
            content.pop("caption_entities", None)
            if caption:
                content["caption"] = caption
                if caption_entities:
                    content["caption_entities"] = caption_entities
        message = self._send(chat, content, params, markup, at)
        return {"message_id": message["message_id"]}

    def _api_forwardMessage(self, params: dict[str, Any], files: dict, at: float) -> dict:
        chat = self._writable_chat(params)
        source = self._source_message(params, "forward")
        content = {k: source[k] for k in self._CONTENT_KEYS if k in source}
        if not content:
            raise ApiError(400, "Bad Request: message can't be forwarded")
        origin: dict[str, Any] = {
            "type": "hidden_user",
            "sender_user_name": "",
            "date": source["date"],
        }
        if "from" in source:
            origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
        content = {"forward_origin": origin, **content}
        return self._send(chat, content, {}, None, at)

    def _api_editMessageText(self, params: dict[str, Any], files: dict, at: float) -> dict:
        text, entities = self._text_param(params)
        markup = self._reply_markup(params)
        chat, message = self._editable_message(params)
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        self._check_text_length(text)
        if (
            message["text"] == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == markup
        ):
            raise ApiError(400, _NOT_MODIFIED)
        updated = self._replace_message(chat, message)
        updated["text"] = text
        updated.pop("entities", None)
        if entities:
            updated["entities"] = entities
        if markup is None:
            updated.pop("reply_markup", None)
        else:
            updated["reply_markup"] = markup
        return updated

    def _api_editMessageCaption(self, params: dict[str, Any], files: dict, at: float) -> dict:
        caption, caption_entities = self._caption_param(params)
        markup = self._reply_markup(params)
        chat, message = self._editable_message(params)
        if not any(k in message for k in ("photo", "document", "video", "audio", "animation")):
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        self._check_caption_length(caption)
        if (
            message.get("caption", "") == caption
            and message.get("caption_entities", []) == caption_entities
            and message.get("reply_markup") == markup
        ):
            raise ApiError(400, _NOT_MODIFIED)
        updated = self._replace_message(chat, message)
        for key in ("caption", "caption_entities", "reply_markup"):
            updated.pop(key, None)
        if caption:
            updated["caption"] = caption
            if caption_entities:
                updated["caption_entities"] = caption_entities
        if markup is not None:
            updated["reply_markup"] = markup
        return updated

    def _api_editMessageReplyMarkup(self, params: dict[str, Any], files: dict, at: float) -> dict:
        markup = self._reply_markup(params)
        chat, message = self._editable_message(params)
        if message.get("reply_markup") == markup:
            raise ApiError(400, _NOT_MODIFIED)
        updated = self._replace_message(chat, message)
        updated.pop("reply_markup", None)
        if markup is not None:
            updated["reply_markup"] = markup
        return updated

    def _delete_one(self, chat: _Chat, message_id: int, *, strict: bool) -> bool:
        message = chat.messages.get(message_id)
        if message is None:
            if strict:
                raise ApiError(400, "Bad Request: message to delete not found")
            return False
        if (
            chat.type != "private"
            and message_id not in chat.outgoing
            and chat.bot_status not in ("administrator", "creator")
        ):
            if strict:
                raise ApiError(400, "Bad Request: message can't be deleted")
            return False
        del chat.messages[message_id]
        chat.outgoing.discard(message_id)
        chat.keyboards.pop(message_id, None)
        chat.deleted.add(message_id)
        return True

    def _api_deleteMessage(self, params: dict[str, Any], files: dict, at: float) -> bool:
        chat = self._writable_chat(params)
        message_id = _int_or_none(params.get("message_id"))
        if message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        return self._delete_one(chat, message_id, strict=True)

    def _api_deleteMessages(self, params: dict[str, Any], files: dict, at: float) -> bool:
        chat = self._writable_chat(params)
        ids = params.get("message_ids")
        if not isinstance(ids, list) or not ids:
            raise ApiError(400, "Bad Request: message identifiers are not specified")
        if len(ids) > 100:
            raise ApiError(400, "Bad Request: too many message identifiers specified")
        for raw in ids:
            message_id = _int_or_none(raw)
            if message_id is not None:
                self._delete_one(chat, message_id, strict=False)
        return True

    def _api_answerCallbackQuery(self, params: dict[str, Any], files: dict, at: float) -> bool:
        text = params.get("text")
        if isinstance(text, str) and len(text) > CALLBACK_ANSWER_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._pending_callbacks:
            raise ApiError(400, _QUERY_INVALID)
        url = params.get("url")
        if url:
            try:
                check_link(str(url))
            except LinkError:
                raise ApiError(400, "Bad Request: URL_INVALID") from None
        self._pending_callbacks.discard(query_id)
        self._callback_answers.append(dict(params))
        return True

    def _api_setMyCommands(self, params: dict[str, Any], files: dict, at: float) -> bool:
        commands = params.get("commands")
        if commands is None or commands == "":
            raise ApiError(400, 'Bad Request: parameter "commands" is required')
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        key = self._scope_and_language(params)
        stored = []
        for item in commands:
            if not isinstance(item, dict):
                raise ApiError(400, "Bad Request: can't parse BotCommand: expected an Object")
            command = str(item.get("command") or "").strip()
            if command.startswith("/"):
                command = command[1:]
            description = str(item.get("description") or "").strip()
            if not command:
                raise ApiError(400, "Bad Request: command must be non-empty")
            if len(command) > 32:
                raise ApiError(400, "Bad Request: command length must not exceed 32")
            if not description:
                raise ApiError(400, "Bad Request: command description must be non-empty")
            if len(description) > 256:
                raise ApiError(400, "Bad Request: command description length must not exceed 256")
            if not _BOT_COMMAND_RE.match(command):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            stored.append({"command": command, "description": description})
        if len(stored) > 100:
            raise ApiError(400, "Bad Request: BOT_COMMANDS_TOO_MUCH")
        if stored:
            self._commands[key] = stored
        else:
            self._commands.pop(key, None)
        return True

    def _api_getMyCommands(self, params: dict[str, Any], files: dict, at: float) -> list[dict]:
        key = self._scope_and_language(params)
        return list(self._commands.get(key, []))

    def _api_deleteMyCommands(self, params: dict[str, Any], files: dict, at: float) -> bool:
        key = self._scope_and_language(params)
        self._commands.pop(key, None)
        return True

    def _api_getFile(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        file_id = params.get("file_id")
        if not file_id:
            raise ApiError(400, "Bad Request: file_id is empty")
        stored = self._files.get(str(file_id))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.content) > DOWNLOAD_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    def _api_getChat(self, params: dict[str, Any], files: dict, at: float) -> dict[str, Any]:
        chat = self._resolve_chat(params)
        if chat.type != "private":
            self._check_access(chat)
        return {
            **chat.info,
            "accent_color_id": chat.id % 7,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _api_getChatMember(self, params: dict[str, Any], files: dict, at: float) -> dict:
        chat = self._resolve_chat(params)
        user_id = _int_or_none(params.get("user_id"))
        if user_id is None:
            raise ApiError(400, "Bad Request: user_id is empty")
        if chat.type == "private":
            if user_id == self.bot_id:
                return self._member_dict(self.bot_user, "member")
            if user_id == chat.id:
                return self._member_dict(self._users[chat.id].info, "member")
            raise ApiError(400, "Bad Request: user not found")
        self._check_access(chat)
        if user_id == self.bot_id:
            return self._member_dict(self.bot_user, chat.bot_status)
        user = self._users.get(user_id)
        if user is None:
            raise ApiError(400, "Bad Request: user not found")
        return self._member_dict(user.info, chat.members.get(user_id, "left"))

    def _api_getChatAdministrators(self, params: dict[str, Any], files: dict, at: float) -> list:
        chat = self._resolve_chat(params)
        if chat.type == "private":
            raise ApiError(400, "Bad Request: there are no administrators in the private chat")
        self._check_access(chat)
        result = [
            self._member_dict(self._users[user_id].info, status)
            for user_id, status in chat.members.items()
            if status in ("creator", "administrator") and user_id in self._users
        ]
        if chat.bot_status == "administrator":
            result.append(self._member_dict(self.bot_user, "administrator"))
        return result

    def _api_getChatMemberCount(self, params: dict[str, Any], files: dict, at: float) -> int:
        chat = self._resolve_chat(params)
        if chat.type == "private":
            return 2
        self._check_access(chat)
        present = ("creator", "administrator", "member", "restricted")
        count = sum(1 for status in chat.members.values() if status in present)
        return count + (1 if chat.bot_status in present else 0)

    def _api_leaveChat(self, params: dict[str, Any], files: dict, at: float) -> bool:
        chat = self._resolve_chat(params)
        if chat.type == "private":
            raise ApiError(400, "Bad Request: chat member status can't be changed in private chats")
        self._check_access(chat)
        chat.bot_status = "left"
        return True

    def _api_sendChatAction(self, params: dict[str, Any], files: dict, at: float) -> bool:
        action = params.get("action")
        if not action:
            raise ApiError(400, 'Bad Request: parameter "action" is required')
        self._writable_chat(params)
        if action not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True
