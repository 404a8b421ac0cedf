"""Webhook mode: real bot processes (`python -m bot run`) take updates as webhooks from the Bot API
double, guard the door (secret, malformed bodies), answer /healthz and /metrics, stop
gracefully; two instances behind nginx with the configuration in deploy/nginx."""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import json
import signal
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from bot import metrics
from bot.server import HttpServer
from bot.storage.engine import create_engine
from bot.storage.models import Base, Reminder, ReminderStatus
from bot.storage.unit import unit_of_work
from tests.balancer import NGINX, NGINX_MISSING, Balancer, free_port
from tests.botapi import SECRET_HEADER, BotAPIDouble
from tests.conftest import ADMIN_ID
from tests.harness import Harness
from tests.test_delivery import enqueue, people
from tests.test_process import _env, _python

ROOT = Path(__file__).resolve().parent.parent
SECRET = "test-secret_0123456789"
Series = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def test_the_metrics_and_the_core_know_nothing_of_telegram() -> None:
    """bot.metrics is called by any layer: it, like services, storage, delivery and the
    scheduler, imports neither aiogram nor aiohttp."""
    files = [ROOT / "bot" / "metrics.py"]
    for layer in ("services", "storage", "delivery", "scheduler"):
        files += sorted((ROOT / "bot" / layer).rglob("*.py"))
    offenders = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in ("aiogram", "aiohttp")
            ]
    assert offenders == []


async def test_metrics_count_sends_and_429s_and_read_the_backlog(harness: Harness) -> None:
    """/metrics, in process: the sender's counters, Telegram's 429 answers, the outbox's depth
    and the reminders' lateness read from the database when scraped."""
    server = HttpServer(harness.runtime, sender_alive=lambda: True, webhook=False)
    await server.start("127.0.0.1", 0)
    port = int(server.address.rsplit(":", 1)[1])
    try:
        metrics.count_deliveries(lambda: dataclasses.asdict(harness.runtime.sender.stats))
        rate_limited = ("shmo_telegram_429_total", ())
        before = (await _series(port))[rate_limited]
        now = harness.clock.now()
        async with unit_of_work(harness.runtime.sessions) as repo:
            for due, status, fired in (
                (now - timedelta(minutes=10), ReminderStatus.PENDING, None),
                (now - timedelta(minutes=1), ReminderStatus.PENDING, None),
                (now + timedelta(minutes=5), ReminderStatus.PENDING, None),
                (now - timedelta(hours=2), ReminderStatus.FIRED, now - timedelta(hours=1)),
                (now - timedelta(hours=1), ReminderStatus.FIRED, now - timedelta(minutes=59)),
            ):
                repo.session.add(
                    Reminder(
                        source_kind="event",
                        source_id=1,
                        minutes_before=0,
                        due_at=due,
                        status=status,
                        fired_at=fired,
                    )
                )
        await people(harness, 3)
        await enqueue(harness, [8000, 8001, 8002])
        harness.clock.advance(timedelta(seconds=30))

        series = await _series(port)
        assert series[("shmo_outbox_messages", (("status", "pending"),))] == 3
        assert series[("shmo_outbox_oldest_due_seconds", ())] == 30
        assert series[("shmo_reminder_overdue_seconds", ())] == 630
        assert series[("shmo_reminder_lateness_seconds", ())] == 60
        assert series[("shmo_messages_sent_total", ())] == 0

        harness.double.fail_next("sendMessage", error_code=429, retry_after=1)
        await harness.runtime.sender.drain()
        series = await _series(port)
        assert series[("shmo_messages_sent_total", ())] == 3
        assert series[("shmo_messages_failed_total", ())] == 0
        assert series[rate_limited] == before + 1
        assert series[("shmo_outbox_messages", (("status", "pending"),))] == 0
        assert series[("shmo_outbox_oldest_due_seconds", ())] == 0
    finally:
        await server.stop()


async def _start_bot(
    tmp_path: Path,
    double: BotAPIDouble,
    database_url: str,
    *,
    port: int,
    instance: str,
    front: int | None = None,
    admins: str = str(ADMIN_ID),
    **extra: str,
) -> asyncio.subprocess.Process:
    """A bot in webhook mode listening on ``port``; Telegram posts to ``front`` (nginx) when
    given, else straight to the bot."""
    env = _env(
        tmp_path,
        BOT_TOKEN=double.token,
        TELEGRAM_API_BASE=double.base_url,
        ADMIN_IDS=admins,
        DATABASE_URL=database_url,
        WEBHOOK_URL=f"http://127.0.0.1:{front or port}/webhook",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_PORT=str(port),
        INSTANCE_ID=instance,
        LOG_LEVEL="DEBUG",
        **extra,
    )
    return await _python("run", env=env, cwd=tmp_path)


