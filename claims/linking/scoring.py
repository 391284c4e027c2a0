"""One decision per claim pair: relation, kind, calibrated score, explanation.

The classifier compares propositions; stances live outside the text ("Russia denies
P" is stored as P with stance ``denies``).  So when exactly one side denies, a
paraphrase is the conflict and a contradiction is agreement ("denies P" vs "not P").
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from claims.linking.signals import ClaimView, compute, explicit_time

TEMPORAL_GAP_DAYS = 14
IDENTICAL_SIMILARITY = 0.95
OUTLET_SPEAKERS = {"reports", "media reports", "news reports"}
CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    """Maps raw evidence to probabilities; fitted on the dev splits by
    `claimtrack eval contradictions --calibrate` and shipped beside the model.

    ``slope``/``intercept``: Platt scaling of the contradiction evidence.  ``denial_*``: a
    logistic model of "both claims state the same proposition" from the classifier's
    entailment probability and the embedding similarity, used when one side denies.
    """

    slope: float = 6.0
    intercept: float = -3.0
    denial_entail: float = 6.0
    denial_sim: float = 4.0
    denial_bias: float = -5.0

    @classmethod
    def load(cls, path: Path) -> Calibration:
        if not path.exists():
            return cls()
        fitted = json.loads(path.read_text())
        return cls(**{k: float(fitted[k]) for k in cls.__dataclass_fields__ if k in fitted})


@dataclass
class Decision:
    relation: str | None  # contradicts | supports | None (no link)
    kind: str | None
    score: float
    explanation: str
    signals: list[dict[str, object]] = field(default_factory=list)


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _flipped(a: ClaimView, b: ClaimView) -> bool:
    return (a.stance == "denies") != (b.stance == "denies")


def contradiction_evidence(probs: tuple[float, float, float], similarity: float, fired: dict[str, object]) -> float:
    """Raw evidence in [0, 1] that two asserted propositions conflict, before calibration."""
    p_contra = probs[0]
    evidence = p_contra
    if similarity >= 0.55:
        # Cheap, precise cues the small classifier can miss on long news sentences.
        for cue, weight in (("negation_mismatch", 0.25), ("number_mismatch", 0.2), ("date_mismatch", 0.15),
                            ("antonym", 0.2)):
            if cue in fired:
                evidence = max(evidence, min(1.0, p_contra + weight + (similarity - 0.55)))
    return evidence


def contradiction_score(probs: tuple[float, float, float], similarity: float, fired: dict[str, object],
                        flipped: bool, calibration: Calibration) -> float:
    """Calibrated probability that the pair conflicts."""
    # Near-identical wording states the same proposition, whatever a small classifier says
    # about a pair it never saw (identical sentences are not in its training data).
    identical = similarity >= IDENTICAL_SIMILARITY
    if flipped:
        # One side denies: the pair conflicts exactly when both state the same proposition.
        if identical:
            return similarity
        same = _sigmoid(calibration.denial_entail * probs[1] + calibration.denial_sim * similarity
                        + calibration.denial_bias)
        return same * (1.0 - probs[0])
    if identical and not fired.keys() & {"negation_mismatch", "number_mismatch", "date_mismatch", "antonym"}:
        return 0.0
    return _sigmoid(calibration.slope * contradiction_evidence(probs, similarity, fired) + calibration.intercept)


def kind_of(a: ClaimView, b: ClaimView, fired: dict[str, object], flipped: bool) -> str:
    if flipped:
        return "denial"
    gap = fired.get("time_gap_days")
    if isinstance(gap, int) and gap >= TEMPORAL_GAP_DAYS and not (explicit_time(a) and explicit_time(b)):
        return "temporal"
    actors = {a.speaker.lower(), b.speaker.lower()} - OUTLET_SPEAKERS - {a.source.lower(), b.source.lower()}
    distinct = "different_actors" in fired or a.speaker_entity_id is None or b.speaker_entity_id is None
    factual_cue = "number_mismatch" in fired or "date_mismatch" in fired
    if len(actors) == 2 and distinct and not factual_cue:
        return "disagreement"
    return "factual"


def explain(a: ClaimView, b: ClaimView, kind: str | None, relation: str | None, fired: dict[str, object]) -> str:
    if relation == "supports":
        return f"{b.speaker} ({b.source}) corroborates {a.speaker} ({a.source}): “{_short(a.text)}”."
    if kind == "denial":
        denier, asserter = (a, b) if a.stance == "denies" else (b, a)
        return f"{denier.speaker} denies what {asserter.speaker} asserts: “{_short(asserter.text)}”."
    if kind == "temporal":
        first, second = sorted((a, b), key=lambda c: c.time_start or c.published or c.time_end)  # type: ignore[arg-type,return-value]
        return (f"{first.speaker} ({first.time_start}) and {second.speaker} ({second.time_start}) conflict "
                f"{fired.get('time_gap_days')} days apart: the later claim may update the earlier one.")
    if kind == "disagreement":
        return f"{a.speaker} and {b.speaker} take conflicting positions on the same question."
    detail = next((str(fired[k]) for k in ("number_mismatch", "date_mismatch", "antonym", "negation_mismatch")
                   if k in fired), "the statements cannot both be true")
    return f"{a.source} and {b.source} report conflicting facts ({detail})."


def decide(a: ClaimView, b: ClaimView, probs: tuple[float, float, float], similarity: float,
           contradiction_threshold: float, support_threshold: float,
           calibration: Calibration = Calibration()) -> Decision:
    fired = compute(a, b)
    flipped = _flipped(a, b)
    score = contradiction_score(probs, similarity, fired, flipped, calibration)
    signals = [{"name": name, "value": value} for name, value in fired.items()]
    signals.append({"name": "classifier", "value": {"contradiction": round(probs[0], 4),
                                                     "entailment": round(probs[1], 4), "neutral": round(probs[2], 4)}})
    signals.append({"name": "similarity", "value": round(similarity, 4)})
    if score >= contradiction_threshold:
        kind = kind_of(a, b, fired, flipped)
        return Decision("contradicts", kind, score, explain(a, b, kind, "contradicts", fired), signals)
    support = probs[1] if not flipped else probs[0]
    if similarity >= IDENTICAL_SIMILARITY and not flipped:
        support = max(support, similarity)
    if support >= support_threshold and "negation_mismatch" not in fired:
        kind = "duplicate" if similarity >= 0.95 and a.source != b.source else "corroboration"
        return Decision("supports", kind, support, explain(a, b, kind, "supports", fired), signals)
    return Decision(None, None, score, "", signals)
