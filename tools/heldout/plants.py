"""Money scenarios planted into the held-out town, each beside the lawful look-alikes an auditor dismisses."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from heldout import korean as K
from heldout.property import how_many
from heldout.town import END, HOLIDAYS, START, Business, Person, Town, is_workday
from heldout.world import (
    adults,
    age,
    bank_transfer,
    benefits,
    card_approval,
    fin_payment,
    login,
    months_between,
    officials_of,
    payroll,
    recipient,
    reduction,
    refund,
)


def namesake(t: Town, p: Person) -> Person:
    """A living person with the same name and birth year, born on another day."""
    rng = t.rng
    while True:
        b = date(p.birth.year, rng.randint(1, 12), rng.randint(1, 28))
        if b != p.birth:
            break
    q = Person(f"H-P{len(t.people) + 1:06d}", p.family, p.given, p.sex, b, K.rrn(b, p.sex, rng), K.phone(rng),
               K.Place(t.gov, rng), f"{t.gov}-HH-N{len(t.people):06d}")
    q.account = t.new_account(q)
    t.people.append(q)
    return q


class Plants:
    def __init__(self, t: Town) -> None:
        self.t = t
        rng = t.rng
        self.used: set[str] = set()
        related = {o.pid for o in t.officials} | {q.pid for o in t.officials for _, q in o.relatives}
        self.plain = [p for p in adults(t) if p.pid not in related and p.account]
        rng.shuffle(self.plain)

    def someone(self, old: bool = False, alive: bool = True) -> Person:
        for p in self.plain:
            if p.pid in self.used or (alive and p.died is not None) or (old and age(p, START) < 66):
                continue
            self.used.add(p.pid)
            return p
        raise RuntimeError("the town is too small for its plants")

    def official(self, area: str | None = None, pred=None) -> Person:
        pool = self.t.officials if area is None else officials_of(self.t, area)
        for o in self.t.rng.sample(pool, len(pool)):
            if o.pid not in self.used and (pred is None or pred(o)):
                self.used.add(o.pid)
                return o
        raise RuntimeError(f"no official left in {area}")

    # -- before the background -----------------------------------------------------------------------
    def before(self) -> None:
        t, rng = self.t, self.t.rng
        self.n = {s: how_many(t) for s in ("HR-PAY-AFTER-RETIREMENT", "WEL-PAID-AFTER-DEATH")}
        self.retirees = []
        for _i in range(self.n["HR-PAY-AFTER-RETIREMENT"] + 8):
            o = self.official(pred=lambda o: o.official and o.hr_row["position"] != "과장")
            o.special_pay = True
            self.retirees.append(o)
        self.dying = []
        for i in range(self.n["WEL-PAID-AFTER-DEATH"] + 3):
            p = self.someone(old=True)
            p.force_benefit = True
            if i < self.n["WEL-PAID-AFTER-DEATH"]:
                p.died = t.date_between(date(2022, 6, 1), date(2024, 5, 31))
                p.pay_until = p.died + timedelta(days=rng.randint(35, 170))
            else:  # dies late in a month: that month's benefit (paid on the 20th) was lawful
                p.died = date(rng.randint(2022, 2024), rng.randint(1, 9), rng.randint(22, 28))
            self.dying.append(p)
        self.keep_officials = [self.official(pred=lambda o: o.official) for _ in range(6)]
        for o in self.keep_officials:
            o.keep = True

    # -- after the background ------------------------------------------------------------------------
    def after(self) -> None:
        for step in (self.retirement, self.deaths, self.payroll_accounts, self.welfare_accounts, self.refunds,
                     self.reductions, self.contracts, self.duplicates, self.logins, self.transfers, self.cards):
            step()

    def retirement(self) -> None:
        t, rng = self.t, self.t.rng
        n = self.n["HR-PAY-AFTER-RETIREMENT"]
        sid = "HR-PAY-AFTER-RETIREMENT"
        for i, o in enumerate(self.retirees):
            y, m = rng.randint(2022, 2024), rng.randint(1, 8)
            end_of_month = (date(y, m, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            if i < n:
                o.hr_row["retired_on"] = end_of_month.isoformat()
                payroll(t, o, months_between(START, end_of_month))
                after = months_between(end_of_month + timedelta(days=1), end_of_month + timedelta(days=rng.randint(28, 95)))
                t.plant(sid, "local_hr", payroll(t, o, after))
            elif i < n + 3:  # retired mid-month; that month's salary is paid on the 20th
                retired = date(y, m, rng.randint(3, 15))
                o.hr_row["retired_on"] = retired.isoformat()
                keys = payroll(t, o, months_between(START, retired))
                t.decoy(sid, "local_hr", keys[-1:], "salary for the retirement month, paid after the retirement day")
            elif i < n + 6:  # back pay for a month worked, paid after retirement
                o.hr_row["retired_on"] = end_of_month.isoformat()
                payroll(t, o, months_between(START, end_of_month))
                back = payroll(t, o, [(end_of_month.year, end_of_month.month)], paid_shift=rng.randint(25, 50),
                               amount=rng.randint(100, 900) * 1000)
                t.decoy(sid, "local_hr", back, "back pay for a month before retirement")
            else:  # retired and re-hired under a new employee number
                o.hr_row["retired_on"] = end_of_month.isoformat()
                payroll(t, o, months_between(START, end_of_month))
                emp = t.key("EM")
                hired = end_of_month + timedelta(days=rng.randint(30, 90))
                row = dict(o.hr_row, employee_no=emp, hired_on=hired.isoformat(), retired_on="", position="시간선택제임기제",
                           user_id=o.hr_row["user_id"] + "r", **t.person_fields(o, "local_hr"))
                row.update(t.use_account("local_hr", o.account))
                t.add("local_hr", "officials", row)
                t.truth("local_hr", emp, "person", o.pid)
                again = dataclasses.replace(o, official=emp)
                again.hr_row = row
                keys = payroll(t, again, months_between(hired, END))
                t.decoy(sid, "local_hr", keys, "re-hired after retirement under a new employee number")

    def deaths(self) -> None:
        t, rng = self.t, self.t.rng
        n = self.n["WEL-PAID-AFTER-DEATH"]
        sid = "WEL-PAID-AFTER-DEATH"
        for i, p in enumerate(self.dying):
            keys = [k for k, d in p.benefit_keys if d > p.died]
            if i < n:
                t.plant(sid, "welfare", keys)
            else:
                month = [k for k, d in p.benefit_keys if (d.year, d.month) == (p.died.year, p.died.month)]
                t.decoy(sid, "welfare", month, "benefit paid on the 20th, before a death later that month")
        staff = officials_of(t, "welfare")
        dead = [p for p in t.people if p.died and p.died < date(2024, 6, 1) and getattr(p, "benefit_keys", None)]
        for p in rng.sample(dead, min(3, len(dead))):  # a living namesake keeps receiving benefits
            q = namesake(t, p)
            keys = benefits(t, q, "basic_pension", months_between(START, END), q.account, rng.choice(staff), q.name)
            t.decoy(sid, "welfare", [k for k, d in q.benefit_keys if d > p.died],
                    "a living namesake (same name and birth year) of a dead recipient")
            del keys
        # refunds to the dead, and their look-alikes
        sid = "TAX-REFUND-DEAD"
        tax_staff = officials_of(t, "local_tax")
        dead = [p for p in t.people if p.died and p.died < date(2024, 8, 1) and p.account
                and p.pid not in self.used]
        rng.shuffle(dead)
        k = how_many(t)
        for p in dead[:k]:
            self.used.add(p.pid)
            t.plant(sid, "local_tax", [refund(t, p, t.workday(p.died + timedelta(days=20), END), rng.choice(tax_staff))])
        for p in dead[k:k + 3]:
            self.used.add(p.pid)
            t.decoy(sid, "local_tax", [refund(t, p, t.workday(START, p.died - timedelta(days=10)), rng.choice(tax_staff))],
                    "refund paid before the taxpayer died")
        for p in dead[k + 3:k + 6]:
            q = namesake(t, p)
            t.decoy(sid, "local_tax", [refund(t, q, t.workday(p.died + timedelta(days=20), END), rng.choice(tax_staff))],
                    "refund to a living namesake of a dead taxpayer")

    def payroll_accounts(self) -> None:
        t, rng = self.t, self.t.rng
        sid = "HR-PAYROLL-OTHER-ACCOUNT"
        for _ in range(how_many(t)):
            o = self.official(pred=lambda o: o.official and o.hr_row["retired_on"] == "")
            q = self.someone()
            t.holder_form[q.account] = "rrn"
            keys = o.payroll_keys[-rng.randint(3, 8):]
            self.redirect(keys, q.account)
            t.plant(sid, "local_hr", keys)
        for i, o in enumerate(self.keep_officials):
            t.holder_form[o.account] = "name" if i < 3 else "roman"
            t.decoy(sid, "local_hr", o.payroll_keys, "own salary account; the bank gives the holder "
                    + ("by name only" if i < 3 else "in romanised form"))
        sid = "HR-PAYROLL-WELFARE-ACCOUNT"
        staff = officials_of(t, "welfare")
        for _ in range(how_many(t)):
            o = self.official(pred=lambda o: o.official and o.hr_row["retired_on"] == "")
            r = self.someone()
            benefits(t, r, "livelihood", months_between(date(2023, 1, 1), END), r.account, rng.choice(staff), r.name)
            t.holder_form[r.account] = "rrn"
            keys = o.payroll_keys[-rng.randint(3, 8):]
            self.redirect(keys, r.account)
            t.plant(sid, "local_hr", keys)
        # lawful: an official who is a recipient; an official's small child's allowance into the parent's account
        for _ in range(3):
            o = self.official(pred=lambda o: o.official and o.hr_row["retired_on"] == "")
            w = benefits(t, o, "disability", months_between(date(2023, 1, 1), END), o.account,
                         rng.choice([s for s in staff if s is not o]), o.name)
            t.decoy(sid, "local_hr", o.payroll_keys, "the official is a welfare recipient: own benefit, own account")
            t.decoy("WEL-OTHER-ACCOUNT", "welfare", w, "the official is the recipient, paid into their own account")
        kids = [(c, o) for o in t.officials if o.official and o.pid not in self.used
                for rel, c in o.relatives if rel == "child" and age(c, date(2023, 1, 1)) < 8]
        for c, o in kids[:6]:
            self.used.add(o.pid)
            start = max(START, c.birth + timedelta(days=31))
            w = benefits(t, c, "child_allowance", months_between(start, END), o.account, rng.choice(staff), o.name,
                         amount=100000)
            t.decoy(sid, "local_hr", o.payroll_keys, "the official's child's allowance, by law into the parent's account")
            t.decoy("WEL-OTHER-ACCOUNT", "welfare", w, "child allowance paid by law into the official parent's account")

    def redirect(self, payroll_keys: list[str], acc: tuple[str, str]) -> None:
        t = self.t
        wanted = set(payroll_keys)
        for row in t.rows[("local_hr", "payroll")]:
            if row["payroll_no"] in wanted:
                row.update(t.use_account("local_hr", acc))

    def welfare_accounts(self) -> None:
        t, rng = self.t, self.t.rng
        sid = "WEL-OTHER-ACCOUNT"
        staff = officials_of(t, "welfare")
        for i in range(how_many(t)):
            r = self.someone()
            if i % 2 == 0:
                o = self.official("welfare", pred=lambda o: o.official)
                acc, approver = o.account, o
            else:
                o = self.official(pred=lambda o: o.official and any(q.account for _, q in o.relatives))
                rel = next(q for _, q in o.relatives if q.account)
                acc, approver = rel.account, rng.choice(staff)
            t.holder_form[acc] = "rrn"
            recipient(t, r, r.account)
            keys = benefits(t, r, rng.choice(["livelihood", "housing"]), months_between(date(2023, 3, 1), date(2023, 3, 1)
                            + timedelta(days=rng.randint(90, 240))), acc, approver, r.name)
            t.plant(sid, "welfare", keys)

    def refunds(self) -> None:
        t, rng = self.t, self.t.rng
        sid = "TAX-REFUND-OTHER-ACCOUNT"
        staff = officials_of(t, "local_tax")
        for i in range(how_many(t)):
            p = self.someone()
            if i % 2 == 0:
                o = self.official("local_tax", pred=lambda o: o.official)
                acc = o.account
            else:
                o = rng.choice(staff)
                rel = next((q for _, q in o.relatives if q.account), None)
                acc = rel.account if rel else o.account
            t.holder_form[acc] = "rrn"
            t.plant(sid, "local_tax", [refund(t, p, t.workday(START, END), o, acc=acc, holder_name=p.name)])
        for _ in range(3):  # an official's own refund into their own account
            o = self.official(pred=lambda o: o.official and o.unit != "local_tax")
            t.decoy(sid, "local_tax", [refund(t, o, t.workday(START, END), rng.choice(staff))],
                    "the official's own tax refund into their own account")
        for _ in range(3):
            p = self.someone()
            t.holder_form[p.account] = "name"
            t.decoy(sid, "local_tax", [refund(t, p, t.workday(START, END), rng.choice(staff))],
                    "own account; the bank names the holder by name only")

    def reductions(self) -> None:
        t, rng = self.t, self.t.rng
        sid = "TAX-REDUCTION-SELF"
        staff = [o for o in officials_of(t, "local_tax") if o.official]
        for i in range(how_many(t)):
            o = staff[i % len(staff)]
            rels = [q for _, q in o.relatives]
            who = o if i % 2 == 0 or not rels else rng.choice(rels)
            t.plant(sid, "local_tax", [reduction(t, who, o, t.workday(START, END))])
        for i in range(3):
            o = staff[i % len(staff)]
            q = namesake(t, o)
            t.decoy(sid, "local_tax", [reduction(t, q, o, t.workday(START, END))],
                    "granted to a namesake of the granting official (another person)")
        for i in range(3):
            o = staff[i % len(staff)]
            other = next(s for s in staff if s is not o)
            rels = [q for _, q in o.relatives] or [o]
            t.decoy(sid, "local_tax", [reduction(t, rng.choice(rels), other, t.workday(START, END))],
                    "an official's relative, granted by an unrelated colleague")

    def contracts(self) -> None:
        t, rng = self.t, self.t.rng
        sid = "FIN-CONTRACT-RELATED-OFFICIAL"
        staff = [o for o in officials_of(t, "local_finance") if o.official]

        def company(rep: Person) -> Business:
            b = Business(f"H-B{len(t.businesses) + 1:05d}", f"{rep.family}{rng.choice(['건설', '상사', '기획'])}"
                         f"{len(t.businesses)}", K.brn(rng), None, rep, K.Place(t.gov, rng), ("", ""))
            b.account = t.new_account(b)
            t.businesses.append(b)
            return b

        def contract(b: Business, o: Person) -> str:
            key = t.key("CT")
            t.add("local_finance", "contracts", {"contract_no": key, "vendor_no": t.biz_party("local_finance", b),
                                                 "title": "시설 보수 공사", "amount": str(rng.randint(20, 300) * 1000000),
                                                 "contracted_on": t.workday(START, END).isoformat(),
                                                 "method": "수의계약", "approved_by": o.official})
            return key
        for i in range(how_many(t)):
            o = staff[i % len(staff)]
            rels = [q for _, q in o.relatives if age(q, START) >= 20]
            rep = o if i % 2 == 0 or not rels else rng.choice(rels)
            t.plant(sid, "local_finance", [contract(company(rep), o)])
        for i in range(3):
            o = staff[i % len(staff)]
            t.decoy(sid, "local_finance", [contract(company(namesake(t, o)), o)],
                    "the representative is a namesake of the approving official")
        for i in range(3):
            o = staff[i % len(staff)]
            rels = [q for _, q in o.relatives if age(q, START) >= 20] or [o]
            other = next(s for s in staff if s is not o and all(q is not s for _, q in o.relatives))
            t.decoy(sid, "local_finance", [contract(company(rng.choice(rels)), other)],
                    "a relative's company, approved by an unrelated official")

    def duplicates(self) -> None:
        t, rng = self.t, self.t.rng
        sid = "FIN-DUPLICATE-PAYMENT"
        staff = officials_of(t, "local_finance")
        n = how_many(t)
        vendors = rng.sample(t.businesses, n + 8)
        for i in range(n):
            b = vendors[i]
            amount = rng.randint(500, 9000) * 1000 + 330
            purpose = "청사 시설물 유지보수"
            d1 = t.workday(START, date(2024, 10, 1))
            first = fin_payment(t, b, amount, purpose, d1, rng.choice(staff))
            second_key = None
            if i % 2 == 1:  # the second time under the vendor's other payee record
                second_key = t.vendor_second.get(b.bid) or t.biz_party("local_finance", b, fresh=True)
                t.vendor_second[b.bid] = second_key
            d2 = t.workday(d1 + timedelta(days=1), d1 + timedelta(days=20))
            second = fin_payment(t, b, amount, purpose, d2, rng.choice(staff), payee_key=second_key)
            t.plant(sid, "local_finance", [first, second])
        for i in range(n, n + 4):
            b = vendors[i]
            amount = rng.randint(500, 9000) * 1000
            d1 = t.workday(START, date(2024, 10, 1))
            keys = [fin_payment(t, b, amount, "사무용품 구입", d1, rng.choice(staff)),
                    fin_payment(t, b, amount, "현수막 제작", d1 + timedelta(days=rng.randint(1, 6)), rng.choice(staff))]
            t.decoy(sid, "local_finance", keys, "equal amounts for different purposes")
        for i in range(n + 4, n + 7, 2):
            amount = rng.randint(500, 9000) * 1000
            d1 = t.workday(START, date(2024, 10, 1))
            keys = [fin_payment(t, vendors[i], amount, "방역 용역", d1, rng.choice(staff)),
                    fin_payment(t, vendors[i + 1], amount, "방역 용역", d1, rng.choice(staff))]
            t.decoy(sid, "local_finance", keys, "same amount and purpose, two different vendors")

    def logins(self) -> None:
        t, rng = self.t, self.t.rng
        users = [o for o in t.officials if o.pid in t.pcs]
        for _ in range(how_many(t)):
            a, b = rng.sample(users, 2)
            d = t.workday(START, END)
            login(t, a, t.pcs[a.pid], d, 9)
            t.plant("FIN-LOGIN-SHARED-PC", "local_finance", [login(t, b, t.pcs[a.pid], d, 13)])
        for k in range(3):  # a PC handed over: one user until the move, the next one after it
            a, b = rng.sample(users, 2)
            pc, moved = f"PC-R{k + 1:02d}", t.workday(date(2023, 3, 1), date(2024, 6, 30))
            keys = [login(t, a, pc, t.workday(START, moved - timedelta(days=7)), 9) for _ in range(4)]
            keys += [login(t, b, pc, t.workday(moved, END), 9) for _ in range(4)]
            t.decoy("FIN-LOGIN-SHARED-PC", "local_finance", keys, "a PC handed over to a new user after a move")

    def transfers(self) -> None:
        t, rng = self.t, self.t.rng
        sid = "FIN-TRANSFER-MISMATCH"
        staff = officials_of(t, "local_finance")
        for i in range(how_many(t)):
            b = rng.choice(t.businesses)
            amount = rng.randint(500, 9000) * 1000
            d = t.workday(START, END - timedelta(days=5))
            pay = fin_payment(t, b, amount, "용역 대금", d, rng.choice(staff), transfer=False)
            if i % 2 == 0:
                o = rng.choice([o for o in t.officials if o.account])
                tr = bank_transfer(t, d, o.account, amount, f"local_finance:{pay}")
            else:
                tr = bank_transfer(t, d, b.account, amount + rng.randint(1, 50) * 100000, f"local_finance:{pay}")
            t.plant(sid, "local_finance", [pay])
            t.planted[-1][1].append(f"bank:{tr}")
        for _ in range(3):
            b = rng.choice(t.businesses)
            amount = rng.randint(500, 9000) * 1000
            d = t.workday(START, END - timedelta(days=10))
            pay = fin_payment(t, b, amount, "용역 대금", d, rng.choice(staff), transfer=False)
            later = d + timedelta(days=1)
            while not is_workday(later):
                later += timedelta(days=1)
            tr = bank_transfer(t, later, b.account, amount, f"local_finance:{pay}")
            t.decoy(sid, "local_finance", [pay], "transferred the next working day, same account and amount")
            t.decoys[-1][1].append(f"bank:{tr}")

    def cards(self) -> None:
        t, rng = self.t, self.t.rng
        cards = t.cards

        def card() -> str:
            return rng.choice(cards)[0]

        def weekday() -> date:
            return t.workday(START, date(2024, 12, 20))
        for _ in range(how_many(t)):
            h = rng.choice([23, 0, 1, 2, 3, 4, 5])
            t.plant("CARD-LATE-NIGHT", "cards", [card_approval(t, card(), weekday(), h, rng.randint(0, 59),
                                                                rng.randint(30, 300) * 1000, rng.choice(["5411", "5541"]))])
        for _ in range(3):
            t.decoy("CARD-LATE-NIGHT", "cards", [card_approval(t, card(), weekday(), 22, 59, rng.randint(30, 200) * 1000,
                                                                "5812", s=59)], "22:59:59, before 23:00")
        for _ in range(2):
            t.decoy("CARD-LATE-NIGHT", "cards", [card_approval(t, card(), weekday(), 6, rng.randint(10, 50),
                                                                rng.randint(5, 20) * 1000, "5814")], "06:10-06:50, after 06:00")
        days = sorted(d for d in t_holidays() if START <= d <= date(2024, 12, 20))
        for i in range(how_many(t)):
            d = rng.choice(days)
            t.plant("CARD-HOLIDAY", "cards", [card_approval(t, card(), d, rng.randint(11, 18), rng.randint(0, 59),
                                                             rng.randint(30, 300) * 1000, "5812",
                                                             holiday="" if i % 3 == 0 else "Y")])
        for d in (date(2023, 5, 1), date(2024, 5, 1), date(2024, 2, 8)):
            t.decoy("CARD-HOLIDAY", "cards", [card_approval(t, card(), d, 12, rng.randint(0, 59), rng.randint(10, 90) * 1000,
                                                             "5812")], "a working day for officials (Labour Day / eve of a holiday)")
        for _ in range(how_many(t)):
            t.plant("CARD-BANNED-MERCHANT", "cards", [card_approval(t, card(), weekday(), rng.randint(12, 20),
                                                                     rng.randint(0, 59), rng.randint(50, 500) * 1000,
                                                                     rng.choice(["7995", "5813", "7273"]),
                                                                     merchant=rng.choice(["○○단란주점", "□□게임랜드"]))])
        for _ in range(3):
            t.decoy("CARD-BANNED-MERCHANT", "cards", [card_approval(t, card(), weekday(), 19, rng.randint(0, 59),
                                                                     rng.randint(50, 200) * 1000, "5812",
                                                                     merchant="한우식당")], "an ordinary restaurant in the evening")
        for _ in range(how_many(t)):
            cid, d = card(), weekday()
            brn = K.brn(rng)
            m0 = rng.randint(0, 40)
            keys = [card_approval(t, cid, d, 15, m0 + 4 * j, rng.randint(450, 499) * 1000, "5943", merchant="대한문구",
                                  brn=brn) for j in range(rng.choice([2, 3]))]
            t.plant("CARD-SPLIT-PAYMENT", "cards", keys)
        for _ in range(3):
            cid, d = card(), weekday()
            brn = K.brn(rng)
            keys = [card_approval(t, cid, d, h, rng.randint(0, 59), rng.randint(40, 60) * 1000, "5812", merchant="소문난식당",
                                  brn=brn) for h in (12, 19)]
            t.decoy("CARD-SPLIT-PAYMENT", "cards", keys, "lunch and dinner at one restaurant, seven hours apart")


def t_holidays() -> set[date]:
    weekends = {START + timedelta(days=i) for i in range((END - START).days)
                if (START + timedelta(days=i)).weekday() >= 5}
    return HOLIDAYS | weekends

