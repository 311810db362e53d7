"""Classifiers that turn comparison levels into match weights.

Both produce the same trained form, `MatchWeights`: a prior (intercept) and one weight per comparison
level, in bits (log2 odds). A pair's match weight is the prior plus the weights of its levels (a missing
value weighs 0); its probability is 2^w / (1 + 2^w). That form is what is saved with the settings, what
scores new pairs without retraining, and what `explain` shows field by field.

- `fit_em`: unsupervised Fellegi-Sunter with expectation maximisation over multi-level comparisons (the
  recordlinkage ECM classifier takes binary features and a random start for more than two levels, so the
  multi-level form is done here, over the distinct comparison vectors, deterministic from the same start).
- `fit_logistic`: supervised, scikit-learn logistic regression on one-hot levels, when labelled pairs exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkage.errors import LinkageError

EPS = 1e-6
FLOOR = 1e-4  # no level is impossible: at most about 13 bits either way from one field


@dataclass
class MatchWeights:
    method: str  # "em" or "logistic"
    prior: float  # bits
    weights: dict[str, list[float]]  # comparison -> weight (bits) of levels 0..top
    m: dict[str, list[float]] = field(default_factory=dict)
    u: dict[str, list[float]] = field(default_factory=dict)
    iterations: int = 0
    # comparison -> {"n": values counted, "values": {value: count}} of the data last linked (term frequencies)
    tf: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "prior": self.prior, "weights": self.weights, "m": self.m, "u": self.u,
                "iterations": self.iterations, "tf": self.tf}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchWeights:
        return cls(method=data["method"], prior=float(data["prior"]),
                   weights={k: [float(x) for x in v] for k, v in data["weights"].items()},
                   m=data.get("m", {}), u=data.get("u", {}), iterations=int(data.get("iterations", 0)),
                   tf=data.get("tf", {}))

    def field_weights(self, levels: pd.DataFrame) -> dict[str, np.ndarray]:
        out = {}
        for name, w in self.weights.items():
            table = np.asarray(w + [0.0])  # index -1 (missing) -> the appended 0
            out[name] = table[levels[name].to_numpy(dtype=np.int64)]
        return out

    def score(self, levels: pd.DataFrame) -> np.ndarray:
        """Match weight (bits) of each pair."""
        total = np.full(len(levels), self.prior)
        for values in self.field_weights(levels).values():
            total += values
        return total


TF_KEPT = 100_000  # most common values kept per column; a value not kept counts once


def term_frequencies(values: pd.Series | np.ndarray) -> dict[str, Any]:
    """How often each value occurs among the records (values seen once are implied, not stored)."""
    present = pd.Series(np.asarray(values, dtype=object)).dropna()
    counts = present.value_counts()
    kept = counts[counts >= 2].head(TF_KEPT)
    return {"n": int(len(present)), "values": {str(k): int(v) for k, v in kept.items()}}


def tf_bits(table: dict[str, Any], values: pd.Series | np.ndarray, u_exact: float) -> np.ndarray:
    """Term-frequency adjustment (bits) of exact agreement on each value, as Splink makes it: the u of an
    exact match on value v is the share of records holding v, not the average over all values, so the
    weight moves by log2(u_exact / tf(v)): down for 김민준, up for a rare name."""
    n = max(int(table.get("n", 0)), 1)
    counts = pd.Series(np.asarray(values, dtype=object)).map(table.get("values", {})).fillna(1.0)
    tf = counts.to_numpy(dtype=float) / n
    return np.log2(max(u_exact, FLOOR) / tf)


def probability(weight: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.power(2.0, -np.clip(weight, -60, 60)))


def distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a small-valued int8 matrix and their counts (rows packed into one int64 each,
    far faster than np.unique(axis=0))."""
    shifted = matrix.astype(np.int64) + 1  # -1..k -> 0..k+1
    bases = shifted.max(axis=0) + 1 if len(matrix) else np.ones(matrix.shape[1], dtype=np.int64)
    code = np.zeros(len(matrix), dtype=np.int64)
    for c in range(matrix.shape[1]):
        code = code * bases[c] + shifted[:, c]
    uniq, first, counts = np.unique(code, return_index=True, return_counts=True)
    return matrix[first], counts


def u_from_random(levels: pd.DataFrame, tops: dict[str, int]) -> dict[str, np.ndarray]:
    """u probabilities from the levels of random record pairs (almost all of them non-matches), as
    Splink does: blocked pairs agree on their blocking fields far more often than non-matches do."""
    out = {}
    for name in levels.columns:
        col = levels[name].to_numpy()
        counts = np.array([(col == level).sum() for level in range(tops[name] + 1)], dtype=float) + 1.0
        out[name] = np.maximum(counts / counts.sum(), FLOOR)
    return out


