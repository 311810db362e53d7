"""Run one pipeline over records: standardise, block, compare, classify, decide.

`link_frames` is the front: records in, scored candidate pairs out (`PairTable`). Comparisons run as
custom `recordlinkage` compare features (`LevelsFeature`) whose vectorised bodies are our comparison
objects, so `recordlinkage.Compare` drives them over all pairs at once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
import recordlinkage as rl
from recordlinkage.base import BaseCompareFeature

from linkage.blocking import ExactBlockingRule, candidate_pairs
from linkage.classifier import (
    MatchWeights,
    fit_em,
    fit_logistic,
    fit_prior,
    probability,
    term_frequencies,
    tf_bits,
    u_from_random,
    weights_from,
)
from linkage.cluster import cluster
from linkage.comparisons import Coded, Comparison, DateComparison, encode
from linkage.settings import LinkageSettings

logging.getLogger("recordlinkage").setLevel(logging.WARNING)
TRAIN_SAMPLE = 2_000_000
COMPARE_CHUNK = 2_000_000
MIN_TRAIN_PAIRS = 50  # fewer candidate pairs than this: no probabilistic links  # EM runs on the distinct vectors of at most this many pairs


@dataclass
class Encoded:
    """The compared columns of both frames as int32 codes (one column per comparison input, named
    `<comparison>#<k>`), and the distinct values each column's codes index."""

    left: pd.DataFrame
    right: pd.DataFrame
    values: dict[str, np.ndarray]


def encode_frames(settings: LinkageSettings, left: pd.DataFrame, right: pd.DataFrame) -> Encoded:
    dedup = left is right
    lcols: dict[str, np.ndarray] = {}
    rcols: dict[str, np.ndarray] = {}
    values: dict[str, np.ndarray] = {}
    for comp in settings.comparisons:
        for k, (lc, rc) in enumerate(comp.inputs()):
            name = f"{comp.name}#{k}"
            a, b, values[name] = encode(left[lc], None if dedup and lc == rc else right[rc])
            lcols[name], rcols[name] = a, b
    lf = pd.DataFrame(lcols, index=left.index)
    return Encoded(lf, lf if dedup else pd.DataFrame(rcols, index=right.index), values)


class LevelsFeature(BaseCompareFeature):
    """A recordlinkage compare feature computing one comparison's levels from coded columns, vectorised."""

    def __init__(self, comparison: Comparison, encoded: Encoded) -> None:
        names = [f"{comparison.name}#{k}" for k in range(len(comparison.inputs()))]
        super().__init__(names, names, label=comparison.name)
        self.comparison = comparison
        self.values = [encoded.values[n] for n in names]

    def _compute_vectorized(self, *args: pd.Series) -> np.ndarray:
        n = len(self.values)
        coded = [Coded(args[k].to_numpy(), args[n + k].to_numpy(), self.values[k]) for k in range(n)]
        return self.comparison.levels_coded(coded)


def compare(settings: LinkageSettings, left: pd.DataFrame, right: pd.DataFrame,
            i: np.ndarray, j: np.ndarray, encoded: Encoded | None = None) -> pd.DataFrame:
    """Comparison levels (int8, -1 missing) of pairs (i, j) of standardised frames."""
    if not len(i):
        return pd.DataFrame({c.name: np.zeros(0, dtype=np.int8) for c in settings.comparisons})
    encoded = encoded or encode_frames(settings, left, right)
    comparer = rl.Compare([LevelsFeature(c, encoded) for c in settings.comparisons])
    parts = []
    for start in range(0, len(i), COMPARE_CHUNK):  # chunks bound the memory of the pair columns
        pairs = pd.MultiIndex.from_arrays([i[start:start + COMPARE_CHUNK], j[start:start + COMPARE_CHUNK]])
        levels = comparer.compute(pairs, encoded.left, encoded.right)
        levels.columns = [c.name for c in settings.comparisons]
        parts.append(levels.reset_index(drop=True).astype(np.int8))
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


