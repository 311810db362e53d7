"""Person linkage against the generator's truth: a small town with the traits of real extracts (holders
known by name only or by name and birth date, romanised holders, namesakes, dead people with living
namesakes, name variants, road and lot addresses, three phone forms) is loaded into the real Neo4j and
linked; person pair F1 over the SAME_AS clusters must reach 0.99."""

from __future__ import annotations

import csv
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from generator import generate
from graph.read import read
from linkage import link_all

pytestmark = [pytest.mark.neo4j]

MEMBERSHIP = ("MATCH (r:PersonRecord)-[:SAME_AS]->(e:Person) "
              "RETURN r.system + ':' + r.source_key AS record, e.entity_id AS entity")


def _pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for members in groups.values() for p in combinations(members, 2)}


def test_person_pair_f1_on_a_generated_town(db: object, tmp_path: Path) -> None:
    from loaders.load import load_directory

    out = tmp_path / "town"
    generate(2500, 5, out, "41110", progress=False)
    load_directory(out, gov="41110", quarantine_dir=tmp_path / "quarantine")
    link_all("41110", kinds=["person"], driver=db)

    linked: dict[str, list[str]] = defaultdict(list)
    found = set()
    for row in read(MEMBERSHIP, db):
        linked[row["entity"]].append(row["record"])
        found.add(row["record"])
    truth: dict[str, list[str]] = defaultdict(list)
    with open(out / "truth" / "entities.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = f"{row['system']}:{row['source_key']}"
            if row["entity_kind"] == "person" and key in found:  # rows the loader quarantined are not linked
                truth[row["entity_id"]].append(key)
    assert len(found) > 2000, "the town should give thousands of person records"
    true_pairs, got_pairs = _pairs(truth), _pairs(linked)
    hit = len(true_pairs & got_pairs)
    precision, recall = hit / len(got_pairs), hit / len(true_pairs)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.99, f"person pair F1 {f1:.4f} (precision {precision:.4f}, recall {recall:.4f})"
