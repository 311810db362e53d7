"""Korean personal and business names: spacing normalised, romanised variants kept as alternates.

`김 철수` and `김철수` are the same name; `KIM Chul-soo`, `Kim Cheolsu` are romanisations. A Hangul name
cleans to itself without spaces and gets its Revised Romanisation plus the customary spellings of its family
name (Lee/Yi/Rhee ...) as `alts`; a romanised name keeps its own spelling as an alternate, so linkage can
compare both ways.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from loaders.types.base import Kind, text_of
from loaders.types.hangul import normalise, romanisations

HANGUL_ONLY = re.compile(r"^[가-힣 ]+$")
LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")
PAREN_ALT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def personal_alts(name: str) -> list[str]:
    """Romanised forms of a Hangul personal name: RR and the customary family-name spellings."""
    return romanisations(name) if 2 <= len(name) <= 5 else []


def latin_form(name: str) -> str:
    """`Kim Chul-soo` -> `KIM CHULSOO`: upper case, hyphens inside the given name dropped."""
    return re.sub(r"\s+", " ", name.replace("-", "").replace(".", " ")).strip().upper()


class Name(Kind):
    name = "name"
    parts: ClassVar[dict[str, str]] = {"alts": "string[]"}

    def _clean(self, value: Any) -> dict[str, Any] | None:
        raw = normalise(text_of(value)) or ""
        alts: list[str] = []
        paren = PAREN_ALT.match(raw)
        if paren and paren.group(1) and paren.group(2):
            raw, alt = paren.group(1).strip(), paren.group(2).strip()
            alts.append(latin_form(alt) if LATIN.match(alt) else alt)
        if not raw or len(raw) > 100 or not any(ch.isalpha() for ch in raw):
            return None
        if HANGUL_ONLY.match(raw):
            main = raw.replace(" ", "")
            alts.extend(personal_alts(main))
        elif LATIN.match(raw):
            main = latin_form(raw)
            alts.append(main)
        else:
            main = raw
        alts = [a for a in dict.fromkeys(alts) if a and a != main]
        return {"value": main, "alts": alts}

    def _reason(self, value: Any) -> str:
        return "name: empty, too long or without letters"

    def compare(self, left: Any, right: Any) -> float:
        if not left or not right:
            return 0.0
        if left["value"] == right["value"]:
            return 1.0
        mine = {left["value"], *left["alts"]}
        return 0.9 if mine & {right["value"], *right["alts"]} else 0.0
