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

import sqlite3
import threading
from collections.abc import Callable
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


class CommitWatch:
    """SQLite only: whether anything was committed to the file since this thread last asked, for the price
    of a pragma on a connection of the thread's own (``PRAGMA data_version`` moves on with every commit
    made through any other connection, in any process, and this one never writes).

    A cached read's generation query (a transaction of its own: begin, select, commit) was a third of
    what answering it from memory cost under 16 concurrent clients.  While nothing was committed, the
    generation this thread read last is still the store's.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _version(self) -> int:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._local.connection = connection
            with self._lock:
                self._opened.append(connection)
        return int(connection.execute("PRAGMA data_version").fetchone()[0])

    def generation(self, read: Callable[[], int]) -> int:
        # The version is read before the generation: a commit between the two moves the version on,
        # so the next call reads the generation again; none can hide behind a remembered value.
        version = self._version()
        if getattr(self._local, "version", None) != version:
            self._local.generation = read()
            self._local.version = version
        return int(self._local.generation)

    def close(self) -> None:
        with self._lock:
            for connection in self._opened:
                connection.close()
            self._opened.clear()


def current(session: Session, watch: CommitWatch | None = None) -> int:
    """The generation this session's transaction sees; with a ``watch``, the store's generation, read from
    the database only when something was committed since this thread last read it."""
    if watch is None:
        return int(session.scalar(_GENERATION) or 0)
    return watch.generation(lambda: int(session.scalar(_GENERATION) or 0))


_GENERATION = select(StoreState.generation).where(StoreState.id == 1)  # built once: read on every page
