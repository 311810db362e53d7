"""The `chungbaek` command line.

Each stage contributes its commands from its own `cli.py` (a `COMMANDS` list, and optionally
`BENCH_COMMANDS` for `chungbaek bench ...`), so a stage's command lives beside its code.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from chungbaek import __version__
from chungbaek.errors import ChungBaekError
from chungbaek.logs import setup_logging

STAGE_CLI_MODULES = (
    "chungbaek.neo4j_cli",
    "chungbaek.users_cli",
    "chungbaek.generator.cli",
    "graph.cli",
    "loaders.cli",
    "linkage.cli",
    "detectors.cli",
    "cases.cli",
    "api.cli",
    "chungbaek.pipeline",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="chungbaek")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """ChungBaek: link a local government's administrative systems into one graph, run preventive
    scenarios over it and route every finding to the official, their supervisor and an auditor.

    Settings come from environment variables (see the README); `chungbaek neo4j start` runs the
    project's own Neo4j server.
    """
    setup_logging(verbose)


@cli.group()
def bench() -> None:
    """Benchmarks that print figures (speed, quality) as text or --json."""


def _register() -> None:
    for name in STAGE_CLI_MODULES:
        if importlib.util.find_spec(name.rsplit(".", 1)[0]) is None:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            continue
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - one broken stage must not take the whole CLI down
            click.secho(f"warning: the commands of {name} could not be loaded: {exc}", fg="yellow", err=True)
            continue
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)
        for command in getattr(module, "BENCH_COMMANDS", []):
            bench.add_command(command)


_register()


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
            from chungbaek.settings import settings
            from graph.connection import unavailable

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
