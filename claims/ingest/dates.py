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
_STAMP = re.compile(r"\b(last\s+update[d]?|updated|modified|printed|accessed|retrieved)\b", re.IGNORECASE)
# Absolute dates only: a publication date of "yesterday" would silently depend on when we ran.
_PARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                    "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"],
                    "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}


def to_utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def parse_date(value: str, field: str = "published_at") -> datetime:
    """Parse a caller's date; ISO 8601 first, then the common written forms."""
    text = value.strip()
    if not text:
        raise InvalidInputError(f"{field} is empty", field_errors=[{"field": field, "message": "empty date"}])
    try:
        return to_utc_naive(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    parsed = dateparser.parse(text, languages=["en"], settings=_PARSER_SETTINGS)  # type: ignore[arg-type]
    if parsed is None:
        raise InvalidInputError(f"{field} {value!r} is not a date claimtrack can read (use ISO 8601, e.g. 2015-09-29)",
                                field_errors=[{"field": field, "message": "unparsable date"}])
    return to_utc_naive(parsed)


def find_dateline(text: str, max_lines: int = 40) -> datetime | None:
    """The first dateline near the top of an article, ignoring page stamps.

    A page's "Last Update" stamp is often followed on the next line by the date of the
    scrape ("Last Update 15:0" / "Thursday, 26 November 2020"); both lines are skipped.
    """
    previous_was_stamp = False
    for line in text.splitlines()[:max_lines]:
        if not line.strip():
            continue
        if _STAMP.search(line):
            previous_was_stamp = True
            continue
        match = _DATELINE.match(line)
        if match and not previous_was_stamp:
            parsed = dateparser.parse(line[match.start("date"):].strip(" -–,|"), languages=["en"],
                                      settings=_PARSER_SETTINGS)  # type: ignore[arg-type]
            if parsed is not None:
                return to_utc_naive(parsed)
        previous_was_stamp = False
    return None
