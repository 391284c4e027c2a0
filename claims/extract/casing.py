"""Parse headline-cased lines as if they were written in sentence case.

A headline in Title Case or ALL CAPS ("Kurds Deny Gill Rosenberg Was In Kobane", "Axl
Rose NOT Dead") defeats a parser trained on sentence case: every word reads as a proper
noun, so "Deny" is no verb and no denial is found.  Such lines are parsed from a copy in
which every word that is not part of a named entity is lower-cased (and the verbs and function
words a long name ran on over, ``run_on_words``); the copy has exactly
the same length, so every character offset still points into the text as submitted, and
the words of the document stay as written (only the parse comes from the copy).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from spacy.language import Language
from spacy.tokens import Doc, Token

from claims.extract import lexicon as lx

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Named entities keep their capitals in the copy, so the parser and the recogniser still see names.
KEPT_ENTITIES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART"}
# A line is headline-cased when most of its longer words start with a capital (sentence case
# capitalises the first word and the names only).
MIN_WORDS, HEADLINE_SHARE = 4, 0.7
# A negation shouted in capitals ("Axl Rose NOT Dead") is a headline's device even in a short line;
# the parser reads a capitalised "NOT" as a name.
_SHOUTED_NEGATION = re.compile(r"\b(?:NOT|NEVER|NO|ISN'T|WASN'T|DIDN'T|DOESN'T|AREN'T)\b")


def _inflections(lemma: str) -> set[str]:
    """A regular verb's written forms: deny -> denies, denied; rebut -> rebuts, rebutted."""
    vowels = set("aeiou")
    if lemma.endswith("y") and lemma[-2] not in vowels:
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied"}
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif len(lemma) > 3 and lemma[-1] in "tl" and lemma[-2] in vowels and lemma[-3] not in vowels:
        past = lemma + lemma[-1] + "ed"  # rebutted, dispelled
    else:
        past = lemma + "ed"
    return {lemma, third, past}


# A denial or attribution verb is the headline's point, and the tagger, seeing it capitalised,
# often makes it part of a name ("[Boko Haram Denies Truce], Says ...") or a name of its own
# ("Obama administration DENIES claim"): such a word is lower-cased in the copy wherever it stands.
CUE_VERBS = frozenset(form for lemma in lx.DENY_VERBS | lx.END_VERBS | {"claim"} for form in _inflections(lemma)) | {
    "say", "says", "said"}
_SHOUTED_CUE = re.compile(r"\b(?:" + "|".join(sorted(form.upper() for form in CUE_VERBS)) + r")\b")


