"""Planted cases and decoys of land, buildings, permits and their taxes and duties (the omission
scenarios of local_tax, local_duties and real_estate). See docs/generator.md for each one."""

from __future__ import annotations

import numpy as np

from generator.bg_permits import WORKPLACE_MIN
from generator.bg_property import acquisition_rows, duty_rows
from generator.common import area_str, d
from generator.context import Ctx
from generator.plant_base import Picker, ek
from generator.timeline import END, START

A = np.array


def _one(v: object) -> np.ndarray:
    return A([v])


def _old_building(ctx: Ctx, pick: Picker) -> int:
    m = ctx.m
    if "plant_buildings" not in ctx.state:
        b = m.buildings
        sold = np.zeros(m.parcels.n, dtype=bool)
        sold[ctx.state["transfers"]["parcel"]] = True
        ok = (b.approved < START) & ~sold[b.parcel] & (b.owner_kind != 2)
        ok &= ~np.isin(np.arange(b.n), ctx.state.get("bar_buildings", A([], dtype=np.int64)))
        ctx.state["plant_buildings"] = np.flatnonzero(ok)
    return pick.take("building", ctx.state["plant_buildings"])  # type: ignore[arg-type]


def _acq(ctx: Ctx, rng: np.random.Generator, kind: int, who: int, parcel: int, building: int, base: int,
         day: np.datetime64, heavy: bool = False) -> str:
    return str(acquisition_rows(ctx, rng, _one(kind), _one(who), _one(parcel), _one(building), _one(base),
                                A([day], dtype="datetime64[D]"), _one(heavy))[0])


def use_approval(ctx: Ctx, pick: Picker, rng: np.random.Generator, taxed_after: int | None,
                 day: np.datetime64 | None = None) -> tuple[str, str, str | None]:
    m = ctx.m
    b = _old_building(ctx, pick)
    bl = m.buildings
    day = day if day is not None else pick.day(10, 120)
    owner = ctx.p("construction").key(int(bl.owner_kind[b]), int(bl.owner[b]))
    t = ctx.t("construction", "use_approvals")
    key = str(t.keys(1)[0])
    t.write({"approval_no": [key], "building_no": [bl.building_no[b]], "owner_no": [owner],
             "approved_on": d(ctx, "construction", _one(day), rng), "floor_area_m2": area_str(_one(bl.floor_area[b])),
             "value": [str(bl.value[b])]})
    tax = None
    if taxed_after is not None:
        tax = _acq(ctx, rng, int(bl.owner_kind[b]), int(bl.owner[b]), int(bl.parcel[b]), b, int(bl.value[b]),
                   day + np.timedelta64(taxed_after, "D"))
    return key, str(bl.building_no[b]), tax


