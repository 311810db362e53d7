from __future__ import annotations

from typing import Annotated

import strawberry

from api.types.case import Case
from api.types.detector_run import DetectorRun
from api.types.viewer import Viewer


@strawberry.type(description="An expected failure of a mutation: a code to switch on and a message for a person.")
class MutationError:
    code: str
    message: str
    hint: str | None = None


@strawberry.type
class LoginSuccess:
    token: str
    expires_at: str
    user: Viewer


@strawberry.type
class CaseUpdated:
    case: Case


@strawberry.type
class DetectorRunStarted:
    run: DetectorRun


LoginResult = Annotated[LoginSuccess | MutationError, strawberry.union("LoginResult")]
CaseResult = Annotated[CaseUpdated | MutationError, strawberry.union("CaseResult")]
DetectorRunResult = Annotated[DetectorRunStarted | MutationError, strawberry.union("DetectorRunResult")]
