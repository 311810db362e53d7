"""Households, officials, businesses and places of the held-out town, and its lawful everyday rows."""

from __future__ import annotations

from datetime import date, timedelta

from heldout import korean as K
from heldout.town import DUTIES_START, END, START, Business, Person, Town, is_workday

AREAS = ["local_tax", "local_duties", "local_finance", "saeol", "local_hr", "welfare", "construction",
         "real_estate", "cards"]
UNIT_NAMES = {"local_tax": "세무과", "local_duties": "세외수입과", "local_finance": "재무과", "saeol": "민원여권과",
              "local_hr": "총무과", "welfare": "복지정책과", "construction": "건축과", "real_estate": "토지정보과",
              "cards": "회계과"}


def person(t: Town, family: str, sex: str, birth: date, place: K.Place, household: str) -> Person:
    rng = t.rng
    p = Person(f"H-P{len(t.people) + 1:06d}", family, K.pick_given(rng, sex, birth.year), sex, birth,
               K.rrn(birth, sex, rng), K.phone(rng), place, household)
    if rng.random() < 0.2:
        p.old_place = K.Place(t.gov, rng)
    t.people.append(p)
    return p


def populate(t: Town) -> None:
    rng = t.rng
    hh = 0
    while len(t.people) < t.n:
        hh += 1
        hid = f"{t.gov}-HH-{hh:06d}"
        place = K.Place(t.gov, rng)
        kind = rng.random()
        y = rng.randint(1940, 1998)
        adult_birth = t.date_between(date(y, 1, 1), date(y, 12, 31))
        sex = rng.choice("mf")
        a = person(t, K.pick_family(rng), sex, adult_birth, place, hid)
        if kind < 0.3:
            continue
        if kind < 0.9:
            b_birth = adult_birth + timedelta(days=rng.randint(-1500, 1500))
            b = person(t, K.pick_family(rng), "f" if sex == "m" else "m", b_birth, place, hid)
            a.relatives.append(("spouse", b))
            b.relatives.append(("spouse", a))
        if kind >= 0.5:
            father = a if a.sex == "m" else next((r for rel, r in a.relatives if rel == "spouse"), a)
            for _ in range(rng.randint(1, 3)):
                cb = adult_birth + timedelta(days=rng.randint(25 * 365, 40 * 365))
                if cb > date(2024, 6, 30):
                    cb = t.date_between(date(2016, 1, 1), date(2024, 6, 30))
                # a step-child keeps the family name of the other parent's earlier marriage
                fam = father.family if rng.random() > 0.08 else K.pick_family(rng)
                c = person(t, fam, rng.choice("mf"), cb, place, hid)
                for adult in {id(a): a, **{id(r): r for rel, r in a.relatives if rel == "spouse"}}.values():
                    adult.relatives.append(("child", c))
                    c.relatives.append(("parent", adult))
    for p in t.people:
        p.account = t.new_account(p) if age(p, date(2023, 1, 1)) >= 18 else None
    # natural deaths among the old, early enough that their benefits could have stopped
    for p in t.people:
        if age(p, START) > 65 and rng.random() < 0.04:
            p.died = t.date_between(date(2022, 3, 1), date(2024, 9, 30))


def age(p: Person, on: date) -> int:
    return on.year - p.birth.year - ((on.month, on.day) < (p.birth.month, p.birth.day))


def adults(t: Town, alive: bool = True) -> list[Person]:
    return [p for p in t.people if age(p, START) >= 20 and (not alive or p.died is None)]


