"""Look-alikes of the land, building, permit and duty scenarios: graphs an auditor would dismiss (no finding
allowed) beside the hard cases a scenario must still find. Each builder gets a fresh G and returns the
evidence key of the fact in question; `flagged` says whether a finding must carry it or the graph must raise
nothing at all.

The extract ends on 2025-12-31 (G.today); the other system's extract begins where its first fact is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tests.detectors.graphs import G, Ref, d

END = d("2025-12-31")


@dataclass(frozen=True)
class Case:
    sid: str
    name: str
    build: Callable[[G], str]
    flagged: bool


CASES: list[Case] = []


def case(sid: str, name: str, flagged: bool = False) -> Callable[[Callable[[G], str]], Callable[[G], str]]:
    def register(fn: Callable[[G], str]) -> Callable[[G], str]:
        CASES.append(Case(sid, name, fn, flagged))
        return fn
    return register


def _business(g: G, system: str, entity: Ref | None, name: str = "한빛상사") -> Ref:
    rec = g.node("BusinessRecord", system, name=name)
    if entity is not None:
        g.same(rec, entity)
    return rec


def _name(who: str) -> str:
    """Another person bears another name; the same person, or an unresolved record, the party's name; a
    misspelt record of the party (linked to an entity of its own) the party's name with two syllables swapped."""
    return {"other": "김타인", "misspelt": "홍동길"}.get(who, "홍길동")


def _person(g: G, system: str, entity: Ref | None, role: str = "owner") -> Ref:
    return g.person(system, role, entity)


# -- TAX-RES-PROPERTY-330 ----------------------------------------------------------------------------------

Site = tuple[Ref, Ref]  # (the saeol BuildingRecord, its Building)


def _site(g: G, building_area: float | None = None) -> Site:
    """A building as saeol records it, linked to a Building; with its construction record when an area is given."""
    g.today()
    b_ent = g.entity("Building")
    b = g.node("BuildingRecord", "saeol", source_key=g.key("BLD"))
    g.same(b, b_ent)
    if building_area is not None:
        cb = g.node("BuildingRecord", "construction", source_key=b[1]["source_key"], floor_area_m2=building_area)
        g.same(cb, b_ent)
    return b, b_ent


def _licence(g: G, site: Site, holder: Ref, area: float | None = 400.0, licensed: str = "2022-01-01") -> str:
    props = {"floor_area_m2": area} if area is not None else {}
    lic = g.node("License", "saeol", license_type="hospital", status="active", date=d(licensed), **props)
    g.rel("ON_BUILDING", lic, site[0])
    g.rel("HOLDER", lic, _business(g, "saeol", holder))
    return G.k(lic)


def _resident_property(g: G, site: Site, taxpayer: Ref, day: str = "2025-07-31") -> None:
    tb = g.node("BuildingRecord", "local_tax", source_key=g.key("TBLD"))  # another spelling of the number
    g.same(tb, site[1])
    t = g.node("TaxAssessment", "local_tax", tax_type="resident_property", amount=100_000, date=d(day))
    g.rel("ON_BUILDING", t, tb)
    g.rel("TAXPAYER", t, taxpayer)


@case("TAX-RES-PROPERTY-330", "another tenant's assessment is not the holder's", flagged=True)
def res_other_tenant(g: G) -> str:
    site = _site(g)
    key = _licence(g, site, g.entity("Business"), 400.0)
    neighbour = g.entity("Business")
    _licence(g, site, neighbour, 120.0)
    _resident_property(g, site, _business(g, "local_tax", neighbour, "이웃상회"))
    return key


@case("TAX-RES-PROPERTY-330", "no area on the licence: the building's construction record (105평 = 347.11 m2)",
      flagged=True)
def res_area_from_building(g: G) -> str:
    return _licence(g, _site(g, 347.11), g.entity("Business"), None)


