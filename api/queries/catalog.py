from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.permissions import IsAuthenticated
from api.resolvers import runs as runs_resolver
from api.resolvers import stats as stats_resolver
from api.resolvers.catalog import scenarios as catalog
from api.types.detector_run import DetectorRun
from api.types.scenario import Scenario
from api.types.statistics import Statistics
from api.types.viewer import Viewer


@strawberry.type
class CatalogQueries:
    @strawberry.field(permission_classes=[IsAuthenticated], description="The user of the token.")
    def me(self, info: Info) -> Viewer:
        return Viewer.of(info.context.require_user())

    @strawberry.field(permission_classes=[IsAuthenticated], description="The scenario catalog.")
    def scenarios(self, area: str | None = None) -> list[Scenario]:
        return [Scenario(**s) for s in catalog() if area is None or s["area"] == area]

    @strawberry.field(permission_classes=[IsAuthenticated],
                      description="Case statistics and internal-control indexes of your governments (or one).")
    async def statistics(self, info: Info, gov: str | None = None) -> Statistics:
        return await stats_resolver.statistics(info, gov)

    @strawberry.field(permission_classes=[IsAuthenticated], description="Detector runs, newest first.")
    async def detector_runs(self, info: Info, first: int = 20) -> list[DetectorRun]:
        return await runs_resolver.detector_runs(info, first)
