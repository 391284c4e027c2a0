"""Several server processes on one port, each accepting its own share of the connections.

uvicorn's ``--workers`` binds one listening socket in the parent and every process waits on it;
asyncio then accepts up to a backlog's worth of waiting connections each time it wakes.  So a
burst of new connections lands mostly on whichever process woke first: ``ss`` showed 14 of wrk's
16 kept-alive connections on one of two processes, which answered them on one core while the other
core idled (issue 14; the p99 of a read swung by up to 3x between runs).  With ``SO_REUSEPORT``
each process listens on a socket of its own at the same address, and the kernel hands each new
connection to one of them by a hash of the client's address and port.

The parent still binds a socket first: to claim the port (a port in use fails here, once, with the
system's message) and to learn it when asked for port 0.  That socket never listens; the kernel
only hands connections to listening sockets.

What it costs: connections waiting in a process's own queue when that process stops (a restart, a
crash) are reset rather than taken by another; a hung process keeps getting its share of new
connections until uvicorn's health check replaces it; and another program running as the same user
could bind the port with SO_REUSEPORT too and take a share.  A second claimtrack server finds the
port in use (below), except in the seconds before the first one's processes listen: two started
together can both bind it.
"""

from __future__ import annotations

import logging
import socket
import sys
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

log = logging.getLogger("uvicorn.error")


def _bind_shared(sock: socket.socket, address: Any) -> None:
    """Bind ``sock`` to ``address`` as one of the sockets sharing it (every one of them must ask)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)


def _reuse_port_socket(family: int, address: Any) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    _bind_shared(sock, address)
    sock.set_inheritable(True)
    return sock


class PerProcessSocket(socket.socket):
    """The parent's socket; each process it is handed to gets a new socket at the same address.

    uvicorn hands its processes the parent's sockets by pickling them; this one pickles as its
    address, so each process binds (and then listens on) a socket of its own.
    """

    def __reduce__(self) -> tuple[Any, tuple[int, Any]]:
        return _reuse_port_socket, (int(self.family), self.getsockname())


def _bind(host: str, port: int) -> PerProcessSocket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = PerProcessSocket(family, socket.SOCK_STREAM)
    try:
        # First without SO_REUSEPORT, which would let a second server started on the same port join
        # this one's and take half its connections, silently: bound this way, a port that any server
        # listens on (this one included) is "in use", as with one process.
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
            port = probe.getsockname()[1]
        _bind_shared(sock, (host, port))
    except OSError as exc:
        sock.close()
        log.error(exc)
        sys.exit(STARTUP_FAILURE)
    log.info("claimtrack running on http://%s:%d with a listening socket per process (Press CTRL+C to quit)",
             host, sock.getsockname()[1])
    return sock


def serve_processes(app: str, workers: int, host: str, port: int, log_level: str = "info") -> None:
    """Run ``workers`` processes of the app factory ``app`` (``module:function``) on ``host:port``."""
    if not hasattr(socket, "SO_REUSEPORT"):  # not on Windows: uvicorn's shared socket instead
        uvicorn.run(app, factory=True, workers=workers, host=host, port=port, log_level=log_level)
        return
    config = uvicorn.Config(app, factory=True, workers=workers, host=host, port=port, log_level=log_level)
    sock = _bind(host, port)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
