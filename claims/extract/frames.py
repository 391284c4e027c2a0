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
    # Words of the cue that belong to the statement but not to the proposition ("is false", "no evidence").
    cue: list[Token] = field(default_factory=list)
    # A negation the cue consumed: "No, X did not Y" denies "X did Y".
    dropped_negation: Token | None = None
    # Words of the verb's phrase that complete a denied noun ("denies truce [to release the girls]").
    complements: list[Token] = field(default_factory=list)
    # Fewer words than this make no claim; a denied noun is a claim in one word ("IBM denies layoffs").
    min_words: int = 3


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


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            return child
    return None


def _content_clause(verb: Token) -> Token | None:
    clauses = [c for c in verb.children if c.dep_ in {"ccomp", "parataxis"} and c.pos_ in {"VERB", "AUX"}]
    # With a clause on each side ("X denies truce, says girls were married off"), what is said follows.
    after = [c for c in clauses if c.i > verb.i]
    chosen = after if len(clauses) > 1 and after else clauses
    return chosen[0] if chosen else None


def speaker_tokens(verb: Token) -> list[Token]:
    """The speaker of a reporting verb, following possessors and "according to"."""
    subject = _subject(verb)
    if subject is not None:
        if subject.lemma_.lower() in lx.STATEMENT_NOUNS:
            for child in subject.children:
                if child.dep_ == "poss":
                    return noun_phrase(child, speaker=True)
        return noun_phrase(subject, speaker=True)
    if verb.dep_ in {"advcl", "acl", "pcomp"} and verb.i > 0:
        before = verb.doc[verb.i - 1]
        if before.pos_ in {"NOUN", "PROPN"} and before.head.i != verb.i and before.dep_ == "conj":
            return noun_phrase(before, speaker=True)  # "... and the Kremlin chief saying ..."
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in lx.STATEMENT_NOUNS:
        owner = _subject(verb.head.head)  # "the ministry issued a statement saying ..."
        return noun_phrase(owner, speaker=True) if owner is not None else []
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return noun_phrase(verb.head, speaker=True)
    return []


def _colon_at(words: list[Token]) -> int:
    """Where a headline's colon is among its first nine words; 0 for none (nothing comes before it)."""
    return next((n for n, t in enumerate(words[:9]) if t.text == ":"), 0)


def reporting_aside(verb: Token) -> Token | None:
    """A reporting verb the parser hangs on ``verb`` as an aside: "P, he said, telling RT ..."."""
    return next((c for c in verb.children if c.dep_ == "parataxis" and c.lemma_.lower() in lx.ATTRIBUTION_VERBS),
                None)


def colon_speaker(sentence: Span) -> list[Token]:
    """Headline attribution: "DHS: claims ... false", "Official: prisoner reaching out to Taliban"."""
    words = [t for t in sentence if not t.is_space]
    return _named_before_colon(words, _colon_at(words))


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


def statement_tokens(words: list[Token], frame: Frame | None, sentence: Span) -> list[Token]:
    """The attributed statement: every word from the first to the last of speaker, cue and proposition."""
    indices = {w.i for w in words}
    if frame is not None:
        # a cue word brings its own modifiers: "[The] story that P has been debunked"
        cue = [edge for t in frame.cue for edge in (t, t.left_edge)]
        indices |= {t.i for t in (frame.verb, *frame.speaker, *cue) if sentence.start <= t.i < sentence.end}
    tokens = [sentence.doc[i] for i in range(min(indices), max(indices) + 1)]
    trimmed = [t for t in tokens if not t.is_space]
    while trimmed and trimmed[-1].is_punct and trimmed[-1].text not in {")", "]", "”", '"'}:
        trimmed.pop()
    while trimmed and trimmed[0].is_punct and trimmed[0].text not in {"(", "[", "“", '"'}:
        trimmed.pop(0)
    return trimmed or tokens


def _is_report(noun: Token) -> bool:
    return noun.lemma_.lower() in lx.REPORT_NOUNS or noun.lower_ in lx.REPORT_NOUNS


def proposition_of(noun: Token) -> Token:
    """What a denied noun phrase stands for: "reports that P" -> P; any other phrase is its own content."""
    if _is_report(noun):
        for child in noun.children:
            if child.dep_ in {"acl", "ccomp", "relcl"} and child.pos_ in {"VERB", "AUX"}:
                return child
    return noun


