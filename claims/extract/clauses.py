"""Atomic clauses and their words: splitting coordinated verbs, building claim text."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from claims.extract import lexicon as lx

_TRIM = set(" \t\n,;:-–—\"'“”‘’()[]")


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}:
            return child
    return None


def atomic_clauses(head: Token) -> list[Token]:
    """The clause head and every verb coordinated with it ("X agreed ... and will continue ...")."""
    heads = [head]
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
            heads.extend(atomic_clauses(child))
    return heads


def clause_tokens(head: Token, exclude: set[int]) -> list[Token]:
    """Words of one clause: its subtree minus coordinated clauses and the subordinator."""
    skip: set[int] = set(exclude)
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
            skip.update(t.i for t in child.subtree)
            # the "and" / "but" joining it, and the comma before it
            skip.update(c.i for c in head.children if c.dep_ in {"cc", "punct"} and c.i < child.i and c.i > head.i)
        if child.dep_ == "mark" and child.lower_ in {"that", "whether", "if"}:
            skip.add(child.i)
        if _imperative_aside(child, head):
            skip.update(t.i for t in child.subtree)
    return [t for t in head.subtree if t.i not in skip]


def _imperative_aside(child: Token, head: Token) -> bool:
    """ "Don't worry, X is not dead": an imperative before the clause, set off by a comma, says
    nothing about X and is no part of the proposition."""
    return (child.dep_ == "advcl" and child.tag_ == "VB" and child.i < head.i and subject_of(child) is None
            and any(t.text == "," and child.i < t.i < head.i for t in child.subtree))


def is_negated(head: Token) -> bool:
    if any(child.dep_ == "neg" or child.lower_ in {"never"} for child in head.children):
        return True
    if head.pos_ in {"NOUN", "PROPN", "PRON"} and any(
            g.dep_ == "neg" for c in head.children if c.dep_ in {"prep", "appos"} for g in c.children):
        return True  # a verbless headline: "Students not among the dead", "Bodies not those of the students"
    # "failed to agree", "have not been able to agree": the outcome is negative.
    if head.lemma_.lower() in lx.NEGATIVE_OUTCOME_VERBS and any(c.dep_ == "xcomp" for c in head.children):
        return True
    governor = head.head
    if head.dep_ == "xcomp" and governor is not head:
        if governor.lemma_.lower() in lx.NEGATIVE_OUTCOME_VERBS or any(c.dep_ == "neg" for c in governor.children):
            return True
        if governor.lemma_.lower() == "be" and governor.dep_ in {"xcomp", "ccomp", "ROOT", "conj"}:
            return is_negated(governor)
    if head.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.lower_ == "able" for c in head.children):
        return any(c.dep_ == "neg" for c in head.children)
    return any(c.dep_ == "det" and c.lower_ == "no" for c in head.children if c.dep_ in {"det"}) or any(
        g.dep_ == "det" and g.lower_ == "no" for c in head.children if c.dep_ in {"dobj", "nsubj"} for g in c.children)


def negated_fragment(sentence: Span) -> Token | None:
    """The head of a verbless headline that negates ("Mexican students not among bodies found in
    mass grave", "Prosecutor: students not in mass graves", "Homeland Security: No ISIL fighters on
    U.S. border"): a claim, though no verb states it."""
    root = sentence.root
    if root.pos_ in {"VERB", "AUX"}:
        return None
    head = root
    colon = next((c for c in root.children if c.text == ":"), None)
    if colon is not None:
        # "Prosecutor: P": the words after the colon are the speaker's claim (sourced.colon_speaker).
        head = next((c for c in root.children if c.i > colon.i and c.dep_ in {"appos", "dep", "npadvmod"}), root)
        if head.i == root.i:
            return None
    return head if head.pos_ in {"NOUN", "PROPN", "PRON"} and is_negated(head) else None


def participle_fragment(sentence: Span) -> Token | None:
    """The participle of a verbless headline that reports an event: "Three missing Afghan soldiers caught at
    Canadian border", "Journalist KILLED in hostage rescue attempt".  The parser reads the noun as the
    sentence and the participle as a modifier of it, so no verb stated anything and the claim was lost;
    the headline says the noun was caught.  Only where the participle follows its noun and nothing else in
    the sentence is a verb of its own."""
    root = sentence.root
    if root.pos_ not in {"NOUN", "PROPN"}:
        return None
    participles = [c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.i > root.i]
    if len(participles) != 1:
        return None
    inside = {t.i for t in participles[0].subtree}
    # ("missing" in "Three missing Afghan soldiers" modifies a noun: no verb of its own.)
    if any(t.pos_ in {"VERB", "AUX"} and t.i not in inside and t.dep_ not in {"amod", "compound"} for t in sentence):
        return None
    return participles[0]


def fragment_subject(participle: Token) -> list[Token]:
    """What a participle headline is about: its noun with what qualifies it ("Audio of gunfire in Michael Brown
    case [authenticated by app company]"), without an apposition ("Steven Sotloff[, American Journalist,]")."""
    noun = participle.head
    aside = {t.i for c in noun.children if c.dep_ in {"appos", "relcl", "acl"} for t in c.subtree}
    words = [t for t in noun.subtree if t.i < participle.i and t.i not in aside]
    while words and words[-1].is_punct:
        words.pop()
    return words


def content_stance(head: Token, words: list[Token], base: str) -> str:
    """Refine a frame's stance from the clause: hedges, plans and questions."""
    auxes = {c.lower_ for c in head.children if c.dep_ in {"aux", "advmod"}}
    if base == "expects" and auxes & lx.OBLIGATION_WORDS:
        # "Obama warned this must not mean keeping Assad in power": a position held now, not a forecast.
        return "asserts"
    if base != "asserts":
        return base
    lowered = {t.lower_ for t in words}
    if auxes & lx.HEDGE_WORDS or {"reportedly", "allegedly", "apparently"} & lowered:
        return "hedged"
    if auxes & lx.FUTURE_WORDS or head.lemma_.lower() in lx.FUTURE_LEMMAS:
        return "expects"
    if words and (any(t.text == "?" for t in words[-3:]) or _asks(words[-1])):
        return "questions"
    return base


def _asks(last: Token) -> bool:
    """The clause runs to a question mark: only punctuation (a closing quote) lies between."""
    for token in last.doc[last.i + 1:last.sent.end]:
        if token.text == "?":
            return True
        if not token.is_punct and not token.is_space:
            return False
    return False


def declarative(words: list[Token], replacements: dict[int, str]) -> tuple[list[Token], dict[int, str]]:
    """A question's words in the order of the statement it asks about: "Did Banksy post this?" reads "Banksy
    did post this", "Has the Batmobile been stolen?" "the Batmobile has been stolen".  The classifier
    compares statements: a question answered "probably not" is a denial of what it asks, and worded as a
    question ("Did Banksy post this poignant tribute ...") it read against "Artist Banksy drew a cartoon about
    the Charlie Hebdo murders" at p(supports) 0.02 (Emergent dev).  Only where the question opens with its
    auxiliary and the subject follows it."""
    opener = words[0] if words else None
    if (opener is None or len(words) < 3 or opener.lower_ not in lx.INVERTED_AUXILIARIES
            or not _question_mark_after(words[-1])):
        return words, replacements
    verb = opener.head if opener.dep_ in {"aux", "auxpass"} else opener
    subject = subject_of(verb)
    end = subject.right_edge.i if subject is not None else -1
    # The subject sits between the auxiliary and its verb ("Has [the Batmobile] been stolen"), with words
    # after it; a parse that runs it past the verb or to the end ("WAS [MIKE SEIDEL PEEING IN THE SNOW]?")
    # has no statement order to restore.
    if (subject is None or subject.left_edge.i != words[1].i or (verb.i != opener.i and end >= verb.i)
            or end >= max(w.i for w in words if not w.is_punct)):
        return words, replacements
    ordered = [w for w in words[1:] if w.i <= end] + [opener] + [w for w in words[1:] if w.i > end]
    return ordered, replacements | {opener.i: replacements.get(opener.i, opener.text).lower()}


def _question_mark_after(last: Token) -> bool:
    """A question mark ends the clause, whatever follows it in the sentence ("Did X? Probably not")."""
    after = next((t for t in last.doc[last.i + 1:last.sent.end] if not t.is_space and t.text not in {'"', "”", "'"}),
                 None)
    return last.text == "?" or (after is not None and after.text == "?")


def trim(words: list[Token]) -> list[Token]:
    """Drop whitespace tokens and leading/trailing punctuation: a claim's span covers words."""
    words = [w for w in words if not w.is_space]
    # A preposition or conjunction left dangling at the end (its object was another claim's) goes too;
    # a verb's particle stays ("the war would go [on]", "talks broke [down]").
    while words and ((words[-1].is_punct and words[-1].text not in {")", "]"})
                     or (words[-1].pos_ in {"ADP", "CCONJ", "SCONJ"} and words[-1].dep_ != "prt")):
        words = words[:-1]
    while words and words[0].is_punct and words[0].text not in {"(", "["}:
        words = words[1:]
    return words


def render(words: list[Token], replacements: dict[int, str], capitalize: bool = True) -> str:
    """Claim text from its words, keeping the article's spacing and wording."""
    words = trim(words)
    pieces: list[str] = []
    previous: Token | None = None
    for token in words:
        if previous is not None and token.i != previous.i + 1:
            pieces.append(" ")
        elif previous is not None:
            pieces.append(previous.whitespace_)
        pieces.append(replacements.get(token.i, token.text))
        previous = token
    text = "".join(pieces)
    start, end = 0, len(text)
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    text = text[start:end]
    # Balance a quote the trim left open: '“such issues were raised by Kerry.' reads oddly.
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if "‘" in text and text.count("‘") != len(re.findall(r"’(?!\w)", text)):
        text = text.replace("‘", "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text[:1].upper() + text[1:] if capitalize else text
