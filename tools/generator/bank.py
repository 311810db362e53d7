"""The bank feed: one holder record per account any system named (plus the treasury account), and one
transfer per payment that left the treasury, at the paying day, for the paid amount, into the paid account."""

from __future__ import annotations

import numpy as np

from generator import ids, noise
from generator.common import CHUNK, d, write_chunks
from generator.context import Ctx
from generator.sink import entity_ids


def accounts(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bank/accounts")
    a = m.accounts
    used = np.zeros(a.n, dtype=bool)
    for mask in ctx.objects.accounts.values():
        used |= mask
    used[ctx.m.treasury_account] = True
    for extra in ctx.state.get("bank_extra_accounts", []):
        used[extra] = True
    idx = np.flatnonzero(used)
    kind, holder = a.holder_kind[idx], a.holder[idx]
    person = kind == 0
    biz = kind == 1
    people = m.people
    n = len(idx)
    name = np.full(n, f"{m.gov.name}청", dtype=object)
    # Banks print holder names in Latin capitals for a share of accounts (PARK JI-YEONG, YIM MINJI).
    held = noise.typo_names(people.name[holder[person]], rng, 0.005)
    name[person] = np.char.upper(noise.romanised(held, rng, 0.08))
    latin = name[person].astype(str) != held
    name[person] = np.where(latin, name[person], held)
    name[biz] = m.businesses.name[holder[biz]]
    # An account-holder inquiry answers with the name only (about 5 %), name and birth date (about 30 %),
    # or with the resident number too.
    told = rng.random(int(person.sum()))
    # Planted cases and decoys that need a holder the bank names only (no birth date, no resident number).
    told[np.isin(idx[person], list(ctx.state.get("name_only_accounts", [])))] = 0.0
    rrn = np.full(n, "", dtype="<U14")
    rrn[person], _ = noise.rrn_column(people.rrn[holder[person]], rng, missing=0.02, nodash=0.5)
    rrn[np.flatnonzero(person)[told < 0.35]] = ""
    birth = np.full(n, "", dtype=object)
    birth[person] = np.where(told < 0.05, "", d(ctx, "bank", people.birth[holder[person]], rng))
    brn = np.full(n, "", dtype="<U12")
    brn[biz] = m.businesses.brn[holder[biz]]
    brn[kind == 2] = _government_brn(m.gov.code)
    crn = np.full(n, "", dtype="<U13")
    crn[biz] = m.businesses.crn[holder[biz]]
    opened = np.datetime64("2024-01-01") - rng.integers(30, 365 * 25, size=n).astype("timedelta64[D]")
    t = ctx.t("bank", "accounts")
    code = np.array(ids.BANK_CODES)[a.bank[idx]]
    write_chunks(t, {"bank_code": code, "account_no": a.digits[idx],
                     "holder_type": np.where(person, "person", np.where(rng.random(n) < 0.1, "법인", "business")),
                     "holder_name": name.astype(str), "holder_rrn": rrn, "holder_birth_date": birth.astype(str),
                     "holder_brn": brn, "holder_crn": crn, "opened_on": d(ctx, "bank", opened, rng)})
    keys = np.char.add(np.char.add(f"{m.gov.code}-AC-", code), np.char.add("-", a.digits[idx]))
    hkeys = np.char.add(np.char.add(f"{m.gov.code}-AH-", code), np.char.add("-", a.digits[idx]))
    ctx.objects.account("bank", idx)
    del keys
    ctx.ex.entities("bank", hkeys[person], "person", entity_ids("person", holder[person]))
    ctx.ex.entities("bank", hkeys[biz], "business", entity_ids("business", holder[biz]))
    ctx.ex.entities("bank", hkeys[kind == 2], "business", np.full(int((kind == 2).sum()), f"B-GOV{m.gov.code}"))


def _government_brn(gov: str) -> str:
    first9 = f"{int(gov) % 1000:03d}83{int(gov) % 10000:04d}"
    return first9 + str(ids.brn_check_digit(first9))


def transfers(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bank/transfers")
    L = ctx.ledger
    if not L.day:
        return
    day = np.concatenate(L.day)
    acc = np.concatenate(L.account)
    amount = np.concatenate(L.amount)
    ref = np.concatenate(L.reference)
    kind = np.concatenate(L.kind)
    order = np.argsort(day, kind="stable")
    a = m.accounts
    t = ctx.t("bank", "transfers")
    tre = m.treasury_account
    for s in range(0, len(order), CHUNK):
        sel = order[s:s + CHUNK]
        n = len(sel)
        at = day[sel].astype("datetime64[s]") + rng.integers(10 * 3600, 16 * 3600, size=n).astype("timedelta64[s]")
        to = acc[sel]
        watch = ctx.state.get("watch_refs", set())
        shown_ref = np.where((rng.random(n) < 0.85) | np.isin(ref[sel], list(watch)), ref[sel], "")
        keys = t.keys(n)
        write_chunks(t, {"transfer_no": keys, "transferred_at": noise.datetimes(at, rng, 0.1),
                         "from_bank_code": np.full(n, ids.BANK_CODES[a.bank[tre]]),
                         "from_account_no": np.full(n, a.digits[tre]),
                         "to_bank_code": np.array(ids.BANK_CODES)[a.bank[to]], "to_account_no": a.digits[to],
                         "amount": amount[sel].astype(str), "reference": shown_ref, "kind": kind[sel]})
        ctx.objects.account("bank", to)
        ctx.state.setdefault("transfer_keys", {}).update(
            {r: k for r, k in zip(ref[sel], keys, strict=True) if r in ctx.state.get("watch_refs", set())})
