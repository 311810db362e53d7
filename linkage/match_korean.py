"""Korean-aware column kinds of `chungbaek match`: person names and addresses.

Names: a Hangul name is compared as itself (spaces dropped, NFKC), as jamo (a one-letter slip costs one
letter, not a syllable) and romanised (Lee/Yi/Rhee, Park/Pak folded to one family form), so `이지영`,
`이 지영`, `LEE JI-YEONG` and `Yi Jiyeong` agree; a swapped or dropped syllable of the given name is a level
of its own. Its blocking key is the romanised form, so Hangul and Latin spellings share a block.

Addresses: reduced by the types library (`loaders.types.places`: 충남/충청남도 and 서울시/서울특별시 are one, floor
and unit suffixes such as 3층 and 101동 202호 go); the comparison then asks whether the district (시군구) and the street or
neighbourhood agree. A road-name and a lot-number form of one place share their district only: without an
address register that is all they can prove.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Indel, JaroWinkler

from linkage import standardise as st
from linkage.comparisons import NULL, Coded, Comparison
from loaders.types.hangul import HANGUL, jamo, romanised_key
from loaders.types.places import AddressParts, address_key, address_parts


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


def name_key(value: str | None) -> str | None:
    """The blocking key of a compared name: its romanised form with the family name folded (Hangul and Latin
    spellings meet: `임민지`, `YIM MINJI`, `Lim Minji` -> `im minji`)."""
    if not value:
        return None
    return romanised_key(value)


def _jamo(value: str) -> str:
    return (jamo(value) or value) if HANGUL.search(value) else value


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
    """An address in the types library's comparable form: province in its short form, floor, unit and
    parenthesis dropped, the town (동/읍/면/리) before the road (`충청남도 천안시 동남구 만남로 12 (신부동) 3층` ->
    `충남 천안시 동남구 신부동 만남로 12`)."""
    return address_key(text)


def _district(parts: AddressParts) -> str:
    return " ".join((parts.province, *parts.locality)).strip()


@dataclass(frozen=True)
class KoreanAddressComparison(Comparison):
    """Levels: different; same district (시군구); same district and road or town (동/읍/면/리); same place (road
    and building number, or town and lot number); exact."""

    kind: ClassVar[str] = "korean_address"

    def level_labels(self) -> list[str]:
        return ["different", "same district", "same street or neighbourhood", "same place", "exact"]

    def levels_coded(self, coded: list[Coded]) -> np.ndarray:
        c = coded[0]
        parsed = [address_parts(str(v)) or AddressParts() for v in c.values]

        def codes(part: Callable[[AddressParts], str]) -> np.ndarray:
            values = np.array([part(p) for p in parsed], dtype=object)
            out = pd.factorize(values)[0]
            out[values == ""] = -1
            return out

        # A province left out on one side (수원시 장안구 …) does not make another district.
        province, locality = codes(lambda p: p.province), codes(lambda p: " ".join(p.locality))
        road, town = codes(lambda p: p.road), codes(lambda p: p.town)
        building = codes(lambda p: f"{p.road} {p.building_no}" if p.road and p.building_no else "")
        lot = codes(lambda p: f"{p.town} {p.lot}" if p.town and p.lot else "")
        a, b = np.maximum(c.a, 0), np.maximum(c.b, 0)

        def same(x: np.ndarray) -> np.ndarray:
            return (x[a] == x[b]) & (x[a] >= 0)

        out = np.zeros(len(c.a), dtype=np.int8)
        same_district = (locality[a] == locality[b]) & (
            (province[a] == province[b]) | (province[a] < 0) | (province[b] < 0))
        out[same_district] = 1
        out[same_district & (same(road) | same(town))] = 2
        out[same_district & (same(building) | same(lot))] = 3
        out[c.equal] = 4
        out[c.missing] = NULL
        return out


def district_value(text: str | None) -> str | None:
    """The district (province and 시/군/구) of an address, its blocking key."""
    parts = address_parts(text)
    return (_district(parts) or None) if parts else None


__all__ = ["KoreanAddressComparison", "KoreanNameComparison", "address_value", "district_value", "is_korean",
           "name_key", "name_value"]