def hire(t: Town) -> None:
    """Officials (about 2 % of residents), the org chart and their family rows."""
    rng = t.rng
    pool = [p for p in adults(t) if 24 <= age(p, START) <= 58 and p.account]
    rng.shuffle(pool)
    n = max(len(AREAS) * 4, t.n // 50)
    root = t.key("OU")
    t.add("local_hr", "org_units", {"unit_code": root, "name": "덕양구청", "parent_code": "", "head_employee_no": "",
                                   "area": ""})
    unit_rows = {}
    for area in AREAS:
        code = t.key("OU")
        t.units[area] = code
        unit_rows[area] = t.add("local_hr", "org_units", {"unit_code": code, "name": UNIT_NAMES[area],
                                                          "parent_code": root, "head_employee_no": "",
                                                          "area": area})
    for i, p in enumerate(pool[:n]):
        area = AREAS[i % len(AREAS)]
        emp = t.key("EM")
        p.official = emp
        t.officials.append(p)
        p.unit = area  # type: ignore[attr-defined]
        hired = t.date_between(date(1990, 1, 1), date(2021, 6, 30))
        if hired < p.birth + timedelta(days=20 * 365):
            hired = p.birth + timedelta(days=24 * 365)
        row = {"employee_no": emp, **t.person_fields(p, "local_hr"), "email": f"u{i + 1:04d}@korea.kr",
               "user_id": f"u{i + 1:04d}", "unit_code": t.units[area], "position": "주무관",
               "grade": str(rng.randint(5, 9)), "hired_on": hired.isoformat(), "retired_on": "",
               **t.use_account("local_hr", p.account)}
        t.add("local_hr", "officials", row)
        t.truth("local_hr", emp, "person", p.pid)
        p.hr_row = row  # type: ignore[attr-defined]
        if unit_rows[area]["head_employee_no"] == "":
            unit_rows[area]["head_employee_no"] = emp
            row["position"] = "과장"
            row["grade"] = "5"
    for p in t.officials:
        rels = list(p.relatives)
        if rng.random() < 0.4:  # a parent outside the household, registered for the family allowance
            par = rng.choice([q for q in adults(t) if age(q, START) > age(p, START) + 22] or [None])
            if par is not None:
                rels.append(("parent", par))
                p.relatives.append(("parent", par))
        for rel, q in rels:
            key = t.key("FM")
            t.add("local_hr", "family", {"relative_no": key, "employee_no": p.official,
                                         "relation": rel if rng.random() < 0.7 else
                                         {"spouse": "배우자", "child": "자녀", "parent": "부모"}[rel],
                                         **t.person_fields(q, "family")})
            t.truth("local_hr", key, "person", q.pid)


def officials_of(t: Town, area: str) -> list[Person]:
    return [o for o in t.officials if o.unit == area and not getattr(o, "retiring", False)]  # type: ignore[attr-defined]


def related_set(t: Town) -> set[str]:
    out = set()
    for o in t.officials:
        out.add(o.pid)
        out.update(q.pid for _, q in o.relatives)
    return out


def found_businesses(t: Town) -> None:
    rng = t.rng
    related = related_set(t)
    reps = [p for p in adults(t) if p.pid not in related]
    kinds = ["건설", "상사", "산업", "식품", "기획", "테크", "개발", "유통", "푸드", "엔지니어링"]
    for i in range(max(40, t.n // 25)):
        rep = rng.choice(reps)
        b = Business(f"H-B{i + 1:05d}", f"(주){rng.choice(K.DONGS)[:2]}{rng.choice(kinds)}{i + 1}"
                     if rng.random() < 0.6 else f"{rep.family}{rng.choice(kinds)}", K.brn(rng),
                     K.crn(rng) if rng.random() < 0.4 else None, rep, K.Place(t.gov, rng), ("", ""))
        b.account = t.new_account(b)
        t.businesses.append(b)


def payroll(t: Town, o: Person, months: list[tuple[int, int]], acc: tuple[str, str] | None = None,
            paid_shift: int = 0, amount: int | None = None) -> list[str]:
    keys = []
    base = amount or t.rng.randint(2_600, 5_200) * 1000
    for y, m in months:
        key = t.key("PR")
        paid = date(y, m, 20) + timedelta(days=paid_shift)
        t.add("local_hr", "payroll", {"payroll_no": key, "employee_no": o.official, "period": f"{y}-{m:02d}",
                                      "paid_on": paid.isoformat(), "amount": f"{base + t.rng.randint(0, 9) * 10000}",
                                      **t.use_account("local_hr", acc or o.account),
                                      "holder_name": o.name if t.rng.random() < 0.6 else ""})
        keys.append(key)
    o.__dict__.setdefault("payroll_keys", []).extend(keys)
    return keys


def months_between(a: date, b: date) -> list[tuple[int, int]]:
    out, y, m = [], a.year, a.month
    while (y, m) <= (b.year, b.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def background(t: Town) -> None:
    """Everyday lawful rows of every system (the plants add to these)."""
    rng = t.rng
    gov_acc = t.new_account("GOV")
    t.gov_account = gov_acc  # type: ignore[attr-defined]
    alive = adults(t)
    # HR: payroll for every month employed; a few retire at a month's end and are paid to that month.
    for o in t.officials:
        if getattr(o, "special_pay", False):
            continue
        last = END
        if rng.random() < 0.06 and not getattr(o, "keep", False):
            last = date(rng.randint(2022, 2024), rng.randint(1, 11), 1)
            last = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            o.hr_row["retired_on"] = last.isoformat()  # type: ignore[attr-defined]
        payroll(t, o, months_between(START, last))
        for _ in range(rng.randint(0, 2)):
            s = t.date_between(START, END)
            t.add("local_hr", "leave", {"leave_no": t.key("LV"), "employee_no": o.official,
                                        "kind": rng.choice(["연가", "병가", "육아휴직"]), "start_date": s.isoformat(),
                                        "end_date": (s + timedelta(days=rng.randint(1, 20))).isoformat()})
    tax_staff = officials_of(t, "local_tax")
    # Taxpayers: property tax for owners; refunds into their own accounts; reductions by tax staff.
    owners = rng.sample(alive, k=len(alive) * 2 // 5)
    for p in owners:
        tp = t.party("local_tax", p)
        if rng.random() < 0.03:
            tp = t.party("local_tax", p, fresh=True)  # a second taxpayer record for one person
        t.add("local_tax", "assessments", {
            "assessment_no": t.key("TA"), "taxpayer_no": tp, "tax_type": rng.choice(["property", "재산세"]),
            "rate_class": "normal", "tax_amount": f"{rng.randint(50, 3000) * 1000:,}",
            "assessed_on": date(rng.randint(2022, 2024), 7, 10).isoformat(), "period": "2023",
            "pnu": t.parcel("local_tax", p.place.pnu), "object_address": p.place.text(rng, unit=False),
            "approved_by": rng.choice(tax_staff).official})
    refund_people = [p for p in owners if p.account and p.died is None][: max(30, t.n // 30)]
    for p in refund_people:
        refund(t, p, t.workday(START, END), rng.choice(tax_staff))
    related = related_set(t)
    for p in [q for q in owners if q.pid not in related][: max(20, t.n // 60)]:
        reduction(t, p, rng.choice(tax_staff), t.workday(START, END))
    # Duties payers who pay something small (seizures, arrears) so the system has people in it.
    for p in rng.sample(alive, k=len(alive) // 12):
        py = t.party("local_duties", p)
        a = t.add("local_duties", "assessments", {
            "assessment_no": t.key("DA"), "payer_no": py, "duty_type": "late_registration_fine",
            "amount": f"{rng.randint(10, 300) * 1000}", "assessed_on": t.workday(DUTIES_START, END).isoformat(),
            "period": "", "permit_no": "", "approved_by": rng.choice(officials_of(t, "local_duties")).official})
        if rng.random() < 0.3:
            t.add("local_duties", "arrears", {"arrear_no": t.key("AR"), "payer_no": py,
                                              "assessment_no": a["assessment_no"], "amount": a["amount"],
                                              "due_date": t.workday(DUTIES_START, END).isoformat()})
        if rng.random() < 0.05:
            t.add("local_duties", "seizures", {"seizure_no": t.key("SZ"), "payer_no": py, "amount": a["amount"],
                                               "seized_on": t.workday(DUTIES_START, END).isoformat(),
                                               "object": rng.choice(["예금", "차량", "부동산"])})
    welfare_background(t)
    finance_background(t)
    cards_background(t)


def refund(t: Town, p: Person, on: date, staff: Person, acc: tuple[str, str] | None = None,
           holder_name: str | None = None) -> str:
    key = t.key("RF")
    t.add("local_tax", "refunds", {"refund_no": key, "taxpayer_no": t.party("local_tax", p),
                                   "refund_date": on.isoformat(), "amount": f"{t.rng.randint(10, 900) * 1000}",
                                   "reason": t.rng.choice(["과오납", "경정청구", "감면"]),
                                   **t.use_account("local_tax", acc or p.account),
                                   "holder_name": holder_name if holder_name is not None else p.name,
                                   "processed_by": staff.official})
    return key


def reduction(t: Town, p: Person, staff: Person, on: date) -> str:
    key = t.key("RD")
    t.add("local_tax", "reductions", {"reduction_no": key, "taxpayer_no": t.party("local_tax", p),
                                      "kind": t.rng.choice(["지특법36", "지특법40", "지특법31"]),
                                      "amount": f"{t.rng.randint(20, 2000) * 1000}", "granted_on": on.isoformat(),
                                      "granted_by": staff.official})
    return key


def recipient(t: Town, p: Person, acc: tuple[str, str] | None) -> str:
    recs = t.records.get(("welfare", p.pid))
    if recs:
        return recs[0]
    key = t.key("WR")
    row = {"recipient_no": key, **t.person_fields(p, "welfare"), "household_no": p.household}
    if acc:
        row.update(t.use_account("welfare", acc))
    t.add("welfare", "recipients", row)
    t.truth("welfare", key, "person", p.pid)
    t.records[("welfare", p.pid)] = [key]
    return key


def benefits(t: Town, p: Person, benefit: str, months: list[tuple[int, int]], acc: tuple[str, str],
             staff: Person, holder: str, amount: int | None = None, day: int = 20) -> list[str]:
    rno = recipient(t, p, acc)
    base = amount or t.rng.randint(30, 120) * 10000
    keys = []
    for y, m in months:
        key = t.key("WP")
        t.add("welfare", "payments", {"payment_no": key, "recipient_no": rno, "benefit": benefit,
                                      "amount": str(base), "paid_on": date(y, m, day).isoformat(),
                                      **t.use_account("welfare", acc), "holder_name": holder,
                                      "approved_by": staff.official})
        keys.append((key, date(y, m, day)))
    p.__dict__.setdefault("benefit_keys", []).extend(keys)
    return [k for k, _ in keys]


def death(t: Town, p: Person, recipient_no: str | None) -> str:
    key = t.key("DT")
    row = {"death_no": key, **t.person_fields(p, "deaths"), "died_on": p.died.isoformat(),
           "recipient_no": recipient_no or ""}
    row.pop("phone", None)
    t.add("welfare", "deaths", row)
    t.truth("welfare", f"{key}-P", "person", p.pid)
    return key


def welfare_background(t: Town) -> None:
    rng = t.rng
    staff = officials_of(t, "welfare")
    by_pid = {p.pid: p for p in t.people}
    officials = {o.pid for o in t.officials}
    related = related_set(t)
    for p in t.people:
        a = age(p, date(2023, 1, 1))
        start = max(START, p.birth + timedelta(days=31))
        stop = END if p.died is None else p.died - timedelta(days=1)
        if p.died is not None and p.died.day <= 20:  # benefits are paid on the 20th: none in a month already dead
            stop = p.died.replace(day=1) - timedelta(days=1)
        stop = getattr(p, "pay_until", stop)
        if stop < start:
            continue
        if a < 8:  # child allowance, by law into a parent's account
            parent = next((r for rel, r in p.relatives if rel == "parent" and r.account), None)
            if parent is None or parent.pid in officials:
                continue
            keys = benefits(t, p, rng.choice(["child_allowance", "아동수당"]), months_between(start, stop),
                            parent.account, rng.choice(staff), parent.name, amount=100000)
            if parent.pid in related:  # lawful: by law into a parent's account, here an official's relative
                t.decoy("WEL-OTHER-ACCOUNT", "welfare", keys,
                        "child allowance paid by law into the parent's account (an official's relative)")
        elif p.account and p.pid not in officials and (getattr(p, "force_benefit", False)
                                                       or rng.random() < (0.35 if a >= 65 else 0.04)):
            kind = "basic_pension" if a >= 65 else rng.choice(["livelihood", "housing", "disability"])
            benefits(t, p, kind, months_between(START, stop), p.account, rng.choice(staff), p.name)
    # deaths: notices for everyone who died, with the recipient number when the system knew them
    for p in t.people:
        if p.died is not None and not getattr(p, "planted_death", False):
            recs = t.records.get(("welfare", p.pid))
            death(t, p, recs[0] if recs and rng.random() < 0.7 else None)
    del by_pid


def finance_background(t: Town) -> None:
    rng = t.rng
    staff = officials_of(t, "local_finance")
    purposes = ["사무용품 구입", "청사 청소용역", "도로 보수공사", "행사 물품", "급식 식자재", "전산장비 유지보수",
                "현수막 제작", "차량 정비", "인쇄물 제작", "방역 용역"]
    t.vendor_second = {}  # type: ignore[attr-defined]
    for b in t.businesses:
        t.biz_party("local_finance", b)
        if rng.random() < 0.08:  # one vendor, two payee records (same business number)
            t.vendor_second[b.bid] = t.biz_party("local_finance", b, fresh=True)  # type: ignore[attr-defined]
    seen: set[tuple[str, int, str]] = set()
    for b in t.businesses:
        for _ in range(rng.randint(2, 10)):
            amount = rng.randint(300, 30000) * 1000 + rng.randint(0, 999) * 10
            purpose = rng.choice(purposes)
            if (b.bid, amount, purpose) in seen:
                continue
            seen.add((b.bid, amount, purpose))
            fin_payment(t, b, amount, purpose, t.workday(START, END), rng.choice(staff))
        if rng.random() < 0.5:
            t.add("local_finance", "contracts", {
                "contract_no": t.key("CT"), "vendor_no": t.biz_party("local_finance", b),
                "title": rng.choice(purposes), "amount": str(rng.randint(5, 500) * 1000000),
                "contracted_on": t.workday(START, END).isoformat(), "method": rng.choice(["open", "수의계약", "limited"]),
                "approved_by": rng.choice(staff).official})
    # logins: every finance-system user from their own PC
    t.pcs = {}  # type: ignore[attr-defined]
    for i, o in enumerate(t.officials):
        if o.unit not in ("local_finance", "local_tax", "welfare", "cards"):  # type: ignore[attr-defined]
            continue
        t.pcs[o.pid] = f"PC-{i + 1:04d}"  # type: ignore[attr-defined]
        for _ in range(rng.randint(20, 40)):
            login(t, o, t.pcs[o.pid], t.workday(START, END), rng.randint(8, 10))  # type: ignore[attr-defined]


def login(t: Town, o: Person, pc: str, on: date, hour: int) -> str:
    key = t.key("LG")
    t.add("local_finance", "logins", {"login_no": key, "user_id": o.hr_row["user_id"], "pc_id": pc,  # type: ignore[attr-defined]
                                      "logged_in_at": f"{on.isoformat()} {hour:02d}:{t.rng.randint(0, 59):02d}:00",
                                      "employee_no": o.official})
    return key


def fin_payment(t: Town, b: Business, amount: int, purpose: str, on: date, staff: Person,
                payee_key: str | None = None, transfer: bool = True) -> str:
    key = t.key("PM")
    t.add("local_finance", "payments", {
        "payment_no": key, "payee_no": payee_key or t.biz_party("local_finance", b), "amount": f"{amount:,}",
        "paid_on": on.isoformat(), "budget_item": f"{t.rng.randint(201, 405)}-01",
        "kind": t.rng.choice(["vendor", "물품대금"]), "purpose": purpose, "contract_no": "",
        **t.use_account("local_finance", b.account), "holder_name": b.name, "approved_by": staff.official})
    if transfer:
        bank_transfer(t, on, b.account, amount, f"local_finance:{key}")
    return key


def bank_transfer(t: Town, on: date, to: tuple[str, str], amount: int, reference: str) -> str:
    key = t.key("BT")
    frm = t.gov_account  # type: ignore[attr-defined]
    t.used_accounts.add(frm)
    t.used_accounts.add(to)
    for acc in (frm, to):
        t.truth("bank", f"{t.gov}-AC-{acc[0]}-{acc[1]}", "account", f"{acc[0]}-{acc[1]}")
    t.add("bank", "transfers", {"transfer_no": key, "transferred_at": f"{on.isoformat()} 14:{t.rng.randint(0, 59):02d}:00",
                                "from_bank_code": frm[0], "from_account_no": frm[1], "to_bank_code": to[0],
                                "to_account_no": to[1], "amount": str(amount), "reference": reference,
                                "kind": "이체"})
    return key


def cards_background(t: Town) -> None:
    rng = t.rng
    t.cards = []  # type: ignore[attr-defined]
    mccs = ["5812", "5411", "5541", "5943", "4121", "5814", "5999"]
    for o in rng.sample(t.officials, k=min(len(t.officials), max(10, len(t.officials) // 3))):
        cid = t.key("CD")
        t.add("cards", "cards", {"card_id": cid, "card_no": f"9410-****-****-{rng.randint(1000, 9999)}",
                                 "holder_employee_no": o.official, "unit_code": "", "limit": "5000000",
                                 "issued_on": "2021-03-02"})
        t.cards.append((cid, o))  # type: ignore[attr-defined]
        for _ in range(rng.randint(15, 40)):
            d = t.workday(START, date(2024, 12, 20))
            card_approval(t, cid, d, rng.randint(9, 20), rng.randint(0, 59), rng.randint(8, 300) * 1000,
                          rng.choice(mccs))


def card_approval(t: Town, cid: str, d: date, h: int, m: int, amount: int, mcc: str, s: int = 0,
                  merchant: str | None = None, brn: str | None = None, holiday: str | None = None) -> str:
    key = t.key("CA")
    t.add("cards", "approvals", {"approval_no": key, "card_id": cid,
                                 "approved_at": f"{d.isoformat()} {h:02d}:{m:02d}:{s:02d}", "amount": str(amount),
                                 "merchant": merchant or t.rng.choice(["김밥천국", "GS25", "교보문고", "SK주유소", "카카오T"]),
                                 "merchant_brn": brn or "", "mcc": mcc,
                                 "holiday": holiday if holiday is not None else ("N" if is_workday(d) else "Y")})
    return key
