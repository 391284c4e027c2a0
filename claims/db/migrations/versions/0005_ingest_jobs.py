"""articles are accepted first and processed by workers: ingest jobs

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("processed_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE articles SET processed_at = created_at")  # every stored article was processed inline
    op.create_table(
        "ingest_jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("claims_count", sa.Integer(), nullable=True),
        sa.Column("links_count", sa.Integer(), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_ingest_jobs_article_id", "ingest_jobs", ["article_id"])
    op.create_index("ix_ingest_jobs_status", "ingest_jobs", ["status"])


def downgrade() -> None:
    op.drop_index("ix_ingest_jobs_status", "ingest_jobs")
    op.drop_index("ix_ingest_jobs_article_id", "ingest_jobs")
    op.drop_table("ingest_jobs")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("processed_at")
