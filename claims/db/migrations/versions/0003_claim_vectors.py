"""claim vectors live in the database; claim ids never repeat; deletions leave tombstones

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_vectors",
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_claim_vectors_model", "claim_vectors", ["model"])
    op.create_table(
        "claim_tombstones",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_claim_tombstones_claim_id", "claim_tombstones", ["claim_id"])
    # Vectors were only in the index file: the index fills claim_vectors on its first start.
    if op.get_bind().dialect.name == "sqlite":
        # SQLite reuses the largest rowid after a delete unless the table says AUTOINCREMENT: rebuild
        # it (env.py turns foreign keys off around migrations, so the copy cascades nothing).
        with op.batch_alter_table("claims", recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.drop_column("embedding_model")
    else:
        op.drop_column("claims", "embedding_model")


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("embedding_model", sa.String(length=200), nullable=True))
    op.drop_index("ix_claim_tombstones_claim_id", "claim_tombstones")
    op.drop_table("claim_tombstones")
    op.drop_index("ix_claim_vectors_model", "claim_vectors")
    op.drop_table("claim_vectors")
