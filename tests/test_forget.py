"""/forget: after it no table, no free page of the database file and no write-ahead log holds
the person's Telegram id or name; and it works for someone who has not finished the profile."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.storage.models import Base, Broadcast, Member, Role
from tests import seed
from tests.conftest import ADMIN_ID
from tests.harness import Harness, Person

TEACHER_NAME = "Кузнецова Ирина Павловна"
ADMIN_NAME = "Смирнова Ольга Викторовна"
OTHER_NAME = "Егорова Жанна Ивановна"


async def traces(h: Harness, telegram_id: int, name: str) -> list[str]:
    """Every cell of every table that holds the Telegram id or the name, as table.column."""
    found = []
    digits = re.compile(rf"(?<!\d){telegram_id}(?!\d)")
    async with h.runtime.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).mappings():
                for column, value in row.items():
                    if value is None or isinstance(value, bool):
                        continue
                    if isinstance(value, int):
                        hit = value == telegram_id
                    else:
                        text = str(value)
                        hit = bool(digits.search(text)) or name in text
                    if hit:
                        found.append(f"{table.name}.{column}")
    return found


def database_files(h: Harness) -> dict[str, bytes]:
    """The SQLite file and its write-ahead log, as bytes (nothing on other databases)."""
    url = make_url(h.runtime.settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return {}
    path = Path(url.database)
    files = {path.name: path.read_bytes()}
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        files[wal.name] = wal.read_bytes()
    return files


async def forget(person: Person) -> None:
    [ask] = await person.send("/forget")
    assert "Удалить ваши данные?" in ask.text
    [done] = await person.press("Да, удалить мои данные")
    assert "Ваши данные удалены" in done.text


async def test_forget_leaves_the_id_and_name_nowhere(harness: Harness) -> None:
    h = harness
    admin = await seed.methodologist(h)
    school = await seed.organisation(h, "Школа № 1")
    teacher = h.person("Ирина", "Кузнецова")
    await seed.member(h, teacher.id, Role.TEACHER, TEACHER_NAME, organisation_id=school)
    other = h.person("Жанна", "Егорова")
    await seed.member(h, other.id, Role.TEACHER, OTHER_NAME, organisation_id=school)
    for person in (teacher, other):
        await person.send("/start")  # a bot may write only to those who started it

    # An announcement to everyone: a delivery report in the methodologist's chat and a
    # message still waiting in the outbox for each teacher.
    await admin.send("/announce")
    await admin.send("Семинар «Педагогический дебют» в пятницу")
    await admin.press("Предпросмотр ›")
    await admin.press("Отправить")
    async with h.runtime.sessions() as session:
        [broadcast] = list(await session.scalars(select(Broadcast)))
    assert broadcast.report_chat_id == ADMIN_ID
    assert "outbox.chat_id" in await traces(h, teacher.id, TEACHER_NAME)

    await forget(teacher)
    await h.runtime.sender.drain()
    assert not [m for m in teacher.messages() if "Семинар" in m.text], "nothing sent after"
    assert [m.text for m in other.messages()][-1] == "Семинар «Педагогический дебют» в пятницу"
    assert await traces(h, teacher.id, TEACHER_NAME) == []

    await admin.send("/me")  # the same through the profile's button
    [ask] = await admin.press("Удалить мои данные")
    assert "Удалить ваши данные?" in ask.text
    [done] = await admin.press("Да, удалить мои данные")
    assert "Ваши данные удалены" in done.text
    assert await traces(h, ADMIN_ID, ADMIN_NAME) == []
    await h.runtime.reporter.tick()

    files = database_files(h)
    for file, content in files.items():
        for name in (TEACHER_NAME, ADMIN_NAME):
            assert name.encode() not in content, f"{name} is still in {file}"
    if files:  # the check does see a name that nobody asked to forget
        assert OTHER_NAME.encode() in b"".join(files.values())


async def test_forget_before_the_profile_is_finished(harness: Harness) -> None:
    h = harness
    admin = await seed.methodologist(h)
    await seed.organisation(h, "Школа № 1")
    await admin.send("/invite")
    await admin.press("педагог")
    await admin.press("Школа № 1")
    link = next(r.text for r in await admin.press("Создать") if "t.me/" in r.text)
    code = re.search(r"start=([A-Za-z0-9_-]+)", link).group(1)  # type: ignore[union-attr]

    anna = h.person("Анна", "Петрова")
    await anna.send(f"/start {code}")
    await anna.press("Согласен")
    [_, ask_year] = await anna.send(TEACHER_NAME)
    assert "В каком году" in ask_year.text

    [ask] = await anna.send("/forget")
    assert "Удалить ваши данные?" in ask.text
    [kept] = await anna.press("Нет, оставить")
    assert kept.text == "Хорошо, ничего не удаляю. Продолжить заполнение профиля — /start."
    async with h.runtime.sessions() as session:
        row = await session.scalar(select(Member).where(Member.telegram_id == anna.id))
    assert row is not None
    assert row.full_name == TEACHER_NAME
    resumed, _ = await anna.send("/start")
    assert resumed.text == "Продолжим заполнение профиля."

    await forget(anna)
    assert await traces(h, anna.id, TEACHER_NAME) == []
    for file, content in database_files(h).items():
        assert TEACHER_NAME.encode() not in content, f"the name is still in {file}"
    [reply] = await anna.send("/start")
    assert "Я работаю по приглашениям" in reply.text


async def test_forget_takes_a_persons_own_deadlines_and_what_they_handed_in(
    harness: Harness,
) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import func

    from bot.services.audience import Audience
    from bot.services.deadlines import DeadlineDraft, DeadlineService
    from bot.services.people import MemberInfo
    from bot.storage.models import (
        DeadlineAssignee,
        DeadlineUnit,
        Deliverable,
        Submission,
        SubmissionFile,
    )
    from bot.storage.unit import unit_of_work

    h = harness
    admin = await seed.methodologist(h)
    school = await seed.organisation(h, "Школа № 1")
    teacher = h.person("Ирина", "Кузнецова")
    await seed.member(h, teacher.id, Role.TEACHER, TEACHER_NAME, organisation_id=school)
    await teacher.send("/start")
    async with h.runtime.sessions() as session:
        author = await session.scalar(select(Member).where(Member.telegram_id == admin.id))
        assert author is not None
        who = MemberInfo.of(author)
    async with unit_of_work(h.runtime.sessions) as repo:
        await DeadlineService(repo, h.clock, h.runtime.translator, h.runtime.settings.tz).create(
            who,
            DeadlineDraft(
                title="Самоанализ урока",
                kind=Deliverable.REPORT,
                unit=DeadlineUnit.PERSON,
                due_at=datetime(2026, 12, 20, 20, 59, tzinfo=UTC),
                audience=Audience(),
            ),
        )
    await h.runtime.sender.drain()
    await teacher.press("📤 Сдать")
    await teacher.press("📤 Сдать")
    await teacher.send_document(("Кузнецова_самоанализ.docx", b"PK\x03\x04", "application/msword"))
    await teacher.send(f"{TEACHER_NAME}: самоанализ открытого урока")
    seen = await teacher.press("✅ Отправить")
    assert "Сдано" in seen[-1].text
    assert "deadline_submissions.comment" in await traces(h, teacher.id, TEACHER_NAME)

    await forget(teacher)
    assert await traces(h, teacher.id, TEACHER_NAME) == []
    async with h.runtime.sessions() as session:
        for table in (DeadlineAssignee, Submission, SubmissionFile):
            left = await session.scalar(select(func.count()).select_from(table))
            assert left == (1 if table is DeadlineAssignee else 0), table.__tablename__
    for file, content in database_files(h).items():
        assert "Кузнецова_самоанализ".encode() not in content, f"the file's name is in {file}"
