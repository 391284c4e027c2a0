"""What extraction produces: plain data, importable without loading spaCy."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


@dataclass(frozen=True)
class TimeSpan:
    start: date
    end: date
    text: str


@dataclass
class Mention:
    text: str
    label: str


@dataclass
class ExtractedClaim:
    text: str  # the proposition, self-contained (pronouns resolved)
    speaker: str
    stance: str
    negated: bool
    # [char_start, char_end): the attributed statement in the submitted text (speaker, cue and
    # proposition); [proposition_start, proposition_end): the proposition's words alone.
    char_start: int
    char_end: int
    sentence_index: int
    checkworthy: bool
    time: TimeSpan | None
    mentions: list[Mention] = field(default_factory=list)
    speaker_mentions: list[Mention] = field(default_factory=list)
    proposition_start: int = 0
    proposition_end: int = 0
    statement: str = ""
