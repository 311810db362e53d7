"""The pipeline of `chungbaek match`: column kinds -> fields, guarded blocking, comparisons, training,
term-frequency adjusted scores, a threshold from the calibrated probability, evidence-aware clusters.

Term frequencies (as Splink does): agreeing exactly on a value shared by 2 % of the records is worth
log2(u / 0.02) bits less than the average exact agreement, on a rare one more. The threshold, unless given,
is the probability that maximises the F1 the model expects (its probabilities summed as expected true
pairs); precision and recall are estimated the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkage import match_korean as kr
from linkage.blocking import ExactBlockingRule, SortedNeighbourhoodRule, candidate_pairs, unique_int
from linkage.classifier import MatchWeights, fit_logistic, probability
from linkage.comparisons import (
    Comparison,
    DateComparison,
    ExactMatchComparison,
    IdentifierComparison,
    NumericComparison,
    StringAtThresholdsComparison,
)
from linkage.engine import compare, encode_frames, random_levels, train
from linkage.errors import InputError
from linkage.match_blocking import MAX_BLOCK_PAIRS, BlockNote, GuardedRule, guarded_rules, window_pairs
from linkage.match_cluster import Clustering, cluster_by_evidence
from linkage.settings import FieldSpec, LinkageSettings

TF_CLIP = 12.0  # bits: no value's frequency moves a pair by more
SN_WINDOW = 7  # sorted-neighbourhood window on names and addresses


@dataclass
class Pipeline:
    settings: LinkageSettings
    guarded: list[GuardedRule]
    sorted_rules: list[SortedNeighbourhoodRule]
    tf: dict[str, str]  # comparison -> field whose value frequency adjusts its exact level
    korean: list[str] = field(default_factory=list)  # columns compared as Korean names/addresses


def build(columns: list[tuple[str, str]], sample: pd.DataFrame) -> Pipeline:
    fields: list[FieldSpec] = []
    comparisons: list[Comparison] = []
    guarded: list[tuple[str, tuple[str, ...]]] = []
    sorted_rules: list[SortedNeighbourhoodRule] = []
    tf: dict[str, str] = {}
    korean: list[str] = []
    refiners: list[str] = []
    for n, (col, kind) in enumerate(columns):
        f = f"c{n}"
        hangul = kind in ("name", "address") and kr.is_korean(sample[col])
        if kind == "name" and hangul:
            korean.append(col)
            fields += [FieldSpec(f, col, "korean_name"), FieldSpec(f"{f}_key", col, "korean_name_key")]
            comparisons.append(kr.KoreanNameComparison(f, output=col))
            guarded.append((col, (f"{f}_key",)))
            sorted_rules.append(SortedNeighbourhoodRule(on=f"{f}_key", window=SN_WINDOW))
            tf[col] = f"{f}_key"
            refiners.append(f"{f}_key")
        elif kind == "name":
            fields.append(FieldSpec(f, col, "name"))
            comparisons.append(StringAtThresholdsComparison(f, output=col, thresholds=(0.7, 0.88, 0.95)))
            guarded.append((col, (f,)))
            sorted_rules.append(SortedNeighbourhoodRule(on=f, window=SN_WINDOW))
            refiners.append(f)
        elif kind == "address" and hangul:
            korean.append(col)
            fields += [FieldSpec(f, col, "korean_address"), FieldSpec(f"{f}_district", col, "korean_district")]
            comparisons.append(kr.KoreanAddressComparison(f, output=col))
            sorted_rules.append(SortedNeighbourhoodRule(on=f, window=SN_WINDOW))
        elif kind == "address":
            fields.append(FieldSpec(f, col, "text"))
            comparisons.append(StringAtThresholdsComparison(f, output=col, metric="jaro_winkler",
                                                            thresholds=(0.7, 0.85, 0.95)))
            sorted_rules.append(SortedNeighbourhoodRule(on=f, window=SN_WINDOW))
        elif kind == "text":
            fields.append(FieldSpec(f, col, "text"))
            comparisons.append(StringAtThresholdsComparison(f, output=col, metric="token_set",
                                                            thresholds=(0.5, 0.8, 0.95)))
        elif kind == "date":
            fields += [FieldSpec(f, col, "date"), FieldSpec(f"{f}_year", col, "year")]
            comparisons.append(DateComparison(f, output=col))
            guarded.append((col, (f,)))
            tf[col] = f
            refiners.insert(0, f"{f}_year")
        elif kind == "id" and sample[col].astype(str).str.contains("*", regex=False).any():
            fields += [FieldSpec(f, col, "id_full"), FieldSpec(f"{f}_masked", col, "id_masked")]
            comparisons += [IdentifierComparison(f, output=col),
                            ExactMatchComparison(f"{f}_masked", output=f"{col} (masked)")]
            guarded += [(col, (f,)), (f"{col} (masked)", (f"{f}_masked",))]
        elif kind in ("id", "code"):
            fields.append(FieldSpec(f, col, "code"))
            comparisons.append(IdentifierComparison(f, output=col))
            guarded.append((col, (f,)))
        elif kind == "phone":
            fields.append(FieldSpec(f, col, "phone"))
            comparisons.append(ExactMatchComparison(f, output=col))
            guarded.append((col, (f,)))
            refiners.append(f)
        elif kind == "number":
            fields.append(FieldSpec(f, col, "number"))
            comparisons.append(NumericComparison(f, output=col, tolerances=(0.1, 0.01)))
        else:
            fields.append(FieldSpec(f, col, "text"))
            comparisons.append(ExactMatchComparison(f, output=col))
    rules = [GuardedRule(on=on, refine=tuple(r for r in refiners if r not in on), label=col) for col, on in guarded]
    if not rules and not sorted_rules:
        names = [f.name for f in fields]
        rules = [GuardedRule(on=(a, b), label=f"{a}+{b}") for k, a in enumerate(names) for b in names[k + 1:]] or [
            GuardedRule(on=(names[0],), label=names[0])]
    settings = LinkageSettings(name="match", fields=fields, comparisons=comparisons,
                               blocking_rules=[ExactBlockingRule(on=r.on) for r in rules])
    return Pipeline(settings, rules, sorted_rules, tf, korean)


@dataclass
class Scored:
    i: np.ndarray
    j: np.ndarray
    levels: pd.DataFrame
    weight: np.ndarray
    prob: np.ndarray
    notes: list[BlockNote]
    threshold: float
    estimated_precision: float
    estimated_recall: float
    method: str


def _tf_adjustment(pipe: Pipeline, sl: pd.DataFrame, sr: pd.DataFrame, i: np.ndarray, j: np.ndarray,
                   levels: pd.DataFrame, u_top: dict[str, float]) -> np.ndarray:
    """Bits to add to each pair for the frequency of the value it agrees on."""
    out = np.zeros(len(i))
    tops = pipe.settings.tops
    for comp, col in pipe.tf.items():
        values = pd.concat([sl[col], sr[col]]) if sr is not sl else sl[col]
        freq = values.value_counts(normalize=True, dropna=True)
        top = tops[comp]
        lv = levels[comp].to_numpy()
        agree = lv >= (top - 1 if isinstance(next(c for c in pipe.settings.comparisons if c.name == comp),
                                            kr.KoreanNameComparison) else top)
        if not agree.any() or comp not in u_top:
            continue
        share = sl[col].map(freq).to_numpy(dtype=float)[i[agree]]
        adj = np.log2(u_top[comp] / np.maximum(share, 1e-9))
        out[agree] += np.clip(np.nan_to_num(adj), -TF_CLIP, TF_CLIP)
    return out


def auto_threshold(prob: np.ndarray) -> tuple[float, float, float]:
    """(threshold, estimated precision, estimated recall) maximising the model's expected F1."""
    if not len(prob):
        return 0.5, 0.0, 0.0
    p = np.sort(prob)[::-1]
    tp = np.cumsum(p)
    total = tp[-1]
    k = np.arange(1, len(p) + 1)
    f1 = 2 * tp / (k + total)
    best = int(np.argmax(f1))
    return float(p[best]), float(tp[best] / (best + 1)), float(tp[best] / total) if total else 0.0


