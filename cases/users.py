"""Users, roles, passwords and API tokens, stored in Neo4j (INTERFACES §5).

`(:User {username, display_name, email, role, governments, employee_no, active, password_hash, created_at})`
and `(:ApiToken {token_hash, username, expires_at, created_at})`. Passwords are hashed with argon2id;
a token is shown once when issued and only its SHA-256 is kept. Officials of the HR org chart become
users with their employee number in one call (`users_from_org_chart`).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from neo4j import Driver, ManagedTransaction

from core.clock import now_iso
from core.errors import ChungBaekError
from core.tokens import token_hash

ROLES = ("official", "supervisor", "auditor", "ministry", "admin")
TOKEN_PREFIX = "cbk_"
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
GOV_CODE = re.compile(r"^\d{5}\Z")  # \Z, not $: "41110" and a newline is no code
_hasher = PasswordHasher()
# Verified against when the user is unknown, so a wrong username costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class UserError(ChungBaekError):
    """A user or token request that cannot be done (unknown user, bad role, duplicate...)."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str = ""
    email: str = ""
    role: str = "official"
    governments: tuple[str, ...] = field(default_factory=tuple)
    employee_no: str | None = None
    active: bool = True

    def can_see(self, gov: str | None) -> bool:
        """Jurisdiction: ministry and admin users without governments see every government."""
        if self.role in ("ministry", "admin") and not self.governments:
            return True
        return gov is not None and gov in self.governments

    def to_dict(self) -> dict[str, Any]:
        return {"username": self.username, "display_name": self.display_name, "email": self.email,
                "role": self.role, "governments": list(self.governments), "employee_no": self.employee_no,
                "active": self.active}



def _driver(driver: Driver | None) -> Driver:
    if driver is not None:
        return driver
    from core.connection import get_driver

    return get_driver()


def _write(driver: Driver | None, query: str, **params: Any) -> list[dict[str, Any]]:
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(query, **params)]

    with _driver(driver).session() as session:
        return session.execute_write(work)


def _read(driver: Driver | None, query: str, **params: Any) -> list[dict[str, Any]]:
    from graph.read import read

    return read(query, _driver(driver), **params)


def _user(props: dict[str, Any]) -> User:
    return User(
        username=props["username"], display_name=props.get("display_name") or "",
        email=props.get("email") or "", role=props.get("role") or "official",
        governments=tuple(props.get("governments") or ()), employee_no=props.get("employee_no") or None,
        active=bool(props.get("active", True)),
    )


def _check(username: str, role: str, governments: Iterable[str]) -> tuple[str, ...]:
    if not USERNAME.match(username or ""):
        raise UserError(f"bad username {username!r}", hint="use letters, digits and . _ @ - (at most 64)")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}", hint=f"use one of: {', '.join(ROLES)}")
    govs = tuple(dict.fromkeys(g.strip() for g in governments if g and g.strip()))
    bad = [g for g in govs if not GOV_CODE.match(g)]
    if bad:
        raise UserError(f"bad government code(s) {', '.join(bad)}", hint="a government code has 5 digits, e.g. 41110")
    if role in ("official", "supervisor", "auditor") and not govs:
        raise UserError(f"a {role} needs at least one government (jurisdiction)", hint="pass --gov CODE")
    return govs


ADD_USER = """
MERGE (u:User {username: $username})
ON CREATE SET u += $props, u.created_at = $now, u.updated_at = $now, u._new = true
WITH u, coalesce(u._new, false) AS created
REMOVE u._new
RETURN created
"""


def add_user(username: str, *, role: str, governments: Iterable[str] = (), display_name: str = "",
             email: str = "", employee_no: str | None = None, password: str | None = None,
             active: bool = True, driver: Driver | None = None) -> User:
    """Create a user; refuses an existing username."""
    govs = _check(username, role, governments)
    props: dict[str, Any] = {
        "display_name": display_name or username, "email": email, "role": role, "governments": list(govs),
        "employee_no": employee_no, "active": active, "source": "manual",
        "password_hash": _hasher.hash(password) if password else None,
    }
    rows = _write(driver, ADD_USER, username=username, props=props, now=now_iso())
    if not rows or not rows[0]["created"]:
        raise UserError(f"user {username!r} already exists", hint="pick another username or disable the old one")
    return User(username, props["display_name"], email, role, govs, employee_no, active)


