"""Attributions with no reporting verb of their own: a headline's colon ("Denis McDonough: No threats
were made"), "according to", a reporting verb set between commas, a source closing the sentence
("…, report claims").  Read only where no verb frame is found (``frames.find_frames``).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.extract import lexicon as lx
from claims.extract.speakers import (
    Frame,
    attributes_nothing,
    nominal_subject,
    noun_phrase,
    speaker_tokens,
    stance_of_verb,
)


def sourced_frame(sentence: Span) -> Frame | None:
    """The first of these frames the sentence has, or none."""
    return (_according_to_frame(sentence) or _colon_frame(sentence) or _parenthetical_frame(sentence)
            or _closing_source_frame(sentence))


def _colon_at(words: list[Token]) -> int:
    """Where a headline's colon is among its first nine words; 0 for none (nothing comes before it)."""
    return next((n for n, t in enumerate(words[:9]) if t.text == ":"), 0)


def colon_speaker(sentence: Span) -> list[Token]:
    """Headline attribution: "DHS: claims ... false", "Official: prisoner reaching out to Taliban"; or the
    source after a closing colon ("...: source", ``closing_colon_source``)."""
    words = [t for t in sentence if not t.is_space]
    return _named_before_colon(words, _colon_at(words)) or closing_colon_source(sentence)[1:]


def closing_colon_source(sentence: Span) -> list[Token]:
    """The colon and source that close a headline: "Manson's fiance wanted to marry him for his corpse:
    source", "Police arrested three men: Reuters", "Baghdadi wounded in airstrike: claims".  A source noun, a
    report noun or a person's or organisation's name, at most four words, after at least three; not a place
    or a story's part ("Ebola outbreak: Liberia", "The Apple Watch: a review").  Only in a headline: a
    sentence that ends in a full stop lists after its colon ("... attended by two groups: the police")."""
    words = [t for t in sentence if not t.is_space]
    if words and words[-1].text == ".":
        return []
    words = _without_closing_punct(words)
    colon = max((n for n, t in enumerate(words) if t.text == ":"), default=-1)
    source = words[colon + 1:]
    if colon < 3 or not 1 <= len(source) <= 4 or not all(t.pos_ in {"NOUN", "PROPN", "DET", "ADJ"} for t in source):
        return []
    last = source[-1]
    if any(t.lower_ in lx.ANSWER_WORDS | lx.FALSITY_WORDS for t in source):
        return []  # an answer, not a source: "The Batmobile might have been stolen. UPDATE: Nope"
    named = any(t.ent_type_ in {"PERSON", "ORG"} for t in source) or (
        last.pos_ == "PROPN" and not any(t.ent_type_ in {"GPE", "LOC", "NORP", "DATE", "EVENT"} for t in source))
    return [words[colon], *source] if named or last.lemma_.lower() in lx.SOURCE_NOUNS | lx.REPORT_NOUNS else []


def _without_closing_punct(words: list[Token]) -> list[Token]:
    """The words without the punctuation that closes them."""
    end = len(words)
    while end and words[end - 1].is_punct:
        end -= 1
    return words[:end]


def heads_before(words: list[Token], cut: int) -> list[Token]:
    """The verbs among ``words`` before token ``cut`` that hang from nothing before it: the heads of the clause a
    source closing the sentence reports ("P, report claims", "P: source")."""
    return [t for t in words if t.i < cut and t.pos_ in {"VERB", "AUX"} and (t.head.i >= cut or t.head.i == t.i)]


def _colon_label(words: list[Token], colon: int) -> list[Token]:
    """The words before a headline's colon when they label the story rather than name a source: a one-word
    label ("Update:", "Exclusive:"), or what the story is about ("Jon Stewart hoax:", "Ebola rumour:")."""
    if not colon or colon == len(words) - 1:
        return []
    labelled = ((colon == 1 and words[0].lower_ in lx.HEADLINE_LABELS)
                or words[colon - 1].lower_ in lx.FALSITY_WORDS | lx.HEDGE_LABELS)
    return words[:colon] if labelled else []


def _named_before_colon(words: list[Token], colon: int) -> list[Token]:
    """The speaker a headline names before its colon (``_colon_at``), or nothing."""
    if not colon or colon == len(words) - 1 or _colon_label(words, colon):
        return []
    prefix = words[:colon]
    # "Secretary of State John Kerry:", "White House Chief Of Staff Denis McDonough:" (an "of" inside a title).
    if not all(t.pos_ in {"PROPN", "NOUN", "ADJ", "DET", "PART"} or (t.lower_ == "of" and 0 < n < colon - 1)
               for n, t in enumerate(prefix)):
        return []
    # It names someone: a name, or a noun for a person or a source ("Prosecutor:", "Study:"), not the
    # story's own words ("No joke: ...", "Party invoice: ...").
    names = any(t.pos_ == "PROPN" or t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in prefix)
    return prefix if names or prefix[-1].lemma_.lower() in lx.SOURCE_NOUNS else []


def according_to(sentence: Span) -> list[Token]:
    for token in sentence:
        if token.lower_ == "according":
            source = _source_after(token, sentence)
            if source:
                return source
    return []


def _source_after(according: Token, sentence: Span) -> list[Token]:
    """The source an "according to" names: "according to [a spokeswoman for the ministry]"."""
    if according.i + 2 > sentence.end:
        return []
    return next((noun_phrase(child, speaker=True) for child in according.doc[according.i + 1].children
                 if child.dep_ == "pobj"), [])


