"""`chungbaek watch`: delta files processed exactly once, checked by the scenarios of their system only,
their cases opened at once; unknown systems refused without stopping; one watcher per inbox."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chungbaek.cli import cli
from chungbaek.watch import inbox_lock, scenarios_reading
from core.errors import ChungBaekError
from detectors.scenario import load_catalog
from generator import generate
from graph.read import read

GOV = "41110"


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("watch") / "m"
    generate(500, 9, out, GOV, progress=False)
    return out


def _watch(inbox: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["watch", str(inbox), "--gov", GOV, "--once", "--json"])
    assert result.exit_code in (0, 2), result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_deltas_are_processed_once_and_open_cases(db, town, tmp_path):
    inbox = tmp_path / "inbox"
    # the base: everything but the payroll, as if the systems had fed the town before
    for system in (p for p in town.iterdir() if p.is_dir() and p.name != "truth"):
        shutil.copytree(system, inbox / system.name)
    payroll = next((inbox / "local_hr").glob("payroll.*"))
    held_back = tmp_path / payroll.name
    payroll.rename(held_back)
    first = _watch(inbox)
    assert first and all(r["status"] == "done" for r in first), [r for r in first if r["status"] != "done"]

    # today's payroll arrives under a dated name: only the scenarios that read local_hr run on it
    delta = inbox / "local_hr" / f"payroll-20261202{held_back.suffix}"
    shutil.copy(held_back, delta)
    (inbox / "hr_typo").mkdir()
    shutil.copy(held_back, inbox / "hr_typo" / held_back.name)
    second = _watch(inbox)
    by_name = {r["name"]: r for r in second}
    today = by_name[f"local_hr/{delta.name}"]
    assert today["status"] == "done" and today["rows_in"] > 0
    assert today["scenarios"] == scenarios_reading("local_hr")
    catalog = {sc.id: sc for sc in load_catalog()}
    assert "HR-PAYROLL-WELFARE-ACCOUNT" in today["scenarios"]
    assert all("local_hr" in catalog[sid].systems for sid in today["scenarios"])
    assert len(today["scenarios"]) < len(catalog)  # the scenarios of other systems did not run
    assert today["findings"] > 0 and today["cases_opened"] > 0
    assert by_name[f"hr_typo/{held_back.name}"]["status"] == "refused"
    assert "unknown system" in by_name[f"hr_typo/{held_back.name}"]["reason"]
    assert (inbox / ".refused" / "hr_typo" / held_back.name).is_file()  # kept, out of the way
    assert all(r["status"] == "skipped" for n, r in by_name.items() if n.split("/")[0] not in ("hr_typo",)
               and n != f"local_hr/{delta.name}")

    # the same content dropped again, under another name, is skipped
    shutil.copy(held_back, inbox / "local_hr" / f"payroll-again{held_back.suffix}")
    third = {r["name"]: r for r in _watch(inbox)}
    assert third[f"local_hr/payroll-again{held_back.suffix}"]["status"] == "skipped"
    ledger = read("MATCH (d:DeltaFile {gov: $gov}) RETURN d.status AS s, count(*) AS n", db, gov=GOV)
    assert {r["s"]: r["n"] for r in ledger}["done"] == len(first) + 1


def test_a_second_watcher_on_one_inbox_is_refused(tmp_path):
    with inbox_lock(tmp_path):
        with pytest.raises(ChungBaekError, match="another watcher"):
            with inbox_lock(tmp_path):
                pass
