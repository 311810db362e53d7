"""Reading a generated extract the way a test needs it: files by system with their contract columns."""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from core.settings import REPO_ROOT

SYSTEMS = ("local_tax", "local_duties", "local_finance", "saeol", "local_hr", "construction", "real_estate",
           "welfare", "bank", "cards")


@cache
def contract(system: str) -> dict:
    with open(REPO_ROOT / "loaders" / "contracts" / f"{system}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8 or CP949) or Parquet file as dicts of strings."""
    if path.suffix == ".parquet":
        return [{k: ("" if v is None else str(v)) for k, v in r.items()} for r in pq.read_table(path).to_pylist()]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp949")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def header(path: Path) -> list[str]:
    if path.suffix == ".parquet":
        return list(pq.read_schema(path).names)
    raw = path.read_bytes().splitlines()[0]
    return raw.decode("ascii").split(",")


def data_file(extract: Path, system: str, file: str) -> Path:
    for suffix in (".csv", ".parquet"):
        p = extract / system / f"{file}{suffix}"
        if p.exists():
            return p
    raise AssertionError(f"{system}/{file} missing from the extract")


def row_key(system: str, file: str, row: dict[str, str]) -> str:
    key = contract(system)["files"][file]["key"]
    if "{" in key:
        return key.format(**row)
    return row[key]


def scenario_ids() -> list[str]:
    """The scenario ids of the catalog (detectors/scenarios/*.yaml, read by the detectors' loader)."""
    from detectors.scenario import load_catalog

    return [s.id for s in load_catalog()]