@case("TAX-RES-PROPERTY-330", "licensed exactly on the base day of a year that has fallen due", flagged=True)
def res_on_base_day(g: G) -> str:
    return _licence(g, _site(g), g.entity("Business"), 500.0, "2025-07-01")


@case("TAX-RES-PROPERTY-330", "329.5 m2: below the threshold")
def res_boundary(g: G) -> str:
    return _licence(g, _site(g), g.entity("Business"), 329.5)


@case("TAX-RES-PROPERTY-330", "99.7평 (329.59 m2) on the building of its only licensee: below the threshold")
def res_pyeong_below(g: G) -> str:
    return _licence(g, _site(g, 329.59), g.entity("Business"), None)


@case("TAX-RES-PROPERTY-330", "no area on a licence in a building of several tenants: not judged by the building")
def res_multi_tenant_no_area(g: G) -> str:
    site = _site(g, 2400.0)
    key = _licence(g, site, g.entity("Business"), None)
    _licence(g, site, g.entity("Business"), 90.0)
    return key


@case("TAX-RES-PROPERTY-330", "each tenant of a building assessed its own property portion")
def res_own_in_multi_tenant(g: G) -> str:
    site = _site(g)
    first, second = g.entity("Business"), g.entity("Business")
    key = _licence(g, site, first, 400.0)
    _licence(g, site, second, 500.0)
    _resident_property(g, site, _business(g, "local_tax", first))
    _resident_property(g, site, _business(g, "local_tax", second, "둘째상회"))
    return key


@case("TAX-RES-PROPERTY-330", "licensed after the last base day that has fallen due")
def res_too_recent(g: G) -> str:
    return _licence(g, _site(g), g.entity("Business"), 800.0, "2025-07-02")


@case("TAX-RES-PROPERTY-330", "assessed to a taxpayer record that linkage could not resolve")
def res_unlinked_taxpayer(g: G) -> str:
    site = _site(g)
    key = _licence(g, site, g.entity("Business"), 400.0)
    _resident_property(g, site, _business(g, "local_tax", None))
    return key


# -- TAX-ACQ-USE-APPROVAL, TAX-ACQ-ILLEGAL-BUILDING -----------------------------------------------------------

def _acq_building(g: G, label: str, *, day: str = "2024-03-01", tax_after: int | None = None,
                  taxpayer: str = "owner", covered_from: str | None = "2024-01-05") -> str:
    g.today()
    b_ent = g.entity("Building")
    b = g.node("BuildingRecord", "construction", source_key=g.key("BLD"))
    g.same(b, b_ent)
    f = g.node(label, "construction", date=d(day), value=100_000_000)
    g.rel("ON_BUILDING", f, b)
    owner = g.entity("Person")
    g.rel("OWNER", f, _person(g, "construction", owner))
    if covered_from is not None:  # the local-tax extract's first assessment (a resident tax of someone else)
        g.node("TaxAssessment", "local_tax", tax_type="resident", amount=10_000, date=d(covered_from))
    if tax_after is not None:
        tb = g.node("BuildingRecord", "local_tax", source_key=b[1]["source_key"])
        g.same(tb, b_ent)
        t = g.node("TaxAssessment", "local_tax", tax_type="acquisition", rate_class="normal", amount=1,
                   date=d(day) + dt.timedelta(days=tax_after))
        g.rel("ON_BUILDING", t, tb)
        who = {"owner": owner, "other": g.entity("Person"), "unlinked": None}[taxpayer]
        g.rel("TAXPAYER", t, g.person("local_tax", "taxpayer", who, name=_name(taxpayer)))
    return G.k(f)


