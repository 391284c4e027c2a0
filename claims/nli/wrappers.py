"""Stance wrappers: real training pairs restated as a denial or a confirmation.

The only generated training data, and each kind fixes a measured failure:

- denials in headline and report form ("Reports that P are false", "X denies
  that P") were read as assertions of P.  Wrapping a *real* hypothesis that a
  premise entails gives a pair the premise disputes; wrapping one the premise
  is neutral about stays neutral, so a denial word alone never means conflict
  (the other failure: "Russia denies P" paired with any claim on the topic).
- paraphrases and identical statements scored as contradictions: a sentence
  paired with itself, or with its confirmation, is support.

Labels follow from logic, not from templates: if P entails H, "H is false"
contradicts P; if P says nothing of H, it says nothing of "H is false" either.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator, Sequence

from claims.nli.datasets import CONTRADICTION, ENTAILMENT, NEUTRAL, LabelledPair

# Whether two wordings say one thing closely enough to stand as a paraphrase.
Close = Callable[[str, str], bool]

# Singular, so present-tense templates agree ("X denies").
SPEAKERS = ["An official", "The ministry", "A spokesman", "A police spokesman", "The company", "The government",
            "Moscow",
            "The White House", "The foreign ministry", "His lawyer", "The army", "A spokeswoman", "The agency",
            "Her representative", "The club", "The city council", "The Kremlin", "The campaign"]
# {s}: a speaker, {p}: the proposition as a clause.
DENIALS = [
    "{s} denies that {p}", "{s} denied reports that {p}", "Reports that {p} are false",
    "Claims that {p} are untrue", "Rumours that {p} are a hoax", "{s} dismissed claims that {p} as rubbish",
    "There is no evidence that {p}", "{s} refuted media reports that {p}", "The story that {p} has been debunked",
    "It is not true that {p}", "{s}: reports that {p} are categorically false", "{s} rejects claims that {p}",
    "Fake news: no, it is not the case that {p}", "{s} said it was false that {p}",
    # Headline forms, where the refutation sits in a question, a shouted NOT or a word like "hoax"
    # (session 7: Emergent's "against" headlines read as neutral, "Axl Rose NOT Dead: ... Hoax").
    # (_wrap capitalises a template's first letter, so "{p}?" opens a headline as well.)
    "{p}? Not true, says {s}", "{p}? Probably not", "No, {p}: {s}", "{p}: NOT true", "{s} rebuffs rumours that {p}",
    "Viral story claiming {p} is a hoax", "Don't believe the reports that {p}",
    "Trolls fooled the internet into thinking {p}", "Fake report that {p} goes viral",
]
CONFIRMATIONS = [
    "{s} confirmed that {p}", "{s} said that {p}", "It is true that {p}", "{s} confirms reports that {p}",
    "{s} acknowledged that {p}",
]
# First words that are not names: these may be lower-cased inside a clause.
_COMMON_STARTS = {"a", "an", "the", "two", "three", "four", "some", "many", "several", "one", "people", "there",
                  "this", "that", "these", "those", "it", "he", "she", "they", "we", "his", "her", "their", "no",
                  "all", "most", "men", "women", "children", "kids", "boys", "girls", "dogs", "man", "woman"}


def as_clause(sentence: str) -> str:
    """ "The dog runs." -> "the dog runs" (names keep their capital)."""
    text = sentence.strip().rstrip(".!").strip()
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in _COMMON_STARTS else text


_NEGATED = re.compile(r"\b(not|no|never|nobody|nothing|none|n't|neither|nor|without)\b", re.IGNORECASE)
# A clause has a verb: SNLI also has fragments ("Group of men casting a net") that read badly inside "that ...".
_FINITE = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|did|does|do|must|may)\b|\b\w{3,}(ed|es)\b",
                     re.IGNORECASE)


def wrappable(sentence: str) -> bool:
    """A clause a wrapper can embed: finite, and not itself negated (double negation reads as noise)."""
    return bool(_FINITE.search(sentence)) and not _NEGATED.search(sentence)


def _wrap(templates: Sequence[str], sentence: str, rng: random.Random) -> str:
    text = rng.choice(templates).format(s=rng.choice(SPEAKERS), p=as_clause(sentence))
    return text[:1].upper() + text[1:] + "."


def stance_wrapped(rows: Sequence[LabelledPair], rng: random.Random, denials: int, neutrals: int, confirmations: int,
                   identities: int) -> Iterator[LabelledPair]:
    """Wrapped copies of training rows (only short, sentence-level ones), in the rows' own splits."""
    short = [r for r in rows if len(r.premise) < 300 and len(r.hypothesis) < 200 and r.label_space == "3way"
             and wrappable(r.hypothesis)]
    entailed = [r for r in short if r.label == ENTAILMENT]
    unrelated = [r for r in short if r.label == NEUTRAL]
    for row in rng.sample(entailed, min(denials, len(entailed))):
        # P entails H, so "H is false" disputes P; and a statement disputes its own denial.
        source = row.hypothesis if rng.random() < 0.7 or not wrappable(row.premise) else row.premise
        yield LabelledPair(row.premise, _wrap(DENIALS, source, rng), CONTRADICTION, "wrapped-" + row.dataset,
                           row.split, group=row.group)
    for row in rng.sample(unrelated, min(neutrals, len(unrelated))):
        yield LabelledPair(row.premise, _wrap(DENIALS, row.hypothesis, rng), NEUTRAL, "wrapped-" + row.dataset,
                           row.split, group=row.group)
    for row in rng.sample(entailed, min(confirmations, len(entailed))):
        yield LabelledPair(row.premise, _wrap(CONFIRMATIONS, row.hypothesis, rng), ENTAILMENT,
                           "wrapped-" + row.dataset, row.split, group=row.group)
    for row in rng.sample(short, min(identities, len(short))):
        yield LabelledPair(row.hypothesis, row.hypothesis, ENTAILMENT, "wrapped-" + row.dataset, row.split,
                           group=row.group)


