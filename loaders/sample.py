"""A small, valid, self-consistent extract written straight from the contracts (for tests and `bench load`).

Not the municipality generator: no people, households or planted cases, only rows whose every value is
valid for its kind and whose every reference points at a row of the file it names, so a load of it has
nothing to quarantine and nothing unresolved.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

from loaders.contract import Contract, FileContract, contracts
from loaders.types.account import BANK_CODES
from loaders.types.checksums import brn_check_digit, crn_check_digit, rrn_check_digit
from loaders.types.hangul import FAMILY_NAMES

FAMILY = [f.hangul for f in FAMILY_NAMES[:18]]
GIVEN = ["민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지민", "영희", "철수", "현우", "수빈"]
BANKS = ["004", "088", "020", "081", "011", "003"]
assert set(BANKS) <= set(BANK_CODES)


def rrn(i: int) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=(i * 37) % 20000)
    s = ("1" if i % 2 else "2") if born.year < 2000 else ("3" if i % 2 else "4")
    first12 = born.strftime("%y%m%d") + s + f"{(i * 7919) % 100000:05d}"
    return f"{first12[:6]}-{first12[6:]}{rrn_check_digit(first12)}"


def brn(i: int) -> str:
    first9 = f"{100 + i % 800:03d}{(i // 800) % 100:02d}{i % 10000:04d}"
    return f"{first9[:3]}-{first9[3:5]}-{first9[5:]}{brn_check_digit(first9)}"


def crn(i: int) -> str:
    first12 = f"1101{i:08d}"[:12]
    return f"{first12[:6]}-{first12[6:]}{crn_check_digit(first12)}"


def pnu(gov: str, i: int) -> str:
    return f"{gov}{101 + i % 50:03d}{i // 50 % 100:02d}1{1 + i % 9999:04d}{i // 9999:04d}"


def key(gov: str, fc: FileContract, i: int) -> str:
    return f"{gov}-{fc.stem.upper()}-{i:07d}"


class SampleWriter:
    def __init__(self, known: dict[str, Contract], rows: int, gov: str, seed: int) -> None:
        self.known, self.rows, self.gov, self.rng = known, rows, gov, random.Random(seed)
        self.targets = self._references()

    def _references(self) -> dict[tuple[str, str, str], tuple[FileContract, set[str]]]:
        """(system, file, column) -> the file whose keys the column names, and the labels it must be."""
        out = {}
        for contract in self.known.values():
            for fc in contract.files.values():
                for rel in fc.relationships:
                    if rel.to_key is None or len(rel.to_key.refs) != 1 or rel.to_system not in self.known:
                        continue
                    column = rel.to_key.refs[0].column
                    for target in self.known[rel.to_system].files.values():
                        own = {n.label for n in target.nodes if n.id == target.nodes[0].id}
                        if target.key.text.count("{") == 1 and own & set(rel.to_labels):
                            out[(fc.system, fc.stem, column)] = (target, set(rel.to_labels))
                            break
        return out

    def _type_column(self, fc: FileContract) -> tuple[str, dict[str, str]] | None:
        """The category column that picks the row's own label, with value -> label."""
        for node in fc.nodes:
            if node.id == fc.nodes[0].id and node.when.equals:
                (column, values), = node.when.equals.items()
                labels = {v: n.label for n in fc.nodes if n.id == fc.nodes[0].id
                          for v in n.when.equals.get(column, ())}
                return column, labels
        return None

    def _index_for(self, target: FileContract, labels: set[str]) -> int:
        typed = self._type_column(target)
        i = self.rng.randrange(self.rows)
        if typed:
            column, by_value = typed
            values = list(target.columns[column].kind.values)  # type: ignore[attr-defined]
            good = [k for k, v in enumerate(values) if by_value.get(v) in labels]
            i = i - i % len(values) + good[0]
            if i >= self.rows:
                i = good[0]
        return i

    def value(self, fc: FileContract, column: str, i: int) -> Any:
        col = fc.columns[column]
        if fc.key.refs[0].column == column and len(fc.key.refs) == 1:
            return pnu(self.gov, i) if col.type == "pnu" else key(self.gov, fc, i)
        ref = self.targets.get((fc.system, fc.stem, column))
        if ref is not None:
            target, labels = ref
            j = self._index_for(target, labels)
            return pnu(self.gov, j) if target.columns[target.key.refs[0].column].type == "pnu" else key(
                self.gov, target, j)
        day = dt.date(2023, 1, 1) + dt.timedelta(days=(i * 13) % 700)
        match col.type:
            case "key":
                return f"{self.gov}-X-{i:07d}"
            case "rrn":
                return rrn(i)
            case "brn":
                return brn(i)
            case "crn":
                return crn(i)
            case "pnu":
                return pnu(self.gov, self.rng.randrange(self.rows))
            case "bank_code":
                return BANKS[i % len(BANKS)]
            case "account_no":
                return f"{(i * 104729) % 10**12:012d}"
            case "name":
                return FAMILY[i % len(FAMILY)] + GIVEN[(i // len(FAMILY)) % len(GIVEN)]
            case "address":
                return f"경기도 수원시 장안구 정자로 {1 + i % 300}"
            case "phone":
                return f"010-{1000 + i % 9000}-{i % 10000:04d}"
            case "email":
                return f"user{i}@example.go.kr"
            case "date":
                return day.strftime(("%Y-%m-%d", "%Y%m%d", "%Y.%m.%d")[i % 3])
            case "datetime":
                return f"{day.isoformat()} {i % 24:02d}:{i % 60:02d}:00"
            case "amount":
                return f"{(1 + i % 997) * 1000:,}"
            case "number":
                return f"{10 + (i % 500) * 1.5}"
            case "area":
                return f"{10 + (i % 500) * 1.5}" if i % 7 else f"{3 + i % 150}평"
            case "category":
                values = col.kind.values  # type: ignore[attr-defined]
                return values[i % len(values)]
            case "boolean":
                return "Y" if i % 5 == 0 else "N"
            case "mcc":
                return ("5812", "5411", "7011", "5813")[i % 4]
            case "card_no":
                return f"9410{i:012d}"
            case _:
                return f"{column} {i}"

    def rows_of(self, fc: FileContract) -> list[dict[str, Any]]:
        return [{c: self.value(fc, c, i) for c in fc.columns} for i in range(self.rows)]


def write_sample_extract(directory: str | Path, *, rows: int = 50, gov: str = "41110", seed: int = 1,
                         fmt: str = "csv", encoding: str = "utf-8",
                         known: dict[str, Contract] | None = None) -> dict[str, int]:
    """Write `rows` rows for every file of every contract; returns rows written per `system/file`."""
    known = known or contracts()
    writer = SampleWriter(known, rows, gov, seed)
    out: dict[str, int] = {}
    for system, contract in known.items():
        folder = Path(directory) / system
        folder.mkdir(parents=True, exist_ok=True)
        for stem, fc in contract.files.items():
            data = writer.rows_of(fc)
            if fmt == "parquet":
                import pyarrow as pa
                import pyarrow.parquet as pq

                pq.write_table(pa.Table.from_pylist(data), folder / f"{stem}.parquet")
            else:
                write_csv(folder / f"{stem}.csv", list(fc.columns), data, encoding)
            out[f"{system}/{stem}"] = len(data)
    return out


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]], encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as handle:
        w = csv.writer(handle)
        w.writerow(columns)
        for row in rows:
            w.writerow(["" if row.get(c) is None else row[c] for c in columns])
