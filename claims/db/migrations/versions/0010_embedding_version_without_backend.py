"""stored vectors name their model, not the runtime that computed it

Revision ID: 0010
Revises: 0009

The onnx embedding backend runs the same weights as torch and gives the same vectors (cosine
above 0.9999, checked at export), so a vector's model is "all-MiniLM-L6-v2:384" whichever backend
wrote it: switching the backend must not re-embed a store.  Snapshots of the index made under
the old names are rebuilt from these rows on the next start.
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _rename(name: Callable[[str], str]) -> None:
    # One UPDATE per distinct model name (a store holds one or two), not per row.
    connection = op.get_bind()
    for (model,) in connection.execute(sa.text("SELECT DISTINCT model FROM claim_vectors")).all():
        if name(model) != model:
            connection.execute(sa.text("UPDATE claim_vectors SET model = :new WHERE model = :old"),
                               {"new": name(model), "old": model})


def _without_backend(model: str) -> str:
    label, _, rest = model.rpartition(":")  # "all-MiniLM-L6-v2:torch" and "384"
    head, _, backend = label.rpartition(":")
    return f"{head}:{rest}" if head and backend in ("torch", "onnx") else model


def _with_torch(model: str) -> str:
    # Before this revision every stored vector came from the torch backend (onnx did not load).
    head, _, dimension = model.rpartition(":")
    return f"{head}:torch:{dimension}" if head and dimension.isdigit() else model


def upgrade() -> None:
    _rename(_without_backend)


def downgrade() -> None:
    _rename(_with_torch)