def claim_denials(rows: Sequence[LabelledPair], rng: random.Random, count: int) -> Iterator[LabelledPair]:
    """A headline that supports a claim, against a denial of that claim: a dispute in news form.

    Fixes a measured failure: headlines that refute a rumour ("Axl Rose NOT Dead: Fake MSNBC
    Death Hoax Goes Viral") were read as unrelated to it.  The claims are real news
    rumours ("Rap artist Macklemore joined ISIS") and the headlines real headlines, so the
    pair teaches the refutation on news wording rather than on SNLI captions.
    """
    supported = [r for r in rows if r.label == ENTAILMENT and wrappable(r.premise)]
    for row in rng.sample(supported, min(count, len(supported))):
        yield LabelledPair(row.hypothesis, _wrap(DENIALS, row.premise, rng), CONTRADICTION,
                           "wrapped-" + row.dataset, row.split, group=row.group)


_CONTENT = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_STOP = {"that", "this", "with", "from", "have", "been", "were", "they", "their", "there", "which", "what", "about",
         "would", "will", "said", "says", "also", "into", "than", "then", "them", "some", "more", "most", "other"}


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _CONTENT.findall(text)} - _STOP


def unrelated_pairs(rows: Sequence[LabelledPair], rng: random.Random, count: int) -> Iterator[LabelledPair]:
    """One group's premise with another group's hypothesis: two statements that share words, not a proposition.

    Fixes a measured failure: the caption-style NLI sets teach that two sentences describing
    different things contradict (two photos cannot show different scenes), and the classifier
    then called almost every pair of news claims on one topic a dispute.  In news, a claim about
    another event is unrelated, not contradictory.  A partner sharing a content word is preferred,
    so the pair looks like a real linking candidate (same actors, different story).
    """
    groups: dict[str, list[LabelledPair]] = {}
    for row in rows:
        groups.setdefault(row.group or row.premise, []).append(row)
    keys = sorted(groups)
    if len(keys) < 2:
        return
    by_word: dict[str, list[str]] = {}
    for key in keys:
        for word in _content_words(" ".join(r.hypothesis for r in groups[key])):
            by_word.setdefault(word, []).append(key)
    made = 0
    for _ in range(count * 4):
        if made >= count:
            break
        key = rng.choice(keys)
        row = rng.choice(groups[key])
        # Sorted: a set of strings iterates in PYTHONHASHSEED order, which made the rows (and every
        # calibration fitted on them) differ from one process to the next.
        shared = [k for w in sorted(_content_words(row.premise)) for k in by_word.get(w, ()) if k != key]
        other_key = rng.choice(shared) if shared else rng.choice(keys)
        if other_key == key:
            continue
        other = rng.choice(groups[other_key])
        yield LabelledPair(row.premise, other.hypothesis, NEUTRAL, "unrelated-" + row.dataset, row.split,
                           group=key)
        made += 1


