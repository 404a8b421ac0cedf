"""Several instances of one bot against one double: a lane per instance.

Each instance's Bot API calls go through its own :class:`Lane`, a small server in front of the
double that passes every request on as it came and keeps the chats the instance sent a message
to (:attr:`Lane.sent`), so that a test can tell which instance sent what. Updates do not come
through the lanes: the double posts them as webhooks to the load balancer in front of the
instances (tests/balancer.py).
"""

from __future__ import annotations

import contextlib
import json

import aiohttp
from aiohttp import web

from .double import BotAPIDouble

_SENDS = frozenset(
    m.lower()
    for m in (
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendVideo",
        "sendAudio",
        "sendAnimation",
        "sendVoice",
        "copyMessage",
        "forwardMessage",
    )
)


class Lane:
    def __init__(self, double: BotAPIDouble, name: str) -> None:
        self.double = double
        self.name = name
        self.base_url = ""
        # Chats this lane's instance sent a message to (each send the double accepted).
        self.sent: list[int] = []
        # How many sends the instance has asked for (answered or not yet).
        self.asked = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.path.rsplit("/", 1)[-1].lower()
        assert self._session is not None
        if method in _SENDS:
            self.asked += 1
        headers = {}
        if "Content-Type" in request.headers:
            headers["Content-Type"] = request.headers["Content-Type"]
        async with self._session.request(
            request.method,
            self.double.base_url + request.path_qs,
            data=await request.read(),
            headers=headers,
        ) as answer:
            body = await answer.read()
            status = answer.status
            content_type = answer.content_type
        if method in _SENDS and status == 200:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                self.sent.append(int(json.loads(body)["result"]["chat"]["id"]))
        return web.Response(body=body, status=status, content_type=content_type)
