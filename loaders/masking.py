"""Resident registration numbers typed where they do not belong (a name, an address, a free note).

Every free-text value is scanned at the load boundary: a resident-number pattern, with or without its
hyphen and inside other text (`홍길동7306041295942`, `서울 730604-1295942`), becomes its masked form
`730604-1******` before anything is stored, and the loader counts a warning for it.
"""

from __future__ import annotations

import re
from typing import Any

# YYMMDD with a plausible month and day, an optional hyphen or space, the sex digit and six digits; not
# part of a longer run of digits (account and card numbers are longer or shorter).
RRN_IN_TEXT = re.compile(r"(?<!\d)(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))[\s-]?(\d)\d{6}(?!\d)")
# The kinds of free text a person may type a number into; identifiers (keys, accounts, PNU, BRN, CRN)
# have formats of their own and are checked by their kinds.
FREE_TEXT_KINDS = frozenset({"name", "address", "text", "code", "email"})


def mask_text(text: str) -> tuple[str, int]:
    """The text with every resident number masked, and how many there were."""
    return RRN_IN_TEXT.subn(r"\1-\2******", text)


def mask_value(value: Any) -> tuple[Any, int]:
    """A cleaned value (text, list of texts, or a composite dict) with resident numbers masked."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list | tuple):
        masked = [mask_value(v) for v in value]
        return type(value)(v for v, _n in masked), sum(n for _v, n in masked)
    if isinstance(value, dict):
        out, total = {}, 0
        for key, item in value.items():
            out[key], n = mask_value(item)
            total += n
        return out, total
    return value, 0
