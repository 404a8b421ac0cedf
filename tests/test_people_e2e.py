"""One municipality from the first /start to a forgotten teacher, through the bot.

A methodologist registers, imports the schools, invites a head and two teachers, pairs a mentor
with a young specialist, binds the heads' group (which then becomes a supergroup), exports the
members to Excel; then the young teacher asks the bot to forget her. At each step the test looks
at what people see in Telegram and at what the database holds.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from bot.storage.models import (
    Association,
    AssociationLevel,
    AssociationMembership,
    Base,
    BindingKind,
    ChatBinding,
    Invite,
    Member,
    MentorPairing,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.conftest import ADMIN_ID
from tests.harness import Harness, Person, Seen

SCHOOLS_FILE = Path(__file__).parent / "data" / "schools-zarechny.csv"
SCHOOL = "МАОУ «СОШ № 1»"
SCIENCE = "ШМО естественно-математического цикла"
PRIMARY = "ШМО учителей начальных классов"

# Full names start with different letters, so the order by name is the same on every database.
ADMIN_NAME = "Смирнова Ольга Викторовна"
HEAD_NAME = "Игорь Волков"  # taken from Telegram with the offered button
YOUNG_NAME = "Кузнецова Дарья Андреевна"
MENTOR_NAME = "Егорова Жанна Ивановна"


# -- reading what is stored


async def rows(h: Harness, model: type) -> list[Any]:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(model)))


async def member_of(h: Harness, telegram_id: int) -> Member:
    async with h.runtime.sessions() as session:
        found = await session.scalar(select(Member).where(Member.telegram_id == telegram_id))
    assert found is not None, f"no member with Telegram id {telegram_id}"
    return found


async def memberships(h: Harness, member_id: int) -> list[tuple[str, bool]]:
    async with h.runtime.sessions() as session:
        result = await session.execute(
            select(Association.name, AssociationMembership.is_head)
            .join(Association, Association.id == AssociationMembership.association_id)
            .where(AssociationMembership.member_id == member_id)
        )
        return [(name, bool(head)) for name, head in result]


def traces(dump: dict[str, list[dict[str, Any]]], telegram_id: int, words: list[str]) -> list[str]:
    """Where a Telegram id or any of ``words`` occurs: "table.column" for each hit."""
    found = []
    for table_name, table_rows in dump.items():
        for row in table_rows:
            for column_name, value in row.items():
                text = str(value)
                if value == telegram_id or any(w in text for w in [str(telegram_id), *words]):
                    found.append(f"{table_name}.{column_name}")
    return found


async def every_row(h: Harness) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, column by column."""
    dump: dict[str, list[dict[str, Any]]] = {}
    async with h.runtime.sessions() as session:
        for table in Base.metadata.sorted_tables:
            result = await session.execute(table.select().order_by(*table.primary_key.columns))
            dump[table.name] = [dict(row) for row in result.mappings()]
    return dump


# -- what people do


def start_code(replies: list[Seen]) -> str:
    """The start code of the invite link the bot has just sent."""
    link = next(r.text for r in replies if "t.me/" in r.text)
    found = re.search(r"start=([A-Za-z0-9_-]+)", link)
    assert found is not None, link
    return found.group(1)


def menu_of(h: Harness, person: Person) -> list[str]:
    """The command menu the bot last set for this person's chat."""
    calls = [
        c
        for c in h.double.calls("setMyCommands")
        if c.params.get("scope", {}).get("chat_id") == person.id
    ]
    assert calls, f"no command menu was set for {person.first_name}"
    return [c["command"] for c in calls[-1].params["commands"]]


