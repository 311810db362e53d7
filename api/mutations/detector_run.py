"""startDetectorRun: ministry and admin users run the detectors over one government."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from typing import Any

import strawberry
from strawberry.types import Info

from api.db import call, fetch
from api.errors import FORBIDDEN, NOT_FOUND, UNAVAILABLE, BadInput, code_of
from api.permissions import IsAuthenticated
from api.scope import KNOWN_GOVERNMENT, check_gov_code
from api.types.detector_run import DetectorRun
from api.types.results import DetectorRunResult, DetectorRunStarted, MutationError
from core.errors import ChungBaekError

RUN = "MATCH (r:DetectorRun {run_id: $id}) RETURN properties(r) AS r"


def _run_detectors(gov: str, username: str, scenarios: list[str] | None) -> Any:
    module = importlib.import_module("detectors.api")
    fn = module.run_detectors
    accepted = inspect.signature(fn).parameters
    offered = {"gov": gov, "user": username, "username": username, "scenarios": scenarios,
               "scenario_ids": scenarios}
    kwargs = {k: v for k, v in offered.items() if k in accepted and v is not None}
    return fn(**kwargs)


def _run_id(result: Any) -> str | None:
    if isinstance(result, str):
        return result
    if isinstance(result, dict):
        return result.get("run_id")
    return getattr(result, "run_id", None)


@strawberry.type
class DetectorRunMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated],
                         description="Run the detectors over one government (ministry and admin only); returns "
                                     "when the run has finished.")
    async def start_detector_run(self, info: Info, gov: str, scenarios: list[str] | None = None) -> DetectorRunResult:
        user = info.context.require_user()
        try:
            check_gov_code(gov)
        except BadInput as exc:
            info.context.audit.add("detector_run", [], outcome="refused")
            return MutationError(code=exc.code, message=exc.message, hint=exc.hint)
        if user.role not in ("ministry", "admin") or not user.can_see(gov):
            info.context.audit.add("detector_run", [gov], outcome="refused", gov=gov)
            return MutationError(code=FORBIDDEN, message="only ministry and admin users may start a detector run "
                                 "(of a government in their jurisdiction)", hint="ask the ministry or an admin")
        if not await fetch(KNOWN_GOVERNMENT, gov=gov):
            info.context.audit.add("detector_run", [gov], outcome="refused", gov=gov)
            return MutationError(code=NOT_FOUND, message=f"no records of government {gov} in the graph",
                                 hint="load its extracts first: chungbaek load DIR --gov CODE")
        if importlib.util.find_spec("detectors.api") is None:
            return MutationError(code=UNAVAILABLE, message="the detectors stage is not installed on this server")
        try:
            result = await call(_run_detectors, gov, user.username, scenarios)
        except ChungBaekError as exc:
            info.context.audit.add("detector_run", [gov], outcome="failed", gov=gov)
            return MutationError(code=code_of(exc), message=exc.message, hint=exc.hint)
        run_id = _run_id(result)
        rows = await fetch(RUN, id=run_id) if run_id else []
        info.context.audit.add("detector_run", [gov, run_id], gov=gov)
        props = rows[0]["r"] if rows else {"run_id": run_id or "", "gov": gov, "status": "finished", "user": user.username}
        return DetectorRunStarted(run=DetectorRun.of(props))
