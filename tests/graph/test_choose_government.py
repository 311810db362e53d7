"""Which government a command works on when none is named: the only one in the graph, else an error that
lists them (a silent built-in default once linked an empty government while the loaded one waited)."""

from __future__ import annotations

import pytest

from core.errors import ChungBaekError
from graph.read import choose_government
from graph.writer import GraphWriter


def _records(driver, *govs: str) -> None:
    GraphWriter(driver).merge_nodes("PersonRecord", [
        {"system": "local_tax", "source_key": f"{g}-TX-1", "gov": g, "name": "김철수"} for g in govs])


def test_the_only_government_in_the_graph_is_chosen(db):
    _records(db, "41281")
    assert choose_government(None, db) == "41281"
    assert choose_government("43111", db) == "43111"


def test_several_governments_and_no_choice_is_an_error_naming_them(db):
    _records(db, "41281", "43111")
    with pytest.raises(ChungBaekError, match="41281, 43111") as raised:
        choose_government(None, db)
    assert "--gov" in str(raised.value)


def test_a_code_that_is_not_five_digits_is_refused(db):
    with pytest.raises(ChungBaekError, match="not a government code"):
        choose_government("' OR 1=1 //", db)
