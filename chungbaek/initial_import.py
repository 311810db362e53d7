"""`chungbaek load DIR --initial`: map the extract as every load does, write import files, import them
offline with `neo4j-admin database import full` into a staging database, then swap it in.

The previous database stays in place until the import has succeeded: the staging store is renamed to
the default database's directories only then (the old ones are kept aside until the server answers on
the new store, and put back when it does not).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from chungbaek import neo4j_server
from core.connection import close_drivers, get_driver
from core.errors import ChungBaekError
from core.settings import settings
from graph.import_files import ImportFiles
from graph.read import totals
from graph.schema import apply_schema
from loaders.load import load_directory
from loaders.summary import LoadSummary

STAGING = "chungbaek-staging"
DATABASE = "neo4j"


class InitialImportError(ChungBaekError):
    """The offline import could not run; the existing graph is untouched."""


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def initial_load(directory: Path, gov: str | None, quarantine_dir: Path | None, replace: bool, *,
                 progress: bool = False) -> LoadSummary:
    cfg = settings()
    if cfg.external_neo4j:
        raise InitialImportError(f"--initial imports offline into the project's own server, and NEO4J_URI points at "
                                 f"{cfg.neo4j_uri}", hint="load through Bolt (without --initial), or unset NEO4J_URI")
    neo4j_server.start(cfg, log=lambda _m: None)
    nodes, _rels = totals(get_driver(cfg))
    if nodes and not replace:
        raise InitialImportError(f"the graph already holds {nodes:,} nodes; --initial builds a new database",
                                 hint="add --replace to replace it, or load through Bolt without --initial")
    data = cfg.neo4j_home / "data"
    need = 3 * _size(Path(directory))
    free = shutil.disk_usage(data).free
    if free < need:
        raise InitialImportError(f"{data} has {free / 2**30:.1f} GiB free; the import files and the new store need "
                                 f"about {need / 2**30:.1f} GiB", hint="free disk space, or load through Bolt")
    with tempfile.TemporaryDirectory(prefix="chungbaek-import-", dir=data) as tmp:
        files = ImportFiles(batch_size=cfg.batch_size)
        summary = load_directory(directory, gov=gov, writer=files, quarantine_dir=quarantine_dir, progress=progress)
        try:
            written = files.write_files(Path(tmp) / "csv")
        except OSError as exc:
            raise InitialImportError(f"cannot write the import files in {tmp}: {exc.strerror}",
                                     hint="free disk space; the graph was not touched") from None
        del files
        close_drivers()
        neo4j_server.stop(cfg)
        try:
            result = neo4j_server._java(
                cfg, neo4j_server.ADMIN_CLASS, "database", "import", "full", *(f.argument() for f in written),
                "--array-delimiter=U+001F", "--multiline-fields=true", "--overwrite-destination=true",
                f"--max-off-heap-memory={cfg.neo4j_pagecache}", f"--report-file={Path(tmp) / 'import.report'}",
                STAGING, timeout=3600)
            if result.returncode != 0:
                raise InitialImportError("neo4j-admin database import failed; the previous database is untouched:\n"
                                         + (result.stdout + result.stderr).strip()[-2000:])
            _swap(data)
        finally:
            for kind in ("databases", "transactions"):
                shutil.rmtree(data / kind / STAGING, ignore_errors=True)
            neo4j_server.start(cfg, log=lambda _m: None)
    for kind in ("databases", "transactions"):
        shutil.rmtree(data / kind / f".{DATABASE}.previous", ignore_errors=True)
    apply_schema(get_driver(cfg))
    return summary


def _swap(data: Path) -> None:
    for kind in ("databases", "transactions"):
        old, new, aside = data / kind / DATABASE, data / kind / STAGING, data / kind / f".{DATABASE}.previous"
        shutil.rmtree(aside, ignore_errors=True)
        if old.exists():
            old.rename(aside)
        new.rename(old)
