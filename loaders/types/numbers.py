"""Amounts in KRW (integers), measures (floats) and areas as people type them: `1,234,000원`, `330.5㎡`,
`105평` (an area in the traditional unit, 1 평 = 3.3058 m²)."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from loaders.types.base import Kind, text_of

AMOUNT = re.compile(r"^(-)?\(?(?:₩|KRW)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?\s*(?:원|KRW)?\)?$")
NUMBER = re.compile(r"^(-)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(?:㎡|m2|m²)?$")
# Text is NFKC-normalised first, so ㎡ and m² arrive as "m2"; 坪 is the Hanja of 평.
AREA = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(m2|sqm|제곱미터|평|坪)?$", re.IGNORECASE)
M2_PER_PYEONG = 3.3058
PYEONG = frozenset({"평", "坪"})


class Amount(Kind):
    """Whole KRW; thousands separators, `원` / `₩` / `KRW` accepted; fractions refused."""

    name = "amount"
    graph_type = "int"

    def _clean(self, value: Any) -> int | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value) if value.is_integer() else None
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else None
        m = AMOUNT.match(text_of(value).replace(" ", ""))
        if not m:
            return None
        number = int(m.group(2).replace(",", ""))
        return -number if m.group(1) else number

    def _reason(self, value: Any) -> str:
        return f"amount: not a whole number of won: {text_of(value)[:30]!r}"


class Number(Kind):
    """A measure such as an area in m2."""

    name = "number"
    graph_type = "float"

    def _clean(self, value: Any) -> float | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float | Decimal):
            number = float(value)
        else:
            m = NUMBER.match(text_of(value).replace(" ", ""))
            if not m:
                return None
            try:
                number = float(Decimal(m.group(2).replace(",", "") + (m.group(3) or "")))
            except InvalidOperation:
                return None
            number = -number if m.group(1) else number
        return number if math.isfinite(number) else None

    def _reason(self, value: Any) -> str:
        return f"number: not a number: {text_of(value)[:30]!r}"


class Area(Number):
    """An area in m²: `330.5`, `330.5㎡`, `1,330 m2`; `105평` is converted (105 × 3.3058 = 347.11 m²).

    Negative areas and other units (`105평형`, `3 acres`) are refused: an area in the wrong unit would
    decide a threshold (the 330 m² of the resident tax's property portion) silently wrong.
    """

    name = "area"

    def _clean(self, value: Any) -> float | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float | Decimal):
            number = float(value)
            return number if math.isfinite(number) and number >= 0 else None
        m = AREA.match(text_of(value).replace(" ", ""))
        if not m:
            return None
        number = float(Decimal(m.group(1).replace(",", "") + (m.group(2) or "")))
        if m.group(3) in PYEONG:
            number = round(number * M2_PER_PYEONG, 2)
        return number if math.isfinite(number) else None

    def _reason(self, value: Any) -> str:
        text = text_of(value)[:30]
        if text.lstrip().startswith("-"):
            return f"area: negative area {text!r}"
        return f"area: not an area in m2 or 평: {text!r} (write e.g. 330.5, 330.5㎡ or 100평)"
