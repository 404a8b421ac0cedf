"""/members: the directory of members, its filters, a member's card, roles, heads, mentor pairs,
deactivation and export — driven through the real Dispatcher."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, func, select, update

from bot.keyboards.directory import ActCb, CardCb, ListCb, RoleCb, encode_filters
from bot.services.directory import MemberFilters
from bot.storage.models import (
    AssociationLevel,
    AssociationMembership,
    AuditEntry,
    Member,
    MentorPairing,
    Role,
)
from tests import seed
from tests.harness import Harness, Person, Seen
from tests.worlds import forge

ALL = encode_filters(MemberFilters())


@dataclass
class World:
    admin: Person
    admin_name: str
    coordinator: Person
    head: Person
    young: Person
    mentor: Person
    other_young: Person
    school1: int
    school2: int
    shmo1: int
    shmo2: int
    gmo: int
    ids: dict[str, int]


async def world(h: Harness) -> World:
    """Two schools, three associations and people in them (names start with distinct letters,
    so the order by name is the same on every database)."""
    admin = await seed.methodologist(h)
    school1 = await seed.organisation(h, "Школа № 1")
    school2 = await seed.organisation(h, "Школа № 2")
    shmo1 = await seed.association(h, "ШМО начальных классов", organisation_id=school1)
    shmo2 = await seed.association(h, "ШМО гуманитарного цикла", organisation_id=school2)
    gmo = await seed.association(h, "ГМО учителей математики", AssociationLevel.MUNICIPAL)
    people = {
        "coordinator": h.person("Вера", "Борисова"),
        "head": h.person("Галина", "Васильева"),
        "young": h.person("Дарья", "Григорьева"),
        "mentor": h.person("Жанна", "Егорова"),
        "other_young": h.person("Ирина", "Зайцева"),
    }
    ids = {
        "admin": await _id_of(h, admin.id),
        "coordinator": await seed.member(
            h, people["coordinator"].id, Role.COORDINATOR, "Борисова Вера", organisation_id=school1
        ),
        "head": await seed.member(
            h,
            people["head"].id,
            Role.HEAD,
            "Васильева Галина",
            organisation_id=school1,
            career_start_year=2001,
            head_of=[shmo1],
        ),
        "young": await seed.member(
            h,
            people["young"].id,
            Role.TEACHER,
            "Григорьева Дарья",
            organisation_id=school1,
            career_start_year=2024,
            associations=[shmo1],
        ),
        "mentor": await seed.member(
            h,
            people["mentor"].id,
            Role.TEACHER,
            "Егорова Жанна",
            organisation_id=school1,
            career_start_year=2023,
            is_mentor=True,
            associations=[shmo1, gmo],
        ),
        "other_young": await seed.member(
            h,
            people["other_young"].id,
            Role.TEACHER,
            "Зайцева Ирина",
            organisation_id=school2,
            career_start_year=2025,
            associations=[shmo2],
        ),
        "unregistered": await seed.member(
            h, 7001, Role.TEACHER, "Иванова Ксения", organisation_id=school2, registered=False
        ),
        "unreachable": await seed.member(
            h, 7002, Role.HEAD, "Калинина Лариса", organisation_id=school2, head_of=[shmo2]
        ),
        "forgotten": await seed.member(h, 7003, Role.TEACHER, "Лебедева Мария"),
        "inactive": await seed.member(
            h, 7004, Role.TEACHER, "Морозова Нина", organisation_id=school1
        ),
    }
    await _set(h, ids["unreachable"], is_reachable=False)
    await _set(h, ids["forgotten"], forgotten_at=h.clock.now(), full_name=None)
    await _set(h, ids["inactive"], is_active=False)
    return World(
        admin=admin,
        admin_name=(await _member(h, ids["admin"])).full_name or "",
        coordinator=people["coordinator"],
        head=people["head"],
        young=people["young"],
        mentor=people["mentor"],
        other_young=people["other_young"],
        school1=school1,
        school2=school2,
        shmo1=shmo1,
        shmo2=shmo2,
        gmo=gmo,
        ids=ids,
    )


async def _id_of(h: Harness, telegram_id: int) -> int:
    async with h.runtime.sessions() as session:
        member_id = await session.scalar(select(Member.id).where(Member.telegram_id == telegram_id))
        assert member_id is not None
        return member_id


async def _set(h: Harness, member_id: int, **values: object) -> None:
    async with h.runtime.sessions() as session, session.begin():
        await session.execute(update(Member).where(Member.id == member_id).values(**values))


async def _member(h: Harness, member_id: int) -> Member:
    async with h.runtime.sessions() as session:
        member = await session.get(Member, member_id)
        assert member is not None
        return member


async def _count(h: Harness, model: type) -> int:
    async with h.runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _audit(h: Harness, action: str) -> list[AuditEntry]:
    async with h.runtime.sessions() as session:
        rows = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return list(rows)


async def _pairs(h: Harness) -> set[tuple[int, int]]:
    async with h.runtime.sessions() as session:
        rows = await session.execute(select(MentorPairing.mentor_id, MentorPairing.mentee_id))
        return {(a, b) for a, b in rows}


def names(message: Seen) -> list[str]:
    """The member buttons of a list: those of the form «name — organisation» or a bare name
    before the filter buttons."""
    out = []
    for text in message.buttons:
        if text.startswith(("Роль:", "‹", "Далее", "Организация:")) or " из " in text:
            break
        out.append(text)
    return out


# ---------------------------------------------------------------------- the list and its filters


async def test_list_shows_active_members_sorted_by_name(harness: Harness) -> None:
    w = await world(harness)
    [reply] = await w.admin.send("/members")
    assert "Участники" in reply.text
    assert "Фильтр не задан" in reply.text
    assert "Найдено: 7 человек" in reply.text
    assert names(reply) == [
        "Борисова Вера — Школа № 1",
        "Васильева Галина — Школа № 1",
        "Григорьева Дарья — Школа № 1",
        "Егорова Жанна — Школа № 1",
        "Зайцева Ирина — Школа № 2",
        "Калинина Лариса — Школа № 2",
        w.admin_name,
    ]
    assert not any("Лебедева" in b or "Морозова" in b for b in reply.buttons)
    assert "Выгрузить в Excel" in reply.buttons


async def test_the_plain_list_holds_registered_people_only(harness: Harness) -> None:
    """Someone still filling in the profile is not counted among those with access; the
    «Без регистрации» filter shows them, and the export follows the list."""
    w = await world(harness)
    [reply] = await w.admin.send("/members")
    assert (
        "Фильтр не задан: показаны все, кто завершил регистрацию. "
        "Кто ещё заполняет профиль — кнопка «Без регистрации»." in reply.text
    )
    assert "Найдено: 7 человек" in reply.text
    assert "Иванова Ксения — Школа № 2" not in names(reply)
    await w.admin.press("Выгрузить в Excel")
    document = w.admin.last().raw["document"]
    sheet = load_workbook(io.BytesIO(harness.double.file_bytes(document["file_id"]))).active
    assert sheet is not None
    exported = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(exported) == 7
    assert "Иванова Ксения" not in exported

    await w.admin.press("Без регистрации", reply)
    shown = next(m for m in w.admin.messages() if m.message_id == reply.message_id)
    assert names(shown) == ["Иванова Ксения — Школа № 2"]
    assert "Найдено: 1 человек" in shown.text


async def test_filters_by_role_and_organisation_combine(harness: Harness) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press("Роль: любая")
    assert w.admin.last().text == "Кого показать? Выберите роль."
    await w.admin.press("педагог")
    shown = w.admin.last()
    assert "Фильтр: роль — педагог" in shown.text
    assert "Найдено: 3 человека" in shown.text
    assert "Роль: педагог" in shown.buttons

    await w.admin.press("Организация: все")
    await w.admin.press("Школа № 2")
    shown = w.admin.last()
    assert "Фильтр: роль — педагог; организация — Школа № 2" in shown.text
    assert "Найдено: 1 человек" in shown.text
    assert names(shown) == ["Зайцева Ирина — Школа № 2"]

    await w.admin.press("Объединение: все")
    # With a school chosen: its ШМО and the municipal ones, without the school's name.
    assert w.admin.last().buttons[:2] == ["ГМО учителей математики", "ШМО гуманитарного цикла"]
    await w.admin.press("ШМО гуманитарного цикла")
    shown = w.admin.last()
    assert "объединение — ШМО гуманитарного цикла" in shown.text
    assert names(shown) == ["Зайцева Ирина — Школа № 2"]
    assert "Найдено: 1 человек" in shown.text

    await w.admin.press("Сбросить фильтр")
    assert "Найдено: 7 человек" in w.admin.last().text
    # Without a school: every association, a school's one named with its school.
    await w.admin.press("Объединение: все")
    assert w.admin.last().buttons[:3] == [
        "ГМО учителей математики",
        "ШМО гуманитарного цикла — Школа № 2",
        "ШМО начальных классов — Школа № 1",
    ]


async def test_young_specialists_count_academic_years_in_the_local_time_zone(
    harness: Harness,
) -> None:
    """On 23 November 2026 (academic year 2026/27) a 2024 start is young, a 2023 start is not."""
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press("Молодые специалисты")
    shown = w.admin.last()
    assert "Фильтр: молодые специалисты" in shown.text
    assert names(shown) == ["Григорьева Дарья — Школа № 1", "Зайцева Ирина — Школа № 2"]
    assert "✓ Молодые специалисты" in shown.buttons

    # 31 August 23:00 in Moscow: still academic year 2025/26, the 2023 start is young.
    harness.clock.set(datetime(2026, 8, 31, 20, 0, tzinfo=UTC))
    await w.admin.press("Сбросить фильтр")
    await w.admin.press("Молодые специалисты")
    assert "Егорова Жанна — Школа № 1" in names(w.admin.last())
    # 1 September 00:30 in Moscow (still 31 August in UTC): a new academic year.
    harness.clock.set(datetime(2026, 8, 31, 21, 30, tzinfo=UTC))
    await w.admin.press("Сбросить фильтр")
    await w.admin.press("Молодые специалисты")
    assert "Егорова Жанна — Школа № 1" not in names(w.admin.last())


async def test_flag_filters(harness: Harness) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press("Наставники")
    assert names(w.admin.last()) == ["Егорова Жанна — Школа № 1"]
    await w.admin.press("✓ Наставники")
    await w.admin.press("Без регистрации")
    shown = w.admin.last()
    assert "Фильтр: не завершили регистрацию" in shown.text
    assert names(shown) == ["Иванова Ксения — Школа № 2"]
    await w.admin.press("✓ Без регистрации")
    await w.admin.press("Недоступные")
    assert names(w.admin.last()) == ["Калинина Лариса — Школа № 2"]
    await w.admin.press("✓ Недоступные")
    await w.admin.press("С закрытым доступом")
    assert names(w.admin.last()) == ["Морозова Нина — Школа № 1"]
    await w.admin.press("Наставники")
    shown = w.admin.last()
    assert "Найдено: 0 человек" in shown.text
    assert "Никого не нашлось" in shown.text
    assert "Выгрузить в Excel" not in shown.buttons


async def test_pagination(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    school = await seed.organisation(harness, "Гимназия")
    for i in range(10):
        await seed.member(
            harness, 8000 + i, Role.TEACHER, f"Педагог {i:02d}", organisation_id=school
        )
    admin_name = (await _member(harness, await _id_of(harness, admin.id))).full_name or ""
    everyone = sorted([admin_name, *(f"Педагог {i:02d} — Гимназия" for i in range(10))])
    [reply] = await admin.send("/members")
    assert "Найдено: 11 человек" in reply.text
    assert names(reply) == everyone[:8]
    assert "1 из 2" in reply.buttons
    await admin.press("Далее ›")
    second = admin.last()
    assert second.message_id == reply.message_id
    assert "2 из 2" in second.buttons
    assert names(second) == everyone[8:]
    await admin.press("2 из 2")  # the current page again: nothing changes, nothing breaks
    assert admin.alerts()[-1] == ""
    await admin.press("‹ Назад")
    assert "1 из 2" in admin.last().buttons


# ---------------------------------------------------------------------- the card


async def test_card_shows_everything_about_a_member(harness: Harness) -> None:
    w = await world(harness)
    await seed.pair(harness, w.ids["mentor"], w.ids["young"])
    await w.admin.send("/members")
    await w.admin.press("Егорова Жанна — Школа № 1")
    card = w.admin.last().text
    assert card.splitlines() == [
        "Егорова Жанна",
        "Роль: педагог",
        "Организация: Школа № 1",
        "Объединения: ГМО учителей математики, ШМО начальных классов",
        "Начало педагогического стажа: 2023",
        "Наставник: да",
        "Наставляемые: Григорьева Дарья",
        "Сообщения: доходят",
        "Регистрация: завершена",
    ]
    await w.admin.press("‹ К списку")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    card = w.admin.last().text
    assert "Начало педагогического стажа: 2024, молодой специалист" in card
    assert "Кто наставляет: Егорова Жанна" in card
    assert "Назначить наставника" in w.admin.last().buttons

    await w.admin.press("‹ К списку")
    await w.admin.press("Калинина Лариса — Школа № 2")
    card = w.admin.last().text
    assert "Объединения: ШМО гуманитарного цикла (руководитель)" in card
    assert "Сообщения: не доходят" in card
    assert "Начало педагогического стажа: не указано" in card


async def test_names_are_escaped(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    school = await seed.organisation(harness, "<b>Школа</b> & Co")
    await seed.member(harness, 8100, Role.TEACHER, "<i>Анна</i>", organisation_id=school)
    await admin.send("/members")
    await admin.press("<i>Анна</i> — <b>Школа</b> & Co")
    assert admin.last().text.startswith("<i>Анна</i>\n")
    assert "Организация: <b>Школа</b> & Co" in admin.last().text


# ---------------------------------------------------------------------- roles


async def test_change_role_with_confirmation(harness: Harness) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    await w.admin.press("Сменить роль")
    assert w.admin.last().buttons == [
        "методист",
        "школьный координатор",
        "руководитель объединения",
        "‹ К карточке",
    ]
    await w.admin.press("руководитель объединения")
    assert w.admin.last().text == (
        "Сменить роль: Григорьева Дарья, педагог → руководитель объединения?"
    )
    await w.admin.press("Нет")
    assert (await _member(harness, w.ids["young"])).role is Role.TEACHER
    await w.admin.press("Сменить роль")
    await w.admin.press("руководитель объединения")
    await w.admin.press("Да")
    assert w.admin.alerts()[-1] == "Роль изменена: теперь руководитель объединения."
    assert "Роль: руководитель объединения" in w.admin.last().text
    assert (await _member(harness, w.ids["young"])).role is Role.HEAD
    [entry] = await _audit(harness, "member.role_changed")
    assert entry.object_id == w.ids["young"]
    assert entry.actor_id == w.ids["admin"]
    assert entry.details == {"old": "teacher", "new": "head"}

    # The same confirmation pressed again is out of date: nothing changes twice.
    confirm = RoleCb(id=w.ids["young"], role=Role.HEAD, ok=True, f=ALL).pack()
    assert await forge(harness, w.admin, confirm) == ["Григорьева Дарья: эта роль уже назначена."]
    assert len(await _audit(harness, "member.role_changed")) == 1

    # A school coordinator needs a school.
    loner = await seed.member(harness, 8400, Role.TEACHER, "Фролова Ульяна")
    to_coordinator = RoleCb(id=loner, role=Role.COORDINATOR, ok=False, f=ALL).pack()
    [alert] = await forge(harness, w.admin, to_coordinator)
    assert alert.startswith("Фролова Ульяна: не указана организация")
    assert (await _member(harness, loner)).role is Role.TEACHER


async def test_own_role_and_own_access_cannot_be_changed(harness: Harness) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press(w.admin_name)
    card = w.admin.last()
    assert "Сменить роль" not in card.buttons
    assert "Закрыть доступ" not in card.buttons
    own = w.ids["admin"]
    role = RoleCb(id=own, role=Role.TEACHER, ok=True, f=ALL).pack()
    assert await forge(harness, w.admin, role) == [
        "Свою роль изменить нельзя: попросите другого методиста."
    ]
    deactivate = ActCb(id=own, a="ds", f=ALL).pack()
    assert await forge(harness, w.admin, deactivate) == ["Закрыть доступ самому себе нельзя."]
    me = await _member(harness, own)
    assert me.role is Role.METHODOLOGIST
    assert me.is_active
    assert await _audit(harness, "member.deactivated") == []


# ---------------------------------------------------------------------- heads


async def test_set_and_clear_head_of_an_association(harness: Harness) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press("Егорова Жанна — Школа № 1")
    await w.admin.press("Руководство объединениями")
    # The member's own school's ШМО and the municipal ones; not another school's ШМО.
    assert w.admin.last().buttons == [
        "ГМО учителей математики",
        "ШМО начальных классов",
        "‹ К карточке",
    ]
    await w.admin.press("ШМО начальных классов")
    assert w.admin.alerts()[-1] == "Руководитель назначен."
    assert (
        "Объединения: ГМО учителей математики, ШМО начальных классов (руководитель)"
        in w.admin.last().text
    )
    async with harness.runtime.sessions() as session:
        membership = await session.get(AssociationMembership, (w.shmo1, w.ids["mentor"]))
        assert membership is not None
        assert membership.is_head

    await w.admin.press("Руководство объединениями")
    assert "✓ ШМО начальных классов" in w.admin.last().buttons
    await w.admin.press("✓ ШМО начальных классов")
    assert w.admin.alerts()[-1] == "Руководитель снят."
    assert "(руководитель)" not in w.admin.last().text
    actions = [e.action for e in await _audit(harness, "association.head_set")] + [
        e.action for e in await _audit(harness, "association.head_cleared")
    ]
    assert actions == ["association.head_set", "association.head_cleared"]

    # Someone not yet in the association joins it as its head.
    await w.admin.press("‹ К списку")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    await w.admin.press("Руководство объединениями")
    await w.admin.press("ГМО учителей математики")
    assert "ГМО учителей математики (руководитель)" in w.admin.last().text
    [joined] = [e for e in await _audit(harness, "association.head_set") if e.details["joined"]]
    assert joined.details == {"association_id": w.gmo, "joined": True}

    # Another school's ШМО cannot be forged in.
    forged = ActCb(id=w.ids["young"], a="hs", arg=w.shmo2, f=ALL).pack()
    [alert] = await forge(harness, w.admin, forged)
    assert "ШМО гуманитарного цикла" in alert
    assert "из другой организации" in alert
    async with harness.runtime.sessions() as session:
        assert await session.get(AssociationMembership, (w.shmo2, w.ids["young"])) is None


# ---------------------------------------------------------------------- mentor pairs


async def test_pair_a_young_specialist_with_a_mentor_and_unpair(harness: Harness) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    await w.admin.press("Назначить наставника")
    # Mentors and experienced teachers/heads of the same school; not the young one itself,
    # not the other school's people, not the coordinator.
    assert w.admin.last().buttons == ["Васильева Галина", "Егорова Жанна", "‹ К карточке"]
    await w.admin.press("Егорова Жанна")
    assert w.admin.alerts()[-1] == "Пара «наставник — молодой специалист» создана."
    assert "Кто наставляет: Егорова Жанна" in w.admin.last().text
    assert await _pairs(harness) == {(w.ids["mentor"], w.ids["young"])}

    await w.admin.press("‹ К списку")
    await w.admin.press("Егорова Жанна — Школа № 1")
    assert "Наставляемые: Григорьева Дарья" in w.admin.last().text

    # The same pair again (an old button) is refused, and so is the reverse one.
    again = ActCb(id=w.ids["young"], a="ms", arg=w.ids["mentor"], f=ALL).pack()
    assert await forge(harness, w.admin, again) == ["Эти двое уже в паре."]
    assert await _pairs(harness) == {(w.ids["mentor"], w.ids["young"])}

    await w.admin.press("Разорвать пару")
    await w.admin.press("✕ Григорьева Дарья (наставляемый)")
    assert w.admin.alerts()[-1] == "Пара разорвана."
    assert "Наставляемые" not in w.admin.last().text
    assert await _pairs(harness) == set()
    await w.admin.press("‹ К списку")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    assert "Кто наставляет" not in w.admin.last().text
    assert [e.action for e in await _audit(harness, "mentor.paired")] == ["mentor.paired"]
    assert [e.action for e in await _audit(harness, "mentor.unpaired")] == ["mentor.unpaired"]

    stale = ActCb(id=w.ids["mentor"], a="ue", arg=w.ids["young"], f=ALL).pack()
    assert await forge(harness, w.admin, stale) == ["Этой пары уже нет."]


async def test_pair_from_the_mentor_side_and_flag_a_new_mentor(harness: Harness) -> None:
    w = await world(harness)
    young2 = await seed.member(
        harness, 8200, Role.TEACHER, "Юрьева Яна", organisation_id=w.school1, career_start_year=2026
    )
    await w.admin.send("/members")
    await w.admin.press("Егорова Жанна — Школа № 1")
    await w.admin.press("Добавить наставляемого")
    assert w.admin.last().buttons == ["Григорьева Дарья", "Юрьева Яна", "‹ К карточке"]
    await w.admin.press("Юрьева Яна")
    await w.admin.press("Добавить наставляемого")
    await w.admin.press("Григорьева Дарья")
    assert "Наставляемые: Григорьева Дарья, Юрьева Яна" in w.admin.last().text

    # A head without the mentor flag becomes a mentor by being paired.
    await w.admin.press("‹ К списку")
    await w.admin.press("Молодые специалисты")
    await w.admin.press("Юрьева Яна — Школа № 1")
    await w.admin.press("Назначить наставника")
    await w.admin.press("Васильева Галина")
    assert "Кто наставляет: Васильева Галина, Егорова Жанна" in w.admin.last().text
    assert (await _member(harness, w.ids["head"])).is_mentor
    assert await _pairs(harness) == {
        (w.ids["mentor"], young2),
        (w.ids["mentor"], w.ids["young"]),
        (w.ids["head"], young2),
    }


async def test_pairing_rules(harness: Harness) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    young, mentor = w.ids["young"], w.ids["mentor"]
    cases = [
        # a young specialist of another school
        (
            ActCb(id=mentor, a="es", arg=w.ids["other_young"], f=ALL),
            "Наставник и молодой специалист должны работать в одной организации.",
        ),
        # oneself
        (
            ActCb(id=young, a="ms", arg=young, f=ALL),
            "Человек не может быть наставником самому себе.",
        ),
        # a mentee who is no longer young
        (
            ActCb(id=w.ids["head"], a="es", arg=mentor, f=ALL),
            "Егорова Жанна: не молодой специалист (первые три учебных года стажа прошли "
            "или год начала стажа не указан).",
        ),
        # a forgotten person
        (
            ActCb(id=young, a="ms", arg=w.ids["forgotten"], f=ALL),
            "Этого человека больше нет в списке. Откройте /members заново.",
        ),
    ]
    for data, expected in cases:
        assert await forge(harness, w.admin, data.pack()) == [expected], data
    assert await _pairs(harness) == set()
    # a young specialist without the mentor flag is not offered as a mentor, nor accepted
    young2 = await seed.member(
        harness, 8300, Role.TEACHER, "Юрьева Яна", organisation_id=w.school1, career_start_year=2026
    )
    data = ActCb(id=young2, a="ms", arg=young, f=ALL).pack()
    assert await forge(harness, w.admin, data) == [
        "Григорьева Дарья: не может быть наставником, нужен опытный педагог или руководитель."
    ]
    assert await _pairs(harness) == set()


# ---------------------------------------------------------------------- deactivation


async def test_deactivate_and_reactivate(harness: Harness) -> None:
    w = await world(harness)
    [before] = await w.young.send("/help")
    assert before.text.startswith("Вы — педагог.")

    await w.admin.send("/members")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    await w.admin.press("Закрыть доступ")
    assert w.admin.last().text.startswith("Закрыть доступ: Григорьева Дарья?")
    await w.admin.press("Нет")
    assert (await _member(harness, w.ids["young"])).is_active
    await w.admin.press("Закрыть доступ")
    await w.admin.press("Да")
    assert w.admin.alerts()[-1] == "Доступ закрыт."
    card = w.admin.last()
    assert "Доступ к боту закрыт" in card.text
    assert "Вернуть доступ" in card.buttons
    assert "Сменить роль" not in card.buttons
    assert not (await _member(harness, w.ids["young"])).is_active
    [entry] = await _audit(harness, "member.deactivated")
    assert entry.object_id == w.ids["young"]

    # The bot now treats the person as a stranger.
    [reply] = await w.young.send("/help")
    assert "по приглашению" in reply.text
    [reply] = await w.young.send("/start")
    assert "Я работаю по приглашениям" in reply.text

    # Gone from the default list, found among the deactivated.
    await w.admin.press("‹ К списку")
    assert "Григорьева Дарья — Школа № 1" not in names(w.admin.last())
    await w.admin.press("С закрытым доступом")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    await w.admin.press("Вернуть доступ")
    assert w.admin.alerts()[-1] == "Доступ возвращён."
    assert (await _member(harness, w.ids["young"])).is_active
    [reply] = await w.young.send("/help")
    assert reply.text.startswith("Вы — педагог.")
    assert len(await _audit(harness, "member.reactivated")) == 1


async def test_stale_buttons_for_a_member_deleted_or_deactivated_meanwhile(
    harness: Harness,
) -> None:
    w = await world(harness)
    await w.admin.send("/members")
    await w.admin.press("Григорьева Дарья — Школа № 1")
    await _set(harness, w.ids["young"], is_active=False)
    await w.admin.press("Сменить роль")
    assert w.admin.alerts()[-1] == "Доступ к боту закрыт: Григорьева Дарья. Сначала верните доступ."
    assert (await _member(harness, w.ids["young"])).role is Role.TEACHER

    await w.admin.press("‹ К списку")
    await w.admin.press("Егорова Жанна — Школа № 1")
    async with harness.runtime.sessions() as session, session.begin():
        await session.execute(delete(Member).where(Member.id == w.ids["mentor"]))
    await w.admin.press("Руководство объединениями")
    assert w.admin.alerts()[-1] == "Этого человека больше нет в списке. Откройте /members заново."
    await w.admin.press("‹ К списку")
    assert "Егорова Жанна — Школа № 1" not in names(w.admin.last())

    # A button from a previous version of the bot (or garbage) gets the general answer.
    assert await forge(harness, w.admin, "mbl:zz9.1.1:0") == ["Эта кнопка уже не действует."]


# ---------------------------------------------------------------------- export


async def test_export_to_xlsx(harness: Harness) -> None:
    w = await world(harness)
    await seed.pair(harness, w.ids["mentor"], w.ids["young"])
    await w.admin.send("/members")
    await w.admin.press("Организация: все")
    await w.admin.press("Школа № 1")
    await w.admin.press("Выгрузить в Excel")
    [call] = harness.double.calls("sendDocument")
    assert call.ok
    sent = w.admin.last().raw
    document = sent["document"]
    assert document["file_name"] == "members-2026-11-23.xlsx"
    assert sent["caption"] == "Список участников: 4 человека."
    workbook = load_workbook(io.BytesIO(harness.double.file_bytes(document["file_id"])))
    sheet = workbook.active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "ФИО",
        "Роль",
        "Организация",
        "Объединения",
        "Руководитель объединений",
        "Год начала стажа",
        "Молодой специалист",
        "Наставник",
        "Наставляемые/Наставник",
        "Доступен",
        "Зарегистрирован",
    ]
    assert rows[1:] == [
        [
            "Борисова Вера",
            "школьный координатор",
            "Школа № 1",
            None,
            None,
            None,
            "нет",
            "нет",
            None,
            "да",
            "да",
        ],
        [
            "Васильева Галина",
            "руководитель объединения",
            "Школа № 1",
            "ШМО начальных классов",
            "ШМО начальных классов",
            2001,
            "нет",
            "нет",
            None,
            "да",
            "да",
        ],
        [
            "Григорьева Дарья",
            "педагог",
            "Школа № 1",
            "ШМО начальных классов",
            None,
            2024,
            "да",
            "нет",
            "Егорова Жанна",
            "да",
            "да",
        ],
        [
            "Егорова Жанна",
            "педагог",
            "Школа № 1",
            "ГМО учителей математики, ШМО начальных классов",
            None,
            2023,
            "нет",
            "да",
            "Григорьева Дарья",
            "да",
            "да",
        ],
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > 10
    [entry] = await _audit(harness, "members.exported")
    assert entry.details["count"] == 4
    assert entry.details["filters"]["organisation_id"] == w.school1


async def test_export_in_english(harness: Harness) -> None:
    admin = await seed.methodologist(harness)
    await _set(harness, await _id_of(harness, admin.id), locale="en")
    await admin.send("/members")
    await admin.press("Export to Excel")
    document = admin.last().raw["document"]
    sheet = load_workbook(io.BytesIO(harness.double.file_bytes(document["file_id"]))).active
    assert sheet is not None
    header = next(sheet.iter_rows(values_only=True))
    assert header[0] == "Full name"
    assert list(next(sheet.iter_rows(min_row=2, values_only=True)))[1:3] == [
        "methodologist",
        None,
    ]


# ---------------------------------------------------------------------- who may


async def test_coordinator_is_confined_to_its_organisation(harness: Harness) -> None:
    w = await world(harness)
    coordinator = w.coordinator
    [reply] = await coordinator.send("/members")
    assert "Фильтр: организация — Школа № 1" in reply.text
    assert "Найдено: 4 человека" in reply.text
    assert not any(b.startswith("Организация") for b in reply.buttons)
    assert all(name.endswith("Школа № 1") for name in names(reply))

    # A forged list for the other school still shows its own.
    other_school = encode_filters(MemberFilters(organisation_id=w.school2))
    await forge(harness, coordinator, ListCb(f=other_school).pack())
    assert "организация — Школа № 1" in coordinator.last().text
    assert all(name.endswith("Школа № 1") for name in names(coordinator.last()))

    # A card from another organisation: refused.
    forged = CardCb(id=w.ids["other_young"], f=ALL).pack()
    assert await forge(harness, coordinator, forged) == [
        "Школьный координатор работает только со своей организацией."
    ]
    # Roles: only head or teacher, and never for the methodologist-level people.
    await coordinator.press("Григорьева Дарья — Школа № 1")
    await coordinator.press("Сменить роль")
    assert coordinator.last().buttons == ["руководитель объединения", "‹ К карточке"]
    to_methodologist = RoleCb(id=w.ids["young"], role=Role.METHODOLOGIST, ok=True, f=ALL).pack()
    assert await forge(harness, coordinator, to_methodologist) == [
        "Это может сделать только методист."
    ]
    assert (await _member(harness, w.ids["young"])).role is Role.TEACHER

    # Heads: its own school's ШМО only.
    await coordinator.press("‹ К карточке")
    await coordinator.press("Руководство объединениями")
    assert coordinator.last().buttons == ["ШМО начальных классов", "‹ К карточке"]
    gmo = ActCb(id=w.ids["young"], a="hs", arg=w.gmo, f=ALL).pack()
    assert await forge(harness, coordinator, gmo) == [
        "Школьный координатор работает только со своей организацией."
    ]
    await coordinator.press("ШМО начальных классов")
    assert "ШМО начальных классов (руководитель)" in coordinator.last().text

    # Pairs inside its organisation.
    await coordinator.press("Назначить наставника")
    await coordinator.press("Егорова Жанна")
    assert await _pairs(harness) == {(w.ids["mentor"], w.ids["young"])}

    # Deactivating a teacher of its organisation: allowed.
    await coordinator.press("Закрыть доступ")
    await coordinator.press("Да")
    assert not (await _member(harness, w.ids["young"])).is_active
    # The other school's teacher: refused.
    other = ActCb(id=w.ids["other_young"], a="ds", f=ALL).pack()
    assert await forge(harness, coordinator, other) == [
        "Школьный координатор работает только со своей организацией."
    ]
    assert (await _member(harness, w.ids["other_young"])).is_active


async def test_teacher_and_head_cannot_open_the_directory(harness: Harness) -> None:
    w = await world(harness)
    audited = await _count(harness, AuditEntry)
    for person in (w.young, w.head):
        [reply] = await person.send("/members")
        assert reply.text == "Это может сделать методист или школьный координатор."
    # Forged buttons are re-checked too.
    assert await forge(harness, w.young, ListCb(f=ALL).pack()) == [
        "Это может сделать методист или школьный координатор."
    ]
    deactivate = ActCb(id=w.ids["mentor"], a="ds", f=ALL).pack()
    assert await forge(harness, w.young, deactivate) == [
        "Это может сделать методист или школьный координатор."
    ]
    assert (await _member(harness, w.ids["mentor"])).is_active
    assert await _count(harness, AuditEntry) == audited


@pytest.mark.parametrize(
    "data", ["mbc:abc:_0.0.0:0", "mba:1:zz:0:_0.0.0:0", "mbr:1:king:1:_0.0.0:0"]
)
async def test_malformed_buttons(harness: Harness, data: str) -> None:
    admin = await seed.methodologist(harness)
    await admin.send("/members")
    assert await forge(harness, admin, data) == ["Эта кнопка уже не действует."]
