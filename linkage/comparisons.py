"""Comparisons: small objects that turn two columns of a pair table into comparison levels.

A comparison is an ordered list of levels: -1 when either value is missing (it weighs nothing), 0 when the
values disagree, then rising levels of agreement up to an exact match.

Values are compared through integer codes: each column is factorised once over the records (`encode`),
so a pair carries two small ints, equality is an int comparison, and a string metric runs once per
*distinct* pair of unequal values (rapidfuzz's `process.cpdist`, in C) rather than once per pair. Blocked
pairs repeat the same few values (a block on name pairs the same spellings again and again), so this is
what keeps a million records inside memory and minutes. `to_dict` / `linkage.settings.comparison_from_dict` round-trip
comparisons through JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein
from rapidfuzz.fuzz import token_set_ratio, token_sort_ratio

from linkage.errors import SettingsError

NULL = -1
# Metrics rapidfuzz runs natively in cpdist, and the scale of their scores.
NATIVE = {"jaro_winkler": JaroWinkler.normalized_similarity, "levenshtein": Levenshtein.normalized_similarity,
          "damerau_levenshtein": DamerauLevenshtein.normalized_similarity, "token_sort": token_sort_ratio,
          "token_set": token_set_ratio}
SCALE = {"token_sort": 100.0, "token_set": 100.0}


@dataclass(frozen=True)
class Coded:
    """One compared column pair as codes: `a` (left) and `b` (right) index `values`; -1 is missing."""

    a: np.ndarray
    b: np.ndarray
    values: np.ndarray

    @property
    def missing(self) -> np.ndarray:
        return (self.a < 0) | (self.b < 0)

    @property
    def equal(self) -> np.ndarray:
        return (self.a == self.b) & (self.a >= 0)


def encode(left: pd.Series | np.ndarray, right: pd.Series | np.ndarray | None = None
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared integer codes of two columns (-1 where missing) and the distinct values they index.
    With one column, both code arrays are the same."""
    lv = np.asarray(left, dtype=object) if not _is_float(left) else np.asarray(left, dtype=float)
    if right is None:
        codes, values = pd.factorize(lv, use_na_sentinel=True)
        codes = codes.astype(np.int32)
        return codes, codes, np.asarray(values, dtype=object)
    rv = np.asarray(right, dtype=lv.dtype)
    codes, values = pd.factorize(np.concatenate([lv, rv]), use_na_sentinel=True)
    codes = codes.astype(np.int32)
    return codes[: len(lv)], codes[len(lv):], np.asarray(values, dtype=object)


def _is_float(values: pd.Series | np.ndarray) -> bool:
    return np.asarray(values).dtype.kind == "f"


