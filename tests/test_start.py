"""/start, /help, /cancel, hints and errors — driven through the real Dispatcher."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from aiogram import Router
from aiogram.filters import Command
from sqlalchemy import func, select, text

from bot.factory import create_runtime
from bot.handlers import get_routers
from bot.services.errors import NotAllowed
from bot.storage.models import AuditEntry, Member, Role
from tests import seed
from tests.botapi import BotAPIDouble
from tests.conftest import ADMIN_ID, make_settings
from tests.harness import FakeClock, Harness


async def count(h: Harness, model: type) -> int:
    async with h.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def add_member(h: Harness, telegram_id: int, role: Role, name: str) -> None:
    async with h.runtime.sessions() as session, session.begin():
        now = h.clock.now()
        session.add(
            Member(
                telegram_id=telegram_id,
                full_name=name,
                role=role,
                is_active=True,
                is_reachable=True,
                consent_at=now,
                registered_at=now,
                created_at=now,
                updated_at=now,
            )
        )


async def test_admin_start_registers_a_methodologist(harness: Harness) -> None:
    admin = harness.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    welcome, consent = await admin.send("/start")
    assert welcome.text.startswith("Здравствуйте! Я ШМО-бот")
    assert consent.buttons == ["Согласен", "Не согласен"]
    assert await count(harness, Member) == 0, "nothing is stored before consent"
    await admin.press("Согласен")
    [saved, done] = await admin.send("Смирнова Ольга Викторовна")
    assert saved.text == "Записал: Смирнова Ольга Викторовна."
    assert done.text.startswith("Готово, Смирнова Ольга Викторовна! Вы зарегистрированы: методист.")
    async with harness.runtime.sessions() as session:
        member = await session.scalar(select(Member).where(Member.telegram_id == ADMIN_ID))
        assert member is not None
        assert member.role is Role.METHODOLOGIST
        assert member.full_name == "Смирнова Ольга Викторовна"
        assert member.created_at == harness.clock.now()
        audit = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert [a.action for a in audit] == ["member.bootstrap_methodologist", "member.registered"]
        assert audit[0].object_id == member.id

    [again] = await admin.send("/start")
    assert again.text == (
        "С возвращением, Смирнова Ольга Викторовна! Вы — методист. Что я умею — /help."
    )
    assert await count(harness, Member) == 1


async def test_stranger_start_explains_invitations_and_stores_nothing(harness: Harness) -> None:
    stranger = harness.person("Иван", "Иванов")
    [reply] = await stranger.send("/start")
    assert "Я работаю по приглашениям" in reply.text
    [reply] = await stranger.send("/start inv_unknown_code")
    assert "Такого приглашения нет" in reply.text
    assert await count(harness, Member) == 0
    assert await count(harness, AuditEntry) == 0


async def test_guest_help_and_anything_else(harness: Harness) -> None:
    guest = harness.person("Иван", None)
    [reply] = await guest.send("/help")
    assert "по приглашению" in reply.text
    assert "/start" in reply.text
    [reply] = await guest.send("/members")
    assert "Я работаю по приглашениям" in reply.text
    [reply] = await guest.send("привет")
    assert "Я работаю по приглашениям" in reply.text


@pytest.mark.parametrize(
    ("role", "opening"),
    [
        (Role.METHODOLOGIST, "Вы — методист."),
        (Role.COORDINATOR, "Вы — школьный координатор."),
        (Role.HEAD, "Вы — руководитель методического объединения."),
        (Role.TEACHER, "Вы — педагог."),
    ],
)
async def test_help_by_role(harness: Harness, role: Role, opening: str) -> None:
    await add_member(harness, 3003, role, "Мария Кузнецова")
    person = harness.person("Мария", "Кузнецова", user_id=3003)
    [reply] = await person.send("/help")
    assert reply.text.startswith(opening)
    assert "/cancel" in reply.text


async def test_english_speaker_gets_english(harness: Harness) -> None:
    admin = harness.person("Olga", None, user_id=ADMIN_ID, language_code="en")
    [welcome, consent] = await admin.send("/start")
    assert welcome.text.startswith("Hello! I am the ШМО bot")
    assert consent.buttons == ["I agree", "I do not agree"]
    stranger = harness.person("John", None, language_code="de")
    [reply] = await stranger.send("/start")
    assert reply.text.startswith("Здравствуйте!"), "unsupported language falls back to ru"


async def test_unknown_command_and_free_text_get_a_hint(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    [reply] = await admin.send("/frobnicate")
    assert reply.text == "Такой команды я не знаю. Список команд — /help."
    [reply] = await admin.send("когда семинар?")
    assert reply.text == "Я понимаю команды и кнопки. Что я умею — /help."
    [reply] = await admin.send_photo(b"\x89PNG fake", caption="фото протокола")
    assert reply.text == "Я понимаю команды и кнопки. Что я умею — /help."


async def test_cancel_outside_and_inside_a_dialog(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    [reply] = await admin.send("/cancel")
    assert reply.text == "Отменять нечего: сейчас ничего не заполняется."

    key = harness.dp.fsm.get_context(harness.bot, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await key.set_state("SomeForm:step")
    [reply] = await admin.send("что-то не то")
    assert reply.text == "Сейчас я жду ответ на вопрос выше. Чтобы прервать, отправьте /cancel."
    [reply] = await admin.send("/cancel")
    assert reply.text == "Действие отменено."
    assert await key.get_state() is None


async def test_a_stale_button_answers_instead_of_spinning(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

    await harness.bot.send_message(
        ADMIN_ID,
        "Старое сообщение",
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Старая кнопка", callback_data="gone:1")]]
        ),
    )
    await admin.press("Старая кнопка")
    assert admin.alerts()[-1] == "Эта кнопка уже не действует."


async def test_group_help_addressed_to_the_bot(harness: Harness) -> None:
    admin = harness.person(user_id=ADMIN_ID)
    group = harness.group("Руководители ШМО")
    await group.add_bot(by=admin)
    username = harness.double.bot_user["username"]
    [reply] = await admin.send_in(group, f"/help@{username}")
    assert "присылаю в эту группу анонсы" in reply.text
    assert await admin.send_in(group, "/help@some_other_bot") == []
    assert await admin.send_in(group, "коллеги, добрый день") == []


async def test_unexpected_error_apologises_rolls_back_and_goes_on(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """The audit table is made unavailable, so registering the methodologist fails half-way:
    the member row written before the failure must be rolled back."""
    async with harness.runtime.engine.begin() as conn:
        await conn.execute(text("ALTER TABLE audit_log RENAME TO audit_log_away"))
    try:
        admin = harness.person(user_id=ADMIN_ID)
        await admin.send("/start")
        with caplog.at_level(logging.ERROR, logger="bot.handlers.errors"):
            await admin.press("Согласен")
        # the button is answered once the consent is decided, so the apology is its alert
        assert admin.alerts()[-1].startswith("Что-то пошло не так")
        assert await count(harness, Member) == 0
        failures = [r for r in caplog.records if r.name == "bot.handlers.errors"]
        assert len(failures) == 1
        assert "update " in failures[0].getMessage()
        assert failures[0].exc_info is not None
    finally:  # the table comes back even when an assertion failed: the database is shared
        async with harness.runtime.engine.begin() as conn:
            await conn.execute(text("ALTER TABLE audit_log_away RENAME TO audit_log"))
    await admin.send("/start")
    [ask] = await admin.press("Согласен")
    assert "фамилию, имя и отчество" in ask.text


@pytest.fixture
async def harness_with_rule(
    double: BotAPIDouble, database_url: str, clock: FakeClock
) -> AsyncIterator[Harness]:
    """The bot with one extra command whose service refuses: a domain error's path."""

    async def forbidden(message: object) -> None:
        raise NotAllowed()

    extra = Router(name="test-rule")
    extra.message.register(forbidden, Command("forbidden"))
    runtime = create_runtime(
        make_settings(double, database_url), clock=clock, routers=[extra, *get_routers()]
    )
    try:
        yield Harness(runtime, double, clock)
    finally:
        await runtime.aclose()


