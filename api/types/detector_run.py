from __future__ import annotations

from typing import Any

import strawberry

from api.types.statistics import NamedCount

FIELDS = ("run_id", "gov", "status", "started_at", "finished_at", "user")


@strawberry.type(description="One run of the detectors and what it found.")
class DetectorRun:
    run_id: str
    gov: str | None
    status: str | None
    started_at: str | None
    finished_at: str | None
    user: str | None
    counts: list[NamedCount]

    @staticmethod
    def of(r: dict[str, Any]) -> DetectorRun:
        counts = [NamedCount(name=k, count=int(v)) for k, v in sorted(r.items())
                  if k not in FIELDS and isinstance(v, int) and not isinstance(v, bool)]
        return DetectorRun(run_id=str(r.get("run_id")), gov=r.get("gov"), status=r.get("status"),
                           started_at=_text(r.get("started_at")), finished_at=_text(r.get("finished_at")),
                           user=r.get("user"), counts=counts)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
