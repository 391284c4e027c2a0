"""The keyword rule every contradiction figure is reported beside.

"The second text has a denial word and the first has none": one line of logic, and
on claim-vs-headline news pairs it is a strong rule.  The word list is fixed
(``claims.linking.cues``), not tuned on any dev set.
"""

from __future__ import annotations

from claims.linking.cues import has_denial


def denial_rule(a: str, b: str) -> bool:
    """Contradiction when b denies and a does not (a: the claim, b: the headline or hypothesis)."""
    return has_denial(b) and not has_denial(a)
