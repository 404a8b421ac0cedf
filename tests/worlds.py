"""Set-up shared by the test files: small worlds and the moves every scenario repeats.

Nothing here asserts anything about the bot; each test file keeps its own assertions.
"""

from __future__ import annotations

import re
from typing import Protocol

from bot.storage.models import AssociationLevel, BindingKind, ChatBinding
from tests import seed
from tests.harness import Group, Harness, Person, Seen


class Chats(Protocol):
    """A world with people and groups in it."""

    @property
    def people(self) -> list[Person]: ...

    @property
    def groups(self) -> list[Group]: ...


async def school(h: Harness) -> dict[str, int]:
    """Two schools, two school associations of the first and a municipal one; their ids."""
    org = await seed.organisation(h, "МАОУ «СОШ № 1»")
    other = await seed.organisation(h, "МБОУ «Лицей № 3»")
    return {
        "org": org,
        "other": other,
        "primary": await seed.association(h, "ШМО учителей начальных классов", organisation_id=org),
        "science": await seed.association(
            h, "ШМО естественно-математического цикла", organisation_id=org
        ),
        "gmo": await seed.association(h, "ГМО учителей математики", AssociationLevel.MUNICIPAL),
    }


async def make_invite(
    admin: Person, role: str, organisation: str | None = None, associations: tuple[str, ...] = ()
) -> str:
    """Goes through /invite with buttons; returns the start code of the link."""
    await admin.send("/invite")
    await admin.press(role)
    if organisation is not None:
        await admin.press(organisation)
    for name in associations:
        await admin.press("▫️ " + name)
    if "Далее" in admin.last().buttons:
        await admin.press("Далее")
    replies = await admin.press("Создать")
    link = next(r.text for r in replies if "t.me/" in r.text)
    return re.search(r"start=([A-Za-z0-9_-]+)", link).group(1)  # type: ignore[union-attr]


async def bind(
    h: Harness,
    group: Group,
    by: Person,
    kind: BindingKind,
    *,
    organisation_id: int | None = None,
    association_id: int | None = None,
) -> int:
    """A group with the bot in it, bound as ``kind`` (set-up, not the subject here)."""
    h.double.my_chat_member_update(group.id, by.id, "member", "left")
    now = h.clock.now()
    async with h.runtime.sessions() as session, session.begin():
        row = ChatBinding(
            chat_id=group.id,
            title=group.title,
            kind=kind,
            organisation_id=organisation_id,
            association_id=association_id,
            is_active=True,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        return row.id


def counts(h: Harness, w: Chats) -> dict[int, int]:
    """How many messages the bot has sent to each person and group so far."""
    return {
        c: len(h.double.messages(c)) for c in [p.id for p in w.people] + [g.id for g in w.groups]
    }


async def presses(person: Person, *buttons: str) -> list[Seen]:
    """Press the buttons one after another; what the last press brought."""
    seen: list[Seen] = []
    for button in buttons:
        seen = await person.press(button)
    return seen


async def forge(h: Harness, person: Person, data: str) -> list[str]:
    """Press a button the bot never showed (a forged or outdated callback) on the person's
    newest message; returns the callback answers."""
    update = h.double.callback_update(person.id, person.last().raw, data)
    query_id = update["callback_query"]["id"]
    await h.feed(update)
    return [
        a.get("text") or ""
        for a in h.double.callback_answers()
        if a.get("callback_query_id") == query_id
    ]
