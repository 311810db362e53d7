"""Clusters from the match graph (networkx), guarded against chaining.

Connected components of the links are found first (scipy, fast at a million records); a component that
is a clique, or is tied only by identifiers, is a cluster as it is. Any other component goes through the
guard, in networkx: links are taken strongest first (deterministic, then by probability); compared
pairs across two groups that scored clearly apart veto a weak merge and must be outnumbered by links for a
strong one; two groups of
more than one record merge only when the evidence between them is strong (the joining link is
deterministic or at least `strong_probability`, or links join at least half of their record pairs); a
single record joins a group only if linked to at least half of it, or strongly; groups never grow past
`max_size` through probabilistic links, and never join when they carry different values of a
cannot-link identifier (two different resident-number hashes are two people).
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def cluster(n: int, i: np.ndarray, j: np.ndarray, prob: np.ndarray, deterministic: np.ndarray, *,
            strong_probability: float = 0.999, max_size: int = 50,
            cannot_link: Sequence[Sequence[object]] = (),
            against: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Cluster label (0..k-1, numbered in order of each cluster's first record) for n records.

    `cannot_link`: per field, a sequence of n values (None when absent); groups with different
    non-missing values of a field never join. `against`: pairs that were compared and scored clearly
    as non-matches: evidence the guard weighs against a merge (see `_guarded_parts`).
    """
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    prob, deterministic = np.asarray(prob, dtype=float), np.asarray(deterministic, dtype=bool)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    sizes = np.bincount(comp)
    edge_comp = comp[i] if len(i) else np.zeros(0, dtype=np.int64)
    edges_per_comp = np.bincount(edge_comp, minlength=len(sizes))
    det_per_comp = np.bincount(edge_comp, weights=deterministic.astype(float), minlength=len(sizes))
    labels = comp.copy()
    next_label = len(sizes)
    trusted = (det_per_comp == edges_per_comp) | ((sizes <= max_size) & (edges_per_comp >= sizes * (sizes - 1) // 2))
    suspicious = {int(c) for c in np.flatnonzero((sizes > 2) & ~trusted)}
    conflict_fields = [np.asarray(f, dtype=object) for f in cannot_link]
    # Also guard cliques whose records carry two different values of a cannot-link field.
    for f in conflict_fields:
        codes = pd.factorize(f, use_na_sentinel=True)[0]
        present = (codes >= 0) & (sizes[comp] > 2)
        distinct = pd.DataFrame({"comp": comp[present], "code": codes[present]}).groupby("comp")["code"].nunique()
        suspicious.update(int(c) for c in distinct.index[distinct.to_numpy() > 1])
    suspicious_list = sorted(suspicious)
    if suspicious_list:
        wanted = np.isin(edge_comp, suspicious_list)
        sub = nx.Graph()
        for k in np.flatnonzero(wanted):
            a, b = int(i[k]), int(j[k])
            data = sub.get_edge_data(a, b)
            if data is None or (deterministic[k] and not data["det"]):
                sub.add_edge(a, b, prob=float(prob[k]), det=bool(deterministic[k]), rank=int(k))
        contra: set[tuple[int, int]] = set()
        if against is not None and len(against[0]):
            ai, aj = np.asarray(against[0], dtype=np.int64), np.asarray(against[1], dtype=np.int64)
            inside = np.isin(comp[ai], suspicious_list) & (comp[ai] == comp[aj])
            contra = {(int(min(a, b)), int(max(a, b))) for a, b in zip(ai[inside], aj[inside], strict=True)}
        for component in nx.connected_components(sub):
            for part in _guarded_parts(sub.subgraph(component), strong_probability, max_size, conflict_fields,
                                       contra):
                labels[part] = next_label
                next_label += 1
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inverse]


def _guarded_parts(sub: nx.Graph, strong: float, max_size: int, cannot_link: Sequence[np.ndarray],
                   contra: set[tuple[int, int]] = frozenset()) -> list[list[int]]:  # type: ignore[assignment]
    nodes = list(sub.nodes)
    parent = {v: v for v in nodes}
    members = {v: [v] for v in nodes}
    values = {v: [({f[v]} if f[v] is not None else set()) for f in cannot_link] for v in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges = sorted(sub.edges(data=True), key=lambda e: (not e[2]["det"], -e[2]["prob"], e[2]["rank"]))
    for a, b, d in edges:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if any(va and vb and not (va & vb) for va, vb in zip(values[ra], values[rb], strict=True)):
            # Groups with different identifiers join only through a direct link between two records whose
            # identifiers differ (a link the pipeline let through: a mistyped number, all else exact).
            if not any(f[a] is not None and f[b] is not None and f[a] != f[b] for f in cannot_link):
                continue
        size_a, size_b = len(members[ra]), len(members[rb])
        if not d["det"]:
            if size_a + size_b > max_size:
                continue
            # Evidence, not only size: record pairs across the two groups that were compared and found
            # apart count against the merge. A weak link never outweighs one of them; a strong link
            # (a 0.9998 match) joins unless they outnumber the links across.
            against = sum(1 for x in members[ra] for y in members[rb] if (min(x, y), max(x, y)) in contra) \
                if contra else 0
            if against:
                links_across = sum(1 for x in members[ra] for y in members[rb] if sub.has_edge(x, y))
                if d["prob"] < strong or against >= links_across:
                    continue
            if d["prob"] < strong and size_a > 1 and size_b > 1:
                cross = sum(1 for x in members[ra] for y in members[rb] if sub.has_edge(x, y))
                if cross * 2 < size_a * size_b:
                    continue
            elif d["prob"] < strong and (size_a > 1 or size_b > 1):
                single, group = (a, members[rb]) if size_a == 1 else (b, members[ra])
                if sum(1 for y in group if sub.has_edge(single, y)) * 2 < len(group):
                    continue
        if size_a < size_b:
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
        values[ra] = [va | vb for va, vb in zip(values[ra], values.pop(rb), strict=True)]
    return [sorted(m) for r, m in members.items() if find(r) == r]
