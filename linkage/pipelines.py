"""The default pipeline of each entity kind (person, business, parcel, building, account), as data.

Strong identifiers link deterministically only when valid (checksums of business and corporate numbers,
PNU structure, account key shape, a keyed-hash shape for resident numbers); different valid values of
the same identifier never link.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from linkage import settings as settings_module
from linkage import standardise as st
from linkage.settings import LinkageSettings
from loaders.types.checksums import brn_valid, crn_valid
from loaders.types.pnu import pnu_problem

settings_module.STANDARDISERS.update({
    "rrn_hash": lambda s: st.valid_only(st.clean_text(s), lambda v: bool(st.HEX64.match(v))),
    "brn": lambda s: st.valid_only(st.clean_digits(s), brn_valid),
    "crn": lambda s: st.valid_only(st.clean_digits(s), crn_valid),
    "pnu": lambda s: st.valid_only(st.clean_digits(s), lambda v: pnu_problem(v) is None),
    "account_key": lambda s: st.valid_only(st.clean_text(s), lambda v: bool(st.ACCOUNT_KEY.match(v))),
    "business_name": st.business_name,
})


@dataclass(frozen=True)
class EntityKind:
    kind: str  # person, business, ...
    record_label: str
    entity_label: str
    prefix: str
    properties: tuple[str, ...]  # record properties the pipeline reads

    def settings(self) -> LinkageSettings:
        return LinkageSettings.from_dict(DEFAULTS[self.kind]())


def _person() -> dict:
    return {
        "name": "person",
        "fields": [
            {"name": "rrn_hash", "source": "rrn_hash", "standardise": "rrn_hash"},
            {"name": "name_jamo", "source": "name", "standardise": "jamo"},
            {"name": "name_rom", "source": "name", "standardise": "romanised_name"},
            {"name": "birth_date", "source": "birth_date", "standardise": "date"},
            {"name": "birth_year", "source": "birth_date", "standardise": "year"},
            {"name": "birth_md", "source": "birth_date", "standardise": "month_day"},
            {"name": "family", "source": "name", "standardise": "family"},
            {"name": "sex", "source": "sex", "standardise": "code"},
            {"name": "phone", "source": "phone", "standardise": "phone"},
            {"name": "address", "source": "address", "standardise": "address"},
            {"name": "account_key", "source": "account_key", "standardise": "account_key"},
        ],
        "blocking_rules": [
            {"type": "exact", "on": ["birth_date", "family"]},
            # A bank holder known by name only meets the official or recipient who names the account.
            {"type": "exact", "on": ["account_key"]},
            # Name with day and month of birth, not name alone: common names (617 records of one
            # romanised name among a million) made name alone pair 90M records, for almost no recall.
            {"type": "exact", "on": ["name_rom", "birth_md"]},
            {"type": "exact", "on": ["phone"]},
            {"type": "sorted_neighbourhood", "on": "name_rom", "window": 7, "block_on": ["birth_year"]},
        ],
        "comparisons": [
            {"type": "cross_name", "column": "name_jamo", "alt_column": "name_rom", "output": "name",
             "thresholds": [0.8, 0.9, 0.95]},
            {"type": "date", "column": "birth_date"},
            {"type": "exact", "column": "sex"},
            {"type": "exact", "column": "phone"},
            {"type": "string", "column": "address", "metric": "token_set", "thresholds": [0.6, 0.85]},
            {"type": "exact", "column": "rrn_hash"},
        ],
        "deterministic": ["rrn_hash"],
        "cannot_link": ["rrn_hash"],
        # ... unless name and birth date agree exactly: a mistyped resident number must not split a person.
        "waive_conflict_when_exact": ["name", "birth_date"],
        # ... and phone or address: two people of a popular name share a birth date often enough
        # (김지훈 1980-06-17 twice among 100,000 residents), a typist's slip keeps the rest of the record.
        "waive_needs_one_of": ["phone", "address"],
        # The holder of an account is the official or recipient whose own record names it, when the name
        # agrees in Hangul or romanised form (level 3: Jaro-Winkler >= 0.95) and the birth date, if both
        # are known, is not another date.
        "anchors": [{"on": "account_key", "agree": {"name": 3}, "against": {"birth_date": 2}}],
        "tf_adjust": ["name", "birth_date"],
        "threshold": 0.9,
    }


def _business() -> dict:
    return {
        "name": "business",
        "fields": [
            {"name": "brn", "source": "brn", "standardise": "brn"},
            {"name": "crn", "source": "crn", "standardise": "crn"},
            {"name": "name", "source": "name", "standardise": "business_name"},
            {"name": "owner", "source": "owner_name", "standardise": "romanised_name"},
            {"name": "phone", "source": "phone", "standardise": "phone"},
            {"name": "address", "source": "address", "standardise": "address"},
        ],
        "blocking_rules": [
            {"type": "exact", "on": ["name"]},
            {"type": "exact", "on": ["phone"]},
            {"type": "sorted_neighbourhood", "on": "name", "window": 5},
        ],
        "comparisons": [
            {"type": "string", "column": "name", "thresholds": [0.8, 0.9, 0.95]},
            {"type": "string", "column": "owner", "thresholds": [0.85, 0.95]},
            {"type": "exact", "column": "phone"},
            {"type": "string", "column": "address", "metric": "token_set", "thresholds": [0.6, 0.85]},
            {"type": "exact", "column": "brn"},
            {"type": "exact", "column": "crn"},
        ],
        "deterministic": ["brn", "crn"],
        "cannot_link": ["brn", "crn"],
        "threshold": 0.9,
    }


def _parcel() -> dict:
    return {
        "name": "parcel",
        "fields": [{"name": "pnu", "source": "pnu", "standardise": "pnu"},
                   {"name": "address", "source": "address", "standardise": "text"}],
        "blocking_rules": [{"type": "exact", "on": ["address"]}],
        "comparisons": [{"type": "exact", "column": "address"}, {"type": "exact", "column": "pnu"}],
        "deterministic": ["pnu"], "cannot_link": ["pnu"], "threshold": 0.99,
    }


def _building() -> dict:
    return {
        "name": "building",
        "fields": [{"name": "building_no", "source": "building_no", "standardise": "code"},
                   {"name": "pnu", "source": "pnu", "standardise": "pnu"},
                   {"name": "address", "source": "address", "standardise": "text"},
                   {"name": "use", "source": "use", "standardise": "text"}],
        "blocking_rules": [{"type": "exact", "on": ["pnu"]}],
        "comparisons": [{"type": "string", "column": "address", "metric": "token_set", "thresholds": [0.8, 0.95]},
                        {"type": "exact", "column": "use"}, {"type": "exact", "column": "building_no"}],
        "deterministic": ["building_no"], "cannot_link": ["building_no"], "threshold": 0.99,
    }


def _account() -> dict:
    return {
        "name": "account",
        "fields": [{"name": "account_key", "source": "account_key", "standardise": "account_key"},
                   {"name": "holder", "source": "holder_name", "standardise": "romanised_name"}],
        "blocking_rules": [],
        "comparisons": [{"type": "exact", "column": "account_key"}],
        "deterministic": ["account_key"], "cannot_link": ["account_key"], "threshold": 0.99,
    }


DEFAULTS = {"person": _person, "business": _business, "parcel": _parcel, "building": _building,
            "account": _account}

ENTITY_KINDS = {
    "person": EntityKind("person", "PersonRecord", "Person", "P",
                         ("name", "rrn_hash", "rrn_masked", "birth_date", "sex", "address", "phone",
                          "account_key")),
    "business": EntityKind("business", "BusinessRecord", "Business", "B",
                           ("name", "brn", "crn", "owner_name", "address", "phone", "category")),
    "parcel": EntityKind("parcel", "ParcelRecord", "Parcel", "L", ("pnu", "address")),
    "building": EntityKind("building", "BuildingRecord", "Building", "D", ("building_no", "pnu", "address", "use")),
    "account": EntityKind("account", "AccountRecord", "Account", "A", ("account_key", "bank_code", "holder_name")),
}


def record_frame(kind: EntityKind, rows: list[dict]) -> pd.DataFrame:
    """Records as a frame with every property the pipeline reads (missing -> None)."""
    cols = ["system", "source_key", "gov", *kind.properties]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.astype(object).where(frame.notna(), None)