def headline_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the lines written in Title Case or ALL CAPS."""
    ranges = []
    for line in _LINE.finditer(text):
        words = [w for w in _WORD.findall(line.group()) if len(w) > 3]
        capitalised = bool(words) and sum(w[0].isupper() for w in words) >= HEADLINE_SHARE * len(words)
        shouted = _SHOUTED_NEGATION.search(line.group()) or _SHOUTED_CUE.search(line.group())
        if (capitalised and len(words) >= MIN_WORDS) or shouted:
            ranges.append((line.start(), line.end()))
    return ranges


# A name the recogniser finds in a Title Case line can run on over the words after it: "[Christian Bale
# Drops Out] of ...", "[Fox Affiliate Falls] for ...", "Did [Banksy Post This Poignant Tribute] ...".  In a
# name of this many words or more, a word that the all-lower-case line's parse reads as a verb or a
# function word is no part of it.  Shorter names are left alone: "Will Smith" is no modal and a name.
RUNAWAY_NAME_WORDS = 3
NOT_NAME_POS = frozenset({"AUX", "ADP", "DET", "PART", "PRON", "SCONJ", "CCONJ"})
# ... and of verbs only an inflected finite form ("drops", "confirmed": the lemma differs, so the tagger did
# not take an unknown name for a verb), or a base form after "to" or a modal ("Apple Watch to Ship") or as
# the line's main verb ("Did Banksy Post This ..."); a base form elsewhere is as often a noun.
NOT_NAME_TAGS = frozenset({"VBZ", "VBD"})


def _lowered(line: str) -> str:
    """The line lower-cased but for its first letter, letter for letter (same length)."""
    return line[:1] + "".join(c.lower() if len(c.lower()) == 1 else c for c in line[1:])


def not_name_words(nlp: Language, text: str, ranges: list[tuple[int, int]]) -> set[int]:
    """Offsets of the words in headline lines that the parse of the line all in lower case reads as
    finite verbs or function words (``NOT_NAME_TAGS``, ``NOT_NAME_POS``).  Only the headline lines are
    parsed again, not the text around them."""
    return {start + t.idx for start, end in ranges for t in nlp(_lowered(text[start:end])) if _no_name_word(t)}


def run_on_words(nlp: Language, doc: Doc, ranges: list[tuple[int, int]]) -> set[int]:
    """Offsets of the words a long name ran on over (``RUNAWAY_NAME_WORDS``): its words that are no
    name's words (``not_name_words``).  Only a headline line holding such a name is parsed again."""
    long_names = {t.idx for e in doc.ents if len(e) >= RUNAWAY_NAME_WORDS for t in e}
    lines = [(start, end) for start, end in ranges if any(start <= i < end for i in long_names)]
    return long_names & not_name_words(nlp, doc.text, lines) if lines else set()


def _no_name_word(token: Token) -> bool:
    if token.pos_ in NOT_NAME_POS:
        return True
    if token.tag_ in NOT_NAME_TAGS:
        return token.lemma_.lower() != token.lower_
    return token.tag_ == "VB" and (token.dep_ == "ROOT" or (token.i > 0 and token.nbor(-1).tag_ in {"TO", "MD"}))


def sentence_cased(doc: Doc, ranges: list[tuple[int, int]], run_on: AbstractSet[int] = frozenset()) -> str:
    """The text with the headline lines' non-entity words lower-cased (first word of a line kept),
    and their cue verbs lower-cased even inside a name, as are the words a long name ran on over
    (``run_on``, from ``run_on_words``)."""
    chars = list(doc.text)
    starts = {start for start, _ in ranges}
    for token in doc:
        inside = any(start <= token.idx < end for start, end in ranges)
        cue = token.lower_ in CUE_VERBS and not token.is_lower
        no_name = token.idx in run_on
        if not inside or token.idx in starts or (token.ent_type_ in KEPT_ENTITIES and not cue and not no_name):
            continue
        lowered = token.text.lower()
        if len(lowered) == len(token.text):  # a few letters change length when lower-cased: keep those
            chars[token.idx:token.idx + len(lowered)] = lowered
    return "".join(chars)


def parse(nlp: Language, text: str) -> Doc:
    """``nlp(text)``, with headline-cased lines parsed from their sentence-cased copy."""
    doc = nlp(text)
    ranges = headline_lines(text)
    if not ranges:
        return doc
    parsed = nlp(sentence_cased(doc, ranges, run_on_words(nlp, doc, ranges)))
    # The copy's parse on the words as written: same offsets, so each word is the same slice.
    words = [text[t.idx:t.idx + len(t.text)] for t in parsed]
    ents = [f"B-{t.ent_type_}" if t.ent_iob_ == "B" else f"I-{t.ent_type_}" if t.ent_iob_ == "I" else "O"
            for t in parsed]
    return Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in parsed],
               tags=[t.tag_ for t in parsed], pos=[t.pos_ for t in parsed], morphs=[str(t.morph) for t in parsed],
               lemmas=[t.lemma_ for t in parsed], heads=[t.head.i for t in parsed], deps=[t.dep_ for t in parsed],
               sent_starts=[bool(t.is_sent_start) for t in parsed], ents=ents)
