"""Detector runs in the user's jurisdiction, newest first."""

from __future__ import annotations

from strawberry.types import Info

from api.db import fetch
from api.resolvers.limits import MAX_FIRST, check_range
from api.scope import governments
from api.types.detector_run import DetectorRun

RUNS = """
MATCH (r:DetectorRun) WHERE $govs IS NULL OR r.gov IN $govs
RETURN properties(r) AS r ORDER BY toString(r.started_at) DESC, r.run_id LIMIT $first
"""


async def detector_runs(info: Info, first: int) -> list[DetectorRun]:
    user = info.context.require_user()
    check_range("first", first, 1, MAX_FIRST)
    rows = await fetch(RUNS, govs=governments(user), first=first)
    return [DetectorRun.of(row["r"]) for row in rows]