def _is_falsity(predicate: Token, negated: bool) -> bool:
    words = {predicate.lower_, predicate.lemma_.lower()} | {c.lower_ for c in predicate.children
                                                             if c.dep_ in {"amod", "compound", "advmod"}}
    return bool(words & lx.FALSITY_WORDS) or (negated and bool(words & lx.TRUTH_WORDS))


def _falsity(token: Token) -> Frame | None:
    """ "Y is false", "Y is a hoax", "reports that P are untrue", "Y is not true": the copula denies Y."""
    if token.lemma_.lower() != "be":
        return None
    subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    negation = next((c for c in token.children if c.dep_ == "neg"), None)
    predicate = next((c for c in token.children
                      if c.dep_ in {"acomp", "attr"} and _is_falsity(c, negation is not None)), None)
    if subject is None or predicate is None:
        return None
    cue = [predicate, *[c for c in predicate.children if c.i < predicate.i or c.dep_ == "advmod"]]
    if negation is not None:
        cue.append(negation)
    if subject.lower_ == "it":
        # "It's rubbish that P": the extraposed clause is what is called false.
        clause = next((c for c in (*token.children, *predicate.children) if c.dep_ in {"ccomp", "csubj", "acl"}
                       and c.pos_ in {"VERB", "AUX"} and any(m.dep_ == "mark" for m in c.children)), None)
        if clause is None:
            return None
        cue = [subject, *cue]
        speaker: list[Token] = []
        if token.dep_ in {"ccomp", "parataxis"} and token.head.lemma_.lower() in lx.ASSERT_VERBS:
            # "It's rubbish that P, says his publicist": the statement runs to its speaker.
            speaker, cue = speaker_tokens(token.head), [*cue, token.head]
        return Frame(token, speaker, clause, "denies", cue=cue)
    if subject.lower_ in {"this", "that"}:
        return None
    content = proposition_of(subject)
    if content.i != subject.i:
        cue.append(subject)  # "Rumours [that P] are untrue": the statement starts at "Rumours"
    return Frame(token, [], content, "denies", cue=cue)


def _labelled_false(token: Token) -> Frame | None:
    """ "called the reports rubbish", "Rumour X ... Called Rubbish", "dismissed it as a lie"."""
    if token.lemma_.lower() not in lx.LABEL_VERBS:
        return None
    labels = [c for c in token.children if c.dep_ in {"oprd", "acomp", "xcomp", "attr", "ccomp"}]
    labels += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children
               if p.dep_ == "pobj"]
    # "was revealed to be a hoax": the label is what "to be" attributes.
    labels += [a for c in token.children if c.dep_ == "xcomp" and c.lemma_ == "be" for a in c.children
               if a.dep_ in {"attr", "acomp"}]
    label = next((c for c in labels if _is_falsity(c, False)), None)
    if label is None:
        return None
    target = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    exposed = False
    if target is None and token.lemma_.lower() in lx.EXPOSE_VERBS:
        # "Teacher sex tape exposed as a FAKE": a headline drops the "was", so the parser reads the
        # exposed thing as the verb's subject; nobody in the sentence exposes it but the outlet.
        target = next((c for c in token.children if c.dep_ == "nsubj"), None)
        exposed = target is not None
    if target is None and token.dep_ in {"acl", "relcl"} and token.head.pos_ in {"NOUN", "PROPN"}:
        # "Rumor Robert Plant Ripped Up Contract Called Rubbish": the label hangs off the last noun
        # of the clause it judges.
        target = token.head.head if token.head.head.pos_ in {"VERB", "AUX"} else token.head
    if target is None or target.lower_ in {"it", "this", "that"}:
        return None
    speaker = speaker_tokens(token) if not exposed and any(c.dep_ == "nsubj" for c in token.children) else []
    content = proposition_of(target)
    # "[The reports] that P were proven false": the statement starts at the reports.
    return Frame(token, speaker, content, "denies", cue=[label, *([target] if content.i != target.i else [])])


