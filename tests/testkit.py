"""Helpers shared by the test folders: an empty graph with the schema, and a free loopback port."""

from __future__ import annotations

import socket
from typing import Any

WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def fresh_graph(driver: Any) -> None:
    """Every node gone, then the model's constraints and indexes."""
    from graph.schema import apply_schema

    with driver.session() as session:
        session.run(WIPE).consume()
    apply_schema(driver)


def free_port(first: int, last: int) -> int:
    """A free loopback port in first..last: each test folder has its own range, so their servers never meet."""
    for port in range(first, last + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")
