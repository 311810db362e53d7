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
        if i % 3 == 1:
            # Every record of this vendor names its representative only, and nobody else bears the name:
            # the name is then evidence (FIN-CONTRACT-RELATED-OFFICIAL's name-only branch).
            m.people.name[owner] = _unused_name(m.people.name, str(m.people.name[owner]), rng)
            _name_only(ctx, b)
    ctx.state["related_businesses"] = related
    # namesakes: a stranger who bears a relative's name (decoys for name-only matching); their vendor
    # records name the representative only too, so only the stranger's other records tell them apart
    adults = clean_adults(ctx)
    for off, b, owner, _rel in related:
        if b in ctx.parties["local_finance"].rep_withheld:
            continue
        stranger = pick.take("person", adults)
        m.people.name[stranger] = m.people.name[owner]
        b2 = pick.take("business", pool)
        biz.owner[b2] = stranger
        _name_only(ctx, b2)
        namesakes.append((off, stranger, owner, b2))
    ctx.state["namesakes"] = namesakes
    ctx.state.pop("clean_adults", None)
    ctx.state.pop("clean_biz", None)
    ctx.state.pop("official_hh", None)


def _unused_name(names: np.ndarray, like: str, rng: np.random.Generator) -> str:
    """A name of the same family name that nobody in the population bears (two given syllables)."""
    from generator.names import SYLLABLES
    from loaders.types.hangul import split_name

    taken = set(names.tolist())
    family = split_name(like)[0]
    for _ in range(1000):
        given = "".join(rng.choice(SYLLABLES, size=2))
        if family + given not in taken:
            return family + given
    raise RuntimeError(f"no unused name of the family {family}")


def _name_only(ctx: Ctx, business: int) -> None:
    for parties in ctx.parties.values():
        parties.rep_withheld.add(business)
