"""Input checks shared by every entry point (library, CLI, API)."""

from __future__ import annotations

import re
import unicodedata

from claims.errors import InputTooLargeError, InvalidInputError

# C0 controls other than tab, newline and carriage return never occur in real articles:
# they mean a binary file or a broken encoding.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, name: str = "input") -> str:
    """Decode bytes as UTF-8 (BOM allowed), refusing undecodable or binary data."""
    if b"\x00" in data:
        raise InvalidInputError(f"{name} contains NUL bytes: it looks like a binary file, not article text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            f"{name} is not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "convert it to UTF-8 first") from exc


def check_text(text: str, max_chars: int, field: str = "text") -> str:
    if not text or not text.strip():
        raise InvalidInputError(f"{field} is empty", field_errors=[{"field": field, "message": "empty"}])
    if len(text) > max_chars:
        raise InputTooLargeError(f"{field} has {len(text):,} characters; the limit is {max_chars:,} "
                                 "(setting CLAIMTRACK_MAX_ARTICLE_CHARS)",
                                 field_errors=[{"field": field, "message": "too long"}])
    match = _BINARY.search(text)
    if match:
        raise InvalidInputError(f"{field} contains control character {match.group()!r} at {match.start()}: "
                                "binary data is not article text",
                                field_errors=[{"field": field, "message": "binary data"}])
    if "\ufffd" in text[:4096] and text.count("\ufffd") > 3:
        raise InvalidInputError(f"{field} contains replacement characters: it was decoded with the wrong encoding",
                                field_errors=[{"field": field, "message": "undecodable bytes"}])
    return text


def check_source(source: str) -> str:
    name = " ".join(source.split())
    if not name:
        raise InvalidInputError("source (the outlet's name) is required",
                                field_errors=[{"field": "source", "message": "empty"}])
    if len(name) > 200:
        raise InvalidInputError("source is longer than 200 characters",
                                field_errors=[{"field": "source", "message": "too long"}])
    return name


def normalised_content(text: str) -> str:
    """The form two copies of one article share: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
