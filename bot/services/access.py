"""Who may do what. Services call these before acting; a refusal names who may."""

from __future__ import annotations

from bot.services.errors import NotAllowed
from bot.services.people import MemberInfo
from bot.storage.models import Role

STAFF = frozenset({Role.METHODOLOGIST, Role.COORDINATOR})


def require_methodologist(actor: MemberInfo | None) -> MemberInfo:
    """Only a methodologist: the registry, roles, group bindings."""
    if actor is None or actor.role is not Role.METHODOLOGIST:
        raise NotAllowed("error-only-methodologist")
    return actor


def require_staff(actor: MemberInfo | None) -> MemberInfo:
    """A methodologist, or a school coordinator (who then acts within its organisation only)."""
    if actor is None or actor.role not in STAFF:
        raise NotAllowed("error-only-staff")
    return actor


def require_scope(actor: MemberInfo, organisation_id: int | None) -> None:
    """A coordinator may touch its own organisation only; a methodologist anything."""
    if actor.role is Role.METHODOLOGIST:
        return
    if (
        actor.role is Role.COORDINATOR
        and organisation_id is not None
        and organisation_id == actor.organisation_id
    ):
        return
    raise NotAllowed("error-other-organisation")


def scope_of(actor: MemberInfo) -> int | None:
    """The organisation an actor is confined to (None: the whole municipality).

    Only a methodologist sees the whole municipality; a coordinator without an organisation
    sees nothing rather than everything.
    """
    if actor.role is Role.METHODOLOGIST:
        return None
    if actor.organisation_id is None:
        raise NotAllowed("error-no-organisation")
    return actor.organisation_id