@dataclass
class PairTable:
    """Scored candidate pairs: positions i (left) and j (right), levels, weight (bits), probability, the
    method that decided and whether the pair is a link."""

    i: np.ndarray
    j: np.ndarray
    levels: pd.DataFrame
    weight: np.ndarray
    prob: np.ndarray
    method: np.ndarray
    match: np.ndarray
    conflict: np.ndarray
    deterministic: np.ndarray  # linked by a strong identifier

    @classmethod
    def empty(cls) -> PairTable:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, pd.DataFrame(), np.zeros(0), np.zeros(0), np.zeros(0, object), np.zeros(0, bool),
                   np.zeros(0, bool), np.zeros(0, bool))

    def __len__(self) -> int:
        return len(self.i)

    def links(self) -> pd.DataFrame:
        sel = self.match
        return pd.DataFrame({"i": self.i[sel], "j": self.j[sel], "prob": self.prob[sel],
                             "weight": self.weight[sel], "method": self.method[sel]})


def _equal(left: pd.DataFrame, right: pd.DataFrame, column: str, i: np.ndarray,
           j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(equal and both present, both present) on `column` for the pairs, compared as integer codes."""
    ca, cb, _ = encode(left[column], None if left is right else right[column])
    x, y = ca[i], cb[j]
    present = (x >= 0) & (y >= 0)
    return present & (x == y), present


RANDOM_PAIRS = 300_000  # random record pairs for the u probabilities


def random_levels(settings: LinkageSettings, left: pd.DataFrame, right: pd.DataFrame, seed: int = 0,
                  encoded: Encoded | None = None) -> pd.DataFrame:
    """Comparison levels of random record pairs (for u): nearly all of them are non-matches."""
    rng = np.random.default_rng(seed)
    n = min(RANDOM_PAIRS, len(left) * len(right))
    i = rng.integers(0, len(left), n)
    j = rng.integers(0, len(right), n)
    if left is right:
        keep = i != j
        i, j = i[keep], j[keep]
    return compare(settings, left, right, i, j, encoded)


def train(settings: LinkageSettings, levels: pd.DataFrame, labels: np.ndarray | None = None,
          seed: int = 0, random: pd.DataFrame | None = None) -> MatchWeights:
    """Trained match weights. Supervised when labels are given. Otherwise, as Splink does: u from random
    pairs; m by EM in one session per exact blocking rule (and identifier), each on the pairs agreeing
    on that rule's fields and leaving out the comparisons of those fields (blocked pairs agree on them
    whether they match or not); then the prior of the candidate pairs with m and u held fixed."""
    if labels is not None:
        return fit_logistic(levels, labels, settings.tops)
    if len(levels) < MIN_TRAIN_PAIRS and settings.deterministic:
        # Too few pairs to learn from: identifiers decide alone (a prior no evidence can overcome).
        return MatchWeights("em", -60.0, {c.name: [0.0] * (c.top + 1) for c in settings.comparisons})
    sample = levels
    if len(levels) > TRAIN_SAMPLE:
        rows = np.random.default_rng(seed).choice(len(levels), TRAIN_SAMPLE, replace=False)
        sample = levels.iloc[np.sort(rows)]
    tops = settings.tops
    if random is None or not len(random):
        return fit_em(sample, tops)
    u = u_from_random(random, tops)
    estimates: dict[str, list[np.ndarray]] = {c.name: [] for c in settings.comparisons}
    sessions = [r.on for r in settings.blocking_rules if isinstance(r, ExactBlockingRule)]
    sessions += [(f,) for f in settings.deterministic]
    iterations = 0
    # A field and the fields made from the same input (birth_date, birth_year, birth_md) are one
    # piece of evidence: pairs blocked on one of them agree on the others whether they match or not.
    source = {f.name: f.source for f in settings.fields}

    def sources(columns: set[str]) -> set[str]:
        return {source.get(c, c) for c in columns}

    for on in sessions:
        excluded = [c for c in settings.comparisons if sources(c.input_columns()) & sources(set(on))]
        kept = [c.name for c in settings.comparisons if c not in excluded]
        if not excluded or not kept:
            continue
        agree = np.ones(len(sample), dtype=bool)
        for c in excluded:
            agree &= sample[c.name].to_numpy() == tops[c.name]
        if agree.sum() < 10:
            continue
        session = fit_em(sample.loc[agree, kept], {k: tops[k] for k in kept},
                         fixed_u={k: u[k] for k in kept})
        iterations += session.iterations
        for k in kept:
            estimates[k].append(np.asarray(session.m[k]))
    fallback = None
    m: dict[str, np.ndarray] = {}
    for c in settings.comparisons:
        if estimates[c.name]:
            m[c.name] = np.mean(estimates[c.name], axis=0)
        else:
            fallback = fallback or fit_em(sample, tops, fixed_u=u)
            m[c.name] = np.asarray(fallback.m[c.name])
    prior = fit_prior(sample, m, u)
    return weights_from(m, u, prior, "em", iterations)


def year_only_counts_against(settings: LinkageSettings, weights: MatchWeights) -> MatchWeights:
    """Two complete dates of the same year that are neither equal nor one slip apart are two dates: the
    level weighs at most what "different" weighs (EM can learn it as weak evidence for a match, and then a
    namesake born the same year links)."""
    for comp in settings.comparisons:
        if isinstance(comp, DateComparison) and comp.name in weights.weights:
            w = weights.weights[comp.name]
            w[1] = min(w[1], w[0])
    return weights


def count_terms(settings: LinkageSettings, left: pd.DataFrame, right: pd.DataFrame) -> None:
    """Term frequencies of the tf-adjusted comparisons' values over the records being linked now."""
    assert settings.trained is not None
    by_name = {c.name: c for c in settings.comparisons}
    for name in settings.tf_adjust:
        column = by_name[name].column
        values = left[column] if left is right else pd.concat([left[column], right[column]], ignore_index=True)
        settings.trained.tf[name] = term_frequencies(values)


