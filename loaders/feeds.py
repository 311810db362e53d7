"""Delta feeds: which contract file a delta file belongs to, the tokens systems push with, and the landing
of a pushed file in the inbox that `chungbaek watch` follows.

A pushed file is written whole under the inbox's `.incoming/` and then renamed into
`<inbox>/<gov>/<system>/<contract>-<sha256[:16]><suffix>`: the watcher never sees half a file, the same
content pushed twice lands under one name, and the watcher's ledger (DeltaFile) processes it once.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver

from core.clock import now_iso
from core.connection import execute, get_driver
from core.errors import ChungBaekError
from core.settings import settings
from core.tokens import token_hash
from loaders.contract import contracts

DATA_SUFFIXES = (".csv", ".parquet")
FEED_PREFIX = "cbf_"
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,120}")


class FeedError(ChungBaekError):
    """A pushed file or a feed token that cannot be used; the message says why."""


class FeedTooLarge(FeedError):
    """A pushed file over the size limit."""


def contract_stem(system: str, path: Path) -> str | None:
    """The contract file a delta file belongs to: its name, or its name before a `-suffix`."""
    files = contracts()[system].files
    stem = path.stem
    if stem in files:
        return stem
    candidates = [f for f in files if stem.startswith(f + "-") or stem.startswith(f + "_")]
    return max(candidates, key=len) if candidates else None


def issue_feed_token(gov: str, system: str, driver: Driver | None = None) -> str:
    """A new token with which `system` of `gov` pushes its delta files; shown once, only its hash is kept."""
    if system not in contracts():
        raise FeedError(f"no source system {system!r}", hint="one of: " + ", ".join(contracts()))
    token = FEED_PREFIX + secrets.token_urlsafe(32)
    execute(driver or get_driver(), "CREATE (:FeedToken {token_hash: $hash, gov: $gov, system: $system, "
            "created_at: $now, revoked: false})", hash=token_hash(token), gov=gov, system=system, now=now_iso())
    return token


def revoke_feed_tokens(gov: str, system: str, driver: Driver | None = None) -> int:
    rows = execute(driver or get_driver(), "MATCH (t:FeedToken {gov: $gov, system: $system}) "
                   "WHERE NOT t.revoked SET t.revoked = true RETURN count(t) AS c", gov=gov, system=system).records
    return int(rows[0]["c"]) if rows else 0


@dataclass(frozen=True)
class Feed:
    gov: str
    system: str


def feed_of_token(token: str, driver: Driver | None = None) -> Feed | None:
    """The government and system a live feed token pushes for, or None."""
    if not token.startswith(FEED_PREFIX):
        return None
    rows = execute(driver or get_driver(), "MATCH (t:FeedToken {token_hash: $hash}) WHERE NOT t.revoked "
                   "SET t.last_used_at = $now RETURN t.gov AS gov, t.system AS system",
                   hash=token_hash(token), now=now_iso()).records
    return Feed(rows[0]["gov"], rows[0]["system"]) if rows else None


def landing_name(system: str, name: str) -> tuple[str, str]:
    """(contract stem, suffix) of a pushed file's name, or FeedError saying what the name should be."""
    path = Path(name)
    if not NAME.fullmatch(name) or path.suffix.lower() not in DATA_SUFFIXES:
        raise FeedError(f"{name!r} is not a delta file name",
                        hint="name it after a contract file of the system, e.g. payroll.csv or payroll-20261202.parquet")
    stem = contract_stem(system, path)
    if stem is None:
        raise FeedError(f"{name!r} names no contract file of {system}",
                        hint="its files: " + ", ".join(sorted(contracts()[system].files)))
    return stem, path.suffix.lower()


async def land(feed: Feed, name: str, chunks: AsyncIterator[bytes], limit: int) -> tuple[Path, int, str]:
    """Write a pushed file into the inbox (see the module doc); (its path, bytes, sha256). Over `limit`
    bytes, nothing lands and FeedError says so."""
    stem, suffix = landing_name(feed.system, name)
    root = settings().inbox
    incoming = root / ".incoming"
    incoming.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=incoming, prefix=f"{feed.gov}-{feed.system}-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise FeedTooLarge(f"the file is larger than {limit // (1024 * 1024)} MiB",
                                    hint="split the delta into several files")
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise FeedError("the file is empty", hint="send the delta file's bytes as the request body")
        sha = digest.hexdigest()
        folder = root / feed.gov / feed.system
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem}-{sha[:16]}{suffix}"
        os.replace(tmp, target)
        return target, size, sha
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
