"""Entity search by name, resident number (through its keyed hash), business number, PNU or account."""

from __future__ import annotations

import re

from strawberry.types import Info

from api.db import fetch
from api.errors import BadInput
from api.resolvers.limits import MAX_FIRST, check_range
from api.scope import governments
from api.types.entity import Entity
from api.types.entity_kind import EntityKind
from loaders.types import kind

WHERE = "($kinds IS NULL OR any(l IN labels(e) WHERE l IN $kinds)) AND ($govs IS NULL OR e.gov IN $govs)"

BY_NAME = f"""
CALL (){{
  MATCH (e:Person) WHERE e.name STARTS WITH $name RETURN e
  UNION
  MATCH (e:Business) WHERE e.name STARTS WITH $name RETURN e
  UNION
  MATCH (r:PersonRecord)-[:SAME_AS]->(e) WHERE r.name STARTS WITH $name RETURN e
  UNION
  MATCH (r:BusinessRecord)-[:SAME_AS]->(e) WHERE r.name STARTS WITH $name RETURN e
}}
WITH DISTINCT e WHERE {WHERE}
RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.name, e.entity_id LIMIT $first
"""

BY_RRN_HASH = f"""
MATCH (r:PersonRecord {{rrn_hash: $hash}})-[:SAME_AS]->(e)
WITH DISTINCT e WHERE {WHERE}
RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.entity_id LIMIT $first
"""

BY_RRN_MASKED = f"""
MATCH (e:Person) WHERE e.rrn_masked STARTS WITH $masked
WITH DISTINCT e WHERE {WHERE}
RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.entity_id LIMIT $first
"""

BY_BRN = f"""
CALL (){{
  MATCH (e:Business {{brn: $brn}}) RETURN e
  UNION
  MATCH (:BusinessRecord {{brn: $brn}})-[:SAME_AS]->(e) RETURN e
}}
WITH DISTINCT e WHERE {WHERE}
RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.entity_id LIMIT $first
"""

BY_PNU = f"""
CALL (){{
  MATCH (e:Parcel {{pnu: $pnu}}) RETURN e
  UNION
  MATCH (:ParcelRecord {{pnu: $pnu}})-[:SAME_AS]->(e) RETURN e
  UNION
  MATCH (:BuildingRecord {{pnu: $pnu}})-[:SAME_AS]->(e) RETURN e
}}
WITH DISTINCT e WHERE {WHERE}
RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.entity_id LIMIT $first
"""

BY_ACCOUNT = f"""
CALL (){{
  MATCH (e:Account) WHERE e.account_key = $key OR e.account_key ENDS WITH $suffix RETURN e
  UNION
  MATCH (r:AccountRecord)-[:SAME_AS]->(e) WHERE r.account_key = $key OR r.account_no = $digits RETURN e
}}
WITH DISTINCT e WHERE {WHERE}
RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.entity_id LIMIT $first
"""

RRN_LIKE = re.compile(r"^\d{6}[\s-]?\d{7}$|^\d{6}[\s-]?\d?[*xX●]{5,7}$")


def _digits(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value)


def classify(text: str) -> str:
    """Which identifier a search box's text looks like."""
    raw = text.strip()
    digits = _digits(raw)
    if RRN_LIKE.match(raw):
        return "rrn"
    if digits.isdigit():
        if len(digits) == 19:
            return "pnu"
        if len(digits) == 10 and kind("brn").clean(digits):
            return "brn"
        if 10 <= len(digits) <= 17:
            return "account"
    return "name"


async def search(info: Info, *, text: str | None, name: str | None, resident_number: str | None,
                 business_number: str | None, pnu: str | None, account_number: str | None,
                 kinds: list[EntityKind] | None, first: int) -> list[Entity]:
    user = info.context.require_user()
    check_range("first", first, 1, MAX_FIRST)
    given = {k: v for k, v in {"name": name, "residentNumber": resident_number, "businessNumber": business_number,
                               "pnu": pnu, "accountNumber": account_number}.items() if v and v.strip()}
    if text and text.strip():
        detected = classify(text)
        given[{"rrn": "residentNumber", "pnu": "pnu", "brn": "businessNumber", "account": "accountNumber",
               "name": "name"}[detected]] = text
    if len(given) != 1:
        raise BadInput("give exactly one of text, name, residentNumber, businessNumber, pnu or accountNumber",
                       hint="search by one identifier at a time")
    (field, value), = given.items()
    common = {"kinds": [k.value for k in kinds] if kinds else None, "govs": governments(user), "first": first}
    if field == "name":
        cleaned = value.strip().replace(" ", "") if re.search(r"[가-힣]", value) else value.strip()
        if len(cleaned) < 2:
            raise BadInput("a name search needs at least two characters")
        rows = await fetch(BY_NAME, name=cleaned, **common)
        action = "search_name"
    elif field == "residentNumber":
        cleaned = kind("rrn").clean(value)
        if not cleaned:
            raise BadInput("that is not a resident number (YYMMDD-NNNNNNN, or masked YYMMDD-N******)")
        if cleaned.get("hash"):
            rows = await fetch(BY_RRN_HASH, hash=cleaned["hash"], **common)
        else:
            rows = await fetch(BY_RRN_MASKED, masked=cleaned["masked"].rstrip("*"), **common)
        action = "search_resident_number"
    elif field == "businessNumber":
        brn = kind("brn").clean(value)
        if not brn:
            raise BadInput("that is not a valid business registration number (10 digits with a valid check digit)")
        rows = await fetch(BY_BRN, brn=brn, **common)
        action = "search_business_number"
    elif field == "pnu":
        cleaned_pnu = kind("pnu").clean(value)
        if not cleaned_pnu:
            raise BadInput("that is not a valid PNU (19 digits: legal dong 10, land type 1, main 4, sub 4)")
        rows = await fetch(BY_PNU, pnu=cleaned_pnu, **common)
        action = "search_pnu"
    else:
        raw = value.strip()
        bank, sep, number = raw.partition("-") if re.match(r"^\d{3}-", raw) else ("", "", raw)
        digits = _digits(number)
        if not digits.isdigit() or not 10 <= len(digits) <= 14:
            raise BadInput("an account number has 10 to 14 digits (optionally `bank code-number`)")
        key = f"{bank}-{digits}" if sep else ""
        rows = await fetch(BY_ACCOUNT, key=key, suffix=f"-{digits}", digits=digits, **common)
        action = "search_account"
    entities = [Entity.of(row["labels"], row["props"]) for row in rows]
    # The searched value itself is never written to the audit trail (it may be a resident number).
    info.context.audit.add(action, [e.id for e in entities] or ["(no match)"])
    return entities
