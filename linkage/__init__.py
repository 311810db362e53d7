"""Entity resolution: records -> entities, explained links, payment reconciliation, ad-hoc matching.

The pipeline calls `link_all(gov)` then `reconcile(gov)` (or `run(gov)` for both).
"""

from __future__ import annotations

from typing import Any

from linkage.errors import InputError, LinkageError, SettingsError
from linkage.explain import Explanation, explain
from linkage.link import LinkReport, link_all
from linkage.match import match_frames
from linkage.reconcile import ReconcileReport, reconcile
from linkage.settings import LinkageSettings


def run(gov: str | None = None, *, full: bool = False, driver: Any = None) -> dict[str, Any]:
    """Link every entity kind, then reconcile payments; the two reports as one dict."""
    report = link_all(gov, full=full, driver=driver)
    return {**report.to_dict(), "reconciliation": reconcile(gov, driver=driver).to_dict()}


__all__ = ["Explanation", "InputError", "LinkReport", "LinkageError", "LinkageSettings", "ReconcileReport",
           "SettingsError", "explain", "link_all", "match_frames", "reconcile", "run"]
