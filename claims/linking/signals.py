"""Structured signals between two claims, independent of the pair classifier."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from claims.extract.aliases import shared_names
from claims.extract.types import MONTHS, WEEKDAYS

ANTONYMS = [
    ("agree", "disagree"), ("rise", "fall"), ("increase", "decrease"), ("win", "lose"), ("approve", "reject"),
    ("accept", "refuse"), ("support", "oppose"), ("open", "close"), ("confirm", "deny"), ("allow", "ban"),
    ("legal", "illegal"), ("guilty", "innocent"), ("alive", "dead"), ("cooperate", "refuse"), ("join", "leave"),
    ("strengthen", "weaken"), ("expand", "cut"), ("raise", "lower"), ("start", "end"), ("lift", "impose"),
]
# One optional space before the unit ("12 million", "40%"): \s* would rescan a run of spaces per number.
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: ?(million|billion|thousand|%|percent))?",
                     re.IGNORECASE)
_WORDS = re.compile(r"[a-z]+")
_NEGATION = re.compile(r"\b(not|n't|never|no|none|nobody|nothing|neither|nor|without|failed|refused)\b",
                       re.IGNORECASE)
OPPOSED_STANCES = {("asserts", "denies"), ("denies", "asserts"), ("accuses", "denies"), ("denies", "accuses"),
                   ("hedged", "denies"), ("denies", "hedged"), ("expects", "denies"), ("denies", "expects")}


# Stances whose meaning lives in the cue ("X denies P", "is P true?"): the classifier reads the
# whole attributed statement for these, and the bare proposition for the rest.
CUE_STANCES = {"denies", "accuses", "questions", "hedged"}


@dataclass(frozen=True)
class ClaimView:
    """What the linker knows of a claim."""

    id: int
    article_id: int
    text: str  # the proposition, self-contained
    statement: str  # speaker, cue and proposition as the article puts them
    speaker: str
    speaker_entity_id: int | None
    stance: str
    negated: bool
    time_start: date | None
    time_end: date | None
    time_text: str | None
    published: date | None
    source: str
    entity_ids: frozenset[int]

    @property
    def stance_text(self) -> str:
        """What the pair classifier reads: the proposition, or the statement when the cue carries meaning."""
        return self.statement if self.stance in CUE_STANCES and self.statement else self.text


def numbers(text: str) -> set[str]:
    return {(value.replace(",", "") + (unit or "").lower()) for value, unit in _NUMBER.findall(text)
            if not (len(value) == 4 and value.startswith(("19", "20")))}


def years(text: str) -> set[str]:
    return set(re.findall(r"\b(?:19|20)\d{2}\b", text))


def date_words(text: str) -> set[str]:
    words = set(_WORDS.findall(text.lower()))
    return {w for w in words if w in MONTHS or w in WEEKDAYS}


IRREGULAR = {"rise": {"rose", "risen"}, "fall": {"fell", "fallen"}, "win": {"won"}, "lose": {"lost"},
             "cut": {"cut"}, "begin": {"began", "begun"}, "leave": {"left"}}


def forms(word: str) -> set[str]:
    """A verb's or adjective's inflections: "agree" -> agree, agrees, agreed, agreeing."""
    stem = word[:-1] if word.endswith("e") else word
    return {word, word + "s", stem + "ed", stem + "ing", word + "d"} | IRREGULAR.get(word, set())


_FORMS = [(forms(x), forms(y), x, y) for x, y in ANTONYMS]


def antonym_pair(a: str, b: str) -> tuple[str, str] | None:
    left, right = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    for xs, ys, x, y in _FORMS:
        if (xs & left and ys & right and not ys & left) or (ys & left and xs & right and not xs & left):
            return x, y
    return None


# The words two statements are compared by (``antonym_swap``); unlike ``_WORDS``, digits too: "3 killed"
# against "4 killed" is a change of its own.
_TOKENS = re.compile(r"[a-z0-9]+")


def _opposite(x: str, y: str) -> tuple[str, str] | None:
    return next(((a, b) for xs, ys, a, b in _FORMS if (x in xs and y in ys) or (x in ys and y in xs)), None)


def antonym_swap(a: str, b: str) -> str | None:
    """Two statements in the same words but for one word swapped for its antonym ("Judd Nelson is dead" /
    "Judd Nelson is alive", "Obama won the election" / "Obama lost the election"): the swap ("alive/dead"),
    or None.  Such a pair cannot be true at once, and the small classifier reads most antonym swaps as
    the same statement (it gave "dead"/"alive" 0.96 entailment).  A negation is no swap: its scope is
    its own question ("He was here not ten minutes ago" says he was here), and the classifier reads a
    plain one well ("is ill"/"is not ill")."""
    left, right = shared_names(a, b)
    x, y = _TOKENS.findall(left.lower()), _TOKENS.findall(right.lower())
    changes = [(op, x[i1:i2], y[j1:j2]) for op, i1, i2, j1, j2
               in difflib.SequenceMatcher(a=x, b=y, autojunk=False).get_opcodes() if op != "equal"]
    if len(changes) != 1:
        return None
    op, old, new = changes[0]
    swap = _opposite(old[0], new[0]) if op == "replace" and len(old) == len(new) == 1 else None
    return "/".join(swap) if swap else None


def explicit_time(claim: ClaimView) -> bool:
    """The claim names when its event happens (not just when it was said or published)."""
    text = claim.time_text or ""
    return bool(text) and text != "as of publication" and not text.startswith("stated ")


def time_gap_days(a: ClaimView, b: ClaimView) -> int | None:
    """Days between the two claims' times (0 when they overlap); None when either is unknown."""
    if a.time_start is None or b.time_start is None:
        return None
    a_end, b_end = a.time_end or a.time_start, b.time_end or b.time_start
    if a_end < b.time_start:
        return (b.time_start - a_end).days
    if b_end < a.time_start:
        return (a.time_start - b_end).days
    return 0


