"""Logins throttled per username and address with a lockout that expires, the same answer for an unknown
user and a wrong password, and token expiry honoured to the second through the token cache."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from apikit import Client, codes

from cases.logins import USER_LIMIT
from cases.users import add_user, issue_token, token_hash

pytestmark = pytest.mark.neo4j

LOGIN = ('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on LoginSuccess { token } '
         '... on MutationError { code message } } }')
GOOD = "a long and right password"


def _login(server, username: str, password: str) -> dict:
    return Client(server.url).data(LOGIN, {"u": username, "p": password})["login"]


def test_repeated_failures_lock_a_username_known_or_not_alike(server, world, neo4j_driver):
    add_user("lockme", role="auditor", governments=["41110"], password=GOOD, driver=neo4j_driver)
    answers = {name: [_login(server, name, "wrong") for _ in range(USER_LIMIT)] for name in ("lockme", "ghost")}
    for name, seen in answers.items():
        assert {a["code"] for a in seen} == {"UNAUTHENTICATED"}, name
    assert {a["message"] for a in answers["lockme"]} == {a["message"] for a in answers["ghost"]}
    # locked now: even the right password is refused, with the same words for both names
    locked = _login(server, "lockme", GOOD)
    ghost = _login(server, "ghost", GOOD)
    assert locked["code"] == ghost["code"] == "LIMIT_EXCEEDED"
    assert "too many failed logins" in locked["message"]
    assert locked["message"].split("after")[0] == ghost["message"].split("after")[0]
    # another username from the same address is not locked by these
    assert "token" in _login(server, "aud", "correct horse battery")


def test_an_expired_token_is_refused_at_its_expiry_even_when_cached(server, world, neo4j_driver):
    token = issue_token("aud", ttl_seconds=3, driver=neo4j_driver)
    mine = Client(server.url, token)
    for _ in range(4):  # every worker has it cached now
        assert mine.data("{ me { username } }") == {"me": {"username": "aud"}}
    expires = neo4j_driver.execute_query("MATCH (t:ApiToken {token_hash: $h}) RETURN t.expires_at AS e",
                                         h=token_hash(token)).records[0]["e"]
    end = dt.datetime.fromisoformat(str(expires)).replace(tzinfo=dt.UTC)
    time.sleep(max(0.0, (end - dt.datetime.now(dt.UTC)).total_seconds()) + 0.05)
    for _ in range(6):
        assert codes(mine.gql("{ me { username } }")) == ["UNAUTHENTICATED"]
