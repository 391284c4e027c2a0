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
        # Record every model input the pipeline makes, to time the bare models on exactly those.
        nlp, index, linker = services.extractor.nlp, services.index, services.linker  # type: ignore[attr-defined]
        embedded: list[str] = []
        classified: list[tuple[str, str]] = []
        encode, predict = index.embedder.encode, linker.classifier.predict

        def recording_encode(texts: list[str]):  # type: ignore[no-untyped-def]
            embedded.extend(texts)
            return encode(texts)

        def recording_predict(pairs):  # type: ignore[no-untyped-def]
            classified.extend(pairs)
            return predict(pairs)

        index.embedder.encode = recording_encode
        linker.classifier.predict = recording_predict
        started = time.perf_counter()
        for item in items:
            pipeline.ingest(item)
        total = time.perf_counter() - started
        stages = dict(pipeline.timings.stages)
        with services.db.session() as session:
            from sqlalchemy import func, select

            from claims.db.models import Claim
            claims = session.scalar(select(func.count()).select_from(Claim))
        t0 = time.perf_counter()
        for item in items:
            nlp(clean(item.text or "").text)
        t1 = time.perf_counter()
        encode(embedded)
        t2 = time.perf_counter()
        predict(classified)
        t3 = time.perf_counter()
        services.close()
    bare = (t1 - t0) + (t2 - t1) + (t3 - t2)
    report("pipeline", articles=len(items), claims=claims, seconds=round(total, 2),
           texts_embedded=len(embedded), pairs_classified=len(classified),
           articles_per_min=round(60 * len(items) / total, 1),
           stages_s={k: round(v, 2) for k, v in stages.items()},
           bare_s={"spacy": round(t1 - t0, 2), "embedding": round(t2 - t1, 2), "classifier": round(t3 - t2, 2)},
           pipeline_vs_bare_models=round(total / bare, 2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
