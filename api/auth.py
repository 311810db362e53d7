"""Bearer tokens to users, with a short in-process cache so a burst of requests is not a burst of writes.

A token is looked up with `cases.users.token_session` (unknown, expired, revoked tokens and disabled
users give None). A successful look-up is remembered for `CACHE_SECONDS`, never past the token's own
expiry: an expired token is refused at its expiry to the second, cache or not; revoking a token or
disabling a user takes effect within CACHE_SECONDS.

Concurrent misses of one token make one look-up, and the others take its answer (None for an unknown token,
the same error in an outage): the look-up writes
the token's last use, so twenty requests of one client arriving as its cache entry ends (or as the database
comes back) would otherwise queue on that node's lock, one write after another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from concurrent.futures import Future

from cases.users import User, token_session

CACHE_SECONDS = 5.0
_cache: dict[str, tuple[float, User]] = {}
_looking: dict[str, Future[User | None]] = {}  # token key -> the look-up in flight
_lock = threading.Lock()


def bearer(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cached_user(token: str) -> User | None:
    """The user of a token looked up less than CACHE_SECONDS ago, else None (no database call)."""
    key = _key(token)
    with _lock:
        hit = _cache.get(key)
    return hit[1] if hit and hit[0] > time.monotonic() else None


def user_of_token(token: str) -> User | None:
    hit = cached_user(token)
    if hit is not None:
        return hit
    key = _key(token)
    with _lock:
        flight = _looking.get(key)
        leader = flight is None
        if leader:
            flight = _looking[key] = Future()
    if not leader:  # the answer of the look-up in flight, an unknown token's None or an outage included
        return flight.result()
    try:
        flight.set_result(cached_user(token) or _look_up(token))  # a flight may have landed since
    except BaseException as exc:  # noqa: BLE001 - every waiter takes the error, and so does the leader
        flight.set_exception(exc)
    finally:
        with _lock:
            del _looking[key]
    return flight.result()


def _look_up(token: str) -> User | None:
    now = time.monotonic()
    wall = dt.datetime.now(dt.UTC)
    found = token_session(token, now=wall)
    if found is None:
        return None
    user, expires = found
    keep = CACHE_SECONDS if expires is None else min(CACHE_SECONDS, (expires - wall).total_seconds())
    if keep > 0:
        with _lock:
            if len(_cache) > 10_000:
                _cache.clear()
            _cache[_key(token)] = (now + keep, user)
    return user


def forget_token(token: str) -> None:
    """Drop one token from this process's cache (after a logout); other workers drop it within CACHE_SECONDS."""
    with _lock:
        _cache.pop(_key(token), None)


def forget_tokens() -> None:
    with _lock:
        _cache.clear()
