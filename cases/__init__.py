"""The case queue: cases from findings, routed to the responsible official, their supervisor and an
auditor at once (the triple failsafe), notifications that are never lost, actions with an audit trail,
escalation, statistics and the internal-control indexes. See docs/cases.md."""

from cases.actions import acknowledge, act, close, comment, exclude
from cases.errors import CaseError, CaseNotFound, InvalidAction, PermissionRefused, TransitionRefused
from cases.escalation import escalate
from cases.lifecycle import ACTIONS, STATUSES
from cases.notify import Channels, deliver_once, outbox
from cases.opening import open_cases_from_findings
from cases.queries import get_case, list_cases
from cases.stats import case_stats

__all__ = [
    "ACTIONS", "STATUSES", "CaseError", "CaseNotFound", "Channels", "InvalidAction", "PermissionRefused",
    "TransitionRefused", "acknowledge", "act", "case_stats", "close", "comment", "deliver_once", "escalate",
    "exclude", "get_case", "list_cases", "open_cases_from_findings", "outbox",
]
