"""Standardisation of field values before comparison: vectorised over pandas Series, junk becomes None.

Names, phones and addresses use the one Korean types library (`loaders.types.hangul`, `loaders.types.places`):
a bank book's `LEE MINJUN` meets the tax office's `이민준`, `+82 10-...` meets `010-...`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from loaders.types.hangul import jamo, romanised_key
from loaders.types.places import address_key, phone_digits

HANGUL = re.compile(r"[가-힣]")


def romanised_name(name: str | None) -> str | None:
    """One comparable Latin form of a person's name (`김민준`, `KIM MIN-JUN`, `Minjun Kim` -> `gim minjun`)."""
    return romanised_key(name)


def hangul_jamo(text: str | None) -> str | None:
    """Hangul split into letters (NFD), so a one-letter typo in a syllable costs one letter, not a syllable."""
    return jamo(text)


def clean_text(s: pd.Series) -> pd.Series:
    """NFKC, lower case, single spaces; empty -> None."""
    out = s.astype("string").str.normalize("NFKC").str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    return out.where(out.notna() & (out != "") & (out != "nan"), None).astype(object)


def clean_name(s: pd.Series) -> pd.Series:
    """A name as letters only (Hangul kept, Latin lower case, punctuation and spaces dropped)."""
    out = clean_text(s).astype("string").str.replace(r"[^0-9a-z가-힣ㄱ-ㅣ]", "", regex=True)
    return out.where(out.notna() & (out != ""), None).astype(object)


def clean_digits(s: pd.Series) -> pd.Series:
    out = s.astype("string").str.replace(r"\D", "", regex=True)
    return out.where(out.notna() & (out != ""), None).astype(object)


def clean_date(s: pd.Series) -> pd.Series:
    """ISO dates from `2024-03-01`, `20240301`, `2024.03.01`, `2024/3/1`; junk -> None."""
    text = s.astype("string").str.strip()
    digits = text.str.replace(r"\D", "", regex=True)
    parsed = pd.to_datetime(digits.where(digits.str.len() == 8), format="%Y%m%d", errors="coerce")
    other = parsed.isna() & text.notna()
    if other.any():
        parsed[other] = pd.to_datetime(text[other], errors="coerce", format="mixed")
    out = parsed.dt.strftime("%Y-%m-%d")
    return out.where(parsed.notna(), None).astype(object)


def date_part(s: pd.Series, part: slice) -> pd.Series:
    """A slice of the ISO date (`slice(0, 4)`: the year; `slice(5, None)`: month and day); junk -> None."""
    out = clean_date(s).astype("string").str[part]
    return out.astype(object).where(out.notna(), None)


def clean_phone(s: pd.Series) -> pd.Series:
    """National digits of a phone number (`+82 10-1234-5678` and `010-1234-5678` agree); junk -> None."""
    return map_values(s.astype(object).where(s.notna(), None), phone_digits)


def clean_address(s: pd.Series) -> pd.Series:
    """Comparable parts of an address (province folded, floor and unit dropped, town of a road address kept)."""
    return map_values(s.astype(object).where(s.notna(), None), address_key)


def clean_number(s: pd.Series) -> pd.Series:
    text = s.astype("string").str.replace(",", "", regex=False).str.strip()
    return pd.to_numeric(text, errors="coerce")


def map_values(s: pd.Series, fn) -> pd.Series:
    """Apply a per-value function once per distinct value (names repeat a lot)."""
    values = s.astype(object).where(s.notna(), None)
    uniques = pd.unique(values.dropna())
    table = {u: fn(u) for u in uniques}
    return values.map(table).where(values.notna(), None).astype(object)


def is_missing(s: pd.Series) -> np.ndarray:
    return s.isna().to_numpy()


BUSINESS_NOISE = re.compile(r"\(주\)|㈜|주식회사|\(유\)|유한회사|\(사\)|co\.?,?\s*ltd\.?|inc\.?|corp\.?|[\s().,\-]")
ACCOUNT_KEY = re.compile(r"^\d{3}-\d{10,14}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def business_name(s: pd.Series) -> pd.Series:
    """A business name without legal-form words ((주), 주식회사, Co., Ltd.) and punctuation."""
    out = clean_text(s).astype("string").str.replace(BUSINESS_NOISE, "", regex=True)
    return out.where(out.notna() & (out != ""), None).astype(object)


def valid_only(s: pd.Series, ok) -> pd.Series:
    """Keep values that pass a validity check (strong identifiers link only when valid)."""
    values = s.astype(object).where(s.notna(), None)
    return values.map(lambda v: v if v is not None and ok(str(v)) else None).astype(object)
