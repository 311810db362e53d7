"""Statistics and internal-control indexes of the case queue, for the user's governments."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from api.db import call
from api.scope import check_gov, check_gov_code, governments
from api.types.statistics import ControlIndex, NamedCount, Statistics, StatRow
from cases.stats import MEASURES, case_stats


def _row(dimension: str, value: str, m: dict[str, int]) -> StatRow:
    return StatRow(dimension=dimension, value=value, opened=m.get("opened", 0), acted_on=m.get("acted_on", 0),
                   excluded=m.get("excluded", 0), imposed_krw=m.get("imposed_krw", 0),
                   recovered_krw=m.get("recovered_krw", 0))


async def statistics(info: Info, gov: str | None) -> Statistics:
    user = info.context.require_user()
    check_gov_code(gov)
    if gov:
        check_gov(user, gov, "the statistics of this government")
        codes: list[str | None] = [gov]
    else:
        mine = governments(user)
        codes = [None] if mine is None else list(mine)
    parts: list[dict[str, Any]] = [await call(case_stats, code) for code in codes]
    totals = dict.fromkeys(MEASURES, 0)
    by: dict[tuple[str, str], dict[str, int]] = {}
    indexes: list[ControlIndex] = []
    notes: dict[str, int] = {}
    for part in parts:
        for k in MEASURES:
            totals[k] += part["totals"].get(k, 0)
        for dim, values in part["by"].items():
            for value, measures in values.items():
                slot = by.setdefault((dim, value), dict.fromkeys(MEASURES, 0))
                for k in MEASURES:
                    slot[k] += measures.get(k, 0)
        for code, ix in part["indexes"].items():
            indexes.append(ControlIndex(gov=code, **{k: ix[k] for k in (
                "cases", "acted_within_month", "monitoring_output", "privilege_setup", "usage", "officials",
                "officials_with_user", "auditor_user")}))
        for status, count in part["notifications"].items():
            notes[str(status)] = notes.get(str(status), 0) + int(count)
    return Statistics(totals=_row("all", "all", totals), rows=[_row(d, v, m) for (d, v), m in sorted(by.items())],
                      indexes=indexes, notifications=[NamedCount(name=k, count=v) for k, v in sorted(notes.items())])
