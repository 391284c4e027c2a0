"""Who speaks each sentence of an article: attributions, quotes, pronouns and the names seen before.

The frames (``claims.extract.frames``) say who speaks within one sentence; this module carries what an
article tells across sentences: the speaker of a quote attributed in its paragraph, whom "he" or "him"
stands for, "the ministry" named in full earlier, and the first person inside a quotation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from claims.extract import lexicon as lx
from claims.extract.clauses import render, subject_of
from claims.extract.frames import find_frames, reporting_aside
from claims.extract.sourced import according_to, colon_speaker
from claims.extract.speakers import Frame, noun_phrase, speaker_tokens

_QUOTES_OPEN = {'"', "“", "‘"}
# A blank line between two paragraphs, whitespace on it allowed: where a quote's attribution stops.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech; a quote never runs past a paragraph break."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char == "\n" and index + 1 < len(text) and text[index + 1] == "\n":
            opened = None
        elif char == "“" or (char == '"' and opened is None):
            opened = index if opened is None else opened
        elif char in {"”", '"'} and opened is not None:
            regions.append((opened, index))
            opened = None
    return regions


@dataclass
class ArticleState:
    """What the article has told so far, read sentence by sentence."""

    outlet: str
    published: date | None
    last_person: str | None = None
    last_quote_speaker: str | None = None
    quote_regions: list[tuple[int, int]] = field(default_factory=list)
    region_speakers: dict[int, str] = field(default_factory=dict)
    speakers: list[str] = field(default_factory=list)
    person_words: frozenset[str] = frozenset()  # the last word of every name tagged PERSON in the article


def _opens_next_paragraph(text: str, previous_end: int, start: int) -> bool:
    """The quote opens the paragraph right after the previous quote's: news runs one speaker's quote on
    over paragraphs and attributes it once ('"We all agree ...," Lavrov said.' then '"For now we don't
    have a joint approach ..."')."""
    between = text[previous_end:start]
    breaks = list(_PARAGRAPH_BREAK.finditer(between))
    return len(breaks) == 1 and not between[breaks[0].end():].strip(" \t\"“‘'")


def _person_before(pronoun: Token, speaker: str) -> str | None:
    """Whom an object pronoun stands for: the nearest person named before it in its sentence who
    is neither the speaker nor the pronoun's own subject ("the Kremlin chief saying the world should
    support him", after "the future role of Bashar al-Assad": him = Bashar al-Assad)."""
    subject = subject_of(pronoun.head) if pronoun.dep_ != "pobj" else subject_of(pronoun.head.head)
    for entity in reversed(pronoun.sent.ents):
        if entity.label_ != "PERSON" or entity.end > pronoun.i:
            continue
        # The tagger may take the possessive into the name ("[Charles Manson's] fiance"); "him" is the man.
        words = [t for t in entity if t.tag_ != "POS"]
        name = entity.doc[words[0].i:words[-1].i + 1].text if words else entity.text
        if speaker and (name in speaker or speaker in name):
            continue
        if subject is not None and subject.i in range(entity.start, entity.end):
            continue
        return name
    return None


def speaker_of(frame: Frame, sentence: Span, state: ArticleState) -> str:
    """Who speaks a frame's content: its own subject, else the sentence's source ("according to X", a
    name before a headline's colon), else the clause it hangs off; "I"/"we" is the quote's speaker.
    Remembers the speaker for the sentences after (``state``)."""
    tokens = frame.speaker or according_to(sentence) or colon_speaker(sentence)
    if not tokens and frame.verb.dep_ in {"conj", "advcl", "xcomp"}:
        # "P, he said, telling RT it was a constructive discussion": the parser hangs "telling" on P's
        # verb, whose subject said nothing; the one who tells is the one who said.
        reporter = reporting_aside(frame.verb.head)
        tokens = speaker_tokens(reporter) if reporter is not None else []
    if not tokens and frame.verb.dep_ in {"conj", "advcl", "xcomp", "acl", "ccomp"}:
        governor = frame.verb.head
        governor_subject = subject_of(governor)
        while governor_subject is None and governor.dep_ in {"conj", "xcomp"} and governor.head.i != governor.i:
            # "Morin goes back on his pledge, refuses to confirm or deny ...": a coordinated verb shares the
            # subject of the verb it is coordinated with.
            governor = governor.head
            governor_subject = subject_of(governor)
        tokens = noun_phrase(governor_subject, speaker=True) if governor_subject is not None else []
    if not tokens:
        # A headline's second verb has no subject of its own: "Boko Haram denies truce, says P".
        earlier = [subject for c in frame.verb.children if c.dep_ in {"ccomp", "conj"} and c.i < frame.verb.i
                   and any(t.text == "," for t in sentence.doc[c.i:frame.verb.i])
                   and (subject := subject_of(c)) is not None]
        tokens = noun_phrase(earlier[0], speaker=True) if earlier else []
    people = [t for t in tokens if t.ent_type_ == "PERSON"]
    # ... but a person who only names a body is not its speaker: "the Obama administration denies".
    heads = [t for t in tokens if t.head not in tokens or t.head.i == t.i]
    body = bool(heads) and heads[0].ent_type_ != "PERSON" and not any(
        c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in heads[0].children)
    if people and not body and tokens[0].lower_ not in lx.PRONOUNS:
        # "Russia's top diplomat Sergei Lavrov" -> "Sergei Lavrov": the person is the speaker.
        tokens = [t for t in tokens if t.ent_type_ == "PERSON" and t.i >= people[0].i and t.i <= people[-1].i]
    name = resolve_name(render(tokens, {}, capitalize=False), state) if tokens else state.outlet
    if name.lower() in {"i", "we"}:
        # First person inside a quote: the quote's speaker, named at its end or before it.
        name = (_region_speaker(sentence, state) or _next_attribution(sentence)
                or state.last_quote_speaker or state.outlet)
    if name != state.outlet:
        state.speakers.append(name)
        if any(t.ent_type_ == "PERSON" for t in tokens) or name == state.last_person:
            state.last_person = name
        if any(t.text in _QUOTES_OPEN or t.text in {"”", '"'} for t in sentence):
            state.last_quote_speaker = name
    return name

def resolve_name(name: str, state: ArticleState) -> str:
    """A pronoun or a short "the ministry" as the article named it before."""
    lowered = name.lower()
    if lowered in lx.PRONOUNS and state.last_person:
        return state.last_person
    if lowered.startswith("the ") and len(lowered.split()) <= 3:
        head = lowered.split()[-1]
        for earlier in reversed(state.speakers):
            if head in earlier.lower() and earlier.lower() != lowered:
                return earlier  # "the ministry" -> "Russia's foreign ministry"
    return name

def unattributed_speaker(sentence: Span, state: ArticleState) -> str:
    """The voice of a sentence with no attribution of its own: its quote's speaker, a name before a
    headline's colon, else the outlet."""
    region_speaker = _region_speaker(sentence, state)
    if region_speaker:
        return region_speaker
    prefix = colon_speaker(sentence)
    return render(prefix, {}, capitalize=False) if prefix else state.outlet

def quote_speakers(doc: Doc, regions: list[tuple[int, int]]) -> dict[int, str]:
    """The named speaker of each quotation, from an attribution in its own paragraph.

    An attribution outside the quote marks ("..., he said") wins over a verb inside it
    ("Russia and Iran say ..."); a quote with none continues the paragraph's previous quote
    ('"X," she said. "Y."'); a sentence across a paragraph break never attributes a quote.
    """
    speakers: dict[int, str] = {}
    sentences = list(doc.sents)
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(doc.text)]

    def paragraph(position: int) -> int:
        return bisect.bisect_right(breaks, position)

    for number, (start, end) in enumerate(regions):
        frames = []
        for sentence in sentences:
            # spaCy may start a sentence with the previous paragraph's closing quote mark
            first = next((t.idx for t in sentence if t.is_alpha), sentence.start_char)
            # A sentence touching the quote, or leading into it ("The official added: “..."), in
            # the quote's own paragraph.
            if sentence.end_char < start - 3 or first > end + 2 or paragraph(first) not in {
                    paragraph(start), paragraph(end)}:
                continue
            frames += [f for f in find_frames(sentence) if f.speaker and f.speaker[0].lower_ not in {"i", "we"}]
        outside = [f for f in frames if not any(a <= f.verb.idx < b for a, b in regions)]
        frame = next(iter(outside or frames), None)
        if frame is not None:
            speakers[number] = render(frame.speaker, {}, capitalize=False)
        elif number - 1 in speakers and (paragraph(regions[number - 1][1]) == paragraph(start)
                                          or _opens_next_paragraph(doc.text, regions[number - 1][1], start)):
            speakers[number] = speakers[number - 1]
    return speakers

