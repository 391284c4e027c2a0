"""Loaders for the sentence-pair datasets in ``shared/datasets``.

Every loader returns ``LabelledPair`` rows with one of three label spaces:
``3way`` (contradiction / entailment / neutral), ``2way-entail`` (entailment /
not_entailment) or ``2way-contra`` (contradiction / not_contradiction).  The
trainer and the eval command share these, so a split used for training can
never leak into an evaluation by accident: the split is decided here, once.
"""

from __future__ import annotations

import csv
import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

CONTRADICTION, ENTAILMENT, NEUTRAL = "contradiction", "entailment", "neutral"
LABELS: tuple[str, ...] = (CONTRADICTION, ENTAILMENT, NEUTRAL)

# Datasets whose licence allows training a model we ship (see each SOURCE.txt).
# The rest carry no licence or a non-commercial one: evaluation only.
TRAINABLE = {"breaking-nli": "CC BY-SA 4.0", "arc": "Apache-2.0", "wice": "ODC-BY 1.0"}


@dataclass(frozen=True)
class LabelledPair:
    premise: str
    hypothesis: str
    label: str
    dataset: str
    split: str  # train | dev | test
    label_space: str = "3way"


def bucket(key: str, dev: float = 0.1, test: float = 0.1) -> str:
    """Stable split assignment from a key, so reruns use the same rows."""
    value = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    if value < test:
        return "test"
    if value < test + dev:
        return "dev"
    return "train"


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_breaking_nli(root: Path) -> Iterator[LabelledPair]:
    for row in _jsonl(root / "breaking-nli" / "dataset.jsonl"):
        # Split by premise so one premise's word swaps never straddle splits.
        split = bucket("bnli:" + row["sentence1"])
        yield LabelledPair(row["sentence1"], row["sentence2"], row["gold_label"], "breaking-nli", split)


