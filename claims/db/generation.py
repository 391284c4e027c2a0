"""The store's generation: a counter that every committed change to what the API reads moves on.

Read pages are cached under it (``api.cache``).  Every write goes through a writer session
(``Database.session``), so the counter is kept here, in that session's events, and not by each
write path remembering to: a session that flushed or executed a change to any table outside the
job bookkeeping bumps ``store_state.generation`` in the same transaction, just before it commits.
A reader that sees generation *g* therefore sees every change committed before *g*, in any
process.  Job bookkeeping (leases, job runs, ingest-job status) changes nothing a cached page
shows, and moving the counter on every lease renewal would empty the caches for nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from claims.db.models import StoreState

BOOKKEEPING = frozenset({"job_locks", "job_runs", "ingest_jobs", StoreState.__tablename__})
_CHANGED = "claimtrack.changed"


def _table_of(obj: Any) -> str:
    return str(getattr(obj, "__tablename__", ""))


def _after_flush(session: Session, _context: Any) -> None:
    # Still the pre-flush state here: new, dirty and deleted list what this flush wrote.
    if any(_table_of(obj) not in BOOKKEEPING for obj in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in BOOKKEEPING:
        session: Session = state.session
        session.info[_CHANGED] = True


def _before_commit(session: Session) -> None:
    # Releasing a savepoint fires this event too.  Bumping there would hold the counter's row lock
    # for the rest of the transaction, and on PostgreSQL two writers then deadlocked (one held the
    # counter and waited for the other's article row, the other the reverse).  Only the outermost
    # commit bumps, as the last statement before COMMIT.
    if session.in_nested_transaction():
        return
    # Commit flushes pending objects only after this event: flush them first, so they count.
    session.flush()
    if session.info.pop(_CHANGED, False):
        moved: Any = session.execute(update(StoreState).where(StoreState.id == 1)
                                     .values(generation=StoreState.generation + 1))
        if moved.rowcount == 0:  # a store whose row was lost: the counter must move, or pages go stale
            session.add(StoreState(id=1, generation=1))
            session.flush()


def _after_rollback(session: Session, _previous: object) -> None:
    session.info.pop(_CHANGED, None)


def track(writers: sessionmaker[Session]) -> None:
    """Make every session from ``writers`` move the generation on when it commits a change."""
    event.listen(writers, "after_flush", _after_flush)
    event.listen(writers, "do_orm_execute", _on_execute)
    event.listen(writers, "before_commit", _before_commit)
    event.listen(writers, "after_soft_rollback", _after_rollback)


def current(session: Session) -> int:
    """The generation this session's transaction sees."""
    return int(session.scalar(_GENERATION) or 0)


_GENERATION = select(StoreState.generation).where(StoreState.id == 1)  # built once: read on every page
