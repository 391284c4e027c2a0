"""Every shared dataset folder, registered: the one entry point to the corpora.

The loaders live in ``corpora_nli`` and ``corpora_stance`` and register themselves with
``datasets.register`` when imported; importing them here, at the top, gives one place that
has them all without ``datasets`` importing its own users.  Registry order is import order:
the NLI folders (evaluation sets among them) come first, which ``datasets.dedupe`` relies on.
"""

from __future__ import annotations

from pathlib import Path

from claims.nli import corpora_nli, corpora_stance  # noqa: F401  (imported to register their loaders)
from claims.nli.datasets import Corpus, LabelledPair, registered


def corpora() -> dict[str, Corpus]:
    return registered()


def load(name: str, root: Path, split: str | None = None) -> list[LabelledPair]:
    rows = corpora()[name].loader(root)
    return [row for row in rows if split is None or row.split == split]
