"""The column layout of each source file, read from the loaders' data contracts
(`loaders/contracts/<system>.yaml`), so the generator writes exactly the contract's columns."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from chungbaek.generator.errors import GeneratorError
from chungbaek.settings import REPO_ROOT

CONTRACT_DIR = REPO_ROOT / "loaders" / "contracts"


@cache
def contract(system: str) -> dict:
    path = CONTRACT_DIR / f"{system}.yaml"
    if not path.exists():
        raise GeneratorError(f"no data contract for {system} at {path}",
                             hint="the loaders stage provides loaders/contracts/<system>.yaml")
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def columns(system: str, file: str) -> tuple[str, ...]:
    files = contract(system).get("files", {})
    if file not in files:
        raise GeneratorError(f"the {system} contract has no file {file!r}", hint=f"files: {sorted(files)}")
    return tuple(files[file]["columns"])


def key_column(system: str, file: str) -> str:
    return contract(system)["files"][file]["key"]


def contract_path(system: str) -> Path:
    return CONTRACT_DIR / f"{system}.yaml"
