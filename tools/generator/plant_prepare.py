"""Before the background is written: the few changes to the population that planted cases and decoys
need everywhere (officials who retire, businesses owned by an official's relative, namesakes)."""

from __future__ import annotations

import numpy as np

from generator.bg_money import relatives_of
from generator.common import clean_adults
from generator.context import Ctx
from generator.plant_base import Picker
from generator.timeline import START

VENDOR_CATEGORIES = ("construction", "supplies", "services", "manufacturing")


def adult_relatives(ctx: Ctx, official: int) -> list[tuple[int, str]]:
    m = ctx.m
    return [(p, r) for p, r in relatives_of(ctx, official)
            if (START - m.people.birth[p]).astype(int) >= 20 * 365 and np.isnat(m.people.death[p])]


def prepare(ctx: Ctx, k: int) -> None:
    m, rng = ctx.m, ctx.rng("plant/prepare")
    o = m.officials
    staff = np.flatnonzero((o.grade >= 7) & np.isnat(o.retired_on))
    ret = rng.choice(staff, size=min(len(staff), 2 * k), replace=False)
    o.retired_on[ret] = np.where(np.arange(len(ret)) % 2 == 0, np.datetime64("2024-12-31"),
                                 np.datetime64("2025-06-30"))
    # people who die in the window (for payments after death): elderly, outside officials' households
    from generator.common import official_households
    age = (START - m.people.birth).astype(int) / 365.25
    pool = np.flatnonzero(np.isnat(m.people.death) & (age >= 60) & ~official_households(ctx)
                          & (m.people.account >= 0))
    dead = rng.choice(pool, size=min(len(pool), 4 * k), replace=False)
    m.people.death[dead] = START + rng.integers(100, 560, size=len(dead)).astype("timedelta64[D]")
    ctx.state["plant_dead"] = dead
    ctx.state["plant_retirees"] = ret[:k]
    ctx.state["decoy_retirees"] = ret[k:]
    # officials with adult relatives, by area
    with_rel = {a: [int(i) for i in ctx.officials_of(a) if adult_relatives(ctx, int(i))]
                for a in ("local_finance", "local_tax", "welfare")}
    ctx.state["officials_with_relatives"] = with_rel
    # businesses owned by the relative of an approving official (or the official) -> FIN-CONTRACT
    pick = Picker(ctx, rng)
    biz = m.businesses
    pool = np.flatnonzero(np.isin(biz.category, VENDOR_CATEGORIES))
    related, namesakes = [], []
    fin = with_rel["local_finance"] or [int(i) for i in ctx.officials_of("local_finance")]
    for i in range(k):
        off = fin[i % len(fin)]
        rels = adult_relatives(ctx, off)
        if i % 3 == 2 or not rels:
            owner, relation = int(o.person[off]), "self"
        else:
            owner, relation = rels[i % len(rels)]
        b = pick.take("business", pool)
        biz.owner[b] = owner
        related.append((off, b, owner, relation))
    ctx.state["related_businesses"] = related
    # namesakes: a stranger who bears a relative's name (decoys for name-only matching)
    adults = clean_adults(ctx)
    for off, _b, owner, _rel in related:
        stranger = pick.take("person", adults)
        m.people.name[stranger] = m.people.name[owner]
        b2 = pick.take("business", pool)
        biz.owner[b2] = stranger
        namesakes.append((off, stranger, owner, b2))
    ctx.state["namesakes"] = namesakes
    ctx.state.pop("clean_adults", None)
    ctx.state.pop("clean_biz", None)
    ctx.state.pop("official_hh", None)
