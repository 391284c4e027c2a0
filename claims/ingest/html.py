"""HTML to article text with trafilatura (boilerplate removal is its job, not ours)."""

from __future__ import annotations

import trafilatura

from claims.errors import InvalidInputError


def html_to_text(html: str) -> tuple[str, str | None]:
    """The main text and title of an HTML page."""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InvalidInputError("no article text found in the HTML",
                                field_errors=[{"field": "html", "message": "no main text"}])
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata is not None else None
    return text, title
