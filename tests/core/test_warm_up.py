"""The breaker's warm-up asks again the reads people asked lately, newest first, within a budget: on a
server that has only just started every query is planned afresh, and a warm-up of 32 slow reads once kept
the API refusing requests long after Neo4j was back."""

from __future__ import annotations

import time

import pytest

from core import connection

pytestmark = [pytest.mark.neo4j]

SLOW = "UNWIND range(1, $n) AS x WITH x WHERE x % 7 = $k RETURN count(*)"  # minutes if let run


def test_the_warm_up_stops_at_its_budget_and_asks_the_newest_first(neo4j_driver, monkeypatch):
    recent = {f"{SLOW} // {i}": {"n": 10**10, "k": i % 7} for i in range(6)}
    recent["RETURN $x AS newest"] = {"x": 1}
    monkeypatch.setattr(connection, "_recent", type(connection._recent)(recent))
    asked: list[str] = []
    run = connection.Query.__init__

    def noted(self, text, *args, **kwargs):
        asked.append(str(text))
        run(self, text, *args, **kwargs)

    monkeypatch.setattr(connection.Query, "__init__", noted)
    started = time.monotonic()
    connection._warm_up()
    took = time.monotonic() - started
    assert asked[0] == "RETURN $x AS newest"
    # unbounded, six reads that each run until the server stops them would take six timeouts or more
    assert took < connection.WARM_UP_S + 3.0, took
    assert len(asked) < len(recent)
