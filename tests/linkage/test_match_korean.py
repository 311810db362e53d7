"""`chungbaek match` on Korean person files: name and address levels, the blocking guard, evidence-aware
clusters, the threshold from the model, and the quality on a small generated file with known truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from linkage.match import match_frames
from linkage.match_blocking import GuardedRule, guarded_rules
from linkage.match_cluster import cluster_by_evidence
from linkage.match_korean import KoreanAddressComparison, KoreanNameComparison, address_value, name_value
from linkage.match_pipeline import auto_threshold

NAMES = [
    ("same name", "이지영", "이지영", 5),
    ("space inside", "이지영", "이 지영", 5),
    ("romanised Lee", "이지영", "LEE JI-YEONG", 4),
    ("romanised Yi, given first", "이지영", "Jiyeong Yi", 4),
    ("romanised Rhee", "이승만", "RHEE SEUNGMAN", 4),
    ("YIM for 임", "임민지", "YIM MINJI", 4),
    ("one jamo off", "이지영", "이지연", 3),
    ("swapped syllables", "김민서", "김서민", 2),
    ("dropped syllable", "김민서", "김민", 2),
    ("other family, same given", "이지영", "박지영", 0),
    ("different people", "김민준", "최서윤", 0),
]


@pytest.mark.parametrize(("description", "a", "b", "level"), NAMES, ids=[n[0] for n in NAMES])
def test_korean_name_levels(description, a, b, level):
    left = pd.Series([name_value(a)], dtype=object)
    right = pd.Series([name_value(b)], dtype=object)
    assert KoreanNameComparison("n").levels(left, right).tolist() == [level], description


ADDRESSES = [
    ("province abbreviated, unit dropped", "충남 천안시 동남구 신부동 123-4 3층", "충청남도 천안시 동남구 신부동 123-4", 4),
    ("서울시 and a building unit", "서울시 종로구 세종대로 12 101동 202호", "서울특별시 종로구 세종대로 12", 4),
    ("same road, other number", "경기도 수원시 장안구 중앙로 5", "경기 수원시 장안구 중앙로 9", 2),
    ("road and lot form of one district", "경기도 수원시 장안구 중앙로 5", "경기도 수원시 장안구 정자동 12-3", 1),
    ("another city", "경기도 수원시 장안구 중앙로 5", "부산광역시 사하구 중앙로 5", 0),
]


@pytest.mark.parametrize(("description", "a", "b", "level"), ADDRESSES, ids=[x[0] for x in ADDRESSES])
def test_korean_address_levels(description, a, b, level):
    left, right = pd.Series([address_value(a)], dtype=object), pd.Series([address_value(b)], dtype=object)
    assert KoreanAddressComparison("a").levels(left, right).tolist() == [level], description


def test_an_oversized_block_is_refined_by_a_second_key_and_reported():
    years = [str(1950 + k % 40) for k in range(400)]
    frame = pd.DataFrame({"name": ["gim minjun"] * 400 + [f"other {k}" for k in range(100)],
                          "year": years + ["2000"] * 100})
    rules, notes = guarded_rules([GuardedRule(on=("name",), refine=("year",), label="name")], frame, None,
                                 max_pairs=100)
    assert len(notes) == 1 and notes[0].refined_by == ["year"] and notes[0].largest_block == 400
    sizes = frame[rules[0].on[0]].value_counts()
    assert sizes.max() * (sizes.max() - 1) / 2 <= 100
    key = frame[rules[0].on[0]]
    assert key.notna().all()  # every record is still blocked: the big block by name and year, the rest by name
    assert key[:400].nunique() == 40 and key[400:].nunique() == 100


def test_a_block_that_no_key_can_split_is_left_out_and_said():
    frame = pd.DataFrame({"phone": ["00000000"] * 200 + [f"{k:08d}" for k in range(1, 50)]})
    rules, notes = guarded_rules([GuardedRule(on=("phone",), label="phone")], frame, None, max_pairs=100)
    assert notes[0].records_left_out == 200 and "left out" in notes[0].text()
    assert frame[rules[0].on[0]].isna().sum() == 200


def test_a_weak_link_does_not_join_two_people_that_the_other_pairs_tell_apart():
    # 0-1 and 2-3 are strong pairs; 1-2 a weak link; 0-2, 0-3 and 1-3 compared and clearly not matches.
    i = np.array([0, 2, 1, 0, 0, 1])
    j = np.array([1, 3, 2, 2, 3, 3])
    w = np.array([20.0, 20.0, 2.0, -10.0, -10.0, -10.0])
    result = cluster_by_evidence(4, i, j, w, w > 0)
    labels = result.labels
    assert labels[0] == labels[1] != labels[2] == labels[3]
    assert [r.reason for r in result.refused] == ["evidence"]


def test_a_strong_link_joins_despite_a_weak_disagreement():
    i, j = np.array([0, 1, 0]), np.array([1, 2, 2])
    w = np.array([20.0, 18.0, -3.0])
    assert len(set(cluster_by_evidence(3, i, j, w, w > 0).labels)) == 1


def test_no_cluster_grows_past_the_guard_and_the_refused_link_is_kept():
    n = 30
    i, j = np.arange(n - 1), np.arange(1, n)  # one chain of strong links
    result = cluster_by_evidence(n, i, j, np.full(n - 1, 20.0), np.ones(n - 1, bool), max_size=10)
    assert np.bincount(result.labels).max() <= 10
    assert result.refused_for_size and all(r.reason == "size" for r in result.refused)


def test_the_threshold_maximises_the_expected_f1():
    prob = np.array([0.99] * 90 + [0.6] * 10 + [0.2] * 50 + [0.01] * 1000)
    threshold, precision, recall = auto_threshold(prob)
    assert threshold == pytest.approx(0.6)  # the 0.2 pairs would cost more precision than they add recall
    assert precision == pytest.approx((90 * 0.99 + 10 * 0.6) / 100)
    assert recall == pytest.approx((90 * 0.99 + 10 * 0.6) / prob.sum())


def test_a_generated_korean_file_is_clustered_with_high_f1():
    from generator.synthetic_people import KOREAN_COLUMNS, korean_people

    frame = korean_people(1500, seed=5)
    data = frame.drop(columns=["person_id"]).replace("", None)
    result = match_frames(data, None, "id", KOREAN_COLUMNS, clusters=True)
    truth = dict(zip(frame["id"], frame["person_id"], strict=True))
    labels = dict(zip(result.clusters["id"], result.clusters["cluster_id"], strict=True))
    ids = list(frame["id"])

    def pairs(key: dict) -> set[frozenset]:
        groups: dict = {}
        for x in ids:
            groups.setdefault(key[x], []).append(x)
        return {frozenset((a, b)) for g in groups.values() for k, a in enumerate(g) for b in g[k + 1:]}

    predicted, true = pairs(labels), pairs(truth)
    tp = len(predicted & true)
    f1 = 2 * tp / (len(predicted) + len(true))
    assert f1 >= 0.95, f1
    assert result.summary["largest_cluster"] <= 10
    assert "name" in result.summary["korean_columns"]
    assert result.settings.trained.weights["birth"][1] < 0  # same year, another date: evidence against
