"""The ten contracts load and agree with the graph model; a wrong contract fails naming file and place."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.contract import CONTRACT_DIR, SYSTEMS, contracts, load_contract
from loaders.errors import ContractError

GOOD = {
    "system": "local_tax",
    "files": {"taxpayers": {
        "key": "taxpayer_no",
        "columns": {"taxpayer_no": {"type": "key", "required": True}, "name": {"type": "name"},
                    "rrn": {"type": "rrn"}},
        "nodes": [{"id": "p", "label": "PersonRecord", "properties": {"name": "name", "rrn_hash": "rrn.hash"}}],
    }},
}


def test_all_ten_systems_have_a_valid_contract() -> None:
    known = contracts()
    assert sorted(known) == sorted(SYSTEMS)
    assert all(c.files for c in known.values())


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "local_tax.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _broken(change) -> dict:
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    change(data["files"]["taxpayers"])
    return data


BROKEN = [
    ("unknown kind", lambda f: f["columns"]["name"].update(type="nickname"), "unknown identifier kind"),
    ("unknown label", lambda f: f["nodes"][0].update(label="Taxpayer"), "Unknown node label"),
    ("property not in model", lambda f: f["nodes"][0]["properties"].update(shoe_size="name"), "shoe_size"),
    ("unknown column", lambda f: f["nodes"][0]["properties"].update(phone="phone"), "not a column"),
    ("unknown part", lambda f: f["nodes"][0]["properties"].update(rrn_hash="rrn.colour"), "no part"),
    ("type mismatch", lambda f: f["nodes"][0]["properties"].update(birth_date="name.alts"), "wants date"),
    ("optional key column", lambda f: f["columns"]["taxpayer_no"].update(required=False), "must be required"),
    ("relationship not allowed", lambda f: f.update(relationships=[
        {"type": "PAYEE", "from": "p", "to": {"label": "PersonRecord", "source_key": "{name}"}}]),
     "may not start at PersonRecord"),
    ("relationship to unknown node", lambda f: f.update(relationships=[
        {"type": "HOLDS", "from": "p", "to": {"node": "account"}}]), "not the id"),
    ("impossible condition", lambda f: f["nodes"][0].update(when={"name": "x"}), None),
]


@pytest.mark.parametrize(("what", "change", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_contracts_name_the_file(tmp_path: Path, what: str, change, message: str | None) -> None:
    if message is None:  # a condition on a non-category column is allowed (any value can match)
        load_contract(_write(tmp_path, _broken(change)))
        return
    with pytest.raises(ContractError) as err:
        load_contract(_write(tmp_path, _broken(change)))
    assert "local_tax.yaml" in str(err.value) and message in str(err.value)


def test_system_must_match_file_name(tmp_path: Path) -> None:
    data = dict(GOOD, system="welfare")
    with pytest.raises(ContractError, match="must be the file's name"):
        load_contract(_write(tmp_path, data))


def test_contract_docs_are_up_to_date() -> None:
    from loaders.contract_doc import render

    assert (CONTRACT_DIR.parent.parent / "docs" / "contracts.md").read_text(encoding="utf-8") == render(), (
        "docs/contracts.md is stale: run `chungbaek contracts doc --write`")
