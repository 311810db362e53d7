"""Phone numbers and addresses reduced to the parts two systems can agree on.

Phones: `010-1234-5678`, `01012345678` and `+82 10-1234-5678` are one number (`01012345678`).

Addresses: one place is written in road-name form (`충청남도 천안시 동남구 만남로 12 (신부동) 3층 301호`) or lot-number
form (`충남 천안시 동남구 신부동 123-4`); provinces are abbreviated or not (충남/충청남도, 서울시/서울특별시), floor and
unit suffixes come and go. `address_parts` keeps province (canonical short form), locality (시/군/구), the
town (동/읍/면/리, from the parenthesis of a road address too), the road with its building number and the lot
number; `address_key` joins them in that order, so token-set comparisons see the shared parts of both forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Every spelling of a province -> its short form (legal-dong province codes in DESIGN.md section 11).
PROVINCES: dict[str, tuple[str, ...]] = {
    "서울": ("서울특별시", "서울시", "서울"), "부산": ("부산광역시", "부산시", "부산"), "대구": ("대구광역시", "대구시", "대구"),
    "인천": ("인천광역시", "인천시", "인천"), "광주": ("광주광역시", "광주시", "광주"), "대전": ("대전광역시", "대전시", "대전"),
    "울산": ("울산광역시", "울산시", "울산"), "세종": ("세종특별자치시", "세종시", "세종"), "경기": ("경기도", "경기"),
    "충북": ("충청북도", "충북"), "충남": ("충청남도", "충남"), "전남": ("전라남도", "전남"),
    "경북": ("경상북도", "경북"), "경남": ("경상남도", "경남"), "제주": ("제주특별자치도", "제주도", "제주"),
    "강원": ("강원특별자치도", "강원도", "강원"), "전북": ("전북특별자치도", "전라북도", "전북"),
}
PROVINCE_OF = {spelling: short for short, spellings in PROVINCES.items() for spelling in spellings}

_UNIT = re.compile(r"(지하\s*)?(?<![가-힣\d])\d+\s*층|(?<![가-힣\d])\d+\s*호|(?<![가-힣\d])(\d+|[A-Za-z])\s*동(?=\s|$)|,")
_PAREN = re.compile(r"\(([^()]*)\)")
_ROAD = re.compile(r"^[가-힣0-9]+(로|길)$")
_TOWN = re.compile(r"^[가-힣0-9]+(동|읍|면|리|가)$")
_LOCALITY = re.compile(r"^[가-힣]+(시|군|구)$")
_NUMBER = re.compile(r"^(산\s?)?\d+(-\d+)?$")


def phone_digits(text: str | None) -> str | None:
    """National digits of a Korean phone number (`+82 10-1234-5678` -> `01012345678`); None if not one."""
    if text is None:
        return None
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    if not raw or re.search(r"[^\d\s\-+().]", raw):
        return None
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("82") and (raw.startswith("+") or raw.startswith("0082") or len(digits) >= 11):
        digits = "0" + digits[2:].lstrip("0")
    elif digits.startswith("0082"):
        digits = "0" + digits[4:].lstrip("0")
    if not digits.startswith("0") or not 9 <= len(digits) <= 11:
        return None
    return digits


def format_phone(digits: str) -> str:
    """`01012345678` -> `010-1234-5678`, `021234567` -> `02-123-4567`."""
    if digits.startswith("02"):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"


@dataclass(frozen=True)
class AddressParts:
    province: str = ""
    locality: tuple[str, ...] = ()
    town: str = ""
    road: str = ""
    building_no: str = ""
    lot: str = ""

    def key(self) -> str:
        road = f"{self.road} {self.building_no}".strip()
        return " ".join(p for p in (self.province, *self.locality, self.town, road, self.lot) if p)


def address_parts(text: str | None) -> AddressParts | None:
    """The comparable parts of a Korean address; None when nothing is left."""
    if text is None:
        return None
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    towns = [t.strip() for inner in _PAREN.findall(raw) for t in inner.split(",") if _TOWN.match(t.strip())]
    body = _UNIT.sub(" ", _PAREN.sub(" ", raw))
    tokens = body.split()
    province, locality, town, road, bno, lot = "", [], "", "", "", ""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not province and not locality and tok in PROVINCE_OF:
            province = PROVINCE_OF[tok]
        elif _ROAD.match(tok) and not road:
            road = tok
            if i + 1 < len(tokens) and _NUMBER.match(tokens[i + 1]):
                bno, i = tokens[i + 1], i + 1
        elif _TOWN.match(tok) and not town and not road:
            town = tok
        elif _LOCALITY.match(tok) and not town and not road:
            locality.append(tok)
        elif tok == "산" and i + 1 < len(tokens) and _NUMBER.match(tokens[i + 1]) and not lot:
            lot, i = "산" + tokens[i + 1], i + 1
        elif _NUMBER.match(tok) and town and not road and not lot:
            lot = tok.replace(" ", "")
        i += 1
    if not town and towns:
        town = towns[0]
    parts = AddressParts(province, tuple(locality), town, road, bno, lot)
    return parts if parts.key() else None


def address_key(text: str | None) -> str | None:
    """`충청남도 천안시 동남구 만남로 12 (신부동) 3층` -> `충남 천안시 동남구 신부동 만남로 12`; None if nothing left."""
    parts = address_parts(text)
    return parts.key() if parts else None
