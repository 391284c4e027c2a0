"""Claim extraction: cleaned article -> atomic, attributed claims with exact spans."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token

from claims.errors import ModelError
from claims.extract import lexicon as lx
from claims.extract.aliases import SEED_ENTITIES
from claims.extract.anaphora import antecedents, in_place_of
from claims.extract.casing import parse
from claims.extract.clauses import (
    atomic_clauses,
    clause_tokens,
    content_stance,
    declarative,
    fragment_subject,
    is_negated,
    negated_fragment,
    participle_fragment,
    render,
    subject_of,
    trim,
)
from claims.extract.frames import find_frames, reporting_aside, statement_tokens
from claims.extract.sourced import closing_colon_source, heads_before
from claims.extract.speakers import Frame, noun_phrase, speaker_tokens
from claims.extract.timing import resolve
from claims.extract.types import ExtractedClaim, Mention, TimeSpan
from claims.extract.voices import (
    ArticleState,
    pronouns,
    quote_regions,
    quote_speakers,
    remember_people,
    resolve_name,
    speaker_of,
    unattributed_speaker,
)
from claims.ingest.clean import CleanText, clean

# Stored on every claim (``Claim.extraction_version``), so a store says which rules read each article;
# nothing re-extracts a stored article when it changes.  rules-2 (session 25): speakers keep
# "of/for/at/in/from" phrases; "according to X", a name before a headline's colon and a reporting verb
# between commas attribute; "won't say if P" leaves P open; a quote runs on into the next paragraph; "he"
# finds surnames the tagger missed; "he said, telling ..." is one speaker; the clause an attribution
# hangs off is a claim; a verb's particle and a hyphen inside a name stay.  Earlier changes (sessions 5-24)
# were not versioned.  rules-3 (session 27): a source closing the sentence attributes it ("X, report
# claims"); a participle headline is a claim ("Three Afghan soldiers caught at Canadian border").  rules-4
# (session 31): a denial of "the reports" or "it" denies the earlier claim it points to (``anaphora``); "It was
# reported that P" is the outlet's hearsay, not a claim by "It"; "X says she has not been captured" denies
# "X has been captured"; "turned out to be false" and "no truth to the rumours" deny as "is false" does; "X was
# quick to deny P" is X's denial; "found no evidence that P", "without foundation", "laughed off / brushed aside /
# retracted the reports" deny; "dismissed reports that P as nonsense" keeps the label out of P.  rules-5
# (session 32): a denied report that names what it reports denies that ("IBM denies [layoff] rumours", "[the
# news of] his death is false"); a source after a headline's closing colon is its speaker ("P: source"); an
# object pronoun reads as its name without the possessive ("marry [Charles Manson]", not "Charles Manson's"); a
# question's proposition reads as the statement it asks about ("Has X been stolen?": "X has been stolen");
# "declined to confirm or deny that P" leaves P open (a question), where "deny" made it a denial; a verb
# coordinated with another shares its subject as speaker ("Morin goes back ..., refuses to confirm ...").
# rules-6 (session 33): in a Title Case line, a long name the recogniser ran on over a verb or a function word
# ends before it ("[Christian Bale] Drops Out of ...", "Did [Banksy] Post This ...?"), so the line has a verb.
EXTRACTOR_VERSION = "rules-6"
STATED = "stated"  # prefix of time_text when the time is the statement's, not the event's
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"}


_lock = threading.Lock()
_models: dict[str, Language] = {}


def load_spacy(name: str) -> Language:
    """Load a spaCy pipeline once per process (installed package name or path)."""
    with _lock:
        if name not in _models:
            try:
                _models[name] = spacy.load(name)
            except OSError as exc:
                raise ModelError(f"spaCy model {name!r} is not installed (setting CLAIMTRACK_SPACY_MODEL)") from exc
        return _models[name]


def answers_no(sentence: Span) -> bool:
    """ "Probably not.", "No.", "Not really": a bare negative answer to the question before it."""
    words = [t.lower_ for t in sentence if t.is_alpha or t.lower_ == "n't"]
    return 0 < len(words) <= 4 and set(words) <= lx.ANSWER_WORDS and bool(set(words) & {"no", "not", "nope"})


def _answered_no(claim: ExtractedClaim, answer: Span, cleaned: CleanText) -> ExtractedClaim:
    """ "Did Banksy post this? Probably not": the question's proposition, denied; the statement
    runs to the end of the answer."""
    if claim.stance not in {"questions", "asserts"}:
        return claim
    _, end = cleaned.to_original(answer.start_char, answer.end_char)
    return replace(claim, stance="denies", char_end=end, checkworthy=True,
                   statement=f"{claim.statement or claim.text}? {answer.text.strip()}")


def looks_forward(time: Span) -> bool:
    """Whether a relative time ("on Monday", "in December") lies ahead of publication.

    Decided by the verb the expression hangs on: future forms ("will shut", "would shut", "is
    going to", "plans to") look forward; past and reporting forms, and anything unmarked, look
    back, so nothing is dated after publication unless the text says so.
    """
    verb = time.root.head
    # By index, never ``is``: spaCy makes a new Token object on every access, so the root's head is
    # never the root by identity, and a verbless sentence with a date looped for ever.
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    chain = [verb, *[c for c in verb.children if c.dep_ in {"aux", "auxpass"}]]
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lx.FUTURE_LEMMAS | {"go"}:
        chain.append(verb.head)  # "plans to shut", "is going to shut"
    return any(t.lower_ in lx.FUTURE_WORDS | {"would", "wo"} or t.lemma_.lower() in lx.FUTURE_LEMMAS for t in chain)


class ClaimExtractor:
    """Rule-based extractor over spaCy's dependency parse."""

    version = EXTRACTOR_VERSION

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.aliases = PhraseMatcher(nlp.vocab, attr="ORTH")
        for canonical, (_kind, names) in SEED_ENTITIES.items():
            self.aliases.add(canonical, [nlp.make_doc(n) for n in (canonical, *names)])

    def extract(self, text: str, published: date | None, outlet: str) -> list[ExtractedClaim]:
        cleaned = clean(text)
        doc = parse(self.nlp, cleaned.text)
        alias_spans = [Span(doc, start, end, label=doc.vocab.strings[key]) for key, start, end in self.aliases(doc)]
        state = ArticleState(outlet=outlet, published=published, quote_regions=quote_regions(cleaned.text))
        state.region_speakers = quote_speakers(doc, state.quote_regions)
        state.person_words = frozenset(e[-1].text for e in doc.ents if e.label_ == "PERSON")
        claims: list[ExtractedClaim] = []
        previous: Span | None = None
        for index, sentence in enumerate(doc.sents):
            if not sentence.text.strip():
                continue
            if previous is not None and previous.text.rstrip().endswith("?") and answers_no(sentence):
                claims = [_answered_no(c, sentence, cleaned) if c.sentence_index == index - 1 else c for c in claims]
            claims.extend(self._sentence(sentence, index, state, cleaned, alias_spans, claims))
            previous = sentence
        return claims

    # -- one sentence ---------------------------------------------------------------------------

    def _sentence(self, sentence: Span, index: int, state: ArticleState, cleaned: CleanText,
                  alias_spans: list[Span], earlier: list[ExtractedClaim]) -> list[ExtractedClaim]:
        # A denial of "the reports" or "it" is read only where it points back to a claim (``anaphora``).
        resolved = [(f, antecedents(f, earlier, index, state.outlet) if f.refers_back else [])
                    for f in find_frames(sentence)]
        resolved = [(f, denied) for f, denied in resolved if not f.refers_back or denied]
        frames = [f for f, _ in resolved]
        claims: list[ExtractedClaim] = []
        used: set[int] = set()
        accusation: list[tuple[list[Token], Token, list[Token]]] = []
        for frame, denied in resolved:
            speaker = speaker_of(frame, sentence, state)
            if frame.refers_back:
                # Nobody denies their own words: '"We have not agreed," Lavrov said. "It is nonsense."'
                denied = [claim for claim in denied if claim.speaker != speaker]
                claims.extend(self._denial_of(claim, frame, speaker, sentence, index, state, cleaned)
                              for claim in denied)
                used.update({t.i for t in frame.content.subtree} | {frame.verb.i})
                continue
            # "X said P in what commentators say Q": Q is the commentators' claim, not part of P.
            nested = {t.i for other in frames if other is not frame and other.verb.i in
                      {t.i for t in frame.content.subtree} for t in other.verb.subtree}
            if frame.verb.dep_ == "relcl" and frame.stance == "denies" and accusation:
                # "... — a charge Moscow denies": the denied proposition is the accusation's.
                heads, _, subject = accusation[-1]
                claims.extend(self._claims(heads, subject, speaker, "denies", sentence, index, state, cleaned,
                                           alias_spans, frame))
                continue
            heads = atomic_clauses(frame.content)
            if frame.stance == "accuses":
                accusation.append((heads, frame.content, frame.subject_override))
            claims.extend(self._claims(heads, frame.subject_override, speaker, frame.stance, sentence, index, state,
                                       cleaned, alias_spans, frame, nested))
            for extra_tokens, extra_stance in frame.extra_speakers:
                extra = render(extra_tokens, {}, capitalize=False)
                claims.extend(self._claims(heads, frame.subject_override, extra, extra_stance,
                                           sentence, index, state, cleaned, alias_spans, frame, referent=speaker))
            used.update(t.i for t in frame.content.subtree)
            used.add(frame.verb.i)
        if frames:
            claims.extend(self._main_clause(sentence, frames, used, index, state, cleaned, alias_spans))
        if not frames:
            speaker = unattributed_speaker(sentence, state)
            # A verbless headline states something only as a negation or a participle (at most one).
            fragment = negated_fragment(sentence)
            participle = participle_fragment(sentence) if fragment is None else None
            heads = (atomic_clauses(sentence.root) if sentence.root.pos_ in {"VERB", "AUX"}
                     else [head for head in (fragment, participle) if head is not None])
            subject = fragment_subject(participle) if participle is not None else []
            # "P: source": the source is the speaker (``unattributed_speaker``) and, with its colon, the cue.
            # The parser may hang P on the source ("wounded in airstrike: claims", "claims" the root).
            closing = closing_colon_source(sentence)
            before = heads_before(list(sentence), closing[0].i) if closing else []
            if before and not heads:
                heads = atomic_clauses(max(before, key=lambda t: len(list(t.subtree))))
            cue = Frame(closing[0], closing[1:], heads[0], "asserts", cue=closing) if closing and heads else None
            claims.extend(self._claims(heads, subject, speaker, "asserts", sentence, index, state, cleaned,
                                       alias_spans, cue))
        remember_people(sentence, state)
        return claims

    def _main_clause(self, sentence: Span, frames: list[Frame], used: set[int], index: int, state: ArticleState,
                     cleaned: CleanText, alias_spans: list[Span]) -> list[ExtractedClaim]:
        """The clause an attribution hangs off, when it is not itself what is attributed: the outlet's own
        ("Putin and Obama failed to resolve their dispute, with the US leader branding him a tyrant and the
        Kremlin chief saying ..."; "The US and EU imposed sanctions, claiming that ..."), or the reporter's
        where a "he said" hangs off it and found no clause of its own ("And they agreed to follow up ..., he
        said, telling RT ...").  Only clauses before the first attribution: the parser often hangs what a
        speaker says after "with X saying" onto the main verb.  Not "the ministry issued a statement"."""
        root = sentence.root
        if root.pos_ not in {"VERB", "AUX"} or root.i in used or root.lemma_.lower() in lx.ATTRIBUTION_VERBS:
            return []
        if any((frame.verb.head.i == root.i or (frame.verb.head.dep_ == "acomp" and frame.verb.head.head.i == root.i))
               and frame.verb.dep_ in {"xcomp", "ccomp"} for frame in frames):
            # the attribution is the clause's own complement: "The White House declined to say ...", "The
            # actor was quick to deny ..."
            return []
        if any(c.dep_ == "dobj" and c.lemma_.lower() in lx.STATEMENT_NOUNS | lx.REPORT_NOUNS for c in root.children):
            return []
        reporter = reporting_aside(root)
        reporter_words = speaker_tokens(reporter) if reporter is not None else []
        marks = ({frame.verb.i for frame in frames} | {t.i for frame in frames for t in frame.speaker}
                 | ({reporter.i} if reporter is not None else set()) | {t.i for t in reporter_words})
        # The attribution starts at the comma before its first word ("..., with the US leader branding ...").
        commas = [t.i for t in sentence if t.text in {",", ";", "—", "–"} and root.i < t.i < min(marks)]
        cut = commas[-1] if commas else min(sentence.doc[m].left_edge.i for m in marks)  # "[to] explain to them"
        heads = [head for head in atomic_clauses(root) if head.i < cut]
        speaker = (resolve_name(render(reporter_words, {}, capitalize=False), state) if reporter_words
                   else unattributed_speaker(sentence, state))
        return self._claims(heads, [], speaker, "asserts", sentence, index, state, cleaned, alias_spans, None,
                            used | set(range(cut, sentence.end)))

    def _claims(self, heads: list[Token], subject_override: list[Token], speaker: str, stance: str, sentence: Span,
                index: int, state: ArticleState, cleaned: CleanText, alias_spans: list[Span],
                frame: Frame | None, nested: set[int] | None = None, referent: str | None = None
                ) -> list[ExtractedClaim]:
        """``referent``: whom "he"/"she" stand for when not the speaker ("X rebuffs reports that he
        died" gives the reports' claim too, and its "he" is still X)."""
        claims: list[ExtractedClaim] = []
        first_subject: list[Token] = list(subject_override)
        excluded = ({frame.verb.i} if frame is not None else set()) | (nested or set())
        dropped = frame.dropped_negation if frame is not None else None
        if frame is not None:
            excluded |= {t.i for t in frame.cue} | ({dropped.i} if dropped is not None else set())
        for position, head in enumerate(heads):
            words = clause_tokens(head, excluded)
            if frame is not None and frame.complements and position == 0:
                words = sorted({w.i: w for w in (*words, *frame.complements)}.values(), key=lambda w: w.i)
            subject = subject_of(head)
            if subject is None and first_subject and not any(t.i in {w.i for w in words} for t in first_subject):
                words = first_subject + words  # "... and [Russia] will continue its aid"
            elif subject is not None and not first_subject:
                first_subject = noun_phrase(subject)
            words = [w for w in words if w.i >= sentence.start and w.i < sentence.end]
            words = trim(self._resolve_ellipsis(head, heads, words))
            replacements = pronouns(words, state, referent or speaker)
            # Counted as read: "reports that he died" is "Judd Nelson died", a claim of three words.
            size = sum(len(replacements.get(w.i, w.text).split()) for w in words if not w.is_punct)
            if size < (frame.min_words if frame is not None else 3):
                continue
            text = render(*declarative(words, replacements))
            prop_start, prop_end = cleaned.to_original(min(w.idx for w in words),
                                                       max(w.idx + len(w.text) for w in words))
            stated = statement_tokens(words, frame, sentence)
            start, end = cleaned.to_original(stated[0].idx, stated[-1].idx + len(stated[-1].text))
            statement = render(stated, replacements | pronouns(stated, state, referent or speaker))
            # A coordinated clause with its own subject is its own statement: "I suggested that we
            # intensify X and we agreed to do so" asserts the agreement, it does not suggest it.
            own_subject = position > 0 and subject is not None
            base = stance if stance in lx.WIDE_STANCES or not own_subject else "asserts"
            clause_stance = content_stance(head, words, base)
            claims.append(ExtractedClaim(
                text=text, speaker=speaker, stance=clause_stance,
                negated=is_negated(head) and (dropped is None or dropped.head.i != head.i),
                char_start=start, char_end=end, proposition_start=prop_start, proposition_end=prop_end,
                statement=statement, sentence_index=index,
                checkworthy=self._checkworthy(words, sentence, clause_stance),
                time=self._time(words, frame, sentence, state),
                mentions=self._mentions(words, alias_spans, replacements),
                speaker_mentions=[Mention(speaker, "SPEAKER")]))
        return claims

    def _denial_of(self, earlier: ExtractedClaim, frame: Frame, speaker: str, sentence: Span, index: int,
                   state: ArticleState, cleaned: CleanText) -> ExtractedClaim:
        """A denial of "the reports" or "it": the earlier claim's proposition, denied by this sentence's
        speaker.  The spans are this sentence's words ("Pest Control denied the reports"; the proposition's
        span: "the reports"); the statement reads the proposition in place of the words pointing to it."""
        words = [t for t in frame.content.subtree if sentence.start <= t.i < sentence.end]
        stated = statement_tokens(words, frame, sentence)
        start, end = cleaned.to_original(stated[0].idx, stated[-1].idx + len(stated[-1].text))
        prop_start, prop_end = cleaned.to_original(min(w.idx for w in words), max(w.idx + len(w.text) for w in words))
        replacements = pronouns(stated, state, speaker)
        replacements[frame.content.i] = in_place_of(frame.content.text, earlier.text)
        # "the reports" reads "the reports that P": the determiner stays; "it" gives way to "that P".
        return ExtractedClaim(
            text=earlier.text, speaker=speaker, stance="denies", negated=earlier.negated, char_start=start,
            char_end=end, proposition_start=prop_start, proposition_end=prop_end,
            statement=render(stated, replacements), sentence_index=index, checkworthy=earlier.checkworthy,
            time=self._time(words, frame, sentence, state), mentions=list(earlier.mentions),
            speaker_mentions=[Mention(speaker, "SPEAKER")])

    def _resolve_ellipsis(self, head: Token, heads: list[Token], words: list[Token]) -> list[Token]:
        """ "we intensify cooperation ... and we agreed to do so": spell out "do so"."""
        for word in words:
            if word.lemma_ == "do" and any(c.lower_ == "so" for c in word.children) and head.i != heads[0].i:
                antecedent = heads[0]
                verb_phrase = [t for t in clause_tokens(antecedent, set()) if t.i >= antecedent.i]
                so = next(c for c in word.children if c.lower_ == "so")
                at = words.index(word)
                return [w for w in words[:at] if w.i != so.i] + verb_phrase + [
                    w for w in words[at + 1:] if w.i != so.i]
        return words

    # -- attributes -----------------------------------------------------------------------------

    def _mentions(self, words: list[Token], alias_spans: list[Span], replacements: dict[int, str]) -> list[Mention]:
        indices = {w.i for w in words}
        mentions: list[Mention] = []
        covered: set[int] = set()
        for span in alias_spans:
            if span.start in indices:
                mentions.append(Mention(span.label_, "ALIAS"))
                covered.update(range(span.start, span.end))
        doc = words[0].doc if words else None
        for ent in doc.ents if doc is not None else []:
            if ent.label_ in ENTITY_LABELS and ent.start in indices and ent.start not in covered:
                if ent.label_ == "NORP":
                    continue  # "Russian", "Western": adjectives, too loose to be entities
                mentions.append(Mention(ent.text.removeprefix("the ").strip(), ent.label_))
        for replaced in replacements.values():
            mentions.append(Mention(replaced, "PERSON"))
        unique: dict[str, Mention] = {}
        for mention in mentions:
            unique.setdefault(mention.text.lower(), mention)
        return list(unique.values())

    def _time(self, words: list[Token], frame: Frame | None, sentence: Span, state: ArticleState
              ) -> TimeSpan | None:
        indices = {w.i for w in words}
        candidates = [e for e in sentence.ents if e.label_ in {"DATE", "TIME"} and e.start in indices]
        if frame is not None:
            # "Russia last month announced it would ...": the frame's time dates the claim too.
            candidates += [e for e in sentence.ents if e.label_ in {"DATE", "TIME"} and e.start not in indices
                           and frame.verb.i in {e.root.head.i, e.root.head.head.i}]
        for ent in candidates:
            span = resolve(ent.text, state.published, future=looks_forward(ent))
            if span is not None and ent.start not in indices:
                # The time of the statement, not of the event: marked so that linking can tell
                # "said on Wednesday" from "met on Wednesday".
                return TimeSpan(span.start, span.end, f"{STATED} {ent.text}")
            if span is not None:
                return span
        if state.published is not None:
            return TimeSpan(state.published, state.published, "as of publication")
        return None

    def _checkworthy(self, words: list[Token], sentence: Span, stance: str) -> bool:
        if stance == "questions" or len([w for w in words if w.is_alpha]) < 4:
            return False
        if sentence[0].lower_ in lx.OPINION_CUES and len(words) < 8:
            return False
        lowered = {w.lower_ for w in words}
        # First-person beliefs and exhortations ("I believe", "we must") carry no checkable fact.
        if {"i"} & lowered and {"believe", "think", "feel", "honest"} & lowered:
            return False
        return not ({"must", "should"} & lowered and {"we", "us"} & lowered)