for _label, _sid in (("UseApproval", "TAX-ACQ-USE-APPROVAL"), ("IllegalBuilding", "TAX-ACQ-ILLEGAL-BUILDING")):
    def _make(label: str, sid: str) -> None:
        case(sid, "exactly the grace period old: the tax may still be imposed")(
            lambda g: _acq_building(g, label, day=str(END - dt.timedelta(days=60))))
        case(sid, "older than the local-tax extract")(
            lambda g: _acq_building(g, label, day="2023-10-01", covered_from="2024-01-05"))
        case(sid, "three weeks before the local-tax extract begins: its tax may predate the extract")(
            lambda g: _acq_building(g, label, day="2023-12-15", covered_from="2024-01-05"))
        case(sid, "in the extract's first month, before its first assessment: judged", flagged=True)(
            lambda g: _acq_building(g, label, day="2024-01-03", covered_from="2024-01-24"))
        case(sid, "acquisition tax assessed to a taxpayer record linkage could not resolve")(
            lambda g: _acq_building(g, label, tax_after=30, taxpayer="unlinked"))
        case(sid, "only another person's acquisition tax on the building", flagged=True)(
            lambda g: _acq_building(g, label, tax_after=30, taxpayer="other"))
        case(sid, "61 days old, untaxed", flagged=True)(lambda g: _acq_building(g, label, day=str(END - dt.timedelta(days=61))))
    _make(_label, _sid)


# -- TAX-ACQ-PUBLIC-LAND -------------------------------------------------------------------------------------

def _public_land(g: G, *, day: str = "2024-05-01", tax_after: int | None = None, taxpayer: str = "buyer",
                 covered_from: str = "2024-01-05") -> str:
    g.today()
    pnu = g.gov + "01010010001000"
    p_ent = g.entity("Parcel")
    p = g.node("ParcelRecord", "local_finance", source_key=pnu)
    g.same(p, p_ent)
    disp = g.node("Disposal", "local_finance", amount=500_000_000, date=d(day))
    g.rel("ON_PARCEL", disp, p)
    buyer = g.entity("Person")
    g.rel("BUYER", disp, g.person("local_finance", "buyer", buyer))
    g.node("TaxAssessment", "local_tax", tax_type="resident", amount=10_000, date=d(covered_from))
    if tax_after is not None:
        tp = g.node("ParcelRecord", "local_tax", source_key=pnu)
        g.same(tp, p_ent)
        t = g.node("TaxAssessment", "local_tax", tax_type="acquisition", amount=1,
                   date=d(day) + dt.timedelta(days=tax_after))
        g.rel("ON_PARCEL", t, tp)
        who = {"buyer": buyer, "other": g.entity("Person"), "misspelt": g.entity("Person"), "unlinked": None}[taxpayer]
        g.rel("TAXPAYER", t, g.person("local_tax", "taxpayer", who, name=_name(taxpayer)))
    return G.k(disp)


case("TAX-ACQ-PUBLIC-LAND", "sold exactly the grace period ago")(
    lambda g: _public_land(g, day=str(END - dt.timedelta(days=60))))
case("TAX-ACQ-PUBLIC-LAND", "sold before the local-tax extract begins")(
    lambda g: _public_land(g, day="2023-09-20"))
case("TAX-ACQ-PUBLIC-LAND", "sold three weeks before the local-tax extract begins: its tax may predate it")(
    lambda g: _public_land(g, day="2023-12-15"))
case("TAX-ACQ-PUBLIC-LAND", "taxed to a taxpayer record linkage could not resolve")(
    lambda g: _public_land(g, tax_after=59, taxpayer="unlinked"))
case("TAX-ACQ-PUBLIC-LAND", "only another person's acquisition tax on the parcel", flagged=True)(
    lambda g: _public_land(g, tax_after=20, taxpayer="other"))
case("TAX-ACQ-PUBLIC-LAND", "taxed under the buyer's name with two syllables swapped; the buyer has no resident number")(
    lambda g: _public_land(g, tax_after=12, taxpayer="misspelt"))


# -- TAX-ACQ-HEAVY-BAR ---------------------------------------------------------------------------------------

