"""reviews record the authenticated principal; removed links are archived; deletions audited; lock leases

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("link_reviews") as batch:
        batch.add_column(sa.Column("principal", sa.String(length=64), nullable=True))
    with op.batch_alter_table("claim_links") as batch:
        batch.add_column(sa.Column("reviewed_by", sa.String(length=64), nullable=True))
    with op.batch_alter_table("job_locks") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE job_locks SET expires_at = acquired_at")
    with op.batch_alter_table("job_locks") as batch:
        batch.alter_column("expires_at", nullable=False)
    op.create_table(
        "archived_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_archived_links_link_id", "archived_links", ["link_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_audit_log_created_at", "audit_log", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_created_at", "audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_archived_links_link_id", "archived_links")
    op.drop_table("archived_links")
    with op.batch_alter_table("job_locks") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("claim_links") as batch:
        batch.drop_column("reviewed_by")
    with op.batch_alter_table("link_reviews") as batch:
        batch.drop_column("principal")