def _region_speaker(sentence: Span, state: ArticleState) -> str | None:
    first = next((t.idx for t in sentence if t.is_alpha), sentence.start_char)
    for number, (start, end) in enumerate(state.quote_regions):
        if start <= first < end and number in state.region_speakers:
            return resolve_name(state.region_speakers[number], state)
    return None

def _next_attribution(sentence: Span) -> str | None:
    """For an open quote whose attribution comes in the next sentence of the paragraph."""
    doc = sentence.doc
    if sentence.end >= len(doc):
        return None
    later = doc[sentence.end].sent
    if "\n\n" in doc.text[sentence.end_char:later.start_char]:
        return None
    frames = find_frames(later)
    if frames and frames[0].speaker:
        return render(frames[0].speaker, {}, capitalize=False)
    return None

def remember_people(sentence: Span, state: ArticleState) -> None:
    subject = subject_of(sentence.root)
    # A surname the tagger reads as a person anywhere in the article is one here too ("Cavusoglu was
    # asked ..." tagged ORG, after "Turkish Foreign Minister Mevlut Cavusoglu" tagged PERSON).
    if subject is not None and (subject.ent_type_ == "PERSON" or subject.text in state.person_words):
        state.last_person = render(noun_phrase(subject), {}, capitalize=False)

def pronouns(words: list[Token], state: ArticleState, speaker: str) -> dict[int, str]:
    """Token index -> the name a subject "he"/"she" or an object "him"/"her" stands for."""
    replacements: dict[int, str] = {}
    for word in words:
        if word.lower_ in {"he", "she"} and word.dep_ in {"nsubj", "nsubjpass"}:
            if speaker != state.outlet and speaker.lower() not in lx.PRONOUNS:
                replacements[word.i] = speaker
            elif state.last_person:
                replacements[word.i] = state.last_person
        elif word.lower_ in {"him", "her"} and word.tag_ == "PRP" and word.dep_ in {"dobj", "pobj", "dative"}:
            named = _person_before(word, speaker)
            if named is not None:
                replacements[word.i] = named
    return replacements
