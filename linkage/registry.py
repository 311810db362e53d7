"""Every kind a linkage settings file may name, each table written out in full in one place: standardisers
(how a column is cleaned) and comparisons (how two values are scored). No module adds to them at import time,
so a pipeline read from a file (`graph/model/linkage/*.yaml`, `--settings-out`) means the same thing whatever
was imported before it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from linkage import match_korean as kr
from linkage import standardise as st
from linkage.comparisons import BASE_COMPARISONS, Comparison
from loaders.types.checksums import brn_valid, crn_valid
from loaders.types.pnu import pnu_problem

Standardiser = Callable[[pd.Series], pd.Series]


def _code(s: pd.Series) -> pd.Series:
    return st.clean_text(s).astype("string").str.replace(" ", "", regex=False).astype(object)


def _mapped(fn: Callable[[str], str | None]) -> Standardiser:
    return lambda s: st.map_values(s, fn)


STANDARDISERS: dict[str, Standardiser] = {
    # general
    "none": lambda s: s.astype(object).where(s.notna(), None),
    "text": st.clean_text,
    "name": st.clean_name,
    "romanised_name": lambda s: st.map_values(st.clean_text(s), st.romanised_name),
    "jamo": lambda s: st.map_values(st.clean_name(s), st.hangul_jamo),
    "digits": st.clean_digits,
    "date": st.clean_date,
    "year": lambda s: st.date_part(s, slice(0, 4)),
    "month_day": lambda s: st.date_part(s, slice(5, None)),
    "phone": st.clean_phone,
    "address": st.clean_address,
    "number": st.clean_number,
    "family": lambda s: st.map_values(st.clean_text(s), lambda v: (st.romanised_name(v) or "").split(" ")[0] or None),
    "initial": lambda s: st.clean_name(s).astype("string").str[:1].astype(object),
    "code": _code,
    # identifiers: valid values only (checksums, PNU structure, account key shape, keyed-hash shape), so that
    # a typo never links two records deterministically
    "rrn_hash": lambda s: st.valid_only(st.clean_text(s), lambda v: bool(st.HEX64.match(v))),
    "brn": lambda s: st.valid_only(st.clean_digits(s), brn_valid),
    "crn": lambda s: st.valid_only(st.clean_digits(s), crn_valid),
    "pnu": lambda s: st.valid_only(st.clean_digits(s), lambda v: pnu_problem(v) is None),
    "account_key": lambda s: st.valid_only(st.clean_text(s), lambda v: bool(st.ACCOUNT_KEY.match(v))),
    "business_name": st.business_name,
    # Korean person files (`chungbaek match`)
    "korean_name": _mapped(kr.name_value),
    "korean_name_key": _mapped(lambda v: kr.name_key(kr.name_value(v))),
    "korean_address": _mapped(kr.address_value),
    "korean_district": _mapped(kr.district_value),
    # An identifier column may mix full keys and masked forms (YYMMDD-S******): a masked form says only birth
    # date and sex, so the two are compared each with its own kind, never one against the other.
    "id_full": lambda s: _code(s).map(lambda v: None if v is None or "*" in str(v) else v).astype(object),
    "id_masked": lambda s: _code(s).map(lambda v: v if v is not None and "*" in str(v) else None).astype(object),
}

COMPARISONS: dict[str, type[Comparison]] = {
    **BASE_COMPARISONS,
    kr.KoreanNameComparison.kind: kr.KoreanNameComparison,
    kr.KoreanAddressComparison.kind: kr.KoreanAddressComparison,
}
