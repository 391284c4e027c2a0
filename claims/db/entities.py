"""Canonical entities: mentions resolved through the alias table, which grows with the data."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.db import repo
from claims.db.models import Entity
from claims.extract.aliases import SEED_ENTITIES
from claims.extract.types import Mention

KIND_BY_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "GPE", "FAC": "OTHER", "EVENT": "OTHER"}
_TITLES = re.compile(r"^(?:(?:us|u\.s\.|russian|british|french|syrian|saudi|turkish|president|prime|minister|foreign|"
                     r"secretary|of|state|mr\.?|mrs\.?|ms\.?|dr\.?|general|gen\.|top|diplomat|ambassador)\s+)+",
                     re.IGNORECASE)
# Transliterations that name the same person: "Sergey" / "Sergei".
_TRANSLIT = [("ey", "ei"), ("iy", "i"), ("yi", "i")]


def seed_entities(session: Session) -> None:
    """Insert the seed aliases (idempotent: existing aliases are left alone)."""
    for canonical, (kind, aliases) in SEED_ENTITIES.items():
        repo.get_or_create_entity(session, canonical, kind, aliases, origin="seed")


def _first_name_key(name: str) -> str:
    key = name.lower()
    for variant, canonical in _TRANSLIT:
        key = key.replace(variant, canonical)
    return key


def _person(session: Session, mention: str) -> Entity:
    """People: "Sergey Lavrov" == "Sergei Lavrov" == "Lavrov" when the data makes it unambiguous."""
    name = _TITLES.sub("", mention).strip() or mention
    found = repo.find_entity(session, name)
    if found is not None:
        repo.add_alias(session, found, mention)
        return found
    parts = name.split()
    surname = parts[-1]
    people = session.scalars(select(Entity).where(Entity.kind == "PERSON", Entity.name.like(f"% {surname}"))).all()
    matches = [p for p in people if len(parts) == 1 or _first_name_key(p.name.split()[0]) == _first_name_key(parts[0])]
    if len(matches) == 1:
        repo.add_alias(session, matches[0], name)
        repo.add_alias(session, matches[0], mention)
        return matches[0]
    entity = repo.get_or_create_entity(session, name, "PERSON")
    repo.add_alias(session, entity, mention)
    return entity


def resolve(session: Session, mention: Mention) -> Entity | None:
    if mention.label == "ALIAS":
        return repo.find_entity(session, mention.text)
    kind = KIND_BY_LABEL.get(mention.label)
    if kind is None or len(mention.text) < 2:
        return None
    if kind == "PERSON":
        return _person(session, mention.text)
    found = repo.find_entity(session, mention.text)
    return found if found is not None else repo.get_or_create_entity(session, mention.text, kind)


def resolve_speaker(session: Session, speaker: str) -> Entity | None:
    """The entity a speaker string names, when it names one we know ("the ministry" stays None)."""
    found = repo.find_entity(session, speaker) or repo.find_entity(session, _TITLES.sub("", speaker).strip())
    if found is not None:
        return found
    possessor = re.match(r"^(.+?)(?:'s|’s)\s", speaker)
    if possessor:
        return repo.find_entity(session, possessor.group(1))  # "Russia's foreign ministry" speaks for Russia
    return None
