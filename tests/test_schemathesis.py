"""Property-based run of every operation in the OpenAPI schema: no client input may cause a 5xx."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from claims.services import Services
from tests.conftest import fixture_articles, make_settings
from tests.fakes import fake_services


@pytest.fixture(scope="module")
def api_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    services = fake_services(make_settings("sqlite", tmp_path_factory.mktemp("schemathesis")))
    services.pipeline.ingest_many(fixture_articles()[:2])
    yield services
    services.close()


@pytest.fixture(scope="module")
def api_schema(api_services: Services):  # type: ignore[no-untyped-def]
    app = create_app(api_services.settings, api_services)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def operations() -> list[str]:
    # The schema alone: an app with no services, whose lifespan never runs.
    app = create_app(make_settings("sqlite", Path(tempfile.mkdtemp())), services=None)
    schema = app.openapi()
    loaded = schemathesis.openapi.from_dict(schema)
    return [result.ok().label for result in loaded.get_all_operations()]


@pytest.mark.parametrize("label", operations())
def test_no_server_errors(api_schema, label: str) -> None:  # type: ignore[no-untyped-def]
    # Driven through Hypothesis directly: schemathesis' pytest plugin does not load under pytest 9.
    operation = api_schema.find_operation_by_label(label)

    @given(operation.as_strategy())
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(checks=[schemathesis.checks.not_a_server_error])

    run()
