"""The numbers the decision model reads for one pair of claims.

The pair classifier is asked twice where a cue carries meaning: once about the
statements as attributed ("Russia denies that P" against "Q") and once about the bare
propositions ("P" against "Q").  A denial conflicts with a claim when the two
*propositions* agree, which the second reading shows and the first often hides; the
interaction terms let a linear model say exactly that.  Cue words, stances and the
structured signals sit beside the classifier so that a headline's "…is a hoax" counts
even where a small model misses it.

A one-sided denial has its own, smaller decision model (``DENIAL_FEATURES``): whether
it conflicts depends on *what* it denies, so it reads the propositions' agreement and
how much of the denied proposition the other claim states, never the topic alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from spacy.lang.en.stop_words import STOP_WORDS

from claims.extract.aliases import shared_names
from claims.linking.cues import has_denial, words_of
from claims.linking.signals import ClaimView

Probs = tuple[float, float, float]  # disputes, supports, neutral

FEATURES: tuple[str, ...] = (
    "disputes", "supports", "proposition_disputes", "proposition_supports", "similarity", "word_overlap",
    "disputes_x_similarity", "one_denies", "one_denies_x_proposition_supports", "one_denies_x_similarity",
    "denial_words_differ", "denial_words_differ_x_similarity", "uncertain", "negation_mismatch",
    "number_mismatch", "date_mismatch", "antonym",
)
# What decides a one-sided denial: does the other claim state the denied proposition (the classifier read
# one way, other claim -> denied proposition, ``Linker.pair_probabilities``), how close are they, and does
# the other claim use the denied proposition's own content words (``coverage``), not just its subject?
# Not the classifier on the attributed statements: its held-out denials are worded with the templates
# it trained on (``claims.nli.wrappers``), so there it reads better than on a newsroom's denials
# ("Judd Nelson rebuffs rumours that he died" against "Judd Nelson is dead": disputed 0.17).
# Tried and left out (session 9): the propositions' p(disputes) and a hedged other side, whose fitted
# weights came out positive (+1.17, +0.69), against their meaning: a denial of what the other claim
# disputes agrees with it, and a hedge is weaker, not stronger, ground for a conflict.
DENIAL_FEATURES: tuple[str, ...] = ("proposition_supports", "similarity", "coverage")
UNCERTAIN_STANCES = frozenset({"questions", "hedged", "expects"})


# A proposition that reports a dispute between parties ("they fundamentally disagreed on the role of
# Assad", "the allies remain divided over sanctions", "Putin and Obama failed to resolve their dispute
# over the future role of Assad") takes no side in it; and words of (dis)agreement.
# The topic must follow: a bare "Carter disagreed." answers someone, so it does take a side (MNLI).
_DISAGREEMENT = re.compile(r"\b(?:disagree(?:s|d)?|differ(?:s|ed)?|clash(?:es|ed)?|(?:are|were|is|was|remains?|"
                           r"remained|stay(?:s|ed)?) (?:\w+ )?(?:divided|at odds|split)|(?:their|the two sides'?) "
                           r"(?:dispute|disagreement|differences|rift))[\"”’']? (?:on|over|about)\b", re.IGNORECASE)
_AGREEMENT = re.compile(r"\b(?:agree\w*|disagree\w*|consensus|accord|deal|common (?:approach|position|ground)|"
                        r"at odds|divided|united)\b", re.IGNORECASE)


def reports_disagreement(claim: ClaimView) -> bool:
    return bool(_DISAGREEMENT.search(claim.text))


def takes_no_side(a: ClaimView, b: ClaimView) -> bool:
    """One claim reports a disagreement and the other is a position on its subject, not a word on whether
    anyone agreed: "They 'fundamentally disagreed' on the role of Assad" (a US official, on Putin and Obama)
    conflicts with "Putin and Obama agreed on Assad's role", not with "Assad must leave office" or "the
    world should support Assad", though a small classifier reads the word "disagreed" as a dispute of both."""
    a_reports, b_reports = reports_disagreement(a), reports_disagreement(b)
    if a_reports == b_reports:
        return False
    return not _AGREEMENT.search((b if a_reports else a).text)


def content_words(text: str) -> set[str]:
    return {w for w in words_of(text) if len(w) > 2 and w not in STOP_WORDS}


def word_overlap(a: str, b: str) -> float:
    """Jaccard overlap of content words: how much of one proposition the other repeats."""
    left, right = content_words(a), content_words(b)
    return len(left & right) / len(left | right) if left and right else 0.0


def stems(text: str) -> set[str]:
    """Content words cut to five letters: "agreed" and "agree", "supporting" and "support" match."""
    return {w[:5] for w in content_words(text)}


def coverage(denied: str, other: str) -> float:
    """Share of the denied proposition's content words the other claim also uses.

    "Washington and Moscow have agreed to share intelligence" against "We agreed to intensify
    intelligence cooperation": agree, intel (of washi, mosco, agree, share, intel). Against
    "Russia was a help with this" nothing of "Russia supporting separatists" but its subject.
    """
    words = stems(denied)
    return len(words & stems(other)) / len(words) if words else 0.0


def one_sided_denial(a: ClaimView, b: ClaimView) -> bool:
    """Exactly one of the two claims is a denial and the other could state what it denies: the decision's
    denial feature, its gate and its kind.  A claim that negates ("Russia and the United States have
    not been able to agree on a common approach") does not state the affirmative proposition a denial
    denies ("Washington and Moscow have agreed to share intelligence"): the two are read as any two
    statements are, not as a denial and its target."""
    if (a.stance == "denies") == (b.stance == "denies"):
        return False
    denial, other = (a, b) if a.stance == "denies" else (b, a)
    return not (other.negated and not denial.negated)


def pair_features(a: ClaimView, b: ClaimView, probs: Probs, proposition_probs: Probs, similarity: float,
                  fired: Mapping[str, object]) -> list[float]:
    one_denies = float(one_sided_denial(a, b))
    words_differ = float(has_denial(a.statement or a.text) != has_denial(b.statement or b.text))
    values = {
        "disputes": probs[0], "supports": probs[1],
        "proposition_disputes": proposition_probs[0], "proposition_supports": proposition_probs[1],
        "similarity": similarity, "word_overlap": word_overlap(a.text, b.text),
        "disputes_x_similarity": probs[0] * similarity,
        "one_denies": one_denies,
        "one_denies_x_proposition_supports": one_denies * proposition_probs[1],
        "one_denies_x_similarity": one_denies * similarity,
        "denial_words_differ": words_differ,
        "denial_words_differ_x_similarity": words_differ * similarity,
        "uncertain": float(a.stance in UNCERTAIN_STANCES or b.stance in UNCERTAIN_STANCES),
        "negation_mismatch": float("negation_mismatch" in fired),
        "number_mismatch": float("number_mismatch" in fired),
        "date_mismatch": float("date_mismatch" in fired),
        "antonym": float("antonym" in fired),
    }
    return [values[name] for name in FEATURES]


def denial_features(a: ClaimView, b: ClaimView, proposition_probs: Probs, similarity: float) -> list[float]:
    """The denial model's inputs for a pair where exactly one claim denies (``one_sided_denial``)."""
    denier, other = (a, b) if a.stance == "denies" else (b, a)
    # One name per entity both mention, as the classifier reads them: "ISIL" states "Islamic State".
    denied, stated = shared_names(denier.text, other.text)
    values = {"proposition_supports": proposition_probs[1], "similarity": similarity,
              "coverage": coverage(denied, stated)}
    return [values[name] for name in DENIAL_FEATURES]
