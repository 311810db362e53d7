from __future__ import annotations

from typing import NewType

import strawberry


def _parse(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("an amount in KRW is a whole number")
    amount = int(value)
    if not 0 <= amount <= 10**15:
        raise ValueError("an amount in KRW is between 0 and 10^15")
    return amount


KRW = NewType("KRW", int)

KRW_SCALAR = strawberry.scalar(
    name="KRW", serialize=int, parse_value=_parse,
    description="An amount in Korean won: a whole number, which may exceed 32 bits (serialised as a JSON number).",
)
