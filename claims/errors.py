"""claimtrack's one exception hierarchy.  The API maps these to problem+json once."""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Base of every error claimtrack raises on purpose."""

    title = "claimtrack error"

    def __init__(self, detail: str, *, field_errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field_errors = field_errors or []


class SettingsError(ClaimtrackError):
    """A setting has a value claimtrack cannot use."""

    title = "Invalid settings"


class InvalidInputError(ClaimtrackError):
    """The caller sent something claimtrack cannot accept."""

    title = "Invalid input"


class InputTooLargeError(InvalidInputError):
    """The input is over a configured size limit."""

    title = "Input too large"


class NotFoundError(ClaimtrackError):
    """The requested record does not exist."""

    title = "Not found"


class ConflictError(ClaimtrackError):
    """The request conflicts with the stored state."""

    title = "Conflict"


class AuthError(ClaimtrackError):
    """Missing or unknown credentials."""

    title = "Unauthorized"


class ForbiddenError(AuthError):
    """The credentials do not allow this action."""

    title = "Forbidden"


class ModelError(ClaimtrackError):
    """A model could not be loaded or does not fit the stored data."""

    title = "Model unavailable"


class VectorIndexError(ClaimtrackError):
    """The vector index is missing, corrupt or inconsistent with the database."""

    title = "Index error"


class JobLockedError(ConflictError):
    """Another run of the same job holds the lock."""

    title = "Job already running"


class UnexpectedError(ClaimtrackError):
    """Something failed that claimtrack did not foresee; the details are in the log."""

    title = "Server error"
