"""How a free text is read for ``/v1/compare``: its extracted claims and, when short, the text whole."""

from __future__ import annotations

from claims.extract.types import ExtractedClaim
from claims.linking.compare import VOICE, is_whole, statement_views


def claim(text: str, stance: str) -> ExtractedClaim:
    return ExtractedClaim(text=text, speaker=VOICE, stance=stance, negated=False, char_start=0, char_end=len(text),
                          sentence_index=0, checkworthy=True, time=None, statement=text)


def whole_of(text: str, *claims: ExtractedClaim) -> str:
    """The stance the text is read with whole: its whole reading, or the one claim that already reads it so."""
    views = statement_views(list(claims), text, 1, None, limit=8)
    return (next((v for v in views if is_whole(v)), None) or next(v for v in views if v.text == text)).stance


def test_a_hedged_headline_read_whole_is_hedged_not_asserted() -> None:
    headline = "Predator Drone Reportedly Sighted Circling Raqqa, Syria"
    assert whole_of(headline, claim(headline, "hedged")) == "hedged"
    assert whole_of("Street Artist BANKSY Arrested? Again?", claim("Street Artist BANKSY Arrested", "questions")) \
        == "questions"


def test_a_whole_text_asserts_when_its_claims_differ_or_deny_or_are_missing() -> None:
    assert whole_of("Has this woman fallen victim to a hoax? The video isn't all it seems",
                    claim("This woman has fallen victim to a hoax", "questions"),
                    claim("The video isn't all it seems", "asserts")) == "asserts"
    # The whole text holds the cue words; a denial's text must be the bare proposition it denies.
    assert whole_of("Kurds Deny Gill Rosenberg was in Kobane", claim("Gill Rosenberg was in Kobane", "denies")) \
        == "asserts"
    assert whole_of("Rumor: Apple Watch to feature 512MB of RAM") == "asserts"


def attributed(text: str, proposition: str, speaker: str, stance: str = "asserts") -> ExtractedClaim:
    return ExtractedClaim(text=proposition, speaker=speaker, stance=stance, negated=False, char_start=0,
                          char_end=len(text), sentence_index=0, checkworthy=True, time=None, statement=text)


def test_a_text_that_is_one_attributed_statement_is_not_read_again_as_the_outlets_assertion() -> None:
    # Read whole, "Isis claims P" is the outlet asserting the words "Isis claims P", against P a
    # contradiction the classifier half believes; read as extracted, it is Isis asserting P.
    text = "Isis claims US hostage killed in coalition airstrike"
    views = statement_views([attributed(text, "US hostage killed in coalition airstrike", "Isis")], text, 1, None, 8)
    assert [(v.speaker, v.text) for v in views] == [("Isis", "US hostage killed in coalition airstrike")]
    # Unattributed, the text is read as the outlet's assertion of these words (once: see below); the
    # whole reading stays beside a denial, whose own reading weighs only the bare proposition ("Banksy arrest").
    assert [(v.speaker, v.text, v.stance) for v in statement_views([claim(text, "asserts")], text, 1, None, 8)] \
        == [(VOICE, text, "asserts")]
    denial = "Met police denies reports of Banksy arrest"
    assert any(is_whole(v) for v in statement_views([attributed(denial, "Banksy arrest", "Met police", "denies")],
                                                     denial, 1, None, 8))
    # A label before a colon ("Unconfirmed:", "Update:") is nobody's words: the statement is still the whole text.
    labelled = "Unconfirmed: " + text
    assert not any(is_whole(v) for v in statement_views(
        [attributed(text, "US hostage killed in coalition airstrike", "Isis")], labelled, 1, None, 8))
    # A statement that is only part of the text leaves the rest to the whole reading.
    longer = text + ", monitors say"
    assert any(is_whole(v) for v in statement_views(
        [attributed(text, "US hostage killed in coalition airstrike", "Isis")], longer, 1, None, 8))


def test_a_text_is_not_read_twice_the_same_way() -> None:
    """A one-claim text in its own voice is often exactly its whole reading: the classifier would read the same
    pair twice for one text and four times for two.  A reading that differs in anything (here the claim's own
    negation, which the whole reading does not carry) is kept."""
    text = "Axl Rose is not dead"
    [only] = statement_views([claim(text, "asserts")], text, 1, None, 8)
    assert (only.text, only.stance) == (text, "asserts") and not is_whole(only)
    negated = ExtractedClaim(text=text, speaker=VOICE, stance="asserts", negated=True, char_start=0,
                             char_end=len(text), sentence_index=0, checkworthy=True, time=None, statement=text)
    assert [is_whole(v) for v in statement_views([negated], text, 1, None, 8)] == [False, True]
