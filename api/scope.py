"""Role and jurisdiction: what a user may see.

- Graph data (entities, records, facts, neighbourhoods, paths): the user's governments; ministry and admin
  users without governments see every government.
- Cases: officials their own (official, supervisor or escalation target), supervisors those and the cases
  of the units they head (and the units below them), auditors every case of their governments, ministry and
  admin every case (of their governments, when they have any).
"""

from __future__ import annotations

from typing import Any

from api.errors import BadInput, Forbidden
from cases.users import GOV_CODE, User

MINISTRY_ROLES = ("ministry", "admin")
PERSONAL_ROLES = ("official", "supervisor")  # who sees cases through their own person and units

USER_KEYS = """
MATCH (:User {username: $username})-[:USER_OF]->(p:PersonRecord)
OPTIONAL MATCH (top:OrgUnit)-[:HEADED_BY]->(p)
OPTIONAL MATCH (unit:OrgUnit)-[:PART_OF*0..6]->(top)
RETURN p.system + ':' + p.source_key AS key, collect(DISTINCT unit.system + ':' + unit.source_key) AS units
"""


def governments(user: User) -> list[str] | None:
    """The governments a user sees, None meaning all."""
    if user.role in MINISTRY_ROLES and not user.governments:
        return None
    return list(user.governments)


def check_gov(user: User, gov: str | None, what: str) -> None:
    if not user.can_see(gov):
        raise Forbidden(
            f"{what} belongs to government {gov or '(none)'}, outside your jurisdiction "
            f"({', '.join(user.governments) or 'none'})",
            hint="ask an auditor or the ministry of that government, or an admin to extend your governments",
        )


def case_scope(user: User, person_keys: list[str], unit_keys: list[str]) -> dict[str, Any]:
    """Cypher parameters of case visibility (conditions: `scope_conditions`)."""
    personal = user.role in PERSONAL_ROLES
    return {"scope_govs": governments(user), "scope_personal": personal, "scope_username": user.username,
            "scope_keys": person_keys, "scope_units": unit_keys if user.role == "supervisor" else []}


PERSONAL_SCOPE = """(c.official_username = $scope_username OR c.official_key IN $scope_keys
       OR c.supervisor_key IN $scope_keys OR c.escalated_to_key IN $scope_keys
       OR c.supervisor_unit_key IN $scope_units OR c.escalation_unit_key IN $scope_units)"""


def scope_conditions(scope: dict[str, Any]) -> tuple[str, ...]:
    """The Cypher conditions of case visibility for the parameters `case_scope` made (`case_visible` in Cypher)."""
    conditions = []
    if scope["scope_govs"] is not None:
        conditions.append("c.gov IN $scope_govs")
    if scope["scope_personal"]:
        conditions.append(PERSONAL_SCOPE)
    return tuple(conditions)


def case_visible(user: User, case: dict[str, Any], person_keys: list[str], unit_keys: list[str]) -> bool:
    if not user.can_see(case.get("gov")):
        return False
    if user.role not in PERSONAL_ROLES:
        return True
    if case.get("official_username") == user.username:
        return True
    keys = set(person_keys)
    if keys & {case.get("official_key"), case.get("supervisor_key"), case.get("escalated_to_key")}:
        return True
    return user.role == "supervisor" and bool(
        set(unit_keys) & {case.get("supervisor_unit_key"), case.get("escalation_unit_key")})


KNOWN_GOVERNMENT = "MATCH (n:Record {gov: $gov}) RETURN n.gov AS gov LIMIT 1"


def check_gov_code(gov: str | None) -> None:
    """A government argument is a 5-digit code, or refused before it reaches a query or a record."""
    if gov is not None and not GOV_CODE.match(gov):
        raise BadInput("not a government code: a government is named by its 5-digit code",
                       hint="for example 41110; `me { governments }` lists yours")
