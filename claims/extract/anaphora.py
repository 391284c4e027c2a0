"""What a denial that points back denies: "Pest Control denied the reports", '"It's a hoax," she said'.

News answers a story in the sentences after it, and the answer often names the story only as "the
reports", "the claims" or "it".  Read alone, such a denial denies nothing a reader could check, so it was
dropped or stored as the outlet's remark ("Pest Control denied the reports on Monday").  The proposition
denied is the earlier claim the words point to:
- a report noun ("the reports", "these allegations"): the latest earlier claim that someone reported,
  i.e. one attributed to a speaker other than the outlet, or an accusation, a hedged report or a denial
  ("Russia refuted reports that P. Lavrov called the reports nonsense": P);
- a pronoun ("it", "this"): the last claim of the sentence before, if someone reported it and it is no
  denial or question ("Banksy was reportedly arrested. His agent denied it.").
Not the outlet's own plain assertions: "Reports said P. Police were called. His agent denied it" does not
deny that police were called.  Without such a claim the frame is not read, and the sentence is read as it
was before.
"""

from __future__ import annotations

from collections.abc import Sequence

from claims.extract.frames import ANAPHORS
from claims.extract.speakers import Frame
from claims.extract.types import ExtractedClaim

REPORTED_STANCES = frozenset({"accuses", "hedged", "denies"})
# Words a proposition may open with that are not a name: lowered when it follows "the reports that".
_OPENERS = frozenset({"the", "a", "an", "this", "these", "those", "it", "its", "they", "their", "there", "some",
                      "he", "she", "his", "her", "we", "our"})


def antecedents(frame: Frame, earlier: Sequence[ExtractedClaim], index: int, outlet: str) -> list[ExtractedClaim]:
    """The earlier claims a ``refers_back`` frame denies (none: it points to nothing one can check).  A
    report of two things is denied whole: "media reported that Banksy had been arrested and that his
    identity had been revealed ... denied the reports" denies both, so every claim its speaker made in
    that sentence with that stance."""
    def reported(claim: ExtractedClaim) -> bool:
        return claim.stance != "questions" and (claim.speaker != outlet or claim.stance in REPORTED_STANCES)

    if frame.content.lower_ in ANAPHORS:
        before = [c for c in earlier if c.sentence_index == index - 1]
        last = before[-1] if before and before[-1].stance != "denies" and reported(before[-1]) else None
    else:
        last = next((c for c in reversed(earlier) if c.sentence_index < index and reported(c)), None)
    if last is None:
        return []
    return [c for c in earlier if (c.sentence_index, c.speaker, c.stance) == (last.sentence_index, last.speaker,
                                                                                 last.stance)]


def in_place_of(anaphor: str, proposition: str) -> str:
    """The words the statement reads in place of the anaphor: "the reports [that P]", "[that P]"."""
    first = proposition.split(" ", 1)[0]
    clause = proposition[:1].lower() + proposition[1:] if first.lower() in _OPENERS else proposition
    return f"that {clause}" if anaphor.lower() in ANAPHORS else f"{anaphor} that {clause}"
