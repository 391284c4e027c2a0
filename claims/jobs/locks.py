"""Job locks and run records in the database, so two runs never overlap, on any backend."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from claims.db.models import JobLock, JobRun, utcnow
from claims.db.session import Database
from claims.errors import JobLockedError


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(holder: str) -> bool:
    """Whether the lock's holder still runs; only knowable for holders on this host."""
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def job_lock(db: Database, name: str) -> Iterator[str]:
    """Hold the named lock for the block; a lock left by a dead process on this host is taken over."""
    holder = _holder()
    for _ in range(2):
        try:
            with db.session() as session:
                session.add(JobLock(name=name, holder=holder))
            break
        except IntegrityError:
            with db.session() as session:
                current = session.get(JobLock, name)
                if current is not None and _alive(current.holder):
                    raise JobLockedError(f"{name} is already running ({current.holder}, since "
                                         f"{current.acquired_at:%Y-%m-%d %H:%M} UTC)") from None
                session.execute(delete(JobLock).where(JobLock.name == name))
    else:
        raise JobLockedError(f"could not take the {name} lock")
    try:
        yield holder
    finally:
        with db.session() as session:
            session.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == holder))


def last_run(db: Database, job: str, status: str | None = None) -> JobRun | None:
    with db.session() as session:
        query = select(JobRun).where(JobRun.job == job)
        if status:
            query = query.where(JobRun.status == status)
        return session.scalar(query.order_by(JobRun.id.desc()).limit(1))


def start_run(db: Database, job: str, params: dict, checkpoint: dict | None = None) -> int:
    with db.session() as session:
        run = JobRun(job=job, status="running", params=params, checkpoint=checkpoint or {}, counts={})
        session.add(run)
        session.flush()
        return run.id


def save_progress(db: Database, run_id: int, checkpoint: dict, counts: dict) -> None:
    with db.session() as session:
        run = session.get(JobRun, run_id)
        assert run is not None
        run.checkpoint, run.counts = dict(checkpoint), dict(counts)


def finish_run(db: Database, run_id: int, status: str, counts: dict, started: float, error: str | None = None) -> None:
    with db.session() as session:
        run = session.get(JobRun, run_id)
        assert run is not None
        run.status, run.counts, run.error = status, dict(counts), error
        run.finished_at, run.duration_s = utcnow(), round(time.perf_counter() - started, 3)