def get_user(username: str, driver: Driver | None = None) -> User | None:
    rows = _read(driver, "MATCH (u:User {username: $username}) RETURN properties(u) AS u", username=username)
    return _user(rows[0]["u"]) if rows else None


def list_users(*, role: str | None = None, gov: str | None = None, active: bool | None = None,
               driver: Driver | None = None) -> list[User]:
    rows = _read(
        driver,
        "MATCH (u:User) WHERE ($role IS NULL OR u.role = $role) AND ($gov IS NULL OR $gov IN u.governments) "
        "AND ($active IS NULL OR u.active = $active) RETURN properties(u) AS u ORDER BY u.username",
        role=role, gov=gov, active=active,
    )
    return [_user(row["u"]) for row in rows]


def set_password(username: str, password: str, driver: Driver | None = None) -> None:
    rows = _write(driver, "MATCH (u:User {username: $username}) SET u.password_hash = $hash, u.updated_at = $now "
                  "RETURN u.username AS username", username=username, hash=_hasher.hash(password), now=now_iso())
    if not rows:
        raise UserError(f"no user {username!r}")


def disable_user(username: str, driver: Driver | None = None) -> User:
    """Deactivate a user and revoke their tokens (the user stays, for the audit trail)."""
    rows = _write(
        driver,
        "MATCH (u:User {username: $username}) SET u.active = false, u.updated_at = $now "
        "WITH u OPTIONAL MATCH (t:ApiToken {username: $username}) SET t.revoked = true "
        "RETURN DISTINCT properties(u) AS u",
        username=username, now=now_iso(),
    )
    if not rows:
        raise UserError(f"no user {username!r}", hint="see: chungbaek users list")
    return _user(rows[0]["u"])


def verify_password(username: str, password: str, driver: Driver | None = None) -> User | None:
    """The active user whose password this is, or None. Rehashes when argon2's parameters changed."""
    rows = _read(driver, "MATCH (u:User {username: $username}) RETURN properties(u) AS u", username=username)
    stored = rows[0]["u"].get("password_hash") if rows else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if not stored or not rows[0]["u"].get("active", True):
        return None
    if _hasher.check_needs_rehash(stored):
        set_password(username, password, driver)
    return _user(rows[0]["u"])


def issue_token(username: str, ttl_seconds: int | None = None, driver: Driver | None = None,
                now: dt.datetime | None = None) -> str:
    """A new API token for an active user; shown once, only its SHA-256 is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    moment = now or dt.datetime.now(dt.UTC)
    expires = now_iso(moment + dt.timedelta(seconds=ttl_seconds)) if ttl_seconds else None
    rows = _write(
        driver,
        "MATCH (u:User {username: $username}) WHERE u.active "
        "CREATE (t:ApiToken {token_hash: $hash, username: $username, expires_at: $expires, created_at: $now, "
        "revoked: false, gov: head(u.governments)})-[:TOKEN_OF]->(u) RETURN t.token_hash AS h",
        username=username, hash=token_hash(token), expires=expires, now=now_iso(moment),
    )
    if not rows:
        raise UserError(f"no active user {username!r}", hint="see: chungbaek users list")
    return token


AUTHENTICATE = """
MATCH (t:ApiToken {token_hash: $hash})
WHERE NOT coalesce(t.revoked, false) AND (t.expires_at IS NULL OR t.expires_at > $now)
MATCH (u:User {username: t.username}) WHERE u.active
SET t.last_used_at = $now
RETURN properties(u) AS u, t.expires_at AS expires_at
"""


def authenticate_token(token: str, driver: Driver | None = None, now: dt.datetime | None = None) -> User | None:
    """The active user of an unexpired, unrevoked token, or None."""
    found = token_session(token, driver, now)
    return found[0] if found else None


def token_session(token: str, driver: Driver | None = None,
                  now: dt.datetime | None = None) -> tuple[User, dt.datetime | None] | None:
    """The active user of an unexpired, unrevoked token and when the token expires (UTC; None: never)."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    rows = _write(driver, AUTHENTICATE, hash=token_hash(token), now=now_iso(now))
    if not rows:
        return None
    expires = rows[0]["expires_at"]
    until = dt.datetime.fromisoformat(str(expires)).replace(tzinfo=dt.UTC) if expires else None
    return _user(rows[0]["u"]), until


