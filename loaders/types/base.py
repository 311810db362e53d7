"""The base of identifier and field kinds: clean at the boundary, say why when a value is refused.

A kind turns one raw source value into the value stored in the graph (`clean`), or into None when it is
junk; `validate` gives the reason a value was refused. Composite kinds (resident number, name, date-time)
clean into a dict whose "value" is the main value and whose other keys are the parts a contract can map
(`rrn.hash`, `name.alts`, `logged_in_at.date`); `parts` declares them with their graph types so contracts
are checked against the model at start-up.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, ClassVar

# Tokens that mean "no value" in the extracts of Korean public systems and spreadsheets.
NULL_TOKENS = frozenset({"", "null", "none", "nan", "n/a", "#n/a", "na", "-", "--", "없음", "미상"})
SPACES = re.compile(r"\s+")
WHITESPACE_RUN = re.compile(r"\s\s|[^\S ]")  # two whitespace characters, or one that is not a space


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is str:
        text = value.strip()
        # every null token is at most 5 characters long; skip lower() for the rest (the usual case)
        return not text or (len(text) <= 5 and text.lower() in NULL_TOKENS)
    if isinstance(value, float):
        return math.isnan(value)
    return False


def text_of(value: Any) -> str:
    """The raw value as normalised text: NFKC (full-width digits, ㎡ ...), trimmed, single spaces."""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # Parquet / spreadsheets turn digit strings into floats
        value = str(value)
    # Fast path (most values): already NFKC and without runs of whitespace.
    if unicodedata.is_normalized("NFKC", value) and not WHITESPACE_RUN.search(value):
        return value.strip()
    return SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def digits_of(value: Any) -> str:
    """Digits only, after removing the separators people type (hyphens, spaces, dots)."""
    return re.sub(r"[\s\-./]", "", text_of(value))


class Kind:
    """One kind of source value. Subclasses set `name` and `graph_type` and override `_clean`."""

    name: ClassVar[str] = ""
    graph_type: ClassVar[str] = "string"
    # Parts of a composite value a contract may map, with their graph types.
    parts: ClassVar[dict[str, str]] = {}
    # True when the raw value is personal enough that quarantine files must mask it.
    sensitive: ClassVar[bool] = False

    def clean(self, value: Any) -> Any:
        """The normalised value, or None for an empty or unusable one. Never raises on junk."""
        if is_empty(value):
            return None
        return self.clean_present(value)

    def clean_present(self, value: Any) -> Any:
        """`clean` for a value already known not to be empty (the loader checks that first)."""
        try:
            return self._clean(value)
        except (ValueError, TypeError, OverflowError):
            return None

    def validate(self, value: Any) -> str | None:
        """Why the value is refused (None if it is acceptable or empty). Never quotes sensitive values."""
        if is_empty(value) or self.clean(value) is not None:
            return None
        return self._reason(value)

    def warn(self, cleaned: Any) -> str | None:
        """A warning about an accepted value (e.g. a failed check digit that is allowed)."""
        return None

    def compare(self, left: Any, right: Any) -> float:
        """Similarity of two cleaned values, 0..1."""
        if left is None or right is None:
            return 0.0
        return 1.0 if left == right else 0.0

    def part(self, cleaned: Any, name: str) -> Any:
        """A named part of a cleaned value ("value" is the value itself)."""
        if isinstance(cleaned, dict):
            return cleaned.get(name)
        return cleaned if name == "value" else None

    def mask_raw(self, value: Any) -> Any:
        """The raw value as it may appear in a quarantine file."""
        return value

    # -- for subclasses -------------------------------------------------------------------------
    def _clean(self, value: Any) -> Any:
        return text_of(value) or None

    def _reason(self, value: Any) -> str:
        return f"not a valid {self.name}: {text_of(value)[:40]!r}"
