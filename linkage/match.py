"""Ad-hoc matching of one or two spreadsheets (`chungbaek match`): duplicates within one file, or links
between two, written as `left_id,right_id,score`; optionally a `cluster_id` per record, a file of the
pairs least certain for clerical review, and a run summary. The pipeline is in `match_pipeline`.

Output files appear complete or not at all: they are written to a temporary file in the same directory
and renamed into place.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkage.errors import InputError
from linkage.kinds import parse_columns
from linkage.match_blocking import MAX_BLOCK_PAIRS
from linkage.match_cluster import cluster_by_evidence
from linkage.match_pipeline import Scored, build, score, summary
from linkage.settings import LinkageSettings

MAX_ROWS = 5_000_000  # beyond this, one machine's memory for candidate pairs is at risk


@dataclass
class MatchResult:
    pairs: pd.DataFrame  # left_id, right_id, score
    clusters: pd.DataFrame | None  # id, cluster_id (and file when two files)
    candidate_pairs: int
    settings: LinkageSettings
    summary: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    review: pd.DataFrame | None = None
    refused: list[dict[str, Any]] = field(default_factory=list)


def _decode(path: Path) -> tuple[str, list[str]]:
    """The file's text, and a warning when its lines mix UTF-8 and CP949 (each line read as its own)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    out, cp949, utf8 = [], [], 0
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
            utf8 += any(ord(ch) > 127 for ch in text)
        except UnicodeDecodeError:
            try:
                text = line.decode("cp949")
            except UnicodeDecodeError:
                raise InputError(f"{path}: line {number} is neither UTF-8 nor CP949 text",
                                 hint="save the file as CSV UTF-8") from None
            cp949.append(number)
        out.append(text)
    warnings = []
    if utf8 and cp949:
        shown = ", ".join(map(str, cp949[:10])) + (" ..." if len(cp949) > 10 else "")
        warnings.append(f"{path}: 인코딩이 섞여 있습니다 (mixed encodings): {len(cp949):,} lines are CP949 "
                        f"(lines {shown}), the rest UTF-8; each line was read in its own encoding. "
                        "Save the file once as CSV UTF-8 to be sure.")
    return "\n".join(out), warnings


