"""Check digits of Korean identifiers (DESIGN.md section 11)."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-]")

RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
CRN_WEIGHTS = (1, 2) * 6


def rrn_check_digit(first12: str) -> int:
    total = sum(int(d) * w for d, w in zip(first12, RRN_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def brn_check_digit(first9: str) -> int:
    d = [int(c) for c in first9]
    total = sum(a * w for a, w in zip(d, BRN_WEIGHTS, strict=True)) + (d[8] * 5) // 10
    return (10 - total % 10) % 10


def crn_check_digit(first12: str) -> int:
    total = sum(int(d) * w for d, w in zip(first12, CRN_WEIGHTS, strict=True))
    return (10 - total % 10) % 10


def rrn_valid(value: str) -> bool:
    digits = _SEPARATORS.sub("", value)
    return len(digits) == 13 and digits.isdigit() and rrn_check_digit(digits[:12]) == int(digits[12])


def brn_valid(value: str) -> bool:
    digits = _SEPARATORS.sub("", value)
    return len(digits) == 10 and digits.isdigit() and brn_check_digit(digits[:9]) == int(digits[9])


def crn_valid(value: str) -> bool:
    digits = _SEPARATORS.sub("", value)
    return len(digits) == 13 and digits.isdigit() and crn_check_digit(digits[:12]) == int(digits[12])
