"""When a claim holds: time expressions anchored to the publication date."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

import dateparser

from claims.extract.types import MONTHS, WEEKDAYS, TimeSpan

MAX_EXPRESSION_CHARS = 60


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def resolve(expression: str, published: date | None, future: bool = False) -> TimeSpan | None:
    """Resolve one time expression; relative ones need the publication date."""
    if len(expression) > MAX_EXPRESSION_CHARS:
        return None  # not a time expression; and date parsing of a long string costs seconds
    text = expression.strip().lower().removeprefix("on ").removeprefix("in ").strip()
    text = re.sub(r"^(the|this|that)\s+", "this ", text) if text.startswith(("the coming", "this ")) else text
    year = re.fullmatch(r"(?:since |in )?(\d{4})", text)
    if year:
        value = int(year.group(1))
        return TimeSpan(date(value, 1, 1), date(value, 12, 31), expression)
    if published is None:
        # Without a publication date only absolute dates can be placed: "today" would
        # otherwise silently become the day the article was ingested.
        parsed = dateparser.parse(text, languages=["en"], settings={
            "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["custom-formats", "absolute-time"]})
        return TimeSpan(parsed.date(), parsed.date(), expression) if parsed else None
    for name, index in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text):
            delta = (published.weekday() - index) % 7
            # News uses a bare weekday for the nearest such day: the past one for things that
            # happened, the next one for plans.
            day = published + timedelta(days=(7 - delta) % 7) if future else published - timedelta(days=delta)
            return TimeSpan(day, day, expression)
    if re.search(r"\b(today|tonight|now|currently)\b", text):
        return TimeSpan(published, published, expression)
    if "yesterday" in text:
        day = published - timedelta(days=1)
        return TimeSpan(day, day, expression)
    if "last month" in text:
        previous = published.replace(day=1) - timedelta(days=1)
        return TimeSpan(*_month_range(previous.year, previous.month), expression)
    if "last year" in text:
        return TimeSpan(date(published.year - 1, 1, 1), date(published.year - 1, 12, 31), expression)
    if "last week" in text or "recent days" in text or "these last weeks" in text:
        return TimeSpan(published - timedelta(days=7), published, expression)
    coming = re.search(r"(coming|next|near)\s+(days?|weeks?|months?)", text)
    if coming:
        unit = coming.group(2).rstrip("s")
        span = {"day": 7, "week": 28, "month": 92}[unit]
        return TimeSpan(published, published + timedelta(days=span), expression)
    month = re.fullmatch(r"([a-z]+)\.?(?:\s+(\d{4}))?", text)
    if month and month.group(1) in MONTHS:
        index = MONTHS[month.group(1)]
        value = int(month.group(2)) if month.group(2) else published.year - (index > published.month and not future)
        return TimeSpan(*_month_range(value, index), expression)
    parsed = dateparser.parse(text, languages=["en"], settings={
        "RELATIVE_BASE": datetime.combine(published, datetime.min.time()),
        "PREFER_DATES_FROM": "future" if future else "past", "STRICT_PARSING": True})
    if parsed is not None:
        return TimeSpan(parsed.date(), parsed.date(), expression)
    return None
