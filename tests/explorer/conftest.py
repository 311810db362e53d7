"""Fixtures of the explorer's browser tests: a small graph with a planted case and two auditors, the real API
app served by uvicorn on a free port in 18200-18299, and Debian's headless Chromium driven by Playwright.

Screenshots go to test-artifacts/explorer/ (gitignored).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from explorerkit import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, add_users, build_big, build_graph, plant_case
from testkit import free_port, fresh_graph

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world(neo4j_driver) -> dict:
    """An empty graph with the schema, then the explorer's municipality, its case and users."""
    fresh_graph(neo4j_driver)
    build_graph(neo4j_driver)
    build_big(neo4j_driver)
    add_users(neo4j_driver)
    return {"case_id": plant_case(neo4j_driver)}


@pytest.fixture(scope="module")
def server(world) -> Iterator[str]:
    """`uvicorn api.app:create_app` in a child process, against the same Neo4j as the tests."""
    port = free_port(18200, 18299)
    log = (ARTIFACTS / "server.log")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=REPO, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the API server exited ({proc.returncode}): {log.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"the API server did not answer: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A fresh browser context (its own sessionStorage) at 1400x900; console errors are collected."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR")
    pg = ctx.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    ctx.close()