def revoke_token(token: str, driver: Driver | None = None) -> bool:
    """Revoke one token (a logout); False when it was unknown or already revoked."""
    rows = _write(driver, "MATCH (t:ApiToken {token_hash: $hash}) WHERE NOT coalesce(t.revoked, false) "
                  "SET t.revoked = true, t.revoked_at = $now RETURN count(t) AS c", hash=token_hash(token),
                  now=now_iso())
    return bool(rows and rows[0]["c"])


def revoke_tokens(username: str, driver: Driver | None = None) -> int:
    rows = _write(driver, "MATCH (t:ApiToken {username: $username}) WHERE NOT coalesce(t.revoked, false) "
                  "SET t.revoked = true RETURN count(t) AS c", username=username)
    return int(rows[0]["c"]) if rows else 0


ORG_CHART_OFFICIALS = """
MATCH (e:Employment {gov: $gov})-[:EMPLOYEE]->(p:PersonRecord {system: 'local_hr'})
WHERE coalesce(e.retired_on, '') = '' OR toString(e.retired_on) > $today
OPTIONAL MATCH (h:OrgUnit)-[:HEADED_BY]->(p)
WITH e, p, count(h) > 0 AS is_head
ORDER BY toString(e.date)
RETURN e.employee_no AS employee_no, e.user_id AS user_id, e.email AS email, p.name AS name,
       p.source_key AS source_key, is_head
"""

IMPORT_USER = """
UNWIND $rows AS row
MERGE (u:User {username: row.username})
ON CREATE SET u.created_at = $now, u.active = true, u.source = 'org_chart', u.role = row.role,
              u.governments = [$gov]
SET u.display_name = row.name, u.email = row.email, u.employee_no = row.employee_no, u.updated_at = $now,
    u.role = CASE WHEN u.role IN ['official', 'supervisor'] THEN row.role ELSE u.role END,
    u.governments = CASE WHEN $gov IN coalesce(u.governments, []) THEN u.governments
                         ELSE coalesce(u.governments, []) + $gov END
WITH u, row
OPTIONAL MATCH (p:PersonRecord {system: 'local_hr', source_key: row.source_key})
FOREACH (person IN CASE WHEN p IS NULL THEN [] ELSE [p] END | MERGE (u)-[:USER_OF]->(person))
RETURN properties(u) AS u
"""


def users_from_org_chart(gov: str, driver: Driver | None = None, today: dt.date | None = None) -> list[User]:
    """Make every current official of the government's HR org chart a user (idempotent).

    The username is the official's HR user id (or the employee number); unit heads become supervisors,
    the others officials. Existing users keep their password; an auditor, ministry or admin user keeps
    their role.
    """
    day = (today or dt.date.today()).isoformat()
    by_username: dict[str, dict[str, Any]] = {}
    for row in _read(driver, ORG_CHART_OFFICIALS, gov=gov, today=day):
        username = row["user_id"] or row["employee_no"]
        if not username or not USERNAME.match(str(username)):
            continue
        by_username[str(username)] = {
            "username": str(username), "name": row["name"] or str(username), "email": row["email"] or "",
            "employee_no": row["employee_no"], "source_key": row["source_key"],
            "role": "supervisor" if row["is_head"] else "official",
        }
    if not by_username:
        return []
    rows = _write(driver, IMPORT_USER, rows=list(by_username.values()), gov=gov, now=now_iso())
    return sorted((_user(row["u"]) for row in rows), key=lambda u: u.username)
