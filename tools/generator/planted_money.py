"""Planted cases and decoys where money or access goes astray: payroll, welfare, refunds, reductions,
contracts, duplicate payments, transfers that do not match, shared PCs and corporate cards."""

from __future__ import annotations

import numpy as np

from generator import noise
from generator.bg_money import (
    BANNED_MCC,
    CARD_TX_LIMIT,
    PAY,
    approval_rows,
    death_rows,
    login_rows,
    payday,
    payment_rows,
    payroll_rows,
    reduction_rows,
    refund_rows,
    welfare_rows,
    write_family,
)
from generator.common import d, official_households
from generator.context import Ctx
from generator.plant_base import TRANSFER_OF, Picker, ek
from generator.plant_prepare import adult_relatives
from generator.registry import account_cols
from generator.sink import entity_ids
from generator.timeline import MONTHS, OFF_DAYS, START, WORKDAYS

A = np.array


def _one(v: object) -> np.ndarray:
    return A([v])


def _days(*days: np.datetime64) -> np.ndarray:
    return A(days, dtype="datetime64[D]")


def second_account(ctx: Ctx, person: int) -> int:
    """The person's second account, opening one (a new account of the same holder) if they have none."""
    a = ctx.m.accounts
    if "second_accounts" not in ctx.state:
        main = ctx.m.people.account
        idx = np.flatnonzero(a.holder_kind == 0)
        second = idx[main[a.holder[idx]] != idx]
        ctx.state["second_accounts"] = dict(zip(a.holder[second].tolist(), second.tolist(), strict=False))
    got = ctx.state["second_accounts"].get(person)  # type: ignore[union-attr]
    return int(got) if got is not None else int(ctx.m.people.account[person])


def _official_and_relative(ctx: Ctx, area: str, i: int) -> tuple[int, int, str]:
    """(official, relative person, relation) of an area's official with adult relatives."""
    offs = ctx.state["officials_with_relatives"].get(area) or [int(x) for x in ctx.officials_of(area)]
    off = offs[i % len(offs)]
    rels = adult_relatives(ctx, off)
    if not rels:
        return off, int(ctx.m.officials.person[off]), "self"
    person, rel = rels[i % len(rels)]
    return off, person, rel


def _relative_key(ctx: Ctx, rng: np.random.Generator, off: int, person: int, relation: str) -> str:
    """The local_hr key naming the person: the official's employee_no or the family row of the relative.

    A plant needs a family row that kept the relative's resident number: the rules match relatives by it (a
    namesake is not enough), so a row whose number the noise blanked would plant a case no rule can find."""
    m = ctx.m
    if relation == "self":
        return str(m.officials.employee_no[off])
    fam = ctx.state["family"]
    hit = np.flatnonzero((fam["person"] == person) & (fam["employee_no"] == m.officials.employee_no[off])
                         & fam["has_rrn"])
    if len(hit):
        return str(fam["keys"][hit[0]])
    keys, _ = write_family(ctx, rng, _one(person), _one(m.officials.employee_no[off]), _one(relation), missing=0.0)
    return str(keys[0])


# --- local_hr ---------------------------------------------------------------------------------------------