def _denied_object(token: Token) -> Frame | None:
    """ "Boko Haram denies ceasefire claim", "IBM denies plans to cut jobs", "The story was debunked"."""
    lemma = token.lemma_.lower()
    if lemma not in lx.DENY_VERBS:
        return None
    # A headline parse may split one object in two ("denies ceasefire/dobj claim/dobj by ..."): the
    # object with the most words carries the proposition.
    objects = sorted((c for c in token.children if c.dep_ == "dobj"), key=lambda c: -len(list(c.subtree)))
    obj = objects[0] if objects else None
    if obj is not None and (lemma in lx.DENY_OBJECT_VERBS or obj.lemma_.lower() in lx.REPORT_NOUNS):
        content = proposition_of(obj)
        if content.i != obj.i:
            return Frame(token, speaker_tokens(token), content, "denies", cue=objects[1:])
        if _is_report(obj) and not _names_something(obj):
            return None  # "IBM denies the report": what it reports is said elsewhere, if at all
        # A bare noun is what is denied, with what the verb's phrase says of it ("denies truce to
        # release the girls", "denies ceasefire claim by the government"); another clause is not.
        complements = [t for c in token.children if c.i != obj.i and c.i > token.i
                       and c.dep_ in {"xcomp", "prep", "dobj", "npadvmod"} for t in c.subtree]
        return Frame(token, speaker_tokens(token), obj, "denies", complements=complements, min_words=1)
    passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and passive.lower_ not in {"it", "this", "that"}:
        agent = next((p for c in token.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
        content = proposition_of(passive)
        return Frame(token, noun_phrase(agent, speaker=True) if agent is not None else [], content, "denies",
                     cue=[passive] if content.i != passive.i else [])
    return None


def _names_something(noun: Token) -> bool:
    """A report noun says what it reports ("the Batmobile theft rumour"), not only that it is one
    ("the report"): a denied "the report" is no claim."""
    return any(c.dep_ in {"compound", "amod", "nmod", "poss", "prep", "acl", "relcl"} for c in noun.children)


def _ended_report(token: Token) -> Frame | None:
    """ "kills stolen Batmobile rumour", "shoot down reports that P", "rumours that P were put to rest"."""
    lemma = token.lemma_.lower()
    particle = lx.END_PHRASES.get(lemma)
    words = [c for c in token.children if c.lower_ == particle or (
        c.dep_ in {"prep", "xcomp"} and any(g.lower_ == particle for g in (c, *c.children)))]
    if lemma not in lx.END_VERBS and not words:
        return None
    report = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "nsubj"} and _is_report(c)
                   and (c.dep_ != "nsubj" or not any(d.dep_ == "dobj" for d in token.children))), None)
    if report is None:
        return None
    content = proposition_of(report)
    if content.i == report.i:
        # "put to rest rumours that P": the parser may hang the rumours' clause on the verb.
        content = next((c for c in token.children if c.dep_ in {"advcl", "ccomp"} and c.i > report.i
                        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), report)
    if content.i == report.i and not _names_something(report):
        return None
    speaker = speaker_tokens(token) if report.dep_ != "nsubj" else []
    cue = [*words, *([report] if content.i != report.i else [])]
    return Frame(token, speaker, content, "denies", cue=cue, min_words=1 if content.i == report.i else 3)


def _verbless_falsity(token: Token) -> Frame | None:
    """A headline's verbless verdict: "Hugh Hefner dead rumours not true", "Claims of X false",
    "DHS: Rep.'s claim ISIS members caught at border categorically false"."""
    sentence = token.sent
    if sentence.root.pos_ in {"VERB", "AUX"} or token.pos_ != "ADJ":
        return None
    last = [t for t in sentence if not (t.is_punct or t.is_space)]
    negation = next((c for c in token.children if c.dep_ == "neg"), None)
    if not last or last[-1].i != token.i or not _is_falsity(token, negation is not None):
        return None
    cue = [token, *[c for c in token.children if c.i < token.i and c.dep_ in {"neg", "advmod"}]]
    subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    noun = subject if subject is not None else token.head
    if noun.i == token.i or noun.i > token.i or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    content = proposition_of(noun)
    if content.i == noun.i and _is_report(noun):
        # "Claims of toxic chemicals in sandwiches false": what the claims are of is what is false.
        of = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ in {"of", "about", "on"}
                   for g in c.children if g.dep_ == "pobj"), None)
        content = of if of is not None else noun
        cue += [noun, *([of.head] if of is not None else [])]
    elif content.i != noun.i:
        cue.append(noun)
    return Frame(token, [], content, "denies", cue=cue, min_words=2)


