"""The `chungbaek` command line: the shell that puts the stages' commands together.

Each stage contributes its commands from its own `cli.py` (a `COMMANDS` list), so a command lives beside
its code. The generator and the benchmarks are tools, installed apart from the product (`tools/`); without
them, `chungbaek generate` and `chungbaek bench` say how to install them.
"""

from __future__ import annotations

import sys

import click

from api.cli import COMMANDS as API_COMMANDS
from cases.cli import COMMANDS as CASES_COMMANDS
from cases.users_cli import COMMANDS as USERS_COMMANDS
from chungbaek import __version__
from chungbaek.batch import COMMANDS as BATCH_COMMANDS
from chungbaek.batch import open_cases_after_detect
from chungbaek.initial_import import initial_load
from chungbaek.neo4j_cli import COMMANDS as NEO4J_COMMANDS
from chungbaek.pipeline import COMMANDS as PIPELINE_COMMANDS
from chungbaek.watch import COMMANDS as WATCH_COMMANDS
from core.errors import ChungBaekError
from core.logs import setup_logging
from detectors.cli import AFTER_DETECT
from detectors.cli import COMMANDS as DETECTORS_COMMANDS
from graph.cli import COMMANDS as GRAPH_COMMANDS
from linkage.cli import COMMANDS as LINKAGE_COMMANDS
from loaders.cli import COMMANDS as LOADERS_COMMANDS
from loaders.cli import INITIAL_LOAD

try:  # the tools distribution (tools/pyproject.toml) is optional: the product runs without it
    from bench.cli import BENCH_COMMANDS
    from generator.cli import COMMANDS as GENERATOR_COMMANDS
except ModuleNotFoundError as exc:
    if exc.name not in ("bench", "generator"):
        raise
    BENCH_COMMANDS, GENERATOR_COMMANDS = [], []

TOOLS_HINT = "the generator and benchmarks are tools: install them with pip install -e tools"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="chungbaek")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """ChungBaek: link a local government's administrative systems into one graph, run preventive
    scenarios over it and route every finding to the official, their supervisor and an auditor.

    Settings come from environment variables (see the README); `chungbaek neo4j start` runs the
    project's own Neo4j server.
    """
    setup_logging(verbose)
    ctx.obj = {AFTER_DETECT: open_cases_after_detect, INITIAL_LOAD: initial_load}


@cli.group()
def bench() -> None:
    """Benchmarks that print figures (speed, quality) as text or --json."""
    if not BENCH_COMMANDS:
        raise ChungBaekError("the benchmarks are not installed", hint=TOOLS_HINT)


for command in (*NEO4J_COMMANDS, *USERS_COMMANDS, *GENERATOR_COMMANDS, *GRAPH_COMMANDS, *LOADERS_COMMANDS,
                *LINKAGE_COMMANDS, *DETECTORS_COMMANDS, *CASES_COMMANDS, *API_COMMANDS, *PIPELINE_COMMANDS,
                *BATCH_COMMANDS, *WATCH_COMMANDS):
    cli.add_command(command)
for command in BENCH_COMMANDS:
    bench.add_command(command)
if not GENERATOR_COMMANDS:
    @cli.command("generate", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def generate_missing() -> None:
        """Write a synthetic municipality (needs the tools: pip install -e tools)."""
        raise ChungBaekError("the generator is not installed", hint=TOOLS_HINT)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ChungBaekError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no stack trace for users
        from neo4j.exceptions import Neo4jError, ServiceUnavailable

        if isinstance(exc, ServiceUnavailable):
            from core.connection import unavailable
            from core.settings import settings

            click.secho(f"error: {unavailable(settings(), exc)}", fg="red", err=True)
            sys.exit(1)
        if isinstance(exc, Neo4jError):
            click.secho(f"error: Neo4j refused a query: {exc.message}", fg="red", err=True)
            sys.exit(1)
        import logging
        import traceback

        logging.getLogger("chungbaek").error("unexpected failure\n%s", traceback.format_exc())
        click.secho(
            f"error: unexpected {type(exc).__name__}: {exc}\n  -> details were written to the log "
            "(<state>/logs/chungbaek.log); please report them",
            fg="red", err=True,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
