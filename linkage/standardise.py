"""Standardisation of field values before comparison: vectorised over pandas Series, junk becomes None.

Names: Hangul names are also romanised (Revised Romanisation, family name first), and romanised names are
put into the same shape (family name first, well-known spelling variants folded: Lee/Yi/Rhee -> i), so a
bank book's `LEE MINJUN` can meet the tax office's `이민준`.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
MEDIALS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i"]
FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "l", "l", "l", "l", "l", "l", "l", "m", "p", "p", "t", "t",
          "ng", "t", "t", "k", "t", "p", "t"]
# Spellings of family names people use, folded to one form (Revised Romanisation of the Hangul).
FAMILY_VARIANTS = {
    "gim": "gim", "kim": "gim", "i": "i", "lee": "i", "yi": "i", "rhee": "i", "rhie": "i", "ri": "i", "li": "i",
    "bak": "bak", "park": "bak", "pak": "bak", "bahk": "bak", "choe": "choe", "choi": "choe", "chey": "choe",
    "jeong": "jeong", "jung": "jeong", "chung": "jeong", "cheong": "jeong", "joung": "jeong",
    "gang": "gang", "kang": "gang", "jo": "jo", "cho": "jo", "yun": "yun", "yoon": "yun", "jang": "jang",
    "chang": "jang", "im": "im", "lim": "im", "rim": "im", "han": "han", "o": "o", "oh": "o", "seo": "seo",
    "suh": "seo", "sin": "sin", "shin": "sin", "gwon": "gwon", "kwon": "gwon", "hwang": "hwang", "an": "an",
    "ahn": "an", "song": "song", "yu": "yu", "yoo": "yu", "ryu": "yu", "you": "yu", "jeon": "jeon",
    "jun": "jeon", "chun": "jeon", "hong": "hong", "go": "go", "ko": "go", "mun": "mun", "moon": "mun",
    "yang": "yang", "son": "son", "bae": "bae", "pae": "bae", "baek": "baek", "paik": "baek", "baik": "baek",
    "heo": "heo", "hur": "heo", "huh": "heo", "nam": "nam", "noh": "no", "no": "no", "roh": "no",
    "ha": "ha", "gwak": "gwak", "kwak": "gwak", "seong": "seong", "sung": "seong", "cha": "cha",
    "ju": "ju", "joo": "ju", "u": "u", "woo": "u", "gu": "gu", "koo": "gu", "ku": "gu", "min": "min",
    "na": "na", "jin": "jin", "ji": "ji", "eom": "eom", "um": "eom", "chae": "chae",
}
# Vowel and consonant spellings of the older McCune-Reischauer style folded onto Revised Romanisation.
OLD_TO_NEW = [("ŏ", "eo"), ("ŭ", "eu"), ("oo", "u"), ("sh", "s")]
NON_LETTERS = re.compile(r"[^a-z ]+")
SPACES = re.compile(r"\s+")
HANGUL = re.compile(r"[가-힣]")


def romanise_syllable(ch: str) -> str:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return ch
    return INITIALS[code // 588] + MEDIALS[(code % 588) // 28] + FINALS[code % 28]


def _fold(token: str) -> str:
    for old, new in OLD_TO_NEW:
        token = token.replace(old, new)
    return token


def romanised_name(name: str | None) -> str | None:
    """One comparable Latin form of a person's name: folded family name + given name letters.

    `김민준` -> `gim minjun`; `KIM MIN-JUN`, `Minjun Kim`, `Gim MINJUN` -> `gim minjun`.
    """
    if not name:
        return None
    text = unicodedata.normalize("NFKC", name).strip()
    if not text:
        return None
    if HANGUL.search(text):
        hangul = text.replace(" ", "")
        family = FAMILY_VARIANTS.get(romanise_syllable(hangul[0]), romanise_syllable(hangul[0]))
        return f"{family} {''.join(romanise_syllable(c) for c in hangul[1:])}".strip()
    letters = SPACES.sub(" ", NON_LETTERS.sub(" ", text.lower().replace("-", ""))).strip()
    if not letters:
        return None
    tokens = [_fold(t) for t in letters.split(" ")]
    if len(tokens) == 1:
        return tokens[0]
    # The family name is first, unless the last token is a family name and the first is not.
    if tokens[0] not in FAMILY_VARIANTS and tokens[-1] in FAMILY_VARIANTS:
        tokens = [tokens[-1], *tokens[:-1]]
    family = FAMILY_VARIANTS.get(tokens[0], tokens[0])
    return f"{family} {''.join(tokens[1:])}"


def hangul_jamo(text: str | None) -> str | None:
    """Hangul split into letters (NFD), so a one-letter typo in a syllable costs one letter, not a syllable."""
    if not text:
        return None
    return unicodedata.normalize("NFD", text.replace(" ", ""))


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
    """Digits of a phone number; the last 8 digits decide (area and country prefixes vary)."""
    digits = clean_digits(s).astype("string")
    out = digits.str[-8:]
    return out.where(digits.str.len() >= 7, None).astype(object)


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
