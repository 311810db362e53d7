"""The held-out municipality: people, households, businesses and places, and the ten systems' rows.

Written from the published contracts (loaders/contracts, docs/contracts.md, docs/INTERFACES.md) and the
design reference only, so that the product's own generator never shaped it. Scenarios and their lawful
look-alikes are planted in `heldout.plants`.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from heldout import korean as K

START, END = date(2022, 1, 1), date(2024, 12, 31)
DUTIES_START = date(2023, 1, 1)  # the duties system's extract begins a year later than the others
# Public holidays, the presidential (2022-03-09) and local (2022-06-01) election days included.
HOLIDAYS = {date(*d) for d in [
    (2022, 1, 1), (2022, 1, 31), (2022, 2, 1), (2022, 2, 2), (2022, 3, 1), (2022, 3, 9), (2022, 5, 5), (2022, 5, 8),
    (2022, 6, 1), (2022, 6, 6), (2022, 8, 15), (2022, 9, 9), (2022, 9, 12), (2022, 10, 3), (2022, 10, 10), (2022, 12, 25),
    (2023, 1, 1), (2023, 1, 23), (2023, 1, 24), (2023, 3, 1), (2023, 5, 5), (2023, 5, 29), (2023, 6, 6),
    (2023, 8, 15), (2023, 9, 28), (2023, 9, 29), (2023, 10, 2), (2023, 10, 3), (2023, 10, 9), (2023, 12, 25),
    (2024, 1, 1), (2024, 2, 9), (2024, 2, 12), (2024, 3, 1), (2024, 4, 10), (2024, 5, 6), (2024, 5, 15),
    (2024, 6, 6), (2024, 8, 15), (2024, 9, 16), (2024, 9, 17), (2024, 9, 18), (2024, 10, 1), (2024, 10, 3),
    (2024, 10, 9), (2024, 12, 25)]}
# How completely each system knows a person's resident number: (full, masked); the rest have none.
RRN_POLICY = {"local_tax": (0.9, 0.05), "local_duties": (0.85, 0.05), "local_finance": (0.8, 0.1),
              "saeol": (0.5, 0.35), "construction": (0.55, 0.35), "real_estate": (0.8, 0.15),
              "welfare": (0.97, 0.02), "local_hr": (1.0, 0.0), "family": (0.85, 0.0), "deaths": (0.9, 0.05)}
PARTY = {"local_tax": ("taxpayers", "taxpayer_no", "taxpayer_type", "TX"),
         "local_duties": ("payers", "payer_no", "payer_type", "PY"),
         "local_finance": ("payees", "payee_no", "payee_type", "PE"),
         "saeol": ("applicants", "applicant_no", "applicant_type", "AP"),
         "construction": ("owners", "owner_no", "owner_type", "OW"),
         "real_estate": ("parties", "party_no", "party_type", "RP")}


def is_workday(d: date) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS


@dataclass
class Person:
    pid: str
    family: str
    given: str
    sex: str
    birth: date
    rrn: str
    phone: str
    place: K.Place
    household: str
    old_place: K.Place | None = None
    died: date | None = None
    account: tuple[str, str] | None = None
    official: str | None = None  # employee_no
    relatives: list[tuple[str, Person]] = field(default_factory=list)  # (relation, person) for officials

    @property
    def name(self) -> str:
        return self.family + self.given


@dataclass
class Business:
    bid: str
    name: str
    brn: str
    crn: str | None
    rep: Person
    place: K.Place
    account: tuple[str, str]


class Town:
    def __init__(self, residents: int, seed: int, gov: str) -> None:
        self.rng = random.Random(seed)
        self.gov, self.n = gov, residents
        self.rows: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.entities: dict[tuple[str, str], tuple[str, str]] = {}
        self.planted: list[tuple[str, list[str]]] = []
        self.decoys: list[tuple[str, list[str], str]] = []
        self.counters: dict[str, int] = defaultdict(int)
        self.records: dict[tuple[str, str], list[str]] = {}  # (system, pid/bid) -> record keys
        self.holders: dict[tuple[str, str], Person | Business | str] = {}
        self.holder_form: dict[tuple[str, str], str] = {}  # forced bank-holder form for chosen accounts
        self.people: list[Person] = []
        self.businesses: list[Business] = []
        self.officials: list[Person] = []
        self.units: dict[str, str] = {}  # area -> unit code
        self.used_accounts: set[tuple[str, str]] = set()

    # -- keys and truth -----------------------------------------------------------------------------
    def key(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{self.gov}-{prefix}-{self.counters[prefix]:07d}"

    def truth(self, system: str, key: str, kind: str, entity: str) -> None:
        self.entities[(system, key)] = (kind, entity)

    def plant(self, scenario: str, system: str, keys: list[str]) -> None:
        self.planted.append((scenario, [f"{system}:{k}" for k in keys]))

    def decoy(self, scenario: str, system: str, keys: list[str], note: str) -> None:
        self.decoys.append((scenario, [f"{system}:{k}" for k in keys], note))

    def add(self, system: str, file: str, row: dict) -> dict:
        self.rows[(system, file)].append(row)
        return row

    def date_between(self, a: date, b: date) -> date:
        return a + timedelta(days=self.rng.randrange((b - a).days + 1))

    def workday(self, a: date, b: date) -> date:
        while True:
            d = self.date_between(a, b)
            if is_workday(d):
                return d

    # -- accounts ------------------------------------------------------------------------------------
    def new_account(self, holder: Person | Business | str) -> tuple[str, str]:
        while True:
            acc = K.account(self.rng)
            if acc not in self.holders:
                self.holders[acc] = holder
                return acc

    def use_account(self, system: str, acc: tuple[str, str]) -> dict:
        """The two columns naming an account in a row; records the AccountRecord's truth."""
        self.used_accounts.add(acc)
        self.truth(system, f"{self.gov}-AC-{acc[0]}-{acc[1]}", "account", f"{acc[0]}-{acc[1]}")
        code = acc[0] if self.rng.random() < 0.8 else str(int(acc[0]))
        return {"bank_code": code, "account_no": K.account_text(acc[1], self.rng)}

    # -- person fields -------------------------------------------------------------------------------
    def person_fields(self, p: Person, policy: str, old: bool = False) -> dict:
        rng = self.rng
        full, mask = RRN_POLICY[policy]
        r = rng.random()
        out = {"name": K.name_variant(p.family, p.given, rng)}
        if r < full:
            out["rrn"] = p.rrn if rng.random() < 0.7 else p.rrn.replace("-", "")
        elif r < full + mask:
            out["rrn"] = K.masked(p.rrn)
            if rng.random() < 0.5:
                out["birth_date"] = p.birth.isoformat()
        elif rng.random() < 0.8:
            out["birth_date"] = p.birth.strftime(rng.choice(["%Y-%m-%d", "%Y%m%d", "%Y.%m.%d"]))
        place = p.old_place if (old or (p.old_place and rng.random() < 0.4)) and p.old_place else p.place
        if rng.random() < 0.9:
            out["address"] = place.text(rng)
        if rng.random() < 0.7:
            out["phone"] = K.phone_form(p.phone, rng)
        return out

    def party(self, system: str, p: Person, fresh: bool = False) -> str:
        """The person's record in a system's party file (one per person, or a second one when fresh)."""
        recs = self.records.setdefault((system, p.pid), [])
        if recs and not fresh:
            return self.rng.choice(recs) if len(recs) > 1 and self.rng.random() < 0.3 else recs[0]
        file, col, type_col, prefix = PARTY[system]
        key = self.key(prefix)
        row = {col: key, type_col: self.rng.choice(["person", "person", "개인"]), **self.person_fields(p, system)}
        self.add(system, file, row)
        self.truth(system, key, "person", p.pid)
        recs.append(key)
        return key

    def biz_party(self, system: str, b: Business, fresh: bool = False) -> str:
        recs = self.records.setdefault((system, b.bid), [])
        if recs and not fresh:
            return self.rng.choice(recs)
        file, col, type_col, prefix = PARTY[system]
        key = self.key(prefix)
        rng = self.rng
        row = {col: key, type_col: rng.choice(["business", "법인", "사업자"]),
               "name": b.name if rng.random() < 0.8 else b.name.replace("(주)", "주식회사 "),
               "brn": b.brn if rng.random() < 0.5 else K.brn_hyphen(b.brn), "crn": b.crn or "",
               "representative_name": b.rep.name,
               "representative_rrn": b.rep.rrn if rng.random() < 0.7 else "",
               "address": b.place.text(rng), "phone": K.phone_form(b.rep.phone, rng) if rng.random() < 0.5 else ""}
        if system == "local_finance":
            row.update(self.use_account(system, b.account))
            row["category"] = rng.choice(["건설", "물품", "용역", "식품"])
        self.add(system, file, row)
        self.truth(system, key, "business", b.bid)
        recs.append(key)
        return key

    def parcel(self, system: str, pnu: str) -> str:
        self.truth(system, pnu, "parcel", pnu)
        return pnu

    def building(self, system: str, bno: str) -> str:
        self.truth(system, bno, "building", bno)
        return bno

    # -- output --------------------------------------------------------------------------------------
    def write(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        for (system, file), rows in sorted(self.rows.items()):
            cols: list[str] = []
            for r in rows:
                for c in r:
                    if c not in cols:
                        cols.append(c)
            (out / system).mkdir(exist_ok=True)
            # One municipality's extracts come CP949-encoded from an older system; the rest UTF-8.
            enc = "cp949" if system == "local_duties" else "utf-8"
            with (out / system / f"{file}.csv").open("w", encoding=enc, newline="", errors="replace") as fh:
                w = csv.DictWriter(fh, fieldnames=cols)
                w.writeheader()
                w.writerows(rows)
        truth = out / "truth"
        truth.mkdir(exist_ok=True)
        with (truth / "entities.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["system", "source_key", "entity_kind", "entity_id"])
            for (system, key), (kind, ent) in sorted(self.entities.items()):
                w.writerow([system, key, kind, ent])
        with (truth / "planted_cases.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["scenario_id", "evidence_keys"])
            for sid, keys in self.planted:
                w.writerow([sid, ";".join(keys)])
        with (truth / "decoys.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["scenario_id", "evidence_keys", "note"])
            for sid, keys, note in self.decoys:
                w.writerow([sid, ";".join(keys), note])
