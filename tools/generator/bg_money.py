"""Background of people and money: the org chart, officials, families, payroll and leave (local_hr),
welfare recipients, benefits and deaths (welfare), vendors, contracts, payments and logins
(local_finance), tax refunds and reductions (local_tax) and corporate cards (cards).

Everything here is legitimate: money goes into the payee's own account, nobody is paid after death or
retirement, officials do business with strangers only, cards are used on workdays between 09:00 and 22:59."""

from __future__ import annotations

import numpy as np

from generator import ids, noise
from generator.common import (
    amt,
    clean_adults,
    clean_businesses,
    d,
    days_in_window,
    official_households,
    pick,
    write_chunks,
)
from generator.context import Ctx
from generator.registry import account_cols
from generator.sink import entity_ids
from generator.timeline import END, MONTHS, START, WORKDAYS, workday_on_or_after

POSITIONS = {3: "부시장", 4: "국장", 5: "과장", 6: "팀장", 7: "주무관", 8: "주무관", 9: "주무관"}
PAY = {3: 7_800_000, 4: 6_900_000, 5: 6_100_000, 6: 5_300_000, 7: 4_100_000, 8: 3_500_000, 9: 2_900_000}
RELATION_KO = {"spouse": "배우자", "child": "자녀", "parent": "부모", "sibling": "형제자매"}


