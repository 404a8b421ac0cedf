"""The outbox and the sender against the Bot API double: limits, faults, restarts."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from sqlalchemy import func, select

from bot.delivery.actions import Action, button
from bot.delivery.sender import Pacer, Sender
from bot.storage.models import (
    BindingKind,
    ChatBinding,
    DeliveryStatus,
    Member,
    OutboxMessage,
    Role,
)
from bot.storage.unit import unit_of_work
from bot.telegram_transport import TelegramTransport
from tests import seed
from tests.harness import Harness


async def people(h: Harness, n: int, start: int = 8000) -> list[int]:
    """Members who have started the bot (the double knows them)."""
    ids = []
    for i in range(n):
        uid = start + i
        h.double.add_user(uid, f"Педагог{i}", started=True)
        ids.append(await seed.member(h, uid, Role.TEACHER, f"Педагог {i}"))
    return ids


async def enqueue(
    h: Harness, chat_ids: list[int], text: str = "Семинар", source: str = "t"
) -> None:
    async with unit_of_work(h.runtime.sessions) as repo:
        content = await repo.outbox.add_content(kind="text", text=text, now=h.clock.now())
        for chat_id in chat_ids:
            member = await repo.members.by_telegram_id(chat_id)
            await repo.outbox.enqueue_one(
                source=source,
                content_id=content.id,
                chat_id=chat_id,
                now=h.clock.now(),
                member_id=member.id if member else None,
            )


async def statuses(h: Harness) -> dict[int, DeliveryStatus]:
    async with h.runtime.sessions() as session:
        rows = await session.execute(select(OutboxMessage.chat_id, OutboxMessage.status))
        return {chat: status for chat, status in rows.all()}  # noqa: C416


def received(h: Harness, chat_id: int) -> list[str]:
    return [m.get("text", "") for m in h.double.messages(chat_id)]


def sender(h: Harness, **kwargs: object) -> Sender:
    options: dict[str, object] = {"rate": None, "exclusive": True}
    options.update(kwargs)
    options.setdefault("on_chat_moved", h.runtime.sender.on_chat_moved)
    return Sender(h.runtime.sessions, TelegramTransport(h.bot), h.clock, **options)  # type: ignore[arg-type]


async def test_each_message_is_sent_once(harness: Harness) -> None:
    await people(harness, 5)
    chats = [8000 + i for i in range(5)]
    await enqueue(harness, chats)
    await enqueue(harness, chats, source="t")  # the same source again: nothing new
    stats = await harness.runtime.sender.drain()
    assert stats.sent == 5
    assert all(received(harness, c) == ["Семинар"] for c in chats)
    assert set((await statuses(harness)).values()) == {DeliveryStatus.SENT}
    await harness.runtime.sender.drain()
    assert all(len(received(harness, c)) == 1 for c in chats), "a sent row is never sent again"
    async with harness.runtime.sessions() as session:
        ids = set(await session.scalars(select(OutboxMessage.sent_message_id)))
    assert ids == {harness.double.messages(c)[0]["message_id"] for c in chats}


async def test_a_429_storm_slows_down_and_loses_nothing(harness: Harness) -> None:
    await people(harness, 4)
    chats = [8000 + i for i in range(4)]
    await enqueue(harness, chats)
    harness.double.fail_next("sendMessage", error_code=429, retry_after=1, count=3)
    stats = await sender(harness).drain()
    assert stats.retried_429 == 3
    assert stats.sent == 4
    assert all(received(harness, c) == ["Семинар"] for c in chats)


async def test_a_person_who_blocked_the_bot_is_marked_and_skipped(harness: Harness) -> None:
    [blocked_id, other_id] = await people(harness, 2)
    harness.double.block(8000)
    await enqueue(harness, [8000, 8001])
    await harness.runtime.sender.drain()
    assert await statuses(harness) == {8000: DeliveryStatus.UNREACHABLE, 8001: DeliveryStatus.SENT}
    async with harness.runtime.sessions() as session:
        assert (await session.get(Member, blocked_id)).is_reachable is False  # type: ignore[union-attr]
        assert (await session.get(Member, other_id)).is_reachable is True  # type: ignore[union-attr]
    requests_before = len(harness.double.calls("sendMessage"))
    await enqueue(harness, [8000], source="second")
    await harness.runtime.sender.drain()
    assert len(harness.double.calls("sendMessage")) == requests_before + 1, (
        "the row is claimed but its chat already marked unreachable: one more try at most"
    )


async def test_a_migrated_group_gets_the_rest_under_its_new_id(harness: Harness) -> None:
    old, new = -4001, -1_000_000_004_001
    harness.double.add_user(1, "Методист", started=True)
    harness.double.add_group(old, "Руководители ШМО")
    harness.double.my_chat_member_update(old, 1, "member", "left")
    admin = await seed.member(harness, 1, Role.METHODOLOGIST, "Методист")
    async with harness.runtime.sessions() as session, session.begin():
        now = harness.clock.now()
        session.add(
            ChatBinding(
                chat_id=old,
                title="Руководители ШМО",
                kind=BindingKind.HEADS_ALL,
                is_active=True,
                bound_by_id=admin,
                created_at=now,
                updated_at=now,
            )
        )
    harness.double.migrate_group(old, new)
    await enqueue(harness, [old], text="Первое")
    await enqueue(harness, [old], text="Второе", source="t2")
    stats = await harness.runtime.sender.drain()
    assert stats.moved >= 1
    assert received(harness, new) == ["Первое", "Второе"]
    async with harness.runtime.sessions() as session:
        binding = await session.scalar(select(ChatBinding))
        assert binding is not None
        assert binding.chat_id == new
        chats = set(await session.scalars(select(OutboxMessage.chat_id)))
    assert chats == {new}


async def test_server_errors_are_retried_with_backoff_then_fail(harness: Harness) -> None:
    await people(harness, 2)
    await enqueue(harness, [8000, 8001])
    harness.double.fail_next("sendMessage", chat_id=8000, error_code=500)
    harness.double.fail_next("sendMessage", chat_id=8001, error_code=0)  # connection dropped
    s = sender(harness, max_attempts=3)
    await s.drain()
    assert await statuses(harness) == {8000: DeliveryStatus.PENDING, 8001: DeliveryStatus.PENDING}
    await s.drain()
    assert received(harness, 8000) == [], "not due before its backoff"
    harness.clock.advance(timedelta(seconds=3))
    await s.drain()
    assert received(harness, 8000) == ["Семинар"]
    assert received(harness, 8001) == ["Семинар"]

    await enqueue(harness, [8000], source="doomed")
    harness.double.fail_next("sendMessage", chat_id=8000, error_code=502, count=10)
    for _ in range(4):
        await s.drain()
        harness.clock.advance(timedelta(minutes=10))
    async with harness.runtime.sessions() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.source == "doomed"))
    assert row is not None
    assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 3)
    assert "Bad Gateway" in (row.outcome or "")


async def test_a_group_the_bot_was_removed_from(harness: Harness) -> None:
    harness.double.add_group(-4002, "Старая группа")
    async with harness.runtime.sessions() as session, session.begin():
        now = harness.clock.now()
        session.add(
            ChatBinding(
                chat_id=-4002,
                title="Старая группа",
                kind=BindingKind.HEADS_ALL,
                is_active=True,
                created_at=now,
                updated_at=now,
            )
        )
    await enqueue(harness, [-4002])
    await harness.runtime.sender.drain()
    assert await statuses(harness) == {-4002: DeliveryStatus.UNREACHABLE}
    async with harness.runtime.sessions() as session:
        assert (await session.scalar(select(ChatBinding.is_active))) is False


async def test_per_chat_pace_keeps_telegram_from_saying_429(harness: Harness) -> None:
    await people(harness, 1)
    for n in range(3):
        await enqueue(harness, [8000], text=f"Сообщение {n}", source=f"s{n}")
    harness.double.enforce_limits = True
    await sender(harness, rate=25.0).drain()
    assert received(harness, 8000) == ["Сообщение 0", "Сообщение 1", "Сообщение 2"]
    assert not [r for r in harness.double.requests if r.error_code == 429]


async def test_a_chat_busy_for_long_goes_back_to_the_outbox_in_order(harness: Harness) -> None:
    """A chat not ready for longer than a worker should wait: its message goes back to the
    outbox for later, and the chat's next message stays behind it."""
    await people(harness, 1)
    for n in range(3):
        await enqueue(harness, [8000], text=f"Сообщение {n}", source=f"s{n}")
    moment = [0.0]
    pacing = sender(harness, pacer=Pacer(None, private_interval=5.0, clock=lambda: moment[0]))
    await pacing.drain()
    assert received(harness, 8000) == ["Сообщение 0"]
    assert pacing.stats.deferred == 1
    for sent in (["Сообщение 0", "Сообщение 1"], ["Сообщение 0", "Сообщение 1", "Сообщение 2"]):
        moment[0] += 6
        harness.clock.advance(timedelta(seconds=6))
        await pacing.drain()
        assert received(harness, 8000) == sent


