"""A small municipality generated once per test session (1,000 residents, seed 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import generate


@pytest.fixture(scope="session")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "m"
    generate(1000, 3, out, "41110", progress=False)
    return out
