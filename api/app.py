"""The ASGI app: GraphQL at /graphql (GraphiQL when enabled), a health check, and the explorer pages.

Run it with `chungbaek serve` (uvicorn with the factory `api.app:create_app`).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import logging
from collections.abc import AsyncIterator
from typing import Any

from anyio import to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.audit import READS
from api.context import Context, build_context
from api.guards import body_limit, security_headers, time_budget
from api.ingest import ROUTES as INGEST_ROUTES
from api.schema import schema
from core.connection import fail_fast
from core.settings import settings

log = logging.getLogger("chungbaek.api")


class ChungBaekGraphQL(GraphQL):
    async def get_context(self, request: Any, response: Any) -> Context:  # type: ignore[override]
        return await build_context(request, response)


async def health(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def home(_request: Request) -> RedirectResponse:
    return RedirectResponse("/explorer/" if _explorer_routes() else "/graphql")


def _explorer_routes() -> list[Any]:
    if importlib.util.find_spec("api.explorer") is None or importlib.util.find_spec("api.explorer.routes") is None:
        return []
    module = importlib.import_module("api.explorer.routes")
    return list(getattr(module, "ROUTES", []))


@contextlib.asynccontextmanager
async def _lifespan(_app: Starlette) -> AsyncIterator[None]:
    # The schema, the graph model and the libraries are a few hundred thousand long-lived objects: moved out
    # of the collector's reach, a full collection no longer walks them in the middle of a request (they made
    # 50-150 ms pauses in the p99).
    gc.collect()
    gc.freeze()
    yield
    await to_thread.run_sync(READS.close)  # read audits still buffered are written before the server exits


def create_app() -> Any:
    """The app behind its guards: body size limit, then the time budget, with security headers on every answer."""
    cfg = settings()
    fail_fast()  # the database away is UNAVAILABLE within two seconds, never a hang
    app = body_limit(time_budget(_app(), cfg.api_timeout), exempt=("/ingest/",))
    return security_headers(app, csp_exempt=("/graphql",) if cfg.graphiql else ())


def _app() -> Starlette:
    graphql = ChungBaekGraphQL(schema, graphql_ide="graphiql" if settings().graphiql else None,
                               allow_queries_via_get=False)
    routes: list[Any] = [Route("/graphql", graphql, methods=["GET", "POST"]), Route("/healthz", health), *INGEST_ROUTES]
    try:
        explorer = _explorer_routes()
    except Exception:  # a broken explorer must not take the API down
        log.exception("the explorer pages could not be loaded")
        explorer = []
    routes.extend(explorer)
    if not any(getattr(r, "path", None) == "/" for r in explorer):
        routes.append(Route("/", home))
    app = Starlette(routes=routes, lifespan=_lifespan)
    if importlib.util.find_spec("api.explorer.routes") is not None:
        mount = getattr(importlib.import_module("api.explorer.routes"), "mount", None)
        if callable(mount):
            mount(app)
    return app
