"""PNU (필지고유번호): legal-dong code 10 + land type 1 (1 land, 2 forest) + main number 4 + sub number 4."""

from __future__ import annotations

from typing import Any, ClassVar

from loaders.types.base import Kind, digits_of

PROVINCES = frozenset({"11", "26", "27", "28", "29", "30", "31", "36", "41", "42", "43", "44", "45", "46", "47",
                       "48", "50", "51", "52"})


def pnu_problem(digits: str) -> str | None:
    if len(digits) != 19 or not digits.isdigit():
        return f"pnu: expected 19 digits, got {len(digits)} characters"
    if digits[:2] not in PROVINCES:
        return f"pnu: {digits[:2]} is not a province code"
    if digits[10] not in "12":
        return f"pnu: land type digit must be 1 (land) or 2 (forest), got {digits[10]}"
    if digits[11:15] == "0000":
        return "pnu: main lot number is 0000"
    return None


class ParcelNumber(Kind):
    name = "pnu"
    parts: ClassVar[dict[str, str]] = {"legal_dong": "string", "gov": "string"}

    def _clean(self, value: Any) -> str | None:
        digits = digits_of(value)
        return None if pnu_problem(digits) else digits

    def part(self, cleaned: Any, name: str) -> Any:
        if cleaned is None:
            return None
        return {"value": cleaned, "legal_dong": cleaned[:10], "gov": cleaned[:5]}.get(name)

    def _reason(self, value: Any) -> str:
        return pnu_problem(digits_of(value)) or "pnu: not valid"