@case("TAX-ACQ-HEAVY-BAR", "a closed bar licence: the extract cannot show it ran at the acquisition")
def heavy_bar_closed(g: G) -> str:
    b_ent = g.entity("Building")
    b = g.node("BuildingRecord", "local_tax", source_key=g.key("BLD"))
    g.same(b, b_ent)
    sb = g.node("BuildingRecord", "saeol", source_key=b[1]["source_key"])
    g.same(sb, b_ent)
    t = g.node("TaxAssessment", "local_tax", tax_type="acquisition", rate_class="normal", amount=2_000_000,
               base_amount=500_000_000, date=d("2024-07-01"))
    g.rel("ON_BUILDING", t, b)
    g.rel("TAXPAYER", t, g.person("local_tax", "taxpayer", g.entity("Person")))
    lic = g.node("License", "saeol", license_type="entertainment_bar", status="closed", date=d("2019-09-01"))
    g.rel("ON_BUILDING", lic, sb)
    return G.k(t)


# -- duties: occupancy permits, food-sanitation fines, development charges, late registration, real name -----

def _duties_begin(g: G, day: str = "2024-01-20") -> None:
    """The duties extract's first assessment: a fee of an unrelated permit."""
    g.node("DutyAssessment", "local_duties", duty_type="road_occupancy", amount=10_000, date=d(day),
           permit_no="unrelated")


def _parcel_duty(g: G, fact: Ref, duty_type: str, day: dt.date, payer: Ref | None) -> None:
    pnu = g.gov + "01010010003000"
    pr = g.node("ParcelRecord", fact[1]["system"], source_key=pnu)
    g.rel("ON_PARCEL", fact, pr)
    dp = g.node("ParcelRecord", "local_duties", source_key=pnu)
    duty = g.node("DutyAssessment", "local_duties", duty_type=duty_type, amount=500_000, date=day)
    g.rel("ON_PARCEL", duty, dp)
    if payer is not None:
        g.rel("PAYER", duty, payer)


OCCUPANCY = {"road": "DUTY-ROAD-OCCUPANCY", "river": "DUTY-RIVER-OCCUPANCY",
             "river_surface": "DUTY-RIVER-SURFACE-OCCUPANCY", "public_property": "DUTY-PUBLIC-PROPERTY-OCCUPANCY"}


def _occupancy(g: G, ptype: str, *, start: str = "2024-03-01", end: str | None = "2026-02-28",
               parcel_fee: str | None = None) -> str:
    g.today()
    _duties_begin(g)
    p = g.node("OccupancyPermit", "saeol", permit_type=ptype, date=d(start),
               **({"end_date": d(end)} if end else {}), area_m2=40.0)
    holder = g.entity("Person")
    g.rel("HOLDER", p, g.person("saeol", "applicant", holder))
    if parcel_fee is not None:
        who = {"holder": holder, "other": g.entity("Person")}[parcel_fee]
        _parcel_duty(g, p, f"{ptype}_occupancy", d(start) + dt.timedelta(days=20),
                     g.person("local_duties", "payer", who, name=_name(parcel_fee)))
    return G.k(p)


for _pt, _sid in OCCUPANCY.items():
    def _make_occ(ptype: str, sid: str) -> None:
        case(sid, "ended before the duties extract begins")(
            lambda g: _occupancy(g, ptype, start="2021-05-01", end="2023-04-30"))
        case(sid, "granted exactly the grace period ago")(
            lambda g: _occupancy(g, ptype, start=str(END - dt.timedelta(days=60)), end="2027-01-01"))
        case(sid, "the holder's fee on the parcel without a permit number")(
            lambda g: _occupancy(g, ptype, parcel_fee="holder"))
        case(sid, "began before the duties extract and runs into it: judged", flagged=True)(
            lambda g: _occupancy(g, ptype, start="2023-03-01", end="2025-02-28"))
        case(sid, "only another payer's fee on the same parcel", flagged=True)(
            lambda g: _occupancy(g, ptype, parcel_fee="other"))
    _make_occ(_pt, _sid)


