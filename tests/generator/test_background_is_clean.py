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
                and max(day(r["permitted_on"]), dt.date(2024, 1, 1)) < dt.date(2025, 11, 1)
                and not (r["end_date"] and day(r["end_date"]) < dt.date(2024, 1, 1))}  # ended before the window
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
    # the look-alikes (a monthly lease) come close on purpose; the background never does
    assert dup - planted(extract, "FIN-DUPLICATE-PAYMENT", "decoys.csv") == planted(extract, "FIN-DUPLICATE-PAYMENT")
    users_of_pc: dict[tuple[str, str], set[str]] = defaultdict(set)
    logins = valid(read_rows(extract / "local_finance" / "logins.csv"), "logged_in_at")
    for r in logins:
        users_of_pc[(r["pc_id"], str(day(r["logged_in_at"])))].add(r["user_id"])
    shared = {pc_day for pc_day, users in users_of_pc.items() if len(users) > 1}
    keys = planted(extract, "FIN-LOGIN-SHARED-PC")
    planted_pc_days = {(r["pc_id"], str(day(r["logged_in_at"]))) for r in logins
                       if f"local_finance:{r['login_no']}" in keys}
    assert shared == planted_pc_days


HOLIDAYS = {"2024-01-01", "2024-02-09", "2024-02-10", "2024-02-11", "2024-02-12", "2024-03-01", "2024-04-10",
            "2024-05-05", "2024-05-06", "2024-05-15", "2024-06-06", "2024-08-15", "2024-09-16", "2024-09-17",
            "2024-09-18", "2024-10-01", "2024-10-03", "2024-10-09", "2024-12-25", "2025-01-01", "2025-01-27",
            "2025-01-28", "2025-01-29", "2025-01-30", "2025-03-01", "2025-03-03", "2025-05-05", "2025-05-06",
            "2025-06-03", "2025-06-06", "2025-08-15", "2025-10-03", "2025-10-05", "2025-10-06", "2025-10-07",
            "2025-10-08", "2025-10-09", "2025-12-25"}


def test_more_rules_find_exactly_the_planted_ones(extract: Path) -> None:
    approvals = valid(read_rows(extract / "cards" / "approvals.csv"), "approved_at")
    off = {f"cards:{r['approval_no']}" for r in approvals
           if day(r["approved_at"]).weekday() >= 5 or str(day(r["approved_at"])) in HOLIDAYS}
    assert off == planted(extract, "CARD-HOLIDAY")
    same: dict[tuple[str, str, dt.date], list[str]] = defaultdict(list)
    for r in approvals:
        same[(r["card_id"], r["merchant_brn"], day(r["approved_at"]))].append(f"cards:{r['approval_no']}")
    split = {k for keys in same.values() if len(keys) > 1 for k in keys}
    assert split == planted(extract, "CARD-SPLIT-PAYMENT")

    tax = valid(read_rows(extract / "local_tax" / "assessments.csv"), "assessed_on")
    acq_pnu: dict[str, list[dt.date]] = defaultdict(list)
    acq_building: dict[str, list[dt.date]] = defaultdict(list)
    for r in tax:
        if r["tax_type"] in ("acquisition", "취득세"):
            acq_pnu[r["pnu"]].append(day(r["assessed_on"]))
            acq_building[r["building_no"]].append(day(r["assessed_on"]))
    sold = {f"local_finance:{r['disposal_no']}" for r in valid(read_rows(extract / "local_finance" / "disposals.csv"),
                                                               "disposed_on")
            if not any(0 <= (t - day(r["disposed_on"])).days <= 60 for t in acq_pnu[r["pnu"]])}
    assert sold == planted(extract, "TAX-ACQ-PUBLIC-LAND")
    illegal = {f"construction:{r['case_no']}"
               for r in valid(read_rows(extract / "construction" / "illegal_buildings.csv"), "found_on")
               if (END - day(r["found_on"])).days > 60
               and not any(0 <= (t - day(r["found_on"])).days <= 60 for t in acq_building[r["building_no"]])}
    assert illegal == planted(extract, "TAX-ACQ-ILLEGAL-BUILDING")
    charged = {r["permit_no"] for r in read_rows(extract / "local_duties" / "assessments.csv")}
    realname = {f"real_estate:{r['violation_no']}" for r in read_rows(extract / "real_estate" / "realname_violations.csv")
                if r["violation_no"] not in charged and r["pnu"]}
    assert realname == planted(extract, "TAX-ACQ-REALNAME")

    died = {r["recipient_no"]: day(r["died_on"]) for r in valid(read_rows(extract / "welfare" / "deaths.csv"), "died_on")
            if r["recipient_no"]}
    after = {f"welfare:{r['payment_no']}" for r in valid(read_rows(extract / "welfare" / "payments.csv"), "paid_on")
             if r["recipient_no"] in died and day(r["paid_on"]) >= died[r["recipient_no"]]}
    assert after == {k for k in planted(extract, "WEL-PAID-AFTER-DEATH") if "-WF-M" in k}


def test_normal_rate_on_bar_buildings_is_exactly_the_planted_ones(extract: Path) -> None:
    bars: dict[str, dt.date] = {}
    for r in valid(read_rows(extract / "saeol" / "licenses.csv"), "licensed_on"):
        if r["license_type"] in ("entertainment_bar", "유흥주점") and r["building_no"]:
            bars[r["building_no"]] = min(day(r["licensed_on"]), bars.get(r["building_no"], dt.date.max))
    normal = {f"local_tax:{r['assessment_no']}"
              for r in valid(read_rows(extract / "local_tax" / "assessments.csv"), "assessed_on")
              if r["tax_type"] in ("acquisition", "취득세") and r["rate_class"] in ("normal", "일반")
              and r["building_no"] in bars and bars[r["building_no"]] <= day(r["assessed_on"])}
    assert normal == {k for k in planted(extract, "TAX-ACQ-HEAVY-BAR") if k.startswith("local_tax:")}
