"""Users, passwords (argon2) and API tokens (stored hashed) against the real Neo4j."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from casekit import GOV
from click.testing import CliRunner

from cases import users
from graph.read import read

pytestmark = pytest.mark.neo4j


def test_add_get_list_disable(db):
    made = users.add_user("kim", role="auditor", governments=[GOV], email="kim@x", display_name="김감사")
    assert users.get_user("kim") == made
    assert [u.username for u in users.list_users(role="auditor", gov=GOV)] == ["kim"]
    assert users.list_users(gov="11110") == []
    assert users.disable_user("kim").active is False
    assert users.list_users(active=True) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "a b", "role": "admin"}, "bad username"),
        ({"username": "x", "role": "boss"}, "unknown role"),
        ({"username": "x", "role": "official"}, "needs at least one government"),
        ({"username": "x", "role": "auditor", "governments": ["4111"]}, "bad government"),
    ],
)
def test_bad_users_are_refused(db, kwargs, message):
    with pytest.raises(users.UserError, match=message):
        users.add_user(**kwargs)


def test_duplicate_username_is_refused(db):
    users.add_user("lee", role="admin")
    with pytest.raises(users.UserError, match="already exists"):
        users.add_user("lee", role="ministry")
    assert read("MATCH (u:User {username: 'lee'}) RETURN u.role AS r", db) == [{"r": "admin"}]


def test_passwords_are_argon2_and_verified(db):
    users.add_user("park", role="supervisor", governments=[GOV], password="s3cret-pw")
    stored = read("MATCH (u:User {username: 'park'}) RETURN u.password_hash AS h", db)[0]["h"]
    assert stored.startswith("$argon2id$") and "s3cret-pw" not in stored
    assert users.verify_password("park", "s3cret-pw").username == "park"
    assert users.verify_password("park", "wrong") is None
    assert users.verify_password("nobody", "s3cret-pw") is None
    users.add_user("nopw", role="admin")
    assert users.verify_password("nopw", "") is None
    users.disable_user("park")
    assert users.verify_password("park", "s3cret-pw") is None


def test_tokens_are_stored_hashed_expire_and_die_with_the_user(db):
    users.add_user("choi", role="official", governments=[GOV])
    token = users.issue_token("choi")
    assert users.authenticate_token(token).username == "choi"
    stored = read("MATCH (t:ApiToken) RETURN properties(t) AS t", db)
    assert len(stored) == 1 and token not in json.dumps(stored)
    assert stored[0]["t"]["token_hash"] == users.token_hash(token)
    assert users.authenticate_token(token + "x") is None
    assert users.authenticate_token("") is None

    t0 = dt.datetime(2026, 1, 1, 12, 0, 0)
    short = users.issue_token("choi", ttl_seconds=60, now=t0)
    assert users.authenticate_token(short, now=t0 + dt.timedelta(seconds=59)) is not None
    assert users.authenticate_token(short, now=t0 + dt.timedelta(seconds=61)) is None

    users.disable_user("choi")
    assert users.authenticate_token(token) is None
    with pytest.raises(users.UserError, match="no active user"):
        users.issue_token("choi")


def test_org_chart_officials_become_users(org):
    users.add_user("e002", role="auditor", governments=[GOV], email="audit@x", password="pw")
    made = {u.username: u for u in users.users_from_org_chart(GOV)}
    # six current officials; the retired one is left out
    assert set(made) == {"e001", "e002", "e003", "e010", "e011", "e012"}
    assert {n for n, u in made.items() if u.role == "supervisor"} == {"e001", "e003"}
    assert made["e010"].employee_no == "E010" and made["e010"].email == "e010@gov.example"
    assert made["e002"].role == "auditor"  # an existing auditor keeps the role ...
    assert users.verify_password("e002", "pw") is not None  # ... and the password
    again = users.users_from_org_chart(GOV)
    assert len(again) == 6 and len(users.list_users()) == 6
    assert read("MATCH (:User)-[r:USER_OF]->(:PersonRecord) RETURN count(r) AS c", org)[0]["c"] == 6


def test_users_cli(db):
    from chungbaek.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["users", "add", "jung", "--role", "auditor", "--gov", GOV, "--email", "j@x"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(cli, ["users", "list", "--json"]).output)
    assert listed == [{"username": "jung", "display_name": "jung", "email": "j@x", "role": "auditor",
                       "governments": [GOV], "employee_no": None, "active": True}]
    token = runner.invoke(cli, ["users", "token", "jung"]).output.strip()
    assert users.authenticate_token(token).username == "jung"
    assert runner.invoke(cli, ["users", "disable", "jung"]).exit_code == 0
    assert users.authenticate_token(token) is None
