"""What people do with a case: acknowledge, act (imposed, collected, corrected, reimbursed, referred, with
amounts in KRW), exclude (reason required), comment and close. Each call is one transaction that checks
the transition and the user's role and jurisdiction, updates the case and writes the audit event.

Who may do what: `ministry` users only read. Officials, supervisors, auditors and admins of the case's
government may acknowledge, act and comment; excluding and closing take a supervisor, an auditor or an
admin (an official cannot make their own case go away).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import Any

from neo4j import Driver, ManagedTransaction

from cases.errors import InvalidAction, PermissionRefused
from cases.lifecycle import ACTIONS, RECOVERED, Change, allowed_from, apply_change, lock_case
from cases.store import iso, write_tx
from cases.users import User, get_user
from loaders.masking import mask_text

log = logging.getLogger("chungbaek.cases")

ACTORS = ("official", "supervisor", "auditor", "admin")
DECIDERS = ("supervisor", "auditor", "admin")

# event kind -> the roles that may cause it (the lifecycle says from which statuses)
ROLES: dict[str, tuple[str, ...]] = {"acknowledged": ACTORS, "acted_on": ACTORS, "comment": ACTORS,
                                     "excluded": DECIDERS, "closed": DECIDERS}

__all__ = ["acknowledge", "act", "allowed_actions", "close", "comment", "exclude", "resolve_user"]


def allowed_actions(user: User, case: dict[str, Any]) -> list[str]:
    """The events this user may cause on this case now (`acknowledged`, `acted_on`, `excluded`, `closed`,
    `comment`): its status allows them, the user's role may do them, and the case is in their jurisdiction."""
    if not user.active or not user.can_see(case.get("gov")):
        return []
    return [kind for kind in allowed_from(case.get("status") or "") if user.role in ROLES.get(kind, ())]


def resolve_user(user: User | str, driver: Driver | None = None) -> User:
    """A User object, or the user of that name (refused when unknown or disabled)."""
    if isinstance(user, User):
        found: User | None = user
    else:
        found = get_user(user, driver)
        if found is None:
            raise PermissionRefused(f"no user {user!r}", hint="see: chungbaek users list")
    assert found is not None
    if not found.active:
        raise PermissionRefused(f"user {found.username} is disabled")
    return found


def _permit(user: User, case: dict[str, Any], roles: tuple[str, ...], what: str) -> None:
    if user.role not in roles:
        raise PermissionRefused(
            f"{'an' if user.role[0] in 'aeiou' else 'a'} {user.role} may not {what} a case", hint=f"this needs one of the roles: {', '.join(roles)}"
        )
    if not user.can_see(case.get("gov")):
        raise PermissionRefused(f"case {case['case_id']} belongs to government {case.get('gov')}, "
                                f"outside {user.username}'s jurisdiction ({', '.join(user.governments) or 'none'})")


def masked(change: Change) -> Change:
    """The change with resident numbers typed into its note or reason masked (counted in the log as a
    warning): the case trail is shown, mailed and exported, and a clear number must reach none of them."""
    note, in_note = mask_text(change.note) if change.note else (change.note, 0)
    reason, in_reason = mask_text(change.reason) if change.reason else (change.reason, 0)
    if not in_note + in_reason:
        return change
    log.warning("%d resident number(s) masked in a %s note by %s", in_note + in_reason, change.kind, change.actor)
    return replace(change, note=note, reason=reason)


def _run(case_id: str, user: User | str, roles: tuple[str, ...], what: str, make: Any,
         driver: Driver | None) -> dict[str, Any]:
    who = resolve_user(user, driver)

    def work(tx: ManagedTransaction) -> dict[str, Any]:
        case = lock_case(tx, case_id)
        _permit(who, case, roles, what)
        return apply_change(tx, case, masked(make(case, who)))

    return write_tx(work, driver)


def acknowledge(case_id: str, user: User | str, note: str = "", *, now: dt.datetime | None = None,
                driver: Driver | None = None) -> dict[str, Any]:
    """open -> acknowledged: the user has seen the case and is working on it."""
    return _run(case_id, user, ROLES["acknowledged"], "acknowledge",
                lambda _c, who: Change("acknowledged", who.username, iso(now), note), driver)


def act(case_id: str, user: User | str, action: str, amount: int | None = None, note: str = "", *,
        now: dt.datetime | None = None, driver: Driver | None = None) -> dict[str, Any]:
    """-> acted_on with one action. `imposed` adds to the amount imposed; `collected` and `reimbursed` to
    the amount recovered (both need an amount in KRW); `corrected` and `referred` may carry one."""
    if action not in ACTIONS:
        raise InvalidAction(f"unknown action {action!r}", hint=f"use one of: {', '.join(ACTIONS)}")
    if amount is not None and (not isinstance(amount, int) or amount < 0):
        raise InvalidAction(f"amount must be a whole number of KRW, 0 or more (got {amount!r})")
    if action in ("imposed", *RECOVERED) and not amount:
        raise InvalidAction(f"`{action}` needs the amount in KRW", hint="pass --amount 1200000")
    at = iso(now)

    def make(case: dict[str, Any], who: User) -> Change:
        done = list(case.get("actions") or [])
        props: dict[str, Any] = {"actions": [*done, action], "acted_at": case.get("acted_at") or at}
        if action == "imposed":
            props["amount_imposed"] = int(case.get("amount_imposed") or 0) + int(amount or 0)
        if action in RECOVERED:
            props["amount_recovered"] = int(case.get("amount_recovered") or 0) + int(amount or 0)
        return Change("acted_on", who.username, at, note, action=action, amount=amount, set_props=props)

    return _run(case_id, user, ROLES["acted_on"], "act on", make, driver)


def exclude(case_id: str, user: User | str, reason: str, *, now: dt.datetime | None = None,
            driver: Driver | None = None) -> dict[str, Any]:
    """-> excluded, with the reason (a legitimate exemption, a false positive...). Re-runs keep it excluded
    unless the evidence changes."""
    if not reason or not reason.strip():
        raise InvalidAction("excluding a case needs a reason", hint='pass --reason "exempt under ..."')
    return _run(case_id, user, ROLES["excluded"], "exclude",
                lambda _c, who: Change("excluded", who.username, iso(now), reason.strip(),
                                       set_props={"excluded_reason": reason.strip()}), driver)


def comment(case_id: str, user: User | str, note: str, *, now: dt.datetime | None = None,
            driver: Driver | None = None) -> dict[str, Any]:
    """A note in the audit trail; the status does not change."""
    if not note or not note.strip():
        raise InvalidAction("a comment needs text")
    return _run(case_id, user, ROLES["comment"], "comment on",
                lambda _c, who: Change("comment", who.username, iso(now), note.strip()), driver)


def close(case_id: str, user: User | str, note: str = "", *, now: dt.datetime | None = None,
          driver: Driver | None = None) -> dict[str, Any]:
    """acted_on -> closed: nothing more to do."""
    return _run(case_id, user, ROLES["closed"], "close",
                lambda _c, who: Change("closed", who.username, iso(now), note), driver)