async def join_as_teacher(
    h: Harness, person: Person, code: str, full_name: str, *, year: str, mentor: bool
) -> None:
    """A teacher opens the school's invite link and fills the profile, mostly with buttons."""
    welcome, consent = await person.send(f"/start {code}")
    assert f"Приглашение: педагог, {SCHOOL}." in welcome.text
    assert consent.buttons == ["Согласен", "Не согласен"]
    [ask_name] = await person.press("Согласен")
    assert "фамилию, имя и отчество" in ask_name.text

    # The invite names the school but no association: the teacher picks hers.
    [saved, ask_associations] = await person.send(full_name)
    assert saved.text == f"Записал: {full_name}."
    assert "▫️ " + PRIMARY in ask_associations.buttons
    assert "▫️ ГМО учителей математики" in ask_associations.buttons
    await person.press("▫️ " + PRIMARY)
    assert "✅ " + PRIMARY in person.last().buttons
    [ask_year] = await person.press("Готово")
    assert "В каком году" in ask_year.text
    assert ask_year.buttons[:3] == ["2026", "2025", "2024"]

    if year in ask_year.buttons:
        [ask_mentor] = await person.press(year)
    else:
        [ask_typed] = await person.press("Раньше — введу год")
        assert "четырьмя цифрами" in ask_typed.text
        [ask_mentor] = await person.send(year)
    assert "наставник" in ask_mentor.text
    assert ask_mentor.buttons == ["Да", "Нет"]
    [done] = await person.press("Да" if mentor else "Нет")
    assert f"Готово, {full_name}! Вы зарегистрированы: педагог." in done.text
    assert menu_of(h, person) == ["help", "events", "deadlines", "me", "forget", "cancel"]


