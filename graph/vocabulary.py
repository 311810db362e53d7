"""The vocabulary of `graph/model/vocabulary.yaml`: the source systems and how each node kind is shown.

Every list of systems and every kind's display name, colour and shape is read from here (the loaders'
contracts, the scenario catalog, the generator, the API and the explorer), so a new source system or node
kind is declared once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ModelError

VOCABULARY_FILE = Path(__file__).parent / "model" / "vocabulary.yaml"


@dataclass(frozen=True)
class System:
    id: str
    code: str  # the two letters inside source keys: 41110-TX-0000123
    ko: str
    en: str
    area: bool  # also a business area that scenarios belong to


@dataclass(frozen=True)
class KindDisplay:
    label: str
    ko: str
    en: str
    colour: str
    shape: str
    size: int


@dataclass(frozen=True)
class Vocabulary:
    systems: dict[str, System]
    kinds: dict[str, KindDisplay]

    @property
    def system_ids(self) -> tuple[str, ...]:
        return tuple(self.systems)

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.systems.values() if s.area)

    def to_dict(self) -> dict[str, Any]:
        return {"systems": [s.__dict__ for s in self.systems.values()],
                "kinds": {k.label: k.__dict__ for k in self.kinds.values()}}


def _need(where: str, spec: dict[str, Any], *names: str) -> None:
    missing = [n for n in names if n not in spec]
    if missing:
        raise ModelError(f"{VOCABULARY_FILE.name}: {where} needs {', '.join(missing)}")


def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    systems: dict[str, System] = {}
    for sid, spec in (raw.get("systems") or {}).items():
        _need(f"system {sid}", spec, "code", "ko", "en")
        systems[sid] = System(sid, str(spec["code"]), str(spec["ko"]), str(spec["en"]), bool(spec.get("area", True)))
    codes = [s.code for s in systems.values()]
    if len(set(codes)) != len(codes):
        raise ModelError(f"{path.name}: two systems share a key code ({', '.join(sorted(codes))})")
    kinds: dict[str, KindDisplay] = {}
    for label, spec in (raw.get("kinds") or {}).items():
        _need(f"kind {label}", spec, "ko", "en", "colour", "shape", "size")
        kinds[label] = KindDisplay(label, str(spec["ko"]), str(spec["en"]), str(spec["colour"]), str(spec["shape"]),
                                   int(spec["size"]))
    return Vocabulary(systems, kinds)


@cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()
