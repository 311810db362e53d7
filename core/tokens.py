"""Bearer tokens are kept only as their SHA-256: API tokens of people and feed tokens of systems alike."""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
