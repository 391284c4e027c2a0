"""The decision on one pair: calibrated score, kind, explanation (no models: probabilities are given)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claims.errors import ModelError
from claims.linking.calibration import Calibration
from claims.linking.features import coverage
from claims.linking.scoring import decide, who
from claims.linking.signals import ClaimView, compute
from claims.settings import LinkingSettings

SETTINGS = LinkingSettings()
CALIBRATION = Calibration.of({"disputes": 8.0, "supports": -2.0}, -4.0)


def view(text: str, stance: str = "asserts", **extra: object) -> ClaimView:
    fields: dict = dict(id=1, article_id=1, text=text, statement=text, speaker="X", speaker_entity_id=None,
                        stance=stance, negated=False, time_start=None, time_end=None, time_text=None,
                        published=None, source="S", entity_ids=frozenset())
    fields.update(extra)
    return ClaimView(**fields)


def test_the_classifier_reads_the_statement_of_a_denial_and_the_proposition_of_an_assertion() -> None:
    denial = view("Washington and Moscow agreed to share intelligence", "denies",
                  statement="Russia refuted media reports that Washington and Moscow agreed to share intelligence")
    assert denial.stance_text.startswith("Russia refuted")
    assert view("P", statement="Kerry said P").stance_text == "P"


def test_a_confident_dispute_between_a_denial_and_an_assertion_is_a_denial() -> None:
    asserted = view("We agreed to intensify intelligence cooperation", speaker="John Kerry", source="Sputnik")
    denied = view("Washington and Moscow have agreed to share intelligence", "denies", id=2, speaker="Russia",
                  source="RT", published=date(2015, 9, 30))
    decision = decide(asserted, denied, (0.95, 0.02, 0.03), (0.95, 0.02, 0.03), 0.7, CALIBRATION, SETTINGS)
    assert decision.relation == "contradicts" and decision.kind == "denial"
    assert decision.explanation == ("John Kerry (Sputnik) said “We agreed to intensify intelligence cooperation”; "
                                    "Russia (RT, 30 Sep 2015) denied it.")


def test_a_denial_the_classifier_finds_unrelated_is_no_conflict() -> None:
    # "Russia denies P" against any remark on the same topic: the cue alone is not a conflict.
    decision = decide(view("Russia has been consistently fighting terrorism"),
                      view("Russia shares intelligence", "denies", id=2), (0.1, 0.1, 0.8), (0.1, 0.1, 0.8), 0.6,
                      CALIBRATION, SETTINGS)
    assert decision.relation is None


def test_a_denial_is_decided_by_its_own_model_on_what_it_denies() -> None:
    # The statements read as disputed (0.95) either way; only the denial model, reading the bare
    # propositions' agreement and how much of the denied proposition the other claim states, tells the
    # denial of what Kerry said from a denial of something else on the topic.
    with_denial = CALIBRATION.with_denial({"proposition_supports": 4.0, "coverage": 10.0}, -6.5)
    asserted = view("We agreed to intensify intelligence cooperation", speaker="Kerry")
    denied = view("Washington and Moscow have agreed to share intelligence", "denies", id=2, speaker="Russia")
    agreeing, unrelated = (0.05, 0.8, 0.15), (0.3, 0.1, 0.6)
    assert decide(asserted, denied, (0.95, 0.02, 0.03), agreeing, 0.6, with_denial, SETTINGS).relation == "contradicts"
    blocked = decide(asserted, denied, (0.95, 0.02, 0.03), unrelated, 0.6, with_denial, SETTINGS)
    assert blocked.relation is None and blocked.score < 0.2
    # Same agreement, but the other claim names only the denial's subject: no conflict.
    topical = view("Russia was a help with this", speaker="Obama")
    separatists = view("Russia supporting separatists in Ukraine", "denies", id=2, speaker="Moscow")
    assert decide(topical, separatists, (0.95, 0.02, 0.03), agreeing, 0.5, with_denial, SETTINGS).relation is None
    # Two assertions are not the denial model's: the general model decides them.
    plain = view("Washington and Moscow have agreed to share intelligence", id=2, speaker="Russia")
    assert decide(asserted, plain, (0.95, 0.02, 0.03), unrelated, 0.6, with_denial, SETTINGS).relation == "contradicts"
    # Without a fitted denial model a denial falls to the general model (fakes, old tests).
    assert decide(asserted, denied, (0.95, 0.02, 0.03), unrelated, 0.6, CALIBRATION, SETTINGS).relation == "contradicts"


def test_coverage_counts_the_denied_propositions_words_the_other_claim_states() -> None:
    assert coverage("Washington and Moscow have agreed to share intelligence",
                    "We agreed to intensify intelligence cooperation") == 2 / 5  # agree(d), intelligence
    assert coverage("Russia supporting separatists in Ukraine", "Russia was a help with this") == 1 / 4
    assert coverage("Banksy was arrested", "Banksy has been arrested") == 1.0
    assert coverage("", "anything") == 0.0


def test_a_saved_calibration_keeps_its_denial_model_and_an_old_gate_is_refused(tmp_path: Path) -> None:
    fitted = CALIBRATION.with_denial({"coverage": 2.5}, -1.0)
    fitted.save(tmp_path / "calibration.json")
    loaded = Calibration.load(tmp_path / "calibration.json")
    assert loaded.has_denial_model and loaded.denial_probability([0, 0, 1.0]) == fitted.denial_probability([0, 0, 1.0])
    old = json.loads((tmp_path / "calibration.json").read_text())
    old["denial_gate"] = 0.33
    (tmp_path / "calibration.json").write_text(json.dumps(old))
    with pytest.raises(ModelError, match="refit"):
        Calibration.load(tmp_path / "calibration.json")


def test_paraphrases_with_the_same_stance_are_never_contradictions() -> None:
    a = view("LG will be the sole supplier of OLED displays for the Apple Watch")
    b = view("LG will be sole supplier of Apple Watch display", id=2, source="T")
    decision = decide(a, b, (0.9, 0.05, 0.05), (0.9, 0.05, 0.05), 0.97, CALIBRATION, SETTINGS)
    assert decision.relation == "supports"


def test_a_supporting_pair_reports_its_low_conflict_probability_not_its_support() -> None:
    # The scoreboard's reliability table and /v1/compare's contradiction_score read ``conflict``: a
    # paraphrase supported at 0.9 once counted as a 0.9 "contradiction score".
    a = view("Hewlett-Packard will split itself into two separate companies")
    b = view("Hewlett-Packard to split into two companies", id=2, source="T")
    decision = decide(a, b, (0.02, 0.9, 0.08), (0.02, 0.9, 0.08), 0.9, CALIBRATION, SETTINGS)
    assert decision.relation == "supports" and decision.score == 0.9
    assert decision.conflict < 0.05
    assert decide(a, b, (0.95, 0.02, 0.03), (0.95, 0.02, 0.03), 0.6, CALIBRATION, SETTINGS).conflict > 0.9


def test_same_words_with_other_numbers_can_still_conflict() -> None:
    a, b = view("12 people were killed in Homs"), view("30 people were killed in Homs", id=2)
    assert "number_mismatch" in compute(a, b)
    decision = decide(a, b, (0.9, 0.05, 0.05), (0.9, 0.05, 0.05), 0.97, CALIBRATION, SETTINGS)
    assert decision.relation == "contradicts" and decision.kind == "factual"


@pytest.mark.parametrize(("first", "second"), [
    ("Judd Nelson is dead", "Judd Nelson is alive"), ("Obama won the election", "Obama lost the election"),
    ("The border is open", "The border is closed"), ("The strike is legal", "The strike is illegal"),
    ("The talks will start on Monday", "The talks will end on Monday"),
])
def test_the_same_words_but_for_an_antonym_conflict_whatever_the_classifier_reads(
        first: str, second: str) -> None:
    # The classifier read most antonym swaps as the same statement ("dead"/"alive": 0.96 entailment),
    # and the pair was reported as a corroboration.
    a, b = view(first), view(second, id=2, source="T")
    decision = decide(a, b, (0.03, 0.95, 0.02), (0.03, 0.95, 0.02), 0.95, CALIBRATION, SETTINGS)
    assert decision.relation == "contradicts" and decision.score >= 0.85 and decision.kind == "factual"
    assert "antonym_swap" in compute(a, b)


@pytest.mark.parametrize(("first", "second", "stance"), [
    ("Judd Nelson is not dead", "Judd Nelson is alive", "asserts"),  # a negation too: they say the same
    ("He was here ten minutes ago", "He was here not ten minutes ago", "asserts"),  # negation: the classifier's
    ("Obama won the election", "Romney lost the election", "asserts"),  # other words changed too
    ("Judd Nelson is dead", "Judd Nelson is alive", "hedged"),  # "may be dead" against "may be alive"
])
def test_a_swap_is_one_antonym_nothing_else_changed_between_plain_statements(first: str, second: str,
                                                                               stance: str) -> None:
    a, b = view(first, stance), view(second, stance, id=2, source="T")
    decision = decide(a, b, (0.03, 0.95, 0.02), (0.03, 0.95, 0.02), 0.9, CALIBRATION, SETTINGS)
    assert decision.relation != "contradicts"


def test_a_denial_of_one_side_of_an_antonym_swap_agrees_with_the_other() -> None:
    # The classifier read "Judd Nelson is alive" as stating "Judd Nelson is dead" (0.96), so the denial
    # model linked Russia's denial of the one to the other at 0.87.
    denial = view("Judd Nelson is dead", "denies", statement="Russia denies that Judd Nelson is dead")
    alive = view("Judd Nelson is alive", id=2, source="T")
    with_denial = CALIBRATION.with_denial({"proposition_supports": 8.0, "similarity": 2.0, "coverage": 2.0}, -4.0)
    decision = decide(denial, alive, (0.1, 0.85, 0.05), (0.03, 0.96, 0.01), 0.95, with_denial, SETTINGS)
    assert decision.relation != "contradicts" and decision.conflict < 0.2


def test_a_conflict_weeks_apart_is_temporal_and_explained_in_order() -> None:
    early = view("Russia and the US have not been able to agree on a common approach", speaker="Sergei Lavrov",
                 source="The Moscow Times", time_start=date(2015, 8, 5), published=date(2015, 8, 5),
                 time_text="as of publication")
    late = view("The two countries had agreed to cooperate", id=2, speaker="Putin", source="Ahram Online",
                time_start=date(2015, 9, 29), published=date(2015, 9, 29), time_text="as of publication")
    decision = decide(late, early, (0.9, 0.05, 0.05), (0.9, 0.05, 0.05), 0.6, CALIBRATION, SETTINGS)
    assert decision.kind == "temporal"
    assert decision.explanation.index("Sergei Lavrov") < decision.explanation.index("Putin")
    assert "55 days later" in decision.explanation


def test_two_named_actors_disagree_and_the_outlet_is_not_an_actor() -> None:
    a = view("Assad must leave office", speaker="Obama", source="Ahram Online")
    b = view("The world should support Assad", id=2, speaker="Putin", source="Ahram Online")
    assert decide(a, b, (0.9, 0.05, 0.05), (0.9, 0.05, 0.05), 0.5, CALIBRATION, SETTINGS).kind == "disagreement"
    outlet = view("The world should support Assad", id=2, speaker="Ahram Online", source="Ahram Online")
    assert decide(a, outlet, (0.9, 0.05, 0.05), (0.9, 0.05, 0.05), 0.5, CALIBRATION, SETTINGS).kind == "factual"


def test_explanations_name_people_not_grammar_slips() -> None:
    assert who(view("P", speaker="Ahram Online", source="Ahram Online", published=date(2015, 9, 29))) == \
        "Ahram Online (29 Sep 2015)"
    decision = decide(view("Western nations back the rebels", speaker="Western nations", source="Sputnik"),
                      view("Nobody backs the rebels", id=2, speaker="Sputnik", source="Sputnik"),
                      (0.95, 0.0, 0.05), (0.95, 0.0, 0.05), 0.6, CALIBRATION, SETTINGS)
    assert "asserts" not in decision.explanation and "Sputnik and Sputnik" not in decision.explanation


def test_two_actors_positions_weeks_apart_are_a_disagreement_not_a_change_over_time() -> None:
    early = view("Assad must leave office", speaker="The United States", source="The Moscow Times",
                 time_start=date(2015, 8, 5), published=date(2015, 8, 5), time_text="as of publication")
    late = view("The world should support Assad in his battle against Islamic State", id=2, speaker="Putin",
                source="Ahram Online", time_start=date(2015, 9, 29), published=date(2015, 9, 29),
                time_text="as of publication")
    assert decide(late, early, (0.9, 0.05, 0.05), (0.9, 0.05, 0.05), 0.5, CALIBRATION, SETTINGS).kind == "disagreement"
    # One actor's position changing is a change over time.
    same = view("The world should support Assad in his battle against Islamic State", id=2,
                speaker="The United States", source="Ahram Online", time_start=date(2015, 9, 29),
                published=date(2015, 9, 29), time_text="as of publication")
    assert decide(same, early, (0.9, 0.05, 0.05), (0.9, 0.05, 0.05), 0.5, CALIBRATION, SETTINGS).kind == "temporal"
