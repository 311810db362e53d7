"""Shared machinery of planted cases and decoys: fresh people, officials with relatives, evidence keys."""

from __future__ import annotations

import numpy as np

from generator.common import clean_adults, clean_businesses
from generator.context import Ctx
from generator.timeline import END, START

TRANSFER_OF = "@bank-transfer-of:"   # evidence placeholder, resolved once the bank feed is written


def count(n_residents: int) -> int:
    """Planted instances per scenario: at least 3, one more per 5,000 residents, at most 200."""
    return int(max(3, min(200, n_residents // 5000)))


class Picker:
    """Hands out people, businesses, buildings ... that no other planted case or decoy uses."""

    def __init__(self, ctx: Ctx, rng: np.random.Generator) -> None:
        self.ctx = ctx
        self.rng = rng
        self.used: dict[str, set[int]] = {}

    def take(self, pool_name: str, pool: np.ndarray) -> int:
        used = self.used.setdefault(pool_name, set())
        if len(pool) == 0:
            raise RuntimeError(f"empty pool {pool_name}")
        for _ in range(200):
            i = int(pool[int(self.rng.integers(0, len(pool)))])
            if i not in used:
                used.add(i)
                return i
        for i in pool:  # small municipality: walk the pool
            if int(i) not in used:
                used.add(int(i))
                return int(i)
        i = int(pool[int(self.rng.integers(0, len(pool)))])
        return i

    def adult(self) -> int:
        return self.take("person", clean_adults(self.ctx))

    def business(self, categories: tuple[str, ...] | None = None) -> int:
        pool = clean_businesses(self.ctx)
        if categories:
            sub = pool[np.isin(self.ctx.m.businesses.category[pool], categories)]
            pool = sub if len(sub) else pool
        return self.take("business", pool)

    def day(self, lo_margin: int = 30, hi_margin: int = 120) -> np.datetime64:
        span = int((END - START).astype(int)) - lo_margin - hi_margin
        return START + np.timedelta64(lo_margin + int(self.rng.integers(0, max(1, span))), "D")


def ek(system: str, key: object) -> str:
    return f"{system}:{key}"
