"""The generate commands as a user runs them: help, clear errors, JSON summaries."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from chungbaek.cli import cli


def test_help_names_the_options() -> None:
    result = CliRunner().invoke(cli, ["generate", "--help"])
    assert result.exit_code == 0
    for option in ("--residents", "--seed", "--gov", "--out"):
        assert option in result.output


def test_bad_government_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", "-n", "1000", "-g", "4111", "-o", str(tmp_path / "m"), "-q"])
    assert result.exit_code != 0
    assert "not 5 digits" in str(result.exception)


def test_generate_and_bench_print_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", "-n", "600", "-s", "2", "-o", str(tmp_path / "m"), "--json", "-q"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["rows"] == sum(summary["files"].values()) > 0
    assert len(summary["files"]) == 38
    bench = CliRunner().invoke(cli, ["bench", "generate", "--residents", "600", "--json"])
    assert bench.exit_code == 0, bench.output
    figures = json.loads(bench.output.strip().splitlines()[-1])
    assert figures["rows"] > 0 and figures["seconds"] > 0 and figures["rows_per_second"] > 0
