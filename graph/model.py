"""The graph model, read from the YAML files in `graph/model/`.

One loader, one second pass that checks every reference, errors that name the file. Labels and
relationship types cannot be Cypher parameters, so every name that reaches a query is checked against
this model first; that is what keeps the writer's string-built label parts safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from graph.errors import ModelError

MODEL_DIR = Path(__file__).parent / "model"
NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
REL_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
PROP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PROPERTY_TYPES = {"string", "int", "float", "boolean", "date", "datetime", "string[]", "int[]", "float[]"}
LAYER_OF_FILE = {"records.yaml": "Record", "entities.yaml": "Entity", "facts.yaml": "Fact"}
DEFAULT_KEYS = {"Record": ("system", "source_key"), "Fact": ("system", "source_key"), "Entity": ("entity_id",)}
LAYERS = ("Record", "Entity", "Fact")


@dataclass(frozen=True)
class NodeKind:
    label: str
    layer: str  # Record, Entity, Fact, or the label itself for application nodes (Case, User ...)
    key: tuple[str, ...]
    properties: dict[str, str]
    indexes: tuple[str, ...]
    entity: str | None = None  # for records: the entity kind they resolve into
    system: str | None = None  # for facts: the system that emits them
    prefix: str | None = None  # for entities: the entity-id prefix
    source: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        """All labels a node of this kind carries (its own and its layer's)."""
        return (self.label,) if self.layer == self.label else (self.label, self.layer)


@dataclass(frozen=True)
class RelKind:
    type: str
    starts: frozenset[str]
    ends: frozenset[str]
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Model:
    nodes: dict[str, NodeKind]
    relationships: dict[str, RelKind]

    def node(self, label: str) -> NodeKind:
        try:
            return self.nodes[label]
        except KeyError:
            raise ModelError(
                f"Unknown node label {label!r}", hint=f"add it to a file in {MODEL_DIR} or use one of: "
                + ", ".join(sorted(self.nodes))
            ) from None

    def relationship(self, rel_type: str) -> RelKind:
        try:
            return self.relationships[rel_type]
        except KeyError:
            raise ModelError(
                f"Unknown relationship type {rel_type!r}", hint=f"add it to {MODEL_DIR / 'relationships.yaml'}"
            ) from None

    def in_layer(self, layer: str) -> list[NodeKind]:
        return [kind for kind in self.nodes.values() if kind.layer == layer]

    def check_edge(self, rel_type: str, start: str, end: str) -> RelKind:
        rel = self.relationship(rel_type)
        start_kind, end_kind = self.node(start), self.node(end)
        if not (rel.starts & set(start_kind.labels)):
            raise ModelError(f"{rel_type} may not start at {start}; allowed: {', '.join(sorted(rel.starts))}")
        if not (rel.ends & set(end_kind.labels)):
            raise ModelError(f"{rel_type} may not end at {end}; allowed: {', '.join(sorted(rel.ends))}")
        return rel


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ModelError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"{path.name}: expected a mapping of names to definitions")
    return data


def _properties(path: Path, owner: str, raw: object) -> dict[str, str]:
    props = raw or {}
    if not isinstance(props, dict):
        raise ModelError(f"{path.name}: {owner}.properties must be a mapping")
    for name, kind in props.items():
        if not PROP_NAME.match(str(name)):
            raise ModelError(f"{path.name}: {owner}: bad property name {name!r}")
        if kind not in PROPERTY_TYPES:
            raise ModelError(f"{path.name}: {owner}.{name}: unknown type {kind!r}; use one of {sorted(PROPERTY_TYPES)}")
    return dict(props)


def load_model(directory: Path = MODEL_DIR, *extra: Path) -> Model:
    """The model of `directory`, plus the kinds of any `extra` directories (a tool's scratch kinds, such
    as the write benchmark's, stay out of the product's model)."""
    nodes: dict[str, NodeKind] = {}
    # Node kinds live in any YAML file (but vocabulary.yaml: graph/vocabulary.py reads it); relationship types in relationships.yaml and in
    # <stage>.relationships.yaml files, so each stage can add its own without touching another's file.
    files = [p for d in (directory, *extra) for p in sorted(d.glob("*.yaml")) if p.name != "vocabulary.yaml"]
    rel_files = [p for p in files if p.stem.endswith("relationships")]
    for path in files:
        if path in rel_files:
            continue
        layer_of_file = LAYER_OF_FILE.get(path.name)
        for label, spec in _read(path).items():
            if not NAME.match(str(label)):
                raise ModelError(f"{path.name}: bad label {label!r} (CamelCase letters and digits)")
            if label in nodes:
                raise ModelError(f"{path.name}: {label} is already defined in {nodes[label].source}")
            spec = spec or {}
            layer = layer_of_file or label
            if layer == "Record" and "entity" not in spec:
                layer = label  # record-keyed but not resolved (OrgUnit, CorporateCard)
            key = tuple(spec.get("key") or DEFAULT_KEYS.get(layer_of_file or "", ()))
            if not key:
                raise ModelError(f"{path.name}: {label} needs a `key` (list of property names)")
            props = _properties(path, label, spec.get("properties"))
            indexes = tuple(spec.get("indexes") or ())
            for idx in indexes:
                if idx not in props and idx not in key and idx != "gov":
                    raise ModelError(f"{path.name}: {label} indexes {idx!r}, which is not one of its properties")
            nodes[label] = NodeKind(
                label=label, layer=layer, key=key, properties=props, indexes=indexes,
                entity=spec.get("entity"), system=spec.get("system"), prefix=spec.get("prefix"),
                source=path.name,
            )
    relationships: dict[str, RelKind] = {}
    known = set(nodes) | set(LAYERS)
    for rel_file in rel_files:
        for rel_type, spec in _read(rel_file).items():
            where = f"{rel_file.name}: {rel_type}"
            if not REL_NAME.match(str(rel_type)):
                raise ModelError(f"{where}: bad relationship type (UPPER_SNAKE)")
            if rel_type in relationships:
                raise ModelError(f"{where}: defined twice")
            spec = spec or {}
            ends = {}
            for side in ("from", "to"):
                names = spec.get(side) or []
                unknown = [n for n in names if n not in known]
                if not names or unknown:
                    raise ModelError(f"{where}.{side} names unknown labels {unknown or '(none)'}")
                ends[side] = frozenset(names)
            relationships[rel_type] = RelKind(
                rel_type, ends["from"], ends["to"], _properties(rel_file, rel_type, spec.get("properties"))
            )
    for kind in nodes.values():
        if kind.entity and kind.entity not in nodes:
            raise ModelError(f"{kind.source}: {kind.label}.entity names unknown entity {kind.entity!r}")
    return Model(nodes, relationships)


@cache
def model() -> Model:
    return load_model()
