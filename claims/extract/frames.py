"""Attribution frames in a parsed sentence: who says what, with which stance.

A frame is a reporting verb (``said``, ``refuted``, ``accuse``), its speaker and the
clause that carries the proposition.  Frames are read off spaCy's dependency parse;
the verb lists live in ``claims.extract.lexicon``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from claims.extract import lexicon as lx

CLAUSE_DEPS = {"ccomp", "xcomp", "acl", "relcl", "advcl", "pcomp", "conj", "parataxis"}


@dataclass
class Frame:
    verb: Token
    speaker: list[Token]  # tokens naming the speaker (may be empty: inherit)
    content: Token  # head of the clause carrying the proposition
    stance: str
    subject_override: list[Token] = field(default_factory=list)  # "accuse Russia of supporting"
    extra_speakers: list[tuple[list[Token], str]] = field(default_factory=list)  # ("media reports", asserts)


def stance_of_verb(lemma: str) -> str:
    if lemma in lx.DENY_VERBS:
        return "denies"
    if lemma in lx.ACCUSE_VERBS:
        return "accuses"
    if lemma in lx.EXPECT_VERBS:
        return "expects"
    if lemma in lx.QUESTION_VERBS:
        return "questions"
    if lemma in lx.HEDGE_VERBS:
        return "hedged"
    return "asserts"


def noun_phrase(token: Token) -> list[Token]:
    """The phrase a noun heads, without clauses, appositions or trailing punctuation."""
    keep: list[Token] = []

    def walk(node: Token) -> None:
        keep.append(node)
        for child in node.children:
            if child.dep_ == "case" and node is token:
                continue  # "the ministry['s] statement": the possessive marker is not part of the name
            if child.dep_ in {"relcl", "acl", "punct", "advcl", "appos"}:
                if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                    walk(child)  # "Russia's top diplomat Sergei Lavrov"
                continue
            if child.dep_ == "prep" and child.i > node.i:
                continue
            walk(child)

    walk(token)
    return sorted(keep, key=lambda t: t.i)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


def _content_clause(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"ccomp", "parataxis"} and child.pos_ in {"VERB", "AUX"}:
            return child
    return None


def speaker_tokens(verb: Token) -> list[Token]:
    """The speaker of a reporting verb, following possessors and "according to"."""
    subject = _subject(verb)
    if subject is not None:
        if subject.lemma_.lower() in lx.STATEMENT_NOUNS:
            for child in subject.children:
                if child.dep_ == "poss":
                    return noun_phrase(child)
        return noun_phrase(subject)
    if verb.dep_ in {"advcl", "acl", "pcomp"} and verb.i > 0:
        before = verb.doc[verb.i - 1]
        if before.pos_ in {"NOUN", "PROPN"} and before.head is not verb and before.dep_ == "conj":
            return noun_phrase(before)  # "... and the Kremlin chief saying ..."
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in lx.STATEMENT_NOUNS:
        owner = _subject(verb.head.head)  # "the ministry issued a statement saying ..."
        return noun_phrase(owner) if owner is not None else []
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return noun_phrase(verb.head)
    return []


def according_to(sentence: Span) -> list[Token]:
    for token in sentence:
        if token.lower_ == "according" and token.i + 2 <= sentence.end:
            to = token.doc[token.i + 1]
            for child in to.children:
                if child.dep_ == "pobj":
                    return noun_phrase(child)
    return []


def find_frames(sentence: Span) -> list[Frame]:
    frames: list[Frame] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ not in {"VERB", "AUX"} or lemma not in lx.ATTRIBUTION_VERBS:
            continue
        if any(child.dep_ == "neg" for child in token.children):
            continue  # "X did not say that ..." attributes nothing
        stance = stance_of_verb(lemma)
        content = _content_clause(token)
        frame: Frame | None = None
        if content is not None:
            frame = Frame(token, speaker_tokens(token), content, stance)
        elif lemma in lx.ACCUSE_VERBS:
            frame = _accusation(token, stance)
        if frame is None:
            frame = _report_object(token, stance)
        if frame is None and token.dep_ == "relcl" and lemma in lx.DENY_VERBS:
            frame = Frame(token, speaker_tokens(token), token.head, "denies")  # "a charge Moscow denies"
        if frame is not None:
            frames.append(frame)
    return frames


def _accusation(verb: Token, stance: str) -> Frame | None:
    """ "accuse Russia of supporting separatists": proposition about the object."""
    target = next((c for c in verb.children if c.dep_ == "dobj"), None)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "for"}:
            clause = next((c for c in child.children if c.dep_ in {"pcomp", "pobj"}), None)
            if clause is not None:
                subject = noun_phrase(target) if target is not None else []
                return Frame(verb, speaker_tokens(verb), clause, stance, subject_override=subject)
    return None


def _report_object(verb: Token, stance: str) -> Frame | None:
    """ "refuted media reports that X": the reports' proposition, denied by the subject."""
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"} and child.lemma_.lower() in lx.REPORT_NOUNS:
            for clause in child.children:
                if clause.dep_ in {"acl", "ccomp", "relcl"} and any(c.dep_ == "mark" for c in clause.children):
                    frame = Frame(verb, speaker_tokens(verb), clause, stance)
                    frame.extra_speakers.append((noun_phrase(child), "asserts"))
                    return frame
    return None
