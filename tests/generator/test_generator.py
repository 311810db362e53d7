"""The generated municipality: determinism, contract columns, identifiers, planted scenarios, truth."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path

import pytest

from generator import GeneratorError, generate
from generator.ids import brn_valid, crn_valid, pnu_valid, rrn_valid
from tests.generator.helpers import SYSTEMS, contract, data_file, header, read_rows, row_key, scenario_ids


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _truth(extract: Path, name: str) -> list[dict[str, str]]:
    with open(extract / "truth" / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_same_seed_same_bytes_other_seed_differs(extract: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(1000, 3, again, "41110", progress=False)
    assert _digest(again) == _digest(extract)
    other = tmp_path / "other"
    generate(1000, 4, other, "41110", progress=False)
    theirs = _digest(other)
    assert theirs.keys() == _digest(extract).keys()
    assert theirs != _digest(extract)
    assert theirs["local_tax/taxpayers.csv"] != _digest(extract)["local_tax/taxpayers.csv"]


@pytest.mark.parametrize("system", SYSTEMS)
def test_every_file_has_the_columns_of_its_contract(extract: Path, system: str) -> None:
    files = contract(system)["files"]
    for file, spec in files.items():
        path = data_file(extract, system, file)
        assert header(path) == list(spec["columns"]), f"{system}/{file}"
        assert read_rows(path), f"{system}/{file} is empty"


def test_some_files_are_cp949_and_one_is_parquet(extract: Path) -> None:
    raw = (extract / "welfare" / "recipients.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "recipient_no" in raw.decode("cp949")
    assert (extract / "bank" / "transfers.parquet").exists()


def _values(extract: Path, columns: tuple[str, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {c: [] for c in columns}
    for system in SYSTEMS:
        for file in contract(system)["files"]:
            for row in read_rows(data_file(extract, system, file)):
                for c in columns:
                    for col in (c, f"holder_{c}", f"representative_{c}"):
                        if row.get(col):
                            out[c].append(row[col])
    return out


def test_identifiers_are_valid_where_not_deliberately_broken(extract: Path) -> None:
    v = _values(extract, ("brn", "crn", "pnu", "rrn"))
    assert v["brn"] and all(brn_valid(x) for x in v["brn"] if x != "X")
    assert v["crn"] and all(crn_valid(x) for x in v["crn"])
    assert v["pnu"] and all(pnu_valid(x) for x in v["pnu"])
    full = [x for x in v["rrn"] if "*" not in x]
    masked = [x for x in v["rrn"] if "*" in x]
    assert masked, "some systems show masked resident numbers"
    bad = [x for x in full if not rrn_valid(x)]
    random_tail = [x for x in bad if x.replace("-", "")[6] in "34" and x[:2] >= "20"]
    assert len(full) > 1000
    assert random_tail, "post-2020 numbers with random tails are present"
    assert len(bad) - len(random_tail) <= 0.01 * len(full), "only a few transposed digits"


def test_noise_is_present(extract: Path) -> None:
    dates = [r["paid_on"] for r in read_rows(extract / "welfare" / "payments.csv")]
    styles = Counter("dotted" if "." in x else "iso" if "-" in x else "compact" for x in dates)
    assert len(styles) == 3
    amounts = [r["amount"] for r in read_rows(extract / "welfare" / "payments.csv")]
    assert any("," in a for a in amounts) and any("," not in a for a in amounts)
    holders = [r["holder_name"] for r in read_rows(extract / "bank" / "accounts.csv")]
    assert any(h.isascii() and h.strip() for h in holders), "some romanised holder names"


def test_every_scenario_is_planted_with_decoys(extract: Path) -> None:
    ids = scenario_ids()
    assert len(ids) >= 29
    planted = Counter(r["scenario_id"] for r in _truth(extract, "planted_cases.csv"))
    decoys = Counter(r["scenario_id"] for r in _truth(extract, "decoys.csv"))
    for sid in ids:
        assert planted[sid] >= 3, sid
        assert decoys[sid] >= 1, sid
    assert set(planted) <= set(ids)


def _row_keys(extract: Path) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for system in SYSTEMS:
        for file in contract(system)["files"]:
            for row in read_rows(data_file(extract, system, file)):
                keys.setdefault(system, set()).add(row_key(system, file, row))
    return keys


def test_every_evidence_key_is_a_row_of_its_file(extract: Path) -> None:
    keys = _row_keys(extract)
    for name in ("planted_cases.csv", "decoys.csv"):
        for row in _truth(extract, name):
            evidence = row["evidence_keys"].split(";")
            assert evidence and evidence[0], row
            for item in evidence:
                system, key = item.split(":", 1)
                assert key in keys[system], f"{name}: {row['scenario_id']} names {item}, which is no row"


def test_truth_entities_cover_every_party_row(extract: Path) -> None:
    truth = _truth(extract, "entities.csv")
    pairs = [(r["system"], r["source_key"]) for r in truth]
    assert len(pairs) == len(set(pairs)), "each record once"
    assert {r["entity_kind"] for r in truth} == {"person", "business", "parcel", "building", "account"}
    known = set(pairs)
    party_files = {"local_tax": "taxpayers", "local_duties": "payers", "local_finance": "payees", "saeol": "applicants",
                   "construction": "owners", "real_estate": "parties", "welfare": "recipients", "local_hr": "officials"}
    for system, file in party_files.items():
        rows = read_rows(data_file(extract, system, file))
        missing = [row_key(system, file, r) for r in rows if (system, row_key(system, file, r)) not in known]
        assert len(missing) <= max(1, len(rows) // 2000), f"{system}/{file}: {missing[:3]} not in the truth"
    for row in read_rows(extract / "real_estate" / "parcels.csv"):
        if row["pnu"]:
            assert ("real_estate", row["pnu"]) in known
    gov_accounts = [r for r in truth if r["source_key"].startswith("41110-AC-")]
    assert gov_accounts and all(r["entity_id"].startswith("A-") for r in gov_accounts)


def test_the_same_person_keeps_one_entity_across_systems(extract: Path) -> None:
    truth = _truth(extract, "entities.csv")
    officials = {r["source_key"]: r["entity_id"] for r in truth if r["system"] == "local_hr"}
    rows = read_rows(extract / "local_hr" / "officials.csv")
    by_rrn = {r["rrn"].replace("-", ""): officials[r["employee_no"]] for r in rows if r["employee_no"] in officials}
    hits = 0
    for r in read_rows(extract / "bank" / "accounts.csv"):
        rrn = r["holder_rrn"].replace("-", "")
        if rrn in by_rrn:
            hkey = f"41110-AH-{r['bank_code']}-{r['account_no']}"
            entity = next(t["entity_id"] for t in truth if t["system"] == "bank" and t["source_key"] == hkey)
            assert entity == by_rrn[rrn]
            hits += 1
    assert hits > 10


def test_bad_government_code_and_unwritable_directory(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="not 5 digits"):
        generate(1000, 1, tmp_path / "x", "4111")
    with pytest.raises(GeneratorError, match="unknown province"):
        generate(1000, 1, tmp_path / "x", "99110")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(GeneratorError, match="cannot write"):
        generate(1000, 1, blocker / "m", "41110")
    with pytest.raises(GeneratorError, match="is a file"):
        generate(1000, 1, blocker, "41110")
    with pytest.raises(GeneratorError, match="out of range"):
        generate(10, 1, tmp_path / "y", "41110")


def test_planted_relatives_without_a_resident_number_are_deliberate(extract: Path) -> None:
    """A planted relative whose family row lost its number to the noise, and with it anything else to tie it
    by, would be a case no rule can find (one such plant was missed at 1M). The generator plants relatives
    without a number on purpose (real HR family rows often lack it), but then with the name, birth date,
    address and phone that let linkage and the rules tie them."""
    family = {row["relative_no"]: row for row in read_rows(data_file(extract, "local_hr", "family"))}
    named = [key for row in _truth(extract, "planted_cases.csv")
             for key in (k.split(":", 1)[1] for k in row["evidence_keys"].split(";")) if key in family]
    assert named, "no plant names a relative"
    without = [key for key in named if not family[key]["rrn"]]
    assert without, "no plant names a relative known without a resident number"
    assert [key for key in without
            if not all(family[key][c] for c in ("name", "birth_date", "address", "phone"))] == []
