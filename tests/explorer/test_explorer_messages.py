"""The explorer's message catalogue (api/explorer/static/messages.js) is complete: Korean and English have
the same keys and the same {placeholders}, every key a page or script names is in it, and every value a
script looks up by prefix (statuses, events, actions, roles, severities) has a message in both languages."""

from __future__ import annotations

import re

import pytest

from api.explorer.routes import HERE
from api.types.case_status import CaseAction
from cases.lifecycle import STATUSES, TRANSITIONS
from cases.messages import ROLES as RECIPIENT_ROLES
from cases.users import ROLES
from detectors.scenario import load_catalog

STRING = r'"((?:[^"\\]|\\.)*)"'
PAIR = re.compile(STRING + r"\s*:\s*" + STRING)
LITERAL_T = re.compile(r"""\bt\(\s*["']([A-Za-z][\w.]*)["'](?!\s*\+)""")
PREFIX_T = re.compile(r"""\bt\(\s*["']([a-z]+\.)["']\s*\+""")
HTML_KEY = re.compile(r'data-i18n(?:-placeholder|-title)?="([^"]+)"')
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalogue() -> dict[str, dict[str, str]]:
    text = (HERE / "static" / "messages.js").read_text(encoding="utf-8")
    ko_at, en_at = text.index("\n  ko: {"), text.index("\n  en: {")
    return {"ko": dict(PAIR.findall(text[ko_at:en_at])), "en": dict(PAIR.findall(text[en_at:]))}


MESSAGES = catalogue()
SCRIPTS = {p.name: p.read_text(encoding="utf-8") for p in HERE.glob("static/*.js")}
PAGES = {p.name: p.read_text(encoding="utf-8") for p in HERE.glob("pages/*.html")}

# what a script looks up as t(prefix + value), and where the values come from
DYNAMIC = {
    "status.": set(STATUSES),
    "event.": set(TRANSITIONS),
    "action.": {a.value for a in CaseAction},
    "role.": set(ROLES),
    "recipient.": set(RECIPIENT_ROLES),
    "severity.": {s.severity for s in load_catalog() if s.severity},
    "kind.": {"person", "business", "parcel", "building", "account"},
}


def test_the_catalogue_is_read() -> None:
    assert len(MESSAGES["ko"]) > 100 and MESSAGES["ko"]["nav.cases"] == "사건 목록"


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert sorted(set(MESSAGES["ko"]) ^ set(MESSAGES["en"])) == []
    differ = {k: (v, MESSAGES["en"][k]) for k, v in MESSAGES["ko"].items()
              if set(PLACEHOLDER.findall(v)) != set(PLACEHOLDER.findall(MESSAGES["en"][k]))}
    assert differ == {}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_key_a_script_names_is_in_the_catalogue(name: str) -> None:
    keys = set(LITERAL_T.findall(SCRIPTS[name]))
    assert sorted(k for k in keys if k not in MESSAGES["ko"]) == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_key_a_page_names_is_in_the_catalogue(name: str) -> None:
    keys = set(HTML_KEY.findall(PAGES[name]))
    assert sorted(k for k in keys if k not in MESSAGES["ko"]) == []


def test_every_prefix_a_script_looks_up_has_its_values() -> None:
    used = {p for text in SCRIPTS.values() for p in PREFIX_T.findall(text)}
    assert used - set(DYNAMIC) == set(), "a t(prefix + value) with no known values: add it to DYNAMIC"
    missing = [prefix + v for prefix in used for v in DYNAMIC[prefix] if prefix + v not in MESSAGES["ko"]]
    assert missing == []


def test_no_page_carries_english_text_outside_the_catalogue() -> None:
    # the static text of a page is filled from the catalogue; a word between tags would show in both languages
    stray = {name: re.findall(r">\s*([A-Za-z][A-Za-z ,.'-]{3,})\s*<", re.sub(r"<(script|style|title)[^>]*>.*?</\1>", "", html, flags=re.S))
             for name, html in PAGES.items()}
    assert {k: v for k, v in stray.items() if v} == {}
