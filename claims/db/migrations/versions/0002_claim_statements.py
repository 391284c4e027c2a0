"""claims carry their attributed statement and the proposition's own span

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("proposition_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("proposition_end", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("statement", sa.Text(), nullable=True))
    # Claims extracted before statements existed: their span was the proposition's.
    op.execute("UPDATE claims SET proposition_start = char_start, proposition_end = char_end, statement = text")
    with op.batch_alter_table("claims") as batch:
        batch.alter_column("proposition_start", nullable=False)
        batch.alter_column("proposition_end", nullable=False)
        batch.alter_column("statement", nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("statement")
        batch.drop_column("proposition_end")
        batch.drop_column("proposition_start")
