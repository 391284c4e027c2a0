"""API keys with roles.  Compared in constant time, never logged."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from claims.errors import AuthError, ForbiddenError

ROLE_RANK = {"reader": 0, "editor": 1, "admin": 2}


@dataclass(frozen=True)
class Principal:
    name: str  # a key fingerprint, safe to store as "reviewer"
    role: str


def fingerprint(key: str, secret: bytes) -> str:
    """A key's stable, non-reversible name ("key-1a2b3c4d") for reviews and logs.

    An HMAC with the server's own secret: without the secret, a stored fingerprint cannot be
    matched against guessed keys.
    """
    return "key-" + hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:8]


class KeyRing:
    def __init__(self, roles: dict[str, str], secret: bytes = b"") -> None:
        # Only digests are kept, and digests are compared: equal-length inputs, constant time.
        self._keys = [(hashlib.sha256(key.encode()).digest(), role) for key, role in roles.items()]
        self._secret = secret

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    def authenticate(self, presented: str | None) -> Principal:
        if not self.enabled:
            # No keys configured: the server only serves loopback callers (api.security.KeylessGuard).
            return Principal("local", "admin")
        if not presented:
            raise AuthError("an API key is required (header X-API-Key or Authorization: Bearer)")
        candidate = hashlib.sha256(presented.encode()).digest()
        match = None
        for key, role in self._keys:
            # Compare against every key so timing says nothing about which one matched.
            if hmac.compare_digest(candidate, key):
                match = role
        if match is None:
            raise AuthError("unknown API key")
        return Principal(fingerprint(presented, self._secret), match)

    @staticmethod
    def require(principal: Principal, role: str) -> Principal:
        if ROLE_RANK[principal.role] < ROLE_RANK[role]:
            raise ForbiddenError(f"this action needs the {role} role; the key has {principal.role}")
        return principal
