"""Group chats: binding a group, the list of groups, the bot removed and added back, migration."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.services import Services
from bot.storage.models import (
    Association,
    AssociationLevel,
    AuditEntry,
    BindingKind,
    ChatBinding,
    Member,
    Role,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.conftest import ADMIN_ID
from tests.harness import Group, Harness, Person, Seen

ONLY_METHODOLOGIST = "Это может сделать только методист."
NOT_YOURS = "Эта кнопка не для вас."
KINDS = [
    "Руководители всех объединений",
    "Руководители объединений одного уровня",
    "Участники одного объединения",
    "Сотрудники одной организации",
    "Отмена",
]


# -- helpers


def bot_name(h: Harness) -> str:
    return str(h.double.bot_user["username"])


async def binding(h: Harness, chat_id: int) -> ChatBinding | None:
    async with h.runtime.sessions() as session:
        return await session.scalar(select(ChatBinding).where(ChatBinding.chat_id == chat_id))


async def bindings(h: Harness) -> list[ChatBinding]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(ChatBinding).order_by(ChatBinding.id)))


async def audit(h: Harness, prefix: str = "chat.") -> list[AuditEntry]:
    async with h.runtime.sessions() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action.startswith(prefix)).order_by(AuditEntry.id)
        )
        return list(rows)


async def member_id(h: Harness, telegram_id: int) -> int:
    async with h.runtime.sessions() as session:
        found = await session.scalar(select(Member.id).where(Member.telegram_id == telegram_id))
        assert found is not None
        return int(found)


def with_button(group: Group, label: str) -> Seen:
    """The newest message in the group that carries a button with this label (or prefix)."""
    for seen in reversed(group.messages()):
        if any(
            b == label or (label.endswith("…") and b.startswith(label[:-1])) for b in seen.buttons
        ):
            return seen
    raise AssertionError(f"no button {label!r} in the group; last: {group.messages()[-1:]}")


async def press_in(person: Person, group: Group, label: str) -> Seen:
    """Press a button of the group's newest message that has it; the message as it is now."""
    seen = with_button(group, label)
    if label.endswith("…"):
        label = next(b for b in seen.buttons if b.startswith(label[:-1]))
    await person.press(label, message=seen)
    return next(m for m in group.messages() if m.message_id == seen.message_id)


async def bound_group(
    h: Harness, admin: Person, title: str = "Руководители ШМО", *, supergroup: bool = False
) -> Group:
    """A group with the bot in it, bound by ``admin`` to the heads of all associations."""
    group = h.group(title, supergroup=supergroup)
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(h)}")
    await press_in(admin, group, "Руководители всех объединений")
    return group


@pytest.fixture
async def admin(harness: Harness) -> Person:
    """A registered methodologist (set up directly: onboarding is another capability's test)."""
    await seed.member(harness, ADMIN_ID, Role.METHODOLOGIST, "Ольга Смирнова")
    return harness.person("Ольга", "Смирнова", user_id=ADMIN_ID)


# -- the bot arrives


async def test_bot_added_greets_the_group_and_stores_nothing(
    harness: Harness, admin: Person
) -> None:
    group = harness.group("Руководители ШМО")
    await group.add_bot(by=admin)
    [greeting] = group.messages()
    assert "анонсы мероприятий, напоминания о сроках и еженедельные сводки" in greeting.text
    assert f"/bind@{bot_name(harness)}" in greeting.text
    assert "методист" in greeting.text
    assert await bindings(harness) == []


async def test_greeting_in_english_for_an_english_speaker(harness: Harness) -> None:
    someone = harness.person("John", None, language_code="en")
    group = harness.group("Heads")
    await group.add_bot(by=someone)
    assert "weekly digests" in group.messages()[-1].text


# -- /bind: the four kinds


