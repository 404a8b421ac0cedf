"""The real process: `python -m bot run` against the Bot API double, long polling, signals."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from tests.botapi import BotAPIDouble
from tests.conftest import ADMIN_ID

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    env["PYTHONPATH"] = str(ROOT)
    env.update(values)
    return env


async def _python(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_without_a_token_it_says_so_in_one_line(tmp_path: Path) -> None:
    proc = await _python("run", env=_env(tmp_path), cwd=tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    lines = err.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Ошибка настройки BOT_TOKEN: не задана.")


async def test_run_answers_start_and_stops_on_sigterm(
    tmp_path: Path, sqlite_template: Path
) -> None:
    db = tmp_path / "data" / "shmo.db"
    db.parent.mkdir()
    shutil.copy(sqlite_template, db)
    async with BotAPIDouble() as double:
        env = _env(
            tmp_path,
            BOT_TOKEN=double.token,
            TELEGRAM_API_BASE=double.base_url,
            ADMIN_IDS=str(ADMIN_ID),
            DATABASE_URL=f"sqlite+aiosqlite:///{db}",
            LOG_LEVEL="DEBUG",
        )
        proc = await _python("run", env=env, cwd=tmp_path)
        try:
            double.add_user(ADMIN_ID, "Ольга", "Смирнова")
            double.enqueue(double.message_update(ADMIN_ID, "/start"))
            await double.wait_for(lambda: len(double.messages(ADMIN_ID)) == 2, timeout=90)
            welcome, consent = double.messages(ADMIN_ID)
            assert welcome["text"].startswith("Здравствуйте! Я ШМО-бот")
            assert consent["reply_markup"]["inline_keyboard"][0][0]["text"] == "Согласен"
            commands = double.calls("setMyCommands")
            assert {c.params.get("language_code") for c in commands} == {None, "ru", "en"}
            assert double.calls("getUpdates")
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    log = err.decode()
    assert proc.returncode == 0, log
    assert "Traceback" not in log
    assert double.token not in log
    assert double.token.partition(":")[2] not in log


async def test_a_rejected_token_is_one_line(tmp_path: Path, sqlite_template: Path) -> None:
    db = tmp_path / "shmo.db"
    shutil.copy(sqlite_template, db)
    async with BotAPIDouble() as double:
        env = _env(
            tmp_path,
            BOT_TOKEN="987654321:" + "X" * 35,
            TELEGRAM_API_BASE=double.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{db}",
        )
        proc = await _python("run", env=env, cwd=tmp_path)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 2
    assert lines == ["Telegram отклонил токен бота (BOT_TOKEN): проверьте его у @BotFather."]


@pytest.mark.parametrize("target", ["migrate", "run"])
async def test_unreachable_database_is_one_line(tmp_path: Path, target: str) -> None:
    env = _env(
        tmp_path,
        BOT_TOKEN="123456789:" + "A" * 35,
        DATABASE_URL="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        TELEGRAM_API_BASE="http://127.0.0.1:1",
    )
    proc = await _python(target, env=env, cwd=tmp_path)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 1
    assert len(lines) == 1, lines
    assert lines[0].startswith("Не удаётся подключиться к базе данных (DATABASE_URL)")


async def test_sigterm_in_a_burst_finishes_every_update_it_took(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """Twenty methodologists write /start while every message takes Telegram a second to take;
    SIGTERM comes in the middle. Polling has confirmed what the bot took, so Telegram will not
    send it again: each person the bot took gets the whole answer (welcome and consent)."""
    db = tmp_path / "shmo.db"
    shutil.copy(sqlite_template, db)
    people = list(range(7_000_001, 7_000_021))
    async with BotAPIDouble() as double:
        env = _env(
            tmp_path,
            BOT_TOKEN=double.token,
            TELEGRAM_API_BASE=double.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{db}",
            ADMIN_IDS=",".join(map(str, people)),
        )
        proc = await _python("run", env=env, cwd=tmp_path)
        try:
            await double.wait_for(lambda: bool(double.calls("getUpdates")), timeout=90)
            double.set_latency("sendMessage", 1.0)
            for uid in people:
                double.add_user(uid, "Ольга", "Смирнова")
                double.enqueue(double.message_update(uid, "/start"))
            await double.wait_for(lambda: bool(double.calls("sendMessage")), timeout=30)
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
        pending = {u["message"]["from"]["id"] for u in double.pending_updates()}
        answers = {uid: len(double.messages(uid)) for uid in people}
    assert proc.returncode == 0, err.decode()
    taken = set(people) - pending
    assert taken
    assert {answers[uid] for uid in taken} == {2}, answers


async def test_sigterm_finishes_an_update_still_waiting_for_the_persons_turn(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """One person writes /start twice; every message takes Telegram a second, so the second
    waits for the first to finish (a person's updates run one at a time). SIGTERM comes while
    it waits: the bot took it (polling confirmed it), so it is answered too before the stop."""
    db = tmp_path / "shmo.db"
    shutil.copy(sqlite_template, db)
    async with BotAPIDouble() as double:
        env = _env(
            tmp_path,
            BOT_TOKEN=double.token,
            TELEGRAM_API_BASE=double.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{db}",
            ADMIN_IDS=str(ADMIN_ID),
        )
        proc = await _python("run", env=env, cwd=tmp_path)
        try:
            await double.wait_for(lambda: bool(double.calls("getUpdates")), timeout=90)
            double.set_latency("sendMessage", 1.0)
            double.add_user(ADMIN_ID, "Ольга", "Смирнова")
            double.enqueue(double.message_update(ADMIN_ID, "/start"))
            double.enqueue(double.message_update(ADMIN_ID, "/start"))
            await double.wait_for(lambda: not double.pending_updates(), timeout=30)
            await double.wait_for(lambda: bool(double.calls("sendMessage")), timeout=30)
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
        answers = [m["text"][:20] for m in double.messages(ADMIN_ID)]
    log = err.decode()
    assert proc.returncode == 0, log
    assert len(answers) == 4, answers
    assert "Traceback" not in log
    assert "unfinished" not in log
