"""claims keep their span and sentence context, so reads never load article text

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op



def sentence_context(text: str, start: int, end: int, reach: int = 300) -> tuple[str, str]:
    # A frozen copy of claims.db.repo.sentence_context as of this revision: a migration must not
    # change meaning when the application code moves on.
    window = text[max(0, start - reach):start]
    cut = max(window.rfind(". "), window.rfind("\n\n"), window.rfind(".\n"))
    before = window[cut + 2:] if cut >= 0 else window
    after = text[end:end + reach]
    stop = min((i for i in (after.find(". "), after.find("\n\n"), after.find(".\n")) if i >= 0), default=-1)
    return before, after[:stop + 1] if stop >= 0 else after

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("span", sa.Text(), nullable=True))
        batch.add_column(sa.Column("context_before", sa.Text(), nullable=True))
        batch.add_column(sa.Column("context_after", sa.Text(), nullable=True))
    connection = op.get_bind()
    articles = connection.execute(sa.text("SELECT DISTINCT article_id FROM claims")).scalars().all()
    for article_id in articles:
        text = connection.execute(sa.text("SELECT text FROM articles WHERE id = :id"), {"id": article_id}).scalar_one()
        claims = connection.execute(sa.text("SELECT id, char_start, char_end FROM claims WHERE article_id = :id"),
                                    {"id": article_id}).all()
        for claim_id, start, end in claims:
            before, after = sentence_context(text, start, end)
            connection.execute(sa.text("UPDATE claims SET span = :span, context_before = :before, "
                                       "context_after = :after WHERE id = :id"),
                               {"span": text[start:end], "before": before, "after": after, "id": claim_id})
    # Recreating the table on SQLite must keep AUTOINCREMENT (0003): claim ids are never reused.
    with op.batch_alter_table("claims", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("span", nullable=False)
        batch.alter_column("context_before", nullable=False)
        batch.alter_column("context_after", nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("context_after")
        batch.drop_column("context_before")
        batch.drop_column("span")
