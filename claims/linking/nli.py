"""Pair classifiers behind one interface: disputes / supports / neutral probabilities and their calibration.

- ``OnnxPairClassifier``: the int8 ONNX cross-encoder shipped in ``claims/models`` (default).
- ``CrossEncoderPairClassifier``: any sentence-transformers CrossEncoder NLI model by name
  or path; the label order is read from the model's config (contradiction = disputes,
  entailment = supports).  Its calibration is read from ``calibration.json`` in the model's
  folder or from ``calibration_path``; without one it is refused, since an unfitted score
  would be passed off as a probability.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from claims.errors import ModelError
from claims.linking.calibration import CALIBRATION_FILE, UNFITTED, Calibration
from claims.nli.datasets import LABELS

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "models" / "nli-minilm-l6"


class PairClassifier(Protocol):
    version: str
    calibration: Calibration

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities, one row per pair, columns in ``LABELS`` order."""
        ...


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _column_order(id2label: dict) -> list[int]:
    """Columns of the model's output that hold contradiction, entailment, neutral."""
    names = {int(i): str(label).lower() for i, label in id2label.items()}
    order = []
    for wanted in LABELS:
        match = [i for i, name in names.items() if name.startswith(wanted[:7])]
        if not match:
            raise ModelError(f"the NLI model has no {wanted!r} label (labels: {sorted(names.values())})")
        order.append(match[0])
    return order


class OnnxPairClassifier:
    def __init__(self, folder: Path = BUNDLED_DIR, max_length: int = 128, calibrated: bool = True) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if not (folder / "model.onnx").exists():
            raise ModelError(f"no ONNX pair classifier in {folder} (run training/train_nli.py)")
        config = json.loads((folder / "config.json").read_text())
        self.order = _column_order(config["id2label"])
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        self.session = ort.InferenceSession(str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # longest_first: either side may be the long one (claims are compared in both directions).
        self.tokenizer.enable_truncation(max_length, strategy="longest_first")
        # The weights' and the calibration's digest: a retrained model or a refitted calibration is
        # a new version, so the nightly job re-scores links made by the old one.
        digest = hashlib.sha256((folder / "model.onnx").read_bytes())
        digest.update((folder / CALIBRATION_FILE).read_bytes() if (folder / CALIBRATION_FILE).exists() else b"")
        self.version = f"claimtrack-nli-minilm-l6-int8@{digest.hexdigest()[:12]}"
        # Uncalibrated only while a calibration is being fitted: using its scores then raises.
        self.calibration = Calibration.load(folder / CALIBRATION_FILE) if calibrated else UNFITTED
        self._lock = threading.Lock()

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        # One pair per run, never a batch: the int8 model quantises its activations dynamically, one
        # scale per input tensor, so in a batch a pair's probabilities moved with its neighbours (by up
        # to 0.013, and a stored link's calibrated score by up to 0.13 between ingest and a re-check).
        # Alone, a pair always gets the same answer; it costs about 10 % of the throughput (measured
        # in bench/bench_classifier.py).
        result = np.empty((len(pairs), 3), dtype=np.float32)
        for i, (a, b) in enumerate(pairs):
            with self._lock:
                encoded = self.tokenizer.encode(a, b)
            feed = {
                "input_ids": np.array([encoded.ids], dtype=np.int64),
                "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([encoded.type_ids], dtype=np.int64),
            }
            logits = self.session.run(["logits"], feed)[0]
            result[i] = _softmax(logits)[0, self.order]
        return result


class CrossEncoderPairClassifier:
    def __init__(self, name: str, calibration_path: Path | None = None, batch_size: int = 32,
                 calibrated: bool = True) -> None:
        from sentence_transformers import CrossEncoder

        try:
            self.model = CrossEncoder(name, device="cpu")
        except Exception as exc:
            raise ModelError(f"cannot load CrossEncoder NLI model {name!r}: {exc}") from exc
        self.order = _column_order(self.model.config.id2label)
        self.batch_size = batch_size
        local = Path(name) / CALIBRATION_FILE
        self.calibration = Calibration.load(calibration_path or local) if calibrated else UNFITTED
        self.version = f"cross-encoder:{name}"
        self._lock = threading.Lock()

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        with self._lock:
            logits = self.model.predict(list(pairs), batch_size=self.batch_size, apply_softmax=False,
                                        convert_to_numpy=True, show_progress_bar=False)
        return _softmax(np.asarray(logits, dtype=np.float32))[:, self.order]


_cache: dict[str, PairClassifier] = {}
_cache_lock = threading.Lock()


def model_folder(name: str) -> Path:
    """Where a model's files (and its calibration) live: the bundled folder, or the folder given."""
    folder = BUNDLED_DIR if name == "bundled" else Path(name)
    if not folder.is_dir():
        raise ModelError(f"{name!r} is not a model folder; a calibration is saved beside the model's files")
    return folder


def load_classifier(name: str, calibration_path: Path | None = None, calibrated: bool = True) -> PairClassifier:
    with _cache_lock:
        key = f"{name}|{calibration_path or ''}|{calibrated}"
        if key not in _cache:
            if name == "bundled" or (Path(name) / "model.onnx").exists():
                # the shipped model, or a retrained ONNX model in its own folder
                _cache[key] = OnnxPairClassifier(model_folder(name), calibrated=calibrated)
            else:
                _cache[key] = CrossEncoderPairClassifier(name, calibration_path, calibrated=calibrated)
        return _cache[key]


def clear_cache() -> None:
    """Forget loaded classifiers (after a calibration was refitted on disk)."""
    with _cache_lock:
        _cache.clear()
