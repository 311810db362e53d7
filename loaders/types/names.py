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

HANGUL_ONLY = re.compile(r"^[가-힣 ]+$")
LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")
PAREN_ALT = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")

_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
_MEDIAL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i"]
_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
          "ng", "t", "t", "k", "t", "p", "t"]

# Customary spellings of common family names (passports and bank records use these, not RR).
FAMILY_VARIANTS = {
    "김": ("KIM", "GIM"), "이": ("LEE", "YI", "RHEE", "RI"), "박": ("PARK", "PAK", "BAK"), "최": ("CHOI", "CHOE"),
    "정": ("JUNG", "JEONG", "CHUNG"), "강": ("KANG", "GANG"), "조": ("CHO", "JO"), "윤": ("YOON", "YUN"),
    "장": ("JANG", "CHANG"), "임": ("LIM", "IM", "YIM"), "한": ("HAN",), "오": ("OH", "O"), "서": ("SEO", "SUH"),
    "신": ("SHIN", "SIN"), "권": ("KWON", "GWON"), "황": ("HWANG",), "안": ("AHN", "AN"), "송": ("SONG",),
    "류": ("RYU", "YOO", "YU"), "유": ("YOO", "YU"), "전": ("JEON", "JUN", "CHUN"), "홍": ("HONG",),
    "고": ("KO", "GO"), "문": ("MOON", "MUN"), "양": ("YANG",), "손": ("SON", "SOHN"), "배": ("BAE",),
    "백": ("BAEK", "PAIK"), "허": ("HEO", "HUH"), "노": ("NOH", "ROH", "NO"), "남": ("NAM",), "심": ("SIM", "SHIM"),
}


def romanise(hangul: str) -> str:
    """Revised Romanisation, syllable by syllable (names are romanised without sound changes)."""
    out = []
    for ch in hangul:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            ini, med, fin = code // 588, (code % 588) // 28, code % 28
            out.append(_INITIAL[ini] + _MEDIAL[med] + _FINAL[fin])
        else:
            out.append(ch)
    return "".join(out)


def personal_alts(name: str) -> list[str]:
    """Romanised forms of a Hangul personal name: RR and the customary family-name spellings."""
    if not (2 <= len(name) <= 4) or not HANGUL_ONLY.match(name):
        return []
    family, given = name[0], romanise(name[1:]).upper()
    spellings = [romanise(family).upper(), *FAMILY_VARIANTS.get(family, ())]
    return list(dict.fromkeys(f"{f} {given}" for f in spellings))


def latin_form(name: str) -> str:
    """`Kim Chul-soo` -> `KIM CHULSOO`: upper case, hyphens inside the given name dropped."""
    return re.sub(r"\s+", " ", name.replace("-", "").replace(".", " ")).strip().upper()


class Name(Kind):
    name = "name"
    parts: ClassVar[dict[str, str]] = {"alts": "string[]"}

    def _clean(self, value: Any) -> dict[str, Any] | None:
        raw = text_of(value)
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
