"""One CLI vocabulary: every command that reports something has --json, and a government is always
`--gov` in the help (the old `--government` still parses, hidden)."""

from __future__ import annotations

import click
from click.testing import CliRunner

from chungbaek.cli import cli

# Commands whose output is a document or a running server, not a result to parse.
NO_RESULT = {"contracts doc", "api schema", "serve", "demo"}


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out.update(_commands(cmd, (*path, name)))
        else:
            out[" ".join((*path, name))] = cmd
    return out


def test_every_command_that_reports_has_json():
    missing = sorted(name for name, cmd in _commands(cli).items()
                     if name not in NO_RESULT and not any("--json" in getattr(p, "opts", ()) for p in cmd.params))
    assert missing == []


def test_governments_are_named_with_gov_in_every_help_text():
    for name, cmd in _commands(cli).items():
        opts = {o for p in cmd.params for o in getattr(p, "opts", ())}
        assert "--government" not in opts or "--gov" in opts, name
        help_text = CliRunner().invoke(cli, [*name.split(), "--help"]).output
        assert "--government" not in help_text, name


def test_the_old_flag_still_parses():
    result = CliRunner().invoke(cli, ["link", "--government", "not-a-code"])
    assert "not a government code" in str(result.exception) or "not a government code" in result.output