def plant_after_retirement(ctx: Ctx, pick: Picker, rng: np.random.Generator) -> None:
    m = ctx.m
    o = m.officials
    for off in ctx.state["plant_retirees"]:
        ret = o.retired_on[off]
        months = MONTHS[MONTHS > ret.astype("datetime64[M]")][:3]
        acc = int(m.people.account[o.person[off]])
        keys = payroll_rows(ctx, rng, np.full(len(months), off), months, payday(months),
                            np.full(len(months), acc))
        ctx.ex.plant("HR-PAY-AFTER-RETIREMENT", [ek("local_hr", k) for k in keys] + [ek("local_hr", o.employee_no[off])])
    for off in ctx.state["decoy_retirees"]:
        ret = o.retired_on[off]
        acc = int(m.people.account[o.person[off]])
        paid = ret + np.timedelta64(10, "D")
        keys = payroll_rows(ctx, rng, _one(off), A([ret.astype("datetime64[M]")]), _days(paid), _one(acc),
                            _one(int(PAY[int(o.grade[off])]) // 2))
        ctx.ex.decoy("HR-PAY-AFTER-RETIREMENT", [ek("local_hr", keys[0]), ek("local_hr", o.employee_no[off])],
                     "final settlement for the month of retirement, paid 10 days after the retirement date")


def _serving_staff(ctx: Ctx) -> np.ndarray:
    o = ctx.m.officials
    return np.flatnonzero(np.isnat(o.retired_on) & (o.grade >= 7))


def plant_payroll_other(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    o = m.officials
    staff = _serving_staff(ctx)
    for i in range(2 * k):
        off = pick.take("official", staff)
        months = MONTHS[-6:-3] if i % 2 else MONTHS[8:11]
        if i < k:
            stranger = pick.adult()
            acc = int(m.people.account[stranger])
            note = None
        else:
            acc = second_account(ctx, int(o.person[off]))
            note = "salary paid into the official's own second account (same holder)"
        keys = payroll_rows(ctx, rng, np.full(3, off), months, payday(months), np.full(3, acc))
        ctx.state.setdefault("bank_extra_accounts", []).append(acc)
        if i % 2 == 0:  # the bank names the holder only: evidence of another person is the name alone
            ctx.state.setdefault("name_only_accounts", []).append(acc)
        ev = [ek("local_hr", x) for x in keys] + [ek("local_hr", o.employee_no[off])]
        if note is None:
            ctx.ex.plant("HR-PAYROLL-OTHER-ACCOUNT", ev)
        else:
            ctx.ex.decoy("HR-PAYROLL-OTHER-ACCOUNT", ev, note)


def _recipient(ctx: Ctx, rng: np.random.Generator, person: int, account: int, rrn_missing: float = 0.0) -> str:
    m = ctx.m
    t = ctx.t("welfare", "recipients")
    key = str(t.keys(1)[0])
    rrn, _ = noise.rrn_column(m.people.rrn[_one(person)], rng, missing=rrn_missing, nodash=0.4)
    t.write({"recipient_no": [key], "name": [m.people.name[person]], "rrn": rrn,
             "birth_date": d(ctx, "welfare", _one(m.people.birth[person]), rng), "address": [m.people.address[person]],
             "phone": [m.people.phone[person]], "household_no": [f"{m.gov.code}-H{m.people.household[person]}"],
             **account_cols(m, _one(account), rng, holder=False)})
    ctx.ex.entities("welfare", _one(key), "person", entity_ids("person", _one(person)))
    ctx.objects.account("welfare", account)
    return key


def _benefits(ctx: Ctx, rng: np.random.Generator, rkey: str, months: np.ndarray, account: int,
              official: int, benefit: str = "livelihood") -> np.ndarray:
    n = len(months)
    return welfare_rows(ctx, rng, np.full(n, rkey), np.full(n, benefit), payday(months), np.full(n, account),
                        np.full(n, official))


def plant_payroll_welfare(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    """An official's second account receives both his salary and a stranger's benefits."""
    m = ctx.m
    o = m.officials
    staff = _serving_staff(ctx)
    wel = ctx.officials_of("welfare")
    for _i in range(k):
        off = pick.take("official", staff)
        acc = second_account(ctx, int(o.person[off]))
        ctx.state.setdefault("bank_extra_accounts", []).append(acc)
        months = MONTHS[12:16]
        pay = payroll_rows(ctx, rng, np.full(len(months), off), months, payday(months), np.full(len(months), acc))
        recipient = pick.adult()
        rkey = _recipient(ctx, rng, recipient, int(m.people.account[recipient]))
        _benefits(ctx, rng, rkey, MONTHS[:12], int(m.people.account[recipient]), int(wel[0]))
        diverted = _benefits(ctx, rng, rkey, months, acc, int(wel[0]))
        ev = [ek("local_hr", x) for x in pay] + [ek("welfare", x) for x in diverted]
        ctx.ex.plant("HR-PAYROLL-WELFARE-ACCOUNT", ev + [ek("local_hr", o.employee_no[off])])
        ctx.ex.plant("WEL-OTHER-ACCOUNT", [ek("welfare", x) for x in diverted] + [ek("welfare", rkey),
                                                                                  ek("local_hr", o.employee_no[off])])
    # decoy: an official's mother (a relative) receives her own pension into her own account
    for i in range(k):
        off, rel, relation = _official_and_relative(ctx, "welfare", i + 7)
        if relation == "self":
            continue
        rkey = _recipient(ctx, rng, rel, int(m.people.account[rel]))
        keys = _benefits(ctx, rng, rkey, MONTHS[:6], int(m.people.account[rel]), int(wel[-1]), "basic_pension")
        ctx.ex.decoy("HR-PAYROLL-WELFARE-ACCOUNT", [ek("welfare", x) for x in keys[:2]],
                     "an official's relative receives her own benefit into her own account")
        ctx.ex.decoy("WEL-OTHER-ACCOUNT", [ek("welfare", x) for x in keys[:2]],
                     "the recipient is an official's relative but the account is her own")
    _official_family_benefits(ctx, pick, rng, k)


def _official_family_benefits(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    """Look-alikes of benefits paid into an official's salary account: the allowance of the official's own
    child (paid by law to the parent), and the official's own benefit on a recipient row without a
    resident number (name and birth date only, which linkage may leave unlinked)."""
    m = ctx.m
    o = m.officials
    wel = ctx.officials_of("welfare")
    fam = ctx.state["family"]
    staff = _serving_staff(ctx)
    young = (START - m.people.birth[fam["person"]]).astype(int) < 15 * 365
    children = np.flatnonzero((fam["relation"] == "child") & young & np.isin(fam["employee_no"], o.employee_no[staff]))
    by_emp = {str(e): i for i, e in enumerate(o.employee_no)}
    for _ in range(min(k, len(children))):
        row = pick.take("family_child", children)
        child, off = int(fam["person"][row]), by_emp[str(fam["employee_no"][row])]
        acc = int(m.people.account[o.person[off]])
        if acc < 0:
            continue
        rkey = _recipient(ctx, rng, child, acc)
        keys = _benefits(ctx, rng, rkey, MONTHS[:6], acc, int(wel[0]), "child_allowance")
        ev = [ek("welfare", x) for x in keys]
        note = "the child allowance of the official's own child, paid by law into the parent's salary account"
        ctx.ex.decoy("HR-PAYROLL-WELFARE-ACCOUNT", ev, note)
        ctx.ex.decoy("WEL-OTHER-ACCOUNT", ev, note)
    for _ in range(k):
        off = pick.take("official", staff)
        me = int(o.person[off])
        acc = int(m.people.account[me])
        if acc < 0:
            continue
        rkey = _recipient(ctx, rng, me, acc, rrn_missing=1.0)
        keys = _benefits(ctx, rng, rkey, MONTHS[6:12], acc, int(wel[-1]), "disability")
        ev = [ek("welfare", x) for x in keys]
        note = "the official's own disability benefit into his own account; the recipient row has no resident number"
        ctx.ex.decoy("HR-PAYROLL-WELFARE-ACCOUNT", ev, note)
        ctx.ex.decoy("WEL-OTHER-ACCOUNT", ev, note)


# --- welfare ----------------------------------------------------------------------------------------------

def plant_paid_after_death(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    people = m.people
    dead = ctx.state["plant_dead"][: 2 * k]
    wel = ctx.officials_of("welfare")
    for i, person in enumerate(dead):
        person = int(person)
        died = people.death[person]
        acc = int(people.account[person])
        rkey = _recipient(ctx, rng, person, acc)
        before = MONTHS[payday(MONTHS) < died]
        death_key = str(death_rows(ctx, rng, _one(person), _days(died), _one(rkey))[0])
        _benefits(ctx, rng, rkey, before, acc, int(wel[0]), "basic_pension")
        if i < k:
            after = MONTHS[payday(MONTHS) >= died][:3]
            keys = _benefits(ctx, rng, rkey, after, acc, int(wel[0]), "basic_pension")
            ctx.ex.plant("WEL-PAID-AFTER-DEATH", [ek("welfare", x) for x in keys] + [ek("welfare", death_key)])
        else:
            ctx.ex.decoy("WEL-PAID-AFTER-DEATH", [ek("welfare", death_key), ek("welfare", rkey)],
                         "payments stop with the last pay day before the death")


def plant_welfare_other(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    wel = ctx.officials_of("welfare")
    for i in range(k):
        off, rel, relation = _official_and_relative(ctx, "welfare", i)
        holder = int(m.officials.person[off]) if i % 2 == 0 or relation == "self" else rel
        acc = second_account(ctx, holder)
        ctx.state.setdefault("bank_extra_accounts", []).append(acc)
        # the bank names the holder only: the approver's (or relative's) name is the tie, which holds only for
        # a name nobody else in the town bears (a shared one is a namesake no auditor could tell apart)
        if i % 4 in (1, 2) and int(np.sum(m.people.name == m.people.name[holder])) == 1:
            ctx.state.setdefault("name_only_accounts", []).append(acc)
        recipient = pick.adult()
        rkey = _recipient(ctx, rng, recipient, int(m.people.account[recipient]))
        _benefits(ctx, rng, rkey, MONTHS[:10], int(m.people.account[recipient]), off)
        keys = _benefits(ctx, rng, rkey, MONTHS[10:16], acc, off)
        who = ek("local_hr", m.officials.employee_no[off]) if holder == int(m.officials.person[off]) else \
            ek("local_hr", _relative_key(ctx, rng, off, rel, relation))
        ctx.ex.plant("WEL-OTHER-ACCOUNT", [ek("welfare", x) for x in keys] + [ek("welfare", rkey), who])
    # decoy: a child's benefit into the parent's account (a family sharing an account, nobody an official)
    minors = np.flatnonzero(((START - m.people.birth).astype(int) < 17 * 365) & ~official_households(ctx)
                            & np.isnat(m.people.death))
    for _ in range(k):
        child = pick.take("minor", minors)
        parent = int(m.households.start[m.people.household[child]])
        acc = int(m.people.account[parent])
        if acc < 0:
            continue
        rkey = _recipient(ctx, rng, child, acc)
        keys = _benefits(ctx, rng, rkey, MONTHS[:4], acc, int(wel[0]), "disability")
        ctx.ex.decoy("WEL-OTHER-ACCOUNT", [ek("welfare", x) for x in keys[:2]] + [ek("welfare", rkey)],
                     "a child's benefit paid into the parent's account: the family shares it, nobody is an official")


# --- local_tax refunds and reductions ---------------------------------------------------------------------

def plant_refund_other(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    for i in range(k):
        off, rel, relation = _official_and_relative(ctx, "local_tax", i)
        holder = rel if relation != "self" and i % 2 else int(m.officials.person[off])
        acc = second_account(ctx, holder)
        ctx.state.setdefault("bank_extra_accounts", []).append(acc)
        taxpayer = pick.adult()
        day = pick.day(30, 30)
        key = refund_rows(ctx, rng, _one(0), _one(taxpayer), _one(acc), _days(day), _one(850_000), _one(off),
                          holder_name=_one(m.people.name[taxpayer]))[0]
        who = ek("local_hr", m.officials.employee_no[off]) if holder == int(m.officials.person[off]) else \
            ek("local_hr", _relative_key(ctx, rng, off, rel, relation))
        ctx.ex.plant("TAX-REFUND-OTHER-ACCOUNT", [ek("local_tax", key), who])
    # a parent-in-law registered in HR by name, birth date, address and phone only (no resident number), whose
    # account receives a stranger's refund the official processed: linkage ties the row to the account holder
    tax_staff = ctx.officials_of("local_tax")
    for i in range(max(1, k // 4)):
        off = int(tax_staff[i % len(tax_staff)])
        in_law = pick.adult()
        if m.people.account[in_law] < 0:
            continue
        fam_key = str(write_family(ctx, rng, _one(in_law), _one(m.officials.employee_no[off]), _one("parent"),
                                   missing=1.0)[0][0])
        taxpayer = pick.adult()
        key = refund_rows(ctx, rng, _one(0), _one(taxpayer), _one(int(m.people.account[in_law])),
                          _days(pick.day(30, 30)), _one(430_000), _one(off),
                          holder_name=_one(m.people.name[taxpayer]))[0]
        ctx.ex.plant("TAX-REFUND-OTHER-ACCOUNT", [ek("local_tax", key), ek("local_hr", fam_key)])
    for _ in range(k):
        taxpayer = pick.adult()
        hh = m.people.household[taxpayer]
        start, size = int(m.households.start[hh]), int(m.households.size[hh])
        others = [p for p in range(start, start + size) if p != taxpayer and m.people.account[p] >= 0]
        if not others:
            continue
        acc = int(m.people.account[others[0]])
        key = refund_rows(ctx, rng, _one(0), _one(taxpayer), _one(acc), _days(pick.day(30, 30)), _one(120_000),
                          _one(int(ctx.officials_of("local_tax")[0])))[0]
        ctx.ex.decoy("TAX-REFUND-OTHER-ACCOUNT", [ek("local_tax", key)],
                     "refund into the account of the taxpayer's own household member, nobody an official")


def plant_refund_dead(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    people = m.people
    dead = ctx.state["plant_dead"][2 * k:]
    for i, person in enumerate(dead):
        person = int(person)
        died = people.death[person]
        day = died + np.timedelta64(40, "D") if i < k else died - np.timedelta64(10, "D")
        key = refund_rows(ctx, rng, _one(0), _one(person), _one(int(people.account[person])), _days(day),
                          _one(430_000), _one(int(ctx.officials_of("local_tax")[0])))[0]
        death_key = str(death_rows(ctx, rng, _one(person), _days(died), _one(""))[0])
        ev = [ek("local_tax", key), ek("welfare", death_key)]
        if i < k:
            ctx.ex.plant("TAX-REFUND-DEAD", ev)
        else:
            ctx.ex.decoy("TAX-REFUND-DEAD", ev, "refund paid 10 days before the taxpayer died")


def plant_reduction_self(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    for i in range(k):
        off, rel, relation = _official_and_relative(ctx, "local_tax", i + 3)
        person = int(m.officials.person[off]) if i % 3 == 0 or relation == "self" else rel
        key = reduction_rows(ctx, rng, _one(person), _days(pick.day(30, 30)), _one(640_000), _one(off))[0]
        who = ek("local_hr", m.officials.employee_no[off]) if person == int(m.officials.person[off]) else \
            ek("local_hr", _relative_key(ctx, rng, off, rel, relation))
        ctx.ex.plant("TAX-REDUCTION-SELF", [ek("local_tax", key), who])
    for off, stranger, _owner, _b in ctx.state["namesakes"]:
        key = reduction_rows(ctx, rng, _one(stranger), _days(pick.day(30, 30)), _one(210_000), _one(off))[0]
        ctx.ex.decoy("TAX-REDUCTION-SELF", [ek("local_tax", key)],
                     "the taxpayer bears the same name as an official's relative but is another person")


# --- local_finance ----------------------------------------------------------------------------------------

def plant_related_contract(ctx: Ctx, pick: Picker, rng: np.random.Generator) -> None:
    m = ctx.m
    for off, b, owner, relation in ctx.state["related_businesses"]:
        key = _contract(ctx, rng, b, off, pick.day(30, 60))
        who = ek("local_hr", m.officials.employee_no[off]) if relation == "self" else \
            ek("local_hr", _relative_key(ctx, rng, off, owner, relation))
        ctx.ex.plant("FIN-CONTRACT-RELATED-OFFICIAL", [ek("local_finance", key), who])
    for off, _stranger, _owner, b2 in ctx.state["namesakes"]:
        key = _contract(ctx, rng, b2, off, pick.day(30, 60))
        ctx.ex.decoy("FIN-CONTRACT-RELATED-OFFICIAL", [ek("local_finance", key)],
                     "the vendor's owner bears the name of the approving official's relative but is a stranger")


def _contract(ctx: Ctx, rng: np.random.Generator, business: int, official: int, day: np.datetime64) -> str:
    t = ctx.t("local_finance", "contracts")
    key = str(t.keys(1)[0])
    t.write({"contract_no": [key], "vendor_no": [ctx.p("local_finance").key(1, business)],
             "title": [f"시설 유지보수 용역 {key[-4:]}"], "amount": ["48,000,000"],
             "contracted_on": d(ctx, "local_finance", _days(day), rng), "method": ["수의계약"],
             "approved_by": ctx.emp(official)})
    return key


def plant_duplicates(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    fin = ctx.officials_of("local_finance")
    for i in range(2 * k):
        b = pick.business(("supplies", "services"))
        acc = int(m.businesses.account[b])
        while True:
            day = np.datetime64(WORKDAYS[int(rng.integers(20, len(WORKDAYS) - 20))])
            gap = int(rng.integers(1, 5))
            second = WORKDAYS[np.searchsorted(WORKDAYS, day) + gap]
            # A few workdays can span a long holiday (Chuseok): keep the pair inside the scenario's
            # 10-day window, or the plant is not a duplicate by the rule's own definition.
            if (np.datetime64(second) - day).astype(int) <= 7:
                break
        purpose = f"사무용품 구매 {day}"
        purposes = A([purpose, purpose if i < k else f"복합기 임차료 {day}"])
        keys = payment_rows(ctx, rng, A([1, 1]), A([b, b]), A([1_870_000, 1_870_000]), _days(day, second), "vendor",
                            purposes, A(["", ""]), A([acc, acc]), A([int(fin[0]), int(fin[-1])]))
        ev = [ek("local_finance", x) for x in keys]
        if i < k:
            ctx.ex.plant("FIN-DUPLICATE-PAYMENT", ev)
        else:
            ctx.ex.decoy("FIN-DUPLICATE-PAYMENT", ev, "same vendor and amount two days apart but different purposes")
    # decoy: a lease paid on the last workday of every month, the same amount for the same purpose (some of
    # the months less than the rule's window apart): a series, not a duplicate
    for i in range(max(1, k // 2)):
        b = pick.business(("services",))
        acc = int(m.businesses.account[b])
        months = MONTHS[3 + 6 * i: 9 + 6 * i]
        last = np.array([WORKDAYS[np.searchsorted(WORKDAYS, (mo + 1).astype("datetime64[D]")) - 1] for mo in months])
        n = len(last)
        keys = payment_rows(ctx, rng, np.ones(n, dtype=int), np.full(n, b), np.full(n, 2_750_000), last, "vendor",
                            np.full(n, "민원실 복합기 임차료"), np.full(n, ""), np.full(n, acc), np.full(n, int(fin[0])))
        ctx.ex.decoy("FIN-DUPLICATE-PAYMENT", [ek("local_finance", x) for x in keys],
                     "a monthly lease: the same amount and purpose every month, never twice in one month")


def plant_transfer_mismatch(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    fin = ctx.officials_of("local_finance")
    watch = ctx.state.setdefault("watch_refs", set())
    for i in range(2 * k):
        b = pick.business(("construction", "services", "manufacturing"))
        acc = int(m.businesses.account[b])
        day = np.datetime64(WORKDAYS[int(rng.integers(20, len(WORKDAYS) - 20))])
        amount = int(rng.integers(50, 900)) * 100_000
        to_acc, to_amount = acc, amount
        if i < k and i % 2 == 0:
            to_acc = second_account(ctx, int(m.officials.person[int(fin[i % len(fin)])]))
            ctx.state.setdefault("bank_extra_accounts", []).append(to_acc)
        elif i < k:
            to_amount = amount + 9_000_000
        key = payment_rows(ctx, rng, _one(1), _one(b), _one(amount), _days(day), "vendor",
                           _one(f"공사대금 정산 {day}"), _one(""), _one(acc), _one(int(fin[0])),
                           ledger_account=_one(to_acc), ledger_amount=_one(to_amount))[0]
        ref = f"local_finance:{key}"
        watch.add(ref)
        ev = [ek("local_finance", key), TRANSFER_OF + ref]
        if i < k:
            ctx.ex.plant("FIN-TRANSFER-MISMATCH", ev)
        else:
            ctx.ex.decoy("FIN-TRANSFER-MISMATCH", ev, "the transfer matches the approved payment in account and amount")


def plant_shared_pc(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    o = ctx.m.officials
    users = np.concatenate([ctx.officials_of(a) for a in ("local_finance", "local_tax")])
    for i in range(2 * k):
        a = pick.take("pc_owner", users)
        b = pick.take("pc_owner", users) if i < k else a
        day = np.datetime64(WORKDAYS[int(rng.integers(0, len(WORKDAYS)))], "s")
        if i < k:
            at = A([day + np.timedelta64(8 * 3600 + 2000, "s"), day + np.timedelta64(12 * 3600 + 3000, "s")])
            keys = login_rows(ctx, rng, A([o.user_id[a], o.user_id[b]]), A([o.pc_id[a], o.pc_id[a]]), at,
                              A([o.employee_no[a], o.employee_no[b]]))
            ctx.ex.plant("FIN-LOGIN-SHARED-PC", [ek("local_finance", x) for x in keys])
        else:
            at = A([day + np.timedelta64(8 * 3600 + 2000, "s"), day + np.timedelta64(15 * 3600, "s")])
            room = f"PC-{ctx.m.gov.code}-EDU{i:03d}"
            keys = login_rows(ctx, rng, A([o.user_id[a], o.user_id[a]]), A([o.pc_id[a], room]), at,
                              A([o.employee_no[a], o.employee_no[a]]))
            ctx.ex.decoy("FIN-LOGIN-SHARED-PC", [ek("local_finance", x) for x in keys],
                         "one user on his own PC and on a training-room PC the same day (nobody else on either)")


# --- cards ------------------------------------------------------------------------------------------------

def plant_cards(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    cards = ctx.state["cards"]["keys"]
    biz = m.businesses
    rest = np.flatnonzero(biz.category == "restaurant")
    bars = np.flatnonzero(biz.category == "bar")
    bars = bars if len(bars) else rest

    def one(card: str, at: np.datetime64, amount: int, merchant: int, mcc: str) -> str:
        return str(approval_rows(ctx, rng, _one(card), A([at], dtype="datetime64[s]"), _one(amount),
                                 _one(biz.name[merchant]), _one(biz.brn[merchant]), _one(mcc))[0])

    def card() -> str:
        return str(cards[int(rng.integers(0, len(cards)))])

    def wd() -> np.datetime64:
        return np.datetime64(WORKDAYS[int(rng.integers(0, len(WORKDAYS)))], "s")

    holidays = OFF_DAYS
    for _ in range(k):
        late = wd() + np.timedelta64(23 * 3600 + int(rng.integers(600, 3000)), "s")
        key = one(card(), late, 186_000, int(pick.take("merchant", rest)), "5812")
        ctx.ex.plant("CARD-LATE-NIGHT", [ek("cards", key)])
        ok = wd() + np.timedelta64(22 * 3600 + 1800, "s")
        key = one(card(), ok, 143_000, int(pick.take("merchant", rest)), "5812")
        ctx.ex.decoy("CARD-LATE-NIGHT", [ek("cards", key)], "team dinner paid at 22:30, before 23:00")
        hol = np.datetime64(holidays[int(rng.integers(0, len(holidays)))], "s") + np.timedelta64(13 * 3600, "s")
        key = one(card(), hol, 96_000, int(pick.take("merchant", rest)), "5812")
        ctx.ex.plant("CARD-HOLIDAY", [ek("cards", key)])
        fri = np.datetime64("2025-10-10T20:40:00")
        key = one(card(), fri, 88_000, int(pick.take("merchant", rest)), "5812")
        ctx.ex.decoy("CARD-HOLIDAY", [ek("cards", key)], "a workday squeezed between holidays (2025-10-10), evening")
        key = one(card(), wd() + np.timedelta64(20 * 3600, "s"), 420_000, int(pick.take("merchant", bars)),
                  BANNED_MCC[int(rng.integers(0, len(BANNED_MCC)))])
        ctx.ex.plant("CARD-BANNED-MERCHANT", [ek("cards", key)])
        merchant = int(pick.take("merchant", bars))
        key = one(card(), wd() + np.timedelta64(19 * 3600, "s"), 210_000, merchant, "5812")
        ctx.ex.decoy("CARD-BANNED-MERCHANT", [ek("cards", key)],
                     "a merchant named like a bar whose category is 5812 (restaurant)")
        c = card()
        merchant = int(pick.take("merchant", rest))
        base = wd() + np.timedelta64(19 * 3600, "s")
        parts = [int(CARD_TX_LIMIT * 0.9), int(CARD_TX_LIMIT * 0.8), int(CARD_TX_LIMIT * 0.5)][: 2 + int(rng.random() < 0.5)]
        keys = [one(c, base + np.timedelta64(60 * j + 7, "s"), amt, merchant, "5812") for j, amt in enumerate(parts)]
        ctx.ex.plant("CARD-SPLIT-PAYMENT", [ek("cards", x) for x in keys])
        merchant = int(pick.take("merchant", rest))
        keys = [one(card(), wd() + np.timedelta64(12 * 3600, "s"), 320_000, merchant, "5812")]
        keys.append(one(card(), wd() + np.timedelta64(12 * 3600, "s"), 310_000, merchant, "5812"))
        ctx.ex.decoy("CARD-SPLIT-PAYMENT", [ek("cards", x) for x in keys],
                     "the same restaurant on two different days (or cards), each under the limit")
