"""Clusters from the match graph (networkx), guarded against chaining.

Links are taken strongest first (deterministic, then by probability). Two groups of more than one record
merge only when the evidence between them is strong: the joining link is deterministic or at least
`strong_probability`, or links exist between at least half of their record pairs. Groups never grow past
`max_size` through probabilistic links, and never join when they carry different values of a
cannot-link identifier (two different resident-number hashes are two people).
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np


def cluster(n: int, i: np.ndarray, j: np.ndarray, prob: np.ndarray, deterministic: np.ndarray, *,
            strong_probability: float = 0.999, max_size: int = 50,
            cannot_link: Sequence[Sequence[object]] = ()) -> np.ndarray:
    """Cluster label (0..k-1, in order of first member) for each of n nodes, given link pairs.

    `cannot_link`: per field, a sequence of n values (None when absent); groups with different
    non-missing values of a field never join.
    """
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    order = np.lexsort((-prob, ~deterministic.astype(bool)))
    for k in order:
        a, b = int(i[k]), int(j[k])
        if a == b:
            continue
        data = graph.get_edge_data(a, b)
        if data is None or (deterministic[k] and not data["det"]):
            graph.add_edge(a, b, prob=float(prob[k]), det=bool(deterministic[k]), rank=int(k))
    labels = np.full(n, -1, dtype=np.int64)
    next_label = 0
    for component in sorted(nx.connected_components(graph), key=min):
        nodes = sorted(component)
        if len(nodes) == 1 or _is_clean(graph, nodes, max_size, cannot_link):
            labels[nodes] = next_label
            next_label += 1
            continue
        for part in _guarded_parts(graph.subgraph(nodes), strong_probability, max_size, cannot_link):
            labels[sorted(part)] = next_label
            next_label += 1
    # Renumber in order of each cluster's first member (stable across edge order).
    _, first = np.unique(labels, return_index=True)
    remap = {labels[p]: r for r, p in enumerate(sorted(first))}
    return np.array([remap[x] for x in labels], dtype=np.int64)


def _values(cannot_link: Sequence[Sequence[object]], nodes: Sequence[int]) -> list[set]:
    return [{field[v] for v in nodes if field[v] is not None} for field in cannot_link]


def _is_clean(graph: nx.Graph, nodes: list[int], max_size: int, cannot_link: Sequence[Sequence[object]]) -> bool:
    """A component that needs no guard: small clique without conflicts, or tied only by identifiers."""
    if any(len(vals) > 1 for vals in _values(cannot_link, nodes)):
        return False
    sub = graph.subgraph(nodes)
    if all(d["det"] for _, _, d in sub.edges(data=True)):
        return True
    if len(nodes) > max_size:
        return False
    return sub.number_of_edges() == len(nodes) * (len(nodes) - 1) // 2


def _guarded_parts(sub: nx.Graph, strong: float, max_size: int,
                   cannot_link: Sequence[Sequence[object]]) -> list[list[int]]:
    nodes = list(sub.nodes)
    parent = {v: v for v in nodes}
    members = {v: [v] for v in nodes}
    values = {v: [({field[v]} if field[v] is not None else set()) for field in cannot_link] for v in nodes}

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
            continue
        size_a, size_b = len(members[ra]), len(members[rb])
        if not d["det"]:
            if size_a + size_b > max_size:
                continue
            if size_a > 1 and size_b > 1 and d["prob"] < strong:
                cross = sum(1 for x in members[ra] for y in members[rb] if sub.has_edge(x, y))
                if cross * 2 < size_a * size_b:
                    continue
            elif (size_a > 1 or size_b > 1) and d["prob"] < strong:
                # One record joining a group: it must be linked to at least half of the group.
                single, group = (a, members[rb]) if size_a == 1 else (b, members[ra])
                linked = sum(1 for y in group if sub.has_edge(single, y))
                if linked * 2 < len(group):
                    continue
        if size_a < size_b:
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))
        values[ra] = [va | vb for va, vb in zip(values[ra], values.pop(rb), strict=True)]
    return [m for r, m in members.items() if find(r) == r]
