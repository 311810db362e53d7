"""Addresses, phone numbers and e-mail addresses."""

from __future__ import annotations

import re
from typing import Any

from loaders.types.base import Kind, text_of
from loaders.types.places import format_phone, phone_digits

EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")


class Address(Kind):
    """Road-name or lot-number address; spacing normalised (`서울특별시  중구` -> `서울특별시 중구`)."""

    name = "address"

    def _clean(self, value: Any) -> str | None:
        text = text_of(value)
        # Commas and spaces around them vary between systems; the words are what matter.
        text = re.sub(r"\s*,\s*", ", ", text)
        if len(text) < 2 or not any(ch.isalpha() for ch in text):
            return None
        return text

    def _reason(self, value: Any) -> str:
        return "address: too short or without letters"


class Phone(Kind):
    """Korean phone numbers as `010-1234-5678` / `02-123-4567`; +82 prefixes are undone."""

    name = "phone"

    def _clean(self, value: Any) -> str | None:
        digits = phone_digits(text_of(value))
        return format_phone(digits) if digits else None

    def _reason(self, value: Any) -> str:
        return f"phone: not a Korean phone number: {text_of(value)[:20]!r}"


class Email(Kind):
    name = "email"

    def _clean(self, value: Any) -> str | None:
        text = text_of(value).lower()
        return text if EMAIL.match(text) else None
