"""Concurrent look-ups of one token make one trip to the database, and every request takes its answer: the
user of a good token, None for an unknown one, and the same error when the database is away. The look-up
writes the token's last use, so twenty at once would otherwise queue on that node's lock."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from api import auth
from cases.users import add_user, issue_token
from core.errors import Neo4jUnavailable

pytestmark = [pytest.mark.neo4j]

CLIENTS = 20


def _at_once(monkeypatch, token: str, fail: bool = False) -> tuple[list[object], int]:
    """CLIENTS threads ask for `token` at the same moment; (their answers or errors, the look-ups made)."""
    trips = []
    real = auth._look_up

    def counted(t: str):
        trips.append(t)
        time.sleep(0.3)  # the database's answer takes a while: every other request arrives meanwhile
        if fail:
            raise Neo4jUnavailable("Neo4j is not reachable", hint="start it")
        return real(t)

    monkeypatch.setattr(auth, "_look_up", counted)
    auth.forget_tokens()
    start = threading.Barrier(CLIENTS)

    def ask(_i: int) -> object:
        start.wait()
        try:
            return auth.user_of_token(token)
        except Neo4jUnavailable as exc:
            return exc

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(ask, range(CLIENTS)))
    return answers, len(trips)


def test_one_look_up_for_a_good_token(db, monkeypatch):
    add_user("flight", role="auditor", governments=["41110"], driver=db)
    answers, trips = _at_once(monkeypatch, issue_token("flight", driver=db))
    assert trips == 1
    assert {a.username for a in answers} == {"flight"}  # type: ignore[union-attr]


def test_one_look_up_for_an_unknown_token(db, monkeypatch):
    answers, trips = _at_once(monkeypatch, "cbk_not-a-token-anyone-was-given")
    assert trips == 1 and answers == [None] * CLIENTS


def test_the_same_error_for_everyone_in_an_outage(db, monkeypatch):
    answers, trips = _at_once(monkeypatch, "cbk_whatever", fail=True)
    assert trips == 1
    assert len({id(a) for a in answers}) == 1 and isinstance(answers[0], Neo4jUnavailable)
    assert auth._looking == {}  # nothing left in flight: the next request asks again
