"""Contradiction pages answered from memory until the store changes, with ETags.

A page is kept under the store generation it was read at (``claims.db.generation``), which every
committed change moves on, in any process: a cached page is never older than the generation a
request sees, so it is never stale.  Reading the generation is one single-row query (on SQLite, only
when something was committed since the thread last read it: ``generation.CommitWatch``); building a
list page is about 8 ms of queries and schema building on 100k claims, which under 16 concurrent
clients on two cores queued to hundreds of milliseconds.  An editor's dashboard polls the same
pages, so most reads between two ingests are hits.  The ETag names the generation and the page, so
a client that sends ``If-None-Match`` gets a 304 until something changes.

A list page is built from its links' own entries (the JSON ``GET /v1/contradictions/{id}`` answers),
so a page with other filters or another cursor only builds the links no page or item read has
built at this generation: a dashboard's filters mostly show the same recent links.  Pages and
links are kept apart (``ReadCaches``), each bounded by entries and by bytes (a page of 500 links is
over a megabyte): in one cache, a burst of pages that are never asked for again (a cursor anywhere in
the list) evicted the links every page is built from, so each page built its links again.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request, Response
from prometheus_client import Counter
from pydantic import BaseModel
from sqlalchemy.orm import Session

from claims.db import generation
from claims.db import links as link_store
from claims.db.links import LinkFilters

PAGES = Counter("claimtrack_page_cache_total", "Contradiction pages and links looked up in memory, by result",
                ["result"])


class PageCache:
    """Least recently used JSON bodies, each with the generation it was built at."""

    def __init__(self, entries: int, max_bytes: int = 64 * 2**20) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self.bytes = 0
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
        if not self.entries or len(body) > self.max_bytes:
            return
        with self._lock:
            replaced = self._pages.pop(key, None)
            if replaced is not None:
                self.bytes -= len(replaced[1])
            self._pages[key] = (at, body)
            self.bytes += len(body)
            while len(self._pages) > self.entries or self.bytes > self.max_bytes:
                _, (_, evicted) = self._pages.popitem(last=False)
                self.bytes -= len(evicted)


@dataclass(frozen=True)
class ReadCaches:
    """A server process's two caches: whole list pages, and links (an item read's JSON, a page's part)."""

    pages: PageCache
    links: PageCache

    @classmethod
    def sized(cls, entries: int, megabytes: int) -> ReadCaches:
        """Each holds up to ``entries``; links get three quarters of the bytes: every page is built from
        them, while a page is only worth keeping when it is asked for again (a dashboard's polled page)."""
        total = megabytes * 2**20
        return cls(pages=PageCache(entries, total // 4), links=PageCache(entries, total - total // 4))


def cached_page(request: Request, session: Session, key: str,
                build: Callable[[int], BaseModel | bytes], cache: PageCache) -> Response:
    """The page ``build`` makes (given the generation), from the cache while the generation has not moved.

    ``key`` must name everything the page depends on besides the store (route, validated
    parameters).  The generation is read before ``build`` reads (in its transaction, or remembered
    from one with nothing committed since), so a page can only be newer than the generation it is
    kept under, never older.
    """
    at = generation.current(session, request.app.state.services.db.watch)
    etag = f'W/"{at}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"'
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        PAGES.labels("not-modified").inc()
        return Response(status_code=304, headers=headers)
    body = cache.get(key, at)
    if body is None:
        built = build(at)
        body = built if isinstance(built, bytes) else built.model_dump_json().encode()
        cache.put(key, at, body)
    return Response(body, media_type="application/json", headers=headers)


def link_key(link_id: int) -> str:
    """The cache key of one link's JSON: the item read's page, and a list page's part."""
    return f"item:{link_id}"


def link_list(cache: PageCache, session: Session, at: int, filters: LinkFilters, limit: int,
              cursor: str | None) -> bytes:
    """A list page's JSON (``ContradictionsOut``), its links taken from the cache where they are."""
    ids, next_cursor = link_store.page_ids(session, filters, limit, cursor)
    parts: dict[int, bytes] = {}
    missing: list[int] = []
    for link_id in ids:
        part = cache.get(link_key(link_id), at)
        if part is None:
            missing.append(link_id)
        else:
            parts[link_id] = part
    for link in link_store.links_to_schema(session, link_store.link_rows(session, missing)):
        parts[link.id] = link.model_dump_json().encode()
        cache.put(link_key(link.id), at, parts[link.id])
    # A link deleted since the ids were read (PostgreSQL reads each query afresh) is left out: the page is
    # then newer than the generation it is kept under, which a later read's generation retires.
    items = b",".join(parts[link_id] for link_id in ids if link_id in parts)
    # Pydantic's own layout for ContradictionsOut (no spaces, fields in order): a test compares the bytes.
    return b'{"items":[' + items + b'],"next_cursor":' + json.dumps(next_cursor).encode() + b"}"
