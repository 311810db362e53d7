"""Failed-login counts and lockouts in the graph (cases.logins), at chosen moments."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.logins import USER_LIMIT, WINDOW, locked_until, record_failure

pytestmark = pytest.mark.neo4j


def test_a_lockout_expires(db):
    t0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    for i in range(USER_LIMIT):
        record_failure("kim", "10.0.0.9", now=t0 + dt.timedelta(seconds=i), driver=db)
    assert locked_until("kim", None, now=t0 + dt.timedelta(minutes=1), driver=db) is not None
    assert locked_until("lee", None, now=t0 + dt.timedelta(minutes=1), driver=db) is None
    assert locked_until("kim", None, now=t0 + WINDOW + dt.timedelta(minutes=1), driver=db) is None


def test_failures_spread_beyond_the_window_never_lock(db):
    t0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    for i in range(3 * USER_LIMIT):
        record_failure("park", None, now=t0 + i * (WINDOW / (USER_LIMIT - 2)), driver=db)
        assert locked_until("park", None, now=t0 + i * (WINDOW / (USER_LIMIT - 2)), driver=db) is None
