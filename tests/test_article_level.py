"""The scoreboard's article-level set: a body stored as an article, its headline checked against the store."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from claims.evaluation.bodies import check_against_bodies
from claims.evaluation.scoreboard import ARTICLE_LEVEL, Verdict, score_sets
from claims.services import Services

HEADLINE = "The mayor of Springfield was arrested on Monday"
DENYING = ("Police in Springfield denied reports that the mayor of Springfield was arrested on Monday. "
           "The mayor spent the day at city hall, a spokesman said.")
AGREEING = ("The mayor of Springfield was arrested on Monday, police said. "
            "He was released on bail in the evening.")


@pytest.mark.models
def test_an_article_disputes_a_headline_only_through_its_own_claims(model_services: Services) -> None:
    """Both articles are in the store, and the denying one answers the headline; the agreeing article
    does not dispute it for that (the check returns the other article's claim, which is no verdict on it)."""
    denies, agrees = check_against_bodies(model_services, [(HEADLINE, DENYING), (HEADLINE, AGREEING)])
    assert denies.contradiction and denies.score >= 0.5, denies
    assert not agrees.contradiction and agrees.score == 0.0, agrees


# The denial names the story only as "the reports" (rules-4): it denies what the reports said.
ANSWERED = ("British media reported on Monday that the mayor of Springfield had been arrested on Monday and that "
            "he had resigned. Police in Springfield denied the reports on Tuesday.")


@pytest.mark.models
def test_an_article_that_denies_the_reports_without_restating_them_disputes_the_headline(
        model_services: Services) -> None:
    (verdict,) = check_against_bodies(model_services, [(HEADLINE, ANSWERED)])
    assert verdict.contradiction and verdict.score >= 0.5, verdict


def _arc_folder(root: Path) -> None:
    """A two-pair ARC test file (and an empty train file): one disagreeing body, one agreeing."""
    folder = root / "arc"
    folder.mkdir(parents=True)
    with (folder / "arc_bodies.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows([["1", "This is not true: nobody was arrested."], ["2", "The mayor was arrested."]])
    for name, rows in (("arc_stances_train.csv", []), ("arc_stances_test.csv", [[HEADLINE, "1", "disagree"],
                                                                                  [HEADLINE, "2", "agree"]])):
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Headline", "Body ID", "Stance"])
            writer.writerows(rows)


def test_article_level_sets_pass_headline_then_body_and_stay_out_of_the_reliability_table(tmp_path: Path) -> None:
    _arc_folder(tmp_path)
    seen: list[tuple[str, str]] = []

    def check(pairs: Sequence[tuple[str, str]]) -> list[Verdict]:
        seen.extend(pairs)
        return [Verdict("not true" in body, 0.9 if "not true" in body else 0.0) for _, body in pairs]

    board = score_sets(lambda pairs: [Verdict(False, 0.0) for _ in pairs], tmp_path, 10, check=check)
    (article_level,) = [s for s in board.sets if s.name == ARTICLE_LEVEL[0][0]]
    assert sorted(seen) == [(HEADLINE, "The mayor was arrested."), (HEADLINE, "This is not true: nobody was arrested.")]
    assert (article_level.system.tp, article_level.system.fp, article_level.system.tn) == (1, 0, 1)
    # The rule reads the article's words: the disputing body has a denial word, the headline none.
    assert (article_level.baseline.tp, article_level.baseline.fp) == (1, 0)
    assert sum(pairs for *_, pairs, _ in board.reliability) == 0  # no sentence set in this folder
    # Without a check, the article-level sets are not scored.
    assert not [s for s in score_sets(check, tmp_path, 10).sets if s.name == ARTICLE_LEVEL[0][0]]
