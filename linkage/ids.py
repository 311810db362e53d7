"""Stable entity ids: a new clustering inherits the ids of the previous one by overlap.

Each previous entity id goes to the new cluster holding most of its records (ties: the cluster with the
smaller first key); a cluster that inherits nothing gets a new id from the hash of its smallest record key.
So an entity keeps its id while its membership barely changes, and re-running on the same data (full or
incremental) gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence


def new_id(prefix: str, anchor: str, taken: set[str]) -> str:
    n = 0
    while True:
        digest = hashlib.sha1(f"{anchor}#{n}".encode()).hexdigest()[:12].upper()
        candidate = f"{prefix}-{digest}"
        if candidate not in taken:
            return candidate
        n += 1


def assign_ids(clusters: Sequence[Sequence[str]], previous: Mapping[str, str], prefix: str) -> list[str]:
    """An id for each cluster (a list of record keys), inheriting previous ids by overlap."""
    firsts = [min(c) for c in clusters]
    votes: dict[str, Counter[int]] = defaultdict(Counter)
    for index, members in enumerate(clusters):
        for key in members:
            old = previous.get(key)
            if old:
                votes[old][index] += 1
    winner: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for old, counter in votes.items():
        index = min(counter, key=lambda c: (-counter[c], firsts[c]))
        winner[index].append((counter[index], old))
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set(previous.values())
    for index, candidates in winner.items():
        candidates.sort(key=lambda x: (-x[0], x[1]))
        ids[index] = candidates[0][1]
    for index in sorted(range(len(clusters)), key=lambda k: firsts[k]):
        if ids[index] is None:
            ids[index] = new_id(prefix, firsts[index], taken)
            taken.add(ids[index])
    return [i for i in ids if i is not None]
