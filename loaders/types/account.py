"""Bank accounts: a 3-digit bank code plus 10 to 14 account digits (no public check digit)."""

from __future__ import annotations

from typing import Any

from loaders.types.base import Kind, digits_of

# Korean financial institution codes (금융결제원 표준코드) seen in public-sector payments.
BANK_CODES = {
    "002": "KDB산업은행", "003": "IBK기업은행", "004": "KB국민은행", "007": "수협은행", "011": "NH농협은행",
    "012": "지역농축협", "020": "우리은행", "023": "SC제일은행", "027": "한국씨티은행", "031": "iM뱅크",
    "032": "부산은행", "034": "광주은행", "035": "제주은행", "037": "전북은행", "039": "경남은행",
    "045": "새마을금고", "048": "신협", "050": "저축은행", "071": "우체국", "081": "하나은행", "088": "신한은행",
    "089": "케이뱅크", "090": "카카오뱅크", "092": "토스뱅크",
}


class BankCode(Kind):
    """Three digits; `4` and `04` (numbers that lost their zeros in a spreadsheet) become `004`."""

    name = "bank_code"

    def _clean(self, value: Any) -> str | None:
        digits = digits_of(value)
        if not digits.isdigit() or len(digits) > 3:
            return None
        code = digits.zfill(3)
        return code if code in BANK_CODES else None

    def _reason(self, value: Any) -> str:
        return f"bank_code: {digits_of(value)[:10]!r} is not a known bank code"


class AccountNumber(Kind):
    """Digits only (hyphens and spaces removed), 10 to 14 of them."""

    name = "account_no"

    def _clean(self, value: Any) -> str | None:
        digits = digits_of(value)
        return digits if digits.isdigit() and 10 <= len(digits) <= 14 else None

    def _reason(self, value: Any) -> str:
        digits = digits_of(value)
        if not digits.isdigit():
            return "account_no: contains characters other than digits and hyphens"
        return f"account_no: expected 10 to 14 digits, got {len(digits)}"


def account_key(bank_code: str, account_no: str) -> str:
    """The deterministic join key of an account across systems."""
    return f"{bank_code}-{account_no}"
