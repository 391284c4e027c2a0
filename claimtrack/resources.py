"""Opening the library's resources for a command, shared by every CLI module."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.settings import Settings

if TYPE_CHECKING:
    from claims.services import Services


def open_services(config: Settings, *, classifier_calibrated: bool = True) -> Services:
    # Imported on use: the services pull in SQLAlchemy, alembic and the models, which
    # `claimtrack --help` and a mistyped option never need.
    from claims import services

    return services.Services(config, classifier_calibrated=classifier_calibrated)
