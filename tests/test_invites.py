"""/invites: what a methodologist is told about revoking is already saved; used invites stay
listed with the people who used them. Driven through the real Dispatcher."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select, update

from bot.storage.models import AuditEntry, Invite
from tests import seed
from tests.harness import Harness, Person
from tests.worlds import make_invite, school


def on_answer(h: Harness, check: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
    """Run ``check`` with the parameters of every answerCallbackQuery as the double receives it,
    while the bot waits for the reply (that is, before its handler has returned)."""
    name, original = h.double._handlers["answercallbackquery"]

    async def hooked(params: dict[str, Any], files: dict, at: float) -> Any:
        await check(params)
        return original(params, files, at)

    h.double._handlers["answercallbackquery"] = (name, hooked)


async def test_revoking_is_saved_before_it_is_told(harness: Harness) -> None:
    h = harness
    await school(h)
    admin = await seed.methodologist(h)
    await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    seen: list[tuple[str, bool, int]] = []

    async def check(params: dict[str, Any]) -> None:
        # Another connection sees only what is committed.
        async with h.runtime.read_sessions() as session:
            [invite] = list(await session.scalars(select(Invite)))
            audit = list(
                await session.scalars(
                    select(AuditEntry).where(AuditEntry.action == "invite.revoked")
                )
            )
        seen.append((params.get("text") or "", invite.revoked_at is not None, len(audit)))

    await admin.send("/invites")
    await admin.press("Отозвать 1. педагог")
    on_answer(h, check)
    await admin.press("Да, отозвать")
    assert ("Приглашение отозвано.", True, 1) in seen
    assert admin.last().text.startswith("Действующих приглашений нет")


async def _personal(h: Harness, admin: Person) -> str:
    """A teachers' invite made for one person (the use limit set to 1)."""
    code = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    async with h.runtime.sessions() as session, session.begin():
        await session.execute(update(Invite).where(Invite.code == code).values(max_uses=1))
    return code


async def _register(h: Harness, code: str, first: str, last: str) -> Person:
    person = h.person(first, last)
    await person.send(f"/start {code}")
    await person.press("Согласен")
    await person.send(f"{last} {first}")
    await person.press("Пропустить")
    await person.press("2021")
    await person.press("Нет")
    return person


async def test_a_used_personal_invite_stays_listed_with_who_used_it(harness: Harness) -> None:
    h = harness
    await school(h)
    admin = await seed.methodologist(h)
    personal = await _personal(h, admin)
    await _register(h, personal, "Анна", "Петрова")
    [reply] = await admin.send("/invites")
    assert "Использованные приглашения, созданные за последние 30 дней: 1" in reply.text
    assert "педагог · МАОУ «СОШ № 1»" in reply.text
    assert "Кто воспользовался: Петрова Анна" in reply.text
    # A used invite cannot be revoked any more: no button for it.
    assert not [b for b in reply.buttons if b.startswith("Отозвать")]

    # Someone who opened a second invite but has not finished the profile yet.
    unfinished = await _personal(h, admin)
    boris = h.person("Борис", "Орлов")
    await boris.send(f"/start {unfinished}")
    await boris.press("Согласен")
    [reply] = await admin.send("/invites")
    assert "Использованные приглашения, созданные за последние 30 дней: 2" in reply.text
    assert "Кто воспользовался: Петрова Анна" in reply.text
    assert "Кто воспользовался: профиль ещё не заполнен" in reply.text


async def test_a_button_of_an_earlier_invite_dialog_changes_nothing(harness: Harness) -> None:
    """Two /invite dialogs: a button of the first is stale once the second is open, and the
    second goes on as if the first had never been pressed."""
    h = harness
    await school(h)
    admin = await seed.methodologist(h)
    [first] = await admin.send("/invite")
    [second] = await admin.send("/invite")
    await admin.press("педагог", first)
    assert admin.alerts()[-1] == "Эта кнопка устарела. Откройте раздел заново."
    assert admin.last().text == second.text
    assert admin.last().buttons == second.buttons
    await admin.press("методист", second)
    replies = await admin.press("Создать")
    assert any("t.me/" in r.text for r in replies)
    async with h.runtime.sessions() as session:
        [invite] = list(await session.scalars(select(Invite)))
    assert invite.role.value == "methodologist"
