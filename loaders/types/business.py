"""Business registration number (사업자등록번호, 10 digits) and corporate registration number (법인등록번호, 13)."""

from __future__ import annotations

from typing import Any

from loaders.types.base import Kind, digits_of
from loaders.types.checksums import brn_valid, crn_valid


class BusinessNumber(Kind):
    """Stored as 10 digits; `123-45-67890` and spaces are accepted."""

    name = "brn"

    def _clean(self, value: Any) -> str | None:
        digits = digits_of(value)
        return digits if brn_valid(digits) else None

    def _reason(self, value: Any) -> str:
        digits = digits_of(value)
        if len(digits) != 10 or not digits.isdigit():
            return f"brn: expected 10 digits, got {digits[:20]!r}"
        return f"brn: check digit of {digits} does not match"


class CorporateNumber(Kind):
    """Stored as 13 digits; `110111-1234567` is accepted."""

    name = "crn"
    sensitive = False

    def _clean(self, value: Any) -> str | None:
        digits = digits_of(value)
        return digits if crn_valid(digits) else None

    def _reason(self, value: Any) -> str:
        digits = digits_of(value)
        if len(digits) != 13 or not digits.isdigit():
            return f"crn: expected 13 digits, got {digits[:20]!r}"
        return f"crn: check digit of {digits} does not match"
