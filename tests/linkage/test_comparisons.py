"""Comparison levels, blocking rules and settings round-trips, table-driven."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from linkage.blocking import ExactBlockingRule, SortedNeighbourhoodRule, candidate_pairs
from linkage.comparisons import (
    DateComparison,
    ExactMatchComparison,
    IdentifierComparison,
    NumericComparison,
    StringAtThresholdsComparison,
)
from linkage.errors import SettingsError
from linkage.pipelines import ENTITY_KINDS
from linkage.settings import LinkageSettings
from linkage.standardise import romanised_name

LEVEL_CASES = [
    # (description, comparison, left, right, expected level)
    ("exact strings", StringAtThresholdsComparison("x"), "martha", "martha", 4),
    ("close strings", StringAtThresholdsComparison("x"), "martha", "marhta", 3),
    ("far strings", StringAtThresholdsComparison("x"), "martha", "zzzzq", 0),
    ("missing string", StringAtThresholdsComparison("x"), None, "martha", -1),
    ("exact match", ExactMatchComparison("x"), "a", "a", 1),
    ("exact mismatch", ExactMatchComparison("x"), "a", "b", 0),
    ("same date", DateComparison("x"), "1980-03-01", "1980-03-01", 3),
    ("one digit off", DateComparison("x"), "1980-03-01", "1980-03-07", 2),
    ("day and month swapped", DateComparison("x"), "1980-03-11", "1980-11-03", 2),
    ("same year", DateComparison("x"), "1980-03-01", "1980-12-25", 1),
    ("different date", DateComparison("x"), "1980-03-01", "1975-12-25", 0),
    ("missing date", DateComparison("x"), "1980-03-01", None, -1),
    ("same id", IdentifierComparison("x"), "1234567", "1234567", 2),
    ("transposed id", IdentifierComparison("x"), "1234567", "1243567", 1),
    ("other id", IdentifierComparison("x"), "1234567", "7654321", 0),
    ("same number", NumericComparison("x"), 100.0, 100.0, 3),
    ("number within 1%", NumericComparison("x"), 100.0, 100.5, 2),
    ("number within 10%", NumericComparison("x"), 100.0, 95.0, 1),
    ("other number", NumericComparison("x"), 100.0, 50.0, 0),
]


@pytest.mark.parametrize(("description", "comparison", "left", "right", "expected"), LEVEL_CASES,
                         ids=[c[0] for c in LEVEL_CASES])
def test_levels(description, comparison, left, right, expected):
    dtype = float if isinstance(comparison, NumericComparison) else object
    got = comparison.levels(pd.Series([left], dtype=dtype), pd.Series([right], dtype=dtype))
    assert int(got[0]) == expected, description


NAME_CASES = [
    ("김민준", "gim minjun"),
    ("KIM MIN-JUN", "gim minjun"),
    ("Minjun Kim", "gim minjun"),
    ("LEE SEOYEON", "i seoyeon"),
    ("이서연", "i seoyeon"),
    ("Rhee Seo Yeon", "i seoyeon"),
    ("", None),
]


@pytest.mark.parametrize(("raw", "expected"), NAME_CASES)
def test_romanised_names_meet_their_hangul(raw, expected):
    assert romanised_name(raw) == expected


def test_settings_round_trip_through_json_with_weights():
    settings = ENTITY_KINDS["person"].settings()
    from linkage.classifier import MatchWeights

    settings.trained = MatchWeights("em", -3.0, {c.name: [float(x) for x in range(c.top + 1)]
                                                for c in settings.comparisons})
    again = LinkageSettings.from_json(settings.to_json())
    assert json.loads(again.to_json()) == json.loads(settings.to_json())
    assert again.comparisons == settings.comparisons
    assert again.blocking_rules == settings.blocking_rules


BAD_SETTINGS = [
    ("unknown comparison type", {"comparisons": [{"type": "soundex", "column": "a"}]}, "unknown comparison"),
    ("threshold out of range", {"threshold": 1.5}, "threshold"),
    ("column no field makes", {"comparisons": [{"type": "exact", "column": "nope"}]}, "nope"),
    ("bad window", {"blocking_rules": [{"type": "sorted_neighbourhood", "on": "a", "window": 4}]}, "window"),
    ("bad metric", {"comparisons": [{"type": "string", "column": "a", "metric": "cosine"}]}, "metric"),
]


@pytest.mark.parametrize(("description", "change", "message"), BAD_SETTINGS, ids=[c[0] for c in BAD_SETTINGS])
def test_invalid_settings_say_what_is_wrong(description, change, message):
    base = {"name": "t", "fields": [{"name": "a", "source": "a"}], "blocking_rules": [],
            "comparisons": [{"type": "exact", "column": "a"}]}
    with pytest.raises(SettingsError, match=message):
        LinkageSettings.from_dict({**base, **change})


def test_blocking_union_has_no_duplicates_and_skips_missing_values():
    frame = pd.DataFrame({"a": ["x", "x", "y", None, None], "b": ["p", "p", "p", "q", "q"]})
    i, j = candidate_pairs([ExactBlockingRule(on=("a",)), ExactBlockingRule(on=("b",)),
                            SortedNeighbourhoodRule(on="b", window=3)], frame)
    pairs = set(zip(i.tolist(), j.tolist(), strict=True))
    assert len(pairs) == len(i)
    assert (0, 1) in pairs and (3, 4) in pairs
    assert all(a < b for a, b in pairs)
    # Two missing values of `a` never pair by `a` alone.
    i2, j2 = candidate_pairs([ExactBlockingRule(on=("a",))], frame)
    assert set(zip(i2.tolist(), j2.tolist(), strict=True)) == {(0, 1)}


def test_two_file_blocking_returns_left_and_right_positions():
    left = pd.DataFrame({"a": ["x", "y"]})
    right = pd.DataFrame({"a": ["y", "z", "x"]})
    i, j = candidate_pairs([ExactBlockingRule(on=("a",))], left, right)
    assert sorted(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 2), (1, 0)]
    assert np.all(i < 2) and np.all(j < 3)
