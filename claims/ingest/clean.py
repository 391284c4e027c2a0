"""Cleaning scraped article text for claim extraction, keeping an offset map.

The stored text is never changed.  Cleaning produces a second string in which
hard line breaks inside sentences are unwrapped and boilerplate (site chrome,
captions, other stories' headlines, counters, footers) is gone, together with
``offsets[i]``: the index in the submitted text of cleaned character ``i``.
Extraction works on the cleaned text and maps every span back through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Whole lines that are site chrome, counters or footers wherever they appear.
_CHROME_LINE = re.compile(
    r"""^(
        subscribe | newsfeed | log\ ?in(\ or\ register)? | register | loader | chats | world | share
      | to\ participate\ in\ the\ discussion | short\ link:? | news\ link\s*: | original\ url:?
      | qr\ code.* | story\ code:.* | views?:\s*\d[\d,]* | \d+ | last\ update.* | by\ [^.]{1,60}
      | read\ more:.* | related(\ articles?)?:?.* | advertisement | comments?\s*\(?\d*\)?
      | (https?://|www\.|<https?://)\S+ | .*\bsputnik\ international | get\ the\ latest\ news.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Photo captions and credits, recognised inside a paragraph.
_CAPTION = re.compile(
    r"""(^\s*©) | \[caption | \[/caption\] | \(photo:? | ^\s*(image|photo|picture|file\ photo)\s*: | \bap\ photo\b
      | \((\d+(st|nd|rd|th)\ )?(l|r|c|left|right|centre|center)\) | ^[^.]{0,200},\ (right|left),\ and\ """,
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT = re.compile(r"(©|\(c\)|copyright|all rights reserved)", re.IGNORECASE)
_TERMINAL = re.compile(r"""[.!?]["'”’)\]]*$|["”]$""")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class CleanText:
    text: str
    offsets: list[int]  # offsets[i] = index in the submitted text of text[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a cleaned span [start, end) to the tightest span of the submitted text."""
        if not self.offsets:
            return (0, 0)
        return self.offsets[start], self.offsets[max(start, end - 1)] + 1


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # exclusive, without the newline


def _lines(text: str) -> list[_Line]:
    lines, start = [], 0
    for match in re.finditer(r"\r\n|\r|\n", text):
        lines.append(_Line(start, match.start()))
        start = match.end()
    lines.append(_Line(start, len(text)))
    return lines


# Site chrome is short; a longer line is content, and is never run through the chrome patterns.
MAX_CHROME_CHARS = 300


def is_chrome_line(line: str) -> bool:
    stripped = line.strip().strip("-–—|•·").strip()
    if not stripped or len(stripped) > MAX_CHROME_CHARS:
        return False
    if _CHROME_LINE.match(stripped):
        return True
    letters = _LETTER.findall(stripped)
    # UI chrome in another script (the seeds carry Russian "loading" strings).
    return bool(letters) and len(_LATIN.findall(stripped)) < 0.5 * len(letters)


def _reads_like_prose(text: str) -> bool:
    """Long enough and mostly lower-case words: a sentence whose full stop was lost, not a headline."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 8 and sum(w[0].isupper() for w in words) < 0.4 * len(words)


def is_body_paragraph(paragraph: str) -> bool:
    """A paragraph worth extracting claims from: sentence-like, not a caption or a headline."""
    stripped = paragraph.strip()
    if len(stripped.split()) < 4 or not (_TERMINAL.search(stripped) or _reads_like_prose(stripped)):
        # Headlines (ours and other stories'), section titles, bylines and datelines end without
        # sentence punctuation (and are short, or in Title Case).
        return False
    if _CAPTION.search(stripped):
        return False
    return not (_COPYRIGHT.search(stripped) and len(stripped.split()) < 12)


def _paragraphs(text: str) -> list[list[_Line]]:
    """Group lines into paragraphs: blank or chrome lines separate them."""
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in _lines(text):
        content = text[line.start:line.end]
        if not content.strip() or is_chrome_line(content):
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(current)
    return _join_broken(text, paragraphs)


def _join_broken(text: str, paragraphs: list[list[_Line]]) -> list[list[_Line]]:
    """Rejoin a sentence split by a blank line ("during more\\n\\nthan four years")."""
    joined: list[list[_Line]] = []
    for paragraph in paragraphs:
        if joined:
            previous = text[joined[-1][-1].start:joined[-1][-1].end].rstrip()
            first = text[paragraph[0].start:paragraph[0].end].lstrip()
            if previous and first[:1].islower() and not _TERMINAL.search(previous):
                joined[-1] = joined[-1] + paragraph
                continue
        joined.append(paragraph)
    return joined


def clean(text: str) -> CleanText:
    """Cleaned text for extraction: body paragraphs only, hard wraps unwrapped."""
    out: list[str] = []
    offsets: list[int] = []
    paragraphs = _paragraphs(text)
    for paragraph in paragraphs:
        body = " ".join(text[line.start:line.end].strip() for line in paragraph)
        # A text of one paragraph is a statement, not a page: nothing around it to tell a
        # headline from the body, so it is kept whatever its last character.
        if len(paragraphs) > 1 and not is_body_paragraph(body):
            continue
        if out:
            out.append("\n\n")
            offsets.extend([offsets[-1] + 1] * 2)
        for index, line in enumerate(paragraph):
            content = text[line.start:line.end]
            left = len(content) - len(content.lstrip())
            stripped = content.strip()
            if index:
                # The unwrapped line break becomes a space that maps onto the newline before it.
                out.append(" ")
                offsets.append(line.start - 1)
            out.append(stripped)
            offsets.extend(range(line.start + left, line.start + left + len(stripped)))
    return CleanText("".join(out), offsets)
