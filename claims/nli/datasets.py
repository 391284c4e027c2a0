"""Labelled sentence pairs from ``shared/datasets``: one registry, one split rule, one dedup.

Every loader yields ``LabelledPair`` rows in one of three label spaces: ``3way``
(contradiction / entailment / neutral, where stance corpora map disputes /
supports / unrelated-or-discusses onto the same three), ``2way-entail`` or
``2way-contra``.  The trainer, the calibration and the eval command all read
rows through ``claims.nli.corpora.load``, so the split a row belongs to is decided here, once:

- ``train``: may be trained on (only for datasets in ``TRAINABLE``);
- ``dev``: held out from training; calibration and threshold fitting use it;
- ``test``: held out from training *and* calibration; the scoreboard reports it.

Splits are drawn from a hash of a *group key* (a premise, a claim, a topic), so
near-duplicates of one group never straddle splits; the SNLI family (SNLI,
CAD-SNLI, Breaking NLI) shares one key space, as does the MNLI family.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CONTRADICTION, ENTAILMENT, NEUTRAL = "contradiction", "entailment", "neutral"
LABELS: tuple[str, ...] = (CONTRADICTION, ENTAILMENT, NEUTRAL)


@dataclass(frozen=True)
class LabelledPair:
    premise: str
    hypothesis: str
    label: str
    dataset: str
    split: str  # train | dev | test
    label_space: str = "3way"
    group: str = ""  # the split key's group (claim id, topic, premise), for per-group analysis
    # Rows of one cluster restate one position (Perspectrum's paraphrase clusters): never paired as distinct.
    cluster: str = ""


def bucket(key: str, dev: float = 0.1, test: float = 0.1) -> str:
    """Stable split assignment from a key, so reruns use the same rows."""
    value = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    if value < test:
        return "test"
    if value < test + dev:
        return "dev"
    return "train"


_SPACE_BEFORE = re.compile(r"\s+([.,;:!?')%]|n't|'s|'re|'ve|'ll|'d|'m)")
_SPACE_AFTER = re.compile(r"([($])\s+")


def detokenise(text: str) -> str:
    """SNLI's tokenised text ("packages . ") back to prose ("packages.")."""
    text = _SPACE_BEFORE.sub(r"\1", " ".join(text.split()))
    return _SPACE_AFTER.sub(r"\1", text)


def pair_key(premise: str, hypothesis: str) -> str:
    """Identity of a pair across folders: case, spacing and punctuation folded."""
    def fold(text: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())

    return fold(premise) + "\x1f" + fold(hypothesis)


def dedupe(rows: Iterable[LabelledPair]) -> Iterator[LabelledPair]:
    """The first occurrence of each pair wins (registry order: evaluation sets come first)."""
    seen: set[str] = set()
    for row in rows:
        key = pair_key(row.premise, row.hypothesis)
        if key not in seen:
            seen.add(key)
            yield row


@dataclass(frozen=True)
class Corpus:
    """One folder of ``shared/datasets``: how to read it and whether we may train on it."""

    name: str
    loader: Callable[[Path], Iterator[LabelledPair]]
    licence: str
    trainable: bool
    kind: str  # nli | stance | claim-evidence


_REGISTRY: dict[str, Corpus] = {}


def register(name: str, licence: str, trainable: bool, kind: str
             ) -> Callable[[Callable[[Path], Iterator[LabelledPair]]], Callable[[Path], Iterator[LabelledPair]]]:
    def wrap(loader: Callable[[Path], Iterator[LabelledPair]]) -> Callable[[Path], Iterator[LabelledPair]]:
        _REGISTRY[name] = Corpus(name, loader, licence, trainable, kind)
        return loader

    return wrap


def registered() -> dict[str, Corpus]:
    """The loaders registered so far (``claims.nli.corpora`` imports them all)."""
    return dict(_REGISTRY)
