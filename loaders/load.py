"""The loader engine: find a municipality extract's files, check them against the contracts, write the graph.

Loading is order-independent: every file's nodes are written first (phase 1), relationships afterwards
(phase 2, from spill files on disk so memory stays bounded), so a reference to a row of a file read later
still resolves; a reference that finds no node is counted per file and relationship as `unresolved`.
Everything is MERGEd on (system, source_key), so loading the same extract twice changes nothing.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from graph.schema import apply_schema
from graph.writer import GraphWriter, chunks
from loaders.contract import SYSTEMS, Contract, FileContract, contracts
from loaders.errors import ExtractError, LoaderError
from loaders.history import change_row, diff, mark_gone, now, stored
from loaders.mapping import MappedRow, Refusal, RowMapper
from loaders.quarantine import QuarantineWriter, directory_of_load, new_load_id
from loaders.readers import Table, UnreadableFile
from loaders.summary import SKIPPED, UNUSABLE, FileResult, LoadSummary

log = logging.getLogger("chungbaek.loaders")
DATA_SUFFIXES = (".csv", ".parquet", ".tsv", ".txt")
NOT_SYSTEMS = {"truth": "the generator's ground truth; not loaded"}
GOV = re.compile(r"^\d{5}$")
KEY_GOV = re.compile(r"^(\d{5})-")


@dataclass
class Source:
    contract: FileContract
    path: Path
    name: str  # relative to the extract directory


def discover(directory: Path, known: dict[str, Contract]) -> tuple[list[Source], list[FileResult], list[str]]:
    """The loadable files in contract order; results for what cannot be loaded; contract files not present."""
    if not directory.is_dir():
        raise ExtractError(f"{directory} is not a directory",
                           hint="give the extract directory that holds one sub-directory per system")
    sources: list[Source] = []
    others: list[FileResult] = []
    missing: list[str] = []
    entries = sorted(p for p in directory.iterdir() if not p.name.startswith("."))
    for entry in entries:
        if entry.is_file():
            others.append(FileResult(entry.name, "", SKIPPED, "not inside a system directory; ignored"))
        elif entry.name in NOT_SYSTEMS:
            others.append(FileResult(entry.name + "/", "", SKIPPED, NOT_SYSTEMS[entry.name]))
        elif entry.name not in known:
            others.append(FileResult(entry.name + "/", entry.name, UNUSABLE,
                                     f"unknown system {entry.name!r}; the systems are: {', '.join(SYSTEMS)}"))
    for system in SYSTEMS:
        folder = directory / system
        if system not in known or not folder.is_dir():
            missing.extend(f"{system}/{stem}" for stem in known.get(system, Contract(system, "", {}, folder)).files)
            continue
        by_stem: dict[str, list[Path]] = defaultdict(list)
        for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
            rel = f"{system}/{path.name}"
            if path.is_dir() or path.suffix.lower() not in DATA_SUFFIXES:
                others.append(FileResult(rel, system, SKIPPED, "not a CSV or Parquet file; ignored"))
            elif path.stem not in known[system].files:
                others.append(FileResult(rel, system, UNUSABLE,
                                         f"no contract for file {path.stem!r} in {known[system].source.name}; "
                                         f"its files are: {', '.join(known[system].files)}"))
            else:
                by_stem[path.stem].append(path)
        for stem, contract in known[system].files.items():
            paths = by_stem.get(stem, [])
            if not paths:
                missing.append(f"{system}/{stem}")
                continue
            sources.append(Source(contract, paths[0], f"{system}/{paths[0].name}"))
            for extra in paths[1:]:
                others.append(FileResult(f"{system}/{extra.name}", system, UNUSABLE,
                                         f"{paths[0].name} holds the same file; keep only one of them"))
    return sources, others, missing


class _Spill:
    """Relationship rows of one file, parked on disk until every file's nodes are written.

    One spill file per (relationship, start label, end labels), so that phase 2 can stream each group
    through the writer, which keeps several batches in flight.
    """

    def __init__(self, directory: Path, name: str) -> None:
        self.directory = directory
        self.stem = name.replace("/", "__")
        self.groups: dict[tuple[int, str, tuple[str, ...]], tuple[Path, Any, int]] = {}
        self.count = 0

    def add(self, rels: list[tuple[Any, ...]]) -> None:
        for index, start_label, start_key, labels, system, end_key, props in rels:
            group = (index, start_label, labels)
            entry = self.groups.get(group)
            if entry is None:
                path = self.directory / f"{self.stem}.{len(self.groups)}.jsonl"
                entry = (path, path.open("w", encoding="utf-8"), 0)
            path, handle, n = entry
            handle.write(json.dumps([start_key, system, end_key, props], ensure_ascii=False,
                                    separators=(",", ":")) + "\n")
            self.groups[group] = (path, handle, n + 1)
        self.count += len(rels)

    def close(self) -> None:
        for _path, handle, _n in self.groups.values():
            handle.close()

    def remove(self) -> None:
        self.close()
        for path, _handle, _n in self.groups.values():
            path.unlink(missing_ok=True)

    @staticmethod
    def rows(path: Path, system: str, batch_size: int) -> Iterator[dict[str, Any]]:
        """The group's rows; each block of `batch_size` (one write transaction) sorted by end node.

        Concurrent transactions then lock shared end nodes (an official, an account) in the same order,
        which avoids most deadlocks; their start nodes (one per source row) never overlap.
        """
        with path.open(encoding="utf-8") as handle:
            for block in chunks(handle, batch_size):
                parsed = sorted((json.loads(line) for line in block), key=lambda r: (r[2], r[0]))
                for start_key, end_system, end_key, props in parsed:
                    yield {"start": {"system": system, "source_key": start_key},
                           "end": {"system": end_system, "source_key": end_key}, "props": props}


class Loader:
    def __init__(self, *, gov: str, writer: GraphWriter, quarantine_dir: Path, batch_size: int,
                 progress: bool, spill_dir: Path, load_id: str = "", full_extract: bool = False) -> None:
        self.gov = gov
        self.load_id = load_id
        self.full_extract = full_extract
        self.writer = writer
        self.quarantine_dir = quarantine_dir
        self.batch_size = batch_size
        self.progress = progress
        self.spill_dir = spill_dir
        # A chunk holds a few write batches, so the writer keeps several transactions in flight.
        self.chunk_size = batch_size * max(1, writer.concurrency)

    def _bar(self, total: int, desc: str, unit: str) -> tqdm:
        return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, file=sys.stderr,
                    disable=not self.progress, leave=True, dynamic_ncols=True)

    # -- phase 1: rows -> nodes ---------------------------------------------------------------------
    def load_nodes(self, source: Source, result: FileResult) -> _Spill | None:
        contract = source.contract
        started = time.monotonic()
        bar = self._bar(0, source.name, "B")
        try:
            try:
                table = Table(source.path, self.chunk_size, on_progress=bar.update)
            except (UnreadableFile, OSError) as exc:
                result.status, result.message = UNUSABLE, f"cannot be read: {exc}"
                return None
            if table.format == "parquet":
                bar.unit = "rows"
            bar.total = table.progress_total
            result.encoding = table.encoding
            problem = self._header_problem(table, contract)
            if problem:
                result.status, result.message = UNUSABLE, problem
                return None
            present = set(table.columns)
            result.ignored_columns = [c for c in table.columns if c not in contract.columns]
            result.missing_optional_columns = [c for c in contract.columns if c not in present]
            spill = _Spill(self.spill_dir, source.name)
            self._rows(source, table, result, spill)
            return spill
        finally:
            bar.close()
            result.seconds = round(time.monotonic() - started, 3)

    @staticmethod
    def _header_problem(table: Table, contract: FileContract) -> str | None:
        duplicates = table.duplicate_columns()
        if duplicates:
            return f"the header names {', '.join(duplicates)} more than once"
        missing = [c for c in contract.required if c not in table.columns]
        if missing:
            return (f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                    f"(contract {contract.source.name}, file {contract.stem}); the header has: "
                    f"{', '.join(table.columns) or '(nothing)'}")
        return None

    def _rows(self, source: Source, table: Table, result: FileResult, spill: _Spill) -> None:
        contract = source.contract
        mapper = RowMapper(contract, self.gov, set(table.columns))
        quarantine = QuarantineWriter(self.quarantine_dir, contract, table.columns, "quarantine",
                                      ["source_line", "refusal_reason", *table.columns])
        warnings = QuarantineWriter(self.quarantine_dir, contract, table.columns, "warnings",
                                    ["source_line", "column", "warning", "value"])
        seen: set[int] = set()  # hashes of the keys of this file (a duplicate key is refused)
        # With a full extract, the keys the file still has (refused rows' keys too: they are not gone).
        present: set[str] | None = set() if self.full_extract or contract.full_extract else None
        key_column = contract.key.columns[0] if len(contract.key.columns) == 1 else None
        try:
            for chunk in table.chunks():
                accepted: list[tuple[Any, MappedRow]] = []
                for raw in chunk:
                    result.rows_in += 1
                    if raw.blank:
                        result.blank += 1
                        continue
                    if present is not None and key_column and raw.values.get(key_column):
                        present.add(str(raw.values[key_column]).strip())
                    if raw.problem:
                        quarantine.refuse(raw.line, raw.problem, raw.values)
                        continue
                    mapped = mapper.map(raw.values)
                    if isinstance(mapped, Refusal):
                        quarantine.refuse(raw.line, "; ".join(mapped.reasons), raw.values)
                        continue
                    fingerprint = hash(mapped.key)
                    if fingerprint in seen:
                        quarantine.refuse(raw.line, f"duplicate key {mapped.key} (an earlier row of this file "
                                                    "has it)", raw.values)
                        continue
                    seen.add(fingerprint)
                    accepted.append((raw, mapped))
                existing = self._stored(contract.system, accepted)
                held = {k: str(p.get("gov")) for k, p in existing.items() if p.get("gov") not in (None, self.gov)}
                nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
                changes: list[dict[str, Any]] = []
                at = now()
                for raw, mapped in accepted:
                    own_label, own_props = mapped.nodes[0]
                    own = own_props["source_key"]
                    if (own_label, own) in held:
                        quarantine.refuse(raw.line, f"{contract.system}:{own} is a record of government "
                                                    f"{held[own_label, own]}; a load for {self.gov} does not take "
                                                    f"it over (load this file with --gov {held[own_label, own]})",
                                          raw.values)
                        continue
                    for label, key in [(lab, p["source_key"]) for lab, p in mapped.nodes[1:]]:
                        if (label, key) in held:
                            _drop_node(mapped, contract.system, label, key)
                            mapped.warnings.append(("", f"{label} {contract.system}:{key} belongs to government "
                                                        f"{held[label, key]}; this row is not linked to it"))
                    own_props.update(source_file=contract.stem, gone_at_source=None, gone_at=None)
                    if (own_label, own) in existing:
                        changed = self._changed(contract, own_label, existing[own_label, own], own_props)
                        if changed:
                            changes.append(change_row(self.load_id, self.gov, contract.system, own_label, own,
                                                      changed, at))
                    if present is not None:
                        present.add(own)
                    result.loaded += 1
                    self._collect(mapped, nodes)
                    spill.add(mapped.rels)
                    for column, reason in mapped.warnings:
                        warnings.warn(raw.line, column, f"{column}: {reason}" if column else reason, raw.values)
                if changes:
                    self.writer.merge_nodes("RecordChange", changes)
                    result.changed += len(changes)
                for label, rows in nodes.items():
                    written = self.writer.merge_nodes(label, rows.values())
                    result.nodes[label] = result.nodes.get(label, 0) + written
            if present is not None and self.writer.driver is not None:  # a fresh import has nothing gone
                for label in sorted({n.label for n in contract.nodes if n.id == contract.nodes[0].id}):
                    result.gone += mark_gone(self.writer.driver, self.writer.model.node(label).label,
                                             contract.system, self.gov, contract.stem, present, self.load_id,
                                             self.writer.batch_size)
        finally:
            result.lines = max(0, table.lines - (table.format == "csv"))
            result.quarantine = quarantine.close()
            result.warnings_file = warnings.close()
        result.quarantined = quarantine.count
        result.warnings = warnings.count

    def _stored(self, system: str, accepted: list[tuple[Any, MappedRow]]) -> dict[tuple[str, str], dict[str, Any]]:
        """(label, source_key) -> stored properties, for the nodes of these rows that already exist."""
        if self.writer.driver is None:  # import files for a fresh database (graph.import_files)
            return {}
        by_label: dict[str, set[str]] = defaultdict(set)
        for _raw, mapped in accepted:
            for label, props in mapped.nodes:
                by_label[label].add(props["source_key"])
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for label, keys in by_label.items():
            checked = self.writer.model.node(label).label
            for key, props in stored(self.writer.driver, checked, system, sorted(keys)).items():
                found[label, key] = props
        return found

    @staticmethod
    def _changed(contract: FileContract, label: str, old: dict[str, Any], new: dict[str, Any]) -> dict[str, list]:
        """The changed contract-mapped properties; a value the source no longer gives is removed too."""
        mapped: set[str] = set()
        for node in contract.nodes:
            if node.id == contract.nodes[0].id and node.label == label:
                mapped |= {*node.properties, *node.constants, *node.templates}
        for prop in mapped:
            if prop not in new and old.get(prop) is not None:
                new[prop] = None
        return diff(old, new, sorted(mapped))

    @staticmethod
    def _collect(mapped: MappedRow, nodes: dict[str, dict[str, dict[str, Any]]]) -> None:
        # Nodes derived by several rows of a chunk (one account, many payments) are written once.
        for label, props in mapped.nodes:
            existing = nodes[label].get(props["source_key"])
            if existing is None:
                nodes[label][props["source_key"]] = props
            else:
                existing.update(props)

    # -- phase 2: relationships ----------------------------------------------------------------------
    def load_relationships(self, source: Source, result: FileResult, spill: _Spill) -> None:
        contract = source.contract
        started = time.monotonic()
        spill.close()
        try:
            for (index, start_label, labels), (path, _handle, n) in spill.groups.items():
                rel = contract.relationships[index]
                written = 0
                for label in labels:
                    written += self.writer.merge_relationships(rel.type, start_label, label,
                                                               _Spill.rows(path, contract.system,
                                                                           self.writer.batch_size),
                                                               same_gov=True)
                result.relationships[rel.name] = result.relationships.get(rel.name, 0) + written
                missing = max(0, n - written)
                if missing:
                    result.unresolved[rel.name] = result.unresolved.get(rel.name, 0) + missing
        finally:
            spill.remove()
            result.seconds = round(result.seconds + time.monotonic() - started, 3)


def _drop_node(mapped: MappedRow, system: str, label: str, key: str) -> None:
    """Leave a derived node of another government out of a row, with the relationships that touch it."""
    mapped.nodes = [(lab, p) for lab, p in mapped.nodes if (lab, p["source_key"]) != (label, key)]
    mapped.rels = [r for r in mapped.rels
                   if (r[1], r[2]) != (label, key) and not (r[4] == system and r[5] == key and label in r[3])]


def infer_government(sources: list[Source]) -> str | None:
    """The government code the extract's source keys start with (`41110-TX-...`), if they agree."""
    for source in sources[:3]:
        try:
            table = Table(source.path, 5)
            first = next(iter(table.chunks()), [])
        except (UnreadableFile, OSError):
            continue
        for row in first:
            for column in source.contract.key.columns:
                m = KEY_GOV.match(str(row.values.get(column) or ""))
                if m:
                    return m.group(1)
    return None


