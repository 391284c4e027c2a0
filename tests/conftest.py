"""Shared fixtures.  Every database test runs on SQLite and, when
CLAIMTRACK_TEST_DATABASE_URL is set, on PostgreSQL too (each in its own schema)."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claims.db.migrate import upgrade
from claims.db.session import Database
from claims.ingest.files import articles_from_paths
from claims.schemas import ArticleIn
from claims.services import Services
from claims.settings import Settings, load_settings
from tests.fakes import fake_services

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PG_URL = os.environ.get("CLAIMTRACK_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])

# Tests never touch the network: the bundled models are local.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def postgres_schema_url(base: str) -> str:
    """A fresh schema in the test database, so tests never see each other's rows."""
    schema = "t_" + uuid.uuid4().hex[:12]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    engine = create_engine(plain.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    separator = "&" if "?" in plain else "?"
    return f"{plain}{separator}options=-csearch_path%3D{schema}"


def make_settings(backend: str, data_dir: Path, **overrides: object) -> Settings:
    url = postgres_schema_url(PG_URL) if backend == "postgresql" else ""
    return load_settings(data_dir=data_dir, database_url=url, **overrides)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


def sqlite_file(settings: Settings) -> Path:
    return Path(settings.resolved_database_url.removeprefix("sqlite:///"))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite store migrated to head, copied into each test's data folder: migrating from nothing
    costs about 0.1 s a test, an up-to-date store 6 ms. (The migrations themselves are tested from an
    empty store in test_migrations.py, and every PostgreSQL test still migrates a new schema.)"""
    database = Database(make_settings("sqlite", tmp_path_factory.mktemp("migrated")))
    upgrade(database.engine)
    database.engine.dispose()
    return sqlite_file(database.settings)


@pytest.fixture
def settings(backend: str, tmp_path: Path, migrated_sqlite: Path) -> Settings:
    built = make_settings(backend, tmp_path / "data")
    if backend == "sqlite":
        sqlite_file(built).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_sqlite, sqlite_file(built))
    return built


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Services on the deterministic fakes (tests.fakes): for everything not about the models."""
    with fake_services(settings) as built:
        yield built


@pytest.fixture
def model_services(settings: Settings) -> Iterator[Services]:
    """Services on the real spaCy, MiniLM and pair-classifier models (mark the test ``models``)."""
    with Services(settings) as built:
        yield built


def fixture_articles() -> list[ArticleIn]:
    return list(articles_from_paths([FIXTURES / "manifest.json"], {}))


@pytest.fixture(scope="session", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The five fixture articles ingested once per backend; tests must not write to it."""
    built = Services(make_settings(request.param, tmp_path_factory.mktemp("loaded")))
    built.pipeline.ingest_many(fixture_articles())
    yield built
    built.close()


@pytest.fixture(scope="session")
def gold_links() -> dict:
    return json.loads((FIXTURES / "gold_links.json").read_text())
