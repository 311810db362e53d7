"""Clusters for `chungbaek match` that weigh the evidence between groups, not only whether a link exists.

Links are taken strongest first. Two records join at once. Two groups join only when the evidence of all
the compared pairs between them adds up in favour (the sum of their match weights, in bits, is positive):
one strong link between two people outweighs a weak disagreement, but a weak link from a namesake does not
outweigh the pairs that say "not the same person". No group grows past `max_size`; every join refused for
size is kept with the link that would have made it, so the run can report it instead of ending in one
giant cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class RefusedJoin:
    """A link that would have joined two groups, and why it did not."""

    left: int
    right: int
    probability: float
    sizes: tuple[int, int]
    reason: str  # "size" or "evidence"


@dataclass
class Clustering:
    labels: np.ndarray  # 0..k-1 per record, numbered by first record
    refused: list[RefusedJoin]

    @property
    def refused_for_size(self) -> list[RefusedJoin]:
        return [r for r in self.refused if r.reason == "size"]


def cluster_by_evidence(n: int, i: np.ndarray, j: np.ndarray, weight: np.ndarray, match: np.ndarray, *,
                        max_size: int = 50) -> Clustering:
    """Cluster n records from scored candidate pairs (i, j, weight in bits); `match` marks the links."""
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    weight, match = np.asarray(weight, dtype=float), np.asarray(match, dtype=bool)
    linked = np.zeros(n, dtype=bool)
    linked[i[match]] = True
    linked[j[match]] = True
    # The evidence between records that links touch: every compared pair of two such records.
    keep = linked[i] & linked[j]
    evidence: dict[int, dict[int, float]] = {}
    for a, b, w in zip(i[keep].tolist(), j[keep].tolist(), weight[keep].tolist(), strict=True):
        evidence.setdefault(a, {})[b] = w
        evidence.setdefault(b, {})[a] = w
    parent = np.arange(n)
    members: dict[int, list[int]] = {}
    refused: list[RefusedJoin] = []

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    order = np.flatnonzero(match)
    order = order[np.argsort(-weight[order], kind="stable")]
    for k in order.tolist():
        a, b = int(i[k]), int(j[k])
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        prob = float(1.0 / (1.0 + 2.0 ** -min(max(weight[k], -60.0), 60.0)))
        if len(ma) + len(mb) > max_size:
            refused.append(RefusedJoin(a, b, prob, (len(ma), len(mb)), "size"))
            continue
        if len(ma) > 1 or len(mb) > 1:
            small, big = (ma, set(mb)) if len(ma) <= len(mb) else (mb, set(ma))
            total = 0.0
            for x in small:
                for y, w in evidence.get(x, {}).items():
                    if y in big:
                        total += w
            if total <= 0:
                refused.append(RefusedJoin(a, b, prob, (len(ma), len(mb)), "evidence"))
                continue
        if len(ma) < len(mb):
            ra, rb = rb, ra
        parent[rb] = ra
        merged = members.pop(ra, [ra])
        merged.extend(members.pop(rb, [rb]))
        members[ra] = merged
    roots = np.array([find(x) for x in range(n)], dtype=np.int64)
    _, first, inverse = np.unique(roots, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return Clustering(rank[inverse], refused)
