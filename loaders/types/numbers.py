"""Amounts in KRW (integers) and measures (floats) as people type them: `1,234,000원`, `330.5㎡`."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from loaders.types.base import Kind, text_of

AMOUNT = re.compile(r"^(-)?\(?(?:₩|KRW)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?\s*(?:원|KRW)?\)?$")
NUMBER = re.compile(r"^(-)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(?:㎡|m2|m²|평)?$")


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