async def test_a_stop_in_the_middle_resumes_without_duplicates(harness: Harness) -> None:
    await people(harness, 30)
    chats = [8000 + i for i in range(30)]
    await enqueue(harness, chats)
    stop = asyncio.Event()
    first = sender(harness, rate=5.0)
    task = asyncio.create_task(first.run(stop))
    await harness.double.wait_for(lambda: len(harness.double.calls("sendMessage")) >= 5, timeout=10)
    stop.set()
    await task
    sent_first = first.stats.sent
    assert 5 <= sent_first < 30
    async with harness.runtime.sessions() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == DeliveryStatus.SENDING)
            )
            == 0
        )
    await sender(harness).drain()
    assert all(received(harness, c) == ["Семинар"] for c in chats), "0 lost, 0 duplicated"


async def test_a_crash_releases_claims_to_the_next_sender(harness: Harness) -> None:
    await people(harness, 3)
    await enqueue(harness, [8000, 8001, 8002])
    async with unit_of_work(harness.runtime.sessions) as repo:
        now = harness.clock.now()
        claimed = await repo.outbox.claim(limit=2, now=now, lease_until=now + timedelta(minutes=5))
    assert len(claimed) == 2  # a sender took them and died before sending
    await sender(harness).drain()
    assert all(received(harness, c) == ["Семинар"] for c in (8000, 8001, 8002))