def estimate(prob: np.ndarray, threshold: float) -> tuple[float, float]:
    kept = prob >= threshold
    total = prob.sum()
    tp = prob[kept].sum()
    return (float(tp / kept.sum()) if kept.any() else 0.0), (float(tp / total) if total else 0.0)


def _prior_bits(base: np.ndarray, start: float = 0.05, total_pairs: float | None = None) -> float:
    """The share of matches among the candidate pairs (or, given `total_pairs`, among all record pairs, the
    pairs not compared counted as non-matches), with the pairs' evidence (bits, no prior) fixed."""
    total = float(total_pairs or len(base))
    p = start if total_pairs is None else min(start, len(base) / total)
    ln = base * np.log(2.0)
    for _ in range(500):
        g = 1.0 / (1.0 + np.exp(-np.clip(ln + np.log(p / (1 - p)), -50, 50)))
        new = float(np.clip(g.sum() / total, 1e-12, 1 - 1e-6))
        if abs(new - p) < 1e-4 * p:
            p = new
            break
        p = new
    return float(np.log2(p / (1 - p)))


def score(pipe: Pipeline, left: pd.DataFrame, right: pd.DataFrame | None, *, threshold: float | None,
          labels: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
          max_pairs: int = MAX_BLOCK_PAIRS) -> tuple[Scored, pd.DataFrame, pd.DataFrame]:
    settings = pipe.settings
    sl = settings.standardise(left)
    sr = sl if right is None else settings.standardise(right)
    exact, notes = guarded_rules(pipe.guarded, sl, None if right is None else sr, max_pairs)
    if right is None:
        # One file: sorted neighbourhoods over records (bounded), ties ordered by the other blocking keys.
        parts_i, parts_j = [], []
        i, j = candidate_pairs(exact + [r for r in pipe.sorted_rules if r.on not in pipe.tf.values()], sl, None)
        parts_i.append(i)
        parts_j.append(j)
        then = [r.on[0] for r in pipe.guarded if len(r.on) == 1]
        for rule in (r for r in pipe.sorted_rules if r.on in pipe.tf.values()):  # names: common ones repeat
            wi, wj = window_pairs(sl, rule.on, [c for c in then if c != rule.on], rule.window)
            parts_i.append(wi)
            parts_j.append(wj)
        codes = unique_int(np.concatenate(parts_i) * len(sl) + np.concatenate(parts_j))
        i, j = codes // len(sl), codes % len(sl)
    else:
        i, j = candidate_pairs([*exact, *pipe.sorted_rules], sl, sr)
    _check_alike(pipe, notes, len(sl) + (0 if right is None else len(sr)), len(i))
    encoded = encode_frames(settings, sl, sr)
    levels = compare(settings, sl, sr, i, j, encoded)
    random = random_levels(settings, sl, sr, encoded=encoded)
    u_top = {c.name: float((random[c.name].to_numpy() == c.top).mean() or 1e-6) for c in settings.comparisons}
    if labels is not None:
        li, lj, y = labels
        trained = fit_logistic(compare(settings, sl, sr, li, lj, encoded), y, settings.tops)
        base = MatchWeights("logistic", 0.0, trained.weights).score(levels)
        adj = _tf_adjustment(pipe, sl, sr, i, j, levels, u_top)
        trained.prior = _prior_bits(base + adj)
        settings.trained = trained
        method = "logistic"
    else:
        settings.trained = train(settings, levels, random=random)
        _same_year_against(settings)
        adj = _tf_adjustment(pipe, sl, sr, i, j, levels, u_top)
        # u comes from random pairs, so the prior must be that of random pairs too (as in Splink), not the
        # share of matches among the candidates: blocked pairs' agreement is already counted by the weights.
        total = len(sl) * (len(sl) - 1) / 2 if right is None else len(sl) * len(sr)
        base = MatchWeights("em", 0.0, settings.trained.weights).score(levels) + adj
        settings.trained.prior = _prior_bits(base, total_pairs=total)
        method = "em"
    weight = settings.trained.score(levels) + adj
    prob = probability(weight)
    if threshold is None:
        threshold, precision, recall = auto_threshold(prob)
        threshold = max(threshold, 0.5)
    precision, recall = estimate(prob, threshold)
    settings.threshold = threshold
    return Scored(i, j, levels, weight, prob, notes, threshold, precision, recall, method), sl, sr


