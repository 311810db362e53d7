"""Readable logs: one line per event to stderr, and the same to <state>/logs/chungbaek.log."""

from __future__ import annotations

import logging
import os

from core.settings import settings

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(verbose: int = 0) -> None:
    level = os.environ.get("CHUNGBAEK_LOG_LEVEL") or ("DEBUG" if verbose > 1 else "INFO" if verbose else "WARNING")
    root = logging.getLogger()
    if getattr(root, "_chungbaek", False):
        return
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(level)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    try:
        log_dir = settings().log_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_dir / "chungbaek.log", encoding="utf-8")
        file_handler.setLevel(logging.INFO)
        file_handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(file_handler)
    except OSError:
        pass
    # recordlinkage logs every comparison pass at INFO through a handler of its own.
    for noisy in ("neo4j", "httpx", "urllib3", "asyncio", "recordlinkage", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    root._chungbaek = True  # type: ignore[attr-defined]