def same_side_pairs(rows: Sequence[LabelledPair], rng: random.Random, count: int,
                    max_overlap: float = 0.5) -> Iterator[LabelledPair]:
    """Two arguments on the same side of one debate, labelled neutral: same topic, no conflict.

    Fixes a measured failure the re-paired unrelated rows did not: on the seed articles the
    classifier read nearly every pair of different statements on one topic as a dispute
    (p 0.8-0.97, "Russia was a help with this" against "Russia supporting separatists in
    Ukraine"), as the caption-style NLI sets teach.  Two perspectives that both support (or
    both undermine) one claim are real sentences on one topic that do not contradict each
    other.  Paraphrases are kept out: rows of one cluster, and pairs sharing most content words.
    Not enough on their own: the session-8 candidate trained with them still read most dismissed
    seed pairs as disputes (model card, "Session 8").
    """
    sides: dict[tuple[str, str], list[LabelledPair]] = {}
    for row in rows:
        if row.label in (ENTAILMENT, CONTRADICTION):
            sides.setdefault((row.group or row.premise, row.label), []).append(row)
    keys = sorted(key for key, group in sides.items() if len(group) >= 2)
    made = 0
    for _ in range(count * 4):
        if made >= count or not keys:
            break
        first, second = rng.sample(sides[rng.choice(keys)], 2)
        if (first.cluster and first.cluster == second.cluster) or first.hypothesis == second.hypothesis:
            continue
        left, right = _content_words(first.hypothesis), _content_words(second.hypothesis)
        if not left or not right or _overlap(left, right) >= max_overlap:
            continue
        yield LabelledPair(first.hypothesis, second.hypothesis, NEUTRAL, "same-side-" + first.dataset, first.split,
                           group=first.group)
        made += 1


def _paraphrase_clusters(rows: Sequence[LabelledPair]) -> dict[str, list[LabelledPair]]:
    """Perspectrum's paraphrase clusters (rows with ``cluster``) that hold at least two wordings."""
    clusters: dict[str, list[LabelledPair]] = {}
    for row in rows:
        if row.cluster and row.label in (ENTAILMENT, CONTRADICTION):
            clusters.setdefault(row.cluster, []).append(row)
    return {key: group for key, group in clusters.items() if len({r.hypothesis for r in group}) >= 2}


