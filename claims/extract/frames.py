"""Attribution frames in a parsed sentence: who says what, with which stance.

A frame is a reporting verb (``said``, ``refuted``, ``accuse``), its speaker and the
clause that carries the proposition.  Frames are read off spaCy's dependency parse;
the verb lists live in ``claims.extract.lexicon``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claims.extract import lexicon as lx
from claims.extract.sourced import sourced_frame
from claims.extract.speakers import (
    Frame,
    attributes_nothing,
    content_clause,
    impersonal,
    nominal_subject,
    noun_phrase,
    speaker_tokens,
    stance_of_verb,
)

CLAUSE_DEPS = {"ccomp", "xcomp", "acl", "relcl", "advcl", "pcomp", "conj", "parataxis"}


def reporting_aside(verb: Token) -> Token | None:
    """A reporting verb the parser hangs on ``verb`` as an aside: "P, he said, telling RT ..."."""
    return next((c for c in verb.children if c.dep_ == "parataxis" and c.lemma_.lower() in lx.ATTRIBUTION_VERBS),
                None)


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


# Words that point back to what was said before: "denied it", "This is untrue", "called that a lie".
ANAPHORS = frozenset({"it", "this", "that", "these", "those", "them"})


def _is_report(noun: Token) -> bool:
    return noun.lemma_.lower() in lx.REPORT_NOUNS or noun.lower_ in lx.REPORT_NOUNS


def refers_back(noun: Token) -> bool:
    """ "it", "this", or a report noun that neither says what it reports nor names it ("the reports",
    "these claims"; not "reports that P", "the Batmobile theft rumour"): its content was said earlier."""
    return noun.lower_ in ANAPHORS or (_is_report(noun) and proposition_of(noun).i == noun.i
                                       and not _names_something(noun))


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
    """ "Y is false", "Y is a hoax", "reports that P are untrue", "Y is not true": the copula denies Y; so
    do "Y turned out to be false", "Y appears to be a hoax", "Y proved false"."""
    lemma = token.lemma_.lower()
    if lemma == "be":
        holder = token
    elif lemma in lx.LINKING_VERBS:
        holder = next((c for c in token.children if c.dep_ == "xcomp" and c.lemma_.lower() == "be"), token)
    else:
        return None
    subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    negation = next((c for c in (*token.children, *holder.children) if c.dep_ == "neg"), None)
    predicate = next((c for c in holder.children
                      if (c.dep_ in {"acomp", "attr", "oprd"} and _is_falsity(c, negation is not None))
                      or (c.dep_ == "prep" and c.lower_ == "without" and any(  # "were without foundation"
                          g.dep_ == "pobj" and g.lemma_.lower() in lx.GROUNDS_NOUNS for g in c.children))), None)
    if subject is None or predicate is None:
        return None
    cue = [predicate, *[c for c in predicate.children if c.i < predicate.i or c.dep_ == "advmod"]]
    if predicate.dep_ == "prep":
        cue = list(predicate.subtree)  # "without foundation"
    if negation is not None:
        cue.append(negation)
    # "It's rubbish that P": the extraposed clause is what is called false.
    clause = next((c for c in (*token.children, *predicate.children) if c.dep_ in {"ccomp", "csubj", "acl"}
                   and c.pos_ in {"VERB", "AUX"} and any(m.dep_ == "mark" for m in c.children)), None)
    if subject.lower_ == "it" and clause is not None:
        cue = [subject, *cue]
        speaker: list[Token] = []
        if token.dep_ in {"ccomp", "parataxis"} and token.head.lemma_.lower() in lx.ASSERT_VERBS:
            # "It's rubbish that P, says his publicist": the statement runs to its speaker.
            speaker, cue = speaker_tokens(token.head), [*cue, token.head]
        return Frame(token, speaker, clause, "denies", cue=cue)
    if refers_back(subject):
        # "It's a hoax", "This is untrue", "The reports are false": what was said before.  Not "it's not
        # right" (wrong, not untrue) nor "it isn't real" of a thing: only a verdict on what was said.
        if subject.lower_ in ANAPHORS and predicate.lower_ in {"right", "real"}:
            return None
        return Frame(token, [], subject, "denies", cue=cue, refers_back=True)
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
    if target is None:
        return None
    speaker = speaker_tokens(token) if not exposed and any(c.dep_ == "nsubj" for c in token.children) else []
    if refers_back(target):
        return Frame(token, speaker, target, "denies", cue=[label], refers_back=True)  # "called the reports a hoax"
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
        if refers_back(obj):
            # "IBM denies the report", "Moscow denied it": what it reports was said before, if at all.
            return Frame(token, speaker_tokens(token), obj, "denies", refers_back=True)
        # A bare noun is what is denied, with what the verb's phrase says of it ("denies truce to
        # release the girls", "denies ceasefire claim by the government"); another clause is not.
        complements = [t for c in token.children if c.i != obj.i and c.i > token.i
                       and c.dep_ in {"xcomp", "prep", "dobj", "npadvmod"} for t in c.subtree]
        return Frame(token, speaker_tokens(token), obj, "denies", complements=complements, min_words=1)
    passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        agent = next((p for c in token.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
        speaker = noun_phrase(agent, speaker=True) if agent is not None else []
        if refers_back(passive):
            return Frame(token, speaker, passive, "denies", refers_back=True)  # "The reports were denied by X"
        content = proposition_of(passive)
        return Frame(token, speaker, content, "denies", cue=[passive] if content.i != passive.i else [])
    return None


def _names_something(noun: Token) -> bool:
    """A report noun says what it reports ("the Batmobile theft rumour"), not only that it is one
    ("the report"): a denied "the report" is no claim.  A preposition names it only when it says what about or
    whose ("rumours of his death", "claim by the government"), not where it ran ("the rumours on Twitter")."""
    return any(c.dep_ in {"compound", "amod", "nmod", "poss", "acl", "relcl"}
               or (c.dep_ == "prep" and c.lower_ in lx.ABOUT_PREPOSITIONS | {"by"})
               for c in noun.children)


def _ended_report(token: Token) -> Frame | None:
    """ "kills stolen Batmobile rumour", "shoot down reports that P", "rumours that P were put to rest"."""
    lemma = token.lemma_.lower()
    particles = lx.END_PHRASES.get(lemma, ())
    words = [c for c in token.children if c.lower_ in particles or (
        c.dep_ in {"prep", "xcomp"} and any(g.lower_ in particles for g in (c, *c.children)))]
    if lemma not in lx.END_VERBS and not words:
        return None
    report = next((c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "nsubj"} and _is_report(c)
                   and (c.dep_ != "nsubj" or not any(d.dep_ == "dobj" for d in token.children))), None)
    if report is None:
        # "laughed off the rumours": the parser may read the particle as a preposition with the report its object.
        report = next((g for c in words if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj" and _is_report(g)),
                      None)
    if report is None:
        return None
    content = proposition_of(report)
    if content.i == report.i:
        # "put to rest rumours that P": the parser may hang the rumours' clause on the verb.
        content = next((c for c in token.children if c.dep_ in {"advcl", "ccomp"} and c.i > report.i
                        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), report)
    speaker = speaker_tokens(token) if report.dep_ != "nsubj" else []
    if content.i == report.i and refers_back(report):
        return Frame(token, speaker, report, "denies", cue=words, refers_back=True)  # "killed the rumours"
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


def _absent_evidence(verb: Token, dep: str) -> list[Token]:
    """The verb's evidence nouns that say there is none: "[is] no evidence", "did not find any proof"."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    return [noun for noun in verb.children if noun.dep_ == dep and noun.lemma_.lower() in lx.EVIDENCE_NOUNS
            and (negated or any(c.lower_ == "no" for c in noun.children))]


