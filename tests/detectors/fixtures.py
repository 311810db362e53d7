"""One tiny positive and one tiny negative graph per scenario. Each builder gets a fresh G and `pos`, and
returns the evidence key a finding of the positive graph must carry (negatives must give no finding)."""

from __future__ import annotations

from collections.abc import Callable

from tests.detectors.graphs import G, at, d

Builder = Callable[[G, bool], str]
BUILDERS: dict[str, Builder] = {}


def scenario(sid: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        BUILDERS[sid] = fn
        return fn
    return register


def _owner(g: G, system: str) -> tuple:
    return g.person(system, "owner", g.entity("Person"))


def _building_fact(g: G, label: str, pos: bool, tax_days: int = 40, **props: object) -> str:
    g.today()
    b_ent = g.entity("Building")
    b = g.node("BuildingRecord", "construction", source_key=g.key("BLD"), floor_area_m2=120.0)
    g.same(b, b_ent)
    f = g.node(label, "construction", date=d("2024-03-01"), value=100_000_000, **props)
    g.rel("ON_BUILDING", f, b)
    g.rel("OWNER", f, _owner(g, "construction"))
    if not pos:
        tb = g.node("BuildingRecord", "local_tax", source_key=b[1]["source_key"])
        g.same(tb, b_ent)
        t = g.node("TaxAssessment", "local_tax", tax_type="acquisition", rate_class="normal", amount=1,
                   date=d("2024-03-01") + __import__("datetime").timedelta(days=tax_days))
        g.rel("ON_BUILDING", t, tb)
    return G.k(f)


@scenario("TAX-ACQ-USE-APPROVAL")
def use_approval(g: G, pos: bool) -> str:
    return _building_fact(g, "UseApproval", pos, 58)


@scenario("TAX-ACQ-ILLEGAL-BUILDING")
def illegal(g: G, pos: bool) -> str:
    return _building_fact(g, "IllegalBuilding", pos, 45)


@scenario("TAX-ACQ-PUBLIC-LAND")
def public_land(g: G, pos: bool) -> str:
    g.today()
    p_ent = g.entity("Parcel")
    p = g.node("ParcelRecord", "local_finance", source_key=g.gov + "01010010001000")
    g.same(p, p_ent)
    disp = g.node("Disposal", "local_finance", amount=500_000_000, date=d("2024-05-01"))
    g.rel("ON_PARCEL", disp, p)
    g.rel("BUYER", disp, g.person("local_finance", "buyer", g.entity("Person")))
    g.rel("APPROVED_BY", disp, g.official("local_finance"))
    if not pos:
        tp = g.node("ParcelRecord", "local_tax", source_key=g.gov + "01010010001000")
        t = g.node("TaxAssessment", "local_tax", tax_type="acquisition", amount=1, date=d("2024-06-29"))
        g.rel("ON_PARCEL", t, tp)
    return G.k(disp)


@scenario("TAX-ACQ-HEAVY-BAR")
def heavy_bar(g: G, pos: bool) -> str:
    b_ent = g.entity("Building")
    b = g.node("BuildingRecord", "local_tax", source_key=g.key("BLD"))
    g.same(b, b_ent)
    sb = g.node("BuildingRecord", "saeol", source_key=b[1]["source_key"])
    g.same(sb, b_ent)
    t = g.node("TaxAssessment", "local_tax", tax_type="acquisition", rate_class="normal", amount=2_000_000,
               base_amount=500_000_000, date=d("2024-07-01"))
    g.rel("ON_BUILDING", t, b)
    g.rel("TAXPAYER", t, g.person("local_tax", "taxpayer", g.entity("Person")))
    g.rel("APPROVED_BY", t, g.official("local_tax"))
    lic = g.node("License", "saeol", license_type="entertainment_bar", status="active",
                 date=d("2023-09-01") if pos else d("2025-01-20"))
    g.rel("ON_BUILDING", lic, sb)
    return G.k(t)


@scenario("TAX-RES-PROPERTY-330")
def res_property(g: G, pos: bool) -> str:
    g.today()
    b = g.node("BuildingRecord", "saeol", source_key=g.key("BLD"))
    lic = g.node("License", "saeol", license_type="hospital", status="active", date=d("2022-01-01"),
                 floor_area_m2=400.0 if pos else 320.0)
    g.rel("ON_BUILDING", lic, b)
    g.rel("HOLDER", lic, g.node("BusinessRecord", "saeol", name="병원"))
    return G.k(lic)


@scenario("TAX-ACQ-REALNAME")
def realname(g: G, pos: bool) -> str:
    g.today()
    v = g.node("RealNameViolation", "real_estate", value=300_000_000, date=d("2024-04-01"))
    g.rel("VIOLATOR", v, g.person("real_estate", "owner"))
    if not pos:
        g.node("DutyAssessment", "local_duties", duty_type="real_name_penalty", amount=9_000_000,
               permit_no=v[1]["source_key"], date=d("2024-06-20"))
    return G.k(v)


def _other_account(g: G, pos: bool, fact: str, payee_role: str) -> tuple[tuple, str]:
    """An account held at the bank by an official (pos) or by the payee themself (neg)."""
    area = "local_tax" if fact == "TaxRefund" else "welfare"
    off_person = g.entity("Person")
    payee_person = g.entity("Person")
    off = g.official(area, off_person)
    acc = g.entity("Account")
    g.bank_holder(off_person if pos else payee_person, acc, "777")
    system = "local_tax" if fact == "TaxRefund" else "welfare"
    rec = g.account(system, acc, no="777")
    payee = g.person(system, payee_role, payee_person)
    f = g.node(fact, system, amount=850_000, date=d("2024-08-10"))
    g.rel("INTO_ACCOUNT", f, rec)
    g.rel("PAYEE", f, payee)
    if fact == "TaxRefund":
        g.rel("TAXPAYER", f, payee)
    g.rel("APPROVED_BY", f, off)
    return f, G.k(off)


@scenario("TAX-REFUND-OTHER-ACCOUNT")
def refund_other(g: G, pos: bool) -> str:
    return _other_account(g, pos, "TaxRefund", "taxpayer")[1]


@scenario("WEL-OTHER-ACCOUNT")
def welfare_other(g: G, pos: bool) -> str:
    return G.k(_other_account(g, pos, "WelfarePayment", "recipient")[0])


@scenario("TAX-REFUND-DEAD")
def refund_dead(g: G, pos: bool) -> str:
    person = g.entity("Person")
    tp = g.person("local_tax", "taxpayer", person)
    death = g.node("Death", "welfare", date=d("2024-05-01"))
    g.rel("OF_PERSON", death, g.person("welfare", "recipient", person))
    r = g.node("TaxRefund", "local_tax", amount=430_000, date=d("2024-06-10") if pos else d("2024-04-21"))
    g.rel("TAXPAYER", r, tp)
    return G.k(r)


@scenario("TAX-REDUCTION-SELF")
def reduction_self(g: G, pos: bool) -> str:
    off = g.official("local_tax", g.entity("Person"))
    rel_person = g.entity("Person")
    rel = g.person("local_hr", "relative", rel_person, name="김친족")
    g.rel("RELATIVE_OF", rel, off, relation="spouse")
    # the negative: a namesake of the relative (same name, another person)
    tp = g.person("local_tax", "taxpayer", rel_person if pos else g.entity("Person"), name="김친족")
    r = g.node("TaxReduction", "local_tax", amount=640_000, date=d("2024-03-03"))
    g.rel("TAXPAYER", r, tp)
    g.rel("APPROVED_BY", r, off)
    return G.k(r)


def _permit(ptype: str, dtype: str) -> Builder:
    def build(g: G, pos: bool) -> str:
        g.today()
        p = g.node("OccupancyPermit", "saeol", permit_type=ptype, date=d("2024-02-01"), area_m2=50.0)
        g.rel("HOLDER", p, g.person("saeol", "applicant"))
        if not pos:
            g.node("DutyAssessment", "local_duties", duty_type=dtype, amount=600_000, permit_no=p[1]["source_key"],
                   date=d("2024-03-10"))
        return G.k(p)
    return build


for _pt, _sid in {"road": "DUTY-ROAD-OCCUPANCY", "river": "DUTY-RIVER-OCCUPANCY",
                  "river_surface": "DUTY-RIVER-SURFACE-OCCUPANCY",
                  "public_property": "DUTY-PUBLIC-PROPERTY-OCCUPANCY"}.items():
    BUILDERS[_sid] = _permit(_pt, f"{_pt}_occupancy")


@scenario("DUTY-FOOD-SANITATION-FINE")
def food(g: G, pos: bool) -> str:
    g.today()
    pr = g.node("ParcelRecord", "saeol", source_key=g.gov + "01010010002000")
    v = g.node("Violation", "saeol", violation_type="food_sanitation", date=d("2024-02-01"))
    g.rel("ON_PARCEL", v, pr)
    if not pos:  # fined on the same parcel, without naming the violation
        dp = g.node("ParcelRecord", "local_duties", source_key=g.gov + "01010010002000")
        fine = g.node("DutyAssessment", "local_duties", duty_type="food_sanitation_fine", amount=1_500_000,
                      date=d("2024-04-16"))
        g.rel("ON_PARCEL", fine, dp)
    return G.k(v)


@scenario("DUTY-LATE-REGISTRATION")
def late_registration(g: G, pos: bool) -> str:
    g.today()
    t = g.node("OwnershipTransfer", "real_estate", price=300_000_000, final_payment_date=d("2024-01-10"),
               date=d("2024-05-01") if pos else d("2024-03-10"), registered_date=d("2024-05-01") if pos
               else d("2024-03-10"))
    g.rel("BUYER", t, g.person("real_estate", "buyer"))
    return G.k(t)


@scenario("DUTY-DEVELOPMENT-CHARGE")
def development(g: G, pos: bool) -> str:
    g.today()
    p = g.node("BuildingPermit", "construction", purpose="development", floor_area_m2=500.0, date=d("2024-02-01"))
    if not pos:
        g.node("DutyAssessment", "local_duties", duty_type="development_charge", amount=1,
               permit_no=p[1]["source_key"], date=d("2024-04-29"))
    return G.k(p)


@scenario("HR-PAY-AFTER-RETIREMENT")
def after_retirement(g: G, pos: bool) -> str:
    off = g.official("local_hr", retired_on=d("2024-06-20"))
    pay = g.node("PayrollPayment", "local_hr", amount=3_000_000, period="2024-07" if pos else "2024-06",
                 date=d("2024-07-25") if pos else d("2024-06-30"))
    g.rel("PAYEE", pay, off)
    return G.k(pay)


@scenario("HR-PAYROLL-OTHER-ACCOUNT")
def payroll_other(g: G, pos: bool) -> str:
    me = g.entity("Person")
    off = g.official("local_hr", me)
    acc = g.entity("Account")
    g.bank_holder(g.entity("Person") if pos else me, acc, "555")
    pay = g.node("PayrollPayment", "local_hr", amount=3_000_000, period="2024-03", date=d("2024-03-25"))
    g.rel("PAYEE", pay, off)
    g.rel("INTO_ACCOUNT", pay, g.account("local_hr", acc, no="555"))
    return G.k(pay)


@scenario("HR-PAYROLL-WELFARE-ACCOUNT")
def payroll_welfare(g: G, pos: bool) -> str:
    me = g.entity("Person")
    off = g.official("local_hr", me)
    acc, other = g.entity("Account"), g.entity("Account")
    g.bank_holder(me, acc, "444")
    pay = g.node("PayrollPayment", "local_hr", amount=3_000_000, period="2024-03", date=d("2024-03-25"))
    g.rel("PAYEE", pay, off)
    g.rel("INTO_ACCOUNT", pay, g.account("local_hr", acc, no="444"))
    recipient = g.person("welfare", "recipient", g.entity("Person"))
    wp = g.node("WelfarePayment", "welfare", amount=600_000, benefit="livelihood", date=d("2024-03-20"))
    g.rel("PAYEE", wp, recipient)
    g.rel("INTO_ACCOUNT", wp, g.account("welfare", acc if pos else other, no="444" if pos else "445"))
    g.rel("APPROVED_BY", wp, g.official("welfare"))
    return G.k(wp)


@scenario("WEL-PAID-AFTER-DEATH")
def paid_after_death(g: G, pos: bool) -> str:
    rr = g.person("welfare", "recipient", g.entity("Person"))
    death = g.node("Death", "welfare", date=d("2024-05-10"))
    g.rel("OF_PERSON", death, rr)
    wp = g.node("WelfarePayment", "welfare", amount=300_000, benefit="basic_pension",
                date=d("2024-05-20") if pos else d("2024-04-20"))
    g.rel("PAYEE", wp, rr)
    return G.k(wp)


@scenario("FIN-DUPLICATE-PAYMENT")
def duplicate(g: G, pos: bool) -> str:
    vendor = g.node("BusinessRecord", "local_finance", name="문구사")
    keys = []
    for day, purpose in (("2024-04-01", "사무용품 구매"), ("2024-04-03", "사무용품 구매" if pos else "복합기 임차료")):
        p = g.node("Payment", "local_finance", amount=1_870_000, date=d(day), kind="vendor", purpose=purpose)
        g.rel("PAYEE", p, vendor)
        keys.append(G.k(p))
    return keys[1]


@scenario("FIN-CONTRACT-RELATED-OFFICIAL")
def related_contract(g: G, pos: bool) -> str:
    off = g.official("local_finance", g.entity("Person"))
    rel = g.person("local_hr", "relative", g.entity("Person"), name="박친족", rrn_hash="h-relative")
    g.rel("RELATIVE_OF", rel, off, relation="sibling")
    vendor = g.node("BusinessRecord", "local_finance", name="친족건설", owner_name="박친족",
                    owner_rrn_hash="h-relative" if pos else "h-namesake")
    c = g.node("Contract", "local_finance", amount=48_000_000, date=d("2024-06-01"), method="private")
    g.rel("CONTRACTOR", c, vendor)
    g.rel("APPROVED_BY", c, off)
    return G.k(c)


@scenario("FIN-LOGIN-SHARED-PC")
def shared_pc(g: G, pos: bool) -> str:
    a, b = g.official("local_finance"), g.official("local_finance")
    l1 = g.node("Login", "local_finance", user_id="alice", pc_id="PC-1", at=at("2024-05-02T08:33:00"),
                date=d("2024-05-02"))
    l2 = g.node("Login", "local_finance", user_id="bob" if pos else "alice", pc_id="PC-1" if pos else "PC-2",
                at=at("2024-05-02T12:50:00"), date=d("2024-05-02"))
    g.rel("BY_USER", l1, a)
    g.rel("BY_USER", l2, b if pos else a)
    return G.k(l2)


@scenario("FIN-TRANSFER-MISMATCH")
def transfer_mismatch(g: G, pos: bool) -> str:
    p = g.node("Payment", "local_finance", amount=10_000_000, date=d("2024-07-01"), kind="vendor", purpose="공사대금")
    g.rel("APPROVED_BY", p, g.official("local_finance"))
    t = g.node("BankTransfer", "bank", amount=19_000_000 if pos else 10_000_000, date=d("2024-07-02"))
    if pos:
        i = g.node("ReconciliationIssue", "linkage", issue="other_amount", amount=19_000_000,
                   expected_amount=10_000_000, date=d("2024-07-02"))
        g.rel("RECONCILES", i, p, score=0.9)
        g.rel("CONCERNS", i, t)
    else:
        g.rel("RECONCILES", t, p, score=1.0)
    return G.k(p)


def _card(g: G, when: str, amount: int = 186_000, mcc: str = "5812", holiday: bool = False,
          card: tuple | None = None, merchant: str = "한식당") -> tuple:
    if card is None:
        card = g.node("CorporateCard", "cards", limit=5_000_000)
        g.rel("ISSUED_TO", card, g.official("cards"))
    c = g.node("CardApproval", "cards", amount=amount, at=at(when), date=at(when).date(), merchant=merchant,
               mcc=mcc, holiday=holiday)
    g.rel("WITH_CARD", c, card)
    return c, card


@scenario("CARD-LATE-NIGHT")
def late_night(g: G, pos: bool) -> str:
    return G.k(_card(g, "2024-05-08T23:40:00" if pos else "2024-05-08T22:30:00")[0])


@scenario("CARD-HOLIDAY")
def holiday(g: G, pos: bool) -> str:  # 2024-05-11 is a Saturday, 2025-10-10 a Friday
    return G.k(_card(g, "2024-05-11T13:00:00" if pos else "2025-10-10T20:40:00")[0])


@scenario("CARD-BANNED-MERCHANT")
def banned(g: G, pos: bool) -> str:
    return G.k(_card(g, "2024-05-08T20:00:00", 420_000, "5813" if pos else "5812", merchant="바")[0])


@scenario("CARD-SPLIT-PAYMENT")
def split(g: G, pos: bool) -> str:
    first, card = _card(g, "2024-05-08T19:00:07", 450_000)
    _card(g, "2024-05-08T19:01:07" if pos else "2024-05-09T19:01:07", 400_000, card=card)
    return G.k(first)
