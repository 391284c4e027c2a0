"""Small deterministic stand-ins for spaCy, the embedder and the pair classifier.

Tests that are not about the models' judgement (storage, API, jobs, the index, the
CLI) run on these through the ``Services`` factories: they load in microseconds and
give the same answer every time.  Tests of the real models are marked ``models``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from claims.db.session import Database
from claims.extract.types import ExtractedClaim, Mention, TimeSpan
from claims.linking.calibration import Calibration
from claims.linking.linker import Linker
from claims.schemas import ArticleIn
from claims.services import Services
from claims.settings import Settings

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_WORD = re.compile(r"[a-z0-9']+")
_DENIAL = re.compile(r"\b(denies|denied|deny|false|hoax|untrue)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(not|no|never|n't|denies|denied|false|hoax)\b", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")


class FakeExtractor:
    """One claim per sentence: speaker the outlet, "denies" when a denial word is present."""

    version = "fake-1"

    def extract(self, text: str, published: date | None, outlet: str) -> list[ExtractedClaim]:
        claims = []
        for number, match in enumerate(_SENTENCE.finditer(text)):
            sentence = match.group().strip()
            if len(sentence.split()) < 3:
                continue
            start = match.start() + match.group().index(sentence)
            end = start + len(sentence.rstrip(".!?"))
            words = text[start:end]
            names = [m.group() for m in _NAME.finditer(words) if m.start() > 0 or len(m.group().split()) > 1]
            claims.append(ExtractedClaim(
                text=words, speaker=outlet, stance="denies" if _DENIAL.search(words) else "asserts",
                negated=bool(_NEGATION.search(words)), char_start=start, char_end=end, sentence_index=number,
                checkworthy=True, time=TimeSpan(published, published, "as of publication") if published else None,
                mentions=[Mention(name, "ORG") for name in names], proposition_start=start, proposition_end=end,
                statement=words))
        return claims


class FakeEmbedder:
    """Hashed bag of words, normalised: texts sharing words are near, others far."""

    model_version = "fake-hash-64"
    dimension = 64

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest()[:8], 16) % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


class FakeClassifier:
    """Disputes when the texts share most words and one negates; supports when they share most words."""

    version = "fake-classifier-1"
    calibration = Calibration.of({"disputes": 6.0}, -3.0)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        rows = []
        for a, b in pairs:
            words_a, words_b = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
            overlap = len(words_a & words_b) / max(1, len(words_a | words_b))
            negation_differs = bool(_NEGATION.search(a)) != bool(_NEGATION.search(b))
            if overlap >= 0.4 and negation_differs:
                rows.append([0.9, 0.05, 0.05])
            elif overlap >= 0.6:
                rows.append([0.05, 0.9, 0.05])
            else:
                rows.append([0.1, 0.1, 0.8])
        return np.array(rows, dtype=np.float32).reshape(-1, 3)


def fake_index(settings: Settings, db: Database) -> Any:
    from claims.indexing import ClaimIndex

    return ClaimIndex.open(settings, db, FakeEmbedder())


def fake_linker(settings: Settings, db: Database, claim_index: Any) -> Linker:
    return Linker(settings, db, claim_index, FakeClassifier())


def fake_services(settings: Settings) -> Services:
    return Services(settings, extractor_factory=lambda _: FakeExtractor(), index_factory=fake_index,
                    linker_factory=fake_linker)


# Two articles the fakes link as a denial (and one more outlet agreeing with the first).
CONFLICTING = [
    ArticleIn(text="Russia and the United States agreed to share intelligence on Islamic State.", source="Wire",
              published_at="2015-09-29"),
    ArticleIn(text="Moscow denied that Russia and the United States agreed to share intelligence on Islamic State.",
              source="RT", published_at="2015-09-30"),
]
