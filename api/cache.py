"""Contradiction pages answered from memory until the store changes, with ETags.

A page is kept under the store generation it was read at (``claims.db.generation``), which every
committed change moves on, in any process: a cached page is never older than the generation a
request sees, so it is never stale.  Reading the generation is one single-row query; building a
list page is about 15 ms of ORM loading and schema building, which under 16 concurrent clients on
two cores queued to hundreds of milliseconds.  An editor's dashboard polls the same pages, so
most reads between two ingests are hits.  The ETag names the generation and the page, so a
client that sends ``If-None-Match`` gets a 304 until something changes.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from fastapi import Request, Response
from prometheus_client import Counter
from pydantic import BaseModel
from sqlalchemy.orm import Session

from claims.db import generation

PAGES = Counter("claimtrack_page_cache_total", "Contradiction pages answered, by where from", ["result"])


class PageCache:
    """Least recently used JSON bodies, each with the generation it was built at."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._pages: OrderedDict[str, tuple[int, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, at: int) -> bytes | None:
        with self._lock:
            found = self._pages.get(key)
            if found is None or found[0] != at:
                PAGES.labels("miss").inc()
                return None
            self._pages.move_to_end(key)
            PAGES.labels("hit").inc()
            return found[1]

    def put(self, key: str, at: int, body: bytes) -> None:
        if not self.entries:
            return
        with self._lock:
            self._pages[key] = (at, body)
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)


def cached_page(request: Request, session: Session, key: str, build: Callable[[], BaseModel]) -> Response:
    """The page ``build`` makes, from the cache while the store's generation has not moved.

    ``key`` must name everything the page depends on besides the store (route, validated
    parameters).  The generation is read in the same transaction ``build`` reads in, before it, so
    a page can only be newer than the generation it is kept under, never older.
    """
    cache: PageCache = request.app.state.pages
    at = generation.current(session)
    etag = f'W/"{at}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        PAGES.labels("not-modified").inc()
        return Response(status_code=304, headers=headers)
    body = cache.get(key, at)
    if body is None:
        body = build().model_dump_json().encode()
        cache.put(key, at, body)
    return Response(body, media_type="application/json", headers=headers)
