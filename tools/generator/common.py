"""Small helpers shared by the system writers: formatted columns, random days, officials."""

from __future__ import annotations

import numpy as np

from generator import noise
from generator.context import DATE_STYLE, Ctx
from generator.timeline import END, START

USE_CODES = {"단독주택": "detached_house", "공동주택": "apartment", "제1종근린생활시설": "neighbourhood_1",
             "제2종근린생활시설": "neighbourhood_2", "업무시설": "office", "숙박시설": "lodging",
             "위락시설": "entertainment", "공장": "factory"}
CHUNK = 250_000


def d(ctx: Ctx, system: str, days: np.ndarray, rng: np.random.Generator, mixed: float = 0.15) -> np.ndarray:
    """Dates as the system writes them (its own style, a share in other styles)."""
    return noise.dates(np.asarray(days, dtype="datetime64[D]"), rng, mixed, DATE_STYLE[system])


def amt(values: np.ndarray, rng: np.random.Generator, share: float = 0.2) -> np.ndarray:
    return noise.amounts(values, rng, share)


def days_in_window(rng: np.random.Generator, n: int, margin_end: int = 0) -> np.ndarray:
    span = int((END - START).astype(int)) - margin_end
    return START + rng.integers(0, span + 1, size=n).astype("timedelta64[D]")


def offset(days: np.ndarray, rng: np.random.Generator, lo: int, hi: int) -> np.ndarray:
    return np.asarray(days, dtype="datetime64[D]") + rng.integers(lo, hi + 1, size=len(days)).astype(
        "timedelta64[D]")


def pick(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    return pool[rng.integers(0, len(pool), size=n)] if len(pool) else np.full(n, -1)


def area_str(values: np.ndarray) -> np.ndarray:
    return np.char.mod("%.1f", np.asarray(values, dtype=float))


def official_households(ctx: Ctx) -> np.ndarray:
    """Mask of people who live in an official's household (officials and their family)."""
    if "official_hh" not in ctx.state:
        m = ctx.m
        hh = np.zeros(len(m.households.size), dtype=bool)
        hh[m.people.household[m.officials.person]] = True
        ctx.state["official_hh"] = hh[m.people.household]
    return ctx.state["official_hh"]  # type: ignore[return-value]


def clean_adults(ctx: Ctx) -> np.ndarray:
    """Adults alive through the window and outside officials' households: safe background parties."""
    if "clean_adults" not in ctx.state:
        m = ctx.m
        age = (START - m.people.birth).astype(int) / 365.25
        ok = (age >= 20) & np.isnat(m.people.death) & ~official_households(ctx)
        ctx.state["clean_adults"] = np.flatnonzero(ok)
    return ctx.state["clean_adults"]  # type: ignore[return-value]


def clean_businesses(ctx: Ctx) -> np.ndarray:
    if "clean_biz" not in ctx.state:
        m = ctx.m
        ok = ~official_households(ctx)[m.businesses.owner]
        ctx.state["clean_biz"] = np.flatnonzero(ok)
    return ctx.state["clean_biz"]  # type: ignore[return-value]


def write_chunks(table, cols: dict[str, np.ndarray]) -> None:
    n = len(next(iter(cols.values())))
    for s in range(0, n, CHUNK):
        table.write({k: v[s:s + CHUNK] for k, v in cols.items()})
