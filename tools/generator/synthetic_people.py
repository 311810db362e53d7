"""Synthetic person records with known truth, for tests and the benchmark when no generated municipality
is at hand: people seen by several systems, with the noise those systems add (Hangul typos, romanised
names in bank books, missing or mistyped identifiers, mixed date formats)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from loaders.types.hangul import FAMILY_BY_HANGUL, FAMILY_NAMES, romanise, split_name

FAMILY = [f.hangul for f in FAMILY_NAMES]
FAMILY_P = np.array([f.share for f in FAMILY_NAMES])
GIVEN = list("민서준지현우예도하윤수영진성호재연유은태경아주원희상혜동")
SYSTEMS = ["local_tax", "welfare", "local_hr", "bank", "real_estate", "local_duties"]


def _typo(name: str, rng: np.random.Generator) -> str:
    pos = int(rng.integers(1, len(name)))
    code = ord(name[pos]) - 0xAC00
    fin = code % 28
    code = code - fin + (0 if fin else 4)
    return name[:pos] + chr(0xAC00 + code) + name[pos + 1:]


def _roman(name: str) -> str:
    family, given = split_name(name)
    return f"{FAMILY_BY_HANGUL[family].spellings[0]} {romanise(given).upper()}"


def people(n_people: int, *, seed: int = 1, per_person: tuple[int, int] = (1, 4), typo: float = 0.03,
           romanised: float = 0.1, no_rrn: float = 0.15, date_typo: float = 0.02,
           no_phone: float = 0.3) -> pd.DataFrame:
    """PersonRecord-like rows: system, source_key, name, rrn_hash, birth_date, sex, phone, address, entity_id."""
    rng = np.random.default_rng(seed)
    fam = rng.choice(len(FAMILY), n_people, p=FAMILY_P / FAMILY_P.sum())
    g1 = rng.integers(0, len(GIVEN), n_people)
    g2 = rng.integers(0, len(GIVEN), n_people)
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 65, n_people).astype("timedelta64[D]")
    sex = rng.choice(["M", "F"], n_people)
    phone = np.char.add("010", rng.integers(10_000_000, 99_999_999, n_people).astype(str))
    dong = rng.integers(1, 40, n_people)
    copies = rng.integers(per_person[0], per_person[1] + 1, n_people)
    person = np.repeat(np.arange(n_people), copies)
    n = len(person)
    names = np.array([FAMILY[f] + GIVEN[a] + GIVEN[b] for f, a, b in zip(fam, g1, g2, strict=True)], dtype=object)
    rec_name = names[person].copy()
    r = rng.random(n)
    for k in np.flatnonzero(r < typo):
        rec_name[k] = _typo(rec_name[k], rng)
    system = np.array(SYSTEMS, dtype=object)[rng.integers(0, len(SYSTEMS), n)]
    roman = (rng.random(n) < romanised) & (system == "bank")
    roman |= rng.random(n) < romanised / 4
    for k in np.flatnonzero(roman):
        rec_name[k] = _roman(names[person[k]])
    rrn = np.array([hashlib.sha256(f"rrn-{seed}-{p}".encode()).hexdigest() for p in range(n_people)], dtype=object)
    rec_rrn = rrn[person].copy()
    rec_rrn[rng.random(n) < no_rrn] = None
    dates = pd.Series(born[person]).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    for k in np.flatnonzero(rng.random(n) < date_typo):
        d = dates[k]
        dates[k] = d[:-1] + str((int(d[-1]) + 1) % 10)
    rec_phone = phone[person].astype(object)
    rec_phone[rng.random(n) < no_phone] = None
    address = np.array([f"경기도 수원시 장안구 {d}동 {int(x)}" for d, x in
                        zip(dong[person], rng.integers(1, 300, n), strict=True)], dtype=object)
    return pd.DataFrame({
        "system": system, "source_key": [f"41110-SY-{k:08d}" for k in range(n)], "gov": "41110",
        "name": rec_name, "rrn_hash": rec_rrn, "rrn_masked": None, "birth_date": dates,
        "sex": sex[person], "phone": rec_phone, "address": address,
        "entity_id": [f"T{p}" for p in person],
    })


def truth_pairs(keys: np.ndarray, entity: np.ndarray) -> set[tuple[str, str]]:
    """All unordered pairs (a < b) of records of the same true entity."""
    frame = pd.DataFrame({"k": keys, "e": entity}).sort_values("k")
    out: set[tuple[str, str]] = set()
    for _, group in frame.groupby("e"):
        ks = list(group["k"])
        for a in range(len(ks)):
            for b in range(a + 1, len(ks)):
                out.add((ks[a], ks[b]))
    return out