def fit_em(levels: pd.DataFrame, tops: dict[str, int], *, max_iter: int = 60, tol: float = 1e-5,
           prior: float = 0.05, fixed_u: dict[str, np.ndarray] | None = None) -> MatchWeights:
    """Fellegi-Sunter m (and, unless `fixed_u` is given, u) probabilities by EM over the distinct
    comparison vectors."""
    names = list(levels.columns)
    if not len(levels):
        raise LinkageError("no candidate pairs to train on", hint="check the blocking rules and the input")
    patterns, counts = distinct_rows(levels.to_numpy(dtype=np.int8))
    counts = counts.astype(float)
    m: list[np.ndarray] = []
    u: list[np.ndarray] = []
    for c, name in enumerate(names):
        top = tops[name]
        col = patterns[:, c]
        # Start: u from the level frequencies (most pairs do not match); m rising steeply with agreement.
        if fixed_u is not None:
            u.append(np.asarray(fixed_u[name], dtype=float))
        else:
            freq = np.array([counts[col == level].sum() for level in range(top + 1)]) + 1.0
            u.append(freq / freq.sum())
        start = np.power(8.0, np.arange(top + 1))
        m.append(start / start.sum())
    p = prior
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 - the count is reported
        logit = np.full(len(patterns), np.log(p / (1 - p)))
        for c in range(len(names)):
            col = patterns[:, c]
            present = col >= 0
            logit[present] += np.log(m[c][col[present]] / u[c][col[present]])
        g = 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50)))
        gm, gu = g * counts, (1 - g) * counts
        new_p = float(np.clip(gm.sum() / counts.sum(), EPS, 1 - EPS))
        delta = abs(new_p - p)
        p = new_p
        for c in range(len(names)):
            col = patterns[:, c]
            top = len(m[c]) - 1
            mm = np.array([gm[col == level].sum() for level in range(top + 1)]) + EPS
            uu = np.array([gu[col == level].sum() for level in range(top + 1)]) + EPS
            mm, uu = np.maximum(mm / mm.sum(), FLOOR), np.maximum(uu / uu.sum(), FLOOR)
            mm, uu = mm / mm.sum(), uu / uu.sum()
            if fixed_u is not None:
                uu = u[c]
            delta = max(delta, float(np.abs(mm - m[c]).max()), float(np.abs(uu - u[c]).max()))
            m[c], u[c] = mm, uu
        if delta < tol:
            break
    weights = {name: list(np.log2(m[c] / u[c])) for c, name in enumerate(names)}
    return MatchWeights("em", float(np.log2(p / (1 - p))), weights,
                        {n: list(m[c]) for c, n in enumerate(names)}, {n: list(u[c]) for c, n in enumerate(names)},
                        it)


def fit_logistic(levels: pd.DataFrame, labels: np.ndarray, tops: dict[str, int]) -> MatchWeights:
    """Logistic regression on one-hot comparison levels (missing -> all zeros, weight 0)."""
    from sklearn.linear_model import LogisticRegression

    labels = np.asarray(labels, dtype=bool)
    if labels.all() or not labels.any():
        raise LinkageError("labelled pairs must contain both matches and non-matches",
                           hint="add some known non-matching pairs to the labels")
    columns, blocks = [], []
    for name in levels.columns:
        col = levels[name].to_numpy()
        for level in range(tops[name] + 1):
            columns.append((name, level))
            blocks.append((col == level).astype(np.float32))
    x = np.column_stack(blocks)
    model = LogisticRegression(C=10.0, max_iter=1000, class_weight="balanced")
    model.fit(x, labels)
    ln2 = np.log(2.0)
    weights: dict[str, list[float]] = {name: [0.0] * (tops[name] + 1) for name in levels.columns}
    for (name, level), coef in zip(columns, model.coef_[0], strict=True):
        weights[name][level] = float(coef / ln2)
    # class_weight="balanced" trains as if the classes were even; shift back to the real prior.
    rate = labels.mean()
    prior = float(model.intercept_[0] / ln2 + np.log2(rate / (1 - rate)))
    return MatchWeights("logistic", prior, weights)


def weights_from(m: dict[str, np.ndarray], u: dict[str, np.ndarray], prior_bits: float, method: str = "em",
                 iterations: int = 0) -> MatchWeights:
    return MatchWeights(method, float(prior_bits), {n: list(np.log2(m[n] / u[n])) for n in m},
                        {n: list(m[n]) for n in m}, {n: list(u[n]) for n in m}, iterations)


def fit_prior(levels: pd.DataFrame, m: dict[str, np.ndarray], u: dict[str, np.ndarray], *, start: float = 0.05,
              max_iter: int = 100, tol: float = 1e-7) -> float:
    """The share of matches among these pairs (bits of prior odds), with m and u held fixed."""
    patterns, counts = distinct_rows(levels[list(m)].to_numpy(dtype=np.int8))
    base = np.zeros(len(patterns))
    for c, name in enumerate(m):
        col = patterns[:, c]
        present = col >= 0
        base[present] += np.log(m[name][col[present]] / u[name][col[present]])
    p = start
    for _ in range(max_iter):
        g = 1.0 / (1.0 + np.exp(-np.clip(base + np.log(p / (1 - p)), -50, 50)))
        new_p = float(np.clip((g * counts).sum() / counts.sum(), EPS, 1 - EPS))
        if abs(new_p - p) < tol:
            p = new_p
            break
        p = new_p
    return float(np.log2(p / (1 - p)))
