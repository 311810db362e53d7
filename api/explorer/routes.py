"""The explorer's pages and assets under /explorer, for the API app to include (`ROUTES`).

The pages are static: every piece of data comes from the GraphQL API at /graphql with the bearer token
the login page keeps in sessionStorage. The front-end libraries are the files of `assets.VENDOR` only.
"""

from __future__ import annotations

import json
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from api.explorer.assets import vendor_file
from api.guards import page_csp
from graph.vocabulary import vocabulary

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
STATIC = HERE / "static"

PAGE_FILES = {"login": "login.html", "graph": "graph.html", "cases": "cases.html", "case": "case.html",
              "dashboard": "dashboard.html", "inbox": "inbox.html"}

NO_STORE = {"Cache-Control": "no-store"}


def _page(name: str):
    path = PAGES / PAGE_FILES[name]
    headers = {**NO_STORE, "Content-Security-Policy": page_csp(path.read_text(encoding="utf-8"))}

    async def page(request: Request) -> Response:
        return FileResponse(path, media_type="text/html", headers=headers)

    return page


async def _home(request: Request) -> Response:
    return RedirectResponse("/explorer/graph", status_code=302)


async def _vocabulary(request: Request) -> Response:
    """The systems and the node kinds' names, colours and shapes (no data of any government), as an ES
    module the pages import: the model's vocabulary is declared once and never copied into the scripts."""
    body = "export const VOCABULARY = " + json.dumps(vocabulary().to_dict(), ensure_ascii=False) + ";\n"
    return Response(body, media_type="text/javascript", headers=NO_STORE)


async def _vendor(request: Request) -> Response:
    path = vendor_file(request.path_params["name"])
    if path is None:
        return PlainTextResponse("not found", status_code=404)
    if not path.is_file():
        return PlainTextResponse(
            f"{path.name} is not installed: run `npm ci` in api/explorer (make node-deps)", status_code=503)
    return FileResponse(path, media_type="text/javascript")


ROUTES: list[BaseRoute] = [
    Route("/explorer", _home),
    Route("/explorer/", _home),
    Route("/explorer/login", _page("login")),
    Route("/explorer/graph", _page("graph")),
    Route("/explorer/inbox", _page("inbox")),
    Route("/explorer/cases", _page("cases")),
    Route("/explorer/case", _page("case")),
    Route("/explorer/dashboard", _page("dashboard")),
    Route("/explorer/vocabulary.js", _vocabulary),
    Route("/explorer/vendor/{name}", _vendor),
    Mount("/explorer/static", app=StaticFiles(directory=STATIC), name="explorer-static"),
]