def _fact_with_duty(g: G, label: str, system: str, party_rel: str, duty_type: str, *, day: str = "2024-04-01",
                    parcel_duty: str | None = None, **props: object) -> str:
    g.today()
    _duties_begin(g)
    f = g.node(label, system, date=d(day), **props)
    party = g.entity("Person")
    g.rel(party_rel, f, g.person(system, "party", party))
    if parcel_duty is not None:
        who = {"party": party, "other": g.entity("Person"), "unlinked": None}[parcel_duty]
        _parcel_duty(g, f, duty_type, d(day) + dt.timedelta(days=30),
                     g.person("local_duties", "payer", who, name=_name(parcel_duty)))
    return G.k(f)


FACTS = {
    "DUTY-FOOD-SANITATION-FINE": ("Violation", "saeol", "VIOLATOR", "food_sanitation_fine",
                                  {"violation_type": "food_sanitation"}),
    "DUTY-DEVELOPMENT-CHARGE": ("BuildingPermit", "construction", "OWNER", "development_charge",
                                {"purpose": "development", "floor_area_m2": 500.0}),
    "TAX-ACQ-REALNAME": ("RealNameViolation", "real_estate", "VIOLATOR", "real_name_penalty",
                         {"value": 300_000_000}),
}

for _sid, (_label, _system, _rel, _duty, _props) in FACTS.items():
    def _make_fact(sid: str, label: str, system: str, rel: str, duty: str, props: dict) -> None:
        def build(**kw: object) -> Callable[[G], str]:
            return lambda g: _fact_with_duty(g, label, system, rel, duty, **kw, **props)  # type: ignore[arg-type]
        case(sid, "before the duties extract begins")(lambda g: build(day="2023-09-01")(g))
        case(sid, "a month before the duties extract begins: its charge may predate the extract")(
            lambda g: build(day="2023-12-20")(g))
        case(sid, "exactly the grace period old")(lambda g: build(day=str(END - dt.timedelta(days=60)))(g))
        case(sid, "charged on the parcel to a payer record linkage could not resolve")(
            lambda g: build(parcel_duty="unlinked")(g))
        case(sid, "charged on the parcel to the same person under another record")(
            lambda g: build(parcel_duty="party")(g))
        case(sid, "only another person's charge on the same parcel", flagged=True)(build(parcel_duty="other"))
    _make_fact(_sid, _label, _system, _rel, _duty, _props)


def _transfer(g: G, *, final: str = "2024-01-10", registered: str = "2024-05-01",
              parcel_fine: str | None = None) -> str:
    g.today()
    _duties_begin(g, "2024-01-05")
    t = g.node("OwnershipTransfer", "real_estate", price=300_000_000, final_payment_date=d(final),
               date=d(registered), registered_date=d(registered))
    buyer = g.entity("Person")
    g.rel("BUYER", t, g.person("real_estate", "buyer", buyer))
    if parcel_fine is not None:
        who = {"buyer": buyer, "other": g.entity("Person")}[parcel_fine]
        _parcel_duty(g, t, "late_registration_fine", d(registered) + dt.timedelta(days=20),
                     g.person("local_duties", "payer", who, name=_name(parcel_fine)))
    return G.k(t)


case("DUTY-LATE-REGISTRATION", "registered exactly 60 days after the final payment")(
    lambda g: _transfer(g, final="2024-03-01", registered="2024-04-30"))
case("DUTY-LATE-REGISTRATION", "registered before the duties extract begins")(
    lambda g: _transfer(g, final="2023-05-01", registered="2023-10-30"))
case("DUTY-LATE-REGISTRATION", "registered three weeks before the duties extract begins: its fine may predate it")(
    lambda g: _transfer(g, final="2023-08-01", registered="2023-12-15"))
case("DUTY-LATE-REGISTRATION", "the buyer's fine on the parcel without a number")(
    lambda g: _transfer(g, parcel_fine="buyer"))
case("DUTY-LATE-REGISTRATION", "61 days late with only another person's fine on the parcel", flagged=True)(
    lambda g: _transfer(g, final="2024-03-01", registered="2024-05-01", parcel_fine="other"))
