"""Fixtures of the case tests (helpers and the org chart are in casekit.py)."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# The folder tests/cases would shadow the `cases` package as a namespace package (the editable install
# resolves packages after sys.path is scanned), so the repository root goes first on sys.path.
REPO = str(Path(__file__).resolve().parents[2])
if REPO not in sys.path:
    sys.path.insert(0, REPO)

import pytest  # noqa: E402
from casekit import Inbox, SmtpServer, WebhookServer, build_org_chart, free_port  # noqa: E402


@pytest.fixture()
def org(db):
    build_org_chart(db)
    return db


@pytest.fixture()
def smtp() -> Iterator[SmtpServer]:
    """An SMTP server on a free loopback port, not started: tests start it (and so can have it down first)."""
    server = SmtpServer(free_port(), Inbox())
    yield server
    server.stop()


@pytest.fixture()
def webhook() -> Iterator[WebhookServer]:
    received: list[dict[str, Any]] = []
    failures_left = [0]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if failures_left[0] > 0:
                failures_left[0] -= 1
                self.send_response(503)
                self.end_headers()
                return
            received.append({"key": self.headers["Idempotency-Key"], "payload": json.loads(body), "body": body,
                             "signature": self.headers["X-ChungBaek-Signature"]})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    port = free_port()
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield WebhookServer(f"http://127.0.0.1:{port}/hook", received, failures_left, httpd)
    httpd.shutdown()
    httpd.server_close()
