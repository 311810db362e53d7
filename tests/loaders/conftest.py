"""Fixtures of the loader tests (helpers are in loaderkit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture()
def extract(tmp_path: Path) -> Path:
    path = tmp_path / "extract"
    path.mkdir()
    return path