def compute(a: ClaimView, b: ClaimView) -> dict[str, object]:
    """Every structured signal that fires for the pair, with its evidence."""
    fired: dict[str, object] = {}
    if (a.stance, b.stance) in OPPOSED_STANCES:
        fired["stance_opposition"] = f"{a.stance} vs {b.stance}"
    neg_a, neg_b = bool(_NEGATION.search(a.text)) or a.negated, bool(_NEGATION.search(b.text)) or b.negated
    if neg_a != neg_b:
        fired["negation_mismatch"] = "negated" if neg_a else "affirmed"
    nums_a, nums_b = numbers(a.text), numbers(b.text)
    if nums_a and nums_b and not nums_a & nums_b:
        fired["number_mismatch"] = f"{sorted(nums_a)} vs {sorted(nums_b)}"
    years_a, years_b = years(a.text), years(b.text)
    days_a, days_b = date_words(a.text), date_words(b.text)
    if (years_a and years_b and not years_a & years_b) or (days_a and days_b and not days_a & days_b):
        fired["date_mismatch"] = f"{sorted(years_a | days_a)} vs {sorted(years_b | days_b)}"
    antonyms = antonym_pair(a.text, b.text)
    if antonyms:
        fired["antonym"] = "/".join(antonyms)
        swap = antonym_swap(a.text, b.text)  # a swap is an antonym pair, so only such pairs are aligned
        if swap:
            fired["antonym_swap"] = swap
    shared = a.entity_ids & b.entity_ids
    if shared:
        fired["shared_entities"] = sorted(shared)
    gap = time_gap_days(a, b)
    if gap:
        fired["time_gap_days"] = gap
    if a.speaker_entity_id and b.speaker_entity_id and a.speaker_entity_id != b.speaker_entity_id:
        fired["different_actors"] = True
    return fired
