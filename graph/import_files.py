"""A GraphWriter that writes the node and relationship files of `neo4j-admin database import full` instead
of sending MERGEs over Bolt.

It keeps the writer's semantics so that a loader can use either without knowing: rows are validated by
the same code, a node written twice under one key is one node with its properties merged (later values
win, a None removes), a relationship is written only when both its ends exist (and, with `same_gov`,
belong to one government), and it is one relationship per (start, type, end) with merged properties.
Everything is held in memory until `write_files`, because the importer wants each node once.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.model import Model, model
from graph.writer import GraphWriter, WriteStats, chunks

ARRAY_DELIMITER = "\x1f"  # never in cleaned text; given to the importer as U+001F
NodeKey = tuple[Any, ...]


def _type_of(value: Any) -> str:
    kind = type(value)
    if kind is bool:
        return "boolean"
    if kind is int:
        return "long"
    if kind is float:
        return "double"
    if kind is str:
        return "string"
    if kind is dt.datetime:
        return "localdatetime" if value.tzinfo is None else "datetime"
    if kind is dt.date:
        return "date"
    if isinstance(value, list | tuple):
        inner = {_type_of(v) for v in value} or {"string"}
        return (inner.pop() if len(inner) == 1 else "string") + "[]"
    raise GraphError(f"no import type for a {kind.__name__} value")


def _column_type(types: set[str]) -> str:
    if len(types) == 1:
        return types.pop()
    if types == {"long", "double"}:
        return "double"  # Bolt would keep the ints as ints; the loader's kinds never mix them in one property
    raise GraphError(f"one property holds values of several types ({', '.join(sorted(types))}); the import "
                     "files need one type per column")


def _text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(_text(v, kind[:-2]) for v in value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("date", "localdatetime", "datetime"):
        return value.isoformat()
    return value if type(value) is str else repr(value)


@dataclass
class ImportFile:
    kind: str  # "nodes" or "relationships"
    what: str  # labels joined by ':' or the relationship type
    path: Path
    rows: int

    def argument(self) -> str:
        return f"--{self.kind}={self.what}={self.path}"


@dataclass
class _Rels:
    rel_type: str
    start: str
    end: str
    rows: dict[tuple[NodeKey, NodeKey], dict[str, Any]] = field(default_factory=dict)


class ImportFiles(GraphWriter):
    """Collects what a load would write; `write_files(DIR)` writes one CSV per label and relationship group."""

    def __init__(self, *, batch_size: int = 10_000, m: Model | None = None) -> None:
        # No driver: a reader of the graph (the loader's stored-record lookup) sees an empty database.
        self.driver = None  # type: ignore[assignment]
        self.batch_size = batch_size
        self.concurrency = 1
        self.rel_concurrency = 1
        self.model = m or model()
        self.database = None
        self.stats = WriteStats()
        self.nodes: dict[str, dict[NodeKey, dict[str, Any]]] = defaultdict(dict)
        self.rels: dict[tuple[str, str, str], _Rels] = {}

    def merge_nodes(self, label: str, rows: Iterable[Mapping[str, Any]]) -> int:
        kind = self.model.node(label)
        store = self.nodes[kind.label]
        written = 0
        for batch in chunks(rows, self.batch_size):
            for row in self.node_rows(kind, batch):
                key = tuple(row["key"][k] for k in kind.key)
                existing = store.get(key)
                if existing is None:
                    store[key] = {**row["key"], **row["props"]}
                elif row["props"].get("gov") is None or existing.get("gov") in (None, row["props"]["gov"]):
                    existing.update(row["props"])
                else:
                    continue  # held by another government: the Bolt writer leaves it too
                written += 1
        self.stats.nodes += written
        return written

    def merge_relationships(self, rel_type: str, start_label: str, end_label: str,
                            rows: Iterable[Mapping[str, Any]], *, same_gov: bool = False) -> int:
        self.model.check_edge(rel_type, start_label, end_label)
        start, end = self.model.node(start_label), self.model.node(end_label)
        starts, ends = self.nodes.get(start.label, {}), self.nodes.get(end.label, {})
        group = self.rels.setdefault((rel_type, start.label, end.label), _Rels(rel_type, start.label, end.label))
        n_s, n_e = len(start.key), len(end.key)
        written = 0
        for batch in chunks(rows, self.batch_size):
            payload, _with_props = self._rel_rows(rel_type, start, end, batch)
            for flat in payload:
                s_key, e_key, props = tuple(flat[:n_s]), tuple(flat[n_s:n_s + n_e]), flat[-1]
                a, b = starts.get(s_key), ends.get(e_key)
                if a is None or b is None:
                    continue
                if same_gov and (a.get("gov") is None or a.get("gov") != b.get("gov")):
                    continue
                merged = group.rows.setdefault((s_key, e_key), {})
                merged.update(props)
                written += 1
        self.stats.relationships += written
        return written

    def counts(self) -> tuple[int, int]:
        return (sum(len(v) for v in self.nodes.values()), sum(len(g.rows) for g in self.rels.values()))

    # -- files ---------------------------------------------------------------------------------
    def write_files(self, directory: Path) -> list[ImportFile]:
        directory.mkdir(parents=True, exist_ok=True)
        files = []
        for label, store in self.nodes.items():
            if not store:
                continue
            kind = self.model.node(label)
            path = directory / f"nodes.{label}.csv"
            columns = self._columns(store.values())
            with path.open("w", encoding="utf-8", newline="") as fh:
                out = csv.writer(fh)
                out.writerow([f":ID({label})", *(f"{name}:{t}" for name, t in columns)])
                for key, props in store.items():
                    out.writerow([_node_id(key), *(_text(props.get(name), t) for name, t in columns)])
            files.append(ImportFile("nodes", ":".join(kind.labels), path, len(store)))
        for n, group in enumerate(self.rels.values()):
            if not group.rows:
                continue
            path = directory / f"rels.{n:03d}.{group.rel_type}.csv"
            columns = self._columns(group.rows.values())
            with path.open("w", encoding="utf-8", newline="") as fh:
                out = csv.writer(fh)
                out.writerow([f":START_ID({group.start})", f":END_ID({group.end})",
                              *(f"{name}:{t}" for name, t in columns)])
                for (s_key, e_key), props in group.rows.items():
                    out.writerow([_node_id(s_key), _node_id(e_key), *(_text(props.get(name), t) for name, t in columns)])
            files.append(ImportFile("relationships", group.rel_type, path, len(group.rows)))
        return files

    @staticmethod
    def _columns(rows: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
        types: dict[str, set[str]] = defaultdict(set)
        for props in rows:
            for name, value in props.items():
                if value is not None:
                    types[name].add(_type_of(value))
        return [(name, _column_type(set(t))) for name, t in sorted(types.items())]


def _node_id(key: NodeKey) -> str:
    return "\x1e".join(str(v) for v in key)
