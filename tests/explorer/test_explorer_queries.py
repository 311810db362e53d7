"""Every GraphQL document of the explorer's pages is valid against the API's schema, and the routes serve
the pages and the npm-installed libraries (a drift between the pages and the API fails here, without a
browser)."""

from __future__ import annotations

import re

import pytest
from graphql import parse, validate
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.explorer.assets import VENDOR
from api.explorer.routes import HERE, ROUTES
from api.schema import schema

CONST = re.compile(r"const (\w+) = (?:`([^`]*)`|\"([^\"]*)\");", re.S)
PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def documents() -> dict[str, str]:
    """GraphQL documents (queries, mutations) defined as `const NAME = \\`...\\`` in the pages' scripts."""
    consts: dict[str, tuple[str, str]] = {}
    for path in sorted([*HERE.glob("static/*.js"), *HERE.glob("pages/*.html")]):
        for name, quoted, plain_text in CONST.findall(path.read_text(encoding="utf-8")):
            consts[f"{path.name}:{name}"] = (name, quoted or plain_text)
    plain = {name: text for name, text in consts.values()}

    def resolve(text: str) -> str:
        for _ in range(5):
            text = PLACEHOLDER.sub(lambda m: plain.get(m.group(1), m.group(0)), text)
        return text

    return {where: resolve(text) for where, (_name, text) in consts.items()
            if text.lstrip().startswith(("query", "mutation", "{"))}


DOCS = documents()


def test_the_pages_have_their_queries():
    assert len(DOCS) >= 12, sorted(DOCS)
    for needed in ("SEARCH", "NEIGHBOURHOOD", "PATHS", "ENTITY", "LIST", "STATS", "ACK", "ACT", "EXCLUDE", "LOGIN"):
        assert any(k.endswith(":" + needed) for k in DOCS), needed


@pytest.mark.parametrize("where", sorted(DOCS))
def test_query_is_valid_against_the_schema(where):
    errors = validate(schema._schema, parse(DOCS[where]))
    assert not errors, f"{where}: {[e.message for e in errors]}"


def test_routes_serve_pages_vendor_files_and_nothing_else():
    client = TestClient(Starlette(routes=ROUTES))
    for path in ("/explorer/login", "/explorer/graph", "/explorer/cases", "/explorer/case", "/explorer/dashboard"):
        r = client.get(path)
        assert r.status_code == 200 and "<!doctype html>" in r.text.lower(), path
    for name in VENDOR:
        r = client.get(f"/explorer/vendor/{name}")
        assert r.status_code == 200 and len(r.content) > 1000, (name, r.status_code, r.text[:200])
    assert client.get("/explorer/vendor/package.json").status_code == 404
    assert client.get("/explorer/static/../routes.py").status_code == 404
    assert client.get("/explorer", follow_redirects=False).headers["location"] == "/explorer/graph"


def test_no_page_reaches_anything_but_the_graphql_api():
    for path in [*HERE.glob("static/*.js"), *HERE.glob("pages/*.html")]:
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r"fetch\(\s*[\"'`]([^\"'`]+)", text):
            assert url == "/graphql", (path.name, url)
        assert "bolt://" not in text and ":7474" not in text and ":7687" not in text, path.name

