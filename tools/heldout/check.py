"""`python -m heldout check DIR`: every file of an extract against its system's contract (loaders.contract).

Counts, per file, the rows the loader would refuse (with the first reasons) and the values it would drop
with a warning; a file the contracts do not know, or one without a required column, is an error.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from loaders.contract import contracts
from loaders.load import GOV, discover, infer_government
from loaders.mapping import Refusal, RowMapper


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    for enc in ("utf-8-sig", "cp949"):
        try:
            with path.open(encoding=enc, newline="") as fh:
                reader = csv.DictReader(fh)
                rows = list(reader)
                return [c.strip().lower() for c in reader.fieldnames or []], rows
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: neither UTF-8 nor CP949")


def government(directory: Path, gov: str | None = None) -> str:
    """The government the rows are checked for: the one given, else the one the extract's keys start with,
    as `chungbaek load` decides it (the loader refuses keys of another government)."""
    if gov is None:
        gov = infer_government(discover(directory, contracts())[0])
        if gov is None:
            raise ValueError(f"{directory}: no source key starts with a government code; give --gov CODE")
    if not GOV.match(gov):
        raise ValueError(f"government code {gov!r} is not 5 digits, e.g. --gov 41281")
    return gov


def check(directory: Path, gov: str | None = None) -> dict[str, Any]:
    known = contracts()
    gov = government(directory, gov)
    files, errors = [], []
    for path in sorted(directory.glob("*/*.csv")):
        system, stem = path.parent.name, path.stem
        if system == "truth":
            continue
        if system not in known or stem not in known[system].files:
            errors.append(f"{system}/{path.name}: no contract for this file")
            continue
        fc = known[system].files[stem]
        header, rows = _rows(path)
        missing = [c for c in fc.required if c not in header]
        if missing:
            errors.append(f"{system}/{path.name}: required column(s) missing: {', '.join(missing)}")
            continue
        mapper = RowMapper(fc, gov, set(header))
        refused: Counter[str] = Counter()
        warned: Counter[str] = Counter()
        keys: set[str] = set()
        for raw in rows:
            raw = {k.strip().lower(): v for k, v in raw.items() if k}
            res = mapper.map(raw)
            if isinstance(res, Refusal):
                refused.update(res.reasons)
                continue
            if res.key in keys:
                refused["key repeats an earlier row"] += 1
            keys.add(res.key)
            warned.update(f"{c}: {w}" for c, w in res.warnings)
        files.append({"file": f"{system}/{path.name}", "rows": len(rows), "refused": sum(refused.values()),
                      "reasons": refused.most_common(3), "warnings": sum(warned.values()),
                      "warning_kinds": warned.most_common(3)})
    for system in known:
        if not (directory / system).is_dir():
            errors.append(f"{system}: no files")
    return {"gov": gov, "files": files, "errors": errors,
            "ok": not errors and all(f["refused"] == 0 for f in files)}
