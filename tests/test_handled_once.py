"""Each update handled once: Telegram delivers an update again when it got no 200 for it, and
polling gets it again after a crash; a delivery of an update already handled is dropped — not
answered again, nothing stored again (bot.storage.handled). Several instances and a webhook
timing out: tests/test_webhook.py and tests/test_cluster.py."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.storage.models import AuditEntry, HandledUpdate, Member
from tests.conftest import ADMIN_ID
from tests.harness import Harness


async def _count(harness: Harness, model: type) -> int:
    async with harness.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_an_update_delivered_again_is_answered_once_and_stored_once(
    harness: Harness,
) -> None:
    """The methodologist types a name; the same update comes a second time (a webhook that got
    no 200, a poll after a crash). The second is dropped: handled again, it would be the answer
    to the next step."""
    admin = harness.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.press("Согласен")
    named = harness.double.message_update(ADMIN_ID, "Смирнова Ольга Викторовна")
    await harness.feed(named)
    answered = len(admin.messages())
    audit = await _count(harness, AuditEntry)
    assert "Вы зарегистрированы: методист." in admin.last().text

    await harness.feed(named)
    await harness.feed(named)

    assert len(admin.messages()) == answered, [m.text[:60] for m in admin.messages()]
    assert await _count(harness, AuditEntry) == audit
    assert await _count(harness, Member) == 1
    async with harness.runtime.sessions() as session:
        ids = set(await session.scalars(select(HandledUpdate.update_id)))
    assert named["update_id"] in ids
    assert len(ids) == 3, "/start, the press, the name: each once"


async def test_the_scheduler_forgets_ids_older_than_two_days(harness: Harness) -> None:
    admin = harness.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    await admin.send("/start")
    harness.clock.advance(timedelta(days=1))
    await admin.send("/help")
    assert await harness.runtime.jobs.prune_handled() == 0
    harness.clock.advance(timedelta(days=1, minutes=1))
    assert await harness.runtime.jobs.prune_handled() == 1
    assert await _count(harness, HandledUpdate) == 1
