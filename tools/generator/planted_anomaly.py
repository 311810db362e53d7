"""Planted anomalies: schemes that no rule of the catalog names, but that an auditor would want to see,
written to `truth/planted_anomalies.csv` (detector_id, subject_key, note) so the anomaly detectors' scores
can be calibrated on them. Everything else in the municipality stays normal.

- A collector account: one resident's account (nobody on the staff, no relative of one) takes the welfare
  benefits of two to four strangers, a stranger's tax refund and a stranger's subsidy. No payee holds it,
  so no rule that looks for officials' accounts fires; what stands out is money from several systems for
  several payees.  -> ANOM-ACCOUNT (the account) and ANOM-OFFICIAL (the welfare official who approved the
  benefits and the tax official who processed the refund, each of whom also logs in off hours).
- Split contracts: a vendor gets four to six private contracts just under the limit of a private
  (one-quote) contract, all approved by the same official within two months.  -> ANOM-BUSINESS.
"""

from __future__ import annotations

import csv

import numpy as np

from generator.bg_money import login_rows, payday, payment_rows, refund_rows
from generator.common import d
from generator.context import Ctx
from generator.plant_base import Picker
from generator.planted_money import _benefits, _recipient
from generator.timeline import MONTHS, WORKDAYS

PRIVATE_CONTRACT_LIMIT = 20_000_000  # 추정가격 2천만원 이하: one quote is enough (지방계약법 시행령 제30조)
HEADER = ("detector_id", "subject_key", "note")


def _account_key(ctx: Ctx, acc: int) -> str:
    from generator import ids
    a = ctx.m.accounts
    return f"bank:{ctx.m.gov.code}-AC-{ids.BANK_CODES[int(a.bank[acc])]}-{a.digits[acc]}"


def _off_hours_logins(ctx: Ctx, rng: np.random.Generator, off: int, n: int) -> None:
    o = ctx.m.officials
    days = np.sort(rng.choice(WORKDAYS, size=n, replace=False)).astype("datetime64[s]")
    # 21:00 to 02:59 (the next morning)
    at = days + (21 * 3600 + rng.integers(0, 6 * 3600, size=n)).astype("timedelta64[s]")
    login_rows(ctx, rng, np.full(n, o.user_id[off]), np.full(n, o.pc_id[off]), at, np.full(n, o.employee_no[off]))


def _take_official(ctx: Ctx, pick: Picker, area: str) -> int:
    return pick.take("official", ctx.officials_of(area))


def plant_collectors(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> list[tuple[str, str, str]]:
    m = ctx.m
    o = m.officials
    rows = []
    for i in range(k):
        holder = pick.adult()
        acc = int(m.people.account[holder])
        if acc < 0:
            continue
        ctx.state.setdefault("bank_extra_accounts", []).append(acc)
        wel, tax, fin = (_take_official(ctx, pick, a) for a in ("welfare", "local_tax", "local_finance"))
        start = int(rng.integers(2, 12))
        for _ in range(2 + i % 3):
            recipient = pick.adult()
            rkey = _recipient(ctx, rng, recipient, int(m.people.account[recipient]))
            _benefits(ctx, rng, rkey, MONTHS[start:start + int(rng.integers(3, 7))], acc, wel)
        taxpayer = pick.adult()
        day = np.datetime64(WORKDAYS[int(rng.integers(40, len(WORKDAYS) - 40))])
        refund_rows(ctx, rng, np.array([0]), np.array([taxpayer]), np.array([acc]), np.array([day]),
                    np.array([int(rng.integers(30, 120)) * 10_000]), np.array([tax]),
                    holder_name=np.array([m.people.name[taxpayer]]))
        if i % 2 == 0:  # half the schemes also take a subsidy
            who = pick.adult()
            sday = payday(MONTHS[start + 1:start + 2])
            payment_rows(ctx, rng, np.array([0]), np.array([who]), np.array([int(rng.integers(20, 150)) * 10_000]),
                         sday, "subsidy", np.array([f"청년월세지원 {np.datetime_as_string(MONTHS[start + 1])}"]),
                         np.array([""]), np.array([acc]), np.array([fin]))
        for off in (wel, tax):
            _off_hours_logins(ctx, rng, off, int(rng.integers(4, 11)))
        note = "resident's account collecting the benefits, refunds and subsidies of several strangers"
        rows.append(("ANOM-ACCOUNT", _account_key(ctx, acc), note))
        for off in (wel, tax):
            rows.append(("ANOM-OFFICIAL", f"local_hr:{o.employee_no[off]}",
                         "approved money of several payees into one stranger's account; logs in at night"))
    return rows


def plant_split_contracts(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> list[tuple[str, str, str]]:
    fp = ctx.p("local_finance")
    t = ctx.t("local_finance", "contracts")
    rows = []
    for _ in range(k):
        b = pick.business(("construction", "services", "supplies"))
        off = _take_official(ctx, pick, "local_finance")
        n = int(rng.integers(4, 7))
        first = int(rng.integers(20, len(WORKDAYS) - 80))
        days = np.sort(WORKDAYS[first + rng.choice(40, size=n, replace=False)])
        keys = t.keys(n)
        amount = PRIVATE_CONTRACT_LIMIT - rng.integers(1, 15, size=n) * 100_000
        t.write({"contract_no": keys, "vendor_no": np.full(n, fp.key(1, b)),
                 "title": [f"시설 소규모 보수 {j + 1}차" for j in range(n)],
                 "amount": [f"{a:,}" for a in amount], "contracted_on": d(ctx, "local_finance", days, rng),
                 "method": np.full(n, "수의계약"), "approved_by": np.full(n, ctx.emp(off)[0])})
        rows.append(("ANOM-BUSINESS", f"local_finance:{fp.key(1, b)}",
                     f"{n} private contracts just under {PRIVATE_CONTRACT_LIMIT:,} KRW, one approving official"))
    return rows


def plant_anomalies(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    rows = plant_collectors(ctx, pick, rng, 2 * k) + plant_split_contracts(ctx, pick, rng, 2 * k)
    with open(ctx.ex.out / "truth" / "planted_anomalies.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(HEADER)
        w.writerows(sorted(rows))
