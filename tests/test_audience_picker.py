"""The audience picker of /announce and /newevent with a real municipality's names: labels
that tell two schools' associations apart, previews that name what was chosen, «Готово» that
leads to the preview, groups that follow «Где», and who counts as informed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from bot.storage.models import AssociationLevel, Role
from tests import seed
from tests import test_broadcasts as tb
from tests import test_events as te
from tests.harness import Harness, Person, Seen

SCHOOLS_FILE = Path(__file__).parent / "data" / "schools-zarechny.csv"
SCIENCE = "ШМО естественно-математического цикла"
SCHOOL1 = "МАОУ «СОШ № 1»"
SCHOOL2 = "МАОУ «СОШ № 2 с углублённым изучением математики»"
LABEL_LIMIT = 48


@dataclass
class Town:
    admin: Person
    organisations: dict[str, int]
    associations: dict[tuple[str, str], int]  # (school or "", association) -> id


async def town(h: Harness) -> Town:
    """The six schools of the sample file with their four ШМО each, and three ГМО."""
    admin = await seed.methodologist(h)
    organisations: dict[str, int] = {}
    associations: dict[tuple[str, str], int] = {}
    with SCHOOLS_FILE.open(encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter=";"):
            school, name = row["Школа"], row["Объединение"]
            if school and school not in organisations:
                organisations[school] = await seed.organisation(h, school)
            level = AssociationLevel.SCHOOL if school else AssociationLevel.MUNICIPAL
            associations[(school, name)] = await seed.association(
                h, name, level, organisation_id=organisations.get(school)
            )
    # somebody to reach in each chosen association
    for (school, name), association_id in associations.items():
        if name == SCIENCE and school in (SCHOOL1, SCHOOL2):
            await seed.member(
                h,
                700000 + association_id,
                Role.TEACHER,
                f"Учитель {association_id}",
                organisation_id=organisations[school],
                associations=[association_id],
            )
    return Town(admin, organisations, associations)


async def all_pages(person: Person) -> list[str]:
    """Every item button of a paged picker, page after page (the picker is the newest message)."""
    labels: list[str] = []
    while True:
        buttons = person.last().buttons
        labels += [b for b in buttons if not _navigation(b)]
        if "Далее ›" not in buttons:
            return labels
        await person.press("Далее ›")


def _navigation(label: str) -> bool:
    return label in {"Готово", "‹ К получателям", "Далее ›", "‹ Назад"} or " из " in label


async def tick(person: Person, label: str) -> None:
    """Tick ``label`` in a paged picker, turning pages until it shows."""
    while label not in person.last().buttons:
        await person.press("Далее ›")
    await person.press(label)


def science_label(labels: list[str], school_short: str) -> str:
    [label] = [b for b in labels if b.startswith(school_short) and "естественно" in b]
    return label


# ---------------------------------------------------------------------- labels and names


async def test_two_schools_associations_are_told_apart_and_named(harness: Harness) -> None:
    h = harness
    t = await town(h)
    await tb.compose(t.admin, "Заседание ШМО естественно-математического цикла")
    await tb.presses(t.admin, "Где…", "Выбранные объединения…")
    labels = await all_pages(t.admin)
    assert len(labels) == len(t.associations) == 27
    assert len(set(labels)) == len(labels), sorted(labels)  # no two look the same
    assert all(len(label) <= LABEL_LIMIT for label in labels)
    # the school comes first and stays readable; the association's name is what gets shortened
    first = science_label(labels, "СОШ № 1 ")
    second = science_label(labels, "СОШ № 2 ")
    assert first != second
    assert "ГМО учителей математики" in labels

    await tb.presses(t.admin, "‹ К получателям", "Где…", "Выбранные объединения…")
    await tick(t.admin, first)
    await tick(t.admin, second)
    assert "Отмечено: 2" in t.admin.last().text
    shown = await t.admin.press("Готово")
    summary = shown[-1]
    assert (
        "Где: выбранные объединения (2): "
        f"{SCIENCE} ({SCHOOL1}); {SCIENCE} ({SCHOOL2})" in summary.text
    ), summary.text
    assert "Получат: 2 человека" in summary.text


async def test_a_long_choice_is_named_up_to_a_cap(harness: Harness) -> None:
    h = harness
    t = await town(h)
    await tb.compose(t.admin, "Всем школам")
    await tb.presses(t.admin, "Где…", "Выбранные организации…")
    labels = await all_pages(t.admin)
    assert len(set(labels)) == len(labels) == 6
    assert all(len(label) <= LABEL_LIMIT for label in labels)
    await tb.presses(t.admin, "‹ К получателям", "Где…", "Выбранные организации…")
    for label in labels[:6]:
        await tick(t.admin, label)
    shown = await t.admin.press("Готово")
    where = next(line for line in shown[-1].text.splitlines() if line.startswith("Где:"))
    assert where.startswith("Где: выбранные организации (6): МАОУ «Гимназия № 5»; ")
    assert where.endswith(" и ещё 1")
    assert where.count("; ") == 4  # five names, then the rest counted


async def test_newevent_picker_uses_the_same_labels(harness: Harness) -> None:
    h = harness
    t = await town(h)
    await te.to_audience(t.admin)
    await tb.presses(t.admin, "Где…", "Выбранные объединения…")
    labels = await all_pages(t.admin)
    assert len(set(labels)) == len(labels) == 27
    assert all(len(label) <= LABEL_LIMIT for label in labels)
    await tb.presses(t.admin, "‹ К получателям", "Где…", "Выбранные объединения…")
    await tick(t.admin, science_label(labels, "СОШ № 2 "))
    # «Готово» ends the choice: the audience step is answered, naming what was chosen
    shown = await t.admin.press("Готово")
    assert "Когда напомнить?" in shown[-1].text
    closed = tb.current(t.admin, t.admin.messages()[-2])
    assert f"выбранные объединения (1): {SCIENCE} ({SCHOOL2})" in closed.text, closed.text


# ---------------------------------------------------------------------- «Готово»


async def test_done_in_a_picker_opens_the_preview(harness: Harness) -> None:
    h = harness
    w = await tb.world(h)
    text = "Семинар для второй школы"
    await tb.compose(w.admin, text)
    await tb.presses(w.admin, "Где…", "Выбранные организации…", "Школа № 2")
    shown = await w.admin.press("Готово")
    preview, summary = shown[-2], shown[-1]
    assert preview.text == text
    assert "Где: выбранные организации (1): Школа № 2" in summary.text
    assert summary.buttons == ["Отправить", "Изменить", "Отмена"]
    # the same from the short lists, after changing the audience of a previewed draft
    await tb.presses(w.admin, "Изменить", "Получателей", "Кому…", "Отдельные роли…", "педагог")
    shown = await w.admin.press("Готово")
    assert "Кому: роли — педагог" in shown[-1].text
    assert shown[-1].buttons == ["Отправить", "Изменить", "Отмена"]
    # «‹ К получателям» in a picker goes back to the audience menu, to choose more
    await tb.presses(w.admin, "Изменить", "Получателей", "Группы…", "Выбрать группы…")
    await w.admin.press("‹ К получателям")
    assert "Кому отправить объявление?" in w.admin.last().text


async def test_newevent_done_returns_to_the_preview(harness: Harness) -> None:
    h = harness
    w = await te.world(h)
    await te.to_audience(w.admin)
    await te.choose_gmo(w.admin)
    await te.presses(w.admin, "Далее ›", "Готово", "Пропустить")
    assert w.admin.last().buttons == ["Опубликовать", "Изменить", "Отмена"]
    await te.presses(w.admin, "Изменить", "Получатели", "Где…", "Уровни объединений…", "РМО")
    shown = await w.admin.press("Готово")
    assert shown[-1].buttons == ["Опубликовать", "Изменить", "Отмена"], [s.text for s in shown]


# ---------------------------------------------------------------------- groups follow «Где»


async def test_all_groups_means_the_groups_of_the_chosen_where(harness: Harness) -> None:
    h = harness
    w = await tb.world(h)
    await tb.compose(w.admin, "Только для второй школы")
    await tb.presses(w.admin, "Группы…", "Все подходящие группы")
    await tb.presses(w.admin, "Где…", "Выбранные организации…", "Школа № 2")
    shown = await w.admin.press("Готово")
    summary = shown[-1]
    assert "и 1 группа." in summary.text, summary.text
    assert "Группы: все подходящие (1): «Педагоги школы № 2»" in summary.text
    await tb.send_and_report(h, w.admin)
    before = tb.counts(h, w)
    await h.runtime.sender.drain()
    got = tb.received(h, before)
    assert set(got) == {w.head2.id, w.teacher2.id, w.school2_group.id}


async def test_groups_of_a_chosen_association_and_of_a_level(harness: Harness) -> None:
    h = harness
    w = await tb.world(h)
    await tb.compose(w.admin, "Начальным классам первой школы")
    await tb.presses(w.admin, "Группы…", "Все подходящие группы", "Где…")
    await tb.presses(w.admin, "Выбранные объединения…", "Школа № 1 · ШМО начальных классов")
    shown = await w.admin.press("Готово")
    assert "Группы: все подходящие (1): «ШМО начальных классов школы № 1»" in shown[-1].text
    await tb.presses(w.admin, "Изменить", "Получателей", "Где…", "Виды ОО…", "ДОУ")
    shown = await w.admin.press("Готово")
    assert "Группы: все подходящие — таких групп нет" in shown[-1].text, shown[-1].text


# ---------------------------------------------------------------------- informed organisations


async def test_an_organisation_reached_through_its_teachers_is_informed(harness: Harness) -> None:
    h = harness
    w = await tb.world(h)
    await tb.compose(w.admin, "Педагогам второй школы")
    await tb.presses(w.admin, "Кому…", "Отдельные роли…", "педагог", "‹ К получателям")
    await tb.presses(w.admin, "Где…", "Выбранные организации…", "Школа № 2")
    await w.admin.press("Готово")
    report = await tb.send_and_report(h, w.admin)
    await h.runtime.sender.drain()
    await h.runtime.reporter.tick()
    edited = tb.current(w.admin, report)
    assert "Доставлено: 1 из 1" in edited.text  # the teacher only: no head, no coordinator
    assert "Информированы 1 из 1 ОО (получил хотя бы один человек или группа ОО)" in edited.text
    shown = await w.admin.press("По организациям", edited)
    lines = shown[0].text.splitlines()
    assert "✅ Школа № 2" in lines
    assert lines[-1] == "Информированы 1 из 1 ОО."


# ---------------------------------------------------------------------- too long


async def _previewed(person: Person, text: str) -> Seen:
    await tb.compose(person, text)
    await tb.presses(person, "Где…", "Выбранные организации…", "Школа № 2")
    shown = await person.press("Готово")
    return shown[-1]


async def test_too_long_says_by_how_much_and_keeps_the_draft(harness: Harness) -> None:
    h = harness
    w = await tb.world(h)
    await _previewed(w.admin, "Первый вариант")
    await tb.presses(w.admin, "Изменить", "Текст объявления")
    shown = await w.admin.send("а" * 4100)
    assert shown[-1].text == (
        "Слишком длинно: 4\u00a0100 знаков, а можно не больше 4\u00a0096 — "
        "сократите на 4. Я не обрезаю сообщения сам."
    )
    photo = await w.admin.send_photo(b"\x89PNG fake image", caption="П" * 1030)
    assert photo[-1].text == (
        "Слишком длинно: 1\u00a0030 знаков, а можно не больше 1\u00a0024 — "
        "сократите на 6. Я не обрезаю сообщения сам."
    )
    # the draft and its audience are still there: a fitting text goes straight to the preview
    shown = await w.admin.send("Второй вариант")
    assert shown[-2].text == "Второй вариант"
    assert "Где: выбранные организации (1): Школа № 2" in shown[-1].text
    assert shown[-1].buttons == ["Отправить", "Изменить", "Отмена"]