def org_and_officials(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/officials")
    o, units = m.officials, m.units
    t = ctx.t("local_hr", "org_units")
    write_chunks(t, {"unit_code": np.array([u.code for u in units]), "name": np.array([u.name for u in units]),
                     "parent_code": np.array([units[u.parent].code if u.parent >= 0 else "" for u in units]),
                     "head_employee_no": np.array([o.employee_no[u.head] if u.head >= 0 else "" for u in units]),
                     "area": np.array([u.area for u in units])})
    people = m.people
    pp = o.person
    rrn, _ = noise.rrn_column(people.rrn[pp], rng, missing=0.0, nodash=0.2)
    acc = people.account[pp]
    cols = account_cols(m, acc, rng, holder=False)
    t = ctx.t("local_hr", "officials")
    write_chunks(t, {"employee_no": o.employee_no, "name": people.name[pp], "rrn": rrn,
                     "birth_date": d(ctx, "local_hr", people.birth[pp], rng), "address": people.address[pp],
                     "phone": people.phone[pp], "email": o.email, "user_id": o.user_id,
                     "unit_code": np.array([u.code for u in units])[o.unit],
                     "position": np.vectorize(POSITIONS.get, otypes=[str])(o.grade), "grade": o.grade.astype(str),
                     "hired_on": d(ctx, "local_hr", o.hired, rng), "retired_on": d(ctx, "local_hr", o.retired_on, rng),
                     **cols})
    t.next_seq = o.n + 1
    ctx.ex.entities("local_hr", o.employee_no, "person", entity_ids("person", pp))
    ctx.objects.account("local_hr", acc)
    _family(ctx, rng)
    _payroll(ctx, rng)
    _leave(ctx, rng)


def relatives_of(ctx: Ctx, official: int) -> list[tuple[int, str]]:
    """(person, relation to the official) for the members of the official's household."""
    m = ctx.m
    me = int(m.officials.person[official])
    hh = int(m.people.household[me])
    start, size = int(m.households.start[hh]), int(m.households.size[hh])
    my_pos = me - start
    out = []
    for other in range(start, start + size):
        if other == me:
            continue
        pos = other - start
        if my_pos <= 1:
            rel = "spouse" if pos <= 1 else "child"
        else:
            rel = "parent" if pos <= 1 else "sibling"
        out.append((other, rel))
    return out


def _family(ctx: Ctx, rng: np.random.Generator) -> None:
    m = ctx.m
    person, emp, rel = [], [], []
    for i in range(m.officials.n):
        for other, r in relatives_of(ctx, i):
            if r == "sibling" and rng.random() < 0.5:
                continue
            person.append(other)
            emp.append(m.officials.employee_no[i])
            rel.append(r)
    person_a = np.array(person, dtype=np.int64)
    rel_a = np.array(rel, dtype=str)
    keys, has_rrn = write_family(ctx, rng, person_a, np.array(emp, dtype=str), rel_a)
    ctx.state["family"] = dict(person=person_a, employee_no=np.array(emp, dtype=str), relation=rel_a, keys=keys,
                               has_rrn=has_rrn)


def write_family(ctx: Ctx, rng: np.random.Generator, person: np.ndarray, emp: np.ndarray,
                 relation: np.ndarray, missing: float = 0.02) -> tuple[np.ndarray, np.ndarray]:
    """Family rows of officials; returns their keys and which rows kept the relative's resident number."""
    m = ctx.m
    t = ctx.t("local_hr", "family")
    n = len(person)
    keys = t.keys(n)
    rrn, _ = noise.rrn_column(m.people.rrn[person], rng, missing=missing, nodash=0.3)
    shown = np.where(rng.random(n) < 0.2, np.vectorize(RELATION_KO.get, otypes=[str])(relation), relation) \
        if n else relation
    write_chunks(t, {"relative_no": keys, "employee_no": emp, "relation": shown,
                     "name": noise.typo_names(m.people.name[person], rng, 0.01), "rrn": rrn,
                     "birth_date": d(ctx, "local_hr", m.people.birth[person], rng),
                     "address": m.people.address[person], "phone": m.people.phone[person]})
    ctx.ex.entities("local_hr", keys, "person", entity_ids("person", person))
    return keys, rrn != ""


def payday(month: np.ndarray) -> np.ndarray:
    """Salary day: the 20th, or the workday before when it falls on a weekend or holiday."""
    day = month.astype("datetime64[D]") + np.timedelta64(19, "D")
    idx = np.searchsorted(WORKDAYS, day, side="right") - 1
    return WORKDAYS[np.maximum(idx, 0)]


def payroll_rows(ctx: Ctx, rng: np.random.Generator, official: np.ndarray, month: np.ndarray,
                 paid: np.ndarray, account: np.ndarray, amount: np.ndarray | None = None) -> np.ndarray:
    m = ctx.m
    o = m.officials
    t = ctx.t("local_hr", "payroll")
    n = len(official)
    keys = t.keys(n)
    if amount is None:
        amount = np.vectorize(PAY.get)(o.grade[official]) + rng.integers(0, 40, size=n) * 10_000
    cols = account_cols(m, account, rng)
    write_chunks(t, {"payroll_no": keys, "employee_no": o.employee_no[official],
                     "period": np.datetime_as_string(month.astype("datetime64[M]")),
                     "paid_on": d(ctx, "local_hr", paid, rng), "amount": amt(amount, rng), **cols})
    ctx.objects.account("local_hr", account)
    ctx.ledger.add(paid, account, amount, np.char.add("local_hr:", keys), "payroll")
    return keys


def _payroll(ctx: Ctx, rng: np.random.Generator) -> None:
    m = ctx.m
    o = m.officials
    paid = payday(MONTHS)
    for mi, month in enumerate(MONTHS):
        month_start = month.astype("datetime64[D]")
        on = np.flatnonzero(np.isnat(o.retired_on) | (o.retired_on >= month_start))
        payroll_rows(ctx, rng, on, np.full(len(on), month), np.full(len(on), paid[mi]), m.people.account[o.person[on]])


def _leave(ctx: Ctx, rng: np.random.Generator) -> None:
    o = ctx.m.officials
    k = max(1, o.n // 20)
    who = rng.choice(o.n, size=k, replace=False)
    start = days_in_window(rng, k, 60)
    end = start + rng.integers(3, 200, size=k).astype("timedelta64[D]")
    t = ctx.t("local_hr", "leave")
    write_chunks(t, {"leave_no": t.keys(k), "employee_no": o.employee_no[who],
                     "kind": rng.choice(np.array(["sick", "parental", "study", "annual"]), size=k),
                     "start_date": d(ctx, "local_hr", start, rng), "end_date": d(ctx, "local_hr", end, rng)})


BENEFITS = {"livelihood": 620_000, "housing": 330_000, "disability": 420_000, "basic_pension": 334_000}
# paid by law into a parent's account; only look-alikes use them, the background draws from BENEFITS
GUARDIAN_BENEFITS = {"child_allowance": 100_000, "parental_allowance": 1_000_000}


def welfare(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/welfare")
    people = m.people
    age = (START - people.birth).astype(int) / 365.25
    eligible = ~official_households(ctx) & (np.isnat(people.death) | (people.death > START + 60))
    eligible[ctx.state.get("plant_dead", np.array([], dtype=np.int64))] = False
    p_take = np.where(age >= 65, 0.15, np.where(age < 18, 0.015, 0.02))
    rec = np.flatnonzero(eligible & (rng.random(people.n) < p_take))
    heads = m.households.start[people.household[rec]]
    acc = np.where(people.account[rec] >= 0, people.account[rec], people.account[heads])
    rec, acc = rec[acc >= 0], acc[acc >= 0]
    # never into an official's account (the head of a minor may be one only if excluded above)
    n = len(rec)
    benefit = np.where(age[rec] >= 65, "basic_pension", rng.choice(np.array(list(BENEFITS)), size=n))
    first = np.where(rng.random(n) < 0.85, 0, rng.integers(1, 20, size=n))
    t = ctx.t("welfare", "recipients")
    keys = t.keys(n)
    rrn, _ = noise.rrn_column(people.rrn[rec], rng, missing=0.005, nodash=0.4, transposed=0.002)
    cols = account_cols(m, acc, rng, holder=False)
    write_chunks(t, {"recipient_no": keys, "name": noise.typo_names(people.name[rec], rng, 0.01), "rrn": rrn,
                     "birth_date": d(ctx, "welfare", people.birth[rec], rng), "address": people.address[rec],
                     "phone": people.phone[rec],
                     "household_no": np.char.add(f"{m.gov.code}-H", people.household[rec].astype(str)), **cols})
    ctx.ex.entities("welfare", keys, "person", entity_ids("person", rec))
    ctx.objects.account("welfare", acc)
    ctx.state["recipients"] = dict(person=rec, keys=keys, account=acc)
    officials = ctx.officials_of("welfare")
    paid = payday(MONTHS)
    for mi in range(len(MONTHS)):
        day = paid[mi]
        on = np.flatnonzero((first <= mi) & (np.isnat(people.death[rec]) | (people.death[rec] > day)))
        welfare_rows(ctx, rng, keys[on], benefit[on], np.full(len(on), day), acc[on],
                     pick(rng, officials, len(on)))
    deaths(ctx, rng)


def welfare_rows(ctx: Ctx, rng: np.random.Generator, recipient_keys: np.ndarray, benefit: np.ndarray,
                 day: np.ndarray, account: np.ndarray, official: np.ndarray) -> np.ndarray:
    t = ctx.t("welfare", "payments")
    n = len(recipient_keys)
    keys = t.keys(n)
    amount = np.vectorize({**BENEFITS, **GUARDIAN_BENEFITS}.get)(benefit) if n else np.array([], dtype=np.int64)
    write_chunks(t, {"payment_no": keys, "recipient_no": recipient_keys, "benefit": benefit, "amount":
                     amt(amount, rng), "paid_on": d(ctx, "welfare", day, rng),
                     **account_cols(ctx.m, account, rng), "approved_by": ctx.emp(official)})
    ctx.objects.account("welfare", account)
    ctx.ledger.add(day, account, amount, np.char.add("welfare:", keys), "welfare")
    return keys


def deaths(ctx: Ctx, rng: np.random.Generator) -> None:
    m = ctx.m
    people = m.people
    dead = np.flatnonzero(~np.isnat(people.death))
    dead = dead[~np.isin(dead, ctx.state.get("plant_dead", np.array([], dtype=np.int64)))]  # planted write theirs
    rec = ctx.state["recipients"]
    rmap = np.full(people.n, "", dtype="<U24")
    rmap[rec["person"]] = rec["keys"]
    keys = death_rows(ctx, rng, dead, people.death[dead], rmap[dead])
    ctx.state["death_keys"] = dict(zip(dead.tolist(), keys.tolist(), strict=True))


def death_rows(ctx: Ctx, rng: np.random.Generator, person: np.ndarray, day: np.ndarray,
               recipient_keys: np.ndarray) -> np.ndarray:
    people = ctx.m.people
    t = ctx.t("welfare", "deaths")
    n = len(person)
    keys = t.keys(n)
    rrn, _ = noise.rrn_column(people.rrn[person], rng, missing=0.01, nodash=0.4)
    write_chunks(t, {"death_no": keys, "name": people.name[person], "rrn": rrn,
                     "birth_date": d(ctx, "welfare", people.birth[person], rng),
                     "died_on": d(ctx, "welfare", day, rng), "address": people.address[person],
                     "recipient_no": recipient_keys})
    ctx.ex.entities("welfare", np.char.add(keys, "-P"), "person", entity_ids("person", person))
    return keys


TITLES = ("도로 보수공사", "청사 시설 유지보수", "전산장비 유지보수 용역", "사무용품 구매", "공원 조경공사",
          "하수관로 정비공사", "행사 대행 용역", "차량 임차", "방역 소독 용역", "홍보물 제작")
VENDOR_CATEGORIES = ("construction", "supplies", "services", "manufacturing")


def finance(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/finance")
    biz = m.businesses
    pool = clean_businesses(ctx)
    pool = pool[np.isin(biz.category[pool], VENDOR_CATEGORIES)]
    nv = min(len(pool), max(5, m.people.n // 150))
    vendors = np.sort(rng.choice(pool, size=nv, replace=False))
    ctx.state["vendors"] = vendors
    fp = ctx.p("local_finance")
    nc = max(5, m.people.n // 80)
    vendor = pick(rng, vendors, nc)
    day = days_in_window(rng, nc, 120)
    amount = rng.integers(10, 5000, size=nc) * 100_000
    title_i = rng.integers(0, len(TITLES), size=nc)
    title = np.char.add(np.char.add(np.array(TITLES)[title_i], " "), np.arange(nc).astype(str))
    approver = pick(rng, ctx.officials_of("local_finance"), nc)
    t = ctx.t("local_finance", "contracts")
    ckeys = t.keys(nc)
    write_chunks(t, {"contract_no": ckeys, "vendor_no": fp.business(vendor), "title": title,
                     "amount": amt(amount, rng), "contracted_on": d(ctx, "local_finance", day, rng),
                     "method": rng.choice(np.array(["open", "limited", "private", "일반경쟁", "수의계약"]), size=nc),
                     "approved_by": ctx.emp(approver)})
    # installments: 1 to 3, amounts 30/70 or 20/30/50 so that no two are alike
    parts = rng.integers(1, 4, size=nc)
    shares = {1: (1.0,), 2: (0.3, 0.7), 3: (0.2, 0.3, 0.5)}
    rows_c, rows_i, rows_amt, rows_day = [], [], [], []
    for c in range(nc):
        for i, s in enumerate(shares[int(parts[c])]):
            rows_c.append(c)
            rows_i.append(i + 1)
            rows_amt.append(int(amount[c] * s) // 1000 * 1000)
            rows_day.append(day[c] + np.timedelta64(20 + 30 * i, "D"))
    c_a = np.array(rows_c, dtype=np.int64)
    purpose = np.char.add(np.char.add(title[c_a], " "), np.char.add(np.array(rows_i).astype(str), "회차"))
    pay_day = workday_on_or_after(np.array(rows_day, dtype="datetime64[D]"))
    ok = pay_day <= END
    c_a, purpose, pay_day = c_a[ok], purpose[ok], pay_day[ok]
    vend = vendor[c_a]
    payment_rows(ctx, rng, np.ones(len(c_a), dtype=np.int64), vend, np.array(rows_amt)[ok], pay_day, "vendor",
                 purpose, ckeys[c_a], biz.account[vend], approver[c_a])
    # subsidies to residents: one per person, the purpose names the programme and month
    ns = max(5, m.people.n // 100)
    who = np.unique(pick(rng, clean_adults(ctx), ns))
    ns = len(who)
    sday = workday_on_or_after(days_in_window(rng, ns, 10))
    prog = rng.choice(np.array(["출산장려금", "청년월세지원", "에너지바우처", "재난지원금"]), size=ns)
    purpose = np.char.add(np.char.add(prog, " "), np.datetime_as_string(sday.astype("datetime64[M]")))
    payment_rows(ctx, rng, np.zeros(ns, dtype=np.int64), who, rng.integers(10, 200, size=ns) * 10_000, sday,
                 "subsidy", purpose, np.full(ns, ""), m.people.account[who],
                 pick(rng, ctx.officials_of("local_finance"), ns))
    ctx.objects.account("local_finance", m.people.account[who])


def payment_rows(ctx: Ctx, rng: np.random.Generator, kind: np.ndarray, payee: np.ndarray, amount: np.ndarray,
                 day: np.ndarray, pay_kind: str, purpose: np.ndarray, contract: np.ndarray, account: np.ndarray,
                 approver: np.ndarray, ledger_account: np.ndarray | None = None,
                 ledger_amount: np.ndarray | None = None) -> np.ndarray:
    t = ctx.t("local_finance", "payments")
    n = len(payee)
    keys = t.keys(n)
    ko = {"vendor": "물품대금", "subsidy": "보조금", "refund": "환급", "expense": "경비"}
    write_chunks(t, {"payment_no": keys, "payee_no": ctx.p("local_finance").keys(kind, payee),
                     "amount": amt(amount, rng), "paid_on": d(ctx, "local_finance", day, rng),
                     "budget_item": np.where(kind == 1, "201-01", "301-09"),
                     "kind": np.where(rng.random(n) < 0.1, ko.get(pay_kind, pay_kind), pay_kind),
                     "purpose": purpose, "contract_no": contract, **account_cols(ctx.m, account, rng),
                     "approved_by": ctx.emp(approver)})
    ctx.objects.account("local_finance", account)
    ctx.ledger.add(day, account if ledger_account is None else ledger_account,
                   amount if ledger_amount is None else ledger_amount,
                   np.char.add("local_finance:", keys), pay_kind)
    return keys


def refunds(ctx: Ctx) -> None:
    """Refunds of overpaid tax into the taxpayer's own account, before any death."""
    m, rng = ctx.m, ctx.rng("bg/refunds")
    tp = ctx.p("local_tax")
    persons = np.flatnonzero(tp.pmap >= 0)
    persons = persons[~official_households(ctx)[persons] & (m.people.account[persons] >= 0)]
    bizs = np.flatnonzero(tp.bmap >= 0)
    k1, k2 = max(2, len(persons) // 200), max(1, len(bizs) // 100)
    p_sel = rng.choice(persons, size=min(k1, len(persons)), replace=False)
    b_sel = rng.choice(bizs, size=min(k2, len(bizs)), replace=False)
    kind = np.concatenate([np.zeros(len(p_sel), dtype=np.int64), np.ones(len(b_sel), dtype=np.int64)])
    who = np.concatenate([p_sel, b_sel])
    acc = np.where(kind == 0, m.people.account[np.where(kind == 0, who, 0)],
                   m.businesses.account[np.where(kind == 1, who, 0)])
    day = days_in_window(rng, len(who))
    death = np.where(kind == 0, m.people.death[np.where(kind == 0, who, 0)], np.datetime64("NaT"))
    alive = np.isnat(death) | (day < death - np.timedelta64(30, "D"))
    kind, who, acc, day = kind[alive], who[alive], acc[alive], workday_on_or_after(day[alive])
    refund_rows(ctx, rng, kind, who, acc, day, rng.integers(1, 200, size=len(who)) * 10_000,
                pick(rng, ctx.officials_of("local_tax"), len(who)))


def refund_rows(ctx: Ctx, rng: np.random.Generator, kind: np.ndarray, who: np.ndarray, account: np.ndarray,
                day: np.ndarray, amount: np.ndarray, official: np.ndarray,
                holder_name: np.ndarray | None = None) -> np.ndarray:
    t = ctx.t("local_tax", "refunds")
    n = len(who)
    keys = t.keys(n)
    cols = account_cols(ctx.m, account, rng)
    if holder_name is not None:
        cols["holder_name"] = holder_name
    write_chunks(t, {"refund_no": keys, "taxpayer_no": ctx.p("local_tax").keys(kind, who),
                     "refund_date": d(ctx, "local_tax", day, rng), "amount": amt(amount, rng),
                     "reason": rng.choice(np.array(["과오납", "경정청구", "감면"]), size=n), **cols,
                     "processed_by": ctx.emp(official)})
    ctx.objects.account("local_tax", account)
    ctx.ledger.add(day, account, amount, np.char.add("local_tax:", keys), "refund")
    return keys


def reductions(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/reductions")
    tp = ctx.p("local_tax")
    persons = np.flatnonzero(tp.pmap >= 0)
    persons = persons[~official_households(ctx)[persons]]
    k = min(len(persons), max(3, m.people.n // 400))
    who = rng.choice(persons, size=k, replace=False)
    reduction_rows(ctx, rng, who, days_in_window(rng, k), rng.integers(1, 100, size=k) * 10_000,
                   pick(rng, ctx.officials_of("local_tax"), k))


def reduction_rows(ctx: Ctx, rng: np.random.Generator, person: np.ndarray, day: np.ndarray, amount: np.ndarray,
                   official: np.ndarray) -> np.ndarray:
    t = ctx.t("local_tax", "reductions")
    n = len(person)
    keys = t.keys(n)
    write_chunks(t, {"reduction_no": keys, "taxpayer_no": ctx.p("local_tax").person(person),
                     "kind": rng.choice(np.array(["지특법36조", "지특법40조", "조례감면"]), size=n),
                     "amount": amt(amount, rng), "granted_on": d(ctx, "local_tax", day, rng),
                     "granted_by": ctx.emp(official)})
    return keys


ALLOWED_MCC = ("5812", "5814", "5411", "5943", "4121", "5541", "5111")
BANNED_MCC = ("5813", "7995", "7273", "7297", "5933")
CARD_TX_LIMIT = 500_000


def cards(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/cards")
    units = m.units
    o = m.officials
    div = [i for i, u in enumerate(units) if u.level in (1, 2)]
    holders = [units[i].head for i in div if units[i].level == 1]
    n_cards = len(div) + len(holders)
    t = ctx.t("cards", "cards")
    keys = t.keys(n_cards)
    digits = ids._join_digits(rng.integers(0, 10, size=(n_cards, 16)))
    card_no = np.array([f"{x[:4]}-{x[4:6]}**-****-{x[12:]}" if j % 3 else f"{x[:4]}-{x[4:8]}-{x[8:12]}-{x[12:]}"
                        for j, x in enumerate(digits)])
    unit_code = np.array([units[i].code for i in div] + [""] * len(holders))
    holder = np.array([""] * len(div) + [o.employee_no[h] for h in holders])
    limit = np.where(np.arange(n_cards) < len(div), 5_000_000, 3_000_000)
    write_chunks(t, {"card_id": keys, "card_no": card_no, "holder_employee_no": holder, "unit_code": unit_code,
                     "limit": amt(limit, rng), "issued_on": d(ctx, "cards", np.full(n_cards, START - 400), rng)})
    ctx.state["cards"] = dict(keys=keys, unit=np.array(div + [-1] * len(holders)),
                              holder=np.array([-1] * len(div) + holders))
    merchants = clean_businesses(ctx)
    merchants = merchants[np.isin(m.businesses.category[merchants], ["restaurant", "retail", "supplies"])]
    per_card = max(6, min(60, m.people.n // 2000))
    rows_card, rows_day = [], []
    for c in range(n_cards):
        days = np.sort(rng.choice(WORKDAYS, size=min(per_card, len(WORKDAYS)), replace=False))
        rows_card.append(np.full(len(days), c))
        rows_day.append(days)
    card = np.concatenate(rows_card)
    day = np.concatenate(rows_day)
    n = len(card)
    minute = np.where(rng.random(n) < 0.6, rng.integers(11 * 60 + 30, 13 * 60 + 30, size=n),
                      rng.integers(9 * 60, 21 * 60 + 30, size=n))
    at = day.astype("datetime64[s]") + (minute * 60 + rng.integers(0, 60, size=n)).astype("timedelta64[s]")
    merchant = pick(rng, merchants, n)
    approval_rows(ctx, rng, keys[card], at, rng.integers(1, 45, size=n) * 10_000, m.businesses.name[merchant],
                  m.businesses.brn[merchant], rng.choice(np.array(ALLOWED_MCC), size=n))


def approval_rows(ctx: Ctx, rng: np.random.Generator, card_keys: np.ndarray, at: np.ndarray, amount: np.ndarray,
                  merchant: np.ndarray, brn: np.ndarray, mcc: np.ndarray) -> np.ndarray:
    from generator.timeline import OFF_DAYS
    t = ctx.t("cards", "approvals")
    n = len(card_keys)
    keys = t.keys(n)
    off = np.isin(at.astype("datetime64[D]"), OFF_DAYS)
    flag = np.where(off, "Y", "N")
    flag[rng.random(n) < 0.35] = ""  # many card systems deliver no holiday flag: the calendar must tell
    write_chunks(t, {"approval_no": keys, "card_id": card_keys, "approved_at": noise.datetimes(at, rng),
                     "amount": amt(amount, rng), "merchant": merchant, "merchant_brn": brn, "mcc": mcc,
                     "holiday": flag})
    return keys


def logins(ctx: Ctx) -> None:
    """Finance-system logins: each user on their own PC, on about a third of the workdays."""
    m, rng = ctx.m, ctx.rng("bg/logins")
    o = m.officials
    users = np.concatenate([ctx.officials_of(a) for a in ("local_finance", "cards", "local_tax", "welfare")])
    users = np.unique(users)
    for chunk in np.array_split(WORKDAYS, 12):
        on = rng.random((len(users), len(chunk))) < 0.33
        ui, di = np.nonzero(on)
        who = users[ui]
        at = chunk[di].astype("datetime64[s]") + rng.integers(8 * 3600 + 1800, 9 * 3600 + 3000,
                                                               size=len(ui)).astype("timedelta64[s]")
        login_rows(ctx, rng, o.user_id[who], o.pc_id[who], at, o.employee_no[who])


def login_rows(ctx: Ctx, rng: np.random.Generator, user_id: np.ndarray, pc_id: np.ndarray, at: np.ndarray,
               employee_no: np.ndarray) -> np.ndarray:
    t = ctx.t("local_finance", "logins")
    n = len(user_id)
    keys = t.keys(n)
    write_chunks(t, {"login_no": keys, "user_id": user_id, "pc_id": pc_id, "logged_in_at": noise.datetimes(at, rng),
                     "employee_no": np.where(rng.random(n) < 0.85, employee_no, "")})
    return keys
