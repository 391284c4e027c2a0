"""Turn an ``ArticleIn`` into a validated, normalised article ready to store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from claims.ingest.dates import find_dateline, parse_date
from claims.ingest.html import html_to_text
from claims.ingest.validate import check_source, check_text, normalised_content
from claims.schemas import ArticleIn


@dataclass(frozen=True)
class PreparedArticle:
    source: str
    text: str
    raw_html: str | None
    title: str | None
    url: str | None
    external_id: str | None
    published_at: datetime | None
    published_at_origin: str
    content_hash: str


def prepare(item: ArticleIn, max_chars: int) -> PreparedArticle:
    """Validate and normalise; raises ``InvalidInputError`` and stores nothing on bad input."""
    source = check_source(item.source)
    title = item.title
    if item.html is not None:
        check_text(item.html, max_chars * 5, field="html")
        text, html_title = html_to_text(item.html)
        title = title or html_title
    else:
        text = item.text or ""
    text = check_text(text, max_chars)
    published: datetime | None
    if item.published_at is not None:
        published, origin = parse_date(item.published_at), "request"
    else:
        published = find_dateline(text)
        origin = "dateline" if published is not None else "unknown"
    url = item.url.strip() if item.url and item.url.strip() else None
    content_hash = hashlib.sha256(normalised_content(text).encode()).hexdigest()
    return PreparedArticle(source=source, text=text, raw_html=item.html, title=title, url=url,
                           external_id=item.external_id, published_at=published, published_at_origin=origin,
                           content_hash=content_hash)