def _no_evidence(token: Token) -> Frame | None:
    """ "There is no evidence that P": P is denied; "there is no truth to the rumours": what they said."""
    if token.lemma_.lower() != "be" or not any(c.dep_ == "expl" for c in token.children):
        return None
    for noun in _absent_evidence(token, "attr"):
        expletive = [c for c in token.children if c.dep_ == "expl"]
        cue = [*expletive, noun, *[c for c in noun.children if c.i < noun.i]]
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}), None)
        if clause is not None:
            return Frame(token, [], clause, "denies", cue=cue)
        report = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ in {"to", "in", "behind"}
                       for g in c.children if g.dep_ == "pobj" and _is_report(g)), None)
        if report is not None:
            content = proposition_of(report)
            return Frame(token, [], report if content.i == report.i else content, "denies",
                         cue=[*cue, report.head, *([report] if content.i != report.i else [])],
                         refers_back=refers_back(report))
    return None


def _found_no_evidence(token: Token) -> Frame | None:
    """ "Police found no evidence that the fire was started deliberately": the finder denies P."""
    if token.lemma_.lower() not in lx.FINDING_VERBS:
        return None
    for noun in _absent_evidence(token, "dobj"):
        clause = next((c for c in noun.children if c.dep_ in {"acl", "ccomp"} and c.pos_ in {"VERB", "AUX"}
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        if clause is not None:
            return Frame(token, speaker_tokens(token), clause, "denies",
                         cue=[noun, *[c for c in noun.children if c.i < noun.i]])
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
    content = content_clause(verb)
    if content is None:
        return None
    # "refused to confirm that P" withholds P too; "did not say that P" only says nothing of P (no claim).
    if not refused and not any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in content.children):
        return None
    return Frame(verb, speaker_tokens(verb), content, "questions")


def _answers_confirm(verb: Token) -> bool:
    """ "deny" in "confirm or deny", "neither confirm nor deny": half of a non-answer, no denial."""
    return (verb.lemma_.lower() in lx.DENY_VERBS and verb.dep_ == "conj" and verb.head.lemma_.lower() == "confirm"
            and any(c.dep_ == "cc" and c.lower_ in {"or", "nor"} for c in verb.head.children))


def _neither_confirmed(verb: Token) -> Frame | None:
    """ "refuses to confirm or deny reports that P", "would neither confirm nor deny that P": the speaker
    leaves P open, as "won't say if P" does (``_withheld``).  Read word by word it was a denial of P, so a
    refusal to comment conflicted with every report of P.  A report named as the object ("deny reports that
    P") keeps its own claim of P."""
    denial = next((c for c in verb.children if _answers_confirm(c)), None)
    if verb.lemma_.lower() != "confirm" or denial is None:
        return None
    cue = [denial, *(c for c in verb.children if c.dep_ in {"cc", "preconj"})]
    if verb.dep_ == "xcomp":
        # "[The ministry declined to] confirm or deny": the refusal and who refused are the statement's.
        subject = nominal_subject(verb.head)
        cue += [verb.head, *(subject.subtree if subject is not None else [])]
    for head in (denial, verb):
        content = content_clause(head)
        if content is not None:
            return Frame(verb, speaker_tokens(verb), content, "questions", cue=cue)
        for report in (c for c in head.children if c.dep_ == "dobj" and _is_report(c)):
            clause = proposition_of(report)
            if clause.i != report.i:
                frame = Frame(verb, speaker_tokens(verb), clause, "questions", cue=[*cue, report])
                frame.extra_speakers.append((noun_phrase(report), "asserts"))
                return frame
    return None


def _self_denial(verb: Token, content: Token) -> Frame | None:
    """ "Canadian-Israeli woman says she hasn't been captured by ISIS", "Obama said he did not know about the
    program": a speaker who says "not" of themselves denies the report about them, and what is denied is the
    un-negated clause ("she has been captured").  Read as a negated assertion, the pair was left to the
    classifier's reading of a "not" (0.48 for the woman against "Gill Rosenberg captured by ISIS").  Only
    he/she, which name the speaker here, and only a fact: "he will not run again" states an intention."""
    if verb.lemma_.lower() not in lx.SELF_DENIAL_VERBS or nominal_subject(verb) is None:
        return None
    subject = next((c for c in content.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    negation = next((c for c in content.children if c.dep_ == "neg"), None)
    if subject is None or subject.lower_ not in {"he", "she"} or negation is None:
        return None
    if content.lemma_.lower() in lx.NEGATIVE_VERBS or any(c.dep_ == "aux" and c.lower_ in lx.MODALS
                                                           for c in content.children):
        return None  # "he had not ruled out air strikes" keeps them open; it denies no report
    return Frame(verb, speaker_tokens(verb), content, "denies", dropped_negation=negation)


def find_frames(sentence: Span) -> list[Frame]:
    frames: list[Frame] = []
    interjection = _no_interjection(sentence)
    if interjection is not None:
        return [interjection]
    for token in sentence:
        lemma = token.lemma_.lower()
        cue_frame = (_falsity(token) or _no_evidence(token) or _found_no_evidence(token) or _labelled_false(token)
                     or _ended_report(token) or _verbless_falsity(token))
        if cue_frame is not None:
            frames.append(_without_label(_without_report_words(cue_frame)))
            continue
        if token.pos_ not in {"VERB", "AUX"} or lemma not in lx.ATTRIBUTION_VERBS:
            continue
        if _answers_confirm(token):
            continue  # "confirm or deny": read with its "confirm" (``_neither_confirmed``)
        withheld = _withheld(token) or _neither_confirmed(token)
        if withheld is not None:
            frames.append(withheld)
            continue
        if any(child.dep_ == "neg" for child in token.children) or attributes_nothing(token):
            continue  # "X did not say that ...", "Nobody said ...", "Nobody has been told ..." attribute nothing
        stance = stance_of_verb(lemma)
        content = content_clause(token)
        frame: Frame | None = None
        placeholder = impersonal(token)
        if content is not None and placeholder is not None:
            # "It was reported that P": the outlet's, and only hearsay unless the verb vouches ("confirmed").
            frame = Frame(token, [], content, "hedged" if lemma in lx.HEARSAY_VERBS else stance, cue=[placeholder])
        elif content is not None:
            frame = _self_denial(token, content) or Frame(token, speaker_tokens(token), content, stance)
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
            frames.append(_without_label(_without_report_words(frame)) if frame.stance == "denies" else frame)
    if not frames:
        sourced = sourced_frame(sentence)
        frames.extend([sourced] if sourced is not None else [])
    return frames


def _false_source(speaker: list[Token]) -> bool:
    return any(t.lower_ in lx.FALSE_SOURCE_WORDS for t in speaker) and any(
        _is_report(t) or t.lower_ in {"site", "website", "account"} for t in speaker)


def _without_label(frame: Frame) -> Frame:
    """ "dismissed reports that the company will buy Tesla [as complete nonsense]": the parser hangs the label
    on the denied clause; it is the cue's, not the proposition's."""
    for token in frame.content.subtree:
        if token.dep_ == "prep" and token.lower_ == "as" and any(
                g.dep_ == "pobj" and _is_falsity(g, False) for g in token.children):
            frame.cue.extend(token.subtree)
    return frame


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
    return _reported_content(frame)


def _reported_content(frame: Frame) -> Frame:
    """ "IBM denies [layoff] rumours", "[The news of Cesar Millan's death] is false": a denied report that
    names what it reports denies that, not the report.  Left are the words saying what was reported
    ("layoff", "Cesar Millan's death", "NHL expansion plan"); the report noun, its determiner, who made
    it ("claim [by Nigeria's government]") and words that only say whose or how recent it is ("[media]
    reports of a deal") go to the cue, and so to the statement.  A phrase naming only its author
    ("Duncan Hunter's assertion") stays whole: there is nothing else to deny."""
    noun = frame.content
    if frame.refers_back or not _is_report(noun) or proposition_of(noun).i != noun.i:
        return frame  # "denied the reports [on Twitter]": what they reported was said before (``anaphora``)
    about = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in lx.ABOUT_PREPOSITIONS
             and any(g.dep_ == "pobj" for g in c.children)]
    wrapping: list[Token] = [noun, *about]
    for child in noun.children:
        modifier = child.dep_ in {"amod", "compound", "nmod"}
        if (child.dep_ in {"det", "predet"} or (child.dep_ == "prep" and child.lower_ == "by")
                or (child.dep_ == "poss" and about)
                or (modifier and (about or child.lower_ in lx.REPORT_QUALIFIERS or _is_report(child)))):
            wrapping.extend(child.subtree)
    dropped = {t.i for t in wrapping}
    possessor = {t.i for c in noun.children if c.dep_ == "poss" for t in c.subtree}
    named = [t for t in noun.subtree if t.i not in dropped | possessor and not t.is_punct]
    if not any(t.pos_ in {"NOUN", "PROPN", "VERB", "ADJ", "NUM"} for t in named):
        return frame
    cued = {c.i for c in frame.cue}
    frame.cue.extend(t for t in wrapping if t.i not in cued)
    # What is left is a noun phrase, a claim in as few words as a denied bare noun ("denies layoffs").
    frame.min_words = 1
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
