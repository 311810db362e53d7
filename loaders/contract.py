"""The source-system data contracts, read from `loaders/contracts/<system>.yaml` and checked at start-up.

A contract says, per file of a system's extract: its columns (identifier kind, required), its key, and how
a row maps onto the graph (FollowTheMoney-mapping style, so the loader engine is generic):

- `nodes`: the nodes a row becomes. The first is the row's own node, keyed by the file's `key`; others are
  derived from it (the account a payment goes into, the parcel an assessment is about) and carry their own
  `source_key` template. `when` picks a node by a column's value (person or business) or by presence.
- `relationships`: from one of the row's nodes to another (`to: {node: id}`) or to a record or fact of this
  or another system found by its source key (`to: {label, system, source_key}`).

Templates are `{column}`, `{column.part}` and `{gov}` (the government code given to the load). Every
label, property and relationship type must be in the graph model; errors name the file and the place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ModelError
from graph.model import Model, model
from graph.vocabulary import vocabulary
from loaders.errors import ContractError
from loaders.types import Kind, kind

CONTRACT_DIR = Path(__file__).parent / "contracts"
SYSTEMS = vocabulary().system_ids
FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_]*))?\}")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
NEGATIVE = ("warn", "refuse", "allow")
AUTOMATIC = ("system", "source_key", "gov")  # set on every node by the loader
# Which graph types a kind's value may fill (a date string fills a string property, not the reverse).
COMPATIBLE = {"string": {"string"}, "date": {"date", "string"}, "datetime": {"datetime", "string"},
              "int": {"int", "float"}, "float": {"float"}, "boolean": {"boolean"}, "string[]": {"string[]"}}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    type: str
    required: bool
    description: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    # Amounts: what a negative value does. `warn` (the default) loads it with a warning, `refuse`
    # quarantines the row, `allow` takes it silently (adjustments, reversals).
    negative: str = "warn"


@dataclass(frozen=True)
class Ref:
    """A column, or a part of its cleaned value (`rrn.hash`)."""

    column: str
    part: str = "value"


@dataclass(frozen=True)
class Template:
    text: str
    refs: tuple[Ref, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(r.column for r in self.refs if r.column != "gov")


@dataclass(frozen=True)
class Condition:
    equals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    present: tuple[str, ...] = ()


@dataclass(frozen=True)
class NodeSpec:
    id: str
    label: str
    source_key: Template
    when: Condition
    properties: dict[str, tuple[Ref, ...]]  # property -> first non-empty of these refs
    constants: dict[str, Any]
    templates: dict[str, Template]


@dataclass(frozen=True)
class RelSpec:
    type: str
    from_id: str
    to_node: str | None  # a node of the same row, or
    to_labels: tuple[str, ...] = ()  # a record / fact found by key
    to_system: str = ""
    to_key: Template | None = None
    properties: dict[str, tuple[Ref, ...]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        target = self.to_node or f"{self.to_system}:{'|'.join(self.to_labels)}"
        return f"{self.type}->{target}"


@dataclass(frozen=True)
class FileContract:
    system: str
    stem: str
    description: str
    key: Template
    columns: dict[str, Column]
    nodes: tuple[NodeSpec, ...]
    relationships: tuple[RelSpec, ...]
    source: Path
    full_extract: bool = False  # each extract holds every row: a record missing from it is gone at the source

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns.values() if c.required)


@dataclass(frozen=True)
class Contract:
    system: str
    description: str
    files: dict[str, FileContract]
    source: Path


# -- reading ------------------------------------------------------------------------------------------
def _template(where: str, text: Any, columns: dict[str, Column]) -> Template:
    if not isinstance(text, str) or not text:
        raise ContractError(f"{where}: expected a template string such as \"{{column}}\"")
    if "{" not in text:
        text = "{" + text + "}"  # a bare column name
    refs = []
    for m in FIELD.finditer(text):
        refs.append(_ref(where, m.group(1) + (f".{m.group(2)}" if m.group(2) else ""), columns, gov_ok=True))
    if not refs or FIELD.sub("", text).count("{") or FIELD.sub("", text).count("}"):
        raise ContractError(f"{where}: bad template {text!r} (use {{column}}, {{column.part}} or {{gov}})")
    return Template(text, tuple(refs))


def _ref(where: str, text: Any, columns: dict[str, Column], gov_ok: bool = False) -> Ref:
    if not isinstance(text, str):
        raise ContractError(f"{where}: expected a column name, got {text!r}")
    column, _, part = text.partition(".")
    if column == "gov" and gov_ok:
        return Ref("gov")
    if column not in columns:
        raise ContractError(f"{where}: {column!r} is not a column of this file")
    part = part or "value"
    kind_ = columns[column].kind
    if part != "value" and part not in kind_.parts:
        raise ContractError(f"{where}: a {columns[column].type} has no part {part!r}; parts: "
                            + (", ".join(kind_.parts) or "none"))
    return Ref(column, part)


def _ref_type(ref: Ref, columns: dict[str, Column]) -> str:
    k = columns[ref.column].kind
    return k.graph_type if ref.part == "value" else k.parts[ref.part]


def _condition(where: str, raw: Any, columns: dict[str, Column]) -> Condition:
    if raw is None:
        return Condition()
    if not isinstance(raw, dict):
        raise ContractError(f"{where}.when: expected a mapping ({{column: value}} or {{present: [columns]}})")
    equals, present = {}, ()
    for name, value in raw.items():
        if name == "present":
            present = tuple(_ref(f"{where}.when", c, columns).column for c in (value or []))
            continue
        col = _ref(f"{where}.when", name, columns).column
        values = tuple(str(v) for v in (value if isinstance(value, list) else [value]))
        allowed = getattr(columns[col].kind, "values", None)
        if allowed is not None and not set(values) <= set(allowed):
            raise ContractError(f"{where}.when: {col} can never be {values}; its values are {allowed}")
        equals[col] = values
    return Condition(equals, present)


def _props(where: str, raw: Any, columns: dict[str, Column], allowed: dict[str, str]) -> dict[str, tuple[Ref, ...]]:
    out = {}
    for prop, refs in (raw or {}).items():
        if prop in AUTOMATIC or prop not in allowed:
            raise ContractError(f"{where}: {prop!r} is not a property of it in the graph model"
                                + (" (system, source_key and gov are set by the loader)" if prop in AUTOMATIC
                                   else f"; allowed: {', '.join(sorted(allowed))}"))
        parsed = tuple(_ref(f"{where}.{prop}", r, columns) for r in (refs if isinstance(refs, list) else [refs]))
        for ref in parsed:
            given = _ref_type(ref, columns)
            if given not in COMPATIBLE.get(allowed[prop], set()) and allowed[prop] not in COMPATIBLE.get(given, {given}):
                raise ContractError(f"{where}.{prop}: the model wants {allowed[prop]}, "
                                    f"{ref.column}{'' if ref.part == 'value' else '.' + ref.part} gives {given}")
        out[prop] = parsed
    return out


def _columns(where: str, raw: Any) -> dict[str, Column]:
    if not isinstance(raw, dict) or not raw:
        raise ContractError(f"{where}.columns: expected a mapping of column names to {{type, required}}")
    columns = {}
    for name, spec in raw.items():
        if not NAME.match(str(name)):
            raise ContractError(f"{where}.columns: bad column name {name!r} (lower_snake_case)")
        spec = spec or {}
        options = {k: spec[k] for k in ("values", "aliases") if k in spec}
        try:
            k = kind(str(spec.get("type")), **options)
        except ContractError as exc:
            raise ContractError(f"{where}.columns.{name}: {exc.message}", hint=exc.hint) from None
        except (TypeError, ValueError) as exc:
            raise ContractError(f"{where}.columns.{name}: {exc}") from None
        negative = str(spec.get("negative", "warn"))
        if negative not in NEGATIVE:
            raise ContractError(f"{where}.columns.{name}: negative must be one of {', '.join(NEGATIVE)}, "
                                f"not {negative!r}")
        if "negative" in spec and k.graph_type not in ("int", "float"):
            raise ContractError(f"{where}.columns.{name}: `negative` applies to amounts and numbers only")
        columns[name] = Column(name, k, str(spec["type"]), bool(spec.get("required", False)),
                               str(spec.get("description", "")), options, negative)
    return columns


def _file(path: Path, system: str, stem: str, raw: Any, m: Model) -> FileContract:
    where = f"{path.name}: files.{stem}"
    if not isinstance(raw, dict):
        raise ContractError(f"{where}: expected a mapping with key, columns, nodes")
    columns = _columns(where, raw.get("columns"))
    key = _template(f"{where}.key", raw.get("key"), columns)
    for col in key.columns:
        if not columns[col].required:
            raise ContractError(f"{where}.key: key column {col!r} must be required")
    nodes: list[NodeSpec] = []
    for i, spec in enumerate(raw.get("nodes") or []):
        nwhere = f"{where}.nodes[{i}]"
        try:
            node_kind = m.node(str(spec.get("label")))
        except ModelError as exc:
            raise ContractError(f"{nwhere}: {exc.message}", hint=exc.hint) from None
        if tuple(node_kind.key) != ("system", "source_key"):
            raise ContractError(f"{nwhere}: {node_kind.label} is not keyed by (system, source_key)")
        allowed = node_kind.properties
        node_id = str(spec.get("id") or f"node{i}")
        # The row's own node (and its alternatives under the same id) is keyed by the file's key.
        own = i == 0 or node_id == nodes[0].id
        source_key = key if own and "source_key" not in spec else _template(
            f"{nwhere}.source_key", spec.get("source_key"), columns)
        templates = {p: _template(f"{nwhere}.templates.{p}", t, columns) for p, t in (spec.get("templates") or {}).items()}
        for p in [*templates, *(spec.get("constants") or {})]:
            if p not in allowed:
                raise ContractError(f"{nwhere}: {p!r} is not a property of {node_kind.label} in the graph model")
        nodes.append(NodeSpec(
            id=node_id, label=node_kind.label, source_key=source_key,
            when=_condition(nwhere, spec.get("when"), columns),
            properties=_props(f"{nwhere}.properties", spec.get("properties"), columns, allowed),
            constants=dict(spec.get("constants") or {}), templates=templates,
        ))
    if not nodes:
        raise ContractError(f"{where}: needs at least one entry under `nodes`")
    ids: dict[str, list[NodeSpec]] = {}
    for n in nodes:
        ids.setdefault(n.id, []).append(n)
    rels = []
    for i, spec in enumerate(raw.get("relationships") or []):
        rwhere = f"{where}.relationships[{i}]"
        rel_type = str(spec.get("type"))
        from_id = str(spec.get("from") or nodes[0].id)
        if from_id not in ids:
            raise ContractError(f"{rwhere}: from {from_id!r} is not the id of one of this file's nodes")
        to = spec.get("to") or {}
        try:
            rel_kind = m.relationship(rel_type)
        except ModelError as exc:
            raise ContractError(f"{rwhere}: {exc.message}", hint=exc.hint) from None
        if "node" in to:
            if to["node"] not in ids:
                raise ContractError(f"{rwhere}: to node {to['node']!r} is not the id of one of this file's nodes")
            ends = [n.label for n in ids[to["node"]]]
            rel = RelSpec(rel_type, from_id, str(to["node"]))
        else:
            labels = to.get("label")
            ends = [str(x) for x in (labels if isinstance(labels, list) else [labels])]
            target_system = str(to.get("system") or system)
            if target_system not in SYSTEMS:
                raise ContractError(f"{rwhere}: unknown system {target_system!r}")
            rel = RelSpec(rel_type, from_id, None, tuple(ends), target_system,
                          _template(f"{rwhere}.to.source_key", to.get("source_key"), columns))
        for start in ids[from_id]:
            for end in ends:
                try:
                    m.check_edge(rel_type, start.label, end)
                except ModelError as exc:
                    raise ContractError(f"{rwhere}: {exc.message}", hint=exc.hint) from None
        props = _props(f"{rwhere}.properties", spec.get("properties"), columns, rel_kind.properties)
        rels.append(RelSpec(rel.type, rel.from_id, rel.to_node, rel.to_labels, rel.to_system, rel.to_key, props))
    return FileContract(system, stem, str(raw.get("description") or "").strip(), key, columns, tuple(nodes),
                        tuple(rels), path, bool(raw.get("full_extract", False)))


def load_contract(path: Path, m: Model | None = None) -> Contract:
    m = m or model()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContractError(f"{path.name}: cannot be read as YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), dict):
        raise ContractError(f"{path.name}: expected `system`, `description` and a mapping `files`")
    system = raw.get("system")
    if system != path.stem or system not in SYSTEMS:
        raise ContractError(f"{path.name}: `system: {system}` must be the file's name and one of {', '.join(SYSTEMS)}")
    files = {str(stem): _file(path, system, str(stem), spec, m) for stem, spec in raw["files"].items()}
    return Contract(system, str(raw.get("description") or "").strip(), files, path)


def load_contracts(directory: Path = CONTRACT_DIR, m: Model | None = None) -> dict[str, Contract]:
    found = {p.stem: load_contract(p, m) for p in sorted(directory.glob("*.yaml"))}
    missing = [s for s in SYSTEMS if s not in found]
    if missing:
        raise ContractError(f"{directory}: no contract for {', '.join(missing)}",
                            hint="each system needs loaders/contracts/<system>.yaml")
    return found


@cache
def contracts() -> dict[str, Contract]:
    """The contracts of all ten systems (read and checked once per process)."""
    return load_contracts()
