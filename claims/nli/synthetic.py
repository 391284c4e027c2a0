"""Synthetic news-style sentence pairs for training the shipped pair classifier.

The licensed datasets hold few news contradictions of the kind newsrooms meet
(agreements reached or not, counts and dates that differ, one side reversing
another), so we generate them from templates and from real CC0 prose.  Every
generator is seeded: the same seed gives the same pairs.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from claims.nli.datasets import CONTRADICTION, ENTAILMENT, NEUTRAL, LabelledPair, bucket

ACTORS = [
    "Russia", "the United States", "China", "France", "Germany", "Turkey", "Iran", "Saudi Arabia",
    "the European Union", "NATO", "the United Nations", "Britain", "Japan", "India", "Brazil",
    "the government", "the opposition", "the ministry", "the rebels", "the army", "the union",
    "the company", "the board", "the central bank", "the council", "Ukraine", "Egypt", "Qatar",
]
PEOPLE = [
    "the foreign minister", "the president", "the prime minister", "the defence secretary",
    "the spokeswoman", "the mayor", "the chief executive", "the ambassador", "the governor",
]
ACTIONS = [
    ("share intelligence on militant groups", "shared intelligence on militant groups"),
    ("cooperate on counter-terrorism", "cooperated on counter-terrorism"),
    ("lift sanctions on the country", "lifted sanctions on the country"),
    ("hold talks on the conflict", "held talks on the conflict"),
    ("extend the ceasefire", "extended the ceasefire"),
    ("cut oil production", "cut oil production"),
    ("withdraw troops from the region", "withdrew troops from the region"),
    ("open the border crossing", "opened the border crossing"),
    ("raise interest rates", "raised interest rates"),
    ("sign a trade agreement", "signed a trade agreement"),
    ("build a new pipeline", "built a new pipeline"),
    ("launch air strikes against the militants", "launched air strikes against the militants"),
    ("release the prisoners", "released the prisoners"),
    ("close the embassy", "closed the embassy"),
]
PLACES = ["Vienna", "Geneva", "Moscow", "Paris", "Doha", "Sochi", "Kuala Lumpur", "Ankara", "Cairo",
          "New York", "Brussels", "Tehran", "Damascus", "Berlin", "Beijing", "Kiev"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
VICTIMS = ["people", "civilians", "soldiers", "protesters", "workers", "passengers"]
EVENTS = ["killed", "injured", "arrested", "evacuated", "rescued"]
ANTONYMS = [
    ("rose", "fell"), ("increased", "decreased"), ("won", "lost"), ("approved", "rejected"),
    ("accepted", "refused"), ("supported", "opposed"), ("opened", "closed"), ("expanded", "cut"),
    ("confirmed", "denied"), ("strengthened", "weakened"),
]
MEASURES = ["unemployment", "inflation", "exports", "oil prices", "the budget deficit", "support for the party",
            "military spending", "the number of refugees"]


def _pair(premise: str, hypothesis: str, label: str, rng: random.Random) -> LabelledPair:
    # Half the pairs are swapped so the model does not learn an order bias.
    if rng.random() < 0.5:
        premise, hypothesis = hypothesis, premise
    return LabelledPair(premise, hypothesis, label, "synthetic", bucket(premise + hypothesis, 0.08, 0.0))


def agreement_pairs(rng: random.Random) -> Iterator[LabelledPair]:
    a, b = rng.sample(ACTORS, 2)
    base, past = rng.choice(ACTIONS)
    other_base, other_past = rng.choice([x for x in ACTIONS if x[0] != base])
    a_cap = a[0].upper() + a[1:]
    agreed = rng.choice([f"{a_cap} and {b} agreed to {base}.", f"{a_cap} and {b} have agreed to {base}.",
                         f"{a_cap} agreed with {b} to {base}."])
    yield _pair(agreed, rng.choice([
        f"{a_cap} and {b} did not agree to {base}.",
        f"{a_cap} and {b} have not agreed to {base}.",
        f"{a_cap} and {b} failed to agree to {base}.",
        f"{a_cap} and {b} have not been able to agree to {base}.",
        f"There is no agreement between {a} and {b} to {base}.",
        f"{a_cap} and {b} refused to {base}.",
    ]), CONTRADICTION, rng)
    yield _pair(agreed, rng.choice([
        f"{a_cap} and {b} reached an agreement to {base}.",
        f"{a_cap} and {b} will {base}.",
        f"An agreement was reached between {a} and {b} to {base}.",
    ]), ENTAILMENT, rng)
    yield _pair(agreed, rng.choice([
        f"{a_cap} and {b} discussed plans to {other_base}.",
        f"{a_cap} and {b} have {other_past} in the past.",
        f"{a_cap} wants {b} to {other_base}.",
        f"Officials from {a} met in {rng.choice(PLACES)} on {rng.choice(DAYS)}.",
    ]), NEUTRAL, rng)
    yield _pair(f"{a_cap} {past}.", f"{a_cap} never {past}." if rng.random() < 0.5 else f"{a_cap} has not {past}.",
                CONTRADICTION, rng)


def count_pairs(rng: random.Random) -> Iterator[LabelledPair]:
    n = rng.choice([3, 5, 7, 12, 15, 20, 24, 31, 40, 58, 100, 120, 250])
    m = rng.choice([x for x in (2, 4, 6, 9, 11, 17, 26, 35, 44, 60, 75, 180, 300) if x != n])
    victims, event, place, day = rng.choice(VICTIMS), rng.choice(EVENTS), rng.choice(PLACES), rng.choice(DAYS)
    base = f"{n} {victims} were {event} in {place} on {day}."
    yield _pair(base, f"{m} {victims} were {event} in {place} on {day}.", CONTRADICTION, rng)
    yield _pair(base, f"At least {min(n, n - 1 if n > 3 else n)} {victims} were {event} in {place}.", ENTAILMENT, rng)
    other_event = rng.choice([e for e in EVENTS if e != event])
    yield _pair(base, f"{m} {victims} were {other_event} in {place} on {day}.", NEUTRAL, rng)
    other_day = rng.choice([d for d in DAYS if d != day])
    yield _pair(base, f"{n} {victims} were {event} in {place} on {other_day}.", CONTRADICTION, rng)
    nobody = f"No {victims} were {event} in {place} on {day}."
    yield _pair(base, nobody, CONTRADICTION, rng)


def meeting_pairs(rng: random.Random) -> Iterator[LabelledPair]:
    p, q = rng.sample(PEOPLE, 2)
    a = rng.choice(ACTORS)
    place, month, day = rng.choice(PLACES), rng.choice(MONTHS), rng.randint(1, 28)
    base = f"{p.capitalize()} met {q} of {a} in {place} on {month} {day}."
    other_place = rng.choice([x for x in PLACES if x != place])
    other_month = rng.choice([x for x in MONTHS if x != month])
    yield _pair(base, f"{p.capitalize()} met {q} of {a} in {other_place} on {month} {day}.", CONTRADICTION, rng)
    yield _pair(base, f"{p.capitalize()} met {q} of {a} in {place} on {other_month} {day}.", CONTRADICTION, rng)
    yield _pair(base, f"{p.capitalize()} did not meet {q} of {a}.", CONTRADICTION, rng)
    yield _pair(base, f"{p.capitalize()} held a meeting with {q} of {a} in {place}.", ENTAILMENT, rng)
    yield _pair(base, f"{p.capitalize()} is expected to visit {other_place} next year.", NEUTRAL, rng)


def antonym_pairs(rng: random.Random) -> Iterator[LabelledPair]:
    up, down = rng.choice(ANTONYMS)
    if rng.random() < 0.5:
        up, down = down, up
    subject = rng.choice(MEASURES + ACTORS)
    subject = subject[0].upper() + subject[1:]
    tail = rng.choice(["last year", f"in {rng.choice(MONTHS)}", "this quarter", "after the vote", ""]).strip()
    sentence = f"{subject} {up} {tail}".strip() + "."
    yield _pair(sentence, f"{subject} {down} {tail}".strip() + ".", CONTRADICTION, rng)
    yield _pair(sentence, f"{subject} {up}.", ENTAILMENT, rng)
    other = rng.choice([m for m in MEASURES if m.lower() != subject.lower()])
    yield _pair(sentence, f"{other[0].upper() + other[1:]} {down} {tail}".strip() + ".", NEUTRAL, rng)


ALIASES = [("the United States", "the US", "Washington", "the U.S."), ("Russia", "Moscow", "the Kremlin"),
           ("Islamic State", "ISIS", "ISIL", "Daesh", "IS"), ("Britain", "the UK", "London"),
           ("the European Union", "the EU", "Brussels"), ("the United Nations", "the UN")]
ALIAS_TEMPLATES = [
    "{a} and {b} agreed to share intelligence on {g}.", "{a} accused {b} of supporting {g}.",
    "{a} launched air strikes against {g} in Syria.", "{a} said it would work with {b} against {g}.",
    "Talks between {a} and {b} on fighting {g} ended on {day}.", "{a} imposed new sanctions on {b}.",
]


def alias_pairs(rng: random.Random) -> Iterator[LabelledPair]:
    """The same statement naming the same actors differently entails itself (the classifier
    must not read "US" vs "United States" as a word swap); negating it still contradicts."""
    countries = [group for group in ALIASES if group[0] != "Islamic State"]
    first, second = rng.sample(countries, 2)
    group = ALIASES[2]
    template = rng.choice(ALIAS_TEMPLATES)
    day = rng.choice(DAYS)

    def fill(a: str, b: str, g: str) -> str:
        text = template.format(a=a, b=b, g=g, day=day)
        return text[0].upper() + text[1:]

    one = fill(rng.choice(first), rng.choice(second), rng.choice(group))
    other = fill(rng.choice(first), rng.choice(second), rng.choice(group))
    yield _pair(one, other, ENTAILMENT, rng)
    yield _pair(one, one, ENTAILMENT, rng)
    negated = negate(other.replace(" agreed", " did agree").replace(" said", " did say"))
    if negated:
        yield _pair(one, negated, CONTRADICTION, rng)


_AUX = re.compile(r"\b(is|was|are|were|has|have|had|will|can|could|would|should|does|did)\b ")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def negate(sentence: str) -> str | None:
    """Insert 'not' after the first auxiliary, or None where there is none."""
    match = _AUX.search(sentence)
    if not match or re.search(r"\b(not|never|no)\b", sentence):
        return None
    return sentence[: match.end(1)] + " not" + sentence[match.end(1):]


def prose_pairs(root: Path, rng: random.Random, limit: int) -> Iterator[LabelledPair]:
    """Negations, truncations and unrelated sentence pairs from ConTRoL dev passages (CC0)."""
    passages = [json.loads(line)["premise"] for line in (root / "control" / "dev.jsonl").open(encoding="utf-8")]
    produced = 0
    for passage in passages:
        sentences = [s.strip() for s in _SENTENCE.split(passage) if 40 <= len(s.strip()) <= 220]
        rng.shuffle(sentences)
        for first, second in zip(sentences[::2], sentences[1::2], strict=False):
            negated = negate(first)
            if negated:
                yield _pair(first, negated, CONTRADICTION, rng)
            if "," in first:
                head = first.split(",")[0].strip()
                if len(head.split()) >= 5:
                    yield _pair(first, head + ".", ENTAILMENT, rng)
            yield _pair(first, second, NEUTRAL, rng)
            produced += 3
            if produced >= limit:
                return


def generate(root: Path, seed: int = 13, templates: int = 2500, prose_limit: int = 6000) -> list[LabelledPair]:
    rng = random.Random(seed)
    rows: list[LabelledPair] = []
    for _ in range(templates):
        for generator in (agreement_pairs, count_pairs, meeting_pairs, antonym_pairs, alias_pairs):
            rows.extend(generator(rng))
    rows.extend(prose_pairs(root, rng, prose_limit))
    return rows
