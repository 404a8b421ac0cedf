"""Test set-up straight into the database, for tests whose subject is something else."""

from __future__ import annotations

from collections.abc import Iterable

from bot.storage.models import (
    Association,
    AssociationLevel,
    AssociationMembership,
    Member,
    MentorPairing,
    Organisation,
    OrganisationKind,
    Role,
)
from tests.conftest import ADMIN_ID
from tests.harness import Harness, Person


async def organisation(
    h: Harness, name: str, kind: OrganisationKind = OrganisationKind.SCHOOL
) -> int:
    async with h.runtime.sessions() as session, session.begin():
        row = Organisation(name=name, kind=kind, created_at=h.clock.now())
        session.add(row)
        await session.flush()
        return row.id


async def association(
    h: Harness,
    name: str,
    level: AssociationLevel = AssociationLevel.SCHOOL,
    organisation_id: int | None = None,
    subject_area: str | None = None,
) -> int:
    async with h.runtime.sessions() as session, session.begin():
        row = Association(
            name=name,
            level=level,
            organisation_id=organisation_id,
            subject_area=subject_area,
            created_at=h.clock.now(),
        )
        session.add(row)
        await session.flush()
        return row.id


async def member(
    h: Harness,
    telegram_id: int | None,
    role: Role,
    full_name: str,
    *,
    organisation_id: int | None = None,
    career_start_year: int | None = None,
    is_mentor: bool = False,
    associations: Iterable[int] = (),
    head_of: Iterable[int] = (),
    registered: bool = True,
) -> int:
    """A member as onboarding would leave them (consent given, profile complete)."""
    now = h.clock.now()
    async with h.runtime.sessions() as session, session.begin():
        row = Member(
            telegram_id=telegram_id,
            full_name=full_name,
            role=role,
            organisation_id=organisation_id,
            career_start_year=career_start_year,
            is_mentor=is_mentor,
            consent_at=now,
            registered_at=now if registered else None,
            is_active=True,
            is_reachable=True,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        heads = set(head_of)
        for association_id in dict.fromkeys([*associations, *heads]):
            session.add(
                AssociationMembership(
                    association_id=association_id,
                    member_id=row.id,
                    is_head=association_id in heads,
                    created_at=now,
                )
            )
        return row.id


async def pair(h: Harness, mentor_id: int, mentee_id: int) -> None:
    async with h.runtime.sessions() as session, session.begin():
        session.add(
            MentorPairing(mentor_id=mentor_id, mentee_id=mentee_id, created_at=h.clock.now())
        )


async def methodologist(
    h: Harness, first_name: str = "Ольга", last_name: str = "Смирнова"
) -> Person:
    """The ADMIN_IDS methodologist, registered through /start, consent and the name step."""
    person = h.person(first_name, last_name, user_id=ADMIN_ID)
    await person.send("/start")
    await person.press("Согласен")
    await person.send(f"{last_name} {first_name} Викторовна")
    return person
