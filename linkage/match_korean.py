"""Korean-aware column kinds of `chungbaek match`: person names and addresses.

Names: a Hangul name is compared as itself (spaces dropped, NFKC), as jamo (a one-letter slip costs one
letter, not a syllable) and romanised (Lee/Yi/Rhee, Park/Pak folded to one family form), so `이지영`,
`이 지영`, `LEE JI-YEONG` and `Yi Jiyeong` agree; a swapped or dropped syllable of the given name is a level
of its own. Its blocking key is the romanised form, so Hangul and Latin spellings share a block.

Addresses: provinces written in full or abbreviated (충남/충청남도, 서울시/서울특별시) are one, floor and unit
suffixes (3층, 101동 202호) go; the comparison then asks whether the district (시군구) and the street or
neighbourhood agree. A road-name and a lot-number form of one place share their district only: without an
address register that is all they can prove.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Indel, JaroWinkler

from linkage import standardise as st
from linkage.comparisons import NULL, REGISTRY, Coded, Comparison
from linkage.settings import STANDARDISERS

HANGUL = re.compile(r"[가-힣]")
PROVINCES = {
    "서울특별시": ("서울시", "서울"), "부산광역시": ("부산시", "부산"), "대구광역시": ("대구시", "대구"),
    "인천광역시": ("인천시", "인천"), "광주광역시": ("광주시",), "대전광역시": ("대전시", "대전"),
    "울산광역시": ("울산시", "울산"), "세종특별자치시": ("세종시", "세종"), "경기도": ("경기",),
    "강원특별자치도": ("강원도", "강원"), "충청북도": ("충북",), "충청남도": ("충남",),
    "전북특별자치도": ("전라북도", "전북"), "전라남도": ("전남",), "경상북도": ("경북",), "경상남도": ("경남",),
    "제주특별자치도": ("제주도", "제주"),
}
PROVINCE_OF = {alias: full for full, aliases in PROVINCES.items() for alias in (full, *aliases)}
UNIT = re.compile(r"(\s+(지하\s*)?\d+층|\s+\d+동\s*\d+호|\s+\d+호|\s*\([^)]*\))+\s*$")
LOCALITY = re.compile(r"(로|길|동|리|읍|면|가)$")


def is_korean(values: pd.Series) -> bool:
    """True when a column's values are mostly Hangul (then the Korean comparisons apply)."""
    sample = values.dropna().astype(str).head(2000)
    return bool(len(sample)) and sample.str.contains(HANGUL).mean() >= 0.3


# -- names ---------------------------------------------------------------------------------------------
def name_value(text: str | None) -> str | None:
    """The compared form: a Hangul name without spaces; any other name in its romanised folded form."""
    if not text:
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if not text:
        return None
    if HANGUL.search(text):
        compact = re.sub(r"[^가-힣]", "", text)
        return compact or None
    return st.romanised_name(text)


# Family spellings the general romaniser leaves apart (bank books write 임 as YIM, 손 as SOHN).
MORE_FAMILY = {"yim": "im", "sohn": "son", "shim": "sim", "sung": "seong", "seong": "seong", "kwak": "gwak",
               "paek": "baek", "rhyu": "yu", "lyu": "yu", "ryoo": "yu", "jeung": "jeong"}


def name_key(value: str | None) -> str | None:
    """The blocking key of a compared name: its romanised form (Hangul and Latin spellings meet)."""
    if not value:
        return None
    key = st.romanised_name(value) if HANGUL.search(value) else value
    if key and " " in key:
        family, given = key.split(" ", 1)
        key = f"{MORE_FAMILY.get(family, family)} {given}"
    return key


def _jamo(value: str) -> str:
    return unicodedata.normalize("NFD", value) if HANGUL.search(value) else value


@dataclass(frozen=True)
class KoreanNameComparison(Comparison):
    """Levels: different; similar (jamo or romanised Jaro-Winkler >= 0.85); a syllable of the given name
    swapped, dropped or added; one letter apart (jamo >= 0.92, romanised >= 0.95); the same romanised name
    (another script or spelling); exact."""

    kind: ClassVar[str] = "korean_name"

    def level_labels(self) -> list[str]:
        return ["different", "similar", "syllable swapped or dropped", "one letter apart", "same romanised",
                "exact"]

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        values = np.array([str(v) for v in c.values], dtype=object)
        roman = np.array([name_key(v) or "" for v in values], dtype=object)
        jamo = np.array([_jamo(v) for v in values], dtype=object)
        hangul = np.array([bool(HANGUL.search(v)) for v in values])

        a, b = c.a, c.b
        out = np.full(len(a), 5, dtype=np.int8)
        need = np.flatnonzero((a != b) & (a >= 0) & (b >= 0))
        if len(need):
            x, y = np.minimum(a[need], b[need]).astype(np.int64), np.maximum(a[need], b[need]).astype(np.int64)
            width = len(values) + 1
            inverse, distinct = pd.factorize(x * width + y)
            dx, dy = distinct // width, distinct % width
            levels = _name_levels(values[dx], values[dy], roman[dx], roman[dy], jamo[dx], jamo[dy],
                                  hangul[dx] & hangul[dy])
            out[need] = levels[inverse]
        out[c.missing] = NULL
        return out


