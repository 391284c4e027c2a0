"""Readers for the NLI folders of ``shared/datasets`` (premise / hypothesis / 3-way label).

Licences decide ``trainable`` (see each folder's SOURCE.txt): non-commercial sets
(ANLI, SICK) and sets without a stated licence stay evaluation-only.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from claims.nli.datasets import CONTRADICTION, ENTAILMENT, NEUTRAL, LabelledPair, bucket, detokenise, register

_SHORT = {"c": CONTRADICTION, "e": ENTAILMENT, "n": NEUTRAL}


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _fold(text: str) -> str:
    return " ".join(detokenise(text).casefold().split())


def _mnli_split(premise: str) -> str:
    # One key space for the MNLI family: TaxiNLI re-annotates MNLI dev pairs, which must land
    # in the same split as their MNLI copy.
    return bucket("mnli:" + _fold(premise), dev=0.1, test=0.15)


def _snli_split(premise: str) -> str:
    # SNLI, CAD-SNLI and Breaking NLI share SNLI premises: one key space for all three.
    return bucket("snli:" + _fold(premise), dev=0.1, test=0.1)


@register("mnli", "MNLI: OANC and other permissive licences (see the MNLI paper)", True, "nli")
def load_mnli(root: Path) -> Iterator[LabelledPair]:
    path = root / "mnli-dev-matched" / "mnli_development_set_number_of_correct_responses.txt"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["gold_label"] in (CONTRADICTION, ENTAILMENT, NEUTRAL):
                yield LabelledPair(row["premise"], row["hypothesis"], row["gold_label"], "mnli",
                                   _mnli_split(row["premise"]), group=_fold(row["premise"]))


@register("taxinli", "C-UDA 1.0 (computational use)", True, "nli")
def load_taxinli(root: Path) -> Iterator[LabelledPair]:
    with (root / "mnli-taxinli" / "taxinli10k.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["label"] in (CONTRADICTION, ENTAILMENT, NEUTRAL):
                yield LabelledPair(row["prem"], row["hyp"], row["label"], "taxinli", _mnli_split(row["prem"]),
                                   group=_fold(row["prem"]))


@register("snli", "CC BY-SA 4.0", True, "nli")
def load_snli(root: Path) -> Iterator[LabelledPair]:
    folder = root / "snli-dev-test"
    for part in ("dev", "test"):
        premises = (folder / f"s1.{part}").read_text(encoding="utf-8").splitlines()
        hypotheses = (folder / f"s2.{part}").read_text(encoding="utf-8").splitlines()
        labels = (folder / f"labels.{part}").read_text(encoding="utf-8").splitlines()
        for premise, hypothesis, label in zip(premises, hypotheses, labels, strict=True):
            premise, hypothesis = detokenise(premise), detokenise(hypothesis)
            yield LabelledPair(premise, hypothesis, label.strip(), "snli", _snli_split(premise),
                               group=_fold(premise))


@register("cad-snli", "Apache-2.0 (SNLI text CC BY-SA 4.0)", True, "nli")
def load_cad_snli(root: Path) -> Iterator[LabelledPair]:
    folder = root / "cad-snli" / "NLI" / "revised_combined"
    for part in ("train", "dev", "test"):
        with (folder / f"{part}.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["gold_label"] in (CONTRADICTION, ENTAILMENT, NEUTRAL):
                    yield LabelledPair(row["sentence1"], row["sentence2"], row["gold_label"], "cad-snli",
                                       _snli_split(row["sentence1"]), group=_fold(row["sentence1"]))


@register("breaking-nli", "CC BY-SA 4.0", True, "nli")
def load_breaking_nli(root: Path) -> Iterator[LabelledPair]:
    for row in _jsonl(root / "breaking-nli" / "dataset.jsonl"):
        yield LabelledPair(row["sentence1"], row["sentence2"], row["gold_label"], "breaking-nli",
                           _snli_split(row["sentence1"]), group=_fold(row["sentence1"]))


@register("anli", "CC BY-NC 4.0 (evaluation only)", False, "nli")
def load_anli(root: Path) -> Iterator[LabelledPair]:
    for round_ in ("r1", "r2", "r3"):
        with (root / "anli-dev" / f"ANLI_analysis_{round_}_dev.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["gold_label"] in _SHORT:
                    yield LabelledPair(row["context"], row["statement"], _SHORT[row["gold_label"]], "anli", "test",
                                       group=round_)


@register("nan-nli", "none stated (evaluation only)", False, "nli")
def load_nan_nli(root: Path) -> Iterator[LabelledPair]:
    with (root / "nan-nli" / "nan.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield LabelledPair(row["premise"], row["hypothesis"], row["label"], "nan-nli", "test")


def _rte_xml(path: Path, attribute: str, yes: str, no: str, name: str, space: str) -> Iterator[LabelledPair]:
    """RTE-style XML: <pair ATTRIBUTE="YES|NO"><t>text</t><h>hypothesis</h></pair>."""
    for pair in ET.parse(path).getroot().iter("pair"):
        label = yes if pair.get(attribute) == "YES" else no
        yield LabelledPair(pair.findtext("t", "").strip(), pair.findtext("h", "").strip(), label, name, "test", space)


@register("rte2-negated", "none stated, research use (evaluation only)", False, "nli")
def load_rte2_negated(root: Path) -> Iterator[LabelledPair]:
    return _rte_xml(root / "rte2-negated-contradiction" / "rte2_negated_contradiction.xml", "contradiction",
                    CONTRADICTION, "not_contradiction", "rte2-negated", "2way-contra")


@register("rte3", "none stated, research use (evaluation only)", False, "nli")
def load_rte3(root: Path) -> Iterator[LabelledPair]:
    return _rte_xml(root / "rte3-dev-2way" / "rte3_dev.xml", "entailment", ENTAILMENT, "not_entailment", "rte3",
                    "2way-entail")


@register("control", "CC0 1.0 (passage-level; evaluation only: premises exceed the model's 128 tokens)",
          False, "nli")
def load_control(root: Path) -> Iterator[LabelledPair]:
    for row in _jsonl(root / "control" / "test.jsonl"):
        yield LabelledPair(row["premise"], row["hypothesis"], _SHORT[row["label"]], "control", "test")


@register("commitmentbank", "none stated (evaluation only)", False, "nli")
def load_commitmentbank(root: Path) -> Iterator[LabelledPair]:
    with (root / "commitmentbank" / "CommitmentBank-items.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            mean = float(row["Mean"])
            label = CONTRADICTION if mean <= -1 else ENTAILMENT if mean >= 1 else NEUTRAL
            premise = f"{row['Context']} {row['Target']}".strip()
            yield LabelledPair(premise, row["Prompt"], label, "commitmentbank", "test")


@register("sick", "CC BY-NC-SA 3.0 (evaluation only)", False, "nli")
def load_sick(root: Path) -> Iterator[LabelledPair]:
    with (root / "sick" / "SICK_test_annotated.txt").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            yield LabelledPair(row["sentence_A"], row["sentence_B"], row["entailment_judgment"].lower(), "sick", "test")
