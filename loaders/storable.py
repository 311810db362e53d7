"""Values the graph can hold: a cleaned value outside them refuses its row instead of failing the load.

Neo4j stores integers in 64 bits and strings without NUL characters; the driver raises `OverflowError`
(mid-load, after other batches were committed) for anything bigger, so the loader checks every cleaned
value, parts included, before a row is accepted.
"""

from __future__ import annotations

import math
from typing import Any

INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1


NUL = "contains a NUL character (\\x00); re-export the file without control characters"


def unstorable(value: Any) -> str | None:
    """Why the graph cannot store `value` (None when it can). Never quotes the value itself."""
    kind = type(value)  # a hot path (every cleaned value): exact types first
    if kind is str:
        return NUL if "\x00" in value else None
    if kind is int:
        if INT_MIN <= value <= INT_MAX:
            return None
        return (f"a number of {len(str(abs(value)))} digits is beyond the 64-bit range the graph stores "
                "(at most 9,223,372,036,854,775,807)")
    if value is None or kind is bool:
        return None
    if kind is float:
        return None if math.isfinite(value) else "not a finite number"
    if isinstance(value, int):  # int subclasses (numpy, IntEnum)
        return unstorable(int(value))
    if isinstance(value, str):
        return unstorable(str(value))
    if isinstance(value, dict):
        return next((why for v in value.values() if (why := unstorable(v))), None)
    if isinstance(value, list | tuple):
        return next((why for v in value if (why := unstorable(v))), None)
    return None
