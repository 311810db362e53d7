"""Cluster quality of a `chungbaek match --clusters` run against a person file's truth (pairs inside clusters)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd


def _pairs_within(labels: pd.Series) -> int:
    return int(sum(c * (c - 1) // 2 for c in Counter(labels).values()))


def score_clusters(truth_csv: Path, clusters_csv: Path) -> dict[str, float | int]:
    truth = pd.read_csv(truth_csv, dtype=str)
    clusters = pd.read_csv(clusters_csv, dtype=str)
    id_col = "id" if "id" in clusters.columns else clusters.columns[0]
    cl_col = next(c for c in clusters.columns if c != id_col)
    merged = truth.merge(clusters[[id_col, cl_col]].rename(columns={id_col: "id", cl_col: "cluster"}), on="id",
                         how="left")
    # records the run left out are singletons of their own
    merged["cluster"] = merged["cluster"].fillna("single:" + merged["id"])
    true_pairs = _pairs_within(merged["person_id"])
    predicted = _pairs_within(merged["cluster"])
    both = _pairs_within(merged["person_id"] + "|" + merged["cluster"])
    p = both / predicted if predicted else 0.0
    r = both / true_pairs if true_pairs else 0.0
    sizes = Counter(merged["cluster"])
    return {"records": len(merged), "true_pairs": true_pairs, "predicted_pairs": predicted, "true_positives": both,
            "precision": round(p, 5), "recall": round(r, 5), "f1": round(2 * p * r / (p + r), 5) if p + r else 0.0,
            "clusters": len(sizes), "largest_cluster": max(sizes.values())}
