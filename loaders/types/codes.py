"""Keys, codes, categories, free text, yes/no flags, merchant category codes and card numbers."""

from __future__ import annotations

import re
from typing import Any

from loaders.types.base import Kind, digits_of, text_of

KEY = re.compile(r"^[0-9A-Za-z가-힣][0-9A-Za-z가-힣_.:/\-]{0,99}$")
TRUE = frozenset({"y", "yes", "true", "t", "1", "o", "예", "여", "참"})
FALSE = frozenset({"n", "no", "false", "f", "0", "x", "아니오", "부", "거짓"})


class Key(Kind):
    """A source key or a reference to one (`41110-TX-0000123`): no spaces, at most 100 characters."""

    name = "key"

    def _clean(self, value: Any) -> str | None:
        text = text_of(value)
        return text if KEY.match(text) else None

    def _reason(self, value: Any) -> str:
        return f"key: not a usable key (letters, digits, - _ . : / only): {text_of(value)[:40]!r}"


class Code(Kind):
    """A short code or identifier kept as typed (trimmed, spacing normalised)."""

    name = "code"

    def _clean(self, value: Any) -> str | None:
        text = text_of(value)
        return text if len(text) <= 200 else None

    def _reason(self, value: Any) -> str:
        return "code: longer than 200 characters"


class Text(Kind):
    """Free text; never refused, only trimmed."""

    name = "text"


class Category(Kind):
    """One of a closed list of values; `aliases` map the source's own words (often Korean) onto them."""

    name = "category"

    def __init__(self, values: list[str] | None = None, aliases: dict[str, str] | None = None) -> None:
        if not values:
            raise ValueError("a category needs a list of `values`")
        self.values = tuple(str(v) for v in values)
        self.lookup = {self._norm(v): v for v in self.values}
        for alias, target in (aliases or {}).items():
            if target not in self.values:
                raise ValueError(f"alias {alias!r} maps to {target!r}, which is not one of the values")
            self.lookup[self._norm(alias)] = target

    @staticmethod
    def _norm(value: Any) -> str:
        return re.sub(r"[\s\-]+", "_", text_of(value).lower())

    def _clean(self, value: Any) -> str | None:
        return self.lookup.get(self._norm(value))

    def _reason(self, value: Any) -> str:
        return f"category: {text_of(value)[:30]!r} is not one of {', '.join(self.values)}"


class Boolean(Kind):
    name = "boolean"
    graph_type = "boolean"

    def _clean(self, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        word = text_of(value).lower()
        return True if word in TRUE else False if word in FALSE else None

    def _reason(self, value: Any) -> str:
        return f"boolean: expected Y/N, 1/0, true/false or 예/아니오, got {text_of(value)[:20]!r}"


class MerchantCategory(Kind):
    """ISO 18245 merchant category code: 4 digits (`742` from a spreadsheet becomes `0742`)."""

    name = "mcc"

    def _clean(self, value: Any) -> str | None:
        digits = digits_of(value)
        return digits.zfill(4) if digits.isdigit() and len(digits) <= 4 else None

    def _reason(self, value: Any) -> str:
        return f"mcc: expected a 4-digit merchant category code, got {text_of(value)[:10]!r}"


class CardNumber(Kind):
    """A payment-card number; only `1234-****-****-5678` is kept, quarantine files mask it too."""

    name = "card_no"
    sensitive = True

    def _clean(self, value: Any) -> str | None:
        text = re.sub(r"[\s\-]", "", text_of(value))
        if not re.fullmatch(r"\d{4}[\d*xX]{7,11}\d{4}", text):
            return None
        return f"{text[:4]}-****-****-{text[-4:]}"

    def _reason(self, value: Any) -> str:
        return "card_no: expected 15 or 16 digits (the middle ones may be masked)"

    def mask_raw(self, value: Any) -> Any:
        text = re.sub(r"\D", "", str(value or ""))
        return f"{text[:4]}-****-****-{text[-4:]}" if len(text) >= 8 else "****"
