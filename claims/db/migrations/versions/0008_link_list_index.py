"""links listed newest first walk an index: (relation, id)

Revision ID: 0008
Revises: 0007

The list view asks for one relation's newest links (``WHERE relation = ? ORDER BY id DESC
LIMIT n``).  With only (relation, score) to use, the database read every link of the relation
and sorted them for each page: 93 ms at 10k links, growing with the store.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_links_relation_id", "claim_links", ["relation", "id"])


def downgrade() -> None:
    op.drop_index("ix_links_relation_id", table_name="claim_links")