async def test_bind_heads_of_all_associations(harness: Harness, admin: Person) -> None:
    group = harness.group("Руководители ШМО")
    await group.add_bot(by=admin)
    [ask] = await admin.send_in(group, f"/bind@{bot_name(harness)}")
    assert ask.text.startswith("Для кого эта группа?")
    assert ask.buttons == KINDS

    done = await press_in(admin, group, "Руководители всех объединений")
    assert done.text.startswith("Готово! Группа «Руководители ШМО» привязана")
    assert "еженедельные сводки для руководителей всех методических объединений" in done.text
    assert done.buttons == []
    assert admin.alerts() == [""]

    row = await binding(harness, group.id)
    assert row is not None
    assert (row.kind, row.level, row.association_id, row.organisation_id) == (
        BindingKind.HEADS_ALL,
        None,
        None,
        None,
    )
    assert row.is_active
    assert row.title == "Руководители ШМО"
    assert row.bound_by_id == await member_id(harness, ADMIN_ID)
    assert row.created_at == harness.clock.now()
    [entry] = await audit(harness)
    assert entry.action == "chat.bind"
    assert entry.actor_id == row.bound_by_id
    assert entry.object_id == row.id
    assert entry.details["kind"] == "heads_all"


@pytest.mark.parametrize(
    ("button", "level", "words"),
    [
        ("ШМО", AssociationLevel.SCHOOL, "для руководителей ШМО"),
        ("ГМО", AssociationLevel.MUNICIPAL, "для руководителей ГМО"),
        ("РМО", AssociationLevel.DISTRICT, "для руководителей РМО"),
    ],
)
async def test_bind_heads_of_one_level(
    harness: Harness, admin: Person, button: str, level: AssociationLevel, words: str
) -> None:
    group = harness.group("Руководители")
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    levels = await press_in(admin, group, "Руководители объединений одного уровня")
    assert levels.text == "Руководители объединений какого уровня?"
    assert levels.buttons == ["ШМО", "ГМО", "РМО", "‹ Назад"]
    done = await press_in(admin, group, button)
    assert words in done.text
    row = await binding(harness, group.id)
    assert row is not None
    assert (row.kind, row.level) == (BindingKind.HEADS_LEVEL, level)
    assert row.association_id is None
    assert row.organisation_id is None


async def test_bind_one_association_from_a_paginated_list(harness: Harness, admin: Person) -> None:
    school = await seed.organisation(harness, "МБОУ СОШ № 1")
    ids = {}
    for n in range(1, 10):
        ids[n] = await seed.association(harness, f"Объединение {n:02d}", organisation_id=school)
    gmo = await seed.association(harness, "ГМО учителей физики", AssociationLevel.MUNICIPAL)
    old = await seed.association(harness, "Архивное объединение", organisation_id=school)
    async with harness.runtime.sessions() as session, session.begin():
        await session.execute(
            update(Association).where(Association.id == old).values(archived_at=harness.clock.now())
        )

    group = harness.group("Учителя физики")
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    first = await press_in(admin, group, "Участники одного объединения")
    assert first.text.startswith("Участники какого объединения?")
    assert first.buttons[0] == "ГМО учителей физики · ГМО"
    assert first.buttons[1] == "Объединение 01 · МБОУ СОШ № 1"
    assert len(first.buttons) == 8 + 3
    assert first.buttons[-3:] == ["1 из 2", "Далее ›", "‹ Назад"]
    assert not any("Архивное" in b for b in first.buttons)

    second = await press_in(admin, group, "Далее ›")
    assert "Объединение 09 · МБОУ СОШ № 1" in second.buttons
    assert "2 из 2" in second.buttons
    again = await press_in(admin, group, "2 из 2")
    assert again.buttons == second.buttons, "pressing the current page changes nothing"

    done = await press_in(admin, group, "Объединение 09 · МБОУ СОШ № 1")
    assert "для участников объединения «Объединение 09 (МБОУ СОШ № 1)»" in done.text
    row = await binding(harness, group.id)
    assert row is not None
    assert (row.kind, row.association_id, row.level, row.organisation_id) == (
        BindingKind.ASSOCIATION,
        ids[9],
        None,
        None,
    )

    other = harness.group("ГМО физиков")
    await other.add_bot(by=admin)
    await admin.send_in(other, f"/bind@{bot_name(harness)}")
    await press_in(admin, other, "Участники одного объединения")
    await press_in(admin, other, "ГМО учителей физики · ГМО")
    row = await binding(harness, other.id)
    assert row is not None
    assert row.association_id == gmo


