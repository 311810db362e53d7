"""Failed logins counted per username and per client address, with a lockout that expires.

A username that fails USER_LIMIT times within WINDOW is locked for LOCKOUT, an address after ADDRESS_LIMIT
failures; a success clears the username's count. Unknown usernames are counted and locked exactly like
known ones, so neither the answer nor its timing says whether a user exists. The counts live in the graph
(`LoginThrottle`), so every API worker sees the same ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from neo4j import Driver

from cases.store import write_tx
from core.clock import now_iso

USER_LIMIT = 10
ADDRESS_LIMIT = 50
WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)

LOCKED = """
MATCH (t:LoginThrottle) WHERE t.key IN $keys AND t.locked_until > $now
RETURN max(t.locked_until) AS until
"""

FAILED = """
UNWIND $limits AS l
MERGE (t:LoginThrottle {key: l.key})
WITH t, l, CASE WHEN coalesce(t.window_start, '') < $window_floor THEN 0 ELSE coalesce(t.failures, 0) END AS f
SET t.failures = f + 1,
    t.window_start = CASE WHEN f = 0 THEN $now ELSE t.window_start END,
    t.locked_until = CASE WHEN f + 1 >= l.limit THEN $until ELSE t.locked_until END
"""

SUCCEEDED = "MATCH (t:LoginThrottle {key: $key}) DELETE t"


def user_key(username: str) -> str:
    return "user:" + hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()


def address_key(address: str | None) -> str | None:
    return "addr:" + address if address else None


def _keys(username: str, address: str | None) -> list[str]:
    return [k for k in (user_key(username), address_key(address)) if k]


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def locked_until(username: str, address: str | None, *, now: dt.datetime | None = None,
                 driver: Driver | None = None) -> str | None:
    """When the lockout of this username or address ends (UTC ISO), or None when logins may be tried."""
    def work(tx: Any) -> str | None:
        row = tx.run(LOCKED, keys=_keys(username, address), now=now_iso(_now(now))).single()
        return row["until"] if row else None

    return write_tx(work, driver)


def record_failure(username: str, address: str | None, *, now: dt.datetime | None = None,
                   driver: Driver | None = None) -> None:
    moment = _now(now)
    limits = [{"key": user_key(username), "limit": USER_LIMIT}]
    if address_key(address):
        limits.append({"key": address_key(address), "limit": ADDRESS_LIMIT})

    def work(tx: Any) -> None:
        tx.run(FAILED, limits=limits, now=now_iso(moment), window_floor=now_iso(moment - WINDOW),
               until=now_iso(moment + LOCKOUT)).consume()

    write_tx(work, driver)


def record_success(username: str, *, driver: Driver | None = None) -> None:
    write_tx(lambda tx: tx.run(SUCCEEDED, key=user_key(username)).consume(), driver)
