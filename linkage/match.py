"""Ad-hoc matching of one or two spreadsheets (`chungbaek match`): duplicates within one file, or links
between two, written as `left_id,right_id,score`; optionally a `cluster_id` per record.

Output files appear complete or not at all: they are written to a temporary file in the same directory
and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from linkage.cluster import cluster
from linkage.engine import link_frames
from linkage.errors import InputError
from linkage.kinds import parse_columns, settings_for
from linkage.settings import LinkageSettings

MAX_ROWS = 5_000_000  # beyond this, one machine's memory for candidate pairs is at risk


@dataclass
class MatchResult:
    pairs: pd.DataFrame  # left_id, right_id, score
    clusters: pd.DataFrame | None  # id, cluster_id (and source when two files)
    candidate_pairs: int
    settings: LinkageSettings


def read_table(path: Path, id_column: str, columns: list[str], *, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """A CSV file as strings, checked: exists, not empty, has the columns, unique non-empty ids."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty", hint="it needs a header row and at least one record")
    with path.open("rb") as fh:
        lines = sum(1 for _ in fh)
    if lines - 1 > max_rows:
        raise InputError(f"{path}: {lines - 1:,} rows is more than this command matches at once ({max_rows:,})",
                         hint="split the file, e.g. by region or birth year, and match the parts")
    frame = None
    for encoding in ("utf-8-sig", "cp949"):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise InputError(f"{path}: the file is empty", hint="it needs a header row and records") from None
        except pd.errors.ParserError as exc:
            raise InputError(f"{path}: not a readable CSV file ({str(exc).splitlines()[0]})") from None
    if frame is None:
        raise InputError(f"{path}: neither UTF-8 nor CP949 text", hint="save the file as CSV UTF-8")
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise InputError(f"{path}: the file has a header but no records")
    missing = [c for c in [id_column, *columns] if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: no column named {', '.join(repr(c) for c in missing)}",
                         hint=f"the file has: {', '.join(frame.columns)}")
    ids = frame[id_column].str.strip()
    if (ids == "").any():
        raise InputError(f"{path}: {int((ids == '').sum())} rows have no value in the id column {id_column!r}")
    dupes = ids[ids.duplicated()].unique()
    if len(dupes):
        shown = ", ".join(map(str, dupes[:5]))
        raise InputError(f"{path}: the id column {id_column!r} has duplicates ({len(dupes)} values, e.g. {shown})",
                         hint="ids must be unique; pick another --id-column or remove the duplicates")
    frame[id_column] = ids
    return frame.replace("", None)


def match_frames(left: pd.DataFrame, right: pd.DataFrame | None, id_column: str, spec: str | list[tuple[str, str]],
                 *, threshold: float = 0.5, clusters: bool = False) -> MatchResult:
    columns = parse_columns(spec) if isinstance(spec, str) else spec
    settings = settings_for(columns, threshold=threshold)
    left = left.reset_index(drop=True)
    right = None if right is None else right.reset_index(drop=True)
    table, _, _ = link_frames(settings, left, right)
    links = table.links()
    left_ids = left[id_column].to_numpy(dtype=object)
    right_ids = left_ids if right is None else right[id_column].to_numpy(dtype=object)
    pairs = pd.DataFrame({"left_id": left_ids[links["i"]], "right_id": right_ids[links["j"]],
                          "score": np.round(links["prob"].to_numpy(), 6)})
    cluster_frame = None
    if clusters:
        n_left = len(left)
        n = n_left + (0 if right is None else len(right))
        offset = 0 if right is None else n_left
        labels = cluster(n, links["i"].to_numpy(), links["j"].to_numpy() + offset, links["prob"].to_numpy(),
                         links["method"].str.startswith("deterministic").to_numpy(),
                         strong_probability=settings.strong_probability, max_size=settings.max_cluster_size)
        ids = left_ids if right is None else np.concatenate([left_ids, right_ids])
        cluster_frame = pd.DataFrame({"id": ids, "cluster_id": labels})
        if right is not None:
            cluster_frame.insert(0, "file", ["left"] * n_left + ["right"] * len(right))
    return MatchResult(pairs, cluster_frame, len(table), settings)


def write_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write CSV to a temporary file beside `path`, then rename: no partial file is ever left as `path`."""
    path = Path(path)
    if not path.parent.exists():
        raise InputError(f"{path.parent}: no such directory for the output")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clusters_path(out: Path) -> Path:
    out = Path(out)
    return out.with_name(f"{out.stem}.clusters{out.suffix or '.csv'}")
