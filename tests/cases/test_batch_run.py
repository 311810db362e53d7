"""`chungbaek run DIR`: the nightly batch on a generated town, through the real server and a real SMTP
server; a second run changes nothing, and a broken extract stops the batch with exit code 1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from chungbaek.cli import cli
from core.settings import settings
from generator import generate

GOV = "41110"


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "m"
    generate(500, 5, out, GOV, progress=False)
    return out


def _run(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["run", *args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_the_batch_runs_every_stage_and_again_changes_nothing(db, town, smtp, monkeypatch):
    smtp.start()
    monkeypatch.setenv("CHUNGBAEK_SMTP_PORT", str(smtp.port))
    settings.cache_clear()
    try:
        code, first = _run(str(town), "--gov", GOV)
        assert code == 0, first
        stages = {s["name"]: s for s in first["stages"]}
        assert [s["name"] for s in first["stages"]] == ["load", "link", "detect", "cases", "notify", "escalate"]
        assert all(s["status"] == "ok" for s in first["stages"]), first
        opened = stages["cases"]["detail"]["opened"]
        assert opened > 0 and stages["detect"]["detail"]["findings"] > 0
        # every opened case notifies its official, their supervisor and an auditor, all through SMTP
        assert stages["notify"]["detail"]["delivered"] == len(smtp.inbox.messages) >= opened

        code, again = _run(str(town), "--gov", GOV)
        assert code == 0, again
        stages = {s["name"]: s for s in again["stages"]}
        assert stages["cases"]["detail"]["opened"] == 0
        assert stages["cases"]["detail"]["unchanged"] == opened
        assert stages["notify"]["detail"]["delivered"] == 0
    finally:
        monkeypatch.delenv("CHUNGBAEK_SMTP_PORT")
        settings.cache_clear()


def test_an_unusable_file_fails_the_batch_before_linking(db, town, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(town, broken)
    victim = next(p for p in sorted((broken / "local_tax").iterdir()) if p.suffix == ".csv")
    victim.write_text("not,the,columns\n1,2,3\n", encoding="utf-8")
    code, report = _run(str(broken), "--gov", GOV)
    assert code == 1
    stages = {s["name"]: s for s in report["stages"]}
    assert stages["load"]["status"] == "failed" and victim.name in stages["load"]["error"]
    assert {stages[n]["status"] for n in ("link", "detect", "cases", "notify", "escalate")} == {"skipped"}
