"""Job leases and run records: two runs of a job never overlap, on any backend, from any host.

A lock is a lease: the holder renews it from a heartbeat thread while it works; a lease not
renewed by its expiry belongs to a holder that died (on this host or another), and may be
taken over.  Releasing deletes only the lease this holder holds.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from claims.db.models import JobLock, JobRun, utcnow
from claims.db.session import Database
from claims.errors import JobLockedError

LEASE = timedelta(seconds=60)
HEARTBEAT_SECONDS = 15.0


@dataclass(frozen=True)
class RunRecord:
    id: int
    status: str
    params: dict[str, Any]
    counts: dict[str, Any]
    checkpoint: dict[str, Any]
    started_at: datetime
    finished_at: datetime | None


def _holder() -> str:
    # host:pid for people reading the table; the random part makes every lease unique.
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _acquire(db: Database, name: str, holder: str, lease: timedelta) -> None:
    now = utcnow()
    try:
        with db.session() as session:
            session.add(JobLock(name=name, holder=holder, acquired_at=now, expires_at=now + lease))
        return
    except IntegrityError:
        pass
    with db.session() as session:
        # Take over an expired lease only if it is still the one we saw expire (one winner).
        current = session.get(JobLock, name)
        if current is not None and current.expires_at >= now and not _dead_here(current.holder):
            raise JobLockedError(f"{name} is already running ({current.holder.rsplit(':', 1)[0]}, since "
                                 f"{current.acquired_at:%Y-%m-%d %H:%M} UTC)")
        seen = current.holder if current is not None else ""
        result: Any = session.execute(update(JobLock).where(JobLock.name == name, JobLock.holder == seen)
                                      .values(holder=holder, acquired_at=now, expires_at=now + lease))
        if result.rowcount != 1:
            raise JobLockedError(f"{name} was taken by another run just now")


def _dead_here(holder: str) -> bool:
    """A lease held by a process of this host that no longer exists (killed, crashed): free at once.

    Waiting out the lease would only delay a restart after a crash; another host's holder
    cannot be checked, so its lease must expire.
    """
    host, _, rest = holder.partition(":")
    pid = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@contextmanager
def job_lock(db: Database, name: str, lease: timedelta = LEASE, heartbeat: float = HEARTBEAT_SECONDS
             ) -> Iterator[str]:
    """Hold the named lease for the block, renewing it every ``heartbeat`` seconds."""
    holder = _holder()
    _acquire(db, name, holder, lease)
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(heartbeat):
            with db.session() as session:
                session.execute(update(JobLock).where(JobLock.name == name, JobLock.holder == holder)
                                .values(expires_at=utcnow() + lease))

    renewer = threading.Thread(target=renew, daemon=True, name=f"lease-{name}")
    renewer.start()
    try:
        yield holder
    finally:
        stop.set()
        renewer.join()
        with db.session() as session:
            session.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == holder))


def last_run(db: Database, job: str, status: str | None = None) -> RunRecord | None:
    with db.session() as session:
        query = select(JobRun).where(JobRun.job == job)
        if status:
            query = query.where(JobRun.status == status)
        run = session.scalar(query.order_by(JobRun.id.desc()).limit(1))
        if run is None:
            return None
        return RunRecord(run.id, run.status, dict(run.params), dict(run.counts), dict(run.checkpoint), run.started_at,
                         run.finished_at)


def start_run(db: Database, job: str, params: dict[str, Any], checkpoint: dict[str, Any] | None = None) -> int:
    with db.session() as session:
        run = JobRun(job=job, status="running", params=params, checkpoint=checkpoint or {}, counts={})
        session.add(run)
        session.flush()
        return run.id


def save_progress(db: Database, run_id: int, checkpoint: dict[str, Any], counts: dict[str, Any]) -> None:
    with db.session() as session:
        session.execute(update(JobRun).where(JobRun.id == run_id)
                        .values(checkpoint=dict(checkpoint), counts=dict(counts)))


def mark(db: Database, run_id: int, status: str) -> None:
    with db.session() as session:
        session.execute(update(JobRun).where(JobRun.id == run_id).values(status=status))


def finish_run(db: Database, run_id: int, status: str, counts: dict[str, Any], started: float,
               error: str | None = None) -> None:
    with db.session() as session:
        session.execute(update(JobRun).where(JobRun.id == run_id).values(
            status=status, counts=dict(counts), error=error, finished_at=utcnow(),
            duration_s=round(time.perf_counter() - started, 3)))