def cluster_denials(rows: Sequence[LabelledPair], rng: random.Random, count: int,
                    max_overlap: float = 0.5, close: Close | None = None) -> Iterator[LabelledPair]:
    """One argument against a denial of its paraphrase (a conflict), or of another argument on its side (none).

    Fixes a measured failure: a denial was scored as a conflict with any claim on its subject
    ("Russia denies supporting separatists" against "Russia was a help with this"), and the
    denial of what the other claim says in other words was missed (Russia's denial that
    "Washington and Moscow have agreed to share intelligence" against Kerry's "we agreed to
    intensify intelligence cooperation").  Perspectrum's paraphrase clusters hold real
    restatements of one position in different words; a same-side argument from another
    cluster is on the topic but says something else.  Half of each, so the denial's decision
    learns what it denies, not that it denies.  Rows need ``cluster`` (Perspectrum's); ``close``
    keeps only the paraphrases it accepts (see ``paraphrase_pairs``).
    """
    clusters = _paraphrase_clusters(rows)
    paraphrased = sorted(clusters)
    if not paraphrased:
        return
    sides: dict[tuple[str, str], list[LabelledPair]] = {}
    for row in rows:
        if row.cluster and row.label in (ENTAILMENT, CONTRADICTION):
            sides.setdefault((row.group or row.premise, row.label), []).append(row)
    made = 0
    for attempt in range(count * 6):
        if made >= count:
            break
        first = rng.choice(clusters[rng.choice(paraphrased)])
        if attempt % 2 == 0:  # a paraphrase: the denial denies what the other says
            others = [r for r in clusters[first.cluster] if r.hypothesis != first.hypothesis
                      and (close is None or close(first.hypothesis, r.hypothesis))]
            label = CONTRADICTION
        else:  # the same side of the debate, another position
            others = [r for r in sides[(first.group or first.premise, first.label)] if r.cluster != first.cluster
                      and _overlap(_content_words(first.hypothesis), _content_words(r.hypothesis)) < max_overlap]
            label = NEUTRAL
        # "n't" hides from wrappable's word-bounded negations ("can't"): a double negation reads as noise.
        others = [r for r in others if wrappable(r.hypothesis) and "n't" not in r.hypothesis.replace("’", "'")]
        if not others:
            continue
        other = rng.choice(others)
        yield LabelledPair(first.hypothesis, _wrap(DENIALS, other.hypothesis, rng), label, "wrapped-" + first.dataset,
                           first.split, group=first.group)
        made += 1


def paraphrase_pairs(rows: Sequence[LabelledPair], rng: random.Random, count: int,
                     close: Close | None = None) -> Iterator[LabelledPair]:
    """Two wordings of one position, labelled support: a restatement is not a conflict.

    Fixes a measured failure: paraphrases were scored as factual contradictions ("The Indian
    government fired an employee who hadn't been to work in 24 years" against "Government fires
    employee who skipped work for 24 years"), and a candidate trained on same-topic neutral
    evidence (session 10) lost the paraphrases v3 had.  Perspectrum's clusters hold real
    restatements of one perspective written by different people.  Rows need ``cluster``.

    Some clusters are loose ("It is an honour for the host city" beside "Hosting the Olympic Games
    can be historic for a nation"): labelled support, such pairs teach that a shared topic is
    support, and a candidate trained on them (session 11) linked a denial to a claim only on its
    topic.  ``close(a, b)`` keeps the pairs it accepts, e.g. by embedding similarity.
    """
    clusters = _paraphrase_clusters(rows)
    paraphrased = sorted(clusters)
    seen: set[tuple[str, str]] = set()
    for _ in range(count * 4):
        if len(seen) >= count or not paraphrased:
            break
        first, second = rng.sample(clusters[rng.choice(paraphrased)], 2)
        if first.hypothesis == second.hypothesis or (first.hypothesis, second.hypothesis) in seen:
            continue
        if close is not None and not close(first.hypothesis, second.hypothesis):
            continue
        seen.add((first.hypothesis, second.hypothesis))
        yield LabelledPair(first.hypothesis, second.hypothesis, ENTAILMENT, "paraphrase-" + first.dataset,
                           first.split, group=first.group)


def _overlap(left: set[str], right: set[str]) -> float:
    """Jaccard overlap of two sets of content words (0 when either is empty)."""
    return len(left & right) / len(left | right) if left and right else 0.0
