"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from claims.db.migrate import current_revision, upgrade
from claims.db.models import Base
from claims.db.session import Database
from claims.settings import Settings


def test_migrations_match_the_models(settings: Settings) -> None:
    db = Database(settings)
    upgrade(db.engine)
    upgrade(db.engine)  # upgrading an up-to-date database is a no-op
    assert current_revision(db.engine) == "0001"
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    db.dispose()
