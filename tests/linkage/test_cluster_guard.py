"""The chaining guard weighs evidence: compared pairs found apart veto weak merges and must be outnumbered
by links for strong ones; a strong match is never split for want of links to the rest of its group."""

from __future__ import annotations

import numpy as np
import pytest

from linkage.cluster import cluster

# Two groups of three records (0-2, 3-5), each a chain tied by strong links (not cliques: the guard looks).
GROUPS = [(0, 1, 0.99999), (1, 2, 0.99999), (3, 4, 0.99999), (4, 5, 0.99999)]

CASES = [
    # description, extra links, pairs found apart, are 0 and 5 together?
    ("a 0.9998 link joins the groups when nothing speaks against it", [(2, 3, 0.9998)], [], True),
    ("a weak link never joins two groups", [(2, 3, 0.95)], [], False),
    ("a strong link with compared pairs apart outnumbering the links does not join",
     [(2, 3, 0.9995)], [(0, 3), (1, 4), (0, 5)], False),
    ("a strong link outnumbering the pairs apart joins", [(2, 3, 0.9995), (1, 3, 0.9996)], [(0, 5)], True),
]


@pytest.mark.parametrize(("description", "extra", "apart", "together"), CASES, ids=[c[0] for c in CASES])
def test_guard_weighs_evidence(description: str, extra: list, apart: list, together: bool) -> None:
    links = GROUPS + extra
    i = np.array([a for a, _, _ in links])
    j = np.array([b for _, b, _ in links])
    prob = np.array([p for _, _, p in links])
    against = (np.array([a for a, _ in apart], dtype=np.int64), np.array([b for _, b in apart], dtype=np.int64))
    labels = cluster(6, i, j, prob, np.zeros(len(links), dtype=bool), against=against)
    assert bool(labels[0] == labels[5]) is together, description
    assert labels[0] == labels[2] and labels[3] == labels[5]


def test_single_record_with_a_strong_match_joins_a_large_group() -> None:
    # A romanised holder linked strongly to one record of a six-record group (linked to less than half).
    chain = [(k, k + 1, 0.99999) for k in range(5)]
    links = [*chain, (6, 0, 0.9998)]
    labels = cluster(7, np.array([a for a, _, _ in links]), np.array([b for _, b, _ in links]),
                     np.array([p for _, _, p in links]), np.zeros(len(links), dtype=bool))
    assert len(set(labels)) == 1
