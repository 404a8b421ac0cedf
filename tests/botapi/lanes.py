"""Long polling for several instances of one bot against one double: a lane per instance.

Telegram hands a bot's updates to one poller (a second gets 409 Conflict), which is why several
instances are deployed with a webhook behind a load balancer. To run several instances in
polling mode, each gets a :class:`Lane`: a small server in front of the double that answers
``getUpdates`` from the lane's own queue and passes every other request to the double as it
came. The test plays the load balancer (it chooses the lane of each update) and can tell which
instance sent what (:attr:`Lane.sent`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from typing import Any

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
        self._queue: deque[dict[str, Any]] = deque()
        self._event = asyncio.Event()
        self._closing = False
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
        self._closing = True
        self._event.set()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def enqueue(self, update: dict[str, Any]) -> None:
        """Give an update (built by the double) to this lane's instance."""
        self._queue.append(update)
        self._event.set()

    def pending(self) -> list[dict[str, Any]]:
        return list(self._queue)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.path.rsplit("/", 1)[-1].lower()
        if method == "getupdates":
            return await self._get_updates(request)
        assert self._session is not None
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

    async def _get_updates(self, request: web.Request) -> web.Response:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict((await request.post()).items()))
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 50.0)
        limit = int(params.get("limit") or 100)
        while self._queue and self._queue[0]["update_id"] < offset:
            self._queue.popleft()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self._queue and not self._closing and loop.time() < deadline:
            self._event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), deadline - loop.time())
        batch = list(self._queue)[:limit]
        return web.json_response({"ok": True, "result": batch})
