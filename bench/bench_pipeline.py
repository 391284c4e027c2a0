"""End-to-end ingest throughput (articles/min) with the time split by stage, against the sum of
the bare model calls (spaCy parse, embedding, classification) on the same inputs."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import fixture_texts, report

from claims.ingest.clean import clean
from claims.schemas import ArticleIn
from claims.services import Services
from claims.settings import load_settings


def main(smoke: bool) -> None:
    rounds = 1 if smoke else 4
    items = [ArticleIn(text=f"{text}\n\nRef {n}-{i}.", source=meta["source"], published_at=meta["published_at"])
             for n in range(rounds) for i, (text, meta) in enumerate(fixture_texts())]
    with tempfile.TemporaryDirectory() as folder:
        services = Services(load_settings(data_dir=Path(folder)))
        pipeline = services.pipeline  # loads every model before the clock starts
        pipeline.ingest(ArticleIn(text="Warm-up: the ministry said talks were useful.", source="warm-up"))
        pipeline.timings.stages.clear()
        started = time.perf_counter()
        for item in items:
            pipeline.ingest(item)
        total = time.perf_counter() - started
        stages = dict(pipeline.timings.stages)
        # The same work as bare model calls.
        nlp, index, linker = services.extractor.nlp, services.index, services.linker  # type: ignore[attr-defined]
        with services.db.session() as session:
            from sqlalchemy import select

            from claims.db.models import Claim, ClaimLink
            texts = list(session.scalars(select(Claim.text)))
            pairs = [(link.claim_a.text, link.claim_b.text) for link in session.scalars(select(ClaimLink))]
        t0 = time.perf_counter()
        for item in items:
            nlp(clean(item.text or "").text)
        t1 = time.perf_counter()
        index.embedder.encode(texts)
        t2 = time.perf_counter()
        linker.classifier.predict(pairs + [(b, a) for a, b in pairs])
        t3 = time.perf_counter()
        services.close()
    bare = (t1 - t0) + (t2 - t1) + (t3 - t2)
    report("pipeline", articles=len(items), claims=len(texts), seconds=round(total, 2),
           articles_per_min=round(60 * len(items) / total, 1),
           stages_s={k: round(v, 2) for k, v in stages.items()},
           bare_s={"spacy": round(t1 - t0, 2), "embedding": round(t2 - t1, 2), "classifier": round(t3 - t2, 2)},
           pipeline_vs_bare_models=round(total / bare, 2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
