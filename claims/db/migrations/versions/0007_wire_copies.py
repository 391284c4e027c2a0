"""wire copies: the same text from another outlet is its own article, pointing at the first

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# 0001 left the unique constraint on content_hash unnamed: PostgreSQL named it, SQLite did not
# (batch mode reflects it under this convention, so it can be dropped by name).
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _unnamed_unique(bind: sa.engine.Connection) -> str:
    if bind.dialect.name == "sqlite":
        return "uq_articles_content_hash"
    found = [c["name"] for c in sa.inspect(bind).get_unique_constraints("articles") if c["column_names"] == ["content_hash"]]
    return str(found[0])


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("articles", naming_convention=SQLITE_NAMES) as batch:
        batch.drop_constraint(_unnamed_unique(bind), type_="unique")
        batch.add_column(sa.Column("copy_of_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_articles_copy_of_id", "articles", ["copy_of_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_articles_copy_of_id", ["copy_of_id"], unique=False)
        batch.create_index("ix_articles_content_hash", ["content_hash"], unique=False)
        batch.create_unique_constraint("uq_article_source_content", ["source_id", "content_hash"])
    op.create_index("uq_article_original", "articles", ["content_hash"], unique=True,
                    sqlite_where=sa.text("copy_of_id IS NULL"), postgresql_where=sa.text("copy_of_id IS NULL"))


def downgrade() -> None:
    op.drop_index("uq_article_original", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("uq_article_source_content", type_="unique")
        batch.drop_index("ix_articles_content_hash")
        batch.drop_index("ix_articles_copy_of_id")
        batch.drop_constraint("fk_articles_copy_of_id", type_="foreignkey")
        batch.drop_column("copy_of_id")
        batch.create_unique_constraint("uq_articles_content_hash", ["content_hash"])
