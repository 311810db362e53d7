"""The vocabulary is the one list of systems and kind displays: every node kind a page can show has its
names, colour and shape there, and every contract and scenario area is one of its systems."""

from __future__ import annotations

import re

from graph.model import LAYERS, model
from graph.vocabulary import vocabulary
from loaders.contract import contracts

HANGUL = re.compile(r"[가-힣]")


def test_every_shown_node_kind_has_a_korean_and_english_display():
    shown = {k.label for k in model().nodes.values() if k.layer in LAYERS or "system" in k.key}
    displays = vocabulary().kinds
    assert shown - set(displays) == set()
    assert set(displays) - set(model().nodes) == set()  # no display for a kind the model lost
    for d in displays.values():
        assert HANGUL.search(d.ko) and d.en and re.fullmatch(r"#[0-9a-f]{6}", d.colour) and d.size > 0


def test_the_contracts_are_the_vocabularys_systems_with_their_key_codes():
    systems = vocabulary().systems
    assert set(contracts()) == set(systems)
    codes = [s.code for s in systems.values()]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert "bank" not in vocabulary().areas and "local_tax" in vocabulary().areas
