"""Denial and refutation words as a news headline uses them ("…is a hoax", "X denies…").

One fixed list, shared by the decision model (a feature beside the classifier) and the
keyword rule every contradiction figure is reported beside; it is not tuned on any dev set.
"""

from __future__ import annotations

import re

DENIAL_WORDS = frozenset({
    "not", "no", "n't", "never", "nobody", "nothing", "none", "hoax", "hoaxes", "fake", "false", "falsely", "deny",
    "denies", "denied", "denial", "debunk", "debunks", "debunked", "refute", "refutes", "refuted", "untrue", "myth",
    "rubbish", "nonsense", "baseless", "bogus", "unfounded", "rumor", "rumors", "rumour", "rumours", "satire",
    "dismiss", "dismisses", "dismissed", "reject", "rejects", "rejected",
})
_WORD = re.compile(r"[a-z]+(?:'t)?|n't", re.IGNORECASE)


def words_of(text: str) -> set[str]:
    words = {w.lower() for w in _WORD.findall(text.replace("’", "'"))}
    return words | {"n't" for w in words if w.endswith("n't")}


def has_denial(text: str) -> bool:
    return bool(words_of(text) & DENIAL_WORDS)
