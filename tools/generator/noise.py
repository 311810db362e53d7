"""Cross-system noise, applied per column at write time: mixed date formats, amounts with thousands
separators, masked or missing identifiers, transposed digits, Hangul typos, romanised names.

Every function takes the clean column and a random stream and returns the noisy column; shares are
small so that linkage stays possible and most rows stay valid.
"""

from __future__ import annotations

import re

import numpy as np

from generator import names
from loaders.types.places import PROVINCES


def replace(arr: np.ndarray, old: str, new: str) -> np.ndarray:
    """np.char.replace that also accepts empty arrays."""
    return np.char.replace(arr, old, new) if len(arr) else arr


def iso(days: np.ndarray) -> np.ndarray:
    """datetime64[D] -> 'YYYY-MM-DD' ('' for NaT)."""
    out = np.datetime_as_string(days.astype("datetime64[D]"), unit="D")
    return np.where(np.isnat(days), "", out)


def dates(days: np.ndarray, rng: np.random.Generator, mixed: float = 0.3, style: str = "iso") -> np.ndarray:
    """Dates in the system's own style ('iso', 'compact' YYYYMMDD, 'dotted' YYYY.MM.DD) with a share
    `mixed` written in one of the other styles."""
    s = iso(days)
    n = len(s)
    pick = np.full(n, {"iso": 0, "compact": 1, "dotted": 2}[style])
    other = rng.random(n) < mixed
    pick[other] = rng.integers(0, 3, size=int(other.sum()))
    out = s.copy()
    compact = pick == 1
    out[compact] = replace(s[compact], "-", "")
    dotted = pick == 2
    out[dotted] = replace(s[dotted], "-", ".")
    return np.where(s == "", "", out)


def datetimes(stamps: np.ndarray, rng: np.random.Generator, mixed: float = 0.2) -> np.ndarray:
    """datetime64[s] -> 'YYYY-MM-DD HH:MM:SS' or 'YYYYMMDDHHMMSS' / 'YYYY-MM-DDTHH:MM:SS' for a share."""
    s = np.datetime_as_string(stamps.astype("datetime64[s]"), unit="s")
    n = len(s)
    pick = np.where(rng.random(n) < mixed, rng.integers(1, 3, size=n), 0)
    spaced = replace(s, "T", " ")
    compact = replace(replace(replace(s, "-", ""), ":", ""), "T", "")
    return np.where(pick == 0, spaced, np.where(pick == 1, compact, s))


def amounts(values: np.ndarray, rng: np.random.Generator, share: float = 0.3) -> np.ndarray:
    """Integers as text, a share with thousands separators ('1,234,000')."""
    v = np.asarray(values, dtype=np.int64)
    plain = v.astype(str)
    sep = rng.random(len(v)) < share
    out = plain.astype(object)
    if sep.any():
        out[sep] = [f"{x:,}" for x in v[sep]]
    return out.astype(str)


def mask_rrn(rrn: np.ndarray) -> np.ndarray:
    """'YYMMDD-S******' as many systems show it."""
    return np.char.add(rrn.astype("<U8"), "******") if len(rrn) else rrn