async def _request(
    method: str, url: str, body: str | None = None, secret: str | None = None
) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    async with (
        aiohttp.ClientSession() as http,
        http.request(method, url, data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


async def _wait_healthy(port: int, proc: asyncio.subprocess.Process, within: float = 60) -> None:
    """Until the instance answers /healthz with 200; its log if it exits first."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        if proc.returncode is not None:
            _, err = await proc.communicate()
            pytest.fail(f"the bot exited with {proc.returncode}:\n{err.decode()[-3000:]}")
        try:
            status, _ = await _request("GET", f"http://127.0.0.1:{port}/healthz")
            if status == 200:
                return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    pytest.fail(f"no healthy bot on port {port} within {within} s")


async def _series(port: int) -> Series:
    status, text = await _request("GET", f"http://127.0.0.1:{port}/metrics")
    assert status == 200, text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def _stop(proc: asyncio.subprocess.Process) -> str:
    """SIGTERM, then the log; the process must exit cleanly."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    log = err.decode()
    assert proc.returncode == 0, log[-3000:]
    assert "Traceback" not in log, log[max(0, log.find("Traceback") - 1500) :][:6000]
    return log


async def _row_counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return {
                table.name: int(await conn.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }
    finally:
        await engine.dispose()


def _handled(series: Series, kind: str = "message") -> float:
    return series.get(("shmo_update_handling_seconds_count", (("type", kind),)), 0.0)


async def test_webhook_mode_answers_and_guards_the_door(tmp_path: Path, database_url: str) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/webhook"
    async with BotAPIDouble() as double:
        double.add_user(ADMIN_ID, "Ольга", "Смирнова")
        proc = await _start_bot(tmp_path, double, database_url, port=port, instance="solo")
        try:
            await _wait_healthy(port, proc)
            await double.wait_for(lambda: bool(double.webhook_url), timeout=30)
            [call] = double.calls("setWebhook")
            assert call.params["url"] == hook
            assert call.params["secret_token"] == SECRET
            assert not call.params.get("drop_pending_updates")
            assert "message" in call.params["allowed_updates"]

            # an update delivered as a webhook is answered
            double.enqueue(double.message_update(ADMIN_ID, "/start"))
            await double.wait_for(lambda: bool(double.webhook_deliveries), timeout=30)
            welcome, consent = double.messages(ADMIN_ID)
            assert welcome["text"].startswith("Здравствуйте! Я ШМО-бот")
            assert consent["reply_markup"]["inline_keyboard"][0][0]["text"] == "Согласен"
            assert [d.status for d in double.webhook_deliveries] == [200]
            assert double.pending_updates() == []

            # the door: no secret, a wrong one, bodies that are not updates
            before = await _row_counts(database_url)
            help_update = double.message_update(ADMIN_ID, "/help")
            update = json.dumps(help_update)
            assert (await _request("POST", hook, update))[0] == 403
            assert (await _request("POST", hook, update, secret="wrong-secret"))[0] == 403
            malformed = [
                "not json",
                "[]",
                '{"update_id": "x"}',
                '{"message": {"text": "/help"}}',
                json.dumps({**help_update, "message": {**help_update["message"], "chat": "x"}}),
            ]
            for body in malformed:
                assert (await _request("POST", hook, body, secret=SECRET))[0] == 400, body
            assert await _row_counts(database_url) == before
            assert len(double.messages(ADMIN_ID)) == 2

            status, text = await _request("GET", f"http://127.0.0.1:{port}/healthz")
            assert status == 200
            health = json.loads(text)
            cluster = health.pop("cluster")
            assert health == {
                "status": "ok",
                "instance": "solo",
                "mode": "webhook",
                "checks": {"database": "ok", "migrations": "ok", "sender": "ok"},
            }
            # the one instance leads the scheduler; no Redis configured, nothing degraded
            assert cluster["scheduler_leader"] is True
            assert cluster["redis"] is None
            assert cluster["degraded"] is False
            series = await _series(port)
            assert _handled(series) == 1
            assert series[("shmo_webhook_rejected_total", (("reason", "secret"),))] == 2
            assert series[("shmo_webhook_rejected_total", (("reason", "malformed"),))] == len(
                malformed
            )
            assert series[("shmo_instance_info", (("instance_id", "solo"), ("mode", "webhook")))]
            assert series[("shmo_outbox_messages", (("status", "pending"),))] == 0
            assert series[("shmo_outbox_messages", (("status", "sending"),))] == 0
            for name in (
                "shmo_messages_sent_total",
                "shmo_messages_failed_total",
                "shmo_telegram_429_total",
                "shmo_updates_in_flight",
                "shmo_outbox_oldest_due_seconds",
                "shmo_reminder_overdue_seconds",
            ):
                assert (name, ()) in series, name
        finally:
            log = await _stop(proc)
    assert "refused: no secret token" in log
    assert "refused: a wrong secret token" in log
    assert "refused: the body is not an update" in log
    for secret in (SECRET, "wrong-secret", double.token, double.token.partition(":")[2]):
        assert secret not in log


async def test_an_update_posted_again_while_it_is_handled_is_answered_once(
    tmp_path: Path, database_url: str
) -> None:
    """Telegram waits a second for the answer; the bot's every message takes Telegram 1.5 s to
    take, so the update is posted again while the bot still handles it. The second delivery
    waits for the person's first to end, finds it handled, and is confirmed without a word."""
    port = free_port()
    async with BotAPIDouble() as double:
        double.webhook_timeout = 1.0
        double.webhook_retry_delay = 0.05
        double.add_user(ADMIN_ID, "Ольга", "Смирнова")
        proc = await _start_bot(tmp_path, double, database_url, port=port, instance="slow")
        try:
            await _wait_healthy(port, proc)
            await double.wait_for(lambda: bool(double.webhook_url), timeout=30)
            double.set_latency("sendMessage", 1.5, chat_id=ADMIN_ID)
            start = double.message_update(ADMIN_ID, "/start")
            double.enqueue(start)
            await double.wait_for(lambda: not double.pending_updates(), timeout=30)
            series = await _series(port)
        finally:
            log = await _stop(proc)
        deliveries = [(d.update_id, d.status) for d in double.webhook_deliveries]
        seen = double.messages(ADMIN_ID)
    assert deliveries[0] == (start["update_id"], None), "Telegram gave up waiting"
    assert deliveries[-1] == (start["update_id"], 200)
    assert [m.get("reply_markup") is not None for m in seen] == [False, True], "welcome, consent"
    assert series[("shmo_updates_redelivered_total", ())] >= 1
    assert "was handled before: this delivery is dropped" in log


async def test_a_busy_port_is_one_line(tmp_path: Path, sqlite_template: Path) -> None:
    db = tmp_path / "shmo.db"
    db.write_bytes(sqlite_template.read_bytes())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        async with BotAPIDouble() as double:
            proc = await _start_bot(
                tmp_path, double, f"sqlite+aiosqlite:///{db}", port=port, instance="late"
            )
            _, err = await asyncio.wait_for(proc.communicate(), 60)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 1
    assert lines[-1].startswith(f"Не удаётся принимать запросы на 127.0.0.1:{port}"), lines[-5:]
    assert "Traceback" not in err.decode()


async def test_sigterm_stops_listening_and_finishes_what_it_took(
    tmp_path: Path, database_url: str
) -> None:
    """Telegram keeps three requests open at once (UPDATES_AT_ONCE=3); every message takes it
    half a second to take. SIGTERM comes in the middle: the bot stops taking requests, finishes the
    updates it took (welcome and consent each), and the rest stay with Telegram."""
    port = free_port()
    people = list(range(7_100_001, 7_100_011))
    async with BotAPIDouble() as double:
        double.webhook_retry_delay = 0.05
        for uid in people:
            double.add_user(uid, "Ольга", "Смирнова")
        proc = await _start_bot(
            tmp_path,
            double,
            database_url,
            port=port,
            instance="stopping",
            admins=",".join(map(str, people)),
            UPDATES_AT_ONCE="3",
        )
        try:
            await _wait_healthy(port, proc)
            assert double.calls("setWebhook")[0].params["max_connections"] == 3
            double.set_latency("sendMessage", 0.5)
            for uid in people:
                double.enqueue(double.message_update(uid, "/start"))
            await double.wait_for(lambda: bool(double.calls("sendMessage")), timeout=30)
        finally:
            await _stop(proc)
        pending = {u["message"]["from"]["id"] for u in double.pending_updates()}
        answers = {uid: len(double.messages(uid)) for uid in people}
    taken = set(people) - pending
    assert taken
    assert pending
    assert {answers[uid] for uid in taken} == {2}, answers
    assert {answers[uid] for uid in pending} == {0}, answers


async def test_polling_serves_health_and_metrics_on_metrics_port(
    tmp_path: Path, database_url: str
) -> None:
    """Long polling stays the default; METRICS_PORT serves /healthz and /metrics; a webhook left
    from a run behind a load balancer is deleted, and what waited there comes by polling."""
    port = free_port()
    async with BotAPIDouble() as double:
        double.webhook_retry_delay = 0.05
        double.add_user(ADMIN_ID, "Ольга", "Смирнова")
        async with aiohttp.ClientSession() as http:
            left = {"url": f"http://127.0.0.1:{free_port()}/webhook"}
            async with http.post(f"{double.base_url}/bot{double.token}/setWebhook", json=left):
                pass
        double.enqueue(double.message_update(ADMIN_ID, "/start"))
        env = _env(
            tmp_path,
            BOT_TOKEN=double.token,
            TELEGRAM_API_BASE=double.base_url,
            ADMIN_IDS=str(ADMIN_ID),
            DATABASE_URL=database_url,
            METRICS_PORT=str(port),
            INSTANCE_ID="poller",
        )
        proc = await _python("run", env=env, cwd=tmp_path)
        try:
            await double.wait_for(lambda: len(double.messages(ADMIN_ID)) == 2, timeout=60)
            assert double.webhook_url == ""
            assert double.calls("getUpdates")
            await _wait_healthy(port, proc)
            _, text = await _request("GET", f"http://127.0.0.1:{port}/healthz")
            assert json.loads(text)["mode"] == "polling"
            series = await _series(port)
            assert _handled(series) == 1
            assert series[("shmo_instance_info", (("instance_id", "poller"), ("mode", "polling")))]
            # no webhook here
            assert (await _request("POST", f"http://127.0.0.1:{port}/webhook", "{}"))[0] == 404
        finally:
            log = await _stop(proc)
    assert "a webhook was set" in log


# ---------------------------------------------------------------------------- behind nginx


@pytest.fixture
async def nginx(tmp_path: Path) -> AsyncIterator[Balancer]:
    """nginx with deploy/nginx's configuration in front of two instance ports."""
    if not NGINX.exists():
        pytest.skip(NGINX_MISSING)
    async with Balancer(tmp_path, 2, stand_in=False) as front:
        yield front


async def test_two_instances_behind_nginx(tmp_path: Path, pg_url: str, nginx: Balancer) -> None:
    """Telegram posts to nginx, which spreads the updates over two instances on one PostgreSQL:
    each update is answered once, both instances take some; one instance stopped (a rolling
    restart), the other takes everything and nothing is lost."""
    front, ports, hook = nginx.port, nginx.ports, nginx.url
    people = list(range(7_200_001, 7_200_031))
    first, later = people[:24], people[24:]
    async with BotAPIDouble() as double:
        for uid in people:
            double.add_user(uid, "Ольга", "Смирнова")
        procs = [
            await _start_bot(
                tmp_path,
                double,
                pg_url,
                port=port,
                front=front,
                instance=name,
                admins=",".join(map(str, people)),
            )
            for port, name in zip(ports, ("a", "b"), strict=True)
        ]
        logs = []
        try:
            for port, proc in zip(ports, procs, strict=True):
                await _wait_healthy(port, proc)
            await double.wait_for(lambda: double.webhook_url == hook, timeout=30)
            for uid in first:
                double.enqueue(double.message_update(uid, "/start"))
            await double.wait_for(lambda: len(double.webhook_deliveries) == len(first), timeout=60)
            handled = [_handled(await _series(port)) for port in ports]
            assert sum(handled) == len(first)
            assert min(handled) > 0, handled
            assert [d.status for d in double.webhook_deliveries] == [200] * len(first)

            # through nginx: /healthz answers, /metrics stays inside, the secret is checked
            status, text = await _request("GET", f"http://127.0.0.1:{front}/healthz")
            assert status == 200
            assert json.loads(text)["status"] == "ok"
            assert (await _request("GET", f"http://127.0.0.1:{front}/metrics"))[0] == 404
            update = json.dumps(double.message_update(first[0], "/help"))
            assert (await _request("POST", hook, update, secret="wrong-secret"))[0] == 403
            assert (await _request("POST", hook, update))[0] == 403
            assert (await _request("POST", hook, "[]", secret=SECRET))[0] == 400

            # a rolling restart: instance a stops, b takes every update
            logs.append(await _stop(procs[0]))
            for uid in later:
                double.enqueue(double.message_update(uid, "/start"))
            await double.wait_for(lambda: not double.pending_updates(), timeout=60)
            assert _handled(await _series(ports[1])) == handled[1] + len(later)
            assert {len(double.messages(uid)) for uid in people} == {2}
        finally:
            for proc in procs:
                if proc.returncode is None:
                    logs.append(await _stop(proc))
    for log in logs:
        assert SECRET not in log
        assert double.token not in log
