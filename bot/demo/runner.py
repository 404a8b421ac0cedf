"""The demo's machinery: the Bot API double on 127.0.0.1 and the real bot as its own process.

A temporary folder holds the SQLite database and the bot's log; the bot is migrated first
(``python -m bot migrate``), then started (``python -m bot run``) with the double's token and
address. Everything is stopped and removed on the way out, also when the story fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aiohttp import web

import bot
from bot.clock import FastClock
from bot.demo.double import BotAPIDouble

METHODOLOGIST_ID = 1_000_001
BOT_USERNAME = "shmo_demo_bot"
TIMEZONE = "Europe/Moscow"
START_TIMEOUT = 40.0
STOP_TIMEOUT = 15.0


class BotFailed(Exception):
    """The bot's process could not be migrated or started; the text is its log's tail."""


@dataclass
class Running:
    double: BotAPIDouble
    clock: FastClock
    folder: Path
    process: asyncio.subprocess.Process

    @property
    def log(self) -> Path:
        """The bot's log (its standard error)."""
        return self.folder / "bot.log"

    def log_tail(self, lines: int = 30) -> str:
        return _tail(self.folder / "bot.log", lines)


def _tail(path: Path, lines: int) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def bot_env(double: BotAPIDouble, folder: Path, clock: FastClock, locale: str) -> dict[str, str]:
    """The bot's whole environment: nothing of the caller's settings leaks in."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    source = str(Path(bot.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = source
    env.update(
        BOT_TOKEN=double.token,
        TELEGRAM_API_BASE=double.base_url,
        DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'demo.db'}",
        ADMIN_IDS=str(METHODOLOGIST_ID),
        DEFAULT_LOCALE=locale,
        TIMEZONE=TIMEZONE,
        LOG_LEVEL="INFO",
        DEMO_CLOCK=clock.spec(),
        PYTHONUNBUFFERED="1",
    )
    return env


async def _python(
    args: list[str], env: dict[str, str], cwd: Path, log: Path
) -> asyncio.subprocess.Process:
    handle = log.open("ab")
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            env=env,
            cwd=cwd,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=handle,
            stderr=handle,
        )
    finally:
        handle.close()


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


@contextlib.asynccontextmanager
async def running_bot(
    *,
    start: datetime,
    speed: float,
    locale: str,
    port: int = 0,
    setup: Callable[[web.Application], None] | None = None,
) -> AsyncIterator[Running]:
    """The double and the bot, running; the bot's clock shows ``start`` now and runs
    ``speed`` times fast."""
    folder = Path(tempfile.mkdtemp(prefix="shmo-demo-"))
    double = BotAPIDouble(username=BOT_USERNAME)
    process: asyncio.subprocess.Process | None = None
    try:
        await double.start(port=port, setup=setup)
        clock = FastClock(start, origin=time.time(), speed=speed)
        env = bot_env(double, folder, clock, locale)
        log = folder / "bot.log"
        migrate = await _python(["migrate"], env, folder, log)
        try:
            code = await asyncio.wait_for(migrate.wait(), START_TIMEOUT)
        except TimeoutError:
            await _stop(migrate)
            code = -1
        if code != 0:
            raise BotFailed(_tail(log, 30))
        process = await _python(["run"], env, folder, log)
        waiting = asyncio.ensure_future(
            double.wait_for(lambda: bool(double.calls("getUpdates")), timeout=START_TIMEOUT)
        )
        exited = asyncio.ensure_future(process.wait())
        await asyncio.wait({waiting, exited}, return_when=asyncio.FIRST_COMPLETED)
        for task in (waiting, exited):
            task.cancel()
        if process.returncode is not None or not double.calls("getUpdates"):
            raise BotFailed(_tail(log, 30))
        yield Running(double=double, clock=clock, folder=folder, process=process)
    finally:
        try:
            if process is not None:
                await _stop(process)
        finally:
            await double.stop()
            shutil.rmtree(folder, ignore_errors=True)
