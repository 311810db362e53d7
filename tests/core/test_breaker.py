"""The circuit breaker of a fail-fast process: open from the first failure until the database has answered
quickly several times in a row and the recent reads have been asked again; a later failure opens it anew."""

from __future__ import annotations

import threading
import time

from core.breaker import Breaker


class Database:
    """Stands in for Neo4j's answers to the probe: away, slow or quick, as the test says."""

    def __init__(self) -> None:
        self.state = "away"
        self.warm_ups = 0
        self.warm_up_fails = False
        self.lock = threading.Lock()

    def probe(self) -> None:
        if self.state == "away":
            raise ConnectionError("not answering")
        if self.state == "slow":
            time.sleep(0.08)

    def warm_up(self) -> None:
        if self.warm_up_fails:
            raise ConnectionError("went away while warming")
        with self.lock:
            self.warm_ups += 1


def _until(condition, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _breaker(db: Database) -> Breaker:
    return Breaker(db.probe, db.warm_up, period=0.01, warm=0.05, settle=3)


def test_open_while_away_closed_after_quick_answers_and_one_warm_up():
    db = Database()
    breaker = _breaker(db)
    assert not breaker.is_open
    breaker.trip()
    time.sleep(0.2)
    assert breaker.is_open and db.warm_ups == 0
    db.state = "up"
    assert _until(lambda: not breaker.is_open)
    assert db.warm_ups == 1


def test_slow_answers_close_it_only_after_a_few_in_a_row():
    db = Database()
    answers = []
    probe = db.probe

    def counted() -> None:
        probe()
        answers.append(1)

    breaker = Breaker(counted, db.warm_up, period=0.01, warm=0.05, settle=3)
    db.state = "slow"  # answering, but each answer slower than `warm`: just started, or far away
    breaker.trip()
    assert _until(lambda: len(answers) >= 5)
    assert breaker.is_open and db.warm_ups == 0  # five slow answers: still open
    assert _until(lambda: not breaker.is_open)  # the sixth (settle + 3) lets requests through
    assert len(answers) == 6 and db.warm_ups == 1


def test_a_failed_warm_up_keeps_it_open_until_one_succeeds():
    db = Database()
    breaker = _breaker(db)
    db.state, db.warm_up_fails = "up", True
    breaker.trip()
    time.sleep(0.3)
    assert breaker.is_open
    db.warm_up_fails = False
    assert _until(lambda: not breaker.is_open)
    assert db.warm_ups == 1


def test_a_failure_after_closing_opens_it_again():
    db = Database()
    breaker = _breaker(db)
    db.state = "up"
    breaker.trip()
    assert _until(lambda: not breaker.is_open)
    db.state = "away"
    breaker.trip()
    time.sleep(0.2)
    assert breaker.is_open
    db.state = "up"
    assert _until(lambda: not breaker.is_open)
    assert db.warm_ups == 2


def test_trips_from_many_threads_start_one_prober():
    db = Database()
    breaker = _breaker(db)
    threads = [threading.Thread(target=breaker.trip) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [t.name for t in threading.enumerate()].count("neo4j-breaker") == 1
    db.state = "up"
    assert _until(lambda: not breaker.is_open)
    assert _until(lambda: "neo4j-breaker" not in [t.name for t in threading.enumerate()])
