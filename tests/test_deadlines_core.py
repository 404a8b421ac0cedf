"""Deadlines in the core: the units of each kind, reminders only to those who owe at their
offsets (fake clock), once across a restart, recurrence after downtime, another capability
completing a unit, forgetting a person."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.factory import create_runtime
from bot.services.audience import Audience, Where
from bot.services.deadlines import DeadlineDraft, DeadlineService, UploadedFile
from bot.services.errors import DomainError, NotAllowed
from bot.services.people import MemberInfo
from bot.storage.models import (
    AssociationLevel,
    Deadline,
    DeadlineAssignee,
    DeadlineUnit,
    Deliverable,
    Member,
    Recurrence,
    Reminder,
    Role,
    Submission,
    UnitStatus,
)
from bot.storage.unit import unit_of_work
from tests import seed
from tests.conftest import make_settings
from tests.harness import Harness

MOSCOW = ZoneInfo("Europe/Moscow")
DUE = date(2026, 12, 10)


async def world(h: Harness) -> dict[str, int]:
    """Two schools: the first with two ШМО (one with a head, one without) and a coordinator;
    the second with no coordinator. Three teachers, a ГМО."""
    ids: dict[str, int] = {}
    ids["org"] = await seed.organisation(h, "СОШ № 1")
    ids["other"] = await seed.organisation(h, "Лицей № 3")
    ids["math"] = await seed.association(h, "ШМО математиков", organisation_id=ids["org"])
    ids["lang"] = await seed.association(h, "ШМО филологов", organisation_id=ids["org"])
    ids["gmo"] = await seed.association(h, "ГМО физиков", AssociationLevel.MUNICIPAL)
    ids["admin"] = await seed.member(h, 9001, Role.METHODOLOGIST, "Смирнова Ольга")
    ids["coord"] = await seed.member(
        h, 9002, Role.COORDINATOR, "Орлова Нина", organisation_id=ids["org"]
    )
    ids["head"] = await seed.member(
        h, 9003, Role.HEAD, "Иванова Мария", organisation_id=ids["org"], head_of=[ids["math"]]
    )
    for n, uid in enumerate((9101, 9102, 9103)):
        ids[f"t{n}"] = await seed.member(
            h,
            uid,
            Role.TEACHER,
            f"Учитель {n}",
            organisation_id=ids["org"] if n < 2 else ids["other"],
            associations=[ids["math"]] if n < 2 else [],
        )
    for uid in (9001, 9002, 9003, 9101, 9102, 9103):
        h.double.add_user(uid, f"u{uid}", started=True)
    return ids


async def actor(h: Harness, member_id: int) -> MemberInfo:
    async with h.runtime.sessions() as session:
        return MemberInfo.of(await session.get(Member, member_id))  # type: ignore[arg-type]


def service(h: Harness, repo: object) -> DeadlineService:
    return DeadlineService(repo, h.clock, h.runtime.translator, MOSCOW)  # type: ignore[arg-type]


def due_at(day: date = DUE, at: time = time(23, 59)) -> datetime:
    return datetime.combine(day, at, tzinfo=MOSCOW).astimezone(UTC)


def draft(unit: DeadlineUnit, audience: Audience | None = None, **kw: object) -> DeadlineDraft:
    values: dict[str, object] = {
        "title": "План работы на год",
        "kind": Deliverable.PLAN,
        "unit": unit,
        "due_at": due_at(),
        "audience": audience or Audience(),
    }
    values.update(kw)
    return DeadlineDraft(**values)  # type: ignore[arg-type]


async def create(h: Harness, by: int, d: DeadlineDraft) -> int:
    who = await actor(h, by)
    async with unit_of_work(h.runtime.sessions) as repo:
        info = await service(h, repo).create(who, d)
    await h.runtime.sender.drain()
    return info.id


def texts(h: Harness, chat_id: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in h.double.messages(chat_id)]


async def units_of(h: Harness, deadline_id: int) -> dict[int, UnitStatus]:
    async with h.runtime.sessions() as session:
        rows = await session.execute(
            select(DeadlineAssignee.unit_id, DeadlineAssignee.status).where(
                DeadlineAssignee.deadline_id == deadline_id
            )
        )
        return {u: UnitStatus(s) for u, s in rows.all()}


async def fire_at(h: Harness, local: datetime) -> int:
    h.clock.set(local.astimezone(UTC))
    fired = await h.runtime.jobs.fire_reminders()
    await h.runtime.sender.drain()
    return fired


async def test_each_kind_of_unit_is_counted_and_announced_to_who_acts_for_it(
    harness: Harness,
) -> None:
    ids = await world(harness)
    people = await create(
        harness,
        ids["admin"],
        draft(
            DeadlineUnit.PERSON, Audience(where=Where.ORGANISATIONS, organisations=(ids["org"],))
        ),
    )
    assert set(await units_of(harness, people)) == {
        ids["coord"],
        ids["head"],
        ids["t0"],
        ids["t1"],
    }
    per_association = await create(
        harness,
        ids["admin"],
        draft(
            DeadlineUnit.ASSOCIATION,
            Audience(where=Where.LEVELS, levels=(AssociationLevel.SCHOOL,)),
        ),
    )
    assert set(await units_of(harness, per_association)) == {ids["math"], ids["lang"]}
    per_org = await create(harness, ids["admin"], draft(DeadlineUnit.ORGANISATION))
    assert set(await units_of(harness, per_org)) == {ids["org"], ids["other"]}

    assert sum("📌 Новый срок" in t for t in texts(harness, 9101)) == 1, "a teacher: own"
    assert sum("📌 Новый срок" in t for t in texts(harness, 9003)) == 2, "own + the ШМО's"
    assert sum("📌 Новый срок" in t for t in texts(harness, 9002)) == 2, "own + the school's"
    assert texts(harness, 9103) == [], "another school's teacher, not in the audience"


async def test_the_preview_names_units_nobody_can_act_for(harness: Harness) -> None:
    ids = await world(harness)
    admin = await actor(harness, ids["admin"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        preview = await service(harness, repo).preview(admin, draft(DeadlineUnit.ORGANISATION))
        assert (preview.units, preview.people) == (2, 1)
        assert preview.lonely == ("Лицей № 3",)
        assert preview.lonely_count == 1
        preview = await service(harness, repo).preview(admin, draft(DeadlineUnit.ASSOCIATION))
        assert preview.units == 3
        assert set(preview.lonely) == {"ШМО филологов", "ГМО физиков"}


async def test_bad_drafts_are_refused_and_nothing_is_written(harness: Harness) -> None:
    ids = await world(harness)
    admin = await actor(harness, ids["admin"])
    head = await actor(harness, ids["head"])
    bad = [
        (
            admin,
            draft(DeadlineUnit.PERSON, due_at=harness.clock.now() - timedelta(hours=1)),
            "past",
        ),
        (
            admin,
            draft(DeadlineUnit.PERSON, due_at=due_at(at=time(8, 0))),
            "reminder-after-due",
        ),
        (
            admin,
            draft(
                DeadlineUnit.ASSOCIATION, Audience(where=Where.ASSOCIATIONS, associations=(999,))
            ),
            "no-units",
        ),
        (head, draft(DeadlineUnit.ORGANISATION), "head-own-members"),
    ]
    for who, d, key in bad:
        async with unit_of_work(harness.runtime.sessions) as repo:
            with pytest.raises((DomainError, NotAllowed)) as caught:
                await service(harness, repo).create(who, d)
        assert caught.value.key == f"deadline-error-{key}"
    async with harness.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Deadline)) == 0


async def test_reminders_go_only_to_those_who_owe_at_their_offsets_once_across_a_restart(
    harness: Harness,
) -> None:
    ids = await world(harness)
    deadline = await create(
        harness,
        ids["admin"],
        draft(DeadlineUnit.PERSON, Audience(where=Where.ASSOCIATIONS, associations=(ids["math"],))),
    )
    # owed by the head and two teachers of the ШМО
    t0 = await actor(harness, ids["t0"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        await service(harness, repo).submit(
            t0,
            deadline,
            ids["t0"],
            comment="Готово",
            files=[
                UploadedFile("f1", "document", "план.docx", 1000),
                UploadedFile("f2", "photo", "photo.jpg", 2000),
            ],
        )
    nine = time(9, 0)
    assert await fire_at(harness, datetime.combine(DUE - timedelta(days=7), nine, MOSCOW)) == 1
    assert await harness.runtime.jobs.fire_reminders() == 0, "fired once"
    reminded = {uid for uid in (9003, 9101, 9102) if any("⏰" in t for t in texts(harness, uid))}
    assert reminded == {9003, 9102}, "the one who handed in is not reminded"

    await harness.runtime.aclose()
    harness.runtime = create_runtime(
        make_settings(harness.double, harness.runtime.settings.database_url), clock=harness.clock
    )
    assert await fire_at(harness, datetime.combine(DUE - timedelta(days=3), nine, MOSCOW)) == 1
    assert await fire_at(harness, datetime.combine(DUE - timedelta(days=1), nine, MOSCOW)) == 1
    assert await fire_at(harness, datetime.combine(DUE, nine, MOSCOW)) == 1
    assert sum("⏰" in t for t in texts(harness, 9102)) == 4
    assert sum("⏰" in t for t in texts(harness, 9101)) == 0


async def test_a_second_press_of_the_same_send_and_someone_else_are_refused(
    harness: Harness,
) -> None:
    ids = await world(harness)
    deadline = await create(harness, ids["admin"], draft(DeadlineUnit.ORGANISATION))
    coord, teacher = await actor(harness, ids["coord"]), await actor(harness, ids["t0"])
    async with unit_of_work(harness.runtime.sessions) as repo:
        handed = await service(harness, repo).submit(
            coord, deadline, ids["org"], comment=None, files=[], expected_versions=0
        )
    assert handed.version == 1
    assert handed.unit_name == "СОШ № 1"
    for who, kw, key in (
        (coord, {"expected_versions": 0}, "already-submitted"),
        (teacher, {}, "not-yours"),
    ):
        async with unit_of_work(harness.runtime.sessions) as repo:
            with pytest.raises((DomainError, NotAllowed)) as caught:
                await service(harness, repo).submit(
                    who, deadline, ids["org"], comment=None, files=[], **kw
                )
        assert caught.value.key == f"deadline-error-{key}"
    async with harness.runtime.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Submission)) == 1


async def test_recurrence_after_downtime_creates_each_occurrence_once(harness: Harness) -> None:
    ids = await world(harness)
    first = await create(
        harness,
        ids["admin"],
        draft(
            DeadlineUnit.ORGANISATION,
            recurrence=Recurrence.MONTHLY,
            due_at=due_at(date(2026, 11, 30)),
        ),
    )
    harness.clock.set(due_at(date(2027, 2, 5)))  # down from November to February
    async with unit_of_work(harness.runtime.sessions) as repo:
        assert await service(harness, repo).roll() == 3
    async with unit_of_work(harness.runtime.sessions) as repo:
        assert await service(harness, repo).roll() == 0
    async with harness.runtime.sessions() as session:
        rows = list(await session.scalars(select(Deadline).order_by(Deadline.due_at)))
    assert [r.due_at.astimezone(MOSCOW).date() for r in rows] == [
        date(2026, 11, 30),
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 2, 28),
    ]
    assert {r.series_id for r in rows} == {first}
    assert set(await units_of(harness, rows[-1].id)) == {ids["org"], ids["other"]}


async def test_another_capability_completes_a_unit(harness: Harness) -> None:
    ids = await world(harness)
    deadline = await create(harness, ids["admin"], draft(DeadlineUnit.ASSOCIATION))
    async with unit_of_work(harness.runtime.sessions) as repo:
        assert await service(harness, repo).complete(deadline, ids["math"], by="minutes:1")
        assert not await service(harness, repo).complete(deadline, ids["math"], by="minutes:2")
    assert (await units_of(harness, deadline))[ids["math"]] is UnitStatus.SUBMITTED


async def test_reminders_of_two_deadlines_due_at_once_each_go_once_to_their_people(
    harness: Harness,
) -> None:
    ids = await world(harness)
    await create(harness, ids["admin"], draft(DeadlineUnit.ORGANISATION))
    await create(
        harness,
        ids["admin"],
        draft(DeadlineUnit.PERSON, Audience(where=Where.ASSOCIATIONS, associations=(ids["math"],))),
    )
    nine = datetime.combine(DUE - timedelta(days=7), time(9, 0), MOSCOW)
    assert await fire_at(harness, nine) == 2
    assert sum("⏰" in t for t in texts(harness, 9002)) == 1, "the coordinator: the school's"
    assert sum("⏰" in t for t in texts(harness, 9101)) == 1, "a teacher: own only"
    assert sum("⏰" in t for t in texts(harness, 9003)) == 1, "the head: own only"


@pytest.mark.parametrize(
    ("current", "recurrence", "months", "first", "expected"),
    [
        (date(2026, 12, 15), Recurrence.MONTHLY, [], date(2026, 10, 15), date(2027, 1, 15)),
        (date(2027, 5, 15), Recurrence.MONTHLY, [], date(2026, 10, 15), date(2027, 9, 15)),
        (date(2027, 2, 28), Recurrence.MONTHLY, [], date(2026, 10, 31), date(2027, 3, 31)),
        (date(2027, 2, 28), Recurrence.MONTHLY, [], date(2026, 10, 28), date(2027, 3, 28)),
        (date(2026, 10, 25), Recurrence.QUARTERLY, [], date(2026, 10, 25), date(2026, 12, 25)),
        (date(2026, 12, 31), Recurrence.QUARTERLY, [], date(2026, 12, 31), date(2027, 3, 31)),
        (date(2027, 5, 31), Recurrence.QUARTERLY, [], date(2026, 10, 31), date(2027, 10, 31)),
        (
            date(2026, 11, 30),
            Recurrence.MONTHS,
            [11, 12, 3, 5],
            date(2026, 11, 30),
            date(2026, 12, 31),
        ),
        (
            date(2026, 12, 31),
            Recurrence.MONTHS,
            [11, 12, 3, 5],
            date(2026, 11, 30),
            date(2027, 3, 31),
        ),
        (date(2028, 2, 29), Recurrence.YEARLY, [], date(2028, 2, 29), date(2029, 2, 28)),
        (date(2026, 9, 15), Recurrence.YEARLY, [], date(2026, 9, 15), date(2027, 9, 15)),
        (date(2026, 9, 15), Recurrence.ONCE, [], date(2026, 9, 15), None),
    ],
)
def test_the_next_occurrence_keeps_the_series_day_or_the_month_end(
    current: date, recurrence: Recurrence, months: list[int], first: date, expected: date | None
) -> None:
    from bot.services.recurrence import next_due, series_day

    assert next_due(current, recurrence, months, series_day(first)) == expected


async def test_a_deadline_announced_later_is_announced_once_and_reminded_only_after(
    harness: Harness,
) -> None:
    ids = await world(harness)
    who = await actor(harness, ids["admin"])
    opens = datetime.combine(DUE - timedelta(days=5), time(8, 0), MOSCOW).astimezone(UTC)
    async with unit_of_work(harness.runtime.sessions) as repo:
        info = await service(harness, repo).create(
            who,
            draft(DeadlineUnit.ORGANISATION, kind=Deliverable.SURVEY),
            announce=False,
            reminders_from=opens,
        )
    await harness.runtime.sender.drain()
    assert texts(harness, 9002) == [], "not announced yet"
    async with harness.runtime.sessions() as session:
        days = sorted(r.minutes_before // 1440 for r in await session.scalars(select(Reminder)))
    assert days == [0, 1, 3], "the reminder a week before would come before it opens"
    harness.clock.set(opens)
    async with unit_of_work(harness.runtime.sessions) as repo:
        assert await service(harness, repo).announce(info.id) == 1
        assert await service(harness, repo).announce(info.id) == 0
    await harness.runtime.sender.drain()
    [invitation] = harness.double.messages(9002)
    assert invitation["text"].startswith("📋 Новый опрос")
    buttons = [b for row in invitation["reply_markup"]["inline_keyboard"] for b in row]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("📝 Пройти опрос", f"sva:{info.id}")
    ]