async def test_a_municipality_from_first_start_to_a_forgotten_teacher(harness: Harness) -> None:
    h = harness
    bot_name = str(h.double.bot_user["username"])

    # 1. The methodologist from ADMIN_IDS starts the bot, consents and types the full name.
    admin = h.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    welcome, consent = await admin.send("/start")
    assert "войдёте как методист без приглашения" in welcome.text
    assert "152-ФЗ" in consent.text
    [ask_name] = await admin.press("Согласен")
    assert "фамилию, имя и отчество" in ask_name.text
    replies = await admin.send(ADMIN_NAME)
    assert f"Готово, {ADMIN_NAME}! Вы зарегистрированы: методист." in replies[-1].text
    assert (await member_of(h, ADMIN_ID)).role is Role.METHODOLOGIST

    # 2. She imports the municipality's schools and associations from a CSV file.
    [ask_file] = await admin.send("/import")
    assert "Пришлите таблицу файлом CSV или XLSX" in ask_file.text
    [preview] = await admin.send_document(SCHOOLS_FILE)
    assert "Будет создано: 6 организаций и 27 объединений." in preview.text
    assert preview.buttons == ["Импортировать", "Отмена"]
    assert await rows(h, Organisation) == [], "a preview writes nothing"
    await admin.press("Импортировать")
    assert admin.last().text == "Готово! Создано: 6 организаций и 27 объединений."

    organisations = await rows(h, Organisation)
    assert len(organisations) == 6
    assert {o.kind for o in organisations} == {OrganisationKind.SCHOOL}
    associations = await rows(h, Association)
    school_level = [a for a in associations if a.level is AssociationLevel.SCHOOL]
    municipal = [a for a in associations if a.level is AssociationLevel.MUNICIPAL]
    assert (len(school_level), len(municipal)) == (24, 3)
    school_id = next(o.id for o in organisations if o.name == SCHOOL)
    assert sorted(a.name for a in school_level if a.organisation_id == school_id) == [
        "ШМО гуманитарного цикла",
        "ШМО естественно-математического цикла",
        "ШМО классных руководителей",
        "ШМО учителей начальных классов",
    ]
    science_id = next(
        a.id for a in school_level if a.organisation_id == school_id and a.name == SCIENCE
    )

    # 3. She invites the head of the school's science association, with buttons.
    [ask_role] = await admin.send("/invite")
    assert ask_role.text == "Кого приглашаем?"
    assert "руководитель объединения" in ask_role.buttons
    await admin.press("руководитель объединения")
    assert SCHOOL in admin.last().buttons
    await admin.press(SCHOOL)
    assert admin.last().text.startswith("Руководителем какого объединения")
    await admin.press("▫️ " + SCIENCE)
    await admin.press("Далее")
    summary = admin.last()
    assert "Роль: руководитель объединения" in summary.text
    assert f"Объединения: {SCIENCE}" in summary.text
    replies = await admin.press("Создать")
    head_code = start_code(replies)
    assert f"t.me/{bot_name}?start={head_code}" in replies[0].text
    [qr] = [r for r in replies if r.raw.get("photo")]
    assert "Наведите камеру" in qr.text
    assert h.double.file_bytes(qr.raw["photo"][-1]["file_id"]).startswith(b"\x89PNG")

    # 4. The head opens the link, consents and takes the offered Telegram name with a button.
    head = h.person("Игорь", "Волков")
    welcome, _ = await head.send(f"/start {head_code}")
    assert f"Вас пригласил(а) {ADMIN_NAME} (методист)." in welcome.text
    assert f"Приглашение: руководитель объединения, {SCHOOL}." in welcome.text
    [ask_name] = await head.press("Согласен")
    assert ask_name.buttons == [HEAD_NAME]
    [_, done] = await head.send(ask_name.buttons[0])  # a reply-keyboard button sends its text
    assert f"Готово, {HEAD_NAME}! Вы зарегистрированы: руководитель объединения." in done.text
    head_row = await member_of(h, head.id)
    assert (head_row.role, head_row.organisation_id) == (Role.HEAD, school_id)
    async with h.runtime.sessions() as session:
        membership = await session.get(AssociationMembership, (science_id, head_row.id))
    assert membership is not None
    assert membership.is_head
    assert menu_of(h, head) == [
        "help",
        "minutes",
        "newevent",
        "events",
        "newdeadline",
        "deadlines",
        "roadmap",
        "me",
        "forget",
        "cancel",
    ]
    [card] = await head.send("/me")
    assert f"{SCIENCE} (руководитель)" in card.text

    # 5. A teachers' invite for the same school; one link for everyone.
    await admin.send("/invite")
    await admin.press("педагог")
    await admin.press(SCHOOL)
    assert admin.last().text.startswith("В какие объединения войдёт приглашённый?")
    await admin.press("Далее")  # none chosen: each teacher picks her own
    assert "Использований: без ограничения" in admin.last().buttons
    teacher_code = start_code(await admin.press("Создать"))

    # A young teacher (started in 2025) who is not a mentor …
    young = h.person("Дарья", "Кузнецова")
    await join_as_teacher(h, young, teacher_code, YOUNG_NAME, year="2025", mentor=False)
    # … and an experienced one (typed 2008) who is.
    mentor = h.person("Жанна", "Егорова")
    await join_as_teacher(h, mentor, teacher_code, MENTOR_NAME, year="2008", mentor=True)

    young_row = await member_of(h, young.id)
    mentor_row = await member_of(h, mentor.id)
    assert (young_row.organisation_id, young_row.career_start_year, young_row.is_mentor) == (
        school_id,
        2025,
        False,
    )
    assert (mentor_row.organisation_id, mentor_row.career_start_year, mentor_row.is_mentor) == (
        school_id,
        2008,
        True,
    )
    assert await memberships(h, young_row.id) == [(PRIMARY, False)]
    assert await memberships(h, mentor_row.id) == [(PRIMARY, False)]
    teacher_invite = next(i for i in await rows(h, Invite) if i.code == teacher_code)
    assert (teacher_invite.used_count, teacher_invite.max_uses) == (2, None)
    [card] = await young.send("/me")
    assert "Вы молодой специалист." in card.text

    # 6. The methodologist pairs the mentor with the young specialist from the directory.
    [listing] = await admin.send("/members")
    assert "Найдено: 4 человека" in listing.text
    await admin.press(f"{YOUNG_NAME} — {SCHOOL}")
    assert "Начало педагогического стажа: 2025, молодой специалист" in admin.last().text
    await admin.press("Назначить наставника")
    assert MENTOR_NAME in admin.last().buttons
    await admin.press(MENTOR_NAME)
    assert admin.alerts()[-1] == "Пара «наставник — молодой специалист» создана."
    assert f"Кто наставляет: {MENTOR_NAME}" in admin.last().text
    pairs = [(p.mentor_id, p.mentee_id) for p in await rows(h, MentorPairing)]
    assert pairs == [(mentor_row.id, young_row.id)]
    # Both see the pair in their own profile.
    [card] = await young.send("/me")
    assert f"Ваш наставник: {MENTOR_NAME}" in card.text
    [card] = await mentor.send("/me")
    assert f"Вы наставник для: {YOUNG_NAME}" in card.text

    # 7. The heads' group: the bot is added, the methodologist binds it to all heads.
    group = h.group("Руководители ШМО")
    await group.add_bot(by=admin)
    assert f"/bind@{bot_name}" in group.messages()[-1].text
    [ask] = await admin.send_in(group, f"/bind@{bot_name}")
    assert ask.text.startswith("Для кого эта группа?")
    await admin.press("Руководители всех объединений", message=ask)
    [bound] = [m for m in group.messages() if m.message_id == ask.message_id]
    assert bound.text.startswith("Готово! Группа «Руководители ШМО» привязана")
    [binding] = await rows(h, ChatBinding)
    assert (binding.chat_id, binding.kind, binding.is_active) == (
        group.id,
        BindingKind.HEADS_ALL,
        True,
    )

    # The group becomes a supergroup: the binding follows it, and messages reach the new chat.
    new_group = await group.migrate(by=admin)
    [moved] = await rows(h, ChatBinding)
    assert (moved.id, moved.chat_id, moved.is_active) == (binding.id, new_group.id, True)
    await h.bot.send_message(new_group.id, "Проверка")
    assert h.double.messages(new_group.id)[-1]["text"] == "Проверка"

    # 8. The members' list goes to Excel.
    await admin.send("/members")
    await admin.press("Выгрузить в Excel")
    sent = admin.last().raw
    assert sent["caption"] == "Список участников: 4 человека."
    assert sent["document"]["file_name"].endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(h.double.file_bytes(sent["document"]["file_id"])))
    sheet = workbook.active
    assert sheet is not None
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert table[0][:3] == ["ФИО", "Роль", "Организация"]
    assert [row[:3] for row in table[1:]] == [
        [MENTOR_NAME, "педагог", SCHOOL],
        [HEAD_NAME, "руководитель объединения", SCHOOL],
        [YOUNG_NAME, "педагог", SCHOOL],
        [ADMIN_NAME, "методист", None],
    ]
    column = {name: i for i, name in enumerate(table[0])}
    by_name = {row[0]: row for row in table[1:]}
    assert by_name[HEAD_NAME][column["Руководитель объединений"]] == SCIENCE
    assert by_name[YOUNG_NAME][column["Молодой специалист"]] == "да"
    assert by_name[YOUNG_NAME][column["Наставляемые/Наставник"]] == MENTOR_NAME
    assert by_name[MENTOR_NAME][column["Наставник"]] == "да"
    assert by_name[MENTOR_NAME][column["Год начала стажа"]] == 2008

    # 9. The young teacher asks the bot to forget her, in the middle of editing her name.
    await young.send("/me")
    await young.press("Изменить ФИО")
    before = traces(await every_row(h), young.id, [YOUNG_NAME, "Кузнецова"])
    assert {"members.telegram_id", "members.full_name", "dialog_states.key"} <= set(before)
    [ask_forget] = await young.send("/forget")
    assert "Удалить ваши данные?" in ask_forget.text
    [done] = await young.press("Да, удалить мои данные")
    assert "Ваши данные удалены" in done.text
    deleted_menus = h.double.calls("deleteMyCommands")
    assert deleted_menus[-1].params["scope"]["chat_id"] == young.id

    # Nothing of hers is left in any table (members, association_members, mentor_pairings,
    # dialog_states, audit_log with its details, invites, chat_bindings …): not her name,
    # not her Telegram id. The row itself stays, emptied, so others' records keep an author.
    forgotten_id = young_row.id
    dump = await every_row(h)
    assert traces(dump, young.id, [YOUNG_NAME, "Кузнецова"]) == []
    [erased] = [m for m in dump["members"] if m["id"] == forgotten_id]
    assert (erased["telegram_id"], erased["full_name"], erased["career_start_year"]) == (
        None,
        None,
        None,
    )
    assert erased["organisation_id"] is None
    assert erased["forgotten_at"] is not None
    assert not erased["is_active"]
    assert [m for m in dump["association_members"] if m["member_id"] == forgotten_id] == []
    assert dump["mentor_pairings"] == []
    assert not [d for d in dump["dialog_states"] if f":{young.id}:" in d["key"]]
    about_her = [
        e["action"]
        for e in dump["audit_log"]
        if (e["object_type"], e["object_id"]) == ("member", forgotten_id)
    ]
    assert about_her[-1] == "member.forgotten", "the audit keeps what happened, not who"

    # The others keep theirs; the mentor's profile no longer names her.
    assert (await member_of(h, mentor.id)).full_name == MENTOR_NAME
    [card] = await mentor.send("/me")
    assert "Вы наставник для" not in card.text
    [reply] = await young.send("/start")
    assert "Я работаю по приглашениям" in reply.text
