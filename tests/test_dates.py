from datetime import datetime

import pytest

from claims.errors import InvalidInputError
from claims.ingest.dates import find_dateline, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("Title\n\nAugust 05, 2015\n\nBody text here.", datetime(2015, 8, 5)),
    ("Kerry flies\n\n12 May 2015 - 15:14\n\nJohn Kerry touched down.", datetime(2015, 5, 12, 15, 14)),
    ("Last Update 15:0\nThursday, 26 November 2020\n\nHeadline\n\nAFP , Tuesday 29 Sep 2015\nBody.",
     datetime(2015, 9, 29)),
    ("No dateline in this text. It mentions Tuesday June 30, 2015 inside a sentence.", None),
])
def test_dateline(text: str, expected: datetime | None) -> None:
    assert find_dateline(text) == expected


def test_parse_date_accepts_iso_and_written_forms() -> None:
    assert parse_date("2015-09-29") == datetime(2015, 9, 29)
    assert parse_date("2015-09-29T12:00:00+02:00") == datetime(2015, 9, 29, 10)
    assert parse_date("29 Sep 2015") == datetime(2015, 9, 29)


@pytest.mark.parametrize("value", ["", "   ", "not a date", "2015-13-45"])
def test_parse_date_rejects_garbage(value: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_date(value)


ADVERSARIAL = ["2015-09-29" + " " * 200_000 + "x", "August 05, 2015" + "\t " * 100_000 + "-",
               "AFP , " * 30_000 + "Tuesday 29 Sep 2015", ("1" * 200_000), "Last Update " + "9" * 200_000]


@pytest.mark.parametrize("line", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_a_hostile_200k_line_returns(line: str) -> None:
    # No time limit here (bench/bench_regex.py measures it): this only proves the call returns.
    assert find_dateline(line + "\n2015-09-29\n") == datetime(2015, 9, 29)