def rrn_column(rrn: np.ndarray, rng: np.random.Generator, missing: float = 0.01, masked: float = 0.0,
               nodash: float = 0.2, transposed: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Resident numbers as a system holds them. Returns (column, broken) where broken marks values that
    can no longer pass a checksum (transposed digits) so the caller may expect a quarantine or a warning."""
    n = len(rrn)
    out = rrn.astype("<U14").copy()
    r = rng.random(n)
    nd = r < nodash
    out[nd] = replace(out[nd], "-", "")
    broken = np.zeros(n, dtype=bool)
    if transposed:
        t = (r >= nodash) & (r < nodash + transposed)
        idx = np.flatnonzero(t)
        for i in idx:
            s = out[i]
            j = int(rng.integers(7, 12))
            if s[j] != s[j + 1]:
                out[i] = s[:j] + s[j + 1] + s[j] + s[j + 2:]
                broken[i] = True
    if masked:
        m = rng.random(n) < masked
        out[m] = mask_rrn(rrn[m])
    gone = rng.random(n) < missing
    out[gone] = ""
    return out, broken


def typo_names(name: np.ndarray, rng: np.random.Generator, share: float = 0.01) -> np.ndarray:
    out = name.copy()
    idx = np.flatnonzero(rng.random(len(name)) < share)
    for i in idx:
        out[i] = names.hangul_typo(str(name[i]), rng)
    return out


def romanised(name: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """A share of names written in Latin letters (bank books, card slips), spelling variants included."""
    out = name.astype(object).copy()
    idx = np.flatnonzero(rng.random(len(name)) < share)
    variants = rng.integers(0, 12, size=len(idx))
    for i, v in zip(idx, variants, strict=True):
        out[i] = names.romanise(str(name[i]), int(v))
    return out.astype(str)


def spaced_names(name: np.ndarray, rng: np.random.Generator, share: float = 0.01) -> np.ndarray:
    """'김 민준' instead of '김민준' for a share."""
    sel = rng.random(len(name)) < share
    out = name.astype(object).copy()
    out[sel] = [f"{x[0]} {x[1:]}" for x in name[sel]]
    return out.astype(str)


def transpose_digits(value: str, rng: np.random.Generator) -> str:
    """Swap two neighbouring different digits (a typist's error)."""
    pos = [i for i in range(len(value) - 1) if value[i].isdigit() and value[i + 1].isdigit()
           and value[i] != value[i + 1]]
    if not pos:
        return value
    i = pos[int(rng.integers(0, len(pos)))]
    return value[:i] + value[i + 1] + value[i] + value[i + 2:]


def phones(phone: np.ndarray, rng: np.random.Generator, plain: float = 0.3, international: float = 0.1
           ) -> np.ndarray:
    """`010-1234-5678` as systems keep it: a share as bare digits, a share as `+82 10-1234-5678`."""
    r = rng.random(len(phone))
    bare = replace(phone.astype(str), "-", "")
    intl = np.array([f"+82 {p[1:]}" if p else "" for p in phone.astype(str)], dtype=object).astype(str) \
        if len(phone) else phone
    return np.where(phone == "", "", np.where(r < plain, bare, np.where(r < plain + international, intl, phone)))


_SHORT_PROVINCE = {spellings[0]: spellings[1:] for spellings in PROVINCES.values()}
_UNIT_TAIL = re.compile(r"\s+\d+동\s+\d+호$")


def addresses(road: np.ndarray, lot: np.ndarray, town: np.ndarray, rng: np.random.Generator, *,
              lot_form: float = 0.2, abbreviated: float = 0.3, town_in_parens: float = 0.3,
              unit_dropped: float = 0.3, floor_added: float = 0.05) -> np.ndarray:
    """One home written the ways systems write it: road-name or lot-number form, the province in full or
    short (경기도/경기), the town in parentheses after a road address, apartment units dropped, a floor added."""
    out = road.astype(object).copy()
    n = len(out)
    use_lot = (rng.random(n) < lot_form) & (lot != "")
    out[use_lot] = lot[use_lot]
    for k in np.flatnonzero(~use_lot & (out != "")):
        text = str(out[k])
        if _UNIT_TAIL.search(text) and rng.random() < unit_dropped:
            text = _UNIT_TAIL.sub("", text)
        elif rng.random() < floor_added:
            text += f" {int(rng.integers(1, 6))}층"
        if rng.random() < town_in_parens:
            text += f" ({town[k]})"
        out[k] = text
    for k in np.flatnonzero((rng.random(n) < abbreviated) & (out != "")):
        first, _, rest = str(out[k]).partition(" ")
        if first in _SHORT_PROVINCE:
            options = _SHORT_PROVINCE[first]
            out[k] = f"{options[int(rng.integers(0, len(options)))]} {rest}"
    return out.astype(str)


def name_variants(name: np.ndarray, rng: np.random.Generator, share: float) -> np.ndarray:
    """A share of names with an inner space, swapped or dropped syllable (see names.varied_name)."""
    out = name.astype(object).copy()
    for i in np.flatnonzero(rng.random(len(name)) < share):
        if len(str(name[i])) >= 3:
            out[i] = names.varied_name(str(name[i]), rng)
    return out.astype(str)
