"""The registry of identifier and field kinds a contract column may have.

`kind("rrn")`, `kind("category", values=[...], aliases={...})`: one small class per kind, each with
clean (-> value or None), validate (-> reason), compare. Loaders clean every value here, once.
"""

from __future__ import annotations

from typing import Any

from loaders.errors import UnknownKind
from loaders.types.account import AccountNumber, BankCode, account_key
from loaders.types.base import Kind, is_empty
from loaders.types.business import BusinessNumber, CorporateNumber
from loaders.types.codes import Boolean, CardNumber, Category, Code, Key, MerchantCategory, Text
from loaders.types.contact import Address, Email, Phone
from loaders.types.dates import Date, DateTime
from loaders.types.names import Name
from loaders.types.numbers import Amount, Area, Number
from loaders.types.pnu import ParcelNumber
from loaders.types.rrn import ResidentNumber

KINDS: dict[str, type[Kind]] = {
    cls.name: cls
    for cls in (ResidentNumber, BusinessNumber, CorporateNumber, ParcelNumber, BankCode, AccountNumber, Name,
                Address, Phone, Email, Date, DateTime, Amount, Number, Area, Key, Code, Category, Text, Boolean,
                MerchantCategory, CardNumber)
}


def kind(name: str, **options: Any) -> Kind:
    """An instance of the kind `name`, configured with `options` (only categories take any)."""
    try:
        cls = KINDS[name]
    except KeyError:
        raise UnknownKind(f"unknown identifier kind {name!r}",
                          hint="use one of: " + ", ".join(sorted(KINDS))) from None
    return cls(**options)


__all__ = ["KINDS", "Kind", "account_key", "is_empty", "kind"]