async def test_bind_one_organisation(harness: Harness, admin: Person) -> None:
    await seed.organisation(harness, "МБОУ СОШ № 2")
    school = await seed.organisation(harness, "МАОУ Гимназия & Лицей")
    group = harness.group("Гимназия")
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    listed = await press_in(admin, group, "Сотрудники одной организации")
    assert listed.text.startswith("Сотрудники какой организации?")
    assert listed.buttons == ["МАОУ Гимназия & Лицей", "МБОУ СОШ № 2", "‹ Назад"]
    done = await press_in(admin, group, "МАОУ Гимназия & Лицей")
    assert "для сотрудников организации «МАОУ Гимназия & Лицей»" in done.text
    row = await binding(harness, group.id)
    assert row is not None
    assert (row.kind, row.organisation_id, row.association_id) == (
        BindingKind.ORGANISATION,
        school,
        None,
    )


async def test_empty_registry_and_the_way_back(harness: Harness, admin: Person) -> None:
    group = harness.group("Группа")
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    empty = await press_in(admin, group, "Участники одного объединения")
    assert empty.text.startswith("В реестре пока нет ни одного действующего объединения")
    back = await press_in(admin, group, "‹ Назад")
    assert back.buttons == KINDS
    empty = await press_in(admin, group, "Сотрудники одной организации")
    assert empty.text.startswith("В реестре пока нет ни одной действующей организации")
    await press_in(admin, group, "‹ Назад")
    cancelled = await press_in(admin, group, "Отмена")
    assert cancelled.text == "Хорошо, привязка группы не изменилась."
    assert cancelled.buttons == []
    assert await bindings(harness) == []


async def test_command_for_another_bot_is_ignored(harness: Harness, admin: Person) -> None:
    group = harness.group("Группа")
    await group.add_bot(by=admin)
    assert await admin.send_in(group, "/bind@some_other_bot") == []
    [ask] = await admin.send_in(group, "/bind")
    assert ask.buttons == KINDS


# -- who may


async def test_only_the_methodologist_who_asked_may_press(harness: Harness, admin: Person) -> None:
    assoc = await seed.association(harness, "ГМО", AssociationLevel.MUNICIPAL)
    await seed.member(harness, 7001, Role.HEAD, "Ирина Козлова", head_of=[assoc])
    head = harness.person("Ирина", "Козлова", user_id=7001)
    await seed.member(harness, 7002, Role.METHODOLOGIST, "Пётр Орлов")
    colleague = harness.person("Пётр", "Орлов", user_id=7002)
    stranger = harness.person("Незнакомец", None)

    group = harness.group("Группа")
    await group.add_bot(by=admin)
    [ask] = await admin.send_in(group, f"/bind@{bot_name(harness)}")
    for someone in (head, colleague, stranger):
        await someone.press("Руководители всех объединений", message=ask)
        assert someone.alerts() == [NOT_YOURS]
    assert group.messages()[-1].buttons == KINDS
    assert await bindings(harness) == []

    # the role is checked again on each press: a methodologist no longer is one
    async with harness.runtime.sessions() as session, session.begin():
        await session.execute(
            update(Member).where(Member.telegram_id == ADMIN_ID).values(role=Role.TEACHER)
        )
    await admin.press("Руководители всех объединений", message=ask)
    assert admin.alerts()[-1] == ONLY_METHODOLOGIST
    assert await bindings(harness) == []


