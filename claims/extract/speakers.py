"""Who says it: the frame a reporting verb opens, its speaker and the clause it reports.

Shared by the frames read off a reporting verb (``claims.extract.frames``) and the ones a sentence's
shape gives without one (``claims.extract.sourced``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from claims.extract import lexicon as lx


@dataclass
class Frame:
    verb: Token
    speaker: list[Token]  # tokens naming the speaker (may be empty: inherit)
    content: Token  # head of the clause carrying the proposition
    stance: str
    subject_override: list[Token] = field(default_factory=list)  # "accuse Russia of supporting"
    extra_speakers: list[tuple[list[Token], str]] = field(default_factory=list)  # ("media reports", asserts)
    # Words of the cue that belong to the statement but not to the proposition ("is false", "no evidence").
    cue: list[Token] = field(default_factory=list)
    # A negation the cue consumed: "No, X did not Y" denies "X did Y".
    dropped_negation: Token | None = None
    # Words of the verb's phrase that complete a denied noun ("denies truce [to release the girls]").
    complements: list[Token] = field(default_factory=list)
    # Fewer words than this make no claim; a denied noun is a claim in one word ("IBM denies layoffs").
    min_words: int = 3
    # What is denied was said before this sentence: "denied the reports", "called it a hoax", "the claims
    # are false".  The extractor puts the earlier claim it refers to in its place, or drops the frame.
    refers_back: bool = False


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


def noun_phrase(token: Token, speaker: bool = False) -> list[Token]:
    """The phrase a noun heads, without clauses, appositions or trailing punctuation.


    A following prepositional phrase is left out ("Russia [of supporting separatists]"), except in a
    speaker's name (``speaker``), where "of", "for", "at", "in" and "from" with one noun object say who
    it is: "a spokesman for the Kremlin", "some of its Gulf Arab allies", "the head of the IAEA"; but not
    a date ("officials on Monday").
    """
    keep: list[Token] = []


    def walk(node: Token) -> None:
        keep.append(node)
        for child in node.children:
            if child.dep_ == "case" and node.i == token.i:
                continue  # "the ministry['s] statement": the possessive marker is not part of the name
            if child.dep_ in {"relcl", "acl", "punct", "advcl", "appos"}:
                if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                    walk(child)  # "Russia's top diplomat Sergei Lavrov"
                elif child.dep_ == "punct" and _inside_word(child):
                    keep.append(child)  # "Canadian-Israeli", not "Canadian Israeli"
                continue
            if child.dep_ == "prep" and child.i > node.i and not (speaker and _names_who(child)):
                continue
            walk(child)


    walk(token)
    return sorted(keep, key=lambda t: t.i)


def _inside_word(mark: Token) -> bool:
    """A hyphen or apostrophe with no space on either side: part of the word it joins."""
    return (mark.text in {"-", "–", "'", "’"} and mark.i > 0 and not mark.doc[mark.i - 1].whitespace_
            and not mark.whitespace_ and mark.i + 1 < len(mark.doc))


def _names_who(prep: Token) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return (prep.lower_ in lx.SPEAKER_PREPOSITIONS and len(objects) == len(list(prep.children)) == 1
            and not any(t.ent_type_ in {"DATE", "TIME"} for t in objects[0].subtree))


def nominal_subject(verb: Token) -> Token | None:
    """A verb's noun subject, active or passive (``clauses.subject_of`` also takes "there" and a clause)."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


def content_clause(verb: Token) -> Token | None:
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "parataxis"} and c.pos_ in {"VERB", "AUX"}]
    # With a clause on each side ("X denies truce, says girls were married off"), what is said follows.
    after = [c for c in clauses if c.i > verb.i]
    chosen = after if len(clauses) > 1 and after else clauses
    return chosen[0] if chosen else None


def speaker_tokens(verb: Token) -> list[Token]:
    """The speaker of a reporting verb, following possessors and "according to"."""
    subject = nominal_subject(verb)
    if subject is not None and subject.lower_ in {"they", "it"} and verb.dep_ == "ccomp" and (
            verb.head.lemma_.lower() in lx.ASSERT_VERBS and nominal_subject(verb.head) is not None):
        # "Police said they had found no evidence": the one who reports is the one who found.
        return speaker_tokens(verb.head)
    if subject is not None:
        if subject.lemma_.lower() in lx.STATEMENT_NOUNS:
            for child in subject.children:
                if child.dep_ == "poss":
                    return noun_phrase(child, speaker=True)
        return noun_phrase(subject, speaker=True)
    if verb.dep_ == "xcomp" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "acomp":
        return speaker_tokens(verb.head.head)  # "The actor was quick to dismiss the claims": the actor's
    if verb.dep_ in {"advcl", "acl", "pcomp"} and verb.i > 0:
        before = verb.doc[verb.i - 1]
        if before.pos_ in {"NOUN", "PROPN"} and before.head.i != verb.i and before.dep_ == "conj":
            return noun_phrase(before, speaker=True)  # "... and the Kremlin chief saying ..."
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in lx.STATEMENT_NOUNS:
        owner = nominal_subject(verb.head.head)  # "the ministry issued a statement saying ..."
        return noun_phrase(owner, speaker=True) if owner is not None else []
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return noun_phrase(verb.head, speaker=True)
    return []


def impersonal(verb: Token) -> Token | None:
    """The placeholder subject of "It was reported that P", "It is alleged that P": no speaker, though
    the parser gives the verb a subject ("It" stood as the speaker).  The outlet relays the report."""
    placeholder = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.lower_ == "it"), None)
    return placeholder if placeholder is not None and any(c.dep_ == "auxpass" for c in verb.children) else None


def attributes_nothing(verb: Token) -> bool:
    """A reporting verb whose subject says nothing: no one, or the hearer of a passive "was told"."""
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and (subject.lower_ in lx.NOBODY or any(c.lower_ == "no" for c in subject.children)):
        return True
    return verb.lemma_.lower() in lx.HEARER_VERBS and any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
