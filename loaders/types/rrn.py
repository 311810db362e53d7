"""Resident registration number (주민등록번호): YYMMDD-S + 6 digits.

The clear number never leaves `clean`: what comes out is a keyed hash (HMAC-SHA256 with the key from
settings, the join key across systems), the masked form `YYMMDD-S******`, the birth date and the sex.
Numbers issued since October 2020 have a random tail, so a failed check digit is a warning, not a refusal.
Masked numbers (`YYMMDD-S******`) are accepted without a hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from typing import Any, ClassVar

from loaders.types.base import Kind, text_of
from loaders.types.checksums import rrn_valid

# S digit -> (century, sex); 5-8 are foreigners' numbers.
CENTURY_SEX = {"9": (1800, "M"), "0": (1800, "F"), "1": (1900, "M"), "2": (1900, "F"), "3": (2000, "M"),
               "4": (2000, "F"), "5": (1900, "M"), "6": (1900, "F"), "7": (2000, "M"), "8": (2000, "F")}
FULL = re.compile(r"^(\d{6})[\s-]?(\d)(\d{6})$")
MASKED = re.compile(r"^(\d{6})[\s-]?(\d)?[*xX●]{5,7}$")


def _birth(yymmdd: str, s: str) -> tuple[str, str] | None:
    century, sex = CENTURY_SEX[s]
    born = dt.date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    if born > dt.date.today():
        return None
    return born.isoformat(), sex


class ResidentNumber(Kind):
    name = "rrn"
    graph_type = "string"  # the "value" of a resident number is its masked form
    parts: ClassVar[dict[str, str]] = {"hash": "string", "masked": "string", "birth_date": "date", "sex": "string"}
    sensitive = True

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key

    @property
    def key(self) -> bytes:
        if self._key is None:
            from core.settings import settings

            self._key = settings().hash_key
        return self._key

    def digest(self, digits13: str) -> str:
        return hmac.new(self.key, digits13.encode("ascii"), hashlib.sha256).hexdigest()

    def _clean(self, value: Any) -> dict[str, Any] | None:
        raw = text_of(value)
        full = FULL.match(raw)
        if full:
            front, s, tail = full.groups()
            born = _birth(front, s)
            if born is None:
                return None
            digits = front + s + tail
            masked = f"{front}-{s}******"
            return {"value": masked, "hash": self.digest(digits), "masked": masked, "birth_date": born[0],
                    "sex": born[1], "check_ok": rrn_valid(digits)}
        part = MASKED.match(raw)
        if part:
            front, s = part.groups()
            if s is None:
                dt.date(2000, int(front[2:4]), int(front[4:6]))  # the century is unknown: check month/day only
                return {"value": f"{front}-*******", "hash": None, "masked": f"{front}-*******",
                        "birth_date": None, "sex": None, "check_ok": True}
            born = _birth(front, s)
            if born is None:
                return None
            masked = f"{front}-{s}******"
            return {"value": masked, "hash": None, "masked": masked, "birth_date": born[0], "sex": born[1],
                    "check_ok": True}
        return None

    def warn(self, cleaned: Any) -> str | None:
        if cleaned and not cleaned["check_ok"]:
            return "rrn: check digit does not match (allowed: numbers since 2020-10 have random tails)"
        return None

    def _reason(self, value: Any) -> str:
        # Never quote the number: say only what is wrong with its shape.
        raw = text_of(value)
        digits = re.sub(r"\D", "", raw)
        if FULL.match(raw) or MASKED.match(raw):
            return "rrn: the first seven digits are not a possible birth date and sex digit"
        return f"rrn: expected YYMMDD-NNNNNNN (13 digits), got {len(digits)} digits"

    def mask_raw(self, value: Any) -> Any:
        if value is None:
            return value
        raw = str(value)
        # Keep the birth-date part for the investigator, star every later digit.
        out, seen = [], 0
        for ch in raw:
            if ch.isdigit():
                seen += 1
                out.append(ch if seen <= 6 else "*")
            else:
                out.append(ch)
        return "".join(out)

    def compare(self, left: Any, right: Any) -> float:
        if not left or not right:
            return 0.0
        if left.get("hash") and right.get("hash"):
            return 1.0 if left["hash"] == right["hash"] else 0.0
        return 0.5 if left["masked"] == right["masked"] else 0.0