async def test_a_chats_later_message_waits_until_the_earlier_has_left(harness: Harness) -> None:
    """Two senders claim at once (two instances): the chat's second message is not given to
    the other sender while the first is still on its way, so the person reads them in order."""
    await people(harness, 2)
    for n in range(3):
        await enqueue(harness, [8000], text=f"Сообщение {n}", source=f"s{n}")
    await enqueue(harness, [8001], text="Другому", source="other")
    now = harness.clock.now()
    lease = now + timedelta(minutes=5)
    async with unit_of_work(harness.runtime.sessions) as repo:
        first = await repo.outbox.claim(limit=10, now=now, lease_until=lease)
    async with unit_of_work(harness.runtime.sessions) as repo:
        second = await repo.outbox.claim(limit=10, now=now, lease_until=lease)
    assert sorted(c.chat_id for c in first) == [8000, 8001], "one message of a chat at a time"
    assert second == [], "the later ones wait for the first to leave"
    await sender(harness).drain()
    assert received(harness, 8000) == ["Сообщение 0", "Сообщение 1", "Сообщение 2"]


async def test_stopping_right_after_a_burst_records_every_result(harness: Harness) -> None:
    await people(harness, 300)
    chats = [8000 + i for i in range(300)]
    await enqueue(harness, chats)
    stop = asyncio.Event()
    fast = sender(harness, rate=None, concurrency=64)
    task = asyncio.create_task(fast.run(stop))
    await harness.double.wait_for(lambda: fast.stats.sent >= 300, timeout=30)
    stop.set()
    await task
    assert set((await statuses(harness)).values()) == {DeliveryStatus.SENT}


async def test_a_stalled_loop_does_not_burst_past_telegrams_limit(harness: Harness) -> None:
    await people(harness, 60)
    await enqueue(harness, [8000 + i for i in range(60)])
    harness.double.enforce_limits = True
    paced = sender(harness, rate=25.0)
    stop = asyncio.Event()
    task = asyncio.create_task(paced.run(stop))
    for _ in range(4):  # the event loop blocked now and then, as on a busy machine
        await asyncio.sleep(0.5)
        time.sleep(0.4)  # noqa: ASYNC251 - the stall is the point
    await harness.double.wait_for(lambda: paced.stats.sent >= 60, timeout=30)
    stop.set()
    await task
    assert not [r for r in harness.double.requests if r.error_code == 429]


async def test_the_sender_is_woken_by_the_commit_that_adds_rows_never_before(
    harness: Harness,
) -> None:
    await people(harness, 1)
    idle = harness.runtime.sender
    idle.idle_poll = 60.0
    stop = asyncio.Event()
    running = asyncio.create_task(idle.run(stop))
    await asyncio.sleep(0.2)  # it found nothing and sleeps for a minute unless woken
    try:
        async with unit_of_work(harness.runtime.sessions) as repo:
            now = harness.clock.now()
            content = await repo.outbox.add_content(kind="text", text="Сейчас", now=now)
            await repo.outbox.enqueue_one(source="t", content_id=content.id, chat_id=8000, now=now)
            await asyncio.sleep(0.2)
            assert not idle._wake.is_set(), "not woken before the commit"
        for _ in range(40):
            if received(harness, 8000):
                break
            await asyncio.sleep(0.05)
        assert received(harness, 8000) == ["Сейчас"], "woken by the commit"
    finally:
        stop.set()
        await running


async def test_neutral_buttons_become_telegram_ones_and_old_stored_ones_still_work(
    harness: Harness,
) -> None:
    await people(harness, 2)
    now = harness.clock.now()
    async with unit_of_work(harness.runtime.sessions) as repo:
        neutral = await repo.outbox.add_content(
            kind="text",
            text="Новое",
            now=now,
            buttons=[
                [button("Приду", Action.EVENT_COMING, 42)],
                [button("Записаться", Action.EVENT_SIGN_UP, 42)],
            ],
        )
        # stored by an earlier version, in Telegram's own shape
        old = await repo.outbox.add_content(
            kind="text",
            text="Старое",
            now=now,
            buttons=[[{"text": "Приду", "callback_data": "evy:41"}]],
        )
        await repo.outbox.enqueue_one(source="n", content_id=neutral.id, chat_id=8000, now=now)
        await repo.outbox.enqueue_one(source="o", content_id=old.id, chat_id=8001, now=now)
    await harness.runtime.sender.drain()
    [new_message] = harness.double.messages(8000)
    [[coming], [sign_up]] = new_message["reply_markup"]["inline_keyboard"]
    assert coming == {"text": "Приду", "callback_data": "evy:42"}
    assert sign_up == {"text": "Записаться", "url": "https://t.me/shmo_test_bot?start=ev_42"}
    [old_message] = harness.double.messages(8001)
    assert old_message["reply_markup"]["inline_keyboard"] == [
        [{"text": "Приду", "callback_data": "evy:41"}]
    ]
