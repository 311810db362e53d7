"""What every HTTP request meets before the app: a body size limit, a time budget, the pages' security headers.

Plain ASGI wrappers (no per-request objects beyond a closure): they sit in front of every request, and the
API's latency figures are a few milliseconds.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio

from api.errors import LIMIT_EXCEEDED, TIMEOUT

log = logging.getLogger("chungbaek.api")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 256 * 1024  # a query is at most 2,000 tokens; a note or a comment is a few kilobytes

# Pages run only our own scripts (the explorer's libraries are served from /explorer/vendor) and talk only
# to our own origin. Style attributes stay allowed: the pages' scripts build markup with them, and a style
# cannot run code. GraphiQL, on only with CHUNGBAEK_GRAPHIQL, loads its own scripts from a CDN: its page
# (GET /graphql) gets no CSP.
CSP = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def page_csp(html: str) -> str:
    """The CSP of one page: our own scripts, and the page's inline scripts by their SHA-256 (never
    'unsafe-inline'), so a script injected into the page does not run."""
    hashes = "".join(f" 'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
                     for body in INLINE_SCRIPT.findall(html) if body.strip())
    return CSP.format(scripts=hashes)
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
           (b"referrer-policy", b"no-referrer")]


def _graphql_error(message: str, code: str, hint: str | None = None) -> bytes:
    error: dict[str, Any] = {"message": message, "extensions": {"code": code, **({"hint": hint} if hint else {})}}
    return json.dumps({"data": None, "errors": [error]}, ensure_ascii=False).encode()


async def _answer(send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *extra]})
    await send({"type": "http.response.body", "body": body})


STRICT = page_csp("").encode()


def body_limit(app: App, limit: int = MAX_BODY_BYTES, exempt: tuple[str, ...] = ()) -> App:
    """Bodies above `limit` bytes answer 413 before the app reads them (by Content-Length, or while they
    stream in without one). Paths under `exempt` keep limits of their own (the pushed delta files)."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(exempt or ("\0",)):
            return await app(scope, receive, send)
        too_big = _graphql_error(f"the request body is larger than {limit // 1024} KiB", LIMIT_EXCEEDED,
                                 "send a smaller query or smaller variables; split long lists into several requests")
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await _answer(send, 413, too_big, [(b"connection", b"close")])
        if declared is not None and declared.isdigit() and int(declared) <= limit:
            return await app(scope, receive, send)
        # No length given (chunked): read it here, up to the limit, and hand the app what was read.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            size += len(message.get("body", b""))
            if size > limit:
                return await _answer(send, 413, too_big, [(b"connection", b"close")])
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        return await app(scope, replay, send)

    return guarded


def time_budget(app: App, seconds: float, paths: tuple[str, ...] = ("/graphql",)) -> App:
    """A request to `paths` that has not answered within `seconds` is given up: its worker is free again and
    the client gets 503 with code TIMEOUT. Work it left in a thread ends with its database transaction,
    which has the same timeout (api.db)."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in paths:
            return await app(scope, receive, send)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with anyio.move_on_after(seconds) as budget:
            await app(scope, receive, watched)
        if budget.cancelled_caught:
            log.warning("a request to %s was given up after %.1f s", scope.get("path"), seconds)
            if not started:
                await _answer(send, 503, _graphql_error(
                    f"the request took longer than {seconds:g} s and was given up", TIMEOUT,
                    "ask for less (a smaller depth, nodeCap or page), or try again later"),
                    [(b"retry-after", b"5")])

    return guarded


def security_headers(app: App, *, csp_exempt: tuple[str, ...] = ()) -> App:
    """The usual security headers on every answer; the CSP on every answer but the paths in csp_exempt."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)
        exempt = scope.get("path") in csp_exempt

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or ()) + HEADERS
                if not exempt and not any(k.lower() == b"content-security-policy" for k, _v in headers):
                    headers.append((b"content-security-policy", STRICT))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, with_headers)

    return guarded
