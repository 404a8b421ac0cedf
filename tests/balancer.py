"""The load balancer in front of several bot instances in webhook mode, for the tests and
bench/cluster.py: nginx with the configuration in deploy/nginx where nginx is installed
(Debian's package: /usr/sbin/nginx), else a round-robin stand-in in the test's process.

The stand-in keeps the tests of several instances running where nginx is not (they need more
than one instance behind one address, which going straight to one instance's port cannot give);
it does what the tests rely on from deploy/nginx: each request to one instance in turn, a
refused connection tried on the next, a request an instance has taken never sent to another,
``/webhook`` and ``/healthz`` passed on, anything else 404. What it does not show is that
deploy/nginx's own file works: :attr:`Balancer.kind` says which one runs, and the tests that are
about that file (test_webhook.py) skip without nginx, saying so.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import signal
import socket
from pathlib import Path

import aiohttp
from aiohttp import web

from tests.botapi import SECRET_HEADER

ROOT = Path(__file__).resolve().parent.parent
NGINX = Path("/usr/sbin/nginx")
NGINX_MISSING = "nginx is not installed here (Debian's package puts it at /usr/sbin/nginx)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def nginx_conf(prefix: Path, front: int, ports: list[int]) -> Path:
    """nginx.conf for a test: the upstream of deploy/nginx/shmo-bot.conf pointed at the test's
    instances, and a plain-HTTP server with deploy/nginx/shmo-bot-locations.conf as it is."""
    site = (ROOT / "deploy" / "nginx" / "shmo-bot.conf").read_text(encoding="utf-8")
    upstream = re.search(r"^upstream shmo_bot \{.*?^\}", site, re.DOTALL | re.MULTILINE)
    assert upstream is not None, "deploy/nginx/shmo-bot.conf has no upstream shmo_bot"
    servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+( [^;]*)?;", upstream.group(0), re.MULTILINE)
    assert servers, "the upstream lists no instance"
    lines = "\n".join(f"    server 127.0.0.1:{port}{servers[0]};" for port in ports)
    upstream_block = re.sub(
        r"(^\s*server 127\.0\.0\.1:\d+[^;]*;\n?)+",
        lines + "\n",
        upstream.group(0),
        count=1,
        flags=re.MULTILINE,
    )
    locations = ROOT / "deploy" / "nginx" / "shmo-bot-locations.conf"
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/temp/body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
{upstream_block}
    server {{
        listen 127.0.0.1:{front};
        server_name localhost;
        include {locations};
    }}
}}
""",
        encoding="utf-8",
    )
    return conf


class Balancer:
    """One address (:attr:`url` is the webhook's) in front of ``count`` instance ports
    (:attr:`ports`); ``async with`` starts and stops it."""

    def __init__(self, place: Path, count: int, *, stand_in: bool | None = None) -> None:
        self.place = place
        self.port = free_port()
        self.ports = [free_port() for _ in range(count)]
        self.kind = (
            "stand-in" if (not NGINX.exists() if stand_in is None else stand_in) else "nginx"
        )
        self._nginx: asyncio.subprocess.Process | None = None
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self._turn = itertools.cycle(range(count))

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The webhook's URL (WEBHOOK_URL of every instance)."""
        return f"{self.base_url}/webhook"

    async def __aenter__(self) -> Balancer:
        if self.kind == "nginx":
            await self._start_nginx()
        else:
            await self._start_stand_in()
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._nginx is not None:
            proc, self._nginx = self._nginx, None
            proc.send_signal(signal.SIGQUIT)
            await asyncio.wait_for(proc.communicate(), 30)
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        if self._http is not None:
            http, self._http = self._http, None
            await http.close()

    # --- nginx ------------------------------------------------------------------------------

    async def _start_nginx(self) -> None:
        prefix = self.place / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = nginx_conf(prefix, self.port, self.ports)
        args = [str(NGINX), "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"), "-c"]
        check = await asyncio.create_subprocess_exec(
            *args, str(conf), "-t", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        _, err = await check.communicate()
        assert check.returncode == 0, err.decode()
        self._nginx = await asyncio.create_subprocess_exec(
            *args, str(conf), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        async with aiohttp.ClientSession() as http:
            while True:
                try:
                    async with http.get(f"{self.base_url}/nothing"):
                        return
                except aiohttp.ClientError:
                    assert loop.time() < deadline, "nginx did not start"
                    await asyncio.sleep(0.1)

    # --- the stand-in -----------------------------------------------------------------------

    async def _start_stand_in(self) -> None:
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_post("/webhook", self._pass)
        app.router.add_get("/healthz", self._pass)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._http = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=60, connect=2),
            connector=aiohttp.TCPConnector(limit=0),
        )

    async def _pass(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        headers = {"X-Real-IP": request.remote or ""}
        for name in ("Content-Type", SECRET_HEADER):
            if name in request.headers:
                headers[name] = request.headers[name]
        for _ in range(min(3, len(self.ports))):
            port = self.ports[next(self._turn)]
            try:
                async with self._http.request(
                    request.method,
                    f"http://127.0.0.1:{port}{request.path_qs}",
                    data=body,
                    headers=headers,
                ) as answer:
                    return web.Response(
                        body=await answer.read(),
                        status=answer.status,
                        content_type=answer.content_type,
                    )
            except aiohttp.ClientConnectorError:
                continue  # refused: the next instance, as nginx's proxy_next_upstream error
            except (aiohttp.ClientError, TimeoutError):
                break  # taken and lost: never to another instance; Telegram sends it again
        return web.Response(status=502, text="Bad Gateway")