def _no_evidence(token: Token) -> Frame | None:
    """ "There is no evidence that P": P is denied."""
    if token.lemma_.lower() != "be" or not any(c.dep_ == "expl" for c in token.children):
        return None
    for noun in token.children:
        if noun.dep_ == "attr" and noun.lemma_.lower() in lx.EVIDENCE_NOUNS and (
                any(c.lower_ == "no" for c in noun.children) or any(c.dep_ == "neg" for c in token.children)):
            clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}), None)
            if clause is not None:
                expletive = [c for c in token.children if c.dep_ == "expl"]
                return Frame(token, [], clause, "denies",
                             cue=[*expletive, noun, *[c for c in noun.children if c.i < noun.i]])
    return None


def _no_interjection(sentence: Span) -> Frame | None:
    """ "No, Michael Jackson isn't Bruno Mars' dad": denies the un-negated clause."""
    words = [t for t in sentence if not t.is_space]
    if len(words) < 4 or words[0].lower_ != "no" or words[1].text not in {",", ":", "—", "-", "–"}:
        return None
    root = sentence.root
    negation = next((c for c in root.children if c.dep_ == "neg"), None)
    if negation is None:
        return None
    return Frame(words[0], [], root, "denies", cue=[words[1]], dropped_negation=negation)


def _withheld(verb: Token) -> Frame | None:
    """ "WH won't say if Foley family was threatened", "The White House declined to say whether P", "Police
    refused to confirm that P": the speaker leaves P open.  Read as an assertion of P (after "declined to")
    or as the outlet's own words (after "won't"), it was a conflict with any claim that P is false; as a
    question it is none."""
    refused = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lx.NEGATIVE_OUTCOME_VERBS
    if not (refused or any(child.dep_ == "neg" for child in verb.children)):
        return None
    content = _content_clause(verb)
    if content is None:
        return None
    # "refused to confirm that P" withholds P too; "did not say that P" only says nothing of P (no claim).
    if not refused and not any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in content.children):
        return None
    return Frame(verb, speaker_tokens(verb), content, "questions")


def _attributes_nothing(verb: Token) -> bool:
    """A reporting verb whose subject says nothing: no one, or the hearer of a passive "was told"."""
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and (subject.lower_ in lx.NOBODY or any(c.lower_ == "no" for c in subject.children)):
        return True
    return verb.lemma_.lower() in lx.HEARER_VERBS and any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)


def find_frames(sentence: Span) -> list[Frame]:
    frames: list[Frame] = []
    interjection = _no_interjection(sentence)
    if interjection is not None:
        return [interjection]
    for token in sentence:
        lemma = token.lemma_.lower()
        cue_frame = (_falsity(token) or _no_evidence(token) or _labelled_false(token) or _ended_report(token)
                     or _verbless_falsity(token))
        if cue_frame is not None:
            frames.append(_without_report_words(cue_frame))
            continue
        if token.pos_ not in {"VERB", "AUX"} or lemma not in lx.ATTRIBUTION_VERBS:
            continue
        withheld = _withheld(token)
        if withheld is not None:
            frames.append(withheld)
            continue
        if any(child.dep_ == "neg" for child in token.children) or _attributes_nothing(token):
            continue  # "X did not say that ...", "Nobody said ...", "Nobody has been told ..." attribute nothing
        stance = stance_of_verb(lemma)
        content = _content_clause(token)
        frame: Frame | None = None
        if content is not None:
            frame = Frame(token, speaker_tokens(token), content, stance)
            if stance != "denies" and _false_source(frame.speaker):
                # "Fake news report claims P": the outlet that calls its source fake denies P.
                frame = Frame(token, [], content, "denies", cue=frame.speaker)
        elif lemma in lx.ACCUSE_VERBS:
            frame = _accusation(token, stance)
        if frame is None:
            frame = _report_object(token, stance)
        if frame is None:
            frame = _reported_participle(token, stance)
        if frame is None and token.dep_ == "relcl" and lemma in lx.DENY_VERBS:
            frame = Frame(token, speaker_tokens(token), token.head, "denies")  # "a charge Moscow denies"
        if frame is None:
            frame = _denied_object(token)
        if frame is not None:
            frames.append(_without_report_words(frame) if frame.stance == "denies" else frame)
    if not frames:
        sourced = (_according_to_frame(sentence) or _colon_frame(sentence) or _parenthetical_frame(sentence)
                   or _closing_source_frame(sentence))
        frames.extend([sourced] if sourced is not None else [])
    return frames