def _name_levels(vx: np.ndarray, vy: np.ndarray, rx: np.ndarray, ry: np.ndarray, jx: np.ndarray, jy: np.ndarray,
                 both_hangul: np.ndarray) -> np.ndarray:
    rom = process.cpdist(rx.tolist(), ry.tolist(), scorer=JaroWinkler.normalized_similarity, workers=-1)
    jam = process.cpdist(jx.tolist(), jy.tolist(), scorer=JaroWinkler.normalized_similarity, workers=-1)
    jam = np.where(both_hangul, jam, 0.0)
    syll = process.cpdist(vx.tolist(), vy.tolist(), scorer=Indel.distance, workers=-1)
    out = np.zeros(len(vx), dtype=np.int8)
    same_family = np.array([p.split(" ")[0] == q.split(" ")[0] for p, q in zip(rx, ry, strict=True)])
    out[same_family & ((rom >= 0.85) | (jam >= 0.85))] = 1
    swapped = np.array([sorted(p) == sorted(q) for p, q in zip(vx, vy, strict=True)])
    lengths = np.abs(np.array([len(p) - len(q) for p, q in zip(vx, vy, strict=True)]))
    dropped = (lengths == 1) & (syll == 1)  # one syllable more or less, the rest in order
    moved = both_hangul & same_family & (swapped | dropped)
    out[moved] = 2
    out[((jam >= 0.92) | (rom >= 0.95)) & ~moved] = 3
    out[rx == ry] = 4
    return out


# -- addresses -----------------------------------------------------------------------------------------
def address_value(text: str | None) -> str | None:
    """An address with its province spelled in full and without floor or unit."""
    if not text:
        return None
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(text))).strip()
    if not text:
        return None
    tokens = UNIT.sub("", text).split(" ")
    if tokens and tokens[0] in PROVINCE_OF:
        tokens[0] = PROVINCE_OF[tokens[0]]
    return " ".join(tokens).lower() or None


def address_parts(value: str) -> tuple[str, str]:
    """(district, street or neighbourhood with number): the district is everything before the first
    locality word (…로, …길, …동, …리, …읍, …면)."""
    tokens = value.split(" ")
    for k, token in enumerate(tokens):
        if k > 0 and LOCALITY.search(token) and not token.endswith(("시", "구", "군")):
            return " ".join(tokens[:k]), " ".join(tokens[k:])
    return " ".join(tokens[:-1]), tokens[-1] if tokens else ""


@dataclass(frozen=True)
class KoreanAddressComparison(Comparison):
    """Levels: different; same district (시군구); same district and street or neighbourhood; same place
    (number too); exact."""

    kind: ClassVar[str] = "korean_address"

    def level_labels(self) -> list[str]:
        return ["different", "same district", "same street or neighbourhood", "same place", "exact"]

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        parts = [address_parts(str(v)) for v in c.values]
        district = pd.factorize(np.array([p[0] for p in parts], dtype=object))[0]
        rest = [p[1].split(" ") for p in parts]
        street = pd.factorize(np.array([r[0] for r in rest], dtype=object))[0]
        place = pd.factorize(np.array([" ".join(r[:2]) for r in rest], dtype=object))[0]
        a, b = np.maximum(c.a, 0), np.maximum(c.b, 0)
        out = np.zeros(len(c.a), dtype=np.int8)
        same_district = district[a] == district[b]
        out[same_district] = 1
        out[same_district & (street[a] == street[b])] = 2
        out[same_district & (place[a] == place[b])] = 3
        out[c.equal] = 4
        out[c.missing] = NULL
        return out


def _mapped(fn):
    return lambda s: st.map_values(s, fn)


# Registered beside the general kinds so a saved pipeline (--settings-out) reads back.
STANDARDISERS.setdefault("korean_name", _mapped(name_value))
STANDARDISERS.setdefault("korean_name_key", _mapped(lambda v: name_key(name_value(v))))
STANDARDISERS.setdefault("korean_address", _mapped(address_value))
STANDARDISERS.setdefault("korean_district", _mapped(lambda v: (address_parts(a)[0] if (a := address_value(v))
                                                                else None) or None))
# An identifier column may mix full keys and masked forms (YYMMDD-S******): a masked form says only birth
# date and sex, so the two are compared each with its own kind, never one against the other.
STANDARDISERS.setdefault("id_full", lambda s: STANDARDISERS["code"](s).map(
    lambda v: None if v is None or "*" in str(v) else v).astype(object))
STANDARDISERS.setdefault("id_masked", lambda s: STANDARDISERS["code"](s).map(
    lambda v: v if v is not None and "*" in str(v) else None).astype(object))
REGISTRY.setdefault(KoreanNameComparison.kind, KoreanNameComparison)
REGISTRY.setdefault(KoreanAddressComparison.kind, KoreanAddressComparison)

__all__ = ["KoreanAddressComparison", "KoreanNameComparison", "address_parts", "address_value", "is_korean",
           "name_key", "name_value"]