def tf_adjustments(settings: LinkageSettings, left: pd.DataFrame, i: np.ndarray,
                   levels: pd.DataFrame) -> dict[str, np.ndarray]:
    """Bits added to each pair's weight per tf-adjusted comparison (non-zero only on exact agreement)."""
    trained = settings.trained
    assert trained is not None
    by_name = {c.name: c for c in settings.comparisons}
    out = {}
    for name in settings.tf_adjust:
        comp, table = by_name[name], trained.tf.get(name)
        adj = np.zeros(len(i))
        if table and trained.u.get(name):
            exact = np.flatnonzero(levels[name].to_numpy() == comp.top)
            values = left[comp.column].to_numpy(dtype=object)[i[exact]]
            adj[exact] = tf_bits(table, values, float(trained.u[name][comp.top]))
        out[name] = adj
    return out


def anchored_pairs(settings: LinkageSettings, left: pd.DataFrame, right: pd.DataFrame, i: np.ndarray,
                   j: np.ndarray, levels: pd.DataFrame, conflict: np.ndarray) -> np.ndarray:
    """Pairs an anchor rule links (see `AnchorRule`)."""
    out = np.zeros(len(i), dtype=bool)
    for rule in settings.anchors:
        ok, _ = _equal(left, right, rule.on, i, j)
        for name, level in rule.agree.items():
            ok &= levels[name].to_numpy() >= level
        for name, level in rule.against.items():
            got = levels[name].to_numpy()
            ok &= ~((got >= 0) & (got < level))
        out |= ok & ~conflict
    return out