@pytest.mark.parametrize("role", [Role.TEACHER, Role.HEAD, Role.COORDINATOR])
async def test_others_cannot_bind_or_unbind(harness: Harness, admin: Person, role: Role) -> None:
    group = await bound_group(harness, admin)
    await seed.member(harness, 7101, role, "Мария Кузнецова")
    person = harness.person("Мария", "Кузнецова", user_id=7101)
    [reply] = await person.send_in(group, f"/bind@{bot_name(harness)}")
    assert reply.text == ONLY_METHODOLOGIST
    [reply] = await person.send_in(group, f"/unbind@{bot_name(harness)}")
    assert reply.text == ONLY_METHODOLOGIST
    row = await binding(harness, group.id)
    assert row is not None
    assert row.is_active


async def test_a_stranger_cannot_bind(harness: Harness) -> None:
    stranger = harness.person("Иван", "Иванов")
    group = harness.group("Группа")
    await group.add_bot(by=stranger)
    [reply] = await stranger.send_in(group, f"/bind@{bot_name(harness)}")
    assert reply.text == ONLY_METHODOLOGIST
    assert await bindings(harness) == []


async def test_bind_in_a_private_chat_explains_how(harness: Harness, admin: Person) -> None:
    [reply] = await admin.send("/bind")
    assert "отправляются в самой группе" in reply.text
    assert f"/bind@{bot_name(harness)}" in reply.text
    assert "Добавьте меня в группу" in reply.text
    [reply] = await admin.send("/unbind")
    assert "отправляются в самой группе" in reply.text

    await seed.member(harness, 7201, Role.TEACHER, "Мария Кузнецова")
    teacher = harness.person("Мария", "Кузнецова", user_id=7201)
    [reply] = await teacher.send("/bind")
    assert reply.text == ONLY_METHODOLOGIST
    assert await audit(harness) == []


# -- re-binding, unbinding


async def test_rebinding_asks_first_then_replaces(harness: Harness, admin: Person) -> None:
    group = await bound_group(harness, admin)
    first = await binding(harness, group.id)
    assert first is not None

    [ask] = await admin.send_in(group, f"/bind@{bot_name(harness)}")
    assert ask.text == (
        "Группа уже привязана: руководители всех методических объединений. Заменить привязку?"
    )
    assert ask.buttons == ["Заменить", "Оставить как есть"]
    kept = await press_in(admin, group, "Оставить как есть")
    assert kept.text == "Хорошо, привязка группы не изменилась."

    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    harness.clock.advance(timedelta(days=1))
    kinds = await press_in(admin, group, "Заменить")
    assert kinds.buttons == KINDS
    await press_in(admin, group, "Руководители объединений одного уровня")
    done = await press_in(admin, group, "РМО")
    assert "для руководителей РМО" in done.text

    [row] = await bindings(harness)
    assert row.id == first.id
    assert (row.kind, row.level, row.is_active) == (
        BindingKind.HEADS_LEVEL,
        AssociationLevel.DISTRICT,
        True,
    )
    assert row.created_at == harness.clock.now(), "bound_at is when it got this meaning"
    entries = await audit(harness)
    assert [e.action for e in entries] == ["chat.bind", "chat.rebind"]
    assert entries[1].details["before"]["kind"] == "heads_all"
    assert entries[1].details["level"] == "district"


async def test_unbind_keeps_the_row_and_says_so(harness: Harness, admin: Person) -> None:
    group = await bound_group(harness, admin)
    [reply] = await admin.send_in(group, f"/unbind@{bot_name(harness)}")
    assert reply.text.startswith("Привязка снята.")
    assert "для руководителей всех методических объединений" in reply.text
    row = await binding(harness, group.id)
    assert row is not None
    assert not row.is_active
    assert row.kind is BindingKind.HEADS_ALL
    assert [e.action for e in await audit(harness)] == ["chat.bind", "chat.unbind"]

    [reply] = await admin.send_in(group, f"/unbind@{bot_name(harness)}")
    assert reply.text == "Эта группа сейчас не привязана — снимать нечего."

    other = harness.group("Новая")
    await other.add_bot(by=admin)
    [reply] = await admin.send_in(other, f"/unbind@{bot_name(harness)}")
    assert reply.text == "Эта группа сейчас не привязана — снимать нечего."


