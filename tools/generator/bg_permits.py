"""Background of civil affairs: business licences, occupancy permits and violations (saeol), the fees and
fines they lead to (local_duties), resident tax including its property portion (local_tax), arrears."""

from __future__ import annotations

import numpy as np

from generator.bg_property import area_as_written, duty_rows
from generator.common import (
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
from generator.timeline import END, START

LICENSED = {"restaurant": "general_restaurant", "bar": "entertainment_bar", "hospital": "hospital",
            "lodging": "lodging", "retail": "retail"}
HANGUL_LICENSE = {"general_restaurant": "일반음식점", "entertainment_bar": "유흥주점", "hospital": "병원",
                  "lodging": "숙박업", "retail": "소매업", "rest_restaurant": "휴게음식점"}
WORKPLACE_MIN = 330.0


def licences(ctx: Ctx) -> None:
    m, rng = ctx.m, ctx.rng("bg/licences")
    biz = m.businesses
    cand = clean_businesses(ctx)
    cand = cand[np.isin(biz.category[cand], list(LICENSED))]
    cand = cand[(biz.category[cand] != "retail") | (rng.random(len(cand)) < 0.3)]
    n = len(cand)
    ltype = np.vectorize(LICENSED.get, otypes=[str])(biz.category[cand]) if n else np.array([], dtype=str)
    rest = (ltype == "general_restaurant") & (rng.random(n) < 0.3)
    ltype[rest] = "rest_restaurant"
    hangul = np.vectorize(HANGUL_LICENSE.get, otypes=[str])(ltype) if n else ltype
    shown = np.where(rng.random(n) < 0.15, hangul, ltype)
    day = np.where(rng.random(n) < 0.1, days_in_window(rng, n, 60),
                   START - rng.integers(30, 365 * 15, size=n).astype("timedelta64[D]"))
    bar = ltype == "entertainment_bar"
    day[bar] = START - rng.integers(30, 365 * 15, size=int(bar.sum())).astype("timedelta64[D]")
    area = np.round(rng.lognormal(4.5, 0.7, size=n), 1)
    area = np.where(np.abs(area - WORKPLACE_MIN) < 15, area + 40, area)  # keep clear of the threshold
    status = np.where((rng.random(n) < 0.05) & ~bar, "closed", "active")
    building = biz.building[cand]
    parcel = m.buildings.parcel[building]
    t = ctx.t("saeol", "licenses")
    keys = t.keys(n)
    write_chunks(t, {"license_no": keys, "holder_no": ctx.p("saeol").business(cand), "license_type": shown,
                     "business_name": biz.name[cand], "licensed_on": d(ctx, "saeol", day, rng),
                     "status": np.where(rng.random(n) < 0.1, np.where(status == "active", "영업", "폐업"), status),
                     "pnu": m.parcels.pnu[parcel], "building_no": m.buildings.building_no[building],
                     "address": m.parcels.address[parcel], "floor_area_m2": area_as_written(area, rng)})
    ctx.objects.parcel("saeol", parcel)
    ctx.objects.building("saeol", building)
    bars = building[(ltype == "entertainment_bar") & (day < START)]
    ctx.state["bar_buildings"] = np.unique(bars)
    ctx.state["licences"] = dict(business=cand, type=ltype, day=day, area=area, status=status, keys=keys,
                                 building=building)


def resident_tax(ctx: Ctx) -> None:
    """Per-capita resident tax of household heads (August), the business portion of every business and the
    property portion of every licensed workplace of 330 m2 or more (July)."""
    m, rng = ctx.m, ctx.rng("bg/resident_tax")
    heads = m.households.start
    heads = heads[np.isnat(m.people.death[heads]) & ((START - m.people.birth[heads]).astype(int) > 19 * 365)]
    lic = ctx.state["licences"]
    big = (lic["area"] >= WORKPLACE_MIN) & (lic["status"] == "active")
    t = ctx.t("local_tax", "assessments")
    tp = ctx.p("local_tax")
    for year in (2024, 2025):
        n = len(heads)
        write_chunks(t, {"assessment_no": t.keys(n), "taxpayer_no": tp.person(heads),
                         "tax_type": np.where(rng.random(n) < 0.05, "주민세", "resident"),
                         "tax_amount": amt(np.full(n, 10_000), rng),
                         "assessed_on": d(ctx, "local_tax", np.full(n, np.datetime64(f"{year}-08-10")), rng),
                         "period": np.full(n, str(year)), "object_address": m.people.address[heads]})
        biz = clean_businesses(ctx)
        k = len(biz)
        write_chunks(t, {"assessment_no": t.keys(k), "taxpayer_no": tp.business(biz),
                         "tax_type": np.full(k, "resident"), "tax_amount": amt(np.full(k, 62_500), rng),
                         "assessed_on": d(ctx, "local_tax", np.full(k, np.datetime64(f"{year}-08-10")), rng),
                         "period": np.full(k, str(year))})
        sel = np.flatnonzero(big & (lic["day"] <= np.datetime64(f"{year}-07-01")))  # liable on the base day
        k = len(sel)
        b = lic["building"][sel]
        parcel = m.buildings.parcel[b]
        write_chunks(t, {"assessment_no": t.keys(k), "taxpayer_no": tp.business(lic["business"][sel]),
                         "tax_type": np.where(rng.random(k) < 0.1, "주민세재산분", "resident_property"),
                         "rate_class": np.full(k, "normal"),
                         "tax_amount": amt((lic["area"][sel] * 250).astype(np.int64), rng),
                         "assessed_on": d(ctx, "local_tax", np.full(k, np.datetime64(f"{year}-07-31")), rng),
                         "period": np.full(k, str(year)), "pnu": m.parcels.pnu[parcel],
                         "building_no": m.buildings.building_no[b], "object_address": m.parcels.address[parcel]})
        ctx.objects.parcel("local_tax", parcel)
        ctx.objects.building("local_tax", b)


PERMIT_LAND = {"road": ("도로",), "river": ("하천",), "river_surface": ("하천",), "public_property": ("대", "잡종지")}
PERMIT_DUTY = {"road": "road_occupancy", "river": "river_occupancy", "river_surface": "river_surface_occupancy",
               "public_property": "public_property_occupancy"}
HANGUL_PERMIT = {"road": "도로", "river": "하천", "river_surface": "하천수면", "public_property": "공유재산"}


def occupancy(ctx: Ctx) -> None:
    """Occupancy permits of public land; a fee for every calendar year a permit runs in the window."""
    m, rng = ctx.m, ctx.rng("bg/occupancy")
    p = m.parcels
    sold = ctx.state.get("sold_public", np.array([], dtype=np.int64))
    for ptype, lands in PERMIT_LAND.items():
        cand = np.flatnonzero((p.owner_kind == 2) & np.isin(p.land_type, lands) & ~np.isin(np.arange(p.n), sold))
        k = max(2, m.people.n // (1500 if ptype == "road" else 5000))
        if len(cand) == 0:
            continue
        parcel = pick(rng, cand, k)
        kind = (rng.random(k) < 0.4).astype(np.int64)
        holder = np.where(kind == 0, pick(rng, clean_adults(ctx), k), pick(rng, clean_businesses(ctx), k))
        start = np.where(rng.random(k) < 0.6, days_in_window(rng, k, 100),
                         START - rng.integers(30, 300, size=k).astype("timedelta64[D]"))  # all run into the window
        end = start + rng.integers(365, 365 * 3, size=k).astype("timedelta64[D]")
        area = np.round(rng.uniform(5, 300, size=k), 1)
        t = ctx.t("saeol", "occupancy_permits")
        keys = t.keys(k)
        write_chunks(t, {"permit_no": keys, "holder_no": ctx.p("saeol").keys(kind, holder),
                         "permit_type": np.where(rng.random(k) < 0.15, HANGUL_PERMIT[ptype], ptype),
                         "permitted_on": d(ctx, "saeol", start, rng), "end_date": d(ctx, "saeol", end, rng),
                         "area_m2": area_str(area), "pnu": p.pnu[parcel], "address": p.address[parcel]})
        ctx.objects.parcel("saeol", parcel)
        rows = []
        for year in (2024, 2025):
            y0, y1 = np.datetime64(f"{year}-01-01"), np.datetime64(f"{year}-12-31")
            active = (start <= y1) & (end >= y0)
            basis = np.maximum(start, y0)
            due = basis + rng.integers(10, 40, size=k).astype("timedelta64[D]")
            rows.append(np.flatnonzero(active & (due <= END)))
            rows[-1] = (rows[-1], due[rows[-1]])
        for sel, due in rows:
            fee = (area[sel] * 12_000).astype(np.int64) // 10 * 10
            duty_rows(ctx, rng, PERMIT_DUTY[ptype], kind[sel], holder[sel], fee, due, keys[sel], parcel[sel])


def violations(ctx: Ctx) -> None:
    """Food-sanitation violations of restaurants and bars (each fined within 60 days); building and
    advertising violations (no fine in this model)."""
    m, rng = ctx.m, ctx.rng("bg/violations")
    lic = ctx.state["licences"]
    food = np.flatnonzero(np.isin(lic["type"], ["general_restaurant", "rest_restaurant", "entertainment_bar"]))
    k = min(len(food), max(3, int(len(food) * 0.05)))
    sel = np.sort(rng.choice(food, size=k, replace=False))
    found = days_in_window(rng, k, 90)
    biz = lic["business"][sel]
    b = lic["building"][sel]
    parcel = m.buildings.parcel[b]
    t = ctx.t("saeol", "violations")
    keys = t.keys(k)
    write_chunks(t, {"violation_no": keys, "violator_no": ctx.p("saeol").business(biz),
                     "violation_type": np.where(rng.random(k) < 0.2, "식품위생", "food_sanitation"),
                     "law": np.full(k, "식품위생법 제44조"), "found_on": d(ctx, "saeol", found, rng),
                     "license_no": lic["keys"][sel], "pnu": m.parcels.pnu[parcel],
                     "building_no": m.buildings.building_no[b], "address": m.parcels.address[parcel]})
    duty_rows(ctx, rng, "food_sanitation_fine", np.ones(k, dtype=np.int64), biz,
              rng.integers(10, 300, size=k) * 10_000, offset(found, rng, 15, 60), keys, parcel, b)
    # advertising violations (no fine scenario)
    k2 = max(2, k // 2)
    who = pick(rng, clean_businesses(ctx), k2)
    b2 = m.businesses.building[who]
    write_chunks(t, {"violation_no": t.keys(k2), "violator_no": ctx.p("saeol").business(who),
                     "violation_type": np.full(k2, "advertising"), "law": np.full(k2, "옥외광고물법 제3조"),
                     "found_on": d(ctx, "saeol", days_in_window(rng, k2), rng),
                     "building_no": m.buildings.building_no[b2], "address": m.parcels.address[m.buildings.parcel[b2]]})
    ctx.objects.parcel("saeol", parcel)
    ctx.objects.building("saeol", np.concatenate([b, b2]))


def arrears(ctx: Ctx) -> None:
    """Some duty payers fall into arrears; some arrears end in a seizure. Keys reference assessments."""
    rng = ctx.rng("bg/arrears")
    t = ctx.t("local_duties", "arrears")
    n_assess = ctx.t("local_duties", "assessments").next_seq - 1
    dp = ctx.p("local_duties")
    payers = np.concatenate([np.flatnonzero(dp.pmap >= 0), np.flatnonzero(dp.bmap >= 0)])
    kinds = np.concatenate([np.zeros(int((dp.pmap >= 0).sum()), dtype=np.int64),
                            np.ones(int((dp.bmap >= 0).sum()), dtype=np.int64)])
    k = min(len(payers), max(1, n_assess // 20))
    if k == 0:
        return
    sel = rng.choice(len(payers), size=k, replace=False)
    due = days_in_window(rng, k, 30)
    amount = rng.integers(5, 500, size=k) * 10_000
    keys = dp.keys(kinds[sel], payers[sel])
    write_chunks(t, {"arrear_no": t.keys(k), "payer_no": keys, "amount": amt(amount, rng),
                     "due_date": d(ctx, "local_duties", due, rng)})
    s = ctx.t("local_duties", "seizures")
    k2 = max(1, k // 5)
    write_chunks(s, {"seizure_no": s.keys(k2), "payer_no": keys[:k2], "amount": amt(amount[:k2], rng),
                     "seized_on": d(ctx, "local_duties", np.minimum(offset(due[:k2], rng, 30, 120), END), rng),
                     "object": rng.choice(np.array(["부동산", "차량", "예금", "급여"]), size=k2)})
