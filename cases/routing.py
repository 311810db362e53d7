"""Who gets a case: the responsible official, their supervisor from the HR org chart, and the auditor(s).

Supervisor: the head of the official's unit; when the unit is vacant (no head, or a head who has retired)
or the official heads it, the next head up the `PART_OF` chain. An official without a unit (or a finding
without an official) goes to the head of the unit responsible for the finding's business area.
Auditors: the active auditor users of the government; without any, `settings().auditor_email`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from neo4j import Driver

from cases import messages
from cases.store import read
from core.settings import settings
from graph.vocabulary import vocabulary


@dataclass(frozen=True)
class Person:
    key: str            # "local_hr:<source_key>" of the official's PersonRecord
    name: str = ""
    email: str = ""
    username: str = ""  # their user account, when there is one
    unit_key: str = ""  # for heads: "system:source_key" of the unit they were found heading


@dataclass(frozen=True)
class Routing:
    official: Person | None
    supervisor: Person | None
    auditors: tuple[str, ...]
    notes: tuple[tuple[str, dict[str, str]], ...] = field(default_factory=tuple)  # (message key, values)

    def note_in(self, lang: str) -> str:
        """What routing had to decide, in one language (cases/messages.py holds the texts)."""
        return "; ".join(messages.text(key, lang, **values) for key, values in self.notes)

    @property
    def note(self) -> str:
        return self.note_in("en")


OFFICIAL = """
MATCH (p:PersonRecord {system: $system, source_key: $source_key})
OPTIONAL MATCH (e:Employment)-[:EMPLOYEE]->(p)
WITH p, e ORDER BY coalesce(toString(e.retired_on), '') = '' DESC, toString(e.date) DESC
WITH p, collect(e)[0] AS e
OPTIONAL MATCH (e)-[:IN_UNIT]->(u:OrgUnit)
OPTIONAL MATCH (usr:User {active: true}) WHERE usr.employee_no IS NOT NULL AND usr.employee_no = e.employee_no
RETURN p.name AS name, e.email AS email, usr.email AS user_email, usr.username AS username,
       u.system AS unit_system, u.source_key AS unit_source_key
LIMIT 1
"""

CHAIN = """
MATCH (start:OrgUnit {system: $system, source_key: $source_key})
MATCH path = (start)-[:PART_OF*0..30]->(unit:OrgUnit)
WITH unit, length(path) AS depth
OPTIONAL MATCH (unit)-[:HEADED_BY]->(h:PersonRecord)
OPTIONAL MATCH (e:Employment)-[:EMPLOYEE]->(h)
WITH unit, depth, h, e ORDER BY coalesce(toString(e.retired_on), '') = '' DESC, toString(e.date) DESC
WITH unit, depth, h, collect(e)[0] AS e
OPTIONAL MATCH (usr:User {active: true}) WHERE usr.employee_no IS NOT NULL AND usr.employee_no = e.employee_no
RETURN depth, unit.system AS unit_system, unit.source_key AS unit_source_key,
       h.system AS system, h.source_key AS source_key, h.name AS name,
       e.email AS email, toString(e.retired_on) AS retired_on, usr.email AS user_email, usr.username AS username
ORDER BY depth
"""

AREA_UNIT = """
MATCH (u:OrgUnit {gov: $gov, area: $area})
OPTIONAL MATCH path = (u)-[:PART_OF*]->(:OrgUnit)
WITH u, max(coalesce(length(path), 0)) AS depth
RETURN u.system AS system, u.source_key AS source_key ORDER BY depth, u.source_key LIMIT 1
"""

AUDITORS = """
MATCH (u:User {role: 'auditor', active: true}) WHERE $gov IN u.governments AND coalesce(u.email, '') <> ''
RETURN u.email AS email ORDER BY u.username
"""


def split_key(key: str) -> tuple[str, str]:
    system, _, source_key = key.partition(":")
    return system, source_key


def head_chain(unit_key: str, driver: Driver | None = None, today: str | None = None) -> list[Person]:
    """The heads from a unit up to the root; None where the unit is vacant (no head or a retired one)."""
    system, source_key = split_key(unit_key)
    today = today or dt.date.today().isoformat()
    chain: list[Person] = []
    for row in read(CHAIN, driver, system=system, source_key=source_key):
        unit = f"{row['unit_system']}:{row['unit_source_key']}"
        retired = row["retired_on"] and row["retired_on"] <= today
        if row["source_key"] is None or retired:
            chain.append(Person(key="", unit_key=unit))
            continue
        chain.append(Person(
            key=f"{row['system']}:{row['source_key']}", name=row["name"] or "",
            email=row["user_email"] or row["email"] or "", username=row["username"] or "", unit_key=unit,
        ))
    return chain


def first_head(chain: list[Person], *, skip_keys: set[str], start_depth: int = 0) -> Person | None:
    for person in chain[start_depth:]:
        if person.key and person.key not in skip_keys:
            return person
    return None


def auditors_of(gov: str, driver: Driver | None = None) -> tuple[str, ...]:
    emails = tuple(row["email"] for row in read(AUDITORS, driver, gov=gov))
    return emails or ((settings().auditor_email,) if settings().auditor_email else ())


def area_unit(gov: str, area: str | None, driver: Driver | None = None) -> str | None:
    if not area:
        return None
    rows = read(AREA_UNIT, driver, gov=gov, area=area)
    return f"{rows[0]['system']}:{rows[0]['source_key']}" if rows else None


def route(gov: str, official_key: str | None, area: str | None, driver: Driver | None = None,
          today: str | None = None) -> Routing:
    """The official, supervisor and auditors of a case about `official_key` in `area` of `gov`."""
    notes: list[tuple[str, dict[str, str]]] = []
    official: Person | None = None
    unit_key: str | None = None
    if official_key:
        system, source_key = split_key(official_key)
        rows = read(OFFICIAL, driver, system=system, source_key=source_key)
        if rows:
            row = rows[0]
            official = Person(key=official_key, name=row["name"] or "",
                              email=row["user_email"] or row["email"] or "", username=row["username"] or "")
            if row["unit_source_key"]:
                unit_key = f"{row['unit_system']}:{row['unit_source_key']}"
            else:
                notes.append(("routing.no_unit", {}))
        else:
            notes.append(("routing.not_in_hr", {"official": official_key}))
    else:
        notes.append(("routing.no_official", {}))
    if unit_key is None:
        unit_key = area_unit(gov, area, driver)
        if unit_key:
            system = vocabulary().systems.get(area or "")
            notes.append(("routing.area_unit", {"area_ko": system.ko if system else area or "",
                                                "area_en": system.en if system else area or ""}))
    supervisor: Person | None = None
    if unit_key:
        chain = head_chain(unit_key, driver, today)
        skip = {official.key} if official else set()
        supervisor = first_head(chain, skip_keys=skip)
        if chain and not chain[0].key:
            notes.append(("routing.vacant_head", {}))
        elif chain and official and chain[0].key == official.key:
            notes.append(("routing.official_heads", {}))
    if supervisor is None:
        notes.append(("routing.no_supervisor", {}))
    return Routing(official, supervisor, auditors_of(gov, driver), tuple(notes))


def next_head_up(unit_key: str, skip_keys: set[str], driver: Driver | None = None,
                 today: str | None = None) -> Person | None:
    """The first head strictly above `unit_key` who is not in `skip_keys` (for escalation)."""
    return first_head(head_chain(unit_key, driver, today), skip_keys=skip_keys, start_depth=1)