async def test_a_stale_button_after_the_group_was_unbound(harness: Harness, admin: Person) -> None:
    group = await bound_group(harness, admin)
    [ask] = await admin.send_in(group, f"/bind@{bot_name(harness)}")
    await admin.send_in(group, f"/unbind@{bot_name(harness)}")
    await admin.press("Заменить", message=ask)
    assert (
        admin.alerts()[-1]
        == "Пока вы выбирали, привязка этой группы изменилась. Отправьте /bind ещё раз."
    )
    row = await binding(harness, group.id)
    assert row is not None
    assert not row.is_active

    # a forged or outdated button of this capability answers instead of spinning
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

    await harness.bot.send_message(
        group.id,
        "Старое сообщение",
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Старая", callback_data="ch:zz")]]
        ),
    )
    await press_in(admin, group, "Старая")
    assert admin.alerts()[-1] == "Эта кнопка устарела. Откройте раздел заново."


async def test_an_association_archived_meanwhile(harness: Harness, admin: Person) -> None:
    school = await seed.organisation(harness, "МБОУ СОШ № 1")
    assoc = await seed.association(harness, "Начальные классы", organisation_id=school)
    group = harness.group("Начальная школа")
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    await press_in(admin, group, "Участники одного объединения")
    async with harness.runtime.sessions() as session, session.begin():
        await session.execute(
            update(Association)
            .where(Association.id == assoc)
            .values(archived_at=harness.clock.now())
        )
    await press_in(admin, group, "Начальные классы · МБОУ СОШ № 1")
    assert admin.alerts()[-1] == (
        "Это объединение уже в архиве: привязать к нему группу нельзя. Выберите другой вариант."
    )
    assert await bindings(harness) == []
    assert await audit(harness) == []


# -- the bot removed and added back


async def test_removed_then_added_back_then_restored(harness: Harness, admin: Person) -> None:
    group = await bound_group(harness, admin)
    await group.remove_bot(by=admin)
    row = await binding(harness, group.id)
    assert row is not None
    assert not row.is_active
    assert [e.action for e in await audit(harness)] == ["chat.bind", "chat.bot_removed"]

    await group.add_bot(by=admin)
    greeting = group.messages()[-1]
    assert "Раньше эта группа была привязана: руководители всех методических объединений" in (
        greeting.text
    )
    assert f"/bind@{bot_name(harness)}" in greeting.text
    row = await binding(harness, group.id)
    assert row is not None
    assert not row.is_active, "not silently re-activated"

    [ask] = await admin.send_in(group, f"/bind@{bot_name(harness)}")
    assert ask.buttons[0].startswith("Восстановить прежнюю привязку (руководители всех")
    assert ask.buttons[1:] == KINDS
    done = await press_in(admin, group, "Восстановить прежнюю привязку…")
    assert done.text.startswith("Готово!")
    row = await binding(harness, group.id)
    assert row is not None
    assert row.is_active
    assert row.kind is BindingKind.HEADS_ALL
    assert [e.action for e in await audit(harness)][-2:] == ["chat.bot_added", "chat.restore"]


async def test_restore_button_shows_names_as_typed(harness: Harness, admin: Person) -> None:
    await seed.organisation(harness, "Гимназия & Co")
    group = harness.group("Гимназия")
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    await press_in(admin, group, "Сотрудники одной организации")
    await press_in(admin, group, "Гимназия & Co")
    await admin.send_in(group, f"/unbind@{bot_name(harness)}")
    [ask] = await admin.send_in(group, f"/bind@{bot_name(harness)}")
    assert ask.buttons[0] == (
        "Восстановить прежнюю привязку (сотрудники организации «Гимназия & Co»)"
    )


