"""The Alembic migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from claims.db.migrate import alembic_config, current_revision, upgrade
from claims.db.models import Base
from claims.db.session import Database
from claims.settings import Settings
from tests.conftest import make_settings


@pytest.fixture
def settings(backend: str, tmp_path: Path) -> Settings:
    """An empty store: conftest's ``settings`` starts from a migrated copy, and these tests migrate."""
    return make_settings(backend, tmp_path / "data")


def _one_article(connection: Connection) -> None:
    """An outlet and one article, the rows every populated-store test starts from (ids 1)."""
    connection.execute(text("INSERT INTO sources (id, name, created_at) VALUES (1, 'Wire', '2015-01-01')"))
    connection.execute(text(
        "INSERT INTO articles (id, source_id, text, content_hash, published_at_origin, created_at) "
        "VALUES (1, 1, 'Officials said the bridge will open. It is new.', 'h', 'unknown', '2015-01-01')"))


def test_migrations_match_the_models(settings: Settings) -> None:
    db = Database(settings)
    assert current_revision(db.engine) is None
    upgrade(db.engine)
    upgrade(db.engine)  # upgrading an up-to-date database is a no-op
    assert current_revision(db.engine) == ScriptDirectory.from_config(alembic_config(db.engine)).get_current_head()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    db.dispose()


def test_upgrading_a_populated_store_keeps_every_row(settings: Settings) -> None:
    """A store made at the first revision survives every later migration (the SQLite table rebuilds
    cascade nothing), and the new columns are filled for old rows."""
    db = Database(settings)
    upgrade(db.engine, "0001")
    with db.engine.begin() as connection:
        _one_article(connection)
        for claim_id, (start, end) in enumerate([(15, 35), (37, 47)], 1):
            connection.execute(text(
                "INSERT INTO claims (id, article_id, sentence_index, char_start, char_end, text, speaker, stance, "
                "negated, checkworthy, created_at) VALUES (:id, 1, 0, :start, :end, 'x', 'Officials', 'asserts', "
                "false, true, '2015-01-01')"), {"id": claim_id, "start": start, "end": end})
        connection.execute(text(
            "INSERT INTO claim_links (id, claim_a_id, claim_b_id, relation, score, signals, explanation, "
            "model_version, status, created_at, updated_at) VALUES (1, 1, 2, 'contradicts', 0.9, '[]', '', 'm', "
            "'confirmed', '2015-01-01', '2015-01-01')"))
    upgrade(db.engine)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM claims")).scalar() == 2
        assert connection.execute(text("SELECT status FROM claim_links")).scalar() == "confirmed"
        span, before = connection.execute(text("SELECT span, context_before FROM claims WHERE id = 1")).one()
        assert span == "the bridge will open" and before == "Officials said "
        assert connection.execute(text("SELECT proposition_start FROM claims WHERE id = 2")).scalar() == 37
    db.dispose()


def test_stored_vectors_keep_their_model_across_the_backend_rename(settings: Settings) -> None:
    """Revision 0010 drops the backend from stored vectors' model names, so a store embedded with
    torch is searched by the onnx default without re-embedding a claim; downgrading restores them."""
    db = Database(settings)
    upgrade(db.engine, "0009")
    with db.engine.begin() as connection:
        _one_article(connection)
        for claim_id, model in enumerate(["all-MiniLM-L6-v2:torch:384", "org/model:v2:onnx:768", "custom:512"], 1):
            connection.execute(text(
                "INSERT INTO claims (id, article_id, sentence_index, char_start, char_end, proposition_start, "
                "proposition_end, text, statement, span, context_before, context_after, speaker, stance, negated, "
                "checkworthy, created_at) VALUES (:id, 1, 0, 0, 4, 0, 4, 'x', 'x', 'x', '', '', 'Officials', "
                "'asserts', false, true, '2015-01-01')"), {"id": claim_id})
            connection.execute(text("INSERT INTO claim_vectors (claim_id, model, vector) VALUES (:id, :model, :v)"),
                               {"id": claim_id, "model": model, "v": b"\x00\x00"})
    models = text("SELECT model FROM claim_vectors ORDER BY claim_id")
    upgrade(db.engine)
    with db.engine.connect() as connection:
        assert list(connection.execute(models).scalars()) == ["all-MiniLM-L6-v2:384", "org/model:v2:768", "custom:512"]
    command.downgrade(alembic_config(db.engine), "0009")
    with db.engine.connect() as connection:
        assert list(connection.execute(models).scalars()) == [
            "all-MiniLM-L6-v2:torch:384", "org/model:v2:torch:768", "custom:torch:512"]
    db.dispose()