def per_distinct(coded: Coded, fn: Callable[[np.ndarray, np.ndarray], np.ndarray], *, equal: float,
                 missing: float, symmetric: bool = True) -> np.ndarray:
    """`fn(left values, right values)` evaluated once per distinct pair of present, unequal codes, spread
    back over all pairs; `equal` and `missing` fill the other pairs."""
    a, b = coded.a, coded.b
    out = np.full(len(a), equal, dtype=np.float64)
    out[coded.missing] = missing
    need = np.flatnonzero((a != b) & (a >= 0) & (b >= 0))
    if len(need):
        x, y = a[need].astype(np.int64), b[need].astype(np.int64)
        if symmetric:
            x, y = np.minimum(x, y), np.maximum(x, y)
        width = len(coded.values) + 1
        inverse, distinct = pd.factorize(x * width + y)
        out[need] = np.asarray(fn(coded.values[distinct // width], coded.values[distinct % width]),
                               dtype=np.float64)[inverse]
    return out


def _texts(values: np.ndarray) -> list[str]:
    return [v if isinstance(v, str) else str(v) for v in values]


def _as_text(coded: Coded) -> Coded:
    """The same codes over values that are all str (what rapidfuzz takes), converted once per column."""
    return Coded(coded.a, coded.b, np.array(_texts(coded.values), dtype=object))


def similarity(metric: str, coded: Coded) -> np.ndarray:
    """Similarity (0..1) of each pair: 1 for equal values, 0 where one is missing."""
    if metric not in NATIVE:
        raise SettingsError(f"unknown string metric {metric!r}", hint=f"use one of {', '.join(NATIVE)}")
    scale = SCALE.get(metric, 1.0)

    def scores(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return process.cpdist(x.tolist(), y.tolist(), scorer=NATIVE[metric], workers=-1, dtype=np.float32) / scale

    return per_distinct(_as_text(coded), scores, equal=1.0, missing=0.0)


def edit_distance(coded: Coded) -> np.ndarray:
    """Damerau-Levenshtein distance of each pair (0 for equal values, a large number where one is missing)."""
    def distances(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return process.cpdist(x.tolist(), y.tolist(), scorer=DamerauLevenshtein.distance, workers=-1)

    return per_distinct(_as_text(coded), distances, equal=0.0, missing=1e9)


def _levels_from(scores: np.ndarray, exact: np.ndarray, missing: np.ndarray,
                 thresholds: tuple[float, ...]) -> np.ndarray:
    levels = np.zeros(len(scores), dtype=np.int8)
    for i, t in enumerate(sorted(thresholds), start=1):
        levels[scores >= t] = i
    levels[exact] = len(thresholds) + 1
    levels[missing] = NULL
    return levels


@dataclass(frozen=True)
class Comparison:
    """Base: `column` on the left, `right_column` (default the same) on the right, `output` names the result."""

    column: str
    right_column: str | None = None
    output: str | None = None
    kind: ClassVar[str] = ""

    @property
    def name(self) -> str:
        return self.output or self.column

    @property
    def right(self) -> str:
        return self.right_column or self.column

    def level_labels(self) -> list[str]:
        """Labels of levels 0..top (level -1 is always 'missing')."""
        raise NotImplementedError

    def inputs(self) -> list[tuple[str, str]]:
        """The (left column, right column) pairs this comparison reads, in the order `levels_coded` takes."""
        return [(self.column, self.right)]

    def input_columns(self) -> set[str]:
        """Every column this comparison reads, on either side."""
        return {column for pair in self.inputs() for column in pair}

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        """Levels of aligned pairs of values (row k of `left` against row k of `right`)."""
        return self.levels_coded([Coded(*encode(left, right))])

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        raise NotImplementedError

    @property
    def top(self) -> int:
        return len(self.level_labels()) - 1

    def to_dict(self) -> dict[str, Any]:
        data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items() if v is not None}
        return {"type": self.kind, **data}


@dataclass(frozen=True)
class ExactMatchComparison(Comparison):
    kind: ClassVar[str] = "exact"

    def level_labels(self) -> list[str]:
        return ["different", "exact"]

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        out = c.equal.astype(np.int8)
        out[c.missing] = NULL
        return out


@dataclass(frozen=True)
class StringAtThresholdsComparison(Comparison):
    """Similarity at thresholds: 0 below all, i for the i-th threshold reached, top for exact."""

    metric: str = "jaro_winkler"
    thresholds: tuple[float, ...] = (0.7, 0.88, 0.95)
    kind: ClassVar[str] = "string"

    def __post_init__(self) -> None:
        if self.metric not in NATIVE:
            raise SettingsError(f"StringAtThresholdsComparison: metric {self.metric!r} is unknown",
                                hint=f"use one of {', '.join(NATIVE)}")
        if not self.thresholds or any(not 0 < t < 1 for t in self.thresholds):
            raise SettingsError("StringAtThresholdsComparison: thresholds must lie strictly between 0 and 1",
                                hint=f"got {self.thresholds!r} for column {self.column!r}")
        object.__setattr__(self, "thresholds", tuple(sorted(float(t) for t in self.thresholds)))

    def level_labels(self) -> list[str]:
        return ["different", *(f"{self.metric} >= {t}" for t in self.thresholds), "exact"]

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        return _levels_from(similarity(self.metric, c), c.equal, c.missing, self.thresholds)


@dataclass(frozen=True)
class DateComparison(Comparison):
    """Dates as ISO strings: exact; one digit off or day and month swapped (typing slips); same year; else."""

    kind: ClassVar[str] = "date"

    def level_labels(self) -> list[str]:
        return ["different", "same year", "one typo or day/month swapped", "exact"]

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        if not len(c.values):  # every pair has a missing side
            return np.full(len(c.a), NULL, dtype=np.int8)
        texts = _texts(c.values)
        year = pd.factorize(np.array([t[:4] for t in texts], dtype=object))[0]
        # Months and days share one code space, so a month can be compared with a day.
        two = pd.factorize(np.array([t[5:7] for t in texts] + [t[8:10] for t in texts], dtype=object))[0]
        month, day = two[: len(texts)], two[len(texts):]
        a, b = np.maximum(c.a, 0), np.maximum(c.b, 0)  # missing rows are overwritten below
        same_year = year[a] == year[b]
        swapped = same_year & (month[a] == day[b]) & (day[a] == month[b])
        out = np.zeros(len(c.a), dtype=np.int8)
        out[same_year] = 1
        out[(edit_distance(c) <= 1) | swapped] = 2
        out[c.equal] = 3
        out[c.missing] = NULL
        return out


@dataclass(frozen=True)
class NumericComparison(Comparison):
    """Numbers: exact, within each relative tolerance (e.g. 0.01 = 1 %), else different."""

    tolerances: tuple[float, ...] = (0.1, 0.01)
    kind: ClassVar[str] = "number"

    def __post_init__(self) -> None:
        if any(t <= 0 for t in self.tolerances):
            raise SettingsError("NumericComparison: tolerances must be positive", hint=f"got {self.tolerances!r}")
        object.__setattr__(self, "tolerances", tuple(sorted((float(t) for t in self.tolerances), reverse=True)))

    def level_labels(self) -> list[str]:
        return ["different", *(f"within {t:.0%}" for t in self.tolerances), "exact"]

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        a = pd.to_numeric(left, errors="coerce").to_numpy(dtype=float)
        b = pd.to_numeric(right, errors="coerce").to_numpy(dtype=float)
        return self.levels_coded([Coded(*encode(a, b))])

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        values = np.append(pd.to_numeric(pd.Series(c.values), errors="coerce").to_numpy(dtype=float), np.nan)
        a, b = values[c.a], values[c.b]  # code -1 picks the NaN appended at the end
        missing = np.isnan(a) | np.isnan(b)
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-9)
        out = np.zeros(len(a), dtype=np.int8)
        for i, t in enumerate(self.tolerances, start=1):
            out[rel <= t] = i
        out[a == b] = len(self.tolerances) + 1
        out[missing] = NULL
        return out


@dataclass(frozen=True)
class IdentifierComparison(Comparison):
    """Identifiers typed by hand: exact; one edit or a transposition away; else different."""

    kind: ClassVar[str] = "id"

    def level_labels(self) -> list[str]:
        return ["different", "one edit away", "exact"]

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        dist = edit_distance(c)
        out = np.zeros(len(c.a), dtype=np.int8)
        out[dist <= 1] = 1
        out[dist == 0] = 2
        out[c.missing] = NULL
        return out


@dataclass(frozen=True)
class CrossNameComparison(Comparison):
    """Best of two name forms: the native one (`column`) and a romanised one (`alt_column`), so that a
    Hangul name and its romanised spelling in a bank book can still agree."""

    alt_column: str = ""
    thresholds: tuple[float, ...] = (0.8, 0.9, 0.95)
    kind: ClassVar[str] = "cross_name"

    def level_labels(self) -> list[str]:
        return ["different", *(f"jaro_winkler >= {t}" for t in self.thresholds), "exact"]

    def inputs(self) -> list[tuple[str, str]]:
        return [(self.column, self.right), (self.alt_column, self.alt_column)]

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:  # pragma: no cover - needs two columns
        raise SettingsError("CrossNameComparison needs both name forms; call compare_pairs with both columns")

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        native, romanised = coded
        scores = np.maximum(similarity("jaro_winkler", native),
                            similarity("jaro_winkler", romanised) - 0.02)  # romanised forms agree too easily
        return _levels_from(scores, native.equal, native.missing & romanised.missing, tuple(sorted(self.thresholds)))


# The general kinds; linkage.registry.COMPARISONS adds the Korean ones and is what settings files read.
BASE_COMPARISONS: dict[str, type[Comparison]] = {
    cls.kind: cls for cls in (ExactMatchComparison, StringAtThresholdsComparison, DateComparison,
                              NumericComparison, IdentifierComparison, CrossNameComparison)
}


def compare_pairs(comparisons: list[Comparison], left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """Comparison levels of aligned left/right pair frames (row i of each is one pair)."""
    out = {comp.name: comp.levels_coded([Coded(*encode(left[lc], right[rc])) for lc, rc in comp.inputs()])
           for comp in comparisons}
    return pd.DataFrame(out, index=left.index)


__all__ = ["BASE_COMPARISONS", "NULL", "Coded", "Comparison", "CrossNameComparison", "DateComparison", "ExactMatchComparison",
           "IdentifierComparison", "NumericComparison", "StringAtThresholdsComparison", "compare_pairs",
           "encode", "field"]
