"""Naive versions of the omission and timing rules, run over the raw files: apart from the planted cases,
the background never satisfies them, and the decoys do not either. This keeps the truth honest: a detector
that finds more than the planted cases is wrong, not the data."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

from tests.generator.helpers import read_rows


def day(text: str) -> dt.date:
    digits = text.replace("-", "").replace(".", "").replace("T", " ").split(" ")[0][:8]
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def valid(rows: list[dict[str, str]], column: str) -> list[dict[str, str]]:
    out = []
    for r in rows:
        try:
            day(r[column])
        except (ValueError, IndexError):
            continue
        out.append(r)
    return out


def planted(extract: Path, scenario: str, name: str = "planted_cases.csv") -> set[str]:
    with open(extract / "truth" / name, encoding="utf-8", newline="") as fh:
        return {k for r in csv.DictReader(fh) if r["scenario_id"] == scenario for k in r["evidence_keys"].split(";")}


END = dt.date(2025, 12, 31)


def test_omissions_are_exactly_the_planted_ones(extract: Path) -> None:
    tax = valid(read_rows(extract / "local_tax" / "assessments.csv"), "assessed_on")
    acq_by_building: dict[str, list[dt.date]] = defaultdict(list)
    for r in tax:
        if r["tax_type"] in ("acquisition", "취득세") and r["building_no"]:
            acq_by_building[r["building_no"]].append(day(r["assessed_on"]))
    untaxed = set()
    for r in valid(read_rows(extract / "construction" / "use_approvals.csv"), "approved_on"):
        d0 = day(r["approved_on"])
        if (END - d0).days > 60 and not any(0 <= (t - d0).days <= 60 for t in acq_by_building[r["building_no"]]):
            untaxed.add(f"construction:{r['approval_no']}")
    assert untaxed == {k for k in planted(extract, "TAX-ACQ-USE-APPROVAL") if "-CN-U" in k}

    duties = read_rows(extract / "local_duties" / "assessments.csv")
    charged = {r["permit_no"] for r in duties if r["permit_no"]}
    permits = valid(read_rows(extract / "saeol" / "occupancy_permits.csv"), "permitted_on")
    for ptype, scenario in (("road", "DUTY-ROAD-OCCUPANCY"), ("river", "DUTY-RIVER-OCCUPANCY"),
                            ("river_surface", "DUTY-RIVER-SURFACE-OCCUPANCY"),
                            ("public_property", "DUTY-PUBLIC-PROPERTY-OCCUPANCY")):
        aliases = {"road": "도로", "river": "하천", "river_surface": "하천수면", "public_property": "공유재산"}
        free = {f"saeol:{r['permit_no']}" for r in permits
                if r["permit_type"] in (ptype, aliases[ptype]) and r["permit_no"] not in charged
                and max(day(r["permitted_on"]), dt.date(2024, 1, 1)) < dt.date(2025, 11, 1)}
        assert free == planted(extract, scenario), scenario
    food = {f"saeol:{r['violation_no']}" for r in read_rows(extract / "saeol" / "violations.csv")
            if r["violation_type"] in ("food_sanitation", "식품위생") and r["violation_no"] not in charged}
    assert food == planted(extract, "DUTY-FOOD-SANITATION-FINE")
    late = set()
    for r in valid(read_rows(extract / "real_estate" / "transfers.csv"), "registered_on"):
        if (day(r["registered_on"]) - day(r["final_payment_date"])).days > 60 and r["transfer_no"] not in charged:
            late.add(f"real_estate:{r['transfer_no']}")
    assert late == planted(extract, "DUTY-LATE-REGISTRATION")
    dev = {f"construction:{r['permit_no']}" for r in valid(read_rows(extract / "construction" / "permits.csv"),
                                                           "permitted_on")
           if r["purpose"] == "development" and day(r["permitted_on"]) >= dt.date(2024, 1, 1)
           and r["permit_no"] not in charged and (END - day(r["permitted_on"])).days > 90}
    assert dev == planted(extract, "DUTY-DEVELOPMENT-CHARGE")


def test_cards_and_payroll_timing_are_exactly_the_planted_ones(extract: Path) -> None:
    approvals = valid(read_rows(extract / "cards" / "approvals.csv"), "approved_at")
    late = set()
    for r in approvals:
        text = r["approved_at"].replace("T", " ")
        hour = int(text[8:10]) if " " not in text else int(text.split(" ")[1][:2])
        if hour >= 23 or hour < 6:
            late.add(f"cards:{r['approval_no']}")
    assert late == planted(extract, "CARD-LATE-NIGHT")
    banned = {f"cards:{r['approval_no']}" for r in approvals if r["mcc"] in ("5813", "7995", "7273", "7297", "5933")}
    assert banned == planted(extract, "CARD-BANNED-MERCHANT")
    officials = {r["employee_no"]: r for r in read_rows(extract / "local_hr" / "officials.csv")}
    after = set()
    for r in valid(read_rows(extract / "local_hr" / "payroll.csv"), "paid_on"):
        o = officials.get(r["employee_no"])
        if o and o["retired_on"] and r["period"] > day(o["retired_on"]).isoformat()[:7]:
            after.add(f"local_hr:{r['payroll_no']}")
    assert after == {k for k in planted(extract, "HR-PAY-AFTER-RETIREMENT") if "-HR-Y" in k}


def test_duplicates_and_shared_pcs_are_exactly_the_planted_ones(extract: Path) -> None:
    payments = valid(read_rows(extract / "local_finance" / "payments.csv"), "paid_on")
    seen: dict[tuple[str, str, str], list[tuple[dt.date, str]]] = defaultdict(list)
    for r in payments:
        seen[(r["payee_no"], r["amount"].replace(",", ""), r["purpose"])].append((day(r["paid_on"]), r["payment_no"]))
    dup = set()
    for group in seen.values():
        for i, (d1, k1) in enumerate(group):
            for d2, k2 in group[i + 1:]:
                if abs((d2 - d1).days) <= 30:
                    dup |= {f"local_finance:{k1}", f"local_finance:{k2}"}
    assert dup == planted(extract, "FIN-DUPLICATE-PAYMENT")
    users_of_pc: dict[tuple[str, str], set[str]] = defaultdict(set)
    logins = valid(read_rows(extract / "local_finance" / "logins.csv"), "logged_in_at")
    for r in logins:
        users_of_pc[(r["pc_id"], str(day(r["logged_in_at"])))].add(r["user_id"])
    shared = {pc_day for pc_day, users in users_of_pc.items() if len(users) > 1}
    keys = planted(extract, "FIN-LOGIN-SHARED-PC")
    planted_pc_days = {(r["pc_id"], str(day(r["logged_in_at"]))) for r in logins
                       if f"local_finance:{r['login_no']}" in keys}
    assert shared == planted_pc_days