async def test_restoring_a_binding_to_an_archived_association(
    harness: Harness, admin: Person
) -> None:
    assoc = await seed.association(harness, "ГМО историков", AssociationLevel.MUNICIPAL)
    group = harness.group("Историки")
    await group.add_bot(by=admin)
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    await press_in(admin, group, "Участники одного объединения")
    await press_in(admin, group, "ГМО историков · ГМО")
    await group.remove_bot(by=admin)
    async with harness.runtime.sessions() as session, session.begin():
        await session.execute(
            update(Association)
            .where(Association.id == assoc)
            .values(archived_at=harness.clock.now())
        )
    await group.add_bot(by=admin)
    assert "участники объединения «ГМО историков, в архиве»" in group.messages()[-1].text
    await admin.send_in(group, f"/bind@{bot_name(harness)}")
    await press_in(admin, group, "Восстановить прежнюю привязку…")
    assert admin.alerts()[-1].startswith("Это объединение уже в архиве")
    row = await binding(harness, group.id)
    assert row is not None
    assert not row.is_active


# -- migration to a supergroup


async def test_migration_moves_the_binding(harness: Harness, admin: Person) -> None:
    group = await bound_group(harness, admin)
    first = await binding(harness, group.id)
    assert first is not None
    new = await group.migrate(by=admin)

    assert await binding(harness, group.id) is None
    moved = await binding(harness, new.id)
    assert moved is not None
    assert moved.id == first.id
    assert moved.is_active
    assert moved.kind is BindingKind.HEADS_ALL
    [entry] = [e for e in await audit(harness) if e.action == "chat.migrate"]
    assert entry.details == {"old_chat_id": group.id, "new_chat_id": new.id}
    assert group.messages()[-1].text.startswith("Готово!"), "nothing said in the old chat"

    await harness.bot.send_message(new.id, "Анонс семинара")
    assert harness.double.messages(new.id)[-1]["text"] == "Анонс семинара"

    # the sender will call this when Telegram answers a send with migrate_to_chat_id
    async with unit_of_work(harness.runtime.sessions) as repo:
        groups = Services(
            repo,
            harness.clock,
            frozenset(),
            harness.runtime.translator,
            harness.runtime.settings.tz,
        ).groups
        assert await groups.migrate(group.id, new.id) is True
        assert await groups.migrate(-42, -43) is False
        info = await groups.binding_for_chat(new.id)
        assert info is not None
        assert info.id == first.id
        assert [b.chat_id for b in await groups.active_bindings()] == [new.id]
    assert len([e for e in await audit(harness) if e.action == "chat.migrate"]) == 1


async def test_migration_messages_in_either_order(harness: Harness, admin: Person) -> None:
    group = await bound_group(harness, admin)
    new_id = -1_000_000_999_001
    updates: list[dict[str, Any]] = harness.double.migrate_group(group.id, new_id)
    for update_ in reversed(updates):
        await harness.feed(update_)
    moved = await binding(harness, new_id)
    assert moved is not None
    assert moved.is_active
    assert await binding(harness, group.id) is None
    assert len([e for e in await audit(harness) if e.action == "chat.migrate"]) == 1


# -- titles


async def test_the_title_follows_the_group(harness: Harness, admin: Person) -> None:
    group = await bound_group(harness, admin, "Старое название")
    update_ = {
        "update_id": 999_001,
        "message": {
            "message_id": 9001,
            "from": admin.user,
            "chat": {"id": group.id, "type": "group", "title": "Новое название"},
            "date": 1_790_000_000,
            "new_chat_title": "Новое название",
        },
    }
    await harness.feed(update_)
    row = await binding(harness, group.id)
    assert row is not None
    assert row.title == "Новое название"
    [entry] = [e for e in await audit(harness) if e.action == "chat.retitle"]
    assert entry.details == {"before": "Старое название", "after": "Новое название"}


# -- /groups


