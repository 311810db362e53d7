"""Background of land and buildings: the land register and transfers (real_estate), the building register,
permits, use approvals and illegal buildings (construction), and the taxes and duties they lead to, all
imposed in time (acquisition tax within 60 days, fines for late registration, development charges)."""

from __future__ import annotations

import numpy as np

from generator.common import (
    USE_CODES,
    amt,
    area_str,
    clean_adults,
    clean_businesses,
    d,
    days_in_window,
    offset,
    pick,
    write_chunks,
)
from generator.context import Ctx
from generator.population import NAT
from generator.timeline import END, START

M2_PER_PYEONG = 3.3058


def area_as_written(area: np.ndarray, rng: np.random.Generator, share: float = 0.08) -> np.ndarray:
    """Areas in m2 as the systems write them: a share in 평 (1 평 = 3.3058 m2), as older registers do."""
    m2 = area_str(area)
    if len(m2) == 0:
        return m2
    pyeong = np.char.add(np.char.mod("%.1f", np.asarray(area, dtype=float) / M2_PER_PYEONG), "평")
    return np.where(rng.random(len(m2)) < share, pyeong, m2)


def land_register(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/parcels")
    p = m.parcels
    t = ctx.t("real_estate", "parcels")
    write_chunks(t, {"pnu": p.pnu, "address": p.address, "land_type": p.land_type, "area_m2": area_str(p.area),
                     "public": np.where(p.owner_kind == 2, np.where(rng.random(p.n) < 0.1, "Y", "true"),
                                        np.where(rng.random(p.n) < 0.1, "N", "false"))})
    ctx.objects.parcel("real_estate", np.arange(p.n))


def building_register(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/buildings")
    b = m.buildings
    t = ctx.t("construction", "buildings")
    use = np.vectorize(USE_CODES.get, otypes=[str])(b.use) if b.n else b.use
    write_chunks(t, {"building_no": b.building_no, "pnu": m.parcels.pnu[b.parcel],
                     "address": m.parcels.address[b.parcel], "floor_area_m2": area_as_written(b.floor_area, rng),
                     "use": use,
                     "illegal": np.full(b.n, "false")})
    ctx.objects.building("construction", np.arange(b.n))
    ctx.objects.parcel("construction", b.parcel)
    ctx.state["building_of_parcel"] = _building_of_parcel(ctx)


def _building_of_parcel(ctx: Ctx) -> np.ndarray:
    out = np.full(ctx.m.parcels.n, -1)
    out[ctx.m.buildings.parcel] = np.arange(ctx.m.buildings.n)
    return out


def acquisition_rows(ctx: Ctx, rng: np.random.Generator, taxpayer_kind: np.ndarray, taxpayer: np.ndarray,
                     parcel: np.ndarray, building: np.ndarray, base: np.ndarray, day: np.ndarray,
                     heavy: np.ndarray) -> np.ndarray:
    """Write acquisition-tax assessments; returns their keys."""
    m = ctx.m
    t = ctx.t("local_tax", "assessments")
    n = len(parcel)
    keys = t.keys(n)
    rate = np.where(heavy, 0.08, 0.028)
    tax = (base * rate).astype(np.int64) // 10 * 10
    has_b = building >= 0
    approver = pick(rng, ctx.officials_of("local_tax"), n)
    write_chunks(t, {
        "assessment_no": keys, "taxpayer_no": ctx.p("local_tax").keys(taxpayer_kind, taxpayer),
        "tax_type": np.where(rng.random(n) < 0.1, "취득세", "acquisition"),
        "rate_class": np.where(heavy, np.where(rng.random(n) < 0.2, "중과", "heavy"), "normal"),
        "tax_base": amt(base, rng), "tax_amount": amt(tax, rng), "assessed_on": d(ctx, "local_tax", day, rng),
        "period": np.datetime_as_string(day.astype("datetime64[M]")),
        "pnu": m.parcels.pnu[parcel], "building_no": np.where(has_b, m.buildings.building_no[np.maximum(building, 0)],
                                                               ""),
        "object_address": m.parcels.address[parcel], "approved_by": ctx.emp(approver)})
    ctx.objects.parcel("local_tax", parcel)
    ctx.objects.building("local_tax", building[has_b])
    return keys


def duty_rows(ctx: Ctx, rng: np.random.Generator, duty_type: str, payer_kind: np.ndarray, payer: np.ndarray,
              amount: np.ndarray, day: np.ndarray, ref: np.ndarray, parcel: np.ndarray,
              building: np.ndarray | None = None) -> np.ndarray:
    """Write duty assessments (fees, fines, charges); returns their keys."""
    m = ctx.m
    t = ctx.t("local_duties", "assessments")
    n = len(payer)
    keys = t.keys(n)
    building = np.full(n, -1) if building is None else building
    has_p, has_b = parcel >= 0, building >= 0
    write_chunks(t, {
        "assessment_no": keys, "payer_no": ctx.p("local_duties").keys(payer_kind, payer), "duty_type": np.full(n,
                                                                                                           duty_type),
        "amount": amt(amount, rng), "assessed_on": d(ctx, "local_duties", day, rng),
        "period": np.datetime_as_string(day.astype("datetime64[Y]")), "permit_no": ref,
        "pnu": np.where(has_p, m.parcels.pnu[np.maximum(parcel, 0)], ""),
        "building_no": np.where(has_b, m.buildings.building_no[np.maximum(building, 0)], ""),
        "object_address": np.where(has_p, m.parcels.address[np.maximum(parcel, 0)], ""),
        "approved_by": ctx.emp(pick(rng, ctx.officials_of("local_duties"), n))})
    ctx.objects.parcel("local_duties", parcel[has_p])
    ctx.objects.building("local_duties", building[has_b])
    return keys


def transfers(ctx: Ctx) -> None:
    """About 4% of private parcels change hands a year; the buyer is the current owner."""
    m, rng = ctx.m, ctx.rng("bg/transfers")
    p = m.parcels
    bop = ctx.state["building_of_parcel"]
    new_bld = np.zeros(p.n, dtype=bool)
    new_bld[m.buildings.parcel[m.buildings.approved >= START]] = True
    cand = np.flatnonzero((p.owner_kind != 2) & ~new_bld & _clean_owner(ctx))
    n = int(len(cand) * 0.08)
    parcel = np.sort(rng.choice(cand, size=n, replace=False))
    registered = days_in_window(rng, n, margin_end=75)
    late = rng.random(n) < 0.03
    final = registered - np.where(late, rng.integers(61, 200, size=n), rng.integers(1, 56, size=n)).astype(
        "timedelta64[D]")
    contract = final - rng.integers(20, 60, size=n).astype("timedelta64[D]")
    building = bop[parcel]
    base_price = p.area[parcel] * rng.integers(800_000, 3_000_000, size=n)
    price = (base_price + np.where(building >= 0, m.buildings.value[np.maximum(building, 0)], 0)).astype(
        np.int64) // 100_000 * 100_000
    seller = pick(rng, clean_adults(ctx), n)
    seller_kind = np.zeros(n, dtype=np.int64)
    buyer_kind, buyer = p.owner_kind[parcel], p.owner[parcel]
    t = ctx.t("real_estate", "transfers")
    keys = t.keys(n)
    rp = ctx.p("real_estate")
    has_b = building >= 0
    write_chunks(t, {
        "transfer_no": keys, "pnu": p.pnu[parcel],
        "building_no": np.where(has_b, m.buildings.building_no[np.maximum(building, 0)], ""),
        "seller_no": rp.keys(seller_kind, seller), "buyer_no": rp.keys(buyer_kind, buyer),
        "contract_date": d(ctx, "real_estate", contract, rng), "final_payment_date": d(ctx, "real_estate", final, rng),
        "registered_on": d(ctx, "real_estate", registered, rng), "price": amt(price, rng)})
    ctx.objects.building("real_estate", building[has_b])
    ctx.state["transfers"] = dict(parcel=parcel, building=building, buyer_kind=buyer_kind, buyer=buyer,
                                  seller=seller, registered=registered, keys=keys, price=price)
    # acquisition tax within 60 days of registration (heavy on entertainment-bar buildings: see permits)
    heavy = np.isin(building, ctx.state.get("bar_buildings", np.array([], dtype=np.int64))) & has_b
    tax_day = offset(registered, rng, 5, 55)
    acquisition_rows(ctx, rng, buyer_kind, buyer, parcel, building, price, tax_day, heavy)
    # late registrations are fined
    fine = (price[late] * 0.01).astype(np.int64) // 1000 * 1000
    duty_rows(ctx, rng, "late_registration_fine", buyer_kind[late], buyer[late], np.minimum(fine, 5_000_000),
              offset(registered[late], rng, 10, 50), keys[late], parcel[late], building[late])


def _clean_owner(ctx: Ctx) -> np.ndarray:
    """Parcels whose owner is outside officials' households (so background stays clear of scenarios)."""
    m = ctx.m
    p = m.parcels
    ok = np.ones(p.n, dtype=bool)
    person = p.owner_kind == 0
    from generator.common import official_households
    oh = official_households(ctx)
    ok[person] = ~oh[p.owner[person]]
    biz = p.owner_kind == 1
    ok[biz] = ~oh[m.businesses.owner[p.owner[biz]]]
    return ok


def construction(ctx: Ctx) -> None:
    """Permits and use approvals of the new buildings, illegal buildings; acquisition tax and charges."""
    m, rng = ctx.m, ctx.rng("bg/construction")
    b = m.buildings
    cp = ctx.p("construction")
    new = np.flatnonzero(b.approved >= START)
    new = new[_clean_owner(ctx)[b.parcel[new]]]
    n = len(new)
    owner_keys = cp.keys(b.owner_kind[new], b.owner[new])
    permitted = b.approved[new] - rng.integers(180, 720, size=n).astype("timedelta64[D]")
    development = rng.random(n) < 0.3
    t = ctx.t("construction", "permits")
    pkeys = t.keys(n)
    write_chunks(t, {"permit_no": pkeys, "building_no": b.building_no[new], "owner_no": owner_keys,
                     "pnu": m.parcels.pnu[b.parcel[new]],
                     "purpose": np.where(development, "development", "new_build"),
                     "floor_area_m2": area_str(b.floor_area[new]),
                     "permitted_on": d(ctx, "construction", permitted, rng)})
    # development charges follow the permit (only for permits inside the window, 30..90 days later)
    dev = development & (permitted >= START) & (permitted + np.timedelta64(90, "D") <= END)
    charge = (b.value[new[dev]] * 0.05).astype(np.int64) // 1000 * 1000
    duty_rows(ctx, rng, "development_charge", b.owner_kind[new[dev]], b.owner[new[dev]], charge,
              offset(permitted[dev], rng, 30, 90), pkeys[dev], b.parcel[new[dev]], new[dev])
    # extension permits inside the window for other buildings (no charge: not development)
    ext = rng.choice(np.flatnonzero(b.approved < START), size=min(n, int(np.sum(b.approved < START))),
                     replace=False)
    ext = ext[_clean_owner(ctx)[b.parcel[ext]]]
    write_chunks(t, {"permit_no": t.keys(len(ext)), "building_no": b.building_no[ext],
                     "owner_no": cp.keys(b.owner_kind[ext], b.owner[ext]), "pnu": m.parcels.pnu[b.parcel[ext]],
                     "purpose": np.full(len(ext), "extension"), "floor_area_m2": area_str(b.floor_area[ext] * 0.2),
                     "permitted_on": d(ctx, "construction", days_in_window(rng, len(ext)), rng)})
    # use approvals and their acquisition tax within 60 days
    ua = ctx.t("construction", "use_approvals")
    ukeys = ua.keys(n)
    write_chunks(ua, {"approval_no": ukeys, "building_no": b.building_no[new], "owner_no": owner_keys,
                      "approved_on": d(ctx, "construction", b.approved[new], rng),
                      "floor_area_m2": area_str(b.floor_area[new]), "value": amt(b.value[new], rng)})
    bars = ctx.state.get("bar_buildings", np.array([], dtype=np.int64))
    acquisition_rows(ctx, rng, b.owner_kind[new], b.owner[new], b.parcel[new], new, b.value[new],
                     offset(b.approved[new], rng, 10, 55), np.isin(new, bars))
    ctx.state["new_buildings"] = new
    # illegal buildings found in the window, each taxed within 60 days
    old = np.flatnonzero((b.approved < START) & _clean_owner(ctx)[b.parcel])
    k = min(len(old), max(3, m.people.n // 2500))
    ill = np.sort(rng.choice(old, size=k, replace=False))
    found = days_in_window(rng, k, margin_end=75)
    area = np.round(b.floor_area[ill] * rng.uniform(0.1, 0.4, size=k), 1)
    value = (area * 1_200_000).astype(np.int64) // 1000 * 1000
    it = ctx.t("construction", "illegal_buildings")
    write_chunks(it, {"case_no": it.keys(k), "building_no": b.building_no[ill],
                      "owner_no": cp.keys(b.owner_kind[ill], b.owner[ill]), "pnu": m.parcels.pnu[b.parcel[ill]],
                      "found_on": d(ctx, "construction", found, rng), "area_m2": area_str(area),
                      "value": amt(value, rng)})
    acquisition_rows(ctx, rng, b.owner_kind[ill], b.owner[ill], b.parcel[ill], ill, value,
                     offset(found, rng, 10, 55), np.isin(ill, bars))
    ctx.objects.parcel("construction", b.parcel[np.concatenate([new, ext, ill])])


def disposals(ctx: Ctx) -> None:
    """The government sells some public land; the buyer pays acquisition tax within 60 days."""
    m, rng = ctx.m, ctx.rng("bg/disposals")
    p = m.parcels
    cand = np.flatnonzero((p.owner_kind == 2) & np.isin(p.land_type, ["대", "잡종지"]))
    k = min(len(cand) // 2, max(3, m.people.n // 4000))
    parcel = np.sort(rng.choice(cand, size=k, replace=False))
    ctx.state["sold_public"] = parcel
    buyer_kind = (rng.random(k) < 0.3).astype(np.int64)
    buyer = np.where(buyer_kind == 0, pick(rng, clean_adults(ctx), k), pick(rng, clean_businesses(ctx), k))
    day = days_in_window(rng, k, margin_end=75)
    price = (p.area[parcel] * rng.integers(1_000_000, 2_500_000, size=k)).astype(np.int64) // 100_000 * 100_000
    t = ctx.t("local_finance", "disposals")
    write_chunks(t, {"disposal_no": t.keys(k), "pnu": p.pnu[parcel],
                     "buyer_no": ctx.p("local_finance").keys(buyer_kind, buyer), "amount": amt(price, rng),
                     "disposed_on": d(ctx, "local_finance", day, rng), "address": p.address[parcel],
                     "area_m2": area_str(p.area[parcel]),
                     "approved_by": ctx.emp(pick(rng, ctx.officials_of("local_finance"), k))})
    ctx.objects.parcel("local_finance", parcel)
    acquisition_rows(ctx, rng, buyer_kind, buyer, parcel, np.full(k, -1), price, offset(day, rng, 10, 55),
                     np.zeros(k, dtype=bool))


def realname(ctx: Ctx) -> None:
    """Real-name law violations, each with its penalty (real_name_penalty) within 90 days."""
    m, rng = ctx.m, ctx.rng("bg/realname")
    p = m.parcels
    cand = np.flatnonzero((p.owner_kind == 0) & _clean_owner(ctx))
    k = min(len(cand), max(2, m.people.n // 10000))
    parcel = np.sort(rng.choice(cand, size=k, replace=False))
    found = days_in_window(rng, k, margin_end=100)
    value = (p.area[parcel] * 1_500_000).astype(np.int64) // 1000 * 1000
    penalty = value * 3 // 100
    t = ctx.t("real_estate", "realname_violations")
    keys = t.keys(k)
    write_chunks(t, {"violation_no": keys, "pnu": p.pnu[parcel],
                     "violator_no": ctx.p("real_estate").person(p.owner[parcel]),
                     "found_on": d(ctx, "real_estate", found, rng), "value": amt(value, rng),
                     "penalty": amt(penalty, rng)})
    duty_rows(ctx, rng, "real_name_penalty", np.zeros(k, dtype=np.int64), p.owner[parcel], penalty,
              offset(found, rng, 15, 85), keys, parcel)


def property_tax(ctx: Ctx) -> None:
    """Property tax every year on private parcels (September) and buildings (July) to their owner."""
    m, rng = ctx.m, ctx.rng("bg/property_tax")
    p, b = m.parcels, m.buildings
    tr = ctx.state["transfers"]
    prev_kind = np.full(p.n, -1)
    prev = np.full(p.n, -1)
    regd = np.full(p.n, NAT)
    prev_kind[tr["parcel"]] = 0
    prev[tr["parcel"]] = tr["seller"]
    regd[tr["parcel"]] = tr["registered"]
    private = np.flatnonzero(p.owner_kind != 2)
    for year in (2024, 2025):
        basis = np.datetime64(f"{year}-06-01")
        for kind in ("land", "building"):
            if kind == "land":
                parcel = private
                building = np.full(len(parcel), -1)
                base = (p.area[parcel] * 600_000).astype(np.int64)
                day = np.datetime64(f"{year}-09-10")
            else:
                building = np.flatnonzero(b.approved < basis)
                parcel = b.parcel[building]
                base = b.value[building]
                day = np.datetime64(f"{year}-07-10")
            sold_after = ~np.isnat(regd[parcel]) & (regd[parcel] > basis)
            tk = np.where(sold_after, prev_kind[parcel], p.owner_kind[parcel])
            tp = np.where(sold_after, prev[parcel], p.owner[parcel])
            n = len(parcel)
            t = ctx.t("local_tax", "assessments")
            tax = (base * 0.0025).astype(np.int64) // 10 * 10
            has_b = building >= 0
            for s in range(0, n, 200_000):
                sl = slice(s, s + 200_000)
                k = len(parcel[sl])
                write_chunks(t, {
                    "assessment_no": t.keys(k), "taxpayer_no": ctx.p("local_tax").keys(tk[sl], tp[sl]),
                    "tax_type": np.where(rng.random(k) < 0.05, "재산세", "property"),
                    "rate_class": np.full(k, "normal"), "tax_base": amt(base[sl], rng),
                    "tax_amount": amt(tax[sl], rng), "assessed_on": d(ctx, "local_tax", np.full(k, day), rng),
                    "period": np.full(k, str(year)), "pnu": p.pnu[parcel[sl]],
                    "building_no": np.where(has_b[sl], b.building_no[np.maximum(building[sl], 0)], ""),
                    "object_address": p.address[parcel[sl]], "approved_by": np.full(k, "")})
            ctx.objects.parcel("local_tax", parcel)
            ctx.objects.building("local_tax", building[has_b])