def _quarantine_root(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise LoaderError(f"the quarantine directory {path} is a file",
                          hint="give --quarantine-dir a directory (it is created if missing)")
    try:
        if not path.exists():
            path.mkdir(parents=True, mode=0o700)
    except OSError as exc:
        raise LoaderError(f"cannot create the quarantine directory {path}: {exc.strerror}",
                          hint="give --quarantine-dir a directory you may write to") from None
    return path


def load_directory(path: str | Path, *, gov: str | None = None, writer: GraphWriter | None = None,
                   quarantine_dir: str | Path | None = None, batch_size: int | None = None,
                   progress: bool = False, known: dict[str, Contract] | None = None,
                   full_extract: bool = False) -> LoadSummary:
    """Load a municipality extract (`DIR/<system>/<file>.csv|.parquet`) into the graph.

    Returns the per-file summary; files that cannot be used are reported in it (status `unusable`), the
    others still load. Without `gov`, the government code is CHUNGBAEK_GOVERNMENT if set, else the prefix
    of the extract's source keys (`41110-...`), else the settings' default. Raises a LoaderError only
    when nothing can be done (no such directory, bad government code).
    """
    from core.settings import settings

    cfg = settings()
    directory = Path(path)
    known = known or contracts()
    sources, others, missing = discover(directory, known)
    if not sources:
        raise ExtractError(f"{directory} holds no extract file of any system",
                           hint="give the directory with one sub-directory per system (local_tax/, bank/ ...), "
                                "each holding its CSV or Parquet files")
    gov = gov or os.environ.get("CHUNGBAEK_GOVERNMENT") or infer_government(sources) or cfg.default_government
    if not GOV.match(gov):
        raise LoaderError(f"government code {gov!r} is not 5 digits",
                          hint="give the province + city/county code, e.g. --gov 41110")
    batch = batch_size or cfg.batch_size
    if batch < 1:
        raise LoaderError(f"batch size must be at least 1, got {batch}")
    writer = writer or GraphWriter(batch_size=batch)
    # Without the key constraints every MERGE scans its label: a first load into a fresh database would
    # crawl (minutes per file at 100k residents) unless `chungbaek graph schema` had been run by hand.
    if writer.driver is not None:
        apply_schema(writer.driver)
    summary = LoadSummary(str(directory), gov, missing_files=missing, load_id=new_load_id())
    started = time.monotonic()
    qdir = directory_of_load(_quarantine_root(Path(quarantine_dir) if quarantine_dir else cfg.quarantine_dir),
                             summary.load_id, gov)
    summary.quarantine_dir = str(qdir)
    with tempfile.TemporaryDirectory(prefix="chungbaek-load-") as spill_dir:
        loader = Loader(gov=gov, writer=writer, quarantine_dir=qdir, batch_size=batch, progress=progress,
                        spill_dir=Path(spill_dir), load_id=summary.load_id, full_extract=full_extract)
        pending: list[tuple[Source, FileResult, _Spill]] = []
        for source in sources:
            result = FileResult(source.name, source.contract.system)
            summary.files.append(result)
            spill = loader.load_nodes(source, result)
            if spill is not None:
                pending.append((source, result, spill))
            log.info("%s: %d rows in, %d loaded, %d quarantined", source.name, result.rows_in, result.loaded,
                     result.quarantined)
        links = tqdm(pending, desc="relationships", unit="file", file=sys.stderr, disable=not progress)
        for source, result, spill in links:
            links.set_postfix_str(source.name)
            loader.load_relationships(source, result, spill)
    summary.files.extend(others)
    summary.seconds = time.monotonic() - started
    return summary