SAME_YEAR_BITS = -1.0


def _same_year_against(settings: LinkageSettings) -> None:
    """Two complete dates of the same year that differ by more than a slip are evidence against a match:
    EM, seeing namesakes born in the same year inside the name blocks, would learn the opposite."""
    assert settings.trained is not None
    for comp in settings.comparisons:
        if isinstance(comp, DateComparison):
            w = settings.trained.weights[comp.name]
            w[1] = min(w[1], SAME_YEAR_BITS)


def _check_alike(pipe: Pipeline, notes: list[BlockNote], n: int, pairs: int) -> None:
    """A file where every record looks alike: each key puts (nearly) all records in one block."""
    if n < 3 or not pipe.guarded:
        return
    alike = [note for note in notes if note.largest_block >= 0.9 * n and note.records_left_out >= 0.9 * n]
    if len(alike) == len(pipe.guarded) and (pairs == 0 or not pipe.sorted_rules or len(alike) == len(notes)):
        shown = ", ".join(f"{note.rule}={note.largest_key!r}" for note in alike)
        raise InputError(f"every record looks alike: {n:,} records share one value of each blocking column "
                         f"({shown}), so nothing tells them apart",
                         hint="add a column that differs between people (birth date, phone, address) to --columns,"
                              " or check that the right columns were named")


def clusters(scored: Scored, n: int, max_size: int) -> Clustering:
    return cluster_by_evidence(n, scored.i, scored.j, scored.weight, scored.prob >= scored.threshold,
                               max_size=max_size)


def summary(scored: Scored, clustering: Clustering | None, kept_pairs: int, records: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "records": records, "candidate_pairs": int(len(scored.i)), "pairs_kept": kept_pairs,
        "threshold": round(scored.threshold, 6), "classifier": scored.method,
        "estimated_precision": round(scored.estimated_precision, 4),
        "estimated_recall": round(scored.estimated_recall, 4),
        "blocking_guard": [n.to_dict() for n in scored.notes]}
    if clustering is not None:
        sizes = np.bincount(clustering.labels) if len(clustering.labels) else np.zeros(0, int)
        out["clusters"] = int(len(sizes))
        out["clusters_of_two_or_more"] = int((sizes > 1).sum())
        out["largest_cluster"] = int(sizes.max()) if len(sizes) else 0
        out["joins_refused_for_evidence"] = sum(1 for r in clustering.refused if r.reason == "evidence")
        out["joins_refused_for_size"] = len(clustering.refused_for_size)
    return out
