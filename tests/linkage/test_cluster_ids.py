"""Clustering with the chaining guard, and stable entity ids."""

from __future__ import annotations

import numpy as np

from linkage.cluster import cluster
from linkage.ids import assign_ids


def _cluster(n, links, **kw):
    i = np.array([a for a, _, _, _ in links])
    j = np.array([b for _, b, _, _ in links])
    prob = np.array([p for _, _, p, _ in links])
    det = np.array([d for _, _, _, d in links])
    return cluster(n, i, j, prob, det, **kw)


def test_one_weak_link_does_not_chain_two_groups():
    # Records 0-2 and 3-5 are two tight groups; one weak link joins 2 and 3.
    tight = 0.99999
    links = [(0, 1, tight, False), (0, 2, tight, False), (1, 2, tight, False),
             (3, 4, tight, False), (3, 5, tight, False), (4, 5, tight, False), (2, 3, 0.95, False)]
    labels = _cluster(6, links)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] == labels[5]
    assert labels[0] != labels[3]


def test_strong_link_may_merge_groups():
    tight = 0.99999
    links = [(0, 1, tight, False), (2, 3, tight, False), (1, 2, 0.99999, False)]
    labels = _cluster(4, links)
    assert len(set(labels.tolist())) == 1


def test_a_chain_of_weak_links_is_cut():
    links = [(k, k + 1, 0.95, False) for k in range(5)]
    labels = _cluster(6, links)
    assert len(set(labels.tolist())) > 1


def test_identifiers_link_whatever_the_guard():
    links = [(k, k + 1, 1.0, True) for k in range(5)]
    assert len(set(_cluster(6, links).tolist())) == 1


def test_cannot_link_values_keep_people_apart():
    # 0 and 2 have different resident-number hashes; 1 (no hash) links to both.
    links = [(0, 1, 0.99, False), (1, 2, 0.98, False)]
    labels = _cluster(3, links, cannot_link=[["h1", None, "h2"]])
    assert labels[0] == labels[1]
    assert labels[2] != labels[0]


def test_clusters_are_numbered_in_order_of_their_first_record():
    labels = _cluster(4, [(2, 3, 1.0, True)])
    assert labels.tolist() == [0, 1, 2, 2]


def test_ids_are_stable_when_membership_barely_changes():
    first = assign_ids([["a", "b", "c"], ["d"]], {}, "P")
    previous = {"a": first[0], "b": first[0], "c": first[0], "d": first[1]}
    # A new record joins the first entity; the second entity loses nothing.
    again = assign_ids([["a", "b", "c", "e"], ["d"]], previous, "P")
    assert again == first
    # A split: the larger part keeps the id, the smaller gets a new one.
    split = assign_ids([["a", "b"], ["c"], ["d"]], previous, "P")
    assert split[0] == first[0] and split[2] == first[1]
    assert split[1] not in first


def test_ids_do_not_depend_on_cluster_order():
    one = assign_ids([["a", "b"], ["c"]], {}, "P")
    two = assign_ids([["c"], ["b", "a"]], {}, "P")
    assert one == [two[1], two[0]]
    assert all(i.startswith("P-") for i in one)
