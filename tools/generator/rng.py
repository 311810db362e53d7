"""Deterministic random streams: one independent stream per named part of the municipality.

Each part draws from `stream(seed, "name")`, so adding draws to one part never shifts another part's
numbers, and the same seed always gives the same bytes.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent generator for the part called `name`."""
    return np.random.default_rng([int(seed) & 0xFFFFFFFF, zlib.crc32(name.encode())])


def zfill(values: np.ndarray, width: int) -> np.ndarray:
    """np.char.zfill that also accepts empty arrays (numpy 2.4 does not)."""
    values = np.asarray(values)
    return np.char.zfill(values, width) if len(values) else values.astype(f"<U{width}")
