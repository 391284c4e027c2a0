"""Engine and session factory for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from claims.db import generation
from claims.settings import Settings

# anyio's default thread limit, which FastAPI runs sync routes under.
SQLITE_POOL = 40


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets API readers run while ingestion writes; busy_timeout makes concurrent
    # writers wait for the lock instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_manual_transactions(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own BEGIN is always DEFERRED; we emit ours (see _sqlite_begin).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    """Writers take the write lock when they begin (BEGIN IMMEDIATE) and wait for it (busy_timeout).

    A deferred transaction that reads, then writes after another writer committed, cannot be
    upgraded: SQLite answers "database is locked" at once, whatever the timeout.  Readers stay
    deferred, so they never wait for a writer (WAL).
    """
    immediate = not connection.get_execution_options().get("readonly", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_file(url: str) -> str | None:
    """The file a SQLite URL names; None for another database or an in-memory one."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") and ":memory:" not in url else None


def make_engine(settings: Settings) -> Engine:
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        file = sqlite_file(url)
        if file:
            Path(file).parent.mkdir(parents=True, exist_ok=True)
        # One kept connection per thread that reads at once: the API answers sync routes on AnyIO's 40
        # threads, and with SQLAlchemy's default five, 16 concurrent reads opened (and closed) a
        # connection each, pragmas included: an eighth of a cached read's time (bench/bench_scale.py).
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=SQLITE_POOL, max_overflow=SQLITE_POOL)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "connect", _sqlite_manual_transactions)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


class Database:
    """An engine plus its session factory; one per process and database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = make_engine(settings)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        generation.track(self.sessions)
        self.readers = sessionmaker(self.engine.execution_options(readonly=True), expire_on_commit=False)
        # SQLite only: PostgreSQL has no such pragma (LISTEN/NOTIFY could tell the same; not built), so
        # there a cached page still reads the generation each time.
        file = sqlite_file(settings.resolved_database_url)
        self.watch = generation.CommitWatch(file) if file else None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self, readonly: bool = False) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error.

        ``readonly``: a session that only reads (on SQLite it then never waits for writers).
        """
        session = (self.readers if readonly else self.sessions)()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        if self.watch is not None:
            self.watch.close()
        self.engine.dispose()
