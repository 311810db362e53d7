"""Quarantine and warning files: every refused row with its line and reason; every dropped value.

Files are `<quarantine dir>/<system>/<file>.quarantine.csv` and `.warnings.csv`, rewritten by each load of
that file (so a reload leaves the same files). Resident and card numbers are masked in them, and anything
shaped like a resident number is masked in the other columns and in reasons too.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any

from loaders.contract import FileContract
from loaders.mapping import scrub


class QuarantineWriter:
    def __init__(self, directory: Path, contract: FileContract, columns: list[str], suffix: str,
                 header: list[str]) -> None:
        self.path = directory / contract.system / f"{contract.stem}.{suffix}.csv"
        self.columns = columns
        self.header = header
        self.kinds = {c.name: c.kind for c in contract.columns.values()}
        self._handle: IO[str] | None = None
        self._writer: Any = None
        self.count = 0
        if self.path.exists():
            self.path.unlink()  # a stale file from an earlier load would mislead

    def mask(self, column: str, value: Any) -> str:
        if value is None:
            return ""
        kind = self.kinds.get(column)
        if kind is not None and kind.sensitive:
            return str(kind.mask_raw(value))
        return scrub(str(value))

    def _open(self) -> Any:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(self.header)
        return self._writer

    def refuse(self, line: int, reason: str, row: dict[str, Any]) -> None:
        values = [self.mask(c, row.get(c)) for c in self.columns]
        if "_extra" in row:
            values.append(scrub(str(row["_extra"])))
        self._open().writerow([line, scrub(reason), *values])
        self.count += 1

    def warn(self, line: int, column: str, reason: str, row: dict[str, Any]) -> None:
        self._open().writerow([line, column, scrub(reason), self.mask(column, row.get(column))])
        self.count += 1

    def close(self) -> str | None:
        if self._handle is not None:
            self._handle.close()
        return str(self.path) if self.count else None
