"""`chungbaek watch`: delta files processed exactly once, checked by the scenarios of their system only,
their cases opened at once; unknown systems refused without stopping; one watcher per inbox."""

from __future__ import annotations

import json
import os
import shutil
import time
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


def test_a_pushed_file_is_processed_as_a_dropped_one(db, town, tmp_path):
    """PUT /ingest/SYSTEM/FILE with the system's feed token lands the file whole in the government's inbox,
    once however often it is pushed, and the watcher processes it like a dropped file; anything else is
    refused with a code and nothing lands."""
    import httpx
    from apikit import Server

    from loaders.feeds import issue_feed_token, revoke_feed_tokens

    payroll = next((town / "local_hr").glob("payroll.*"))
    body = payroll.read_bytes()
    root = tmp_path / "inbox"
    hr_token = issue_feed_token(GOV, "local_hr", db)
    welfare_token = issue_feed_token(GOV, "welfare", db)
    server = Server(workers=1, env={"CHUNGBAEK_INBOX": str(root), "CHUNGBAEK_INGEST_MAX_BYTES": str(len(body) + 10)})

    def push(name: str, data: bytes, token: str | None = hr_token, system: str = "local_hr") -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.put(f"{server.url}/ingest/{system}/{name}", content=data, headers=headers, timeout=30)

    try:
        first = push(f"payroll-20261203{payroll.suffix}", body)
        assert first.status_code == 202, first.text
        landed = root / GOV / "local_hr" / first.json()["file"]
        assert landed.read_bytes() == body and first.json()["bytes"] == len(body)
        assert push(f"payroll{payroll.suffix}", body).json()["file"] == landed.name  # same content, one file
        refused = {
            "no token": push("payroll.csv", body, token=None),
            "another system's token": push("payroll.csv", body, token=welfare_token),
            "an unknown token": push("payroll.csv", body, token="cbf_" + "x" * 43),
            "a name no contract has": push("salaries.csv", body),
            "not a data file": push("payroll.exe", body),
            "an unknown system": push("payroll.csv", body, system="hr_typo"),
            "too large": push("payroll.csv", body + b"x" * 100),
        }
        codes = {why: (r.status_code, r.json()["error"]["code"]) for why, r in refused.items()}
        assert codes == {"no token": (401, "UNAUTHENTICATED"), "another system's token": (403, "FORBIDDEN"),
                         "an unknown token": (403, "FORBIDDEN"), "a name no contract has": (400, "BAD_USER_INPUT"),
                         "not a data file": (400, "BAD_USER_INPUT"), "an unknown system": (404, "NOT_FOUND"),
                         "too large": (413, "LIMIT_EXCEEDED")}, codes
        assert all(r.json()["error"].get("hint") or r.status_code in (403, 404) for r in refused.values())
        assert [p.name for p in (root / GOV / "local_hr").iterdir()] == [landed.name]
        assert list((root / ".incoming").iterdir()) == []
        assert revoke_feed_tokens(GOV, "local_hr", db) == 1
        assert push("payroll.csv", body).status_code == 403
    finally:
        server.stop()
    old = time.time() - 60  # past the watcher's settle time
    os.utime(landed, (old, old))
    results = _watch(root / GOV)
    assert [(r["name"], r["status"]) for r in results] == [(f"local_hr/{landed.name}", "done")]
    rows = sum(1 for line in body.decode("utf-8-sig").splitlines()[1:] if line.strip()) if payroll.suffix == ".csv" else None
    assert results[0]["rows_in"] > 0 and (rows is None or results[0]["rows_in"] == rows)
    assert results[0]["loaded"] + results[0]["quarantined"] == results[0]["rows_in"]
