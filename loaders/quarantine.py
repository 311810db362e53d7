"""Quarantine and warning files: every refused row with its line and reason; every dropped value.

Each load writes into a directory of its own, `<quarantine dir>/<UTC time>-<load id>-<gov>/`, holding
`<system>/<file>.quarantine.csv` and `.warnings.csv`; nothing of an earlier load (of this government or
another) is ever overwritten. The files hold names, addresses and phones of refused rows, so they are
readable by their owner only (0600 in 0700 directories). Resident and card numbers are masked in them,
anything shaped like a resident number is masked in the other columns and in reasons too, and a cell
that a spreadsheet would run as a formula (`=HYPERLINK(...)`) is written with a leading `'`.
"""

from __future__ import annotations

import csv
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from loaders.contract import FileContract
from loaders.mapping import scrub

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DIR_MODE, FILE_MODE = 0o700, 0o600


def new_load_id() -> str:
    return uuid.uuid4().hex[:12]


def directory_of_load(root: Path, load_id: str, gov: str, now: datetime | None = None) -> Path:
    """Where one load's quarantine files go (created, 0700, with its first file)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return root / f"{stamp}-{load_id}-{gov}"


def _mkdir(path: Path) -> None:
    path.mkdir(exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would evaluate as a formula, made inert (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


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

    def mask(self, column: str, value: Any) -> str:
        if value is None:
            return ""
        kind = self.kinds.get(column)
        if kind is not None and kind.sensitive:
            return neutralise(str(kind.mask_raw(value)))
        return neutralise(scrub(str(value)))

    def _open(self) -> Any:
        if self._writer is None:
            _mkdir(self.path.parent.parent)  # the load's directory
            _mkdir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.fchmod(fd, FILE_MODE)  # whatever the umask
            self._handle = open(fd, "w", encoding="utf-8", newline="")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(self.header)
        return self._writer

    def refuse(self, line: int, reason: str, row: dict[str, Any]) -> None:
        values = [self.mask(c, row.get(c)) for c in self.columns]
        if "_extra" in row:
            values.append(neutralise(scrub(str(row["_extra"]))))
        self._open().writerow([line, neutralise(scrub(reason)), *values])
        self.count += 1

    def warn(self, line: int, column: str, reason: str, row: dict[str, Any]) -> None:
        self._open().writerow([line, column, neutralise(scrub(reason)), self.mask(column, row.get(column))])
        self.count += 1

    def close(self) -> str | None:
        if self._handle is not None:
            self._handle.close()
        return str(self.path) if self.count else None
