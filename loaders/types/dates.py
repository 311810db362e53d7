"""Dates and date-times in the formats Korean systems export; stored as ISO-8601 strings.

Accepted: YYYYMMDD, YYYY-MM-DD, YYYY.MM.DD (also `2024. 3. 1.`), YYYY/MM/DD, each optionally followed by
a time HH:MM[:SS] (after a space or `T`, or run on: `20240301231000`); date and datetime objects from Parquet.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from loaders.types.base import Kind, text_of

DATE = re.compile(r"^(\d{4})(?:[-./]\s?(\d{1,2})[-./]\s?(\d{1,2})\.?|(\d{2})(\d{2}))"
                  r"(?:[ T]?(\d{1,2}):?(\d{2})(?::?(\d{2}))?(?:\.\d+)?)?$")
EARLIEST, LATEST = 1900, 2100


def parse(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().replace(tzinfo=None)
    m = DATE.match(text_of(value))
    if not m:
        return None
    year = int(m.group(1))
    month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
    hour, minute, second = (int(g) if g else 0 for g in m.group(6, 7, 8))
    if not EARLIEST <= year <= LATEST:
        return None
    return dt.datetime(year, int(month), int(day), hour, minute, second)


class Date(Kind):
    name = "date"
    graph_type = "date"

    def _clean(self, value: Any) -> str | None:
        moment = parse(value)
        return moment.date().isoformat() if moment else None

    def _reason(self, value: Any) -> str:
        return f"date: not a date (YYYYMMDD, YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD): {text_of(value)[:30]!r}"


class DateTime(Kind):
    name = "datetime"
    graph_type = "datetime"
    parts: ClassVar[dict[str, str]] = {"date": "date", "time": "string"}

    def _clean(self, value: Any) -> dict[str, str] | None:
        moment = parse(value)
        if moment is None:
            return None
        stamp = moment.isoformat(timespec="seconds")
        return {"value": stamp, "date": stamp[:10], "time": stamp[11:]}

    def _reason(self, value: Any) -> str:
        return f"datetime: not a date and time (YYYY-MM-DD HH:MM[:SS] ...): {text_of(value)[:30]!r}"
