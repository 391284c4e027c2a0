"""Hostile input against every text pattern: seconds per 200,000-character adversarial line.

Each function that runs regular expressions over submitted text (ingest cleaning, datelines,
time expressions, linking signals, entity titles) gets the inputs that make careless patterns
backtrack; every figure should stay in milliseconds.
"""

from __future__ import annotations

import argparse

from common import report, timed

from claims.db.entities import _TITLES
from claims.extract.timing import resolve
from claims.ingest.clean import clean, is_body_paragraph, is_chrome_line
from claims.ingest.dates import find_dateline
from claims.linking.signals import antonym_pair, date_words, numbers, years

SIZE = 200_000


def inputs(size: int) -> dict[str, str]:
    return {"spaces after a date": "2015-09-29" + " " * size + "x",
            "tabs and spaces": "August 05, 2015" + "\t " * (size // 2),
            "digits": "1" * size, "commas": "1," * (size // 2), "agency prefixes": "AFP , " * (size // 6),
            "parentheses": "(" * size, "titles": "president " * (size // 10) + "x", "quotes": "." + "”" * size}


def main(smoke: bool) -> None:
    cases = inputs(20_000 if smoke else SIZE)
    functions = {"find_dateline": find_dateline, "clean": clean, "is_chrome_line": is_chrome_line,
                 "is_body_paragraph": is_body_paragraph, "resolve (time)": lambda t: resolve(t, None),
                 "numbers": numbers, "years": years, "date_words": date_words,
                 "antonym_pair": lambda t: antonym_pair(t, t), "entity titles": lambda t: _TITLES.sub("", t)}
    for name, function in functions.items():
        function("2015-09-29")  # warm-up: the first date parsed loads dateparser's data
        worst = max((timed(lambda f=function, text=text: f(text))[0], label) for label, text in cases.items())
        report("regex", function=name, characters=len(max(cases.values(), key=len)), worst_seconds=round(worst[0], 4),
               worst_input=worst[1])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