def _parenthetical_frame(sentence: Span) -> Frame | None:
    """ "Rather than a bulwark against extremism, Obama argued, Assad drives Syrians into the arms of such
    groups": a reporting verb set into the sentence between commas, with no clause of its own, reports the
    sentence it sits in (the parser hangs it on the main verb)."""
    root = sentence.root
    if root.pos_ not in {"VERB", "AUX"}:
        return None
    for child in root.children:
        if (child.dep_ == "parataxis" and child.lemma_.lower() in lx.ATTRIBUTION_VERBS and _subject(child) is not None
                and not any(c.dep_ == "neg" for c in child.children) and not _attributes_nothing(child)):
            aside = sorted(child.subtree, key=lambda t: t.i)
            return Frame(child, speaker_tokens(child), root, stance_of_verb(child.lemma_.lower()),
                         cue=aside + _comma_at(aside[0].i - 1, sentence))
    return None


def _closing_source_frame(sentence: Span) -> Frame | None:
    """ "Apple will launch a phone, report claims", "..., lawsuit claims", "..., police claim": a source and
    its reporting verb after the sentence's last comma, closing it.  After a bare noun the verb reads as a
    noun ("report claims", a compound), so the parser finds no reporting verb and hangs the clause from a
    noun: the claim was lost, or kept the source in its proposition and the outlet as its speaker.  The
    source and the verb are the cue; the clause before the comma is the proposition."""
    words = [t for t in sentence if not t.is_space]
    while words and words[-1].is_punct:
        words.pop()
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
    heads = [t for t in before if t.pos_ in {"VERB", "AUX"} and (t.head.i >= comma.i or t.head.i == t.i)]
    covered = {t: sum(1 for w in t.subtree if w.i < comma.i and not w.is_punct) for t in heads}
    head = max(heads, key=covered.__getitem__, default=None)
    if head is None or covered[head] < 0.8 * len(before):
        return None
    return Frame(verb, source, head, stance_of_verb(verb.lemma_.lower()), cue=[comma, *source, verb])


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
    subject = stranded if _subject(head) is None and stranded and stranded[-1].i == head.left_edge.i - 1 else []
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


def _false_source(speaker: list[Token]) -> bool:
    return any(t.lower_ in lx.FALSE_SOURCE_WORDS for t in speaker) and any(
        _is_report(t) or t.lower_ in {"site", "website", "account"} for t in speaker)


def _without_report_words(frame: Frame) -> Frame:
    """ "[Rumor] Robert Plant ripped up a contract, called rubbish": a report noun heading the denied
    words names what is denied, it is no part of it; it belongs to the cue (and so to the statement).
    So does the "that" of "the story [that] the mayor was arrested", which the parser may read as a
    relative pronoun although the clause has its own subject."""
    words = sorted(frame.content.subtree, key=lambda t: t.i)
    leading = []
    for word in words:
        if word.is_punct or not _is_report(word) or word.dep_ not in {"compound", "nmod", "npadvmod", "dep"}:
            break
        leading.append(word)
    rest = words[len(leading):]
    # "GOP Rep.'s claim [ISIS members caught at the border] false": whose report it is goes with it.
    named = [w for w in rest if w.i < frame.content.i]
    reports = [n for n, w in enumerate(named) if _is_report(w) and w.dep_ in {"compound", "nmod"}]
    if reports and all(w.dep_ in {"compound", "nmod", "poss", "case", "amod", "det"} for w in named[:reports[-1]]):
        leading += named[:reports[-1] + 1]
        rest = rest[reports[-1] + 1:]
    subjects = [c for c in frame.content.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if rest and rest[0].lower_ == "that" and rest[0].head.i == frame.content.i and any(
            s.i != rest[0].i for s in subjects):
        leading.append(rest[0])
    frame.cue.extend(leading)
    return frame


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


def _reported_participle(verb: Token, stance: str) -> Frame | None:
    """ "Police union claims mayor arrested for fraud": a headline drops the "was" of the clause it
    reports, so the parser reads the clause's subject as the verb's object and its participle as a
    modifier of that object.  The participle, with the object as its subject, is what was said."""
    if verb.lemma_.lower() not in lx.CLAUSE_REPORT_VERBS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or _is_report(obj):
        return None
    clause = next((c for c in obj.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.i > obj.i), None)
    if clause is None:
        return None
    return Frame(verb, speaker_tokens(verb), clause, stance, subject_override=noun_phrase(obj))


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
