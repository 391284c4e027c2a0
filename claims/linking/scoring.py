"""One decision per claim pair: relation, kind, calibrated score, and an explanation for an editor.

The pair classifier reads each claim's stance text (the proposition, or the whole
attributed statement when a cue such as "denies" carries the meaning), so "Russia
denies P" against "P" is a dispute the classifier sees, and "Russia denies P"
against an unrelated remark on the same topic is not.  The score is the
calibrated probability that the pair conflicts (``claims.linking.calibration``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from claims.extract.lexicon import OBLIGATION_WORDS
from claims.linking.calibration import Calibration
from claims.linking.features import Probs, denial_features, one_sided_denial, pair_features, takes_no_side
from claims.linking.signals import ClaimView, compute, explicit_time
from claims.schemas import Kind, Relation
from claims.settings import LinkingSettings

# The decision rules' own revision, part of every stored link's model version (``Linker.version``):
# a change here is a new version, so the nightly job re-scores links decided by the old rules.
DECISION_RULES = "rules-7"
MISMATCH_CUES = frozenset({"negation_mismatch", "number_mismatch", "date_mismatch", "antonym"})
# Two plain statements in the same words but for an antonym (``signals.antonym_swap``) conflict whatever
# the classifier says.  The probability is measured, not chosen: of the human-labelled pairs of that shape
# in every folder's train and dev portions (Breaking NLI, MNLI, TaxiNLI; never a scored test portion),
# 30 distinct pairs, all 30 are contradictions; 0.89 is the 95 % lower bound (Wilson) of that share.
ANTONYM_SWAP_PROBABILITY = 0.89
# Stances a swap is read at face value in ("may" or "is it" say neither side; a denial of one side agrees
# with the other, ``conflict_score``).
PLAIN_STANCES = frozenset({"asserts", "expects"})
# A position rather than a state of affairs: "Assad must leave office", "the world should support him".
NORMATIVE = re.compile(r"\b(?:" + "|".join(sorted(OBLIGATION_WORDS)) + r"|needs? to|ha(?:s|ve) to)\b", re.IGNORECASE)


@dataclass
class Decision:
    relation: Relation | None  # None: no link
    kind: Kind | None
    score: float  # the probability of the relation: of the conflict, or of the support for "supports"
    # The calibrated probability of a conflict, whatever the relation: a supporting pair's ``score``
    # is its support, which must never be read as a conflict score (the scoreboard once did).
    conflict: float
    explanation: str
    signals: list[dict[str, object]] = field(default_factory=list)


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def conflict_score(a: ClaimView, b: ClaimView, probs: Probs, proposition_probs: Probs, similarity: float,
                   fired: dict[str, object], calibration: Calibration, settings: LinkingSettings) -> float:
    swapped = "antonym_swap" in fired
    if one_sided_denial(a, b) and swapped:
        # Denying "X is dead" says what "X is alive" says: the propositions conflict (rules-7), so the
        # denial agrees with the other claim, however alike the small classifier reads the two.
        return 1.0 - ANTONYM_SWAP_PROBABILITY
    if one_sided_denial(a, b) and calibration.has_denial_model:
        # A denial conflicts with what it denies, not with its topic: "Russia refuted reports that
        # they agreed to share intelligence" is no answer to "Russia has been fighting terrorism".
        # Its own model reads what the other claim states of the denied proposition (session 9;
        # before, a gate on the propositions' agreement alone, which topical pairs passed).
        return calibration.denial_probability(denial_features(a, b, proposition_probs, similarity))
    if takes_no_side(a, b):
        return 0.0
    score = calibration.probability(pair_features(a, b, probs, proposition_probs, similarity, fired))
    if swapped and a.stance == b.stance and a.stance in PLAIN_STANCES:
        return max(score, ANTONYM_SWAP_PROBABILITY)
    if similarity >= settings.identical_similarity and a.stance == b.stance and not fired.keys() & MISMATCH_CUES:
        # The same words with the same stance state the same thing, whatever a small model says
        # about a pair it rarely saw (paraphrases were once scored as contradictions).
        return min(score, 1.0 - similarity)
    return score


def kind_of(a: ClaimView, b: ClaimView, fired: dict[str, object], settings: LinkingSettings) -> Kind:
    if one_sided_denial(a, b):
        return "denial"
    factual_cue = "number_mismatch" in fired or "date_mismatch" in fired
    disagreement = _distinct_actors(a, b) and not factual_cue
    gap = fired.get("time_gap_days")
    if isinstance(gap, int) and gap >= settings.temporal_gap_days and not (explicit_time(a) and explicit_time(b)):
        # A state of affairs can change between two statements ("have not been able to agree" in August,
        # "had agreed to cooperate" in September); one actor's position is no update of another's
        # ("Assad must leave office" against "the world should support him", weeks apart).
        if disagreement and (is_position(a) or is_position(b)):
            return "disagreement"
        return "temporal"
    return "disagreement" if disagreement else "factual"


def is_position(claim: ClaimView) -> bool:
    """What someone holds ought to be, not what is: a modal of obligation in the proposition."""
    return bool(NORMATIVE.search(claim.text))


def _distinct_actors(a: ClaimView, b: ClaimView) -> bool:
    """Two named parties, neither of them the outlet itself."""
    if a.speaker.lower() in (a.source.lower(), "statement") or b.speaker.lower() in (b.source.lower(), "statement"):
        return False
    if a.speaker_entity_id is not None and b.speaker_entity_id is not None:
        return a.speaker_entity_id != b.speaker_entity_id
    return a.speaker.lower() != b.speaker.lower()


def _when(claim: ClaimView) -> str:
    day: date | None = claim.published or claim.time_start
    return f", {day:%-d %b %Y}" if day else ""


def who(claim: ClaimView) -> str:
    """ "Sergei Lavrov (The Moscow Times, 5 Aug 2015)", or "The Moscow Times (5 Aug 2015)" for the outlet's voice."""
    if claim.speaker.lower() in (claim.source.lower(), "statement"):
        return f"{claim.source}{' (' + _when(claim)[2:] + ')' if _when(claim) else ''}"
    return f"{claim.speaker} ({claim.source}{_when(claim)})"


