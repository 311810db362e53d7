"""The graph's one time convention: UTC as ISO-8601 text without offset, to the second."""

from __future__ import annotations

import datetime as dt


def now_iso(now: dt.datetime | None = None) -> str:
    """UTC time as an ISO-8601 string without offset (the graph's convention)."""
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat()