def load_arc(root: Path, unrelated_keep: float = 0.08) -> Iterator[LabelledPair]:
    folder = root / "arc"
    with (folder / "arc_bodies.csv").open(encoding="utf-8") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    mapping = {"agree": ENTAILMENT, "disagree": CONTRADICTION, "discuss": NEUTRAL, "unrelated": NEUTRAL}
    for source_split, name in (("train", "arc_stances_train.csv"), ("test", "arc_stances_test.csv")):
        with (folder / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = f"arc:{row['Body ID']}:{row['Headline']}"
                # "unrelated" dominates ARC; keep a fixed sample so neutral does not swamp training.
                if row["Stance"] == "unrelated" and bucket(key + ":keep", 0.0, unrelated_keep) != "test":
                    continue
                split = "test" if source_split == "test" else ("dev" if bucket(key, 0.1, 0.0) == "dev" else "train")
                body = " ".join(bodies[row["Body ID"]].split())
                yield LabelledPair(body, row["Headline"], mapping[row["Stance"]], "arc", split)


def load_wice(root: Path) -> Iterator[LabelledPair]:
    for source_split in ("dev", "test"):
        for row in _jsonl(root / "wice" / f"{source_split}.jsonl"):
            evidence: list[str] = row["evidence"]
            groups = [g for g in row["supporting_sentences"] if g]
            indices = groups[0] if groups else list(range(min(3, len(evidence))))
            premise = " ".join(evidence[i] for i in indices if i < len(evidence))
            label = ENTAILMENT if row["label"] == "supported" else "not_entailment"
            split = "test" if source_split == "test" else bucket("wice:" + row["claim"], 0.15, 0.0)
            yield LabelledPair(premise, row["claim"], label, "wice", split, "2way-entail")


def load_control(root: Path) -> Iterator[LabelledPair]:
    mapping = {"c": CONTRADICTION, "e": ENTAILMENT, "n": NEUTRAL}
    for row in _jsonl(root / "control" / "test.jsonl"):
        yield LabelledPair(row["premise"], row["hypothesis"], mapping[row["label"]], "control", "test")


def load_climate_fever(root: Path) -> Iterator[LabelledPair]:
    mapping = {"SUPPORTS": ENTAILMENT, "REFUTES": CONTRADICTION, "NOT_ENOUGH_INFO": NEUTRAL}
    for row in _jsonl(root / "climate-fever" / "climate-fever.jsonl"):
        for evidence in row["evidences"]:
            label = mapping[evidence["evidence_label"]]
            yield LabelledPair(evidence["evidence"], row["claim"], label, "climate-fever", "test")


def _two_way_tsv(root: Path, folder: str, name: str) -> Iterator[LabelledPair]:
    with (root / folder / "dev.tsv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) >= 4:
                yield LabelledPair(row[1], row[2], row[3], name, "test", "2way-entail")


def load_covid_fact(root: Path) -> Iterator[LabelledPair]:
    return _two_way_tsv(root, "covid-fact", "covid-fact")


def load_scifact(root: Path) -> Iterator[LabelledPair]:
    return _two_way_tsv(root, "scifact-nli", "scifact")


def load_fever(root: Path, keep: float = 0.15) -> Iterator[LabelledPair]:
    folder = root / "fever-nli-dev"
    evidence = (folder / "dev.raw.input0").read_text(encoding="utf-8").splitlines()
    claims = (folder / "dev.raw.input1").read_text(encoding="utf-8").splitlines()
    labels = (folder / "dev.label").read_text(encoding="utf-8").splitlines()
    for premise, hypothesis, label in zip(evidence, claims, labels, strict=True):
        # A fixed 15% sample keeps the eval quick on two cores.
        if bucket("fever:" + hypothesis, 0.0, keep) == "test":
            yield LabelledPair(premise, hypothesis, label, "fever", "test", "2way-entail")


def _rte_xml(path: Path, attribute: str, yes: str, no: str, name: str, space: str) -> Iterator[LabelledPair]:
    """RTE-style XML: <pair ATTRIBUTE="YES|NO"><t>text</t><h>hypothesis</h></pair>."""
    for pair in ET.parse(path).getroot().iter("pair"):
        label = yes if pair.get(attribute) == "YES" else no
        yield LabelledPair(pair.findtext("t", "").strip(), pair.findtext("h", "").strip(), label, name, "test", space)


def load_rte2_negated(root: Path) -> Iterator[LabelledPair]:
    return _rte_xml(root / "rte2-negated-contradiction" / "rte2_negated_contradiction.xml", "contradiction",
                    CONTRADICTION, "not_contradiction", "rte2-negated", "2way-contra")


def load_rte3(root: Path) -> Iterator[LabelledPair]:
    return _rte_xml(root / "rte3-dev-2way" / "rte3_dev.xml", "entailment", ENTAILMENT, "not_entailment", "rte3",
                    "2way-entail")


def load_commitmentbank(root: Path) -> Iterator[LabelledPair]:
    with (root / "commitmentbank" / "CommitmentBank-items.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            mean = float(row["Mean"])
            label = CONTRADICTION if mean <= -1 else ENTAILMENT if mean >= 1 else NEUTRAL
            premise = f"{row['Context']} {row['Target']}".strip()
            yield LabelledPair(premise, row["Prompt"], label, "commitmentbank", "test")


def load_sick(root: Path) -> Iterator[LabelledPair]:
    with (root / "sick" / "SICK_test_annotated.txt").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            yield LabelledPair(row["sentence_A"], row["sentence_B"], row["entailment_judgment"].lower(), "sick", "test")


LOADERS: dict[str, Callable[[Path], Iterator[LabelledPair]]] = {
    "breaking-nli": load_breaking_nli,
    "arc": load_arc,
    "wice": load_wice,
    "control": load_control,
    "climate-fever": load_climate_fever,
    "covid-fact": load_covid_fact,
    "scifact": load_scifact,
    "fever": load_fever,
    "rte2-negated": load_rte2_negated,
    "rte3": load_rte3,
    "commitmentbank": load_commitmentbank,
    "sick": load_sick,
}


def load(name: str, root: Path, split: str | None = None) -> list[LabelledPair]:
    rows = LOADERS[name](root)
    return [row for row in rows if split is None or row.split == split]
