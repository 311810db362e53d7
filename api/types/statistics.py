from __future__ import annotations

import strawberry

from api.types.money import KRW


@strawberry.type(description="Cases and their results for one value of a dimension (or all of them).")
class StatRow:
    dimension: str
    value: str
    opened: int
    acted_on: int
    excluded: int
    imposed_krw: KRW
    recovered_krw: KRW


@strawberry.type(description="Internal-control indexes of one government, shares between 0 and 1 (docs/cases.md).")
class ControlIndex:
    gov: str
    cases: int
    acted_within_month: float
    monitoring_output: float
    privilege_setup: float
    usage: float
    officials: int
    officials_with_user: int
    auditor_user: bool


@strawberry.type
class NamedCount:
    name: str
    count: int


@strawberry.type(description="Statistics of the case queue in the user's jurisdiction.")
class Statistics:
    totals: StatRow
    rows: list[StatRow]
    indexes: list[ControlIndex]
    notifications: list[NamedCount]
