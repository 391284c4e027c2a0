"""The team's scoreboard: contradiction P/R/F1 on held-out real data, each beside the keyword rule.

Every pair goes through the same code path as ``POST /v1/compare`` (extraction,
stance, classifier, calibration, decision), so a figure here is what a caller of
the API gets.  Only ``test`` portions are scored (see ``claims.nli.datasets``):
never trained on, never used to fit the calibration.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims.evaluation.baseline import denial_rule
from claims.evaluation.metrics import f1, f1_interval, ratio
from claims.nli.corpora import load
from claims.nli.datasets import CONTRADICTION, ENTAILMENT, LabelledPair

# (name shown, dataset, split): emergent's test portion is its held-out claims.  The two claim-vs-evidence
# sets pair a claim with sentences retrieved for it, most of them on its topic and neutral: a conflict
# read from topic alone shows up there as lost precision.
SCOREBOARD = [("emergent-dev (held-out claims)", "emergent", "test"), ("nan-nli", "nan-nli", "test"),
              ("rte2-negated", "rte2-negated", "test"), ("anli-dev", "anli", "test"),
              ("mnli (held-out slice)", "mnli", "test"), ("snli (held-out slice)", "snli", "test"),
              ("climate-fever (held-out claims)", "climate-fever", "test"),
              ("healthver (held-out test file)", "healthver", "test")]
# Article level (``claims.evaluation.bodies``): each body stored as an article, its headline checked against
# the store (``POST /v1/claims/check``).  ARC's bodies are user posts, the only held-out bodies we have; its
# train portion trained the classifier, its test file never did.  The pair is (headline, body), so the rule
# reads "the article has a denial word and the headline has none".
ARTICLE_LEVEL = [("arc (held-out test file): body stored, headline checked", "arc", "test")]
BUCKETS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]


@dataclass(frozen=True)
class Verdict:
    """What the system said about one pair: its relation and its calibrated contradiction probability."""

    contradiction: bool
    score: float


Compare = Callable[[Sequence[tuple[str, str]]], list[Verdict]]


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, gold: bool) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True)
class Outcome:
    """One scored pair, kept so that two runs can be compared pair by pair (``claimtrack eval diff``)."""

    key: str  # a digest of the two texts: the same pair in another run
    system: bool
    rule: bool
    gold: bool
    score: float


@dataclass
class SetScore:
    name: str
    pairs: int
    system: Confusion
    baseline: Confusion
    # emergent only: "for" pairs (paraphrases, corroborations) the system calls contradictions
    supports_flagged: int = 0
    supports: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def f1_interval(self) -> tuple[float, float]:
        return f1_interval([o.system for o in self.outcomes], [o.gold for o in self.outcomes])


def pair_key(premise: str, hypothesis: str) -> str:
    return hashlib.sha1(f"{premise}\x00{hypothesis}".encode()).hexdigest()[:16]


@dataclass
class Scoreboard:
    sets: list[SetScore] = field(default_factory=list)
    # score bucket -> (pairs, contradictions among them), over every scored pair
    reliability: list[tuple[float, float, int, int]] = field(default_factory=list)


def sample(rows: list[LabelledPair], limit: int, seed: int = 7) -> list[LabelledPair]:
    return rows if len(rows) <= limit else random.Random(seed).sample(rows, limit)


def reliability(scores: list[float], gold: list[bool]) -> list[tuple[float, float, int, int]]:
    table = []
    for low, high in zip(BUCKETS, BUCKETS[1:], strict=False):
        inside = [g for s, g in zip(scores, gold, strict=True) if low <= s < high]
        table.append((low, min(high, 1.0), len(inside), sum(inside)))
    return table


def score_sets(compare: Compare, root: Path, limit: int, progress: Callable[[str], None] | None = None,
               check: Compare | None = None) -> Scoreboard:
    """Every ``SCOREBOARD`` set through ``compare``, then, given ``check`` ((headline, body) pairs to
    article-level verdicts), every ``ARTICLE_LEVEL`` set through it.  Only the sentence sets' scores feed
    the reliability table: an article-level verdict has no score when no claim of the article answered."""
    board = Scoreboard()
    all_scores: list[float] = []
    all_gold: list[bool] = []
    sets = [(entry, compare, False) for entry in SCOREBOARD]
    sets += [(entry, check, True) for entry in ARTICLE_LEVEL] if check is not None else []
    for (name, dataset, split), judge, article_level in sets:
        try:
            rows = sample(load(dataset, root, split), limit)
        except FileNotFoundError:
            continue
        if progress:
            progress(name)
        pairs = [(r.hypothesis, r.premise) if article_level else (r.premise, r.hypothesis) for r in rows]
        verdicts = judge(pairs)
        result = SetScore(name, len(rows), Confusion(), Confusion())
        for row, (a, b), verdict in zip(rows, pairs, verdicts, strict=True):
            gold = row.label == CONTRADICTION
            rule = denial_rule(a, b)
            result.system.add(verdict.contradiction, gold)
            result.baseline.add(rule, gold)
            if dataset == "emergent" and row.label == ENTAILMENT:
                result.supports += 1
                result.supports_flagged += verdict.contradiction
            result.outcomes.append(Outcome(pair_key(row.premise, row.hypothesis), verdict.contradiction,
                                           rule, gold, verdict.score))
            if not article_level:
                all_scores.append(verdict.score)
                all_gold.append(gold)
        board.sets.append(result)
    board.reliability = reliability(all_scores, all_gold)
    return board
