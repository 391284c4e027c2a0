"""Training data: deduplicated across folders, and no evaluation pair is ever trained on."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.nli.corpora import corpora, load
from claims.nli.datasets import LabelledPair, bucket, detokenise, pair_key
from claims.nli.training_data import build
from claims.nli.wrappers import (
    as_clause,
    claim_denials,
    cluster_denials,
    paraphrase_pairs,
    same_side_pairs,
    wrappable,
)

DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
needs_data = pytest.mark.skipif(not DATASETS.exists(), reason="../shared/datasets is not beside the checkout")


def test_splits_are_stable_and_snli_text_reads_as_prose() -> None:
    assert bucket("some key") == bucket("some key")
    assert detokenise("Two women are holding packages . ") == "Two women are holding packages."
    assert pair_key("A dog runs.", "It's fast") == pair_key("a  dog runs", "it s fast")


def test_wrappers_embed_clauses_only() -> None:
    assert as_clause("The dog runs.") == "the dog runs"
    assert as_clause("Banksy was arrested.") == "Banksy was arrested"
    assert wrappable("A man is riding a bike") and not wrappable("Group of men casting a net")
    assert not wrappable("No one is driving a car")


def test_a_supporting_headline_disputes_the_denial_of_its_claim() -> None:
    import random

    rows = [LabelledPair("Rap artist Macklemore joined ISIS", "Macklemore joins Islamic State, say fans", "entailment",
                         "emergent", "train", group="c1"),
            LabelledPair("Rap artist Macklemore joined ISIS", "Did Macklemore join ISIS?", "neutral", "emergent",
                         "train", group="c1"),
            LabelledPair("Nobody was hurt in the fire", "Fire leaves none hurt", "entailment", "emergent", "train",
                         group="c2")]
    made = list(claim_denials(rows, random.Random(5), 10))
    # Only the supported, un-negated claim is denied; the headline stays as written, the denial is of the claim.
    assert len(made) == 1
    (pair,) = made
    assert pair.premise == "Macklemore joins Islamic State, say fans"
    assert "Macklemore joined ISIS" in pair.hypothesis and pair.hypothesis != rows[0].premise
    assert (pair.label, pair.dataset, pair.split, pair.group) == ("contradiction", "wrapped-emergent", "train", "c1")


def _debate(split: str) -> list[LabelledPair]:
    """One Perspectrum debate: a paraphrase cluster of two, another argument on its side, one against."""
    claim = "Animals should have rights"
    return [LabelledPair(claim, "Animals feel pain as humans do", "entailment", "perspectrum", split, group="7",
                         cluster="7:0"),
            LabelledPair(claim, "Animals experience pain just like humans", "entailment", "perspectrum", split,
                         group="7", cluster="7:0"),
            LabelledPair(claim, "Religions have taught respect for every creature", "entailment", "perspectrum",
                         split, group="7", cluster="7:1"),
            LabelledPair(claim, "Rights come with duties animals cannot bear", "contradiction", "perspectrum", split,
                         group="7", cluster="7:2")]


def test_two_arguments_on_one_side_of_a_debate_are_a_neutral_pair_never_a_paraphrase() -> None:
    import random

    rows = _debate("train") + [LabelledPair("Boxing should be banned", "Boxing causes brain damage", "entailment",
                                            "perspectrum", "train", group="8", cluster="8:0")]
    made = list(same_side_pairs(rows, random.Random(2), 20))
    assert made, "two clusters on the supporting side make a pair"
    for pair in made:
        assert pair.label == "neutral" and pair.dataset == "same-side-perspectrum" and pair.group == "7"
        sides = {pair.premise, pair.hypothesis}
        # Never one cluster's paraphrases, never the opposing side, never another debate.
        assert "Religions have taught respect for every creature" in sides
        assert not sides & {"Rights come with duties animals cannot bear", "Boxing causes brain damage"}


def test_a_denial_of_a_paraphrase_is_a_conflict_and_of_another_argument_on_its_side_is_none() -> None:
    import random

    rows = _debate("dev") + [LabelledPair("Animals should have rights", "Animals can't vote", "entailment",
                                          "perspectrum", "dev", group="7", cluster="7:0")]
    made = list(cluster_denials(rows, random.Random(5), 30))
    assert {p.label for p in made} == {"contradiction", "neutral"}
    pain = {"Animals feel pain as humans do", "Animals experience pain just like humans", "Animals can't vote"}
    for pair in made:
        assert pair.dataset == "wrapped-perspectrum" and pair.split == "dev"
        assert "can't" not in pair.hypothesis  # a double negation is never wrapped
        denied = next(text for text in pain | {"Religions have taught respect for every creature"}
                      if as_clause(text) in pair.hypothesis)
        if pair.label == "contradiction":  # a paraphrase of the premise, from its own cluster
            assert pair.premise in pain and denied in pain and denied != pair.premise
        else:  # the same side of the debate, another cluster: never the opposing side
            assert {pair.premise, denied} <= pain | {"Religions have taught respect for every creature"}
            assert (pair.premise in pain) != (denied in pain)


def test_two_wordings_of_one_position_support_each_other_and_nothing_else_is_paired() -> None:
    import random

    made = list(paraphrase_pairs(_debate("train"), random.Random(3), 10))
    # One cluster holds two wordings: at most both orders of that pair, never another cluster's argument.
    assert made and len(made) <= 2
    pain = {"Animals feel pain as humans do", "Animals experience pain just like humans"}
    for pair in made:
        assert {pair.premise, pair.hypothesis} == pain
        assert (pair.label, pair.dataset, pair.split, pair.group) == ("entailment", "paraphrase-perspectrum", "train",
                                                                      "7")


def test_wordings_the_closeness_test_rejects_are_never_paired_as_paraphrases() -> None:
    import random

    def close(left: str, right: str) -> bool:
        return False

    assert not list(paraphrase_pairs(_debate("train"), random.Random(3), 10, close=close))
    # Without a paraphrase to deny, only the other-argument half (neutral) is left.
    made = list(cluster_denials(_debate("train"), random.Random(5), 30, close=close))
    assert made and {p.label for p in made} == {"neutral"}


@pytest.mark.models
def test_the_recipe_takes_restatements_as_paraphrases_but_not_two_claims_on_one_topic() -> None:
    from claims.nli.training_data import PARAPHRASE_FLOOR, _close_wordings

    honour = "It is an honour for the host city and provides global recognition"
    historic = "Hosting the Olympic Games for the first time can be historic for a nation."
    pain = ("Animals feel pain as humans do", "Animals experience pain just like humans")
    rows = [LabelledPair("c", text, "entailment", "perspectrum", "train") for text in (*pain, honour, historic)]
    close = _close_wordings(rows, PARAPHRASE_FLOOR)
    assert close(*pain)
    assert not close(honour, historic)
    assert not close(honour, "a wording it never encoded")


@needs_data
def test_no_training_pair_is_in_any_held_out_portion() -> None:
    data = build(DATASETS)
    held_out = {pair_key(r.premise, r.hypothesis) for name in corpora() for r in load(name, DATASETS)
                if r.split != "train"}
    trained = {pair_key(r.premise, r.hypothesis) for r in data.train}
    assert not trained & held_out
    assert {r.dataset for r in data.train} >= {"mnli", "snli", "emergent", "perspectrum", "arc"}
    assert not {r.dataset for r in data.train} & {"anli", "sick", "nan-nli", "rte2-negated", "healthver",
                                                  "climate-fever"}


@needs_data
@pytest.mark.parametrize("name", ["emergent", "climate-fever", "healthver"])
def test_claim_sets_are_split_by_claim(name: str) -> None:
    rows = load(name, DATASETS)
    splits_per_claim: dict[str, set[str]] = {}
    for row in rows:
        assert row.group
        splits_per_claim.setdefault(row.group, set()).add(row.split)
    assert all(len(splits) == 1 for splits in splits_per_claim.values())
    assert {r.split for r in rows} == {"train", "dev", "test"}


_PAIRS_DIGEST = """
import hashlib, random
from claims.nli.datasets import LabelledPair
from claims.nli.wrappers import unrelated_pairs
words = ["ceasefire", "cartoon", "supplier", "directive", "protester", "marijuana", "hostage", "tribute"]
# Each group's hypotheses share two of the words, every premise names all of them: which partner a
# premise finds depends on the order its words are read in.
rows = [LabelledPair("Officials said " + " and ".join(words), f"Reports on {words[g]} and {words[g + 1]} number {n}",
                     "neutral", "demo", "dev", group=f"g{g}") for g in range(len(words) - 1) for n in range(3)]
made = list(unrelated_pairs(rows, random.Random(3), 15))
print(hashlib.sha256(repr([(r.premise, r.hypothesis) for r in made]).encode()).hexdigest())
"""


def test_re_paired_rows_do_not_depend_on_the_hash_seed() -> None:
    """The calibration is fitted on these rows: the same seed must give the same rows in every process
    (iterating a set of words once made them, and the shipped calibration, differ run to run)."""
    import os
    import subprocess
    import sys

    digests = {subprocess.run([sys.executable, "-c", _PAIRS_DIGEST], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(digests) == 1, digests
