"""Blocking rules: which pairs are worth comparing. Each rule is a small object that round-trips to JSON;
a pipeline takes the union of its rules' pairs. The candidate pairs of each rule come from a
`recordlinkage` indexer (Block, SortedNeighbourhood); the union is taken on int64 pair codes, which is
much faster than a union of pandas MultiIndexes at a million records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import recordlinkage as rl
from recordlinkage.base import BaseIndexAlgorithm

from linkage.errors import SettingsError


@dataclass(frozen=True)
class BlockingRule:
    kind: ClassVar[str] = ""

    def columns(self) -> list[str]:
        raise NotImplementedError

    def indexer(self) -> BaseIndexAlgorithm:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        data = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}
        return {"type": self.kind, **data}

    def describe(self) -> str:
        return f"{self.kind}({', '.join(self.columns())})"


@dataclass(frozen=True)
class ExactBlockingRule(BlockingRule):
    """Pairs that agree exactly on all `on` columns (missing values never agree)."""

    on: tuple[str, ...] = ()
    kind: ClassVar[str] = "exact"

    def __post_init__(self) -> None:
        if not self.on:
            raise SettingsError("ExactBlockingRule: `on` needs at least one column")
        object.__setattr__(self, "on", tuple(self.on))

    def columns(self) -> list[str]:
        return list(self.on)

    def indexer(self) -> BaseIndexAlgorithm:
        return rl.index.Block(left_on=list(self.on), right_on=list(self.on))


@dataclass(frozen=True)
class SortedNeighbourhoodRule(BlockingRule):
    """Pairs within `window` positions of each other when sorted on `on` (inside blocks of `block_on`)."""

    on: str = ""
    window: int = 5
    block_on: tuple[str, ...] = ()
    kind: ClassVar[str] = "sorted_neighbourhood"

    def __post_init__(self) -> None:
        if not self.on:
            raise SettingsError("SortedNeighbourhoodRule: `on` needs a column")
        if self.window < 3 or self.window % 2 == 0:
            raise SettingsError("SortedNeighbourhoodRule: window must be an odd number >= 3",
                                hint=f"got {self.window} for column {self.on!r}")
        object.__setattr__(self, "block_on", tuple(self.block_on))

    def columns(self) -> list[str]:
        return [self.on, *self.block_on]

    def indexer(self) -> BaseIndexAlgorithm:
        return rl.index.SortedNeighbourhood(left_on=self.on, right_on=self.on, window=self.window,
                                            block_left_on=list(self.block_on) or None,
                                            block_right_on=list(self.block_on) or None)


REGISTRY: dict[str, type[BlockingRule]] = {c.kind: c for c in (ExactBlockingRule, SortedNeighbourhoodRule)}


def blocking_rule_from_dict(data: BlockingRule | dict[str, Any]) -> BlockingRule:
    if isinstance(data, BlockingRule):
        return data
    data = dict(data)
    kind = data.pop("type", None)
    if kind not in REGISTRY:
        raise SettingsError(f"unknown blocking rule type {kind!r}", hint=f"use one of {', '.join(REGISTRY)}")
    if "on" in data and kind == "exact":
        data["on"] = tuple(data["on"])
    if "block_on" in data:
        data["block_on"] = tuple(data["block_on"])
    try:
        return REGISTRY[kind](**data)
    except TypeError as exc:
        raise SettingsError(f"blocking rule {kind!r}: {exc}") from None


def _usable(frame: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Rows whose blocking columns are all present (so missing values never pair up)."""
    sub = frame[cols]
    return sub[sub.notna().all(axis=1)]


def unique_int(values: np.ndarray) -> np.ndarray:
    """Sorted distinct int64 values (sort-based: numpy's hash-based unique is slower on tens of millions)."""
    values = np.sort(values, kind="stable")
    if len(values) == 0:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def candidate_pairs(rules: list[BlockingRule], left: pd.DataFrame,
                    right: pd.DataFrame | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Union of the rules' pairs as two aligned arrays of row positions (left, right).

    Both frames must have a RangeIndex. With one frame, pairs are within it and i < j.
    """
    codes: list[np.ndarray] = []
    n_right = len(right) if right is not None else len(left)
    for rule in rules:
        cols = rule.columns()
        missing = [c for c in cols if c not in left.columns or (right is not None and c not in right.columns)]
        if missing:
            raise SettingsError(f"blocking rule {rule.describe()} names unknown columns {missing}")
        a = _usable(left, cols)
        if right is None:
            if len(a) < 2:
                continue
            pairs = rule.indexer().index(a)
        else:
            b = _usable(right, cols)
            if not len(a) or not len(b):
                continue
            pairs = rule.indexer().index(a, b)
        i = pairs.get_level_values(0).to_numpy(dtype=np.int64)
        j = pairs.get_level_values(1).to_numpy(dtype=np.int64)
        if right is None:
            i, j = np.minimum(i, j), np.maximum(i, j)
        codes.append(i * n_right + j)
    if not codes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    union = unique_int(np.concatenate(codes))
    return union // n_right, union % n_right


__all__ = ["BlockingRule", "ExactBlockingRule", "SortedNeighbourhoodRule", "blocking_rule_from_dict",
           "candidate_pairs"]
