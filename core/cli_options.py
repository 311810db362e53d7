"""Command-line options every stage shares, so the CLI speaks one vocabulary.

`--gov CODE` names a local government everywhere. `--government` is still accepted for one release, as a
hidden alias: scripts written against the old flag keep working, and `--help` shows only `--gov`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

GOV_HELP = "5-digit local-government code."


class _GovOption(click.Option):
    """`--gov` with `--government` accepted but left out of the help text."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        names, text = record
        return names.replace(", --government", ""), text


def gov_option(help: str = GOV_HELP, *short: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The `--gov CODE` option (plus any short names given), passed to the command as `gov`."""
    return click.option("--gov", "--government", *short, "gov", cls=_GovOption, metavar="CODE", help=help,
                        **kwargs)


def json_option(help: str = "Print the result as JSON.") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The `--json` flag, passed to the command as `as_json`."""
    return click.option("--json", "as_json", is_flag=True, help=help)


def emit(as_json: bool, data: dict[str, Any], text: str) -> None:
    """Print a command's outcome: `data` as JSON with --json, else the sentence for a person."""
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str) if as_json else text)
