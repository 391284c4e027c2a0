"""Extraction quality against the hand annotation in fixtures/gold_claims.json."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claims.db.entities import _TITLES
from claims.evaluation.metrics import ratio
from claims.extract.types import ExtractedClaim


@dataclass
class GoldClaim:
    start: int
    end: int
    speaker: str
    stance: str


@dataclass
class ExtractionScores:
    gold: int
    predicted: int
    matched_gold: int
    matched_predicted: int
    speaker_correct: int
    stance_correct: int
    span_iou: float

    @property
    def precision(self) -> float:
        return ratio(self.matched_predicted, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.matched_gold, self.gold)

    @property
    def speaker_accuracy(self) -> float:
        return ratio(self.speaker_correct, self.matched_gold)

    @property
    def stance_accuracy(self) -> float:
        return ratio(self.stance_correct, self.matched_gold)


def locate(text: str, span: str) -> tuple[int, int]:
    """Where a gold span sits in the submitted text, whatever line breaks the text has."""
    pattern = r"\s+".join(re.escape(word) for word in span.split())
    match = re.search(pattern, text)
    if match is None:
        raise ValueError(f"gold span not found in the article: {span!r}")
    return match.start(), match.end()


def speaker_key(name: str) -> set[str]:
    """Words that identify a speaker: "Foreign Minister Sergei Lavrov" ~ "Lavrov"."""
    cleaned = _TITLES.sub("", name.replace("’s", "'s")).lower()
    return {w for w in re.findall(r"[a-z][a-z'-]+", cleaned) if w not in {"the", "a", "of", "and", "some", "its"}}


def same_speaker(predicted: str, gold: str) -> bool:
    p, g = speaker_key(predicted), speaker_key(gold)
    return bool(p & g) if p and g else predicted.strip().lower() == gold.strip().lower()


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


def covers(predicted: tuple[int, int], gold: tuple[int, int]) -> bool:
    """A match: the spans overlap by half, or one holds most of the other (tight vs. wide spans)."""
    inter = max(0, min(predicted[1], gold[1]) - max(predicted[0], gold[0]))
    shorter = min(predicted[1] - predicted[0], gold[1] - gold[0])
    return overlap(predicted, gold) >= 0.5 or (shorter > 0 and inter / shorter >= 0.8)


def score_article(text: str, gold: list[GoldClaim], predicted: list[ExtractedClaim]) -> ExtractionScores:
    matched_predicted: set[int] = set()
    matched_gold = speaker_ok = stance_ok = 0
    ious: list[float] = []
    for item in gold:
        # The gold spans mark propositions; a claim's proposition span is compared, and its whole
        # statement span is accepted too (a gold span that includes the attribution).
        candidates = [(max(overlap((c.proposition_start, c.proposition_end), (item.start, item.end)),
                           overlap((c.char_start, c.char_end), (item.start, item.end))), n, c)
                      for n, c in enumerate(predicted)
                      if covers((c.proposition_start, c.proposition_end), (item.start, item.end))
                      or covers((c.char_start, c.char_end), (item.start, item.end))]
        if not candidates:
            continue
        # Prefer the candidate that also agrees on stance (two claims may share one span).
        candidates.sort(key=lambda t: (t[2].stance == item.stance, same_speaker(t[2].speaker, item.speaker), t[0]),
                        reverse=True)
        iou, number, claim = candidates[0]
        matched_gold += 1
        matched_predicted.update(n for _, n, _ in candidates)
        speaker_ok += same_speaker(claim.speaker, item.speaker)
        stance_ok += claim.stance == item.stance
        ious.append(iou)
    return ExtractionScores(len(gold), len(predicted), matched_gold, len(matched_predicted), speaker_ok, stance_ok,
                            sum(ious) / len(ious) if ious else 0.0)


def total(scores: list[ExtractionScores]) -> ExtractionScores:
    matched = sum(s.matched_gold for s in scores)
    iou = sum(s.span_iou * s.matched_gold for s in scores) / matched if matched else 0.0
    return ExtractionScores(sum(s.gold for s in scores), sum(s.predicted for s in scores), matched,
                            sum(s.matched_predicted for s in scores), sum(s.speaker_correct for s in scores),
                            sum(s.stance_correct for s in scores), iou)


def evaluate(extractor, fixtures: Path, gold: dict, manifest: list[dict]) -> dict[str, ExtractionScores]:
    results: dict[str, ExtractionScores] = {}
    for entry in manifest:
        path = fixtures / entry["path"]
        prefix = path.name[:3]
        text = path.read_text(encoding="utf-8")
        published = date.fromisoformat(entry["published_at"]) if entry.get("published_at") else None
        predicted = extractor.extract(text, published, entry["source"])
        items = [GoldClaim(*locate(text, g["span"]), g["speaker"], g["stance"]) for g in gold["articles"][prefix]]
        results[prefix] = score_article(text, items, predicted)
    results["all"] = total(list(results.values()))
    return results
