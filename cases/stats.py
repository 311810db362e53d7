"""Statistics of the case queue and the internal-control indexes.

Counts per scenario, business area, government and month (the month a case was first detected):
cases opened, acted on (now acted_on or closed after an action), excluded, and the KRW imposed and
recovered (collected + reimbursed). The indexes, per government, each a share between 0 and 1:

- `acted_within_month`: cases acted on within 30 days of first detection / cases opened, excluded ones
  left out of both (a justified exclusion is not a failure to act).
- `monitoring_output`: cases with a decision (acted on, closed or excluded) / cases opened.
- `privilege_setup`: current officials of the HR org chart with an active user account / all of them,
  given only when there is an auditor user for the government (without one the triple failsafe has
  no auditor of its own and the index is 0).
- `usage`: cases a person (not the system) has touched (acknowledged, acted, excluded, commented) /
  cases opened.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from neo4j import Driver

from cases.lifecycle import RECOVERED
from cases.store import SYSTEM_ACTOR, parse_iso, read

DIMENSIONS = ("scenario_id", "area", "gov", "month")
MEASURES = ("opened", "acted_on", "excluded", "imposed_krw", "recovered_krw")

CASES = """
MATCH (c:Case) WHERE $gov IS NULL OR c.gov = $gov
OPTIONAL MATCH (e:CaseEvent)-[:OF_CASE]->(c) WHERE e.actor <> $system
WITH c, count(e) AS touched
RETURN c.case_id AS case_id, c.gov AS gov, c.area AS area, c.scenario_id AS scenario_id,
       c.status AS status, c.first_detected_at AS first_detected_at, c.acted_at AS acted_at,
       coalesce(c.amount_imposed, 0) AS imposed, coalesce(c.amount_recovered, 0) AS recovered, touched
"""

OFFICIALS = """
MATCH (e:Employment)-[:EMPLOYEE]->(p:PersonRecord {system: 'local_hr'})
WHERE ($gov IS NULL OR e.gov = $gov) AND (coalesce(toString(e.retired_on), '') = '' OR toString(e.retired_on) > $today)
OPTIONAL MATCH (u:User {active: true}) WHERE u.employee_no = e.employee_no
RETURN e.gov AS gov, count(DISTINCT e.employee_no) AS officials,
       count(DISTINCT CASE WHEN u IS NOT NULL THEN e.employee_no END) AS with_user
"""

AUDITOR_GOVS = "MATCH (u:User {role: 'auditor', active: true}) UNWIND u.governments AS gov RETURN DISTINCT gov"


def _empty() -> dict[str, int]:
    return dict.fromkeys(MEASURES, 0)


def case_stats(gov: str | None = None, *, now: dt.datetime | None = None,
               driver: Driver | None = None) -> dict[str, Any]:
    """{"totals": {...}, "by": {dimension: {value: {...}}}, "indexes": {gov: {...}}}."""
    rows = read(CASES, driver, gov=gov, system=SYSTEM_ACTOR)
    totals = _empty()
    by: dict[str, dict[str, dict[str, int]]] = {d: defaultdict(_empty) for d in DIMENSIONS}
    per_gov: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        acted = row["acted_at"] is not None
        detected = parse_iso(row["first_detected_at"])
        acted_at = parse_iso(row["acted_at"])
        row["month"] = (row["first_detected_at"] or "")[:7] or "unknown"
        values = {"opened": 1, "acted_on": int(acted), "excluded": int(row["status"] == "excluded"),
                  "imposed_krw": int(row["imposed"]), "recovered_krw": int(row["recovered"])}
        for name, value in values.items():
            totals[name] += value
            for dim in DIMENSIONS:
                by[dim][row[dim] or "unknown"][name] += value
        g = per_gov[row["gov"]]
        g["opened"] += 1
        g["decided"] += int(acted or row["status"] in ("excluded", "closed"))
        g["touched"] += int(row["touched"] > 0)
        if row["status"] != "excluded":
            g["eligible"] += 1
            if acted and detected and acted_at and acted_at - detected <= dt.timedelta(days=30):
                g["within_month"] += 1
    today = (now or dt.datetime.now(dt.UTC)).date().isoformat()
    officials = {row["gov"]: row for row in read(OFFICIALS, driver, gov=gov, today=today)}
    auditor_govs = {row["gov"] for row in read(AUDITOR_GOVS, driver)}
    indexes = {}
    for code in sorted(set(per_gov) | set(officials)):
        g = per_gov.get(code, {})
        staff = officials.get(code, {"officials": 0, "with_user": 0})
        indexes[code] = {
            "cases": g.get("opened", 0),
            "acted_within_month": _share(g.get("within_month", 0), g.get("eligible", 0)),
            "monitoring_output": _share(g.get("decided", 0), g.get("opened", 0)),
            "privilege_setup": _share(staff["with_user"], staff["officials"]) if code in auditor_govs else 0.0,
            "usage": _share(g.get("touched", 0), g.get("opened", 0)),
            "officials": staff["officials"], "officials_with_user": staff["with_user"],
            "auditor_user": code in auditor_govs,
        }
    backlog = {row["status"]: row["c"] for row in read(
        "MATCH (n:Notification) WHERE $gov IS NULL OR n.gov = $gov RETURN n.status AS status, count(*) AS c",
        driver, gov=gov)}
    return {"totals": totals, "by": {d: dict(sorted(v.items())) for d, v in by.items()}, "indexes": indexes,
            "notifications": backlog, "recovered_actions": list(RECOVERED)}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