async def test_domain_error_becomes_its_localized_text(harness_with_rule: Harness) -> None:
    ru = harness_with_rule.person("Анна")
    [reply] = await ru.send("/forbidden")
    assert reply.text == "У вас нет прав на это действие."
    en = harness_with_rule.person("Ann", language_code="en")
    [reply] = await en.send("/forbidden")
    assert reply.text == "You are not allowed to do this."


async def test_two_people_at_the_same_moment(
    double: BotAPIDouble, database_url: str, clock: FakeClock
) -> None:
    admins = tuple(range(ADMIN_ID, ADMIN_ID + 6))
    runtime = create_runtime(make_settings(double, database_url, admin_ids=admins), clock=clock)
    h = Harness(runtime, double, clock)
    try:
        people = [h.person(f"Методист{i}", None, user_id=uid) for i, uid in enumerate(admins)]
        for person in people:
            await person.send("/start")
        asks = await asyncio.gather(*(p.press("Согласен") for p in people))
        assert all("фамилию" in ask.text for [ask] in asks)
        replies = await asyncio.gather(*(p.send(f"{p.first_name} Тестовый") for p in people))
        for person, [_, done] in zip(people, replies, strict=True):
            assert done.text.startswith(f"Готово, {person.first_name} Тестовый!")
        assert await count(h, Member) == len(admins)
        assert await count(h, AuditEntry) == 2 * len(admins)
    finally:
        await runtime.aclose()


async def test_names_are_shown_as_text_not_markup(harness: Harness) -> None:
    admin = harness.person("<b>Ольга</b>", "& Co", user_id=ADMIN_ID)
    await admin.send("/start")
    await admin.press("Согласен")
    [saved, _] = await admin.send("<b>Ольга</b> & Co")
    assert saved.text == "Записал: <b>Ольга</b> & Co."
