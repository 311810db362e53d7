"""The pipeline of each entity kind (person, business, parcel, building, account), read from the data files
in `graph/model/linkage/` — one small loader, no pipeline written in Python.

Strong identifiers link deterministically only when valid (checksums of business and corporate numbers,
PNU structure, account key shape, a keyed-hash shape for resident numbers); different valid values of
the same identifier never link. A new entity kind is a new file there (and its labels in the graph model).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from linkage.errors import SettingsError
from linkage.settings import LinkageSettings

PIPELINE_DIR = Path(__file__).resolve().parent.parent / "graph" / "model" / "linkage"
_REQUIRED = ("kind", "order", "record_label", "entity_label", "prefix", "properties", "settings")


@dataclass(frozen=True)
class EntityKind:
    kind: str  # person, business, ...
    record_label: str
    entity_label: str
    prefix: str
    properties: tuple[str, ...]  # record properties the pipeline reads
    spec: dict[str, Any]  # the pipeline's settings, as written in its file

    def settings(self) -> LinkageSettings:
        return LinkageSettings.from_dict(_copy(self.spec))


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _read(path: Path) -> tuple[int, EntityKind]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path.name}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path.name}: a pipeline file holds a mapping", hint=f"keys: {', '.join(_REQUIRED)}")
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise SettingsError(f"{path.name}: missing {', '.join(missing)}", hint=f"keys: {', '.join(_REQUIRED)}")
    kind = EntityKind(str(data["kind"]), str(data["record_label"]), str(data["entity_label"]), str(data["prefix"]),
                      tuple(str(p) for p in data["properties"]), data["settings"])
    kind.settings()  # a wrong standardiser or comparison type is refused here, with the file named
    return int(data["order"]), kind


@cache
def load_kinds(directory: Path = PIPELINE_DIR) -> dict[str, EntityKind]:
    """Every entity kind of the directory, in the order they link (accounts after the people who hold them)."""
    read = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            read.append(_read(path))
        except SettingsError as exc:
            if path.name in str(exc):
                raise
            raise SettingsError(f"{path.name}: {exc}") from None
    if not read:
        raise SettingsError(f"no linkage pipeline files in {directory}")
    return {k.kind: k for _, k in sorted(read, key=lambda item: item[0])}


ENTITY_KINDS = load_kinds()


def record_frame(kind: EntityKind, rows: list[dict]) -> pd.DataFrame:
    """Records as a frame with every property the pipeline reads (missing -> None)."""
    cols = ["system", "source_key", "gov", *kind.properties]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.astype(object).where(frame.notna(), None)
