"""The scenario catalog, read from the scenario files through the detectors' own loader (the files are
the only catalog), followed by the anomaly detectors."""

from __future__ import annotations

from typing import Any

from detectors.anomaly import DETECTORS
from detectors.scenario import load_catalog


def scenarios() -> list[dict[str, Any]]:
    """Every scenario of the catalog directory (CHUNGBAEK_SCENARIO_DIR or the packaged one), then the
    anomaly detectors; read on each call, so a file added to the catalog is served without a restart."""
    rules = [{"id": s.id, "area": s.area, "description": s.description.strip(), "kind": "rule",
              "title_en": s.title_en, "title_ko": s.title_ko, "severity": s.severity} for s in load_catalog()]
    anomalies = [{"id": d.scenario_id, "area": d.area, "description": d.title, "kind": "anomaly",
                  "title_en": d.title, "title_ko": d.title_ko, "severity": None} for d in DETECTORS]
    return rules + anomalies