def read_table(path: Path, id_column: str, columns: list[str], *, max_rows: int = MAX_ROWS,
               warnings: list[str] | None = None) -> pd.DataFrame:
    """A CSV file as strings, checked: exists, not empty, has the columns, unique non-empty ids."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty", hint="it needs a header row and at least one record")
    text, notes = _decode(path)
    if warnings is not None:
        warnings.extend(notes)
    if text.count("\n") - 1 > max_rows:
        raise InputError(f"{path}: more rows than this command matches at once ({max_rows:,})",
                         hint="split the file, e.g. by region or birth year, and match the parts")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the file is empty", hint="it needs a header row and records") from None
    except pd.errors.ParserError as exc:
        raise InputError(f"{path}: not a readable CSV file ({str(exc).splitlines()[0]})") from None
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
    for c in columns:
        frame[c] = frame[c].str.strip()
    return frame.replace("", None)


def _drop_blank(columns: list[tuple[str, str]], frames: list[pd.DataFrame], warnings: list[str]
                ) -> list[tuple[str, str]]:
    kept = []
    for col, kind in columns:
        if all(f[col].isna().all() for f in frames):
            warnings.append(f"column {col!r} is blank in every row (열이 비어 있습니다); it is left out of the "
                            "comparison. Check the column name or fill the column.")
        else:
            kept.append((col, kind))
    if not kept:
        raise InputError("every column named in --columns is blank in every row",
                         hint="name columns that hold values, e.g. --columns name:name,birth:date")
    return kept


def read_labels(path: Path, left_ids: np.ndarray, right_ids: np.ndarray, dedup: bool
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A labels CSV (left_id,right_id,match) as positions and booleans, checked."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"--labels {path}: no such file")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
        raise InputError(f"--labels {path}: not a readable CSV file",
                         hint="it needs the columns left_id,right_id,match (UTF-8)") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in ("left_id", "right_id", "match") if c not in frame.columns]
    if missing:
        raise InputError(f"--labels {path}: no column named {', '.join(map(repr, missing))}",
                         hint="the labels file needs left_id,right_id,match (match: 1 or 0)")
    truth = frame["match"].str.strip().str.lower().map(LABEL_VALUES)
    if truth.isna().any():
        bad = frame.loc[truth.isna(), "match"].unique()[:5]
        raise InputError(f"--labels {path}: match must be 1 or 0 (또는 yes/no), not {', '.join(map(repr, bad))}",
                         hint="rows left blank in a review file: fill them or delete them")
    pos_l = {v: k for k, v in enumerate(left_ids)}
    pos_r = pos_l if dedup else {v: k for k, v in enumerate(right_ids)}
    li = frame["left_id"].str.strip().map(pos_l)
    lj = frame["right_id"].str.strip().map(pos_r)
    unknown = sorted(set(frame.loc[li.isna(), "left_id"]) | set(frame.loc[lj.isna(), "right_id"]))
    if unknown:
        shown = ", ".join(map(repr, unknown[:5]))
        raise InputError(f"--labels {path}: {len(unknown)} ids are in no input file (e.g. {shown})",
                         hint="the labels must name ids of the --id-column of the files being matched")
    return li.to_numpy(np.int64), lj.to_numpy(np.int64), truth.to_numpy(bool)


LABEL_VALUES = {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False, "y": True,
                "n": False, "match": True, "non-match": False}
RRN_CLEAR = re.compile(r"^(\d{6})-?([1-8])\d{6}$")


def _masked(value: object) -> object:
    """A resident number never leaves in clear: a review file shows YYMMDD-S******."""
    if isinstance(value, str) and (m := RRN_CLEAR.match(value.strip())):
        return f"{m.group(1)}-{m.group(2)}******"
    return value


def match_frames(left: pd.DataFrame, right: pd.DataFrame | None, id_column: str, spec: str | list[tuple[str, str]],
                 *, threshold: float | None = None, clusters: bool = False, labels: Path | None = None,
                 review: int = 0, max_cluster_size: int = 50, max_block_pairs: int = MAX_BLOCK_PAIRS,
                 warnings: list[str] | None = None) -> MatchResult:
    """Match two frames (links between them) or one (duplicates within it). `threshold` None: from the
    calibrated match probability (the model's best expected F1)."""
    warnings = [] if warnings is None else warnings
    columns = parse_columns(spec) if isinstance(spec, str) else spec
    left = left.reset_index(drop=True)
    right = None if right is None else right.reset_index(drop=True)
    columns = _drop_blank(columns, [left] if right is None else [left, right], warnings)
    pipe = build(columns, left)
    left_ids = left[id_column].to_numpy(dtype=object)
    right_ids = left_ids if right is None else right[id_column].to_numpy(dtype=object)
    known = None if labels is None else read_labels(labels, left_ids, right_ids, right is None)
    scored, _, _ = score(pipe, left, right, threshold=threshold, labels=known, max_pairs=max_block_pairs)
    for note in scored.notes:
        warnings.append(note.text())
    n_left = len(left)
    n = n_left + (0 if right is None else len(right))
    offset = 0 if right is None else n_left
    link = scored.prob >= scored.threshold
    clustering = None
    if clusters or right is None:
        clustering = cluster_by_evidence(n, scored.i, scored.j + offset, scored.weight, link,
                                         max_size=max_cluster_size)
    keep = link.copy()
    if right is None and clustering is not None:
        keep &= clustering.labels[scored.i] == clustering.labels[scored.j]
    pairs = pd.DataFrame({"left_id": left_ids[scored.i[keep]], "right_id": right_ids[scored.j[keep]],
                          "score": np.round(scored.prob[keep], 6)})
    pairs = pairs.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    cluster_frame = None
    all_ids = left_ids if right is None else np.concatenate([left_ids, right_ids])
    if clusters and clustering is not None:
        cluster_frame = pd.DataFrame({"id": all_ids, "cluster_id": clustering.labels})
        if right is not None:
            cluster_frame.insert(0, "file", ["left"] * n_left + ["right"] * len(right))
    refused = []
    if clustering is not None:
        for r in clustering.refused_for_size[:20]:
            refused.append({"left_id": all_ids[r.left], "right_id": all_ids[r.right],
                            "probability": round(r.probability, 6), "sizes": list(r.sizes)})
        if clustering.refused_for_size:
            first = refused[0]
            warnings.append(f"{len(clustering.refused_for_size):,} joins would have made a cluster of more than "
                            f"{max_cluster_size} records and were refused (클러스터 크기 제한); e.g. the link "
                            f"{first['left_id']} - {first['right_id']} (p={first['probability']}) would have joined "
                            f"clusters of {first['sizes'][0]} and {first['sizes'][1]} records")
    result = MatchResult(pairs, cluster_frame, len(scored.i), pipe.settings, warnings=warnings, refused=refused)
    result.summary = summary(scored, clustering, int(keep.sum()), n)
    result.summary["korean_columns"] = pipe.korean
    result.summary["refused_joins"] = refused
    if review:
        result.review = _review(scored, review, left, right, left_ids, right_ids, [c for c, _ in columns])
    return result


def _review(scored: Scored, count: int, left: pd.DataFrame, right: pd.DataFrame | None, left_ids: np.ndarray,
            right_ids: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """The `count` pairs the model is least sure of (probability nearest 0.5), both records side by side,
    with an empty `match` column to fill in and pass back as --labels."""
    order = np.argsort(np.abs(scored.prob - 0.5), kind="stable")[:count]
    i, j = scored.i[order], scored.j[order]
    other = left if right is None else right
    out = pd.DataFrame({"left_id": left_ids[i], "right_id": right_ids[j],
                        "probability": np.round(scored.prob[order], 4), "match": ""})
    for c in columns:
        out[f"left_{c}"] = [_masked(v) for v in left[c].to_numpy(dtype=object)[i]]
        out[f"right_{c}"] = [_masked(v) for v in other[c].to_numpy(dtype=object)[j]]
    return out


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


def review_path(out: Path) -> Path:
    out = Path(out)
    return out.with_name(f"{out.stem}.review{out.suffix or '.csv'}")
