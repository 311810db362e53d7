"""What every part of the generator shares while writing one extract."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from generator import contracts
from generator.population import Municipality
from generator.registry import Objects, Parties, PartyNoise
from generator.rng import stream
from generator.sink import Extract, Table

# file -> (key code in the source key, encoding, format, date style of the system)
FILES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("local_tax", "taxpayers"): ("P", "utf-8", "csv"),
    ("local_tax", "assessments"): ("A", "utf-8", "csv"),
    ("local_tax", "refunds"): ("R", "utf-8", "csv"),
    ("local_tax", "reductions"): ("D", "utf-8", "csv"),
    ("local_duties", "payers"): ("P", "cp949", "csv"),
    ("local_duties", "assessments"): ("A", "cp949", "csv"),
    ("local_duties", "arrears"): ("R", "cp949", "csv"),
    ("local_duties", "seizures"): ("S", "cp949", "csv"),
    ("local_finance", "payees"): ("P", "utf-8", "csv"),
    ("local_finance", "payments"): ("M", "utf-8", "csv"),
    ("local_finance", "contracts"): ("C", "utf-8", "csv"),
    ("local_finance", "disposals"): ("D", "utf-8", "csv"),
    ("local_finance", "logins"): ("L", "utf-8", "csv"),
    ("saeol", "applicants"): ("P", "cp949", "csv"),
    ("saeol", "licenses"): ("L", "cp949", "csv"),
    ("saeol", "occupancy_permits"): ("O", "cp949", "csv"),
    ("saeol", "violations"): ("V", "cp949", "csv"),
    ("local_hr", "org_units"): ("U", "utf-8", "csv"),
    ("local_hr", "officials"): ("E", "utf-8", "csv"),
    ("local_hr", "family"): ("F", "utf-8", "csv"),
    ("local_hr", "payroll"): ("Y", "utf-8", "csv"),
    ("local_hr", "leave"): ("V", "utf-8", "csv"),
    ("construction", "owners"): ("P", "utf-8", "csv"),
    ("construction", "buildings"): ("B", "utf-8", "csv"),
    ("construction", "permits"): ("M", "utf-8", "csv"),
    ("construction", "use_approvals"): ("U", "utf-8", "csv"),
    ("construction", "illegal_buildings"): ("I", "utf-8", "csv"),
    ("real_estate", "parcels"): ("L", "utf-8", "csv"),
    ("real_estate", "parties"): ("P", "utf-8", "csv"),
    ("real_estate", "transfers"): ("T", "utf-8", "csv"),
    ("real_estate", "realname_violations"): ("V", "utf-8", "csv"),
    ("welfare", "recipients"): ("R", "cp949", "csv"),
    ("welfare", "payments"): ("M", "cp949", "csv"),
    ("welfare", "deaths"): ("D", "cp949", "csv"),
    ("bank", "accounts"): ("A", "utf-8", "csv"),
    ("bank", "transfers"): ("T", "utf-8", "parquet"),
    ("cards", "cards"): ("C", "utf-8", "csv"),
    ("cards", "approvals"): ("A", "utf-8", "csv"),
}
DATE_STYLE = {"local_tax": "compact", "local_duties": "compact", "local_finance": "iso", "saeol": "dotted",
              "local_hr": "iso", "construction": "compact", "real_estate": "iso", "welfare": "dotted",
              "bank": "compact", "cards": "iso"}
PARTY_FILES = {"local_tax": ("taxpayers", "taxpayer_type"), "local_duties": ("payers", "payer_type"),
               "local_finance": ("payees", "payee_type"), "saeol": ("applicants", "applicant_type"),
               "construction": ("owners", "owner_type"), "real_estate": ("parties", "party_type")}


@dataclass
class Ledger:
    """Money that left the treasury; the bank feed gets one transfer per entry."""
    day: list[np.ndarray] = field(default_factory=list)
    account: list[np.ndarray] = field(default_factory=list)
    amount: list[np.ndarray] = field(default_factory=list)
    reference: list[np.ndarray] = field(default_factory=list)
    kind: list[np.ndarray] = field(default_factory=list)

    def add(self, day: np.ndarray, account: np.ndarray, amount: np.ndarray, reference: np.ndarray,
            kind: str) -> None:
        self.day.append(np.asarray(day, dtype="datetime64[D]"))
        self.account.append(np.asarray(account, dtype=np.int64))
        self.amount.append(np.asarray(amount, dtype=np.int64))
        self.reference.append(np.asarray(reference).astype(str))
        self.kind.append(np.full(len(day), kind))


@dataclass
class Ctx:
    m: Municipality
    ex: Extract
    seed: int
    objects: Objects
    tables: dict[tuple[str, str], Table] = field(default_factory=dict)
    parties: dict[str, Parties] = field(default_factory=dict)
    ledger: Ledger = field(default_factory=Ledger)
    state: dict[str, object] = field(default_factory=dict)

    def rng(self, name: str) -> np.random.Generator:
        return stream(self.seed, name)

    def t(self, system: str, file: str) -> Table:
        return self.tables[(system, file)]

    def p(self, system: str) -> Parties:
        return self.parties[system]

    def emp(self, official: np.ndarray | int) -> np.ndarray:
        return self.m.officials.employee_no[np.atleast_1d(official)]

    def officials_of(self, area: str) -> np.ndarray:
        """Serving staff of the units of an area (heads included)."""
        o = self.m.officials
        areas = np.array([u.area for u in self.m.units])
        return np.flatnonzero((areas[o.unit] == area) & np.isnat(o.retired_on))


PARTY_NOISE = {
    "local_tax": PartyNoise(date_style="compact"),
    "local_duties": PartyNoise(rrn_masked=0.05, date_style="compact", typo=0.015),
    "local_finance": PartyNoise(rrn_masked=0.2, date_style="iso"),
    "saeol": PartyNoise(rrn_masked=0.1, date_style="dotted", typo=0.015),
    "construction": PartyNoise(rrn_missing=0.03, old_address=0.8, date_style="compact", lot_address=0.6),
    "real_estate": PartyNoise(old_address=0.9, date_style="iso", typo=0.005, lot_address=0.8),
}


def open_context(m: Municipality, ex: Extract, seed: int) -> Ctx:
    ctx = Ctx(m=m, ex=ex, seed=seed, objects=Objects(m))
    for (system, file), (code, enc, fmt) in FILES.items():
        ctx.tables[(system, file)] = ex.table(system, file, contracts.columns(system, file),
                                              key_column=contracts.key_column(system, file), file_code=code,
                                              encoding=enc, fmt=fmt)
    for system, (file, type_col) in PARTY_FILES.items():
        extra = {"bank_code": "", "category": ""} if system == "local_finance" else None
        ctx.parties[system] = Parties(m, ctx.t(system, file), type_col, ctx.rng(f"parties/{system}"),
                                      PARTY_NOISE[system], extra)
    return ctx

