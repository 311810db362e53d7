"""`PUT /ingest/<system>/<file>`: a source system pushes a delta file instead of dropping it in the inbox.

The caller shows a feed token of that system (`chungbaek feeds token --gov G --system S`) as a bearer
token. The body is the file's bytes, at most CHUNGBAEK_INGEST_MAX_BYTES; it lands in the inbox of the
token's government (loaders.feeds.land), where `chungbaek watch <inbox>/<gov>` processes it exactly as a
dropped file: ledger, quarantine, linkage, the scenarios that read the system, cases and notifications.
Answers are JSON: 202 with where the file landed and its hash, or an error with a code and a hint.
"""

from __future__ import annotations

import logging

from anyio import to_thread
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.auth import bearer
from core.connection import guarded
from core.errors import ChungBaekError, Neo4jUnavailable
from core.settings import settings
from loaders.contract import contracts
from loaders.feeds import Feed, FeedTooLarge, feed_of_token, land

log = logging.getLogger("chungbaek.api.ingest")


def _refuse(status: int, code: str, message: str, hint: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **({"hint": hint} if hint else {})}},
                        status_code=status)


def _feed(token: str) -> Feed | None:
    with guarded():
        return feed_of_token(token)


async def ingest(request: Request) -> JSONResponse:
    system, name = request.path_params["system"], request.path_params["name"]
    token = bearer(request.headers.get("authorization"))
    if token is None:
        return _refuse(401, "UNAUTHENTICATED", "a feed token is needed",
                       "send Authorization: Bearer <token> (chungbaek feeds token --gov G --system S)")
    if system not in contracts():
        return _refuse(404, "NOT_FOUND", f"no source system {system!r}")
    try:
        feed = await to_thread.run_sync(_feed, token)
    except Neo4jUnavailable as exc:
        return _refuse(503, "UNAVAILABLE", exc.message, exc.hint)
    if feed is None or feed.system != system:  # one answer for a wrong token and another system's token
        return _refuse(403, "FORBIDDEN", f"this token may not push files of {system}")
    declared = request.headers.get("content-length")
    limit = settings().ingest_max_bytes
    if declared and declared.isdigit() and int(declared) > limit:
        return _refuse(413, "LIMIT_EXCEEDED", f"the file is larger than {limit // (1024 * 1024)} MiB",
                       "split the delta into several files")
    try:
        path, size, sha = await land(feed, name, request.stream(), limit)
    except ClientDisconnect:
        return _refuse(400, "BAD_USER_INPUT", "the connection closed before the whole file arrived",
                       "push the file again: nothing of it was kept")
    except OSError as exc:
        log.error("a pushed file of %s/%s could not be written: %s", feed.gov, system, exc)
        return _refuse(507, "UNAVAILABLE", "the inbox could not store the file (disk full or not writable)",
                       "ask the operator to check CHUNGBAEK_INBOX; push the file again later")
    except FeedTooLarge as exc:
        return _refuse(413, "LIMIT_EXCEEDED", exc.message, exc.hint)
    except ChungBaekError as exc:
        return _refuse(400, "BAD_USER_INPUT", exc.message, exc.hint)
    log.info("feed %s/%s pushed %s (%d bytes, %s)", feed.gov, system, path.name, size, sha[:16])
    return JSONResponse({"gov": feed.gov, "system": system, "file": path.name, "bytes": size, "sha256": sha,
                         "inbox": str(path.parent.parent)}, status_code=202)


ROUTES = [Route("/ingest/{system}/{name}", ingest, methods=["PUT", "POST"])]
