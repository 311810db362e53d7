"""The scenario catalog: from the detectors stage when it offers one, else the table of INTERFACES §3."""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

from core.settings import REPO_ROOT

ROW = re.compile(r"^\|\s*([A-Z][A-Z0-9-]+)\s*\|\s*([a-z_]+)\s*\|\s*(.+?)\s*\|\s*$")
ANOMALIES = (("ANOM-OFFICIAL", "local_hr", "anomalous official"), ("ANOM-ACCOUNT", "local_finance", "anomalous account"),
             ("ANOM-BUSINESS", "local_finance", "anomalous business"))


def _from_detectors() -> list[dict[str, Any]] | None:
    for module_name, names in (("detectors.catalog", ("scenarios", "catalog", "load_catalog")),
                               ("detectors.api", ("scenarios", "catalog", "list_scenarios"))):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            fn = getattr(module, name, None)
            if callable(fn):
                items = fn()
                return [_as_dict(item) for item in (items.values() if isinstance(items, dict) else items)]
    return None


def _as_dict(item: Any) -> dict[str, Any]:
    data = item if isinstance(item, dict) else {k: getattr(item, k) for k in dir(item) if not k.startswith("_")}
    sid = str(data.get("id") or data.get("scenario_id") or "")
    return {"id": sid, "area": str(data.get("area") or ""),
            "description": str(data.get("description") or data.get("title") or data.get("name") or ""),
            "kind": "anomaly" if sid.startswith("ANOM-") else str(data.get("kind") or "rule")}


@cache
def _from_interfaces() -> tuple[tuple[str, str, str], ...]:
    text = (REPO_ROOT / "docs" / "INTERFACES.md").read_text(encoding="utf-8")
    section = text.split("## 3.", 1)[-1].split("\n## ", 1)[0]
    rows = [m.groups() for line in section.splitlines() if (m := ROW.match(line)) and m.group(1) != "id"]
    return tuple(rows) + ANOMALIES


def scenarios() -> list[dict[str, Any]]:
    try:
        found = _from_detectors()
    except Exception:  # noqa: BLE001 - a half-built detectors stage must not break the catalog
        found = None
    if found:
        return found
    return [{"id": i, "area": a, "description": d, "kind": "anomaly" if i.startswith("ANOM-") else "rule"}
            for i, a, d in _from_interfaces()]
