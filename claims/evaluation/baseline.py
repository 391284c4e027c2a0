"""The keyword rule every contradiction figure is reported beside.

"The second text has a denial word and the first has none": one line of logic, and
on claim-vs-headline news pairs it is a strong rule.  The word list is fixed
here, not tuned on any dev set.
"""

from __future__ import annotations

import re

DENIAL_WORDS = {
    "not", "no", "n't", "never", "nobody", "nothing", "none", "hoax", "hoaxes", "fake", "false", "falsely", "deny",
    "denies", "denied", "denial", "debunk", "debunks", "debunked", "refute", "refutes", "refuted", "untrue", "myth",
    "rubbish", "nonsense", "baseless", "bogus", "unfounded", "rumor", "rumors", "rumour", "rumours", "satire",
    "dismiss", "dismisses", "dismissed", "reject", "rejects", "rejected",
}
_WORD = re.compile(r"[a-z]+(?:'t)?|n't", re.IGNORECASE)


def has_denial(text: str) -> bool:
    words = {w.lower() for w in _WORD.findall(text.replace("’", "'"))}
    words |= {"n't" for w in words if w.endswith("n't")}
    return bool(words & DENIAL_WORDS)


def denial_rule(a: str, b: str) -> bool:
    """Contradiction when b denies and a does not (a: the claim, b: the headline or hypothesis)."""
    return has_denial(b) and not has_denial(a)
