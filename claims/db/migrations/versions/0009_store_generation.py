"""a store generation: one counter moved on by every committed change the API reads

Revision ID: 0009
Revises: 0008

Read pages are cached per process under this counter (``claims.db.generation``); every process
sees the same counter, so a change committed by any writer (an ingest worker, the nightly job,
a review on another server process) retires every cached page at once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table("store_state", sa.Column("id", sa.Integer(), nullable=False),
                            sa.Column("generation", sa.BigInteger(), nullable=False),
                            sa.PrimaryKeyConstraint("id"))
    op.bulk_insert(table, [{"id": 1, "generation": 0}])


def downgrade() -> None:
    op.drop_table("store_state")