def explain(a: ClaimView, b: ClaimView, kind: Kind | None, relation: Relation | None,
            fired: dict[str, object]) -> str:
    # Past tense throughout: it reads right for one speaker and for many ("media reports said").
    if relation == "supports":
        return f"{who(b)} said the same as {who(a)}: “{_short(a.text)}”."
    if kind == "denial":
        denier, asserter = (a, b) if a.stance == "denies" else (b, a)
        return f"{who(asserter)} said “{_short(asserter.text)}”; {who(denier)} denied it."
    if kind == "temporal":
        first, second = sorted((a, b), key=lambda c: c.time_start or c.published or date.min)
        return (f"On {first.time_start or first.published:%-d %b %Y} {who(first)} said “{_short(first.text)}”; "
                f"{fired.get('time_gap_days')} days later {who(second)} said “{_short(second.text)}”. "
                "The later statement may update the earlier one.")
    if kind == "disagreement":
        return f"{who(a)} and {who(b)} take opposite positions: “{_short(a.text)}” against “{_short(b.text)}”."
    detail = next((str(fired[k]) for k in ("number_mismatch", "date_mismatch", "antonym") if k in fired), "")
    return (f"{who(a)} and {who(b)} cannot both be right: “{_short(a.text)}” against “{_short(b.text)}”"
            + (f" ({detail})." if detail else "."))


def decide(a: ClaimView, b: ClaimView, probs: Probs, proposition_probs: Probs, similarity: float,
           calibration: Calibration, settings: LinkingSettings) -> Decision:
    """``probs``: the classifier on the statements as attributed; ``proposition_probs``: on the bare propositions."""
    fired = compute(a, b)
    score = conflict_score(a, b, probs, proposition_probs, similarity, fired, calibration, settings)
    signals = [{"name": name, "value": value} for name, value in fired.items()]
    signals.append({"name": "classifier", "value": {"disputes": round(probs[0], 4), "supports": round(probs[1], 4),
                                                     "neutral": round(probs[2], 4)}})
    signals.append({"name": "similarity", "value": round(similarity, 4)})
    if score >= settings.contradiction_threshold:
        kind = kind_of(a, b, fired, settings)
        return Decision("contradicts", kind, score, score, explain(a, b, kind, "contradicts", fired), signals)
    support = max(probs[1], similarity if similarity >= settings.identical_similarity else 0.0)
    if support >= settings.support_threshold and not one_sided_denial(a, b) and "negation_mismatch" not in fired:
        support_kind: Kind = ("duplicate" if similarity >= settings.duplicate_similarity and a.source != b.source
                              else "corroboration")
        return Decision("supports", support_kind, support, score, explain(a, b, support_kind, "supports", fired),
                        signals)
    return Decision(None, None, score, score, "", signals)
