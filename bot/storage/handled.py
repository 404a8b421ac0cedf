"""Each update handled once, however often Telegram delivers it.

Telegram posts a webhook update again when it got no 200 for it (the instance died, or took
longer than Telegram waits), and long polling gets an update again when the process died before
it confirmed it. The update's id is recorded (``handled_updates``) by the update's first commit,
in the same transaction as what the update first wrote — one INSERT, no transaction of its own.
A delivery of an id already recorded fails that INSERT: the transaction is rolled back and the
update is dropped (:class:`AlreadyHandled`, caught where updates enter).

* An instance that dies before the update's first commit has written nothing and, committing
  before it tells, told nothing: the next delivery is handled in full.
* One that dies after it has committed a part and perhaps told the person: the next delivery is
  dropped, never applied twice (the person may repeat the step that got no answer).
* A slow instance still handles the update when it comes again: updates of one person run one
  at a time (the dialog lock, shared by the instances), so the second delivery waits for the
  first to end, then finds its id.

Ids are kept :data:`KEEP` (Telegram gives up on an update after 24 hours) and pruned by the
scheduler. The same code on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, event, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.storage.models import HandledUpdate
from bot.storage.unit import current_session

KEEP = timedelta(days=2)
_INSERT = insert(HandledUpdate.__table__)


class AlreadyHandled(BaseException):
    """The update being handled was handled before: stop it wherever it is.

    A BaseException, as :class:`asyncio.CancelledError`: no ``except Exception`` around a send
    on the way may swallow it and carry on with a transaction that is gone.
    """

    def __init__(self, update_id: int) -> None:
        super().__init__(update_id)
        self.update_id = update_id


@dataclass
class _Claim:
    update_id: int
    at: datetime
    # the session whose transaction holds the INSERT, until it commits or rolls back
    pending: Session | None = None
    recorded: bool = False


_claim: ContextVar[_Claim | None] = ContextVar("handled_update", default=None)


@contextlib.contextmanager
def handling(update_id: int, at: datetime) -> Iterator[None]:
    """Within the block (one update's handling), the first commit of the update's unit of work
    records ``update_id``, or raises :class:`AlreadyHandled` when it was recorded before."""
    token = _claim.set(_Claim(update_id, at))
    try:
        yield
    finally:
        _claim.reset(token)


@event.listens_for(Session, "before_commit")
def _record(session: Session) -> None:
    claim = _claim.get()
    if claim is None or claim.recorded or claim.pending is not None:
        return
    unit = current_session()
    if unit is None or unit.sync_session is not session:
        return  # another session than the update's unit of work
    try:
        # Core on the session's connection: no ORM statement to compile, no flush to check.
        session.connection().execute(
            _INSERT, {"update_id": claim.update_id, "handled_at": claim.at}
        )
    except IntegrityError:
        raise AlreadyHandled(claim.update_id) from None
    claim.pending = session


@event.listens_for(Session, "after_commit")
def _recorded(session: Session) -> None:
    claim = _claim.get()
    if claim is not None and claim.pending is session:
        claim.pending, claim.recorded = None, True


@event.listens_for(Session, "after_rollback")
def _not_recorded(session: Session) -> None:
    claim = _claim.get()
    if claim is not None and claim.pending is session:
        claim.pending = None


async def prune(session: AsyncSession, now: datetime) -> int:
    """Forget the ids recorded more than :data:`KEEP` ago: how many."""
    result = await session.execute(
        delete(HandledUpdate).where(HandledUpdate.handled_at < now - KEEP)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
