"""Invitations, consent, onboarding, the profile and forgetting — through the bot."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.factory import create_runtime
from bot.storage.models import (
    Association,
    AssociationLevel,
    AssociationMembership,
    AuditEntry,
    DialogState,
    Invite,
    Member,
    MentorPairing,
    Role,
)
from tests import seed
from tests.conftest import ADMIN_ID, make_settings
from tests.harness import Harness, Person, Seen
from tests.worlds import make_invite, school


async def rows(h: Harness, model: type) -> list:
    async with h.runtime.sessions() as session:
        return list(await session.scalars(select(model)))


async def member_of(h: Harness, telegram_id: int) -> Member:
    async with h.runtime.sessions() as session:
        found = await session.scalar(select(Member).where(Member.telegram_id == telegram_id))
    assert found is not None
    return found


async def test_methodologist_from_admin_ids_consents_and_names_themself(harness: Harness) -> None:
    admin = harness.person("Ольга", "Смирнова", user_id=ADMIN_ID)
    welcome, consent = await admin.send("/start")
    assert "войдёте как методист без приглашения" in welcome.text
    assert "152-ФЗ" in consent.text
    assert consent.buttons == ["Согласен", "Не согласен"]
    [declined] = await admin.press("Не согласен")
    assert "ничего о вас не сохранил" in declined.text
    assert await rows(harness, Member) == []

    await admin.send("/start")
    [ask] = await admin.press("Согласен")
    assert "фамилию, имя и отчество" in ask.text
    assert ask.buttons == ["Ольга Смирнова"], "the Telegram name is offered as a button"
    replies = await admin.send("Смирнова Ольга Викторовна")
    assert "Готово, Смирнова Ольга Викторовна! Вы зарегистрированы: методист." in replies[-1].text
    member = await member_of(harness, ADMIN_ID)
    assert member.role is Role.METHODOLOGIST
    assert member.consent_at == harness.clock.now()
    assert member.registered_at == harness.clock.now()
    menus = [
        c
        for c in harness.double.calls("setMyCommands")
        if c.params.get("scope", {}).get("chat_id") == ADMIN_ID
    ]
    assert [c["command"] for c in menus[-1].params["commands"]][:3] == ["help", "invite", "invites"]


async def test_teacher_joins_by_invite_with_buttons(harness: Harness) -> None:
    ids = await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(
        admin, "педагог", "МАОУ «СОШ № 1»", ("ШМО учителей начальных классов",)
    )
    [photo] = [m for m in admin.messages() if m.raw.get("photo")]
    assert "Наведите камеру" in photo.text
    assert harness.double.file_bytes(photo.raw["photo"][-1]["file_id"]).startswith(b"\x89PNG")

    anna = harness.person("Анна", "Петрова")
    welcome, consent = await anna.send(f"/start {code}")
    assert consent.buttons == ["Согласен", "Не согласен"]
    assert "Вас пригласил(а) Смирнова Ольга Викторовна (методист)." in welcome.text
    assert "Приглашение: педагог, МАОУ «СОШ № 1»." in welcome.text
    assert len(await rows(harness, Member)) == 1, "only the methodologist before consent"
    await anna.press("Согласен")
    [saved, ask_year] = await anna.send("Петрова Анна Сергеевна")
    assert saved.text == "Записал: Петрова Анна Сергеевна."
    assert "В каком году" in ask_year.text
    assert ask_year.buttons[:3] == ["2026", "2025", "2024"]
    [ask_mentor] = await anna.press("2025")
    assert ask_mentor.buttons == ["Да", "Нет"]
    [done] = await anna.press("Нет")
    assert "Готово, Петрова Анна Сергеевна! Вы зарегистрированы: педагог." in done.text

    member = await member_of(harness, anna.id)
    assert (member.organisation_id, member.career_start_year, member.is_mentor) == (
        ids["org"],
        2025,
        False,
    )
    memberships = await rows(harness, AssociationMembership)
    assert [(m.association_id, m.is_head) for m in memberships if m.member_id == member.id] == [
        (ids["primary"], False)
    ]
    [invite] = await rows(harness, Invite)
    assert invite.used_count == 1
    assert invite.max_uses is None
    actions = [a.action for a in await rows(harness, AuditEntry)]
    assert {"invite.created", "member.consented", "member.registered"} <= set(actions)

    [profile] = await anna.send("/me")
    assert "Вы молодой специалист." in profile.text
    assert "ШМО учителей начальных классов" in profile.text


async def test_head_invite_makes_a_head_with_a_heads_menu(harness: Harness) -> None:
    ids = await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(
        admin,
        "руководитель объединения",
        "МАОУ «СОШ № 1»",
        ("ШМО естественно-математического цикла",),
    )
    [invite] = await rows(harness, Invite)
    assert invite.max_uses == 1, "a head's invite is personal by default"
    head = harness.person("Игорь", "Волков")
    await head.send(f"/start {code}")
    await head.press("Согласен")
    [_, done] = await head.send("Волков Игорь Петрович")
    assert "Вы зарегистрированы: руководитель объединения." in done.text
    member = await member_of(harness, head.id)
    [membership] = [
        m for m in await rows(harness, AssociationMembership) if m.member_id == member.id
    ]
    assert (membership.association_id, membership.is_head) == (ids["science"], True)
    menu = [
        c
        for c in harness.double.calls("setMyCommands")
        if c.params.get("scope", {}).get("chat_id") == head.id
    ][-1]
    assert [c["command"] for c in menu.params["commands"]] == [
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
    [help_reply] = await head.send("/help")
    assert help_reply.text.startswith("Вы — руководитель методического объединения.")

    second = harness.person("Пётр", "Лишний")
    [reply] = await second.send(f"/start {code}")
    assert "уже зарегистрировались все" in reply.text


async def test_a_teacher_without_preset_chooses_organisation_and_associations(
    harness: Harness,
) -> None:
    ids = await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(admin, "педагог", "Без организации")
    anna = harness.person("Анна", "Петрова")
    await anna.send(f"/start {code}")
    await anna.press("Согласен")
    [_, ask_org] = await anna.send("Петрова Анна")
    assert ask_org.buttons == ["МАОУ «СОШ № 1»", "МБОУ «Лицей № 3»"]
    [ask_assoc] = await anna.press("МАОУ «СОШ № 1»")
    assert ask_assoc.buttons == [
        "▫️ ШМО естественно-математического цикла",
        "▫️ ШМО учителей начальных классов",
        "▫️ ГМО учителей математики",
        "Пропустить",
    ]
    await anna.press("▫️ ГМО учителей математики")
    assert "✅ ГМО учителей математики" in anna.last().buttons
    [reply] = await anna.send("просто текст")
    assert "кнопкой" in reply.text
    await anna.press("Готово")
    await anna.press("Раньше — введу год")
    for typed, expected in [
        ("2031", "2031 год ещё не наступил"),
        ("1950", "не раньше 1960"),
        ("давно", "четырьмя цифрами"),
    ]:
        [reply] = await anna.send(typed)
        assert expected in reply.text
    [ask_mentor] = await anna.send("2015")
    assert ask_mentor.buttons == ["Да", "Нет"]
    await anna.press("Да")
    member = await member_of(harness, anna.id)
    assert (member.organisation_id, member.career_start_year, member.is_mentor) == (
        ids["org"],
        2015,
        True,
    )
    assert member.registered_at is not None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12345", "должны быть буквы"),
        ("А" * 201, "Слишком длинно: 201 символ, а можно не больше 200"),
        ("Б" * 205, "Слишком длинно: 205 символов"),
        ("  ...  ", "должны быть буквы"),
    ],
)
async def test_bad_names_are_refused(harness: Harness, typed: str, expected: str) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    anna = harness.person("Анна", "Петрова")
    await anna.send(f"/start {code}")
    await anna.press("Согласен")
    [reply] = await anna.send(typed)
    assert expected in reply.text
    assert (await member_of(harness, anna.id)).full_name is None


async def test_bad_invites(harness: Harness) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    expiring = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    stranger = harness.person("Иван", "Иванов")
    [reply] = await stranger.send("/start forged_code_123")
    assert "Такого приглашения нет" in reply.text
    [reply] = await stranger.send("/start " + "x" * 70)
    assert "Такого приглашения нет" in reply.text

    await admin.send("/invites")
    await admin.press("Отозвать 1. педагог")
    await admin.press("Да, отозвать")
    [reply] = await stranger.send(f"/start {expiring}")
    assert "отозвано" in reply.text

    fresh = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    harness.clock.advance(timedelta(days=15))
    [reply] = await stranger.send(f"/start {fresh}")
    assert "Срок действия приглашения истёк" in reply.text
    assert len(await rows(harness, Member)) == 1


async def test_consent_button_of_an_invite_expired_meanwhile(harness: Harness) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    anna = harness.person("Анна", "Петрова")
    await anna.send(f"/start {code}")
    harness.clock.advance(timedelta(days=20))
    await anna.press("Согласен")
    # the button's answer says why (it was answered before the invitation was checked, and
    # the reason came as a message after it, until the consent was decided first)
    assert anna.alerts()[-1].startswith("Срок действия приглашения истёк")
    assert len(await rows(harness, Member)) == 1


async def test_the_same_person_opening_two_invites(harness: Harness) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    first = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    second = await make_invite(admin, "педагог", "МБОУ «Лицей № 3»")
    anna = harness.person("Анна", "Петрова")
    await anna.send(f"/start {first}")
    await anna.press("Согласен")
    await anna.send("Петрова Анна")
    await anna.press("Пропустить")
    await anna.press("2021")
    await anna.press("Нет")
    [reply] = await anna.send(f"/start {second}")
    assert "Вы уже зарегистрированы" in reply.text
    invites = sorted(await rows(harness, Invite), key=lambda i: i.id)
    assert [i.used_count for i in invites] == [1, 0]


async def test_a_restart_in_the_middle_keeps_the_step(harness: Harness) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    anna = harness.person("Анна", "Петрова")
    await anna.send(f"/start {code}")
    await anna.press("Согласен")
    await anna.send("Петрова Анна")
    await anna.press("Пропустить")
    await harness.runtime.aclose()

    settings = make_settings(harness.double, harness.runtime.settings.database_url)
    harness.runtime = create_runtime(settings, clock=harness.clock)
    [ask_mentor] = await anna.press("2024")
    assert "наставник" in ask_mentor.text
    [done] = await anna.press("Нет")
    assert "Вы зарегистрированы: педагог." in done.text


async def test_resume_with_plain_start(harness: Harness) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    anna = harness.person("Анна", "Петрова")
    await anna.send(f"/start {code}")
    await anna.press("Согласен")
    await anna.send("/cancel")
    resumed, ask = await anna.send("/start")
    assert resumed.text == "Продолжим заполнение профиля."
    assert "фамилию, имя и отчество" in ask.text


async def test_who_may_invite(harness: Harness) -> None:
    ids = await school(harness)
    await seed.member(harness, 7001, Role.TEACHER, "Петрова Анна", organisation_id=ids["org"])
    teacher = harness.person("Анна", "Петрова", user_id=7001)
    [reply] = await teacher.send("/invite")
    assert reply.text == "Это может сделать методист или школьный координатор."
    [reply] = await teacher.send("/invites")
    assert reply.text == "Это может сделать методист или школьный координатор."

    await seed.member(harness, 7002, Role.COORDINATOR, "Зайцева Мария", organisation_id=ids["org"])
    coordinator = harness.person("Мария", "Зайцева", user_id=7002)
    [ask] = await coordinator.send("/invite")
    assert ask.buttons == ["руководитель объединения", "педагог"]
    await coordinator.press("педагог")
    assert "МБОУ «Лицей № 3»" not in " ".join(coordinator.last().buttons)
    await coordinator.press("Далее")
    await coordinator.press("Создать")
    [invite] = await rows(harness, Invite)
    assert invite.organisation_id == ids["org"]


async def test_profile_edits(harness: Harness) -> None:
    ids = await school(harness)
    await seed.member(
        harness,
        7001,
        Role.TEACHER,
        "Петрова Анна",
        organisation_id=ids["org"],
        career_start_year=2010,
        associations=[ids["primary"]],
    )
    anna = harness.person("Анна", "Петрова", user_id=7001)
    [card] = await anna.send("/me")
    assert "ФИО: Петрова Анна" in card.text
    assert "Год начала педагогической деятельности: 2010" in card.text
    assert "молодой специалист" not in card.text

    await anna.press("Изменить ФИО")
    [reply] = await anna.send("1234")
    assert "должны быть буквы" in reply.text
    [reply] = await anna.send("Петрова-Сидорова Анна Сергеевна")
    assert "ФИО: Петрова-Сидорова Анна Сергеевна" in reply.text

    await anna.press("Год начала стажа")
    [card] = await anna.press("2025")
    assert "Вы молодой специалист." in card.text

    await anna.press("Организация")
    [card] = await anna.press("МБОУ «Лицей № 3»")
    assert "Организация: МБОУ «Лицей № 3»" in card.text
    assert "ШМО учителей начальных классов" not in card.text, "school ШМО stay with the old school"

    await anna.press("Язык / Language")
    [card] = await anna.press("English")
    assert card.text.startswith("Your profile")
    assert (await member_of(harness, 7001)).locale == "en"
    [reply] = await anna.send("/help")
    assert reply.text.startswith("You are a teacher.")


async def test_heads_do_not_move_themselves(harness: Harness) -> None:
    ids = await school(harness)
    await seed.member(
        harness,
        7003,
        Role.HEAD,
        "Волков Игорь",
        organisation_id=ids["org"],
        head_of=[ids["science"]],
    )
    head = harness.person("Игорь", "Волков", user_id=7003)
    [card] = await head.send("/me")
    assert "Организация" not in card.buttons
    assert "ШМО естественно-математического цикла (руководитель)" in card.text


async def test_forget_leaves_no_personal_data(harness: Harness) -> None:
    ids = await school(harness)
    mentor_id = await seed.member(
        harness, 7004, Role.TEACHER, "Орлова Вера", organisation_id=ids["org"], is_mentor=True
    )
    anna_id = await seed.member(
        harness,
        7001,
        Role.TEACHER,
        "Петрова Анна Сергеевна",
        organisation_id=ids["org"],
        career_start_year=2025,
        associations=[ids["primary"]],
    )
    await seed.pair(harness, mentor_id, anna_id)
    anna = harness.person("Анна", "Петрова", user_id=7001)
    await anna.send("/me")
    await anna.press("Изменить ФИО")  # leaves a dialog state behind
    await anna.send("/forget")
    [kept] = await anna.press("Нет, оставить")
    assert kept.text == "Хорошо, ничего не удаляю."
    await anna.send("/forget")
    [done] = await anna.press("Да, удалить мои данные")
    assert "Ваши данные удалены" in done.text

    async with harness.runtime.sessions() as session:
        row = await session.get(Member, anna_id)
        assert row is not None
        assert (row.telegram_id, row.full_name, row.career_start_year, row.organisation_id) == (
            None,
            None,
            None,
            None,
        )
        assert row.forgotten_at is not None
        assert not row.is_active
        assert (
            await session.scalar(
                select(func.count())
                .select_from(AssociationMembership)
                .where(AssociationMembership.member_id == anna_id)
            )
            == 0
        )
        assert await session.scalar(select(func.count()).select_from(MentorPairing)) == 0
        keys = list(await session.scalars(select(DialogState.key)))
        assert not [k for k in keys if ":7001:" in k]
        for entry in await session.scalars(select(AuditEntry)):
            assert "Петрова" not in str(entry.details)
    assert (await member_of(harness, 7004)).full_name == "Орлова Вера"
    [reply] = await anna.send("/start")
    assert "Я работаю по приглашениям" in reply.text
    menus = harness.double.calls("deleteMyCommands")
    assert menus[-1].params["scope"]["chat_id"] == 7001


async def test_a_command_mid_dialog_drops_the_open_step(harness: Harness) -> None:
    ids = await school(harness)
    await seed.member(harness, 7001, Role.TEACHER, "Петрова Анна", organisation_id=ids["org"])
    anna = harness.person("Анна", "Петрова", user_id=7001)
    await anna.send("/me")
    await anna.press("Изменить ФИО")
    await anna.send("/forget")
    [kept] = await anna.press("Нет, оставить")
    assert kept.text == "Хорошо, ничего не удаляю."
    [reply] = await anna.send("спасибо")
    assert reply.text == "Я понимаю команды и кнопки. Что я умею — /help."
    assert (await member_of(harness, 7001)).full_name == "Петрова Анна"


async def forge(
    h: Harness, person: Person, message: Seen, data: str
) -> tuple[list[Seen], list[str]]:
    """Press a button the bot never showed, on ``message``: what the person then sees in the
    chat and in the callback answers."""
    before = {m.message_id for m in person.messages()}
    update = h.double.callback_update(person.id, message.raw, data)
    query_id = update["callback_query"]["id"]
    await h.feed(update)
    alerts = [
        a.get("text") or ""
        for a in h.double.callback_answers()
        if a.get("callback_query_id") == query_id
    ]
    return [m for m in person.messages() if m.message_id not in before], alerts


async def test_a_forged_consent_grants_only_the_invite_the_person_opened(
    harness: Harness,
) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    teachers = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    methodologists = await make_invite(admin, "методист")
    by_code = {i.code: i for i in await rows(harness, Invite)}
    teachers_id, methodologists_id = by_code[teachers].id, by_code[methodologists].id

    stranger = harness.person("Иван", "Иванов")
    _, consent = await stranger.send(f"/start {teachers}")
    for data, expected in (
        (f"ob:1:{methodologists_id}", "Эта кнопка устарела: согласие даётся на приглашение"),
        (f"ob:1:{methodologists}", "Эта кнопка уже не действует."),
        (f"ob:1:{methodologists_id}:{methodologists}", "Эта кнопка уже не действует."),
    ):
        shown, alerts = await forge(harness, stranger, consent, data)
        said = " ".join([*alerts, *(m.text for m in shown)])
        assert expected in said, said
        assert len(await rows(harness, Member)) == 1, "only the methodologist is stored"
        assert by_code[methodologists].used_count == 0
    assert {i.code: i.used_count for i in await rows(harness, Invite)} == {
        teachers: 0,
        methodologists: 0,
    }

    # A person who opened no invite at all gets nothing by a consent button either.
    nobody = harness.person("Пётр", "Петров")
    [hint] = await nobody.send("/start")
    shown, alerts = await forge(harness, nobody, hint, f"ob:1:{methodologists_id}")
    assert "устарел" in " ".join([*alerts, *(m.text for m in shown)])
    assert len(await rows(harness, Member)) == 1

    # The button the stranger was shown still works, for the invite they opened.
    await stranger.press("Согласен", consent)
    member = await member_of(harness, stranger.id)
    assert member.role is Role.TEACHER
    assert member.invite_id == teachers_id


async def test_a_forged_association_of_another_school_is_refused_in_onboarding(
    harness: Harness,
) -> None:
    ids = await school(harness)
    elsewhere = await seed.association(
        harness, "ШМО учителей иностранного языка", organisation_id=ids["other"]
    )
    archived = await seed.association(harness, "ГМО учителей истории", AssociationLevel.MUNICIPAL)
    async with harness.runtime.sessions() as session, session.begin():
        row = await session.get(Association, archived)
        assert row is not None
        row.archived_at = harness.clock.now()
    admin = await seed.methodologist(harness)
    code = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    anna = harness.person("Анна", "Петрова")
    await anna.send(f"/start {code}")
    await anna.press("Согласен")
    [_, picker] = await anna.send("Петрова Анна")
    assert "▫️ ШМО учителей иностранного языка" not in picker.buttons

    shown, alerts = await forge(harness, anna, picker, f"op:o:asc:{elsewhere}")
    assert "Это школьное объединение другой организации." in [
        *alerts,
        *(m.text for m in shown),
    ]
    shown, alerts = await forge(harness, anna, picker, f"op:o:asc:{archived}")
    assert "Не нашёл то, о чём идёт речь" in " ".join([*alerts, *(m.text for m in shown)])
    member = await member_of(harness, anna.id)
    memberships = [
        m.association_id
        for m in await rows(harness, AssociationMembership)
        if m.member_id == member.id
    ]
    assert memberships == []

    await anna.press("▫️ ГМО учителей математики", picker)
    assert "✅ ГМО учителей математики" in anna.last().buttons


async def test_the_name_button_offers_only_a_full_name(harness: Harness) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    code = await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    anna = harness.person("Анна", None)
    await anna.send(f"/start {code}")
    [ask] = await anna.press("Согласен")
    assert "фамилию, имя и отчество" in ask.text
    assert ask.buttons == [], "a first name alone is no full name: no button"
    await anna.send("/cancel")
    [_, ask] = await anna.send("/start")
    assert ask.buttons == []

    olga = harness.person("Ольга", "Петрова")
    await olga.send(f"/start {code}")
    [ask] = await olga.press("Согласен")
    assert ask.buttons == ["Ольга Петрова"]


@pytest.mark.parametrize(
    ("role_label", "role"),
    [
        ("методист", Role.METHODOLOGIST),
        ("школьный координатор", Role.COORDINATOR),
        ("руководитель объединения", Role.HEAD),
        ("педагог", Role.TEACHER),
    ],
)
async def test_each_roles_menu_matches_its_help(
    harness: Harness, role_label: str, role: Role
) -> None:
    await school(harness)
    admin = await seed.methodologist(harness)
    organisation = None if role is Role.METHODOLOGIST else "МАОУ «СОШ № 1»"
    code = await make_invite(admin, role_label, organisation)
    person = harness.person("Вера", "Орлова")
    await person.send(f"/start {code}")
    await person.press("Согласен")
    await person.send("Орлова Вера Павловна")
    for button in ("Пропустить", "2021", "Нет"):  # the remaining steps of a teacher or a head
        if button in person.last().buttons:
            await person.press(button)
    assert "Вы зарегистрированы" in person.last().text
    menu = [
        c
        for c in harness.double.calls("setMyCommands")
        if c.params.get("scope", {}).get("chat_id") == person.id
    ][-1]
    commands = [c["command"] for c in menu.params["commands"]]
    assert "forget" in commands
    [help_reply] = await person.send("/help")
    listed = re.findall(r"^/(\w+)", help_reply.text, flags=re.MULTILINE)
    assert ["help", *listed] == commands
