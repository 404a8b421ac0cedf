"""The local chat page of ``shmo-bot demo --web``, served by the Bot API double's own app.

A person picks who they are and talks to the running bot: the page polls a small JSON
endpoint for the chats and their messages and posts what the person writes, presses or
uploads; each becomes an update the bot takes with getUpdates, as from Telegram.
"""

from __future__ import annotations

import itertools
from importlib import resources
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.demo.story import CAST

if TYPE_CHECKING:
    from bot.demo.client import World
    from bot.demo.story import Cast

STATIC = {
    "/": ("index.html", "text/html"),
    "/chat.js": ("chat.js", "text/javascript"),
    "/chat.css": ("chat.css", "text/css"),
}


def _static(name: str) -> bytes:
    return (resources.files("bot.demo") / "web" / name).read_bytes()


class ChatPage:
    """Routes of the page; :attr:`world` is set once the double runs."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.world: World | None = None
        self.people: list[dict[str, Any]] = []
        self._ids = itertools.count(6_000_001)
        self._queries: dict[str, int] = {}
        # a newcomer made on the page comes by the teachers' invite link of the first scenes
        self.invite = ""
        self._newcomers: set[int] = set()

    def setup(self, app: web.Application) -> None:
        for path in STATIC:
            app.router.add_get(path, self._page)
        app.router.add_get("/demo/people", self._people)
        app.router.add_post("/demo/people", self._new_person)
        app.router.add_get("/demo/chats", self._chats)
        app.router.add_get("/demo/messages", self._messages)
        app.router.add_post("/demo/send", self._send)
        app.router.add_post("/demo/press", self._press)
        app.router.add_post("/demo/upload", self._upload)
        app.router.add_get("/demo/file/{file_id}", self._file)

    def cast(self, cast: Cast) -> None:
        """The people of the first scenes, to pick from."""
        people = [cast.admin, *([cast.head] if cast.head else []), *cast.teachers]
        people += cast.coordinators
        assert self.world is not None
        self.people = [{"id": p.id, "name": self.world.names[p.id]} for p in people]
        self.invite = cast.codes.get("teachers", "")

    # -- helpers

    @property
    def _w(self) -> World:
        if self.world is None:
            raise web.HTTPServiceUnavailable(text="starting")
        return self.world

    @staticmethod
    def _int(value: Any) -> int:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise web.HTTPBadRequest(text="a number expected") from None

    def _user(self, user_id: int) -> int:
        if not any(u["id"] == user_id for u in self._w.double.users()):
            raise web.HTTPNotFound(text="no such person")
        return user_id

    def _chat_of(self, user_id: int, chat_id: int) -> int:
        allowed = {user_id} | {g["id"] for g in self._w.double.groups_of(user_id)}
        if chat_id not in allowed:
            raise web.HTTPForbidden(text="not your chat")
        return chat_id

    # -- routes

    async def _page(self, request: web.Request) -> web.Response:
        name, kind = STATIC[request.path]
        return web.Response(body=_static(name), content_type=kind, charset="utf-8")

    async def _people(self, request: web.Request) -> web.Response:
        return web.json_response({"people": self.people, "locale": self.locale})

    async def _new_person(self, request: web.Request) -> web.Response:
        body = await request.json()
        first = str(body.get("first_name") or "").strip()[:64] or CAST["guest"]
        last = str(body.get("last_name") or "").strip()[:64] or None
        user_id = next(self._ids)
        self._w.double.add_user(user_id, first, last_name=last, language_code=self.locale)
        name = f"{first} {last or ''}".strip()
        self._w.names[user_id] = name
        self.people.append({"id": user_id, "name": name})
        self._newcomers.add(user_id)
        return web.json_response({"id": user_id, "name": name})

    async def _chats(self, request: web.Request) -> web.Response:
        user_id = self._user(self._int(request.query.get("user")))
        chats = [{"id": user_id, "title": self._w.t("demo-web-private", locale=self.locale)}]
        chats += [{"id": g["id"], "title": g["title"]} for g in self._w.double.groups_of(user_id)]
        return web.json_response({"chats": chats})

    async def _messages(self, request: web.Request) -> web.Response:
        user_id = self._user(self._int(request.query.get("user")))
        chat_id = self._chat_of(user_id, self._int(request.query.get("chat")))
        double = self._w.double
        out = []
        for message in double.history(chat_id):
            sender = message.get("from") or {}
            item: dict[str, Any] = {
                "id": message["message_id"],
                "mine": sender.get("id") == user_id,
                "bot": bool(sender.get("is_bot")),
                "author": " ".join(
                    x for x in (sender.get("first_name"), sender.get("last_name")) if x
                ),
                "text": message.get("text") or message.get("caption") or "",
                "buttons": [],
            }
            markup = message.get("reply_markup") or {}
            for row in markup.get("inline_keyboard") or markup.get("keyboard") or []:
                item["buttons"].append(
                    [
                        {
                            "text": b.get("text", "") if isinstance(b, dict) else str(b),
                            "data": b.get("callback_data") if isinstance(b, dict) else None,
                            "url": b.get("url") if isinstance(b, dict) else None,
                        }
                        for b in row
                    ]
                )
            if message.get("document"):
                doc = message["document"]
                item["file"] = {"id": doc["file_id"], "name": doc.get("file_name") or "file"}
            elif message.get("photo"):
                item["file"] = {"id": message["photo"][-1]["file_id"], "name": "picture.png"}
                item["picture"] = True
            out.append(item)
        toasts = [
            a.get("text")
            for a in double.callback_answers()
            if a.get("text") and self._queries.get(str(a.get("callback_query_id"))) == user_id
        ]
        start = f"/start {self.invite}".strip() if user_id in self._newcomers else "/start"
        return web.json_response({"messages": out, "toasts": toasts, "start": start})

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_id = self._user(self._int(body.get("user")))
        chat_id = self._chat_of(user_id, self._int(body.get("chat")))
        text = str(body.get("text") or "").strip()
        if not text:
            raise web.HTTPBadRequest(text="empty")
        double = self._w.double
        double.enqueue(double.message_update(user_id, text[:4096], chat_id=chat_id))
        return web.json_response({"ok": True})

    async def _press(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_id = self._user(self._int(body.get("user")))
        chat_id = self._chat_of(user_id, self._int(body.get("chat")))
        message_id = self._int(body.get("message"))
        data = str(body.get("data") or "")
        double = self._w.double
        message = next((m for m in double.messages(chat_id) if m["message_id"] == message_id), None)
        if message is None or not data:
            raise web.HTTPNotFound(text="no such message")
        update = double.callback_update(user_id, message, data)
        self._queries[update["callback_query"]["id"]] = user_id
        double.enqueue(update)
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        user_id = self._user(self._int(form.get("user")))
        chat_id = self._chat_of(user_id, self._int(form.get("chat")))
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            raise web.HTTPBadRequest(text="no file")
        content = upload.file.read()
        document = (upload.filename or "file", content, upload.content_type or "")
        double = self._w.double
        double.enqueue(double.message_update(user_id, document=document, chat_id=chat_id))
        return web.json_response({"ok": True})

    async def _file(self, request: web.Request) -> web.Response:
        try:
            content = self._w.double.file_bytes(request.match_info["file_id"])
        except KeyError:
            raise web.HTTPNotFound(text="no such file") from None
        name = request.query.get("name") or "file"
        return web.Response(
            body=content,
            content_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
