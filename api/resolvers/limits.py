"""Limits of the arguments clients may pass."""

from __future__ import annotations

from api.errors import LimitExceeded

MAX_FIRST = 100
MAX_DEPTH = 3
DEFAULT_NODE_CAP = 200
MAX_NODE_CAP = 500
MAX_HOPS = 10
MAX_PATHS = 25


def check_range(name: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise LimitExceeded(f"`{name}` must be between {low} and {high} (got {value})",
                            hint=f"ask for at most {high} and page or narrow the filters for more")
    return value
