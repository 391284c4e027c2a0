"""Articles from files: single files, directories and JSON/JSONL manifests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from claims.errors import InputTooLargeError, InvalidInputError
from claims.ingest.validate import decode
from claims.schemas import ArticleIn

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
MANIFEST_NAMES = ("manifest.json", "manifest.jsonl")


def read_text_file(path: Path, max_bytes: int | None = None) -> str:
    """A regular file's text; ``max_bytes`` is checked before anything is read."""
    try:
        if not path.is_file():
            raise InvalidInputError(f"{path} is not a regular file")
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise InputTooLargeError(f"{path} has {path.stat().st_size:,} bytes; the limit is {max_bytes:,}")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(f"cannot read {path}: {exc.strerror}") from exc
    return decode(data, str(path))


def manifest_member(manifest: Path, name: str) -> Path:
    """A file a manifest names, kept inside the manifest's folder.

    A manifest is data, and may come from anywhere: an absolute path, a ".." or a symbolic link
    out of its folder would let it ingest (and serve to every reader) any file this process can
    read, an ``.env`` with API keys included.
    """
    folder = manifest.parent.resolve()
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise InvalidInputError(f"{manifest}: path {name!r} must be relative to the manifest's folder, without '..'")
    target = folder / relative
    if target.is_symlink() or not target.resolve().is_relative_to(folder):
        raise InvalidInputError(f"{manifest}: path {name!r} leaves the manifest's folder (symbolic link)")
    return target


# A file larger than this cannot be an article (the text limit is checked again after decoding).
MAX_FILE_BYTES = 20_000_000


def _article(path: Path, defaults: dict[str, str | None]) -> ArticleIn:
    body = read_text_file(path, MAX_FILE_BYTES)
    key = "html" if path.suffix.lower() in {".html", ".htm"} else "text"
    fields = {k: v for k, v in defaults.items() if v is not None}
    if not fields.get("source"):
        raise InvalidInputError(f"{path}: no source given (use --source or a manifest with a 'source' field)")
    try:
        return ArticleIn(**{key: body, **fields})
    except ValidationError as exc:
        raise InvalidInputError(f"{path}: {exc.errors()[0]['msg']}") from exc


def _manifest(path: Path, defaults: dict[str, str | None]) -> Iterator[tuple[str, ArticleIn]]:
    text = read_text_file(path, MAX_FILE_BYTES)
    try:
        entries = ([json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl"
                   else json.loads(text))
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    if not isinstance(entries, list):
        raise InvalidInputError(f"{path} must hold a list of articles")
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise InvalidInputError(f"{path}: entry {number} is not an object")
        entry = {**{k: v for k, v in defaults.items() if v is not None}, **{k: v for k, v in entry.items()
                                                                           if v is not None}}
        if "path" in entry:
            member = manifest_member(path, str(entry.pop("path")))
            yield str(member), _article(member, entry)
            continue
        try:
            yield f"{path}: entry {number}", ArticleIn(**entry)
        except ValidationError as exc:
            raise InvalidInputError(f"{path}: entry {number}: {exc.errors()[0]['msg']}") from exc


def labelled_articles(paths: list[Path], defaults: dict[str, str | None]) -> Iterator[tuple[str, ArticleIn]]:
    """Every article the paths name, with where it came from (a file, or a manifest's entry) for messages.

    A directory with a manifest uses its metadata.
    """
    for path in paths:
        if not path.exists():
            raise InvalidInputError(f"{path} does not exist")
        if path.is_dir():
            manifest = next((path / n for n in MANIFEST_NAMES if (path / n).exists()), None)
            if manifest is not None:
                yield from _manifest(manifest, defaults)
                continue
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES:
                    yield str(child), _article(child, defaults)
        elif path.suffix.lower() in {".json", ".jsonl"}:
            yield from _manifest(path, defaults)
        else:
            yield str(path), _article(path, defaults)


def articles_from_paths(paths: list[Path], defaults: dict[str, str | None]) -> Iterator[ArticleIn]:
    for _, article in labelled_articles(paths, defaults):
        yield article
