"""Python API of the detectors stage for the cases and API stages (INTERFACES section 4)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neo4j import Driver

from detectors import store
from detectors.runner import DEFAULT_TIMEOUT_S, Progress, run_batch, select
from detectors.scenario import load_catalog
from detectors.summary import RunSummary


def _driver(driver: Driver | None) -> Driver:
    from core.connection import get_driver

    return driver or get_driver()


def run_detectors(scenario_ids: Sequence[str] = (), *, area: str | None = None, gov: str | None = None,
                  since: str | None = None, params: dict[str, Any] | None = None,
                  timeout_s: float = DEFAULT_TIMEOUT_S, anomalies: bool = False,
                  anomaly_params: dict[str, float] | None = None, user: str | None = None,
                  driver: Driver | None = None, progress: Progress | None = None) -> RunSummary:
    """Run the chosen scenarios (all by default) and store a DetectorRun with its findings.

    `params` maps `name` or `SCENARIO-ID.name` to a value (text or typed); unknown names raise
    ParameterError before anything runs. With `anomalies`, the anomaly detectors run in the same run;
    `anomaly_params` puts thresholds (`lead_threshold`, `case_threshold`) over the settings file's.
    """
    d = _driver(driver)
    chosen = select(load_catalog(), scenario_ids, area)
    summary = run_batch(d, chosen, gov=gov, since=since, params=params, timeout_s=timeout_s, user=user,
                        progress=progress)
    if anomalies:
        from detectors.anomaly import run_anomalies

        run_anomalies(d, summary, params=anomaly_params, progress=progress)
    return summary


def list_findings(run_id: str | None = None, gov: str | None = None, scenario_id: str | None = None,
                  driver: Driver | None = None) -> list[dict[str, Any]]:
    """Findings as dicts (INTERFACES section 4), of one run (IN_RUN) and/or one government."""
    return store.list_findings(_driver(driver), run_id=run_id, gov=gov, scenario_id=scenario_id)