def score_pairs(settings: LinkageSettings, left: pd.DataFrame, right: pd.DataFrame, i: np.ndarray,
                j: np.ndarray, levels: pd.DataFrame) -> PairTable:
    """Apply trained weights (term-frequency adjusted), deterministic identifiers, anchor rules and
    cannot-link fields to compared pairs."""
    assert settings.trained is not None
    weight = settings.trained.score(levels)
    if settings.tf_adjust:
        count_terms(settings, left, right)
        for adj in tf_adjustments(settings, left, i, levels).values():
            weight = weight + adj
    prob = probability(weight)
    method = np.full(len(i), f"probabilistic:{settings.trained.method}", dtype=object)
    conflict = np.zeros(len(i), dtype=bool)
    for f in settings.cannot_link:
        eq, present = _equal(left, right, f, i, j)
        conflict |= present & ~eq
    if settings.waive_conflict_when_exact and conflict.any():
        # A mistyped identifier (transposed digits) must not split a person whose other fields agree exactly.
        tops = settings.tops
        exact = np.ones(len(i), dtype=bool)
        for name in settings.waive_conflict_when_exact:
            exact &= levels[name].to_numpy() == tops[name]
        if settings.waive_needs_one_of:
            exact &= np.logical_or.reduce([levels[name].to_numpy() == tops[name]
                                           for name in settings.waive_needs_one_of])
        conflict &= ~exact
    deterministic = np.zeros(len(i), dtype=bool)
    if settings.anchors:
        anchored = anchored_pairs(settings, left, right, i, j, levels, conflict)
        method[anchored] = "anchored:" + "+".join(a.on for a in settings.anchors)
        deterministic |= anchored
    for f in reversed(settings.deterministic):
        eq, _ = _equal(left, right, f, i, j)
        method[eq] = f"deterministic:{f}"
        deterministic |= eq
    match = deterministic | ((prob >= settings.threshold) & ~conflict)
    return PairTable(i, j, levels, weight, prob, method, match, conflict & ~deterministic, deterministic)


def link_frames(settings: LinkageSettings, left: pd.DataFrame, right: pd.DataFrame | None = None, *,
                labels: np.ndarray | None = None, retrain: bool = True,
                standardised: bool = False) -> tuple[PairTable, pd.DataFrame, pd.DataFrame]:
    """Link `left` with `right` (or deduplicate `left`). Returns the pair table and the standardised frames.

    `labels`: for supervised training, a boolean per candidate pair is not known in advance, so pass a
    function-free form instead: an array of (left position, right position) pairs known to match.
    """
    sl = left if standardised else settings.standardise(left)
    sr = sl if right is None else (right if standardised else settings.standardise(right))
    rules = list(settings.blocking_rules) + [ExactBlockingRule(on=(f,)) for f in settings.deterministic]
    i, j = candidate_pairs(rules, sl, None if right is None else sr)
    encoded = encode_frames(settings, sl, sr)
    levels = compare(settings, sl, sr, i, j, encoded)
    if retrain or settings.trained is None:
        pair_labels = None
        if labels is not None:
            n = len(sr)
            known = np.asarray(labels, dtype=np.int64).reshape(-1, 2)
            codes = known[:, 0] * n + known[:, 1]
            if right is None:
                codes = np.concatenate([codes, known[:, 1] * n + known[:, 0]])
            pair_labels = np.isin(i * n + j, codes)
        random = random_levels(settings, sl, sr, encoded=encoded) if pair_labels is None else None
        settings.trained = year_only_counts_against(settings, train(settings, levels, pair_labels, random=random))
    return score_pairs(settings, sl, sr, i, j, levels), sl, sr


APART = 0.01  # a compared pair below this probability is evidence against its records' groups merging


def cluster_table(settings: LinkageSettings, table: PairTable, standardised: pd.DataFrame) -> np.ndarray:
    """Cluster labels of the records of a deduplication pair table, through the chaining guard."""
    links = table.match
    apart = ~links & ((table.prob < APART) | table.conflict)
    return cluster(len(standardised), table.i[links], table.j[links], table.prob[links], table.deterministic[links],
                   strong_probability=settings.strong_probability, max_size=settings.max_cluster_size,
                   cannot_link=[list(standardised[f]) for f in settings.cannot_link],
                   against=(table.i[apart], table.j[apart]))
