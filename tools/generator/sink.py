"""Writing the extract: one table per source file, appended in chunks, plus the truth files.

A table knows its columns (from the contract), its encoding (UTF-8 or CP949) and format (CSV or Parquet),
and hands out the source keys of its rows (`41110-TX-A0000123`). Missing columns are written empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from generator.errors import GeneratorError
from generator.rng import zfill
from graph.vocabulary import vocabulary

SYSTEMS = vocabulary().system_ids
SYSTEM_CODES = {s.id: s.code for s in vocabulary().systems.values()}
ENTITY_PREFIX = {"person": "P", "business": "B", "parcel": "L", "building": "D", "account": "A"}


def entity_ids(kind: str, index: np.ndarray) -> np.ndarray:
    return np.char.add(f"{ENTITY_PREFIX[kind]}-", zfill(np.asarray(index).astype(str), 8))


@dataclass
class Table:
    system: str
    name: str
    path: Path
    columns: tuple[str, ...]
    key_column: str
    key_prefix: str
    encoding: str = "utf-8"
    fmt: str = "csv"
    rows: int = 0
    next_seq: int = 1
    _handle: io.BufferedWriter | None = None
    _parquet: pq.ParquetWriter | None = None
    _pending: list[pd.DataFrame] = field(default_factory=list)

    def keys(self, count: int) -> np.ndarray:
        """The source keys of the next `count` rows of this table."""
        seq = np.arange(self.next_seq, self.next_seq + count)
        self.next_seq += count
        return np.char.add(self.key_prefix, zfill(seq.astype(str), 7))

    def write(self, cols: Mapping[str, Sequence | np.ndarray]) -> None:
        """Append rows; `cols` maps column names to equally long columns (unknown names are an error)."""
        unknown = set(cols) - set(self.columns)
        if unknown:
            raise GeneratorError(f"{self.system}/{self.name}: no column(s) {sorted(unknown)} in the contract")
        lengths = {len(v) for v in cols.values()}
        if len(lengths) != 1:
            raise GeneratorError(f"{self.system}/{self.name}: columns of different lengths {sorted(lengths)}")
        n = lengths.pop()
        if n == 0:
            return
        frame = pd.DataFrame({c: (np.asarray(cols[c]).astype(str) if c in cols else np.full(n, ""))
                              for c in self.columns})
        self.rows += n
        if self.fmt == "parquet":
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, table.schema, compression="zstd")
            self._parquet.write_table(table)
            return
        if self._handle is None:
            self._handle = open(self.path, "w", encoding=self.encoding, newline="")
            self._handle.write(",".join(self.columns) + "\r\n")
        frame.to_csv(self._handle, header=False, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        if self.rows == 0 and self.fmt == "csv":
            with open(self.path, "w", encoding=self.encoding, newline="") as fh:
                fh.write(",".join(self.columns) + "\r\n")


class Extract:
    """The output directory: `<system>/<file>.csv|parquet` plus `truth/`."""

    def __init__(self, out: Path, gov: str) -> None:
        self.out = out
        self.gov = gov
        self.tables: dict[tuple[str, str], Table] = {}
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / "truth").mkdir(exist_ok=True)
            for system in SYSTEMS:
                (out / system).mkdir(exist_ok=True)
            probe = out / "truth" / ".write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise GeneratorError(f"cannot write the extract to {out}: {exc.strerror or exc}",
                                 hint="choose a writable --out directory") from exc
        self._entities = open(out / "truth" / "entities.csv", "w", encoding="utf-8", newline="")
        self._entities.write("system,source_key,entity_kind,entity_id\r\n")
        self.entity_rows = 0
        self.planted: list[tuple[str, str]] = []
        self.decoys: list[tuple[str, str, str]] = []

    def table(self, system: str, name: str, columns: Iterable[str], key_column: str, file_code: str,
              encoding: str = "utf-8", fmt: str = "csv") -> Table:
        suffix = "parquet" if fmt == "parquet" else "csv"
        t = Table(system=system, name=name, path=self.out / system / f"{name}.{suffix}", columns=tuple(columns),
                  key_column=key_column, key_prefix=f"{self.gov}-{SYSTEM_CODES[system]}-{file_code}",
                  encoding=encoding, fmt=fmt)
        self.tables[(system, name)] = t
        return t

    def entities(self, system: str, keys: np.ndarray, kind: str, ids: np.ndarray) -> None:
        """Truth: the records with these source keys belong to these entities."""
        if len(keys) == 0:
            return
        frame = pd.DataFrame({"system": system, "source_key": keys, "entity_kind": kind, "entity_id": ids})
        frame.to_csv(self._entities, header=False, index=False, lineterminator="\r\n")
        self.entity_rows += len(keys)

    def plant(self, scenario: str, evidence: Iterable[str]) -> None:
        self.planted.append((scenario, ";".join(evidence)))

    def decoy(self, scenario: str, evidence: Iterable[str], note: str) -> None:
        self.decoys.append((scenario, ";".join(evidence), note))

    def close(self) -> dict[str, int]:
        for t in self.tables.values():
            t.close()
        self._entities.close()
        with open(self.out / "truth" / "planted_cases.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(["scenario_id", "evidence_keys"])
            w.writerows(sorted(self.planted))
        with open(self.out / "truth" / "decoys.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(["scenario_id", "evidence_keys", "note"])
            w.writerows(sorted(self.decoys))
        return {f"{t.system}/{t.path.name}": t.rows for t in self.tables.values()}
