"""Seed aliases: names the alias table starts with.  The data adds more (see claims.db.repo)."""

from __future__ import annotations

import re

# canonical name -> (kind, aliases).  Country names double as their capitals and seats of
# government when used as actors ("Washington said"), which is how news uses them.
SEED_ENTITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Islamic State": ("GROUP", ("ISIS", "ISIL", "IS", "Daesh", "Islamic State group",
                                "Islamic State of Iraq and the Levant",
                                "Islamic State of Iraq and Syria", "IS militants", "Islamic State militants",
                                "Islamic State jihadists", "Islamic State terrorists", "Islamic State fighters",
                                "the Islamic State", "Islamic State fundamentalists", "the Islamic State group")),
    "United States": ("GPE", ("US", "U.S.", "USA", "the United States", "the US", "the U.S.", "Washington",
                              "America", "United States of America", "the White House", "White House")),
    "Russia": ("GPE", ("Moscow", "the Kremlin", "Kremlin", "Russian Federation", "the Russian Federation")),
    "Sergei Lavrov": ("PERSON", ("Sergey Lavrov", "Lavrov", "the Russian FM", "Russian FM", "FM Lavrov",
                                 "Foreign Minister Lavrov", "Foreign Minister Sergei Lavrov",
                                 "Russian Foreign Minister Sergei Lavrov", "Russian Foreign Minister Sergey Lavrov")),
    "John Kerry": ("PERSON", ("Kerry", "Secretary Kerry", "US Secretary John Kerry", "US Secretary of State John Kerry",
                              "U.S. Secretary of State John Kerry", "Secretary of State John Kerry")),
    "Vladimir Putin": ("PERSON", ("Putin", "President Putin", "Vladimir Putin", "Russian President Vladimir Putin",
                                  "the Kremlin chief", "Mr. Putin")),
    "Barack Obama": ("PERSON", ("Obama", "President Obama", "US President Barack Obama", "U.S. President Barack Obama",
                                "the US leader")),
    "Bashar al-Assad": ("PERSON", ("Assad", "Bashar Assad", "President Bashar al-Assad",
                                   "Syrian President Bashar al-Assad",
                                   "President Bashar Assad", "al-Assad")),
    "United Nations": ("ORG", ("UN", "U.N.", "the UN", "the United Nations")),
    "European Union": ("ORG", ("EU", "the EU", "the European Union")),
    "United Kingdom": ("GPE", ("Britain", "UK", "U.K.", "Great Britain", "London")),
    "Saudi Arabia": ("GPE", ("Riyadh", "the Saudis", "Saudis")),
    "Turkey": ("GPE", ("Ankara", "the Turks", "Turks")),
    "Iran": ("GPE", ("Tehran", "the Iranians", "Iranians", "Islamic Republic of Iran")),
    "Syria": ("GPE", ("Damascus", "the Syrian government")),
}


def _name_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    canonical = {alias: name for name, (_, aliases) in SEED_ENTITIES.items() for alias in aliases
                 if not alias.startswith("the ")}
    # The names themselves too, so "John Kerry" is matched whole and never read as "John" + "Kerry".
    canonical.update({name: name for name in SEED_ENTITIES})
    # Longest first, so "Islamic State of Iraq and Syria" wins over "Islamic State"; case-sensitive,
    # so the pronoun "us" is never read as the US.
    names = sorted(canonical, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])"), canonical


_NAMES, _CANONICAL = _name_pattern()


def shared_names(a: str, b: str) -> tuple[str, str]:
    """Both texts with one name for every seed entity that *both* mention, under any alias.

    The pair classifier is small: "the US" against "the United States", or "ISIS" against
    "Islamic State", reads to it as a different actor and so as a conflict.  Only entities the
    two texts share are renamed, so a name only one side uses is left as it was written.
    """
    def entities(text: str) -> set[str]:
        return {_CANONICAL[m.group()] for m in _NAMES.finditer(text)}

    shared = entities(a) & entities(b)
    if shared:
        def rename(text: str) -> str:
            return _NAMES.sub(lambda m: _CANONICAL[m.group()] if _CANONICAL[m.group()] in shared else m.group(),
                              text)

        a, b = rename(a), rename(b)
    return a, one_spelling(a, b)


_CAPITALISED_PAIR = re.compile(r"(?=\b([A-Z][\w'-]*) ([A-Z][\w'-]*)\b)")


def _one_edit_apart(x: str, y: str) -> bool:
    """One letter added, dropped or changed: "Axel"/"Axl", "Gadhafi"/"Gaddafi", "Mueller"/"Muller"."""
    if abs(len(x) - len(y)) > 1 or x == y:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) == 1
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def one_spelling(a: str, b: str) -> str:
    """``b`` with a name misspelt against ``a`` written as ``a`` writes it.

    Rumours travel with misspelt names ("Guns N Roses signer Axel Rose is dead" against "Axl Rose NOT
    Dead"), and to the classifier another spelling is another person.  A word of a two-word name is
    respelt only beside a word both names share, only one edit apart, only from four letters (three in the
    shorter) and with the same first letter: "Axel Rose" is "Axl Rose"; "Carl Rose", "Daniel"/"Danielle Smith" and
    "Kim Jong-il"/"Kim Jong-un" stay apart.
    """
    respell: dict[str, str] = {}
    theirs = [(m.group(1), m.group(2)) for m in _CAPITALISED_PAIR.finditer(b)]
    for ours in ((m.group(1), m.group(2)) for m in _CAPITALISED_PAIR.finditer(a)):
        for other in theirs:
            for same, differ in ((0, 1), (1, 0)):
                x, y = ours[differ], other[differ]
                if (ours[same].lower() == other[same].lower() and min(len(x), len(y)) >= 3 and max(len(x), len(y)) >= 4
                        and x[0].lower() == y[0].lower() and _one_edit_apart(x.lower(), y.lower())):
                    respell[y] = x
    for wrong, right in respell.items():
        b = re.sub(rf"(?<![\w'-]){re.escape(wrong)}(?![\w'-])", right, b)
    return b
