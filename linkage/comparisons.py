"""Comparisons: small objects that turn two columns of a pair table into comparison levels.

A comparison is an ordered list of levels: -1 when either value is missing (it weighs nothing), 0 when the
values disagree, then rising levels of agreement up to an exact match. Every comparison is vectorised: one
call per column of pairs (rapidfuzz's `process.cpdist` runs the string metrics in C over all pairs), never
one Python call per pair. `to_dict` / `comparison_from_dict` round-trip them through JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein
from rapidfuzz.fuzz import token_set_ratio, token_sort_ratio

from linkage.errors import SettingsError

NULL = -1
METRICS = {
    "jaro_winkler": JaroWinkler.normalized_similarity,
    "levenshtein": Levenshtein.normalized_similarity,
    "damerau_levenshtein": DamerauLevenshtein.normalized_similarity,
    "token_sort": lambda a, b, **kw: token_sort_ratio(a, b, **kw) / 100.0,
    "token_set": lambda a, b, **kw: token_set_ratio(a, b, **kw) / 100.0,
}
# Metrics rapidfuzz can run natively in cpdist (the lambdas above need the scorer's own scale).
NATIVE = {"jaro_winkler": JaroWinkler.normalized_similarity, "levenshtein": Levenshtein.normalized_similarity,
          "damerau_levenshtein": DamerauLevenshtein.normalized_similarity, "token_sort": token_sort_ratio,
          "token_set": token_set_ratio}
SCALE = {"token_sort": 100.0, "token_set": 100.0}


def _strings(s: pd.Series) -> tuple[list[str], np.ndarray]:
    values = s.to_numpy(dtype=object)
    missing = pd.isna(values)
    return np.where(missing, "", values).tolist(), missing


def similarity(metric: str, left: pd.Series, right: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Pairwise similarity (0..1) of two aligned string columns, and the mask of pairs with a missing side."""
    a, ma = _strings(left)
    b, mb = _strings(right)
    if metric not in NATIVE:
        raise SettingsError(f"unknown string metric {metric!r}", hint=f"use one of {', '.join(NATIVE)}")
    if not a:
        return np.zeros(0), np.zeros(0, dtype=bool)
    scores = process.cpdist(a, b, scorer=NATIVE[metric], workers=-1, dtype=np.float32)
    return np.asarray(scores, dtype=np.float64) / SCALE.get(metric, 1.0), ma | mb


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

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:
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

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        a, b = left.to_numpy(dtype=object), right.to_numpy(dtype=object)
        missing = pd.isna(a) | pd.isna(b)
        out = (a == b).astype(np.int8)
        out[missing] = NULL
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

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        scores, missing = similarity(self.metric, left, right)
        exact = left.to_numpy(dtype=object) == right.to_numpy(dtype=object)
        return _levels_from(scores, exact, missing, self.thresholds)


@dataclass(frozen=True)
class DateComparison(Comparison):
    """Dates as ISO strings: exact; one digit off or day and month swapped (typing slips); same year; else."""

    kind: ClassVar[str] = "date"

    def level_labels(self) -> list[str]:
        return ["different", "same year", "one typo or day/month swapped", "exact"]

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        a, ma = _strings(left)
        b, mb = _strings(right)
        missing = ma | mb
        if not a:
            return np.zeros(0, dtype=np.int8)
        sa, sb = pd.Series(a, dtype=object), pd.Series(b, dtype=object)
        exact = (sa == sb).to_numpy()
        dist = np.asarray(process.cpdist(a, b, scorer=DamerauLevenshtein.distance, workers=-1))
        same_year = (sa.str[:4] == sb.str[:4]).to_numpy()
        swapped = same_year & (sa.str[5:7] == sb.str[8:10]).to_numpy() & (sa.str[8:10] == sb.str[5:7]).to_numpy()
        out = np.zeros(len(a), dtype=np.int8)
        out[same_year] = 1
        out[(dist <= 1) | swapped] = 2
        out[exact] = 3
        out[missing] = NULL
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

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:
        a, ma = _strings(left)
        b, mb = _strings(right)
        if not a:
            return np.zeros(0, dtype=np.int8)
        dist = np.asarray(process.cpdist(a, b, scorer=DamerauLevenshtein.distance, workers=-1))
        out = np.zeros(len(a), dtype=np.int8)
        out[dist <= 1] = 1
        out[dist == 0] = 2
        out[ma | mb] = NULL
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

    def levels(self, left: pd.Series, right: pd.Series) -> np.ndarray:  # pragma: no cover - needs two columns
        raise SettingsError("CrossNameComparison needs both name forms; call levels_frames")

    def levels_frames(self, left: pd.DataFrame, right: pd.DataFrame) -> np.ndarray:
        s1, m1 = similarity("jaro_winkler", left[self.column], right[self.right])
        s2, m2 = similarity("jaro_winkler", left[self.alt_column], right[self.alt_column])
        s1 = np.where(m1, 0.0, s1)
        s2 = np.where(m2, 0.0, s2)
        scores = np.maximum(s1, s2 - 0.02)  # romanised forms agree a little too easily
        exact = (left[self.column].to_numpy(dtype=object) == right[self.right].to_numpy(dtype=object)) & ~m1
        return _levels_from(scores, exact, m1 & m2, tuple(sorted(self.thresholds)))

    @property
    def columns(self) -> list[str]:
        return [self.column, self.alt_column]


REGISTRY: dict[str, type[Comparison]] = {
    cls.kind: cls for cls in (ExactMatchComparison, StringAtThresholdsComparison, DateComparison,
                              NumericComparison, IdentifierComparison, CrossNameComparison)
}


def comparison_from_dict(data: Comparison | dict[str, Any]) -> Comparison:
    if isinstance(data, Comparison):
        return data
    data = dict(data)
    kind = data.pop("type", None)
    if kind not in REGISTRY:
        raise SettingsError(f"unknown comparison type {kind!r}", hint=f"use one of {', '.join(REGISTRY)}")
    for key in ("thresholds", "tolerances"):
        if key in data:
            data[key] = tuple(data[key])
    try:
        return REGISTRY[kind](**data)
    except TypeError as exc:
        raise SettingsError(f"comparison {kind!r}: {exc}") from None


def compare_pairs(comparisons: list[Comparison], left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """Comparison levels of aligned left/right pair frames (row i of each is one pair)."""
    out = {}
    for comp in comparisons:
        if isinstance(comp, CrossNameComparison):
            out[comp.name] = comp.levels_frames(left, right)
        else:
            out[comp.name] = comp.levels(left[comp.column], right[comp.right])
    return pd.DataFrame(out, index=left.index)


__all__ = ["NULL", "Comparison", "CrossNameComparison", "DateComparison", "ExactMatchComparison",
           "IdentifierComparison", "NumericComparison", "StringAtThresholdsComparison", "compare_pairs",
           "comparison_from_dict", "field"]