async def test_groups_list_for_methodologist_and_coordinator(
    harness: Harness, admin: Person
) -> None:
    school = await seed.organisation(harness, "МБОУ СОШ № 1")
    other_school = await seed.organisation(harness, "МБОУ СОШ № 2")
    await seed.association(harness, "Начальные классы", organisation_id=school)
    await bound_group(harness, admin, "Все руководители")
    school_group = harness.group("Коллектив школы № 1")
    await school_group.add_bot(by=admin)
    await admin.send_in(school_group, f"/bind@{bot_name(harness)}")
    await press_in(admin, school_group, "Сотрудники одной организации")
    await press_in(admin, school_group, "МБОУ СОШ № 1")
    shmo_group = harness.group("ШМО <начальных> классов")
    await shmo_group.add_bot(by=admin)
    await admin.send_in(shmo_group, f"/bind@{bot_name(harness)}")
    await press_in(admin, shmo_group, "Участники одного объединения")
    await press_in(admin, shmo_group, "Начальные классы · МБОУ СОШ № 1")
    other_group = harness.group("Школа № 2")
    await other_group.add_bot(by=admin)
    await admin.send_in(other_group, f"/bind@{bot_name(harness)}")
    await press_in(admin, other_group, "Сотрудники одной организации")
    await press_in(admin, other_group, "МБОУ СОШ № 2")
    harness.clock.advance(timedelta(days=2))
    await shmo_group.remove_bot(by=admin)
    await admin.send_in(other_group, f"/unbind@{bot_name(harness)}")

    [reply] = await admin.send("/groups")
    text = reply.text
    assert text.startswith("Группы, привязанные к боту: 4")
    assert text.index("Все руководители") < text.index("ШМО <начальных> классов"), "active first"
    assert "Руководители всех методических объединений\nДействует, привязана 23.11.2026" in text
    assert "Сотрудники организации «МБОУ СОШ № 1»" in text
    assert (
        "Участники объединения «Начальные классы (МБОУ СОШ № 1)»\n"
        "Не действует с 25.11.2026: бота удалили из группы (была привязана 23.11.2026)"
    ) in text
    assert "Не действует с 25.11.2026: привязку сняли" in text
    assert reply.buttons == []

    await seed.member(harness, 7301, Role.COORDINATOR, "Елена Зайцева", organisation_id=school)
    coordinator = harness.person("Елена", "Зайцева", user_id=7301)
    [reply] = await coordinator.send("/groups")
    assert reply.text.startswith("Группы вашей организации и её объединений: 2")
    assert "Коллектив школы № 1" in reply.text
    assert "ШМО <начальных> классов" in reply.text
    assert "Все руководители" not in reply.text
    assert "Школа № 2" not in reply.text

    await seed.member(harness, 7302, Role.COORDINATOR, "Олег Сидоров")
    lonely = harness.person("Олег", "Сидоров", user_id=7302)
    [reply] = await lonely.send("/groups")
    assert reply.text.startswith("У вас в профиле не указана организация")

    await seed.member(harness, 7303, Role.TEACHER, "Анна Белова", organisation_id=other_school)
    teacher = harness.person("Анна", "Белова", user_id=7303)
    [reply] = await teacher.send("/groups")
    assert reply.text == "Это может сделать методист или школьный координатор."


async def test_groups_list_is_paged_and_empty_at_first(harness: Harness, admin: Person) -> None:
    [reply] = await admin.send("/groups")
    assert reply.text.startswith("Пока ни одна группа не привязана.")
    for n in range(12):
        await bound_group(harness, admin, f"Группа {n:02d}")
    [reply] = await admin.send("/groups")
    assert reply.text.startswith("Группы, привязанные к боту: 12")
    assert "Группа 09" in reply.text
    assert "Группа 10" not in reply.text
    assert reply.buttons == ["1 из 2", "Далее ›"]
    await admin.press("Далее ›")
    page = admin.last()
    assert "Группа 10" in page.text
    assert "Группа 11" in page.text
    assert page.buttons == ["‹ Назад", "2 из 2"]
