"""The Audience resolves in SQL to exactly the people and groups it targets, each once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.services.audience import (
    Audience,
    Groups,
    Where,
    Who,
    binding_select,
    member_select,
    reach_select,
)
from bot.storage.models import (
    AssociationLevel,
    BindingKind,
    ChatBinding,
    Member,
    OrganisationKind,
    Role,
)
from tests import seed
from tests.harness import Harness

TODAY = date(2026, 11, 23)


async def world(h: Harness) -> dict[str, int]:
    s1 = await seed.organisation(h, "СОШ № 1")
    s2 = await seed.organisation(h, "Лицей № 3")
    dou = await seed.organisation(h, "МБДОУ «Детский сад № 4»", OrganisationKind.KINDERGARTEN)
    shmo1 = await seed.association(h, "ШМО начальных классов", organisation_id=s1)
    shmo2 = await seed.association(h, "ШМО начальных классов", organisation_id=s2)
    gmo = await seed.association(h, "ГМО математиков", AssociationLevel.MUNICIPAL)
    ids = {"s1": s1, "s2": s2, "dou": dou, "shmo1": shmo1, "shmo2": shmo2, "gmo": gmo}
    m = seed.member
    ids["methodologist"] = await m(h, 9001, Role.METHODOLOGIST, "Методист")
    ids["coord1"] = await m(h, 9002, Role.COORDINATOR, "Координатор 1", organisation_id=s1)
    ids["head1"] = await m(
        h, 9003, Role.HEAD, "Руководитель 1", organisation_id=s1, head_of=[shmo1]
    )
    ids["head_gmo"] = await m(
        h, 9004, Role.HEAD, "Руководитель ГМО", organisation_id=s2, head_of=[gmo]
    )
    ids["young1"] = await m(
        h,
        9005,
        Role.TEACHER,
        "Молодой 1",
        organisation_id=s1,
        career_start_year=2025,
        associations=[shmo1, gmo],
    )
    ids["old2"] = await m(
        h,
        9006,
        Role.TEACHER,
        "Опытный 2",
        organisation_id=s2,
        career_start_year=2001,
        is_mentor=True,
        associations=[shmo2],
    )
    ids["young_edge"] = await m(
        h, 9007, Role.TEACHER, "Третий год", organisation_id=s2, career_start_year=2024
    )
    ids["past_young"] = await m(
        h, 9008, Role.TEACHER, "Четвёртый год", organisation_id=s2, career_start_year=2023
    )
    ids["dou_teacher"] = await m(
        h, 9009, Role.TEACHER, "Воспитатель", organisation_id=dou, career_start_year=2010
    )
    ids["unfinished"] = await m(
        h, 9010, Role.TEACHER, "Не дозаполнил", organisation_id=s1, registered=False
    )
    ids["inactive"] = await m(h, 9011, Role.TEACHER, "Выключен", organisation_id=s1)
    ids["blocked"] = await m(h, 9012, Role.TEACHER, "Заблокировал", organisation_id=s1)
    async with h.runtime.sessions() as session, session.begin():
        await session.execute(
            update(Member).where(Member.id == ids["inactive"]).values(is_active=False)
        )
        await session.execute(
            update(Member).where(Member.id == ids["blocked"]).values(is_reachable=False)
        )
        now = h.clock.now()
        for chat_id, kind, org, assoc in [
            (-1001, BindingKind.HEADS_ALL, None, None),
            (-1002, BindingKind.ORGANISATION, s1, None),
            (-1003, BindingKind.ASSOCIATION, None, shmo2),
            (-1004, BindingKind.ASSOCIATION, None, shmo1),
        ]:
            session.add(
                ChatBinding(
                    chat_id=chat_id,
                    title=f"g{chat_id}",
                    kind=kind,
                    organisation_id=org,
                    association_id=assoc,
                    is_active=True,
                    created_at=now,
                    updated_at=now,
                )
            )
        session.add(
            ChatBinding(
                chat_id=-1005,
                title="removed",
                kind=BindingKind.HEADS_ALL,
                is_active=False,
                created_at=now,
                updated_at=now,
            )
        )
    return ids


async def resolve(h: Harness, audience: Audience) -> set[int]:
    async with h.runtime.sessions() as session:
        rows = (await session.execute(member_select(audience, TODAY))).all()
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)), "each member once"
    return set(ids)


async def chats(h: Harness, audience: Audience) -> set[int]:
    async with h.runtime.sessions() as session:
        return {r[1] for r in (await session.execute(binding_select(audience))).all()}


def named(ids: dict[str, int], *names: str) -> set[int]:
    return {ids[n] for n in names}


EVERYONE = (
    "methodologist",
    "coord1",
    "head1",
    "head_gmo",
    "young1",
    "old2",
    "young_edge",
    "past_young",
    "dou_teacher",
    "blocked",
)


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (Audience(), EVERYONE),
        (
            Audience(who=Who.ROLES, roles=(Role.HEAD, Role.COORDINATOR)),
            ("coord1", "head1", "head_gmo"),
        ),
        (Audience(who=Who.YOUNG), ("young1", "young_edge")),
        (Audience(who=Who.MENTORS), ("old2",)),
        (Audience(who=Who.HEADS), ("head1", "head_gmo")),
        (
            Audience(who=Who.HEADS, where=Where.LEVELS, levels=(AssociationLevel.MUNICIPAL,)),
            ("head_gmo",),
        ),
        (Audience(where=Where.ORGANISATIONS, organisations=(-1,)), ()),
        (
            Audience(where=Where.ORG_KINDS, org_kinds=(OrganisationKind.KINDERGARTEN,)),
            ("dou_teacher",),
        ),
        (
            Audience(who=Who.YOUNG, where=Where.LEVELS, levels=(AssociationLevel.MUNICIPAL,)),
            ("young1",),
        ),
        (
            Audience(where=Where.LEVELS, levels=(AssociationLevel.SCHOOL,)),
            ("head1", "young1", "old2"),
        ),
    ],
)
async def test_who_and_where(
    harness: Harness, audience: Audience, expected: tuple[str, ...]
) -> None:
    ids = await world(harness)
    assert await resolve(harness, audience) == named(ids, *expected)


async def test_organisations_and_associations(harness: Harness) -> None:
    ids = await world(harness)
    by_school = Audience(where=Where.ORGANISATIONS, organisations=(ids["s1"],))
    assert await resolve(harness, by_school) == named(ids, "coord1", "head1", "young1", "blocked")
    by_gmo = Audience(where=Where.ASSOCIATIONS, associations=(ids["gmo"], ids["shmo1"]))
    assert await resolve(harness, by_gmo) == named(ids, "head_gmo", "young1", "head1")


async def test_a_coordinators_audience_stays_in_its_school(harness: Harness) -> None:
    ids = await world(harness)
    scoped = Audience(groups=Groups.ALL).within(ids["s1"])
    assert await resolve(harness, scoped) == named(ids, "coord1", "head1", "young1", "blocked")
    assert await chats(harness, scoped) == {-1002, -1004}


async def test_groups(harness: Harness) -> None:
    await world(harness)
    assert await chats(harness, Audience()) == set()
    assert await chats(harness, Audience(groups=Groups.ALL)) == {-1001, -1002, -1003, -1004}
    async with harness.runtime.sessions() as session:
        first = await session.scalar(select(ChatBinding.id).where(ChatBinding.chat_id == -1003))
        removed = await session.scalar(select(ChatBinding.id).where(ChatBinding.chat_id == -1005))
    chosen = Audience(groups=Groups.CHOSEN, group_ids=(first, removed))
    assert await chats(harness, chosen) == {-1003}, "a group the bot was removed from is left out"


async def test_all_groups_are_those_of_the_chosen_where(harness: Harness) -> None:
    ids = await world(harness)
    now = harness.clock.now()
    async with harness.runtime.sessions() as session, session.begin():
        session.add(
            ChatBinding(
                chat_id=-1006,
                title="heads of school associations",
                kind=BindingKind.HEADS_LEVEL,
                level=AssociationLevel.SCHOOL,
                is_active=True,
                created_at=now,
                updated_at=now,
            )
        )

    def every(**where: Any) -> Audience:
        return Audience(groups=Groups.ALL, **where)

    assert await chats(harness, every()) == {-1001, -1002, -1003, -1004, -1006}
    school1 = every(where=Where.ORGANISATIONS, organisations=(ids["s1"],))
    assert await chats(harness, school1) == {-1002, -1004}, "its own group and its ШМО's"
    school2 = every(where=Where.ORGANISATIONS, organisations=(ids["s2"],))
    assert await chats(harness, school2) == {-1003}
    kindergartens = every(where=Where.ORG_KINDS, org_kinds=(OrganisationKind.KINDERGARTEN,))
    assert await chats(harness, kindergartens) == set()
    schools = every(where=Where.ORG_KINDS, org_kinds=(OrganisationKind.SCHOOL,))
    assert await chats(harness, schools) == {-1002, -1003, -1004}
    shmo2 = every(where=Where.ASSOCIATIONS, associations=(ids["shmo2"],))
    assert await chats(harness, shmo2) == {-1003}
    school_level = every(where=Where.LEVELS, levels=(AssociationLevel.SCHOOL,))
    assert await chats(harness, school_level) == {-1003, -1004, -1006}
    municipal = every(where=Where.LEVELS, levels=(AssociationLevel.MUNICIPAL,))
    assert await chats(harness, municipal) == set()


async def test_reach_counts_the_unreachable(harness: Harness) -> None:
    ids = await world(harness)
    async with harness.runtime.sessions() as session:
        people, unreachable = (
            await session.execute(
                reach_select(Audience(where=Where.ORGANISATIONS, organisations=(ids["s1"],)), TODAY)
            )
        ).one()
    assert (people, unreachable) == (4, 1)


def test_audience_round_trips_through_json() -> None:
    audience = Audience(
        who=Who.ROLES,
        roles=(Role.HEAD,),
        where=Where.LEVELS,
        levels=(AssociationLevel.DISTRICT,),
        groups=Groups.CHOSEN,
        group_ids=(3, 4),
        scope_organisation=7,
    )
    assert Audience.from_json(audience.to_json()) == audience