def plant_use_approval(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    for _ in range(k):
        key, bno, _ = use_approval(ctx, pick, rng, None)
        ctx.ex.plant("TAX-ACQ-USE-APPROVAL", [ek("construction", key), ek("construction", bno)])
        key, bno, tax = use_approval(ctx, pick, rng, 58)
        ctx.ex.decoy("TAX-ACQ-USE-APPROVAL", [ek("construction", key), ek("local_tax", tax)],
                     "acquisition tax imposed 58 days after the use approval (within 60)")
    key, bno, _ = use_approval(ctx, pick, rng, None, END - np.timedelta64(20, "D"))
    ctx.ex.decoy("TAX-ACQ-USE-APPROVAL", [ek("construction", key)],
                 "use approval 20 days before the extract ends: the 60 days to impose have not run out")
    key, bno, _ = use_approval(ctx, pick, rng, None, END - np.timedelta64(60, "D"))
    ctx.ex.decoy("TAX-ACQ-USE-APPROVAL", [ek("construction", key)],
                 "use approval exactly 60 days before the extract ends: the last day to impose")


def disposal(ctx: Ctx, pick: Picker, rng: np.random.Generator, taxed_after: int | None) -> tuple[str, str | None]:
    m = ctx.m
    p = m.parcels
    if "plant_public" not in ctx.state:
        sold = ctx.state.get("sold_public", A([], dtype=np.int64))
        ctx.state["plant_public"] = np.flatnonzero((p.owner_kind == 2) & np.isin(p.land_type, ["대", "잡종지"])
                                                   & ~np.isin(np.arange(p.n), sold))
    parcel = pick.take("parcel", ctx.state["plant_public"])  # type: ignore[arg-type]
    kind = int(rng.random() < 0.3)
    who = pick.business() if kind else pick.adult()
    day = pick.day(10, 120)
    price = int(p.area[parcel] * 1_800_000) // 100_000 * 100_000
    t = ctx.t("local_finance", "disposals")
    key = str(t.keys(1)[0])
    t.write({"disposal_no": [key], "pnu": [p.pnu[parcel]], "buyer_no": [ctx.p("local_finance").key(kind, who)],
             "amount": [str(price)], "disposed_on": d(ctx, "local_finance", _one(day), rng),
             "address": [p.address[parcel]], "area_m2": area_str(_one(p.area[parcel])),
             "approved_by": ctx.emp(int(ctx.officials_of("local_finance")[0]))})
    ctx.objects.parcel("local_finance", parcel)
    tax = None
    if taxed_after is not None:
        tax = _acq(ctx, rng, kind, who, parcel, -1, price, day + np.timedelta64(taxed_after, "D"))
    return key, tax


def plant_public_land(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    for _ in range(k):
        key, _ = disposal(ctx, pick, rng, None)
        ctx.ex.plant("TAX-ACQ-PUBLIC-LAND", [ek("local_finance", key)])
        key, tax = disposal(ctx, pick, rng, 59)
        ctx.ex.decoy("TAX-ACQ-PUBLIC-LAND", [ek("local_finance", key), ek("local_tax", tax)],
                     "public land sold, acquisition tax imposed 59 days later")


def illegal(ctx: Ctx, pick: Picker, rng: np.random.Generator, taxed_after: int | None,
            day: np.datetime64 | None = None) -> tuple[str, str | None]:
    m = ctx.m
    bl = m.buildings
    b = _old_building(ctx, pick)
    day = day if day is not None else pick.day(10, 120)
    area = round(float(bl.floor_area[b]) * 0.3, 1)
    value = int(area * 1_200_000) // 1000 * 1000
    t = ctx.t("construction", "illegal_buildings")
    key = str(t.keys(1)[0])
    t.write({"case_no": [key], "building_no": [bl.building_no[b]],
             "owner_no": [ctx.p("construction").key(int(bl.owner_kind[b]), int(bl.owner[b]))],
             "pnu": [m.parcels.pnu[bl.parcel[b]]], "found_on": d(ctx, "construction", _one(day), rng),
             "area_m2": [f"{area:.1f}"], "value": [f"{value:,}"]})
    ctx.objects.parcel("construction", bl.parcel[b])
    tax = None
    if taxed_after is not None:
        tax = _acq(ctx, rng, int(bl.owner_kind[b]), int(bl.owner[b]), int(bl.parcel[b]), b, value,
                   day + np.timedelta64(taxed_after, "D"))
    return key, tax


def plant_illegal(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    for _ in range(k):
        key, _ = illegal(ctx, pick, rng, None)
        ctx.ex.plant("TAX-ACQ-ILLEGAL-BUILDING", [ek("construction", key)])
        key, tax = illegal(ctx, pick, rng, 45)
        ctx.ex.decoy("TAX-ACQ-ILLEGAL-BUILDING", [ek("construction", key), ek("local_tax", tax)],
                     "illegal building taxed 45 days after it was found")
    key, _ = illegal(ctx, pick, rng, None, END - np.timedelta64(15, "D"))
    ctx.ex.decoy("TAX-ACQ-ILLEGAL-BUILDING", [ek("construction", key)],
                 "found 15 days before the extract ends: still within the 60 days to impose")
    key, _ = illegal(ctx, pick, rng, None, END - np.timedelta64(60, "D"))
    ctx.ex.decoy("TAX-ACQ-ILLEGAL-BUILDING", [ek("construction", key)],
                 "found exactly 60 days before the extract ends: the last day to impose")


def licence(ctx: Ctx, rng: np.random.Generator, business: int, building: int, ltype: str, day: np.datetime64,
            area: float | str | None) -> str:
    """A licence row; `area` in m2, or as written (`105평`), or None for a licence without a floor area."""
    m = ctx.m
    parcel = int(m.buildings.parcel[building])
    t = ctx.t("saeol", "licenses")
    key = str(t.keys(1)[0])
    shown = "" if area is None else area if isinstance(area, str) else f"{area:.1f}"
    t.write({"license_no": [key], "holder_no": [ctx.p("saeol").key(1, business)], "license_type": [ltype],
             "business_name": [m.businesses.name[business]], "licensed_on": d(ctx, "saeol", _one(day), rng),
             "status": ["active"], "pnu": [m.parcels.pnu[parcel]], "building_no": [m.buildings.building_no[building]],
             "address": [m.parcels.address[parcel]], "floor_area_m2": [shown]})
    ctx.objects.parcel("saeol", parcel)
    ctx.objects.building("saeol", building)
    return key


def transfer(ctx: Ctx, pick: Picker, rng: np.random.Generator, building: int, reg: np.datetime64,
             gap: int) -> tuple[str, int, int, int]:
    """A transfer of the building's parcel to its owner; `gap` days from final payment to registration."""
    m = ctx.m
    bl = m.buildings
    parcel = int(bl.parcel[building])
    kind, buyer = int(bl.owner_kind[building]), int(bl.owner[building])
    seller = pick.adult()
    final = reg - np.timedelta64(gap, "D")
    price = int(bl.value[building] + m.parcels.area[parcel] * 1_500_000) // 100_000 * 100_000
    rp = ctx.p("real_estate")
    t = ctx.t("real_estate", "transfers")
    key = str(t.keys(1)[0])
    t.write({"transfer_no": [key], "pnu": [m.parcels.pnu[parcel]], "building_no": [bl.building_no[building]],
             "seller_no": [rp.key(0, seller)], "buyer_no": [rp.key(kind, buyer)],
             "contract_date": d(ctx, "real_estate", _one(final - np.timedelta64(30, "D")), rng),
             "final_payment_date": d(ctx, "real_estate", _one(final), rng),
             "registered_on": d(ctx, "real_estate", _one(reg), rng), "price": [str(price)]})
    ctx.objects.building("real_estate", building)
    return key, kind, buyer, price


def plant_heavy_bar(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    for i in range(k + k):
        b = _old_building(ctx, pick)
        biz = pick.business()
        reg = pick.day(120, 90)
        key, kind, buyer, price = transfer(ctx, pick, rng, b, reg, 20)
        tax = _acq(ctx, rng, kind, buyer, int(m.buildings.parcel[b]), b, price, reg + np.timedelta64(30, "D"))
        if i < k:
            lic = licence(ctx, rng, biz, b, "entertainment_bar", START - np.timedelta64(300, "D"), 180.0)
            ctx.ex.plant("TAX-ACQ-HEAVY-BAR", [ek("local_tax", tax), ek("saeol", lic), ek("real_estate", key)])
        else:
            lic = licence(ctx, rng, biz, b, "entertainment_bar", reg + np.timedelta64(200, "D"), 180.0)
            ctx.ex.decoy("TAX-ACQ-HEAVY-BAR", [ek("local_tax", tax), ek("saeol", lic)],
                         "entertainment bar licensed 200 days after the acquisition: normal rate was right")


def _resident_property(ctx: Ctx, business: int, building: int, area: float) -> list[str]:
    """The property portion of both years, assessed to the business at the building."""
    m = ctx.m
    t = ctx.t("local_tax", "assessments")
    parcel = int(m.buildings.parcel[building])
    keys = []
    for year in (2024, 2025):
        key = str(t.keys(1)[0])
        keys.append(key)
        t.write({"assessment_no": [key], "taxpayer_no": [ctx.p("local_tax").key(1, business)],
                 "tax_type": ["resident_property"], "rate_class": ["normal"],
                 "tax_amount": [str(int(area * 250))], "assessed_on": [f"{year}0731"], "period": [str(year)],
                 "pnu": [m.parcels.pnu[parcel]], "building_no": [m.buildings.building_no[building]],
                 "object_address": [m.parcels.address[parcel]]})
    ctx.objects.parcel("local_tax", parcel)
    ctx.objects.building("local_tax", building)
    return keys


def _vacant_building(ctx: Ctx, pick: Picker, min_area: float) -> int:
    """A building of at least `min_area` m2 that no business sits in and no licence is on (so that the
    planted licensee is its only one)."""
    if "vacant_big" not in ctx.state:
        bl = ctx.m.buildings
        taken = np.zeros(bl.n, dtype=bool)
        taken[ctx.state["licences"]["building"]] = True
        taken[ctx.m.businesses.building] = True
        big = bl.floor_area >= min_area
        pool = np.flatnonzero(~taken & big)
        ctx.state["vacant_big"] = pool if len(pool) else np.flatnonzero(big)
    return pick.take("building", ctx.state["vacant_big"])  # type: ignore[arg-type]


def plant_workplace(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    """Workplaces of 330 m2 or more without the property portion, in four shapes (area in m2, area in 평,
    one of several tenants of a building whose neighbour is assessed, no area on the licence but the only
    licensee of a large building), beside the look-alikes an auditor dismisses."""
    m = ctx.m
    categories = ("manufacturing", "services", "supplies", "construction")

    def old_day() -> np.datetime64:
        return START - np.timedelta64(200 + int(rng.integers(0, 900)), "D")

    for i in range(k):
        biz = pick.business(categories)
        b = int(m.businesses.building[biz])
        shape = i % 4
        if shape == 0:
            lic = licence(ctx, rng, biz, b, "hospital" if i % 2 else "general_restaurant", old_day(),
                          WORKPLACE_MIN + 20 + float(rng.integers(0, 500)))
            ctx.ex.plant("TAX-RES-PROPERTY-330", [ek("saeol", lic)])
        elif shape == 1:
            lic = licence(ctx, rng, biz, b, "hospital", old_day(), f"{105 + int(rng.integers(0, 120))}평")
            ctx.ex.plant("TAX-RES-PROPERTY-330", [ek("saeol", lic)])
        elif shape == 2:
            lic = licence(ctx, rng, biz, b, "general_restaurant", old_day(), 360.0 + float(rng.integers(0, 300)))
            ctx.ex.plant("TAX-RES-PROPERTY-330", [ek("saeol", lic)])
            neighbour = pick.business(categories)
            other = licence(ctx, rng, neighbour, b, "hospital", old_day(), 420.0)
            keys = _resident_property(ctx, neighbour, b, 420.0)
            ctx.ex.decoy("TAX-RES-PROPERTY-330", [ek("saeol", other)] + [ek("local_tax", x) for x in keys],
                         "tenant of a building of several workplaces, its own property portion assessed")
        else:
            vacant = _vacant_building(ctx, pick, WORKPLACE_MIN + 30)
            lic = licence(ctx, rng, biz, vacant, "lodging", old_day(), None)
            ctx.ex.plant("TAX-RES-PROPERTY-330", [ek("saeol", lic), ek("construction", m.buildings.building_no[vacant])])
    looks = [
        (320.0, None, "workplace of 320 m2: below 330, no property portion"),
        (329.5, None, "workplace of 329.5 m2: below 330, no property portion"),
        ("99평", None, "workplace of 99평 (327.27 m2): below 330, no property portion"),
        (600.0, END - np.timedelta64(170 - int(rng.integers(0, 60)), "D"),
         "licensed after 1 July 2025, the last base day that has fallen due: not yet liable"),
    ]
    for area, day, note in looks * max(1, k // 2):
        biz = pick.business(categories)
        lic = licence(ctx, rng, biz, int(m.businesses.building[biz]), "general_restaurant",
                      day if day is not None else old_day(), area)
        ctx.ex.decoy("TAX-RES-PROPERTY-330", [ek("saeol", lic)], note)
    for _ in range(max(1, k // 2)):
        biz = pick.business(categories)
        b = int(m.businesses.building[biz])
        lic = licence(ctx, rng, biz, b, "hospital", old_day(), 335.0)
        keys = _resident_property(ctx, biz, b, 335.0)
        ctx.ex.decoy("TAX-RES-PROPERTY-330", [ek("saeol", lic)] + [ek("local_tax", x) for x in keys],
                     "workplace of 335 m2 with its property portion assessed in both years")
        # a licence without a floor area in a large building of several tenants: the building's area is not its own
        vacant = _vacant_building(ctx, pick, WORKPLACE_MIN + 30)
        first, second = pick.business(categories), pick.business(categories)
        lic = licence(ctx, rng, first, vacant, "retail", old_day(), None)
        licence(ctx, rng, second, vacant, "rest_restaurant", old_day(), 85.0)
        ctx.ex.decoy("TAX-RES-PROPERTY-330", [ek("saeol", lic)],
                     "licence without a floor area in a building of several workplaces: the building's area is "
                     "not the workplace's")


def realname(ctx: Ctx, pick: Picker, rng: np.random.Generator, penalty_after: int | None) -> tuple[str, str | None]:
    m = ctx.m
    p = m.parcels
    person = pick.adult()
    parcel = pick.take("parcel", np.flatnonzero(p.owner_kind == 0))
    day = pick.day(10, 120)
    value = int(p.area[parcel] * 1_500_000) // 1000 * 1000
    t = ctx.t("real_estate", "realname_violations")
    key = str(t.keys(1)[0])
    t.write({"violation_no": [key], "pnu": [p.pnu[parcel]], "violator_no": [ctx.p("real_estate").key(0, person)],
             "found_on": d(ctx, "real_estate", _one(day), rng), "value": [str(value)], "penalty": [str(value * 3 // 100)]})
    duty = None
    if penalty_after is not None:
        duty = str(duty_rows(ctx, rng, "real_name_penalty", _one(0), _one(person), _one(value * 3 // 100),
                             A([day + np.timedelta64(penalty_after, "D")]), _one(key), _one(parcel))[0])
    return key, duty


def plant_realname(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    for _ in range(k):
        key, _ = realname(ctx, pick, rng, None)
        ctx.ex.plant("TAX-ACQ-REALNAME", [ek("real_estate", key)])
        key, duty = realname(ctx, pick, rng, 80)
        ctx.ex.decoy("TAX-ACQ-REALNAME", [ek("real_estate", key), ek("local_duties", duty)],
                     "real-name violation with its penalty imposed 80 days later")


PERMIT_SCENARIOS = {"road": "DUTY-ROAD-OCCUPANCY", "river": "DUTY-RIVER-OCCUPANCY",
                    "river_surface": "DUTY-RIVER-SURFACE-OCCUPANCY", "public_property": "DUTY-PUBLIC-PROPERTY-OCCUPANCY"}


def permit(ctx: Ctx, pick: Picker, rng: np.random.Generator, ptype: str, fee_after: int | None,
           day: np.datetime64 | None = None, days: int = 729) -> tuple[str, str | None]:
    from generator.bg_permits import PERMIT_DUTY, PERMIT_LAND
    m = ctx.m
    p = m.parcels
    pool = np.flatnonzero((p.owner_kind == 2) & np.isin(p.land_type, PERMIT_LAND[ptype]))
    if len(pool) == 0:
        pool = np.flatnonzero(p.owner_kind == 2)
    parcel = int(pool[int(rng.integers(0, len(pool)))])
    kind = int(rng.random() < 0.4)
    who = pick.business() if kind else pick.adult()
    day = day if day is not None else pick.day(10, 120)
    area = round(float(rng.uniform(10, 200)), 1)
    t = ctx.t("saeol", "occupancy_permits")
    key = str(t.keys(1)[0])
    t.write({"permit_no": [key], "holder_no": [ctx.p("saeol").key(kind, who)], "permit_type": [ptype],
             "permitted_on": d(ctx, "saeol", _one(day), rng),
             "end_date": d(ctx, "saeol", _one(day + np.timedelta64(days, "D")), rng),
             "area_m2": [f"{area:.1f}"], "pnu": [p.pnu[parcel]], "address": [p.address[parcel]]})
    ctx.objects.parcel("saeol", parcel)
    fee = None
    if fee_after is not None:
        fee = str(duty_rows(ctx, rng, PERMIT_DUTY[ptype], _one(kind), _one(who), _one(int(area * 12_000)),
                            A([day + np.timedelta64(fee_after, "D")]), _one(key), _one(parcel))[0])
    return key, fee


def plant_permits(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    for ptype, scenario in PERMIT_SCENARIOS.items():
        for _ in range(k):
            key, _ = permit(ctx, pick, rng, ptype, None)
            ctx.ex.plant(scenario, [ek("saeol", key)])
            key, fee = permit(ctx, pick, rng, ptype, 38)
            ctx.ex.decoy(scenario, [ek("saeol", key), ek("local_duties", fee)], "fee imposed 38 days after the permit")
        key, _ = permit(ctx, pick, rng, ptype, None, END - np.timedelta64(10, "D"))
        ctx.ex.decoy(scenario, [ek("saeol", key)], "permit granted 10 days before the extract ends: fee not yet due")
        key, _ = permit(ctx, pick, rng, ptype, None, END - np.timedelta64(60, "D"))
        ctx.ex.decoy(scenario, [ek("saeol", key)], "permit granted exactly 60 days before the extract ends: fee not yet due")
        # ended before the duties extract begins: its fees were charged before what the extract delivers
        key, _ = permit(ctx, pick, rng, ptype, None, START - np.timedelta64(900 + int(rng.integers(0, 200)), "D"),
                        days=700)
        ctx.ex.decoy(scenario, [ek("saeol", key)], "permit that ended before the duties extract begins")
        # began before the duties extract and runs into it: its fee of the window is missing
        key, _ = permit(ctx, pick, rng, ptype, None, START - np.timedelta64(250, "D"), days=600)
        ctx.ex.plant(scenario, [ek("saeol", key)])


def plant_food(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    for i in range(2 * k):
        biz = pick.business(("restaurant", "bar"))
        b = int(m.businesses.building[biz])
        parcel = int(m.buildings.parcel[b])
        day = pick.day(10, 120)
        t = ctx.t("saeol", "violations")
        key = str(t.keys(1)[0])
        t.write({"violation_no": [key], "violator_no": [ctx.p("saeol").key(1, biz)],
                 "violation_type": ["food_sanitation"], "law": ["식품위생법 제44조"],
                 "found_on": d(ctx, "saeol", _one(day), rng), "pnu": [m.parcels.pnu[parcel]],
                 "building_no": [m.buildings.building_no[b]], "address": [m.parcels.address[parcel]]})
        ctx.objects.parcel("saeol", parcel)
        ctx.objects.building("saeol", b)
        if i < k:
            ctx.ex.plant("DUTY-FOOD-SANITATION-FINE", [ek("saeol", key)])
        else:
            fine = duty_rows(ctx, rng, "food_sanitation_fine", _one(1), _one(biz), _one(1_500_000),
                             A([day + np.timedelta64(75, "D")]), _one(key), _one(parcel), _one(b))[0]
            ctx.ex.decoy("DUTY-FOOD-SANITATION-FINE", [ek("saeol", key), ek("local_duties", fine)],
                         "fined late (75 days after the violation) but fined")


def plant_late_registration(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    for i in range(2 * k):
        b = _old_building(ctx, pick)
        reg = pick.day(220, 90)
        gap = int(rng.integers(75, 200)) if i < k else 60 - (i % 3)
        key, kind, buyer, price = transfer(ctx, pick, rng, b, reg, gap)
        _acq(ctx, rng, kind, buyer, int(m.buildings.parcel[b]), b, price, reg + np.timedelta64(25, "D"))
        if i < k:
            ctx.ex.plant("DUTY-LATE-REGISTRATION", [ek("real_estate", key)])
        else:
            ctx.ex.decoy("DUTY-LATE-REGISTRATION", [ek("real_estate", key)],
                         f"registered {gap} days after the final payment (within 60): no fine due")


def plant_development(ctx: Ctx, pick: Picker, rng: np.random.Generator, k: int) -> None:
    m = ctx.m
    bl = m.buildings
    for i in range(2 * k):
        b = _old_building(ctx, pick)
        day = pick.day(10, 120)
        t = ctx.t("construction", "permits")
        key = str(t.keys(1)[0])
        t.write({"permit_no": [key], "building_no": [bl.building_no[b]],
                 "owner_no": [ctx.p("construction").key(int(bl.owner_kind[b]), int(bl.owner[b]))],
                 "pnu": [m.parcels.pnu[bl.parcel[b]]], "purpose": ["development"],
                 "floor_area_m2": [f"{bl.floor_area[b]:.1f}"], "permitted_on": d(ctx, "construction", _one(day), rng)})
        ctx.objects.parcel("construction", bl.parcel[b])
        if i < k:
            ctx.ex.plant("DUTY-DEVELOPMENT-CHARGE", [ek("construction", key)])
        else:
            charge = duty_rows(ctx, rng, "development_charge", _one(bl.owner_kind[b]), _one(bl.owner[b]),
                               _one(int(bl.value[b]) // 20), A([day + np.timedelta64(88, "D")]), _one(key),
                               _one(bl.parcel[b]), _one(b))[0]
            ctx.ex.decoy("DUTY-DEVELOPMENT-CHARGE", [ek("construction", key), ek("local_duties", charge)],
                         "development charge imposed 88 days after the permit")
