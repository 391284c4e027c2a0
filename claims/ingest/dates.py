"""Publication dates: parse what callers send, and find a dateline in scraped text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import dateparser

from claims.errors import InvalidInputError

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|tue|wed|thu|fri|sat|sun)\.?"
_TIME = r"(?:\s*[-–,|]?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:gmt|utc|[a-z]{3,4}))?)?"
# A dateline is a line that is (almost) only a date: "August 05, 2015", "12 May 2015 - 15:14",
# "AFP , Tuesday 29 Sep 2015", "2015-09-29".  Agency names may lead.
_DATELINE = re.compile(
    rf"""^\s*(?:(?:afp|ap|reuters|tass|ria\ novosti|xinhua|dpa|upi|ians|pti)\s*[,/-]?\s*)?
    (?:(?:{_WEEKDAY})\s*,?\s*)?
    (?P<date>
        (?:\d{{1,2}}\s+{_MONTH}\s*,?\s+\d{{4}})
      | (?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}})
      | (?:\d{{4}}-\d{{2}}-\d{{2}})
    ){_TIME}\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
MAX_DATELINE_CHARS = 120
_STAMP = re.compile(r"\b(last\s+update[d]?|updated|modified|printed|accessed|retrieved)\b", re.IGNORECASE)
# Absolute dates only: a publication date of "yesterday" would silently depend on when we ran.
_PARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                    "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"],
                    "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}


def to_utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


# News dates outside these are typing errors; bounding them keeps every date sum (time windows,
# gaps) far from the calendar's ends.
EARLIEST, LATEST = datetime(1900, 1, 1), datetime(2100, 12, 31)
MAX_DATE_CHARS = 64


def parse_date(value: str, field: str = "published_at") -> datetime:
    """Parse a caller's date; ISO 8601 first, then the common written forms; 1900 to 2100 only."""
    text = value.strip()
    if not text:
        raise InvalidInputError(f"{field} is empty", field_errors=[{"field": field, "message": "empty date"}])
    if len(text) > MAX_DATE_CHARS:
        raise InvalidInputError(f"{field} is longer than {MAX_DATE_CHARS} characters: not a date",
                                field_errors=[{"field": field, "message": "too long"}])
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        parsed: datetime | None = to_utc_naive(moment) if EARLIEST.year < moment.year < LATEST.year else moment
    except (ValueError, OverflowError):
        parsed = dateparser.parse(text, languages=["en"], settings=_PARSER_SETTINGS)
    if parsed is None:
        raise InvalidInputError(f"{field} {value!r} is not a date claimtrack can read (use ISO 8601, e.g. 2015-09-29)",
                                field_errors=[{"field": field, "message": "unparsable date"}])
    if not EARLIEST <= parsed.replace(tzinfo=None) <= LATEST:
        raise InvalidInputError(f"{field} {value!r} is outside {EARLIEST:%Y} to {LATEST:%Y}",
                                field_errors=[{"field": field, "message": "out of range"}])
    return to_utc_naive(parsed)


def find_dateline(text: str, max_lines: int = 40) -> datetime | None:
    """The first dateline near the top of an article, ignoring page stamps.

    A page's "Last Update" stamp is often followed on the next line by the date of the
    scrape ("Last Update 15:0" / "Thursday, 26 November 2020"); both lines are skipped.
    """
    previous_was_stamp = False
    for raw in text.splitlines()[:max_lines]:
        # Whitespace collapsed and the line bounded before any pattern runs: a dateline is short, and
        # a 200,000-character line of spaces must cost microseconds, not minutes (adjacent \s* groups).
        line = " ".join(raw.split())
        if not line or len(line) > MAX_DATELINE_CHARS:
            continue
        if _STAMP.search(line):
            previous_was_stamp = True
            continue
        match = _DATELINE.match(line)
        if match and not previous_was_stamp:
            parsed = dateparser.parse(line[match.start("date"):].strip(" -–,|"), languages=["en"],
                                      settings=_PARSER_SETTINGS)
            if parsed is not None:
                return to_utc_naive(parsed)
        previous_was_stamp = False
    return None
