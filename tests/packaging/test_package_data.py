"""The installed application reads nothing from a checkout: a wheel built as the image builds it (vendor
files copied into the package, no node_modules) holds every data file of the product, and the installed
copy, run from an empty directory, finds its model, contracts, scenarios, Neo4j build file and pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from api.explorer.assets import VENDOR, copy_vendor_files

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("core", "chungbaek", "graph", "loaders", "linkage", "detectors", "cases", "api")
pytestmark = pytest.mark.slow

CHECK = r"""
import sys
from pathlib import Path
target = Path(sys.argv[1])
import chungbaek, api
assert Path(chungbaek.__file__).is_relative_to(target), chungbaek.__file__
from chungbaek.neo4j_server import POM
from detectors.scenario import load_catalog
from graph.model import model
from graph.vocabulary import vocabulary
from loaders.contract import contracts
from starlette.applications import Starlette
from starlette.testclient import TestClient
from api.explorer.routes import ROUTES
from api.cli import SDL_PATH
assert POM.is_file() and SDL_PATH.is_file()
print(len(load_catalog()), len(contracts()), len(model().nodes), len(vocabulary().systems))
client = TestClient(Starlette(routes=ROUTES))
for path in ("/explorer/graph", "/explorer/cases", "/explorer/case", "/explorer/dashboard", "/explorer/login",
             "/explorer/static/graph.js", "/explorer/vocabulary.js", *[f"/explorer/vendor/{n}" for n in sys.argv[2:]]):
    r = client.get(path)
    assert r.status_code == 200 and r.content, (path, r.status_code)
"""


def _tracked_data_files() -> set[str]:
    out = subprocess.run(["git", "ls-files", *PRODUCT], cwd=REPO, capture_output=True, text=True, check=True)
    return {line for line in out.stdout.splitlines() if not line.endswith(".py")
            and not line.endswith(("package-lock.json", "package.json", ".md"))}  # docs, never opened


def test_the_wheel_holds_every_data_file_and_runs_without_the_checkout(tmp_path):
    source = tmp_path / "src"
    for name in (*PRODUCT, "pyproject.toml", "README.md"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
        else:
            shutil.copy2(src, source / name)
    copy_vendor_files(source / "api" / "explorer" / "vendor")  # what the image's build stage does
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(wheels), str(source)], check=True, capture_output=True)
    wheel = next(wheels.glob("chungbaek-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert _tracked_data_files() - names == set()
    assert {f"api/explorer/vendor/{n}" for n in VENDOR} <= names
    assert not any(n.startswith(("tests/", "tools/", "generator/", "bench/")) for n in names)

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1", "CHUNGBAEK_STATE_DIR": str(tmp_path / "state")}
    run = subprocess.run([sys.executable, "-c", CHECK, str(target), *VENDOR], cwd=empty, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    catalog, systems, kinds, declared = (int(x) for x in run.stdout.split())
    assert catalog >= 29 and systems == declared == 10 and kinds > 40