def _parenthetical_frame(sentence: Span) -> Frame | None:
    """ "Rather than a bulwark against extremism, Obama argued, Assad drives Syrians into the arms of such
    groups": a reporting verb set into the sentence between commas, with no clause of its own, reports the
    sentence it sits in (the parser hangs it on the main verb)."""
    root = sentence.root
    if root.pos_ not in {"VERB", "AUX"}:
        return None
    for child in root.children:
        if (child.dep_ == "parataxis" and child.lemma_.lower() in lx.ATTRIBUTION_VERBS
                and nominal_subject(child) is not None
                and not any(c.dep_ == "neg" for c in child.children) and not attributes_nothing(child)):
            aside = sorted(child.subtree, key=lambda t: t.i)
            return Frame(child, speaker_tokens(child), root, stance_of_verb(child.lemma_.lower()),
                         cue=aside + _comma_at(aside[0].i - 1, sentence))
    return None


def _comma_at(i: int, sentence: Span) -> list[Token]:
    """The comma at position ``i`` of the sentence, which sets a cue off from its clause; none if it is not one."""
    return [sentence.doc[i]] if sentence.start <= i < sentence.end and sentence.doc[i].text == "," else []


def _colon_frame(sentence: Span) -> Frame | None:
    """ "Denis McDonough: No threats were made to the families", "Secretary of State John Kerry: Russia is
    helping Assad": the name before a headline's colon says what follows.  The parser often hangs that
    name into the clause (as its subject, or the clause onto the name), so the clause is the first verb
    after the colon that no later word governs, and the name is cue: in the statement, not the proposition.
    Verbless ("Prosecutor: students not in mass graves") is ``clauses.negated_fragment``'s.  After a label
    ("Update: the mayor was arrested") the clause is the outlet's own."""
    words = [t for t in sentence if not t.is_space]
    colon_at = _colon_at(words)
    speaker, label = _named_before_colon(words, colon_at), _colon_label(words, colon_at)
    prefix = speaker or label
    if not prefix:
        return None
    colon = prefix[-1].i + 1
    head = next((t for t in sentence if t.i > colon and t.pos_ in {"VERB", "AUX"}
                 and (t.head.i <= colon or t.head.i == t.i)), None)
    if head is None:
        return None
    # "Rumor: Apple Watch to feature 512MB of RAM" is the outlet passing a rumour on, not asserting it.
    stance = "hedged" if label and label[-1].lower_ in lx.HEDGE_LABELS else "asserts"
    # A subject the parser hung onto the words before the colon: "Rumor: [Apple Watch] to feature 512MB".
    inside = {t.i for t in head.subtree}
    stranded = [t for t in sentence if colon < t.i < head.i and t.i not in inside and not t.is_punct]
    subject = stranded if nominal_subject(head) is None and stranded and stranded[-1].i == head.left_edge.i - 1 else []
    return Frame(sentence.doc[colon], speaker, head, stance, cue=list(prefix), subject_override=subject)


def _according_to_frame(sentence: Span) -> Frame | None:
    """ "The suspect fled, according to police": police assert that the suspect fled.  The source phrase
    (and its comma) is the cue: part of the statement an editor reads, not of the proposition."""
    for token in sentence:
        if token.lower_ != "according" or token.head.i == token.i or token.head.pos_ not in {"VERB", "AUX"}:
            continue
        source = _source_after(token, sentence)
        if not source:
            return None
        cue = sorted(token.subtree, key=lambda t: t.i)
        return Frame(token, source, token.head, "asserts",
                     cue=cue + _comma_at(cue[0].i - 1, sentence) + _comma_at(cue[-1].i + 1, sentence))
    return None


def _closing_source_frame(sentence: Span) -> Frame | None:
    """ "Apple will launch a phone, report claims", "..., lawsuit claims", "..., police claim": a source and
    its reporting verb after the sentence's last comma, closing it.  After a bare noun the verb reads as a
    noun ("report claims", a compound), so the parser finds no reporting verb and hangs the clause from a
    noun: the claim was lost, or kept the source in its proposition and the outlet as its speaker.  The
    source and the verb are the cue; the clause before the comma is the proposition."""
    words = _without_closing_punct([t for t in sentence if not t.is_space])
    commas = [n for n, t in enumerate(words) if t.text == ","]
    if not commas or not 2 <= len(words) - commas[-1] - 1 <= 4:
        return None
    comma, source, verb = words[commas[-1]], words[commas[-1] + 1:-1], words[-1]
    if (verb.lemma_.lower() not in lx.ATTRIBUTION_VERBS or verb.lower_.endswith("ing")
            or not all(t.pos_ in {"NOUN", "PROPN", "DET", "ADJ"} for t in source)
            or not any(t.pos_ in {"NOUN", "PROPN"} for t in source)
            or any(t.lower_ in {"no", "none", "neither", "nobody"} for t in source)):  # "no questions asked"
        return None
    # The clause before the comma: a verb there that hangs from nothing before the comma and governs
    # nearly all of it.  A parse that leaves most of it elsewhere is too broken to say what the source said.
    before = [t for t in words[:commas[-1]] if not t.is_punct]
    heads = heads_before(before, comma.i)
    covered = {t: sum(1 for w in t.subtree if w.i < comma.i and not w.is_punct) for t in heads}
    head = max(heads, key=covered.__getitem__, default=None)
    if head is None or covered[head] < 0.8 * len(before):
        return None
    return Frame(verb, source, head, stance_of_verb(verb.lemma_.lower()), cue=[comma, *source, verb])
