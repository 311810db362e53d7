"""What a detector run reports: one result per scenario and government, and the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ScenarioResult:
    scenario_id: str
    gov: str
    status: str  # ok, failed, timeout, unavailable
    findings: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass
class RunSummary:
    run_id: str
    started_at: str
    finished_at: str = ""
    user: str = ""
    status: str = "running"
    governments: list[str] = field(default_factory=list)
    results: list[ScenarioResult] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def findings(self) -> int:
        return sum(r.findings for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "started_at": self.started_at, "finished_at": self.finished_at,
                "user": self.user, "status": self.status, "governments": self.governments,
                "findings": self.findings, "versions": self.versions,
                "scenarios": [r.__dict__ for r in self.results]}
