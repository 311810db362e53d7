"""Korean identifiers with their checksums (DESIGN §11), scalar and vectorised.

- resident registration number (RRN): YYMMDD-S + 6 digits, check digit on d13 (random tail since 2020-10)
- business registration number (BRN): 10 digits
- corporate registration number (CRN): 13 digits
- PNU: legal-dong code (10) + land type (1) + main (4) + sub (4)
- bank accounts: bank code + 10..14 digits (no public check digit)
"""

from __future__ import annotations

import numpy as np

from loaders.types import checksums
from loaders.types.account import BANK_CODES as BANK_TABLE
from loaders.types.checksums import brn_check_digit as brn_check_digit
from loaders.types.checksums import brn_valid as brn_valid
from loaders.types.checksums import crn_check_digit as crn_check_digit
from loaders.types.checksums import crn_valid as crn_valid
from loaders.types.checksums import rrn_check_digit as rrn_check_digit
from loaders.types.checksums import rrn_valid as rrn_valid

RRN_WEIGHTS = np.array(checksums.RRN_WEIGHTS)
BRN_WEIGHTS = np.array(checksums.BRN_WEIGHTS)
CRN_WEIGHTS = np.array(checksums.CRN_WEIGHTS)
# The six banks the generator opens accounts in; names from the one bank-code table.
BANK_CODES = ("004", "088", "020", "081", "011", "003")
BANK_NAMES = {code: BANK_TABLE[code] for code in BANK_CODES}
ACCOUNT_LENGTHS = {"004": 14, "088": 12, "020": 13, "081": 14, "011": 13, "003": 14}


def _join_digits(mat: np.ndarray) -> np.ndarray:
    """Rows of digit matrix -> array of digit strings."""
    n, width = mat.shape
    if n == 0:
        return np.array([], dtype=f"<U{width}")
    return (mat.astype(np.uint8) + ord("0")).view(f"S{width}").ravel().astype(f"<U{width}")


def make_rrns(birth: np.ndarray, sex_male: np.ndarray, rng: np.random.Generator,
              random_tail: np.ndarray | None = None) -> np.ndarray:
    """RRNs `YYMMDD-SNNNNNC` for birth dates (datetime64[D]); `random_tail` marks post-2020 numbers."""
    n = len(birth)
    years = birth.astype("datetime64[Y]").astype(int) + 1970
    months = birth.astype("datetime64[M]").astype(int) % 12 + 1
    days = (birth - birth.astype("datetime64[M]")).astype(int) + 1
    century = np.where(years >= 2000, 3, np.where(years >= 1900, 1, 9))
    s = century + np.where(sex_male, 0, 1)
    d = np.zeros((n, 13), dtype=np.int64)
    yy = years % 100
    d[:, 0], d[:, 1] = yy // 10, yy % 10
    d[:, 2], d[:, 3] = months // 10, months % 10
    d[:, 4], d[:, 5] = days // 10, days % 10
    d[:, 6] = s
    d[:, 7:12] = rng.integers(0, 10, size=(n, 5))
    d[:, 12] = (11 - (d[:, :12] * RRN_WEIGHTS).sum(axis=1) % 11) % 10
    if random_tail is not None and random_tail.any():
        d[random_tail, 12] = rng.integers(0, 10, size=int(random_tail.sum()))
    digits = _join_digits(d)
    return np.char.add(np.char.add(_slice(digits, 0, 6), "-"), _slice(digits, 6, 13))


def _slice(arr: np.ndarray, a: int, b: int) -> np.ndarray:
    width = b - a
    if len(arr) == 0:
        return np.array([], dtype=f"<U{width}")
    raw = arr.astype(f"S{arr.dtype.itemsize // 4}")
    return raw.view("S1").reshape(len(arr), -1)[:, a:b].copy().view(f"S{width}").ravel().astype(f"<U{width}")


def make_brns(n: int, rng: np.random.Generator) -> np.ndarray:
    """Valid 10-digit business registration numbers (formatted later)."""
    d = np.zeros((n, 10), dtype=np.int64)
    d[:, 0:3] = rng.integers(1, 10, size=(n, 3))
    d[:, 3:5] = np.stack([np.zeros(n, dtype=np.int64), rng.integers(1, 9, size=n)], axis=1)
    d[:, 5:9] = rng.integers(0, 10, size=(n, 4))
    s = (d[:, :9] * BRN_WEIGHTS).sum(axis=1) + (d[:, 8] * 5) // 10
    d[:, 9] = (10 - s % 10) % 10
    return _join_digits(d)


def make_crns(n: int, gov: str, rng: np.random.Generator) -> np.ndarray:
    """Valid 13-digit corporate registration numbers (registry office code from the province)."""
    d = np.zeros((n, 13), dtype=np.int64)
    office = [int(c) for c in (gov[:2] + "11")]
    d[:, 0:4] = office
    d[:, 4:6] = [1, 1]
    d[:, 6:12] = rng.integers(0, 10, size=(n, 6))
    d[:, 12] = (10 - (d[:, :12] * CRN_WEIGHTS).sum(axis=1) % 10) % 10
    return _join_digits(d)


def format_brn(brn: str) -> str:
    return f"{brn[:3]}-{brn[3:5]}-{brn[5:]}"


def format_crn(crn: str) -> str:
    return f"{crn[:6]}-{crn[6:]}"


def make_accounts(bank_idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Account digit strings whose length follows the bank (10 to 14 digits)."""
    n = len(bank_idx)
    mat = rng.integers(0, 10, size=(n, 14))
    mat[:, 0] = rng.integers(1, 10, size=n)
    full = _join_digits(mat)
    out = np.empty(n, dtype="<U14")
    for i, code in enumerate(BANK_CODES):
        sel = bank_idx == i
        out[sel] = _slice(full[sel], 0, ACCOUNT_LENGTHS[code]) if sel.any() else out[sel]
    return out


def format_account(code: str, digits: str) -> str:
    """Bank-style display: dashes at the bank's usual positions."""
    if code == "004":
        return f"{digits[:6]}-{digits[6:8]}-{digits[8:]}"
    if code == "088":
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if code == "020":
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if code == "081":
        return f"{digits[:3]}-{digits[3:9]}-{digits[9:]}"
    if code == "011":
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:11]}-{digits[11:]}"
    return f"{digits[:3]}-{digits[3:9]}-{digits[9:11]}-{digits[11:]}"


def pnu(dong_code: str, land_type: int, main: int, sub: int) -> str:
    return f"{dong_code}{land_type}{main:04d}{sub:04d}"


def pnu_valid(value: str) -> bool:
    return len(value) == 19 and value.isdigit() and value[10] in "12" and value[11:15] != "0000"
