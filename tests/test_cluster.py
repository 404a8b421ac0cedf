"""Several instances of the bot on one PostgreSQL database: real processes (``python -m bot
run``) in webhook mode behind a load balancer — nginx with deploy/nginx's configuration, or a
round-robin stand-in where nginx is not installed (tests/balancer.py) — to which one Bot API
double posts the updates and which it holds to Telegram's limits (tests/instances.py).

Shown: one pace for the bot as a whole (no 429, through the database and through Redis), and
/healthz and /metrics of each instance; one person's two updates on two instances apply one
after the other; an instance killed mid-update frees the person, and the update Telegram
delivers again is not handled again; one scheduler leader, replaced after a SIGKILL, the next
reminder sent once and at most 5 s late; an instance killed in the middle of a broadcast loses
nothing; every database connection cut at once (PostgreSQL restarting) loses nothing either; a
SIGTERM hands over and the others carry on. Skipped with the reason where PostgreSQL
(or, for its test, Redis) is not there.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import text

from bot.cluster import shared_rules
from bot.delivery.pace import SharedPace
from bot.factory import create_runtime
from bot.storage.engine import create_engine
from bot.storage.models import DeliveryStatus, Reminder, ReminderStatus
from bot.storage.pace import DatabasePace, PaceRules, book
from tests import instances as cluster
from tests.botapi import BotAPIDouble
from tests.conftest import make_settings

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def limited() -> AsyncIterator[BotAPIDouble]:
    async with BotAPIDouble(enforce_limits=True) as double:
        yield double


def _received(double: BotAPIDouble, chat_id: int) -> list[str]:
    return [m.get("text", "") for m in double.messages(chat_id)]


def _429s(double: BotAPIDouble) -> int:
    return sum(1 for r in double.requests if r.error_code == 429)


async def _redis_or_skip() -> None:
    try:
        from redis.asyncio import Redis
    except ImportError:
        pytest.skip("the redis package is not installed (pip install '.[redis]')")
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        await client.ping()
        async for key in client.scan_iter("shmo-bot:*"):
            await client.delete(key)
    except Exception as exc:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {exc!r}")
    finally:
        await client.aclose()


@pytest.mark.parametrize("through", ["database", "redis"])
async def test_three_instances_keep_one_pace(
    pg_url: str, limited: BotAPIDouble, tmp_path: Path, through: str
) -> None:
    """A broadcast to 150 people and two more messages each to 10 of them, sent by three
    instances at once: each sends a part, the bot as a whole keeps Telegram's limits. At 20 a
    second (three instances each keeping its own pace would send 60); the default 25 leaves too
    thin a margin for a test on a busy machine — bench/cluster.py measures it. Each instance's
    /healthz and /metrics answer, and /healthz through the balancer."""
    extra = {"SEND_RATE": "20"}
    if through == "redis":
        await _redis_or_skip()
        extra["REDIS_URL"] = REDIS_URL
    uids = cluster.people(610_000_001, 150)
    for uid in uids:
        limited.add_user(uid, "Педагог", started=True)
    engine = cluster.database(pg_url)
    try:
        await cluster.seed_people(engine, uids)
        total = await cluster.enqueue(engine, uids, source="broadcast:1", text="Семинар")
        for n in (2, 3):
            total += await cluster.enqueue(engine, uids[:10], source=f"notice:{n}", text=f"№{n}")
        async with cluster.running(tmp_path, limited, pg_url, 3, **extra) as (front, bots):
            await cluster.wait_all_sent(engine, total, bots, 90)
            health = [await bot.health() for bot in bots]
            series = [await bot.metrics() for bot in bots]
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"{front.base_url}/healthz") as answer,
            ):
                assert answer.status == 200
                assert (await answer.json())["status"] == "ok"
    finally:
        await engine.dispose()
    assert _429s(limited) == 0
    assert all(_received(limited, uid) == ["Семинар", "№2", "№3"] for uid in uids[:10])
    assert all(_received(limited, uid) == ["Семинар"] for uid in uids[10:])
    shares = [len(bot.lane.sent) for bot in bots]
    assert sum(shares) == total
    assert all(shares), f"every instance sends a part: {shares}"
    where = "Redis" if through == "redis" else "the database"
    assert all(f"the pace of sending is shared through {where}" in b.log() for b in bots)
    assert not any("Traceback" in b.log() for b in bots)
    assert [h["status"] for h in health] == ["ok"] * 3
    assert [h["mode"] for h in health] == ["webhook"] * 3
    assert [h["cluster"]["pace"] for h in health] == [through] * 3
    assert sorted(h["cluster"]["scheduler_leader"] for h in health) == [False, False, True]
    assert [s["shmo_messages_sent_total"] for s in series] == shares
    assert [s["shmo_telegram_429_total"] for s in series] == [0, 0, 0]


async def test_a_persons_two_updates_on_two_instances_apply_in_order(
    pg_url: str, double: BotAPIDouble, tmp_path: Path
) -> None:
    """/start reaches one instance, whose every answer takes Telegram a second; the person's
    next /start reaches the other meanwhile (the balancer takes turns). The second instance
    waits for the first to finish: the person sees welcome, consent, welcome, consent — not two
    welcomes in a row."""
    double.add_user(cluster.ADMIN_ID, "Ольга", "Смирнова")
    async with cluster.running(tmp_path, double, pg_url, 2) as (_, bots):
        double.set_latency("sendMessage", 1.0, chat_id=cluster.ADMIN_ID)
        double.enqueue(double.message_update(cluster.ADMIN_ID, "/start"))
        await cluster.wait_until(
            lambda: double.messages(cluster.ADMIN_ID), 30, what="the first answer", instances=bots
        )
        double.enqueue(double.message_update(cluster.ADMIN_ID, "/start"))
        await cluster.wait_until(
            lambda: len(double.messages(cluster.ADMIN_ID)) == 4,
            30,
            what="both answers",
            instances=bots,
        )
    seen = double.messages(cluster.ADMIN_ID)
    kinds = ["consent" if m.get("reply_markup") else "welcome" for m in seen]
    assert kinds == ["welcome", "consent", "welcome", "consent"], [m["text"][:40] for m in seen]
    assert [len(b.lane.sent) for b in bots] == [2, 2], "each instance took one update"
    assert [d.status for d in double.webhook_deliveries] == [200, 200]


async def test_an_instance_killed_mid_update_frees_the_person_and_the_update_is_not_redone(
    pg_url: str, double: BotAPIDouble, tmp_path: Path
) -> None:
    """An instance dies (SIGKILL) in the middle of a person's /start, after the welcome; Telegram
    gets no 200 and posts the update again, which the balancer gives to the other instance. That
    one finds the person free at once (the dead process's lock went with its connection) and the
    update handled already: it is not answered twice. The person's next /start is answered."""
    double.add_user(cluster.ADMIN_ID, "Ольга", "Смирнова")
    async with cluster.running(tmp_path, double, pg_url, 2) as (_, bots):
        double.set_latency("sendMessage", 30.0, chat_id=cluster.ADMIN_ID)
        first = double.message_update(cluster.ADMIN_ID, "/start")
        double.enqueue(first)
        await cluster.wait_until(
            lambda: double.messages(cluster.ADMIN_ID), 30, what="the first answer", instances=bots
        )
        victim = next(b for b in bots if b.lane.asked)
        other = next(b for b in bots if b is not victim)
        await victim.kill()
        double.set_latency("sendMessage", 0.0, chat_id=cluster.ADMIN_ID)
        again = first["update_id"]
        await cluster.wait_until(
            lambda: any(d.update_id == again and d.ok for d in double.webhook_deliveries),
            30,
            what="the update delivered again, and confirmed",
            instances=bots,
        )
        double.enqueue(double.message_update(cluster.ADMIN_ID, "/start"))
        await cluster.wait_until(
            lambda: len(other.lane.sent) == 2, 30, what="the other instance answers", instances=bots
        )
        await asyncio.sleep(0.5)  # anything sent twice would be sent by now
        sent = len(other.lane.sent)
    assert sent == 2, "the next /start only: the update delivered again is not handled again"
    deliveries = [d.ok for d in double.webhook_deliveries if d.update_id == first["update_id"]]
    assert deliveries[0] is False, "the killed instance answered nothing"
    assert deliveries[-1]
    assert "was handled before: this delivery is dropped" in other.log()


async def test_one_leader_and_after_its_sigkill_another_sends_the_next_reminder_once(
    pg_url: str, limited: BotAPIDouble, tmp_path: Path
) -> None:
    uids = cluster.people(620_000_001, 5)
    for uid in uids:
        limited.add_user(uid, "Педагог", started=True)
    engine = cluster.database(pg_url)
    try:
        await cluster.seed_people(engine, uids)
        async with cluster.running(tmp_path, limited, pg_url, 3) as (_, bots):
            await cluster.wait_until(
                lambda: cluster.leaders(engine), 30, what="a leader", instances=bots
            )
            first = await cluster.leaders(engine)
            assert len(first) == 1
            leader = next(b for b in bots if b.name == first[0])
            assert [b.name for b in bots if " leads the scheduler" in b.log()] == first

            # A reminder while the first leader leads: sent once.
            before = await cluster.seed_reminder(
                engine, uids, datetime.now(UTC) + timedelta(seconds=1)
            )
            await cluster.wait_until(
                lambda: all(len(limited.messages(u)) == 1 for u in uids),
                30,
                what="the first reminder",
                instances=bots,
            )
            await leader.kill()
            killed = datetime.now(UTC)
            after = await cluster.seed_reminder(engine, uids, killed + timedelta(seconds=3))

            async def taken_over() -> bool:
                now = await cluster.leaders(engine)
                return len(now) == 1 and now != first

            await cluster.wait_until(taken_over, 15, what="another leader", instances=bots)
            second = await cluster.leaders(engine)
            await cluster.wait_until(
                lambda: all(len(limited.messages(u)) == 2 for u in uids),
                30,
                what="the second reminder",
                instances=bots,
            )
            await asyncio.sleep(1.0)  # anything sent twice would arrive by now
            rows = await cluster.reminder_rows(engine, after)
            async with engine.connect() as conn:
                fired = {
                    r.id: (r.status, r.fired_at)
                    for r in (
                        await conn.execute(
                            Reminder.__table__.select().where(Reminder.id.in_([before, after]))
                        )
                    ).all()
                }
    finally:
        await engine.dispose()
    assert second != first
    assert len(second) == 1
    new_leader = next(b for b in bots if b.name == second[0])
    assert " leads the scheduler" in new_leader.log()
    assert {r: status for r, (status, _) in fired.items()} == {
        before: ReminderStatus.FIRED,
        after: ReminderStatus.FIRED,
    }
    late = (fired[after][1] - (killed + timedelta(seconds=3))).total_seconds()
    assert late <= 5, f"the next reminder fired {late:.1f} s late"
    assert sorted(chat for chat, _ in rows) == uids
    assert all(len(limited.messages(u)) == 2 for u in uids), "each reminder once"
    assert _429s(limited) == 0


async def test_an_instance_killed_mid_broadcast_loses_nothing(
    pg_url: str, limited: BotAPIDouble, tmp_path: Path
) -> None:
    """SIGKILL on one of three instances in the middle of a broadcast: every person gets the
    message; only what was in flight on the killed instance (sent, not yet recorded) may come
    twice; its claimed rows go to the others when their lease runs out."""
    uids = cluster.people(630_000_001, 250)
    for uid in uids:
        limited.add_user(uid, "Педагог", started=True)
    engine = cluster.database(pg_url)
    try:
        await cluster.seed_people(engine, uids)
        total = await cluster.enqueue(engine, uids, source="broadcast:1", text="Семинар")
        async with cluster.running(tmp_path, limited, pg_url, 3) as (_, bots):
            await cluster.wait_until(
                lambda: sum(len(b.lane.sent) for b in bots) >= 60,
                60,
                what="a part sent",
                instances=bots,
            )
            victim = max(bots, key=lambda b: len(b.lane.sent))  # the busiest
            await victim.kill()
            answered = sum(1 for r in limited.calls("sendMessage") if r.ok)
            recorded = (await cluster.statuses(engine))[DeliveryStatus.SENT]
            in_flight = answered - recorded

            await cluster.wait_all_sent(engine, total, bots, 120)
    finally:
        await engine.dispose()
    copies = Counter(chat for bot in bots for chat in bot.lane.sent)
    assert set(copies) == set(uids), "0 lost"
    twice = {chat for chat, n in copies.items() if n > 1}
    assert len(twice) <= in_flight
    assert twice <= set(victim.lane.sent), "only what the killed instance had sent"
    assert _429s(limited) == 0


async def test_the_database_cutting_every_connection_loses_nothing(
    pg_url: str, double: BotAPIDouble, tmp_path: Path
) -> None:
    """PostgreSQL restarting under load, as the instances see it: every connection of theirs
    (pools, person locks, the leader's) is cut at once in the middle of a broadcast and of a
    burst of /start. They reconnect and carry on: every message sent (only what was in flight
    may come twice), every person answered, one leader again."""
    uids = cluster.people(635_000_001, 120)
    talkers = cluster.people(636_000_001, 20)
    for uid in uids:
        double.add_user(uid, "Педагог", started=True)
    for uid in talkers:
        double.add_user(uid, "Ольга", "Смирнова")
    engine = cluster.database(pg_url)
    try:
        await cluster.seed_people(engine, uids)
        total = await cluster.enqueue(engine, uids, source="broadcast:1", text="Семинар")
        async with cluster.running(tmp_path, double, pg_url, 2) as (_, bots):
            await cluster.wait_until(
                lambda: sum(len(b.lane.sent) for b in bots) >= 30,
                60,
                what="a part sent",
                instances=bots,
            )
            for uid in talkers:
                double.enqueue(double.message_update(uid, "/start"))
            async with engine.connect() as conn:
                cut = await conn.scalar(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
            assert cut, "the instances had connections to cut"
            answered = sum(1 for r in double.calls("sendMessage") if r.ok)

            await cluster.wait_all_sent(engine, total, bots, 120)
            await cluster.wait_until(
                lambda: (
                    all(double.messages(uid) for uid in talkers) and not double.pending_updates()
                ),
                120,
                what="everyone answered",
                instances=bots,
            )
            await cluster.wait_until(
                lambda: cluster.leaders(engine), 30, what="a leader again", instances=bots
            )
            leaders = await cluster.leaders(engine)
    finally:
        await engine.dispose()
    copies = Counter(chat for bot in bots for chat in bot.lane.sent if chat in set(uids))
    assert set(copies) == set(uids), "0 lost"
    twice = [chat for chat, n in copies.items() if n > 1]
    assert len(twice) <= answered, "only what was in flight"
    assert len(leaders) == 1
    welcome = "Здравствуйте! Я ШМО-бот"
    for uid in talkers:
        got = [m.get("text", "") for m in double.messages(uid)]
        assert got[-1].startswith(welcome), got  # an apology may come first, never instead
        assert sum(t.startswith(welcome) for t in got) == 1, got


async def test_sigterm_hands_over_and_a_restarted_instance_joins(
    pg_url: str, limited: BotAPIDouble, tmp_path: Path
) -> None:
    """A rolling restart: the leader gets SIGTERM in the middle of a broadcast, exits 0, gives
    back what it claimed and the scheduler; another instance leads, and the restarted one joins
    as a stand-by. Nothing lost, nothing sent twice."""
    uids = cluster.people(640_000_001, 200)
    for uid in uids:
        limited.add_user(uid, "Педагог", started=True)
    engine = cluster.database(pg_url)
    try:
        await cluster.seed_people(engine, uids)
        total = await cluster.enqueue(engine, uids, source="broadcast:1", text="Семинар")
        async with cluster.running(tmp_path, limited, pg_url, 3) as (_, bots):
            await cluster.wait_until(
                lambda: cluster.leaders(engine), 30, what="a leader", instances=bots
            )
            (first,) = await cluster.leaders(engine)
            leader = next(b for b in bots if b.name == first)
            await cluster.wait_until(
                lambda: len(leader.lane.sent) >= 10, 60, what="a part sent", instances=bots
            )
            code = await leader.terminate()

            async def taken_over() -> bool:
                now = await cluster.leaders(engine)
                return len(now) == 1 and now != [first]

            await cluster.wait_until(taken_over, 15, what="another leader", instances=bots)
            await cluster.launch(leader, limited, pg_url)
            await cluster.wait_until(
                lambda: leader.log().count(cluster.TAKING) == 2,
                180,
                what="the restarted instance stands by",
                instances=bots,
            )

            await cluster.wait_all_sent(engine, total, bots, 120)
            leading = await cluster.leaders(engine)
    finally:
        await engine.dispose()
    assert code == 0
    assert "hands the scheduler over" in leader.log()
    assert len(leading) == 1
    assert leading != [first]
    copies = Counter(chat for bot in bots for chat in bot.lane.sent)
    assert copies == Counter(uids), "each person once"
    assert _429s(limited) == 0
    assert not any("Traceback" in b.log() for b in bots)


async def test_redis_configured_but_down_keeps_the_pace_through_the_database(
    pg_url: str, limited: BotAPIDouble, caplog: pytest.LogCaptureFixture
) -> None:
    # without the package there is no Redis client to find Redis down (the bot logs that)
    pytest.importorskip(
        "redis", reason="the redis package is not installed (pip install '.[redis]')"
    )
    settings = make_settings(limited, pg_url, redis_url="redis://127.0.0.1:1/0")
    runtime = create_runtime(settings)
    engine = runtime.engine
    uids = cluster.people(650_000_001, 40)
    for uid in uids:
        limited.add_user(uid, "Педагог", started=True)
    try:
        await cluster.seed_people(engine, uids)
        total = await cluster.enqueue(engine, uids, source="broadcast:1", text="Семинар")
        with caplog.at_level(logging.WARNING):
            await runtime.cluster.start()
            stats = await runtime.sender.drain()
        health = runtime.cluster.health()
    finally:
        await runtime.cluster.stop()
        await runtime.aclose()
    assert isinstance(runtime.sender.pacer, SharedPace)
    assert health["redis"] == "unreachable"
    assert health["degraded"]
    assert health["pace"] == "database"
    assert "Redis (REDIS_URL) is configured but unreachable" in caplog.text
    assert stats.sent == total
    assert _429s(limited) == 0


async def test_on_sqlite_one_process_leads_and_keeps_its_own_pace(
    sqlite_template: Path, tmp_path: Path, double: BotAPIDouble
) -> None:
    import shutil

    path = tmp_path / "shmo.db"
    shutil.copy(sqlite_template, path)
    runtime = create_runtime(make_settings(double, f"sqlite+aiosqlite:///{path}"))
    try:
        health = runtime.cluster.health()
    finally:
        await runtime.aclose()
    assert health["shared"] is False
    assert health["pace"] == "local"
    assert health["scheduler_leader"] is True
    assert health["redis"] is None


def test_a_busy_chat_books_nothing_and_the_timeline_keeps_its_spacing() -> None:
    rules = PaceRules(interval=0.04)
    moments: dict[int, list[float]] = {}
    bookings, next_free = book(rules, 100.0, 0.0, 0.0, [5, 6, 5, -7], moments)
    assert [(b.go, round(b.at, 3)) for b in bookings] == [
        (True, 100.0),
        (True, 100.04),
        (False, 101.1),  # chat 5 again: not before 1.1 s after its moment
        (True, 100.08),
    ]
    assert round(next_free, 3) == 100.12
    group = [float(n) for n in range(20)]
    bookings, _ = book(rules, 20.0, 0.0, 0.0, [-7], {-7: group})
    assert bookings[0].go is False
    assert bookings[0].at == pytest.approx(61.0), "20 a minute to a group"
    bookings, _ = book(rules, 100.0, 0.0, 130.0, [8], {})
    assert bookings[0].at == pytest.approx(130.0), "a pause holds the timeline"


def test_the_shared_timeline_is_never_closer_than_telegram_allows() -> None:
    assert shared_rules(25).interval == pytest.approx(0.04)
    assert 1 / shared_rules(30).interval < 29, "a moment late by the grace stays within 30/s"


async def test_instances_booking_at_once_get_each_moment_once(database_url: str) -> None:
    """Three instances' bookers on one database at once: 150 messages (25 chats get three)
    get moments one interval apart on one timeline, never two at once; a chat's moments are
    1.1 s apart or it is told to wait."""
    engines = [create_engine(database_url) for _ in range(3)]
    rules = PaceRules(interval=0.04)
    paces = [DatabasePace(engine, rules, wall=lambda: 1_000_000.0) for engine in engines]
    parts = [[n * 1000 + c for c in range(1, 51)] for n in range(3)]
    parts[1][:25] = list(range(1, 26))
    parts[2][:25] = list(range(1, 26))
    batches = [
        (pace, part[i : i + 10])
        for pace, part in zip(paces, parts, strict=True)
        for i in range(0, 50, 10)
    ]
    try:
        results = await asyncio.gather(*(pace.book(chats) for pace, chats in batches))
    finally:
        for engine in engines:
            await engine.dispose()
    per_chat: dict[int, list[float]] = {}
    moments, waits = [], []
    for (_, chats), bookings in zip(batches, results, strict=True):
        for chat, booking in zip(chats, bookings, strict=True):
            if booking.go:
                moments.append(booking.at - 1_000_000.0)
                per_chat.setdefault(chat, []).append(booking.at - 1_000_000.0)
            else:
                waits.append(booking.at - 1_000_000.0)
    moments.sort()
    assert len(moments) + len(waits) == 150
    assert moments == pytest.approx([0.04 * n for n in range(len(moments))], abs=1e-3)
    assert all(b - a >= 1.1 - 1e-3 for m in per_chat.values() for a, b in pairwise(sorted(m))), (
        per_chat
    )
    assert all(wait > 0 for wait in waits)
