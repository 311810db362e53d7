"""The lawful look-alikes of the money-side scenarios, each beside the fraud it resembles.

Every row builds one small graph (under its own government code) as the loaders and linkage write it and
runs one scenario through the real runner: a look-alike must raise nothing, the fraud next to it must raise
a finding. The pairs differ in the one fact an auditor would look at, so each test can fail both ways.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detectors.runner import run_batch
from detectors.scenario import load_catalog
from detectors.store import list_findings
from graph.writer import GraphWriter
from tests.detectors.graphs import G, Ref, at, d

CATALOG = {s.id: s for s in load_catalog()}
Build = Callable[[G], None]


def _holder(g: G, account: Ref, no: str, person: Ref | None, **props: object) -> Ref:
    """The bank's record of an account; its holder record linked to `person` only when given."""
    holder = g.person("bank", "holder", person, source_key=f"{g.gov}-AH-088-{no}", **props)
    return g.account("bank", account, holder, no)


def _salary(g: G, off: Ref, account: Ref, no: str) -> None:
    pay = g.node("PayrollPayment", "local_hr", amount=3_000_000, period="2024-03", date=d("2024-03-20"))
    g.rel("PAYEE", pay, off)
    g.rel("INTO_ACCOUNT", pay, g.account("local_hr", account, no=no))


def _benefit(g: G, recipient: Ref, account: Ref, no: str, benefit: str = "livelihood",
             approver: Ref | None = None) -> None:
    """A benefit into the account, approved by `approver` (by default a welfare official of its own)."""
    wp = g.node("WelfarePayment", "welfare", amount=600_000, benefit=benefit, date=d("2024-03-20"))
    g.rel("PAYEE", wp, recipient)
    g.rel("INTO_ACCOUNT", wp, g.account("welfare", account, no=no))
    g.rel("APPROVED_BY", wp, approver or g.official("welfare"))


def _official(g: G, me: Ref, area: str = "local_hr", salary_no: str | None = None) -> Ref:
    off = g.official(area, me)
    g.nodes["PersonRecord"][-1].update(name="김공무", birth_date=d("1980-02-03"), rrn_hash="h-official",
                                       address="서울 중구 세종대로 1", **({"account_key": f"088-{salary_no}"}
                                                                   if salary_no else {}))
    return off


# --- HR-PAYROLL-OTHER-ACCOUNT ------------------------------------------------------------------------------

def payroll_name_only_holder(agrees: bool) -> Build:
    """A second account whose bank holder record gives a name only and was not linked."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"))
        acc = g.entity("Account")
        _holder(g, acc, "501", None, name="김공무" if agrees else "이타인")
        _salary(g, off, acc, "501")
    return build


def payroll_hr_names_account(own: bool) -> Build:
    """The bank lists another person (a spouse's joint account), but the HR row names it as the salary account."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), salary_no="502" if own else "999")
        acc = g.entity("Account")
        _holder(g, acc, "502", g.entity("Person"), name="박배우", birth_date=d("1982-05-06"))
        _salary(g, off, acc, "502")
    return build


def payroll_holder_split_person(same: bool) -> Build:
    """Linkage left the holder in a Person of its own, but name and birth date agree with the official."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"))
        acc = g.entity("Account")
        _holder(g, acc, "503", g.entity("Person"), name="김공무",
                birth_date=d("1980-02-03") if same else d("1975-11-30"))
        _salary(g, off, acc, "503")
    return build


# --- HR-PAYROLL-WELFARE-ACCOUNT ----------------------------------------------------------------------------

def payroll_welfare_own_benefit(own: bool) -> Build:
    """The official receives a benefit himself; the recipient record was not linked to him."""
    def build(g: G) -> None:
        me = g.entity("Person")
        off = _official(g, me)
        acc = g.entity("Account")
        _holder(g, acc, "601", me, name="김공무")
        _salary(g, off, acc, "601")
        rec = g.person("welfare", "recipient", None, name="김공무" if own else "최수급",
                       birth_date=d("1980-02-03") if own else d("1950-01-01"))
        _benefit(g, rec, acc, "601")
    return build


def payroll_welfare_child_allowance(lawful: bool) -> Build:
    """A child allowance of the official's registered child into the salary account (the law's way)."""
    def build(g: G) -> None:
        me, child = g.entity("Person"), g.entity("Person")
        off = _official(g, me)
        rel = g.person("local_hr", "relative", child, name="김아이", birth_date=d("2019-04-04"))
        g.rel("RELATIVE_OF", rel, off, relation="child")
        acc = g.entity("Account")
        _holder(g, acc, "602", me, name="김공무")
        _salary(g, off, acc, "602")
        rec = g.person("welfare", "recipient", child if lawful else g.entity("Person"),
                       name="김아이" if lawful else "정남남", birth_date=d("2019-04-04") if lawful else d("1961-07-07"))
        _benefit(g, rec, acc, "602", "child_allowance" if lawful else "livelihood")
    return build


# --- WEL-OTHER-ACCOUNT -------------------------------------------------------------------------------------

def welfare_relative_child(lawful: bool) -> Build:
    """A relative of an official (his sister) receives her own child's allowance; the child is not in the
    family rows but lives at her address."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="welfare")
        sister = g.entity("Person")
        rel = g.person("local_hr", "relative", sister, name="김누이", birth_date=d("1985-01-01"),
                       address="서울 중구 명동길 9")
        g.rel("RELATIVE_OF", rel, off, relation="sibling")
        acc = g.entity("Account")
        _holder(g, acc, "701", sister, name="김누이")
        rec = g.person("welfare", "recipient", g.entity("Person"), name="이아기" if lawful else "한노인",
                       birth_date=d("2023-02-02") if lawful else d("1948-03-03"),
                       address="서울 중구 명동길 9" if lawful else "서울 종로구 1")
        _benefit(g, rec, acc, "701", "parental_allowance" if lawful else "livelihood")
    return build


def welfare_official_own_benefit(own: bool) -> Build:
    """An official receives his own disability benefit; the recipient record carries no resident number and
    was not linked."""
    def build(g: G) -> None:
        me = g.entity("Person")
        _official(g, me, area="welfare")
        acc = g.entity("Account")
        _holder(g, acc, "702", me, name="김공무")
        rec = g.person("welfare", "recipient", None, name="김공무" if own else "윤타인",
                       birth_date=d("1980-02-03") if own else d("1990-09-09"))
        _benefit(g, rec, acc, "702", "disability")
    return build


def welfare_name_only_holder_is_the_approver(lawful: bool) -> Build:
    """The bank row of the receiving account gives only a name: that of the official who approved the
    payment. In the look-alike that holder was linked to a namesake resident born on another day."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="welfare")
        acc, holder = g.entity("Account"), g.entity("Person")
        _holder(g, acc, "703", holder, name="김공무")
        if lawful:
            g.person("local_tax", "taxpayer", holder, name="김공무", birth_date=d("1975-05-05"))
        rec = g.person("welfare", "recipient", g.entity("Person"), name="한노인", birth_date=d("1948-03-03"))
        _benefit(g, rec, acc, "703", approver=off)
    return build


def welfare_name_only_holder_with_a_namesake_in_town(lawful: bool) -> Build:
    """A name-only bank row naming the approving official, not linked to anyone; in the look-alike a
    resident born on another day bears that name too, so the name alone cannot say whose account it is."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="welfare")
        acc = g.entity("Account")
        _holder(g, acc, "705", None, name="김공무")
        if lawful:
            g.person("local_tax", "taxpayer", g.entity("Person"), name="김공무", birth_date=d("1991-09-09"))
        rec = g.person("welfare", "recipient", g.entity("Person"), name="한노인", birth_date=d("1948-03-03"))
        _benefit(g, rec, acc, "705", approver=off)
    return build


def welfare_name_only_holder_is_also_the_recipient(lawful: bool) -> Build:
    """A name-only bank row naming the approving official (a common name); in the look-alike the recipient
    bears that name too and is another person: the account is the recipient's own."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="welfare")
        acc = g.entity("Account")
        _holder(g, acc, "704", None, name="김공무")
        rec = g.person("welfare", "recipient", g.entity("Person"), name="김공무" if lawful else "한노인",
                       birth_date=d("1948-03-03"), rrn_hash="h-recipient")
        _benefit(g, rec, acc, "704", approver=off)
    return build


def refund_name_only_holder_is_also_the_taxpayer(lawful: bool) -> Build:
    """A name-only bank row naming the processing official; in the look-alike the taxpayer, born ten years
    later, bears that name too: the refund went into the taxpayer's own account."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="local_tax")
        acc = g.entity("Account")
        _holder(g, acc, "805", None, name="김공무")
        tp = g.person("local_tax", "taxpayer", g.entity("Person"), name="김공무" if lawful else "서남남",
                      birth_date=d("1990-06-25"), rrn_hash="h-taxpayer")
        r = g.node("TaxRefund", "local_tax", amount=861_000, date=d("2024-08-10"))
        g.rel("TAXPAYER", r, tp)
        g.rel("INTO_ACCOUNT", r, g.account("local_tax", acc, no="805"))
        g.rel("APPROVED_BY", r, off)
    return build

# --- TAX-REFUND-OTHER-ACCOUNT ------------------------------------------------------------------------------

def refund_family_member(lawful: bool) -> Build:
    """A refund of the official's registered spouse into the official's account."""
    def build(g: G) -> None:
        me, spouse = g.entity("Person"), g.entity("Person")
        off = _official(g, me, area="local_tax")
        rel = g.person("local_hr", "relative", spouse, name="박배우", birth_date=d("1982-05-06"), rrn_hash="h-spouse")
        g.rel("RELATIVE_OF", rel, off, relation="spouse")
        acc = g.entity("Account")
        _holder(g, acc, "801", me, name="김공무")
        tp = g.person("local_tax", "taxpayer", spouse if lawful else g.entity("Person"),
                      name="박배우" if lawful else "서남남", rrn_hash="h-spouse" if lawful else "h-stranger")
        r = g.node("TaxRefund", "local_tax", amount=850_000, date=d("2024-08-10"))
        g.rel("TAXPAYER", r, tp)
        g.rel("INTO_ACCOUNT", r, g.account("local_tax", acc, no="801"))
        g.rel("APPROVED_BY", r, off)
    return build


def refund_relative_row_without_rrn(lawful: bool) -> Build:
    """The official's spouse is a family row with a name and phone only (no resident number); the refund
    goes into the spouse's own account. A comparison with the missing number must not let the fraud go:
    the look-alike is the spouse's own refund, the fraud a stranger's."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="local_tax")
        spouse = g.entity("Person")
        rel = g.person("local_hr", "relative", spouse, name="김동현", phone="010-3192-0774")
        g.rel("RELATIVE_OF", rel, off, relation="spouse")
        acc = g.entity("Account")
        _holder(g, acc, "802", spouse, name="김동현", birth_date=d("1974-10-17"), rrn_hash="h-spouse")
        tp = g.person("local_tax", "taxpayer", spouse if lawful else g.entity("Person"),
                      name="김동현" if lawful else "김성민", birth_date=d("1974-10-17") if lawful else d("1987-03-22"),
                      rrn_hash="h-spouse" if lawful else "h-stranger")
        r = g.node("TaxRefund", "local_tax", amount=17_000, date=d("2024-08-10"))
        g.rel("TAXPAYER", r, tp)
        g.rel("INTO_ACCOUNT", r, g.account("local_tax", acc, no="802"))
        g.rel("APPROVED_BY", r, off)
    return build


def refund_own_unlinked(own: bool) -> Build:
    """The official's own refund; the taxpayer record (name and birth date) was not linked to him."""
    def build(g: G) -> None:
        me = g.entity("Person")
        off = _official(g, me, area="local_tax")
        acc = g.entity("Account")
        _holder(g, acc, "802", me, name="김공무")
        tp = g.person("local_tax", "taxpayer", None, name="김공무" if own else "오남남",
                      birth_date=d("1980-02-03") if own else d("1970-10-10"))
        r = g.node("TaxRefund", "local_tax", amount=120_000, date=d("2024-08-10"))
        g.rel("TAXPAYER", r, tp)
        g.rel("INTO_ACCOUNT", r, g.account("local_tax", acc, no="802"))
        g.rel("APPROVED_BY", r, off)
    return build


# --- FIN-DUPLICATE-PAYMENT and FIN-CONTRACT-RELATED-OFFICIAL ---------------------------------------------

def duplicate_two_payee_records(lawful: bool) -> Build:
    """One vendor under two payee records (linked to one Business) paid the same amount twice, 19 days apart;
    the look-alike pays it for another purpose."""
    def build(g: G) -> None:
        vendor = g.entity("Business")
        for day, purpose in (("2024-04-01", "청사 시설물 유지보수"),
                             ("2024-04-20", "복합기 임차료" if lawful else "청사 시설물  유지보수")):
            rec = g.node("BusinessRecord", "local_finance", name="(주)원당개발", brn="1234567891")
            g.same(rec, vendor)
            p = g.node("Payment", "local_finance", amount=3_171_330, date=d(day), kind="vendor", purpose=purpose)
            g.rel("PAYEE", p, rec)
            g.rel("APPROVED_BY", p, g.official("local_finance"))
    return build


def duplicate_monthly_lease(lawful: bool) -> Build:
    """A lease paid every month, the same amount for the same purpose, 28 to 35 days apart: a series, not a
    duplicate (the look-alike). The fraud: May's rent paid a second time in May."""
    def build(g: G) -> None:
        vendor = g.node("BusinessRecord", "local_finance", name="(주)한빛빌딩", brn="2208162517")
        days = ["2024-03-29", "2024-04-26", "2024-05-31", "2024-06-28"] + ([] if lawful else ["2024-05-10"])
        for day in days:
            p = g.node("Payment", "local_finance", amount=4_400_000, date=d(day), kind="vendor", purpose="청사 임차료")
            g.rel("PAYEE", p, vendor)
            g.rel("APPROVED_BY", p, g.official("local_finance"))
    return build


def contract_owner_name_and_phone(lawful: bool) -> Build:
    """The vendor gives its representative's name and phone but no resident number; a registered relative of
    the approving official bears that name. The look-alike is a namesake with another phone."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="local_finance")
        rel = g.person("local_hr", "relative", g.entity("Person"), name="이영호", phone="010-1234-5678")
        g.rel("RELATIVE_OF", rel, off, relation="parent")
        vendor = g.node("BusinessRecord", "local_finance", name="이기획", owner_name="이영호",
                        phone="010-9999-0000" if lawful else "010-1234-5678")
        c = g.node("Contract", "local_finance", amount=48_000_000, date=d("2024-06-01"), method="private")
        g.rel("CONTRACTOR", c, vendor)
        g.rel("APPROVED_BY", c, off)
    return build



def contract_owner_name_only(lawful: bool) -> Build:
    """The vendor names its representative only (no resident number, no phone); the approving official's
    registered spouse bears that name, and so (the look-alike) does a taxpayer born on another day."""
    return _name_only_vendor(namesake=lawful)


def contract_owner_name_and_unknown_mobile(lawful: bool) -> Build:
    """The vendor names its representative and a mobile number, no resident number; the spouse's HR row has
    no phone, her tax record does. The look-alike: the vendor's mobile is another one (a namesake's)."""
    return _name_only_vendor(namesake=False, mobile="010-3176-9256" if lawful else "010-9042-9874")


def _name_only_vendor(namesake: bool, mobile: str | None = None) -> Build:
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="local_finance")
        spouse = g.entity("Person")
        rel = g.person("local_hr", "relative", spouse, name="탁서윤", birth_date=d("1983-07-14"))
        g.person("local_tax", "taxpayer", spouse, name="탁서윤", birth_date=d("1983-07-14"), phone="010-9042-9874")
        g.rel("RELATIVE_OF", rel, off, relation="spouse")
        if namesake:
            g.person("local_tax", "taxpayer", g.entity("Person"), name="탁서윤", birth_date=d("1991-02-20"))
        vendor = g.node("BusinessRecord", "local_finance", name="서윤디자인", owner_name="탁서윤",
                        address="경기도 수원시 팔달구 효원로 1", **({"phone": mobile} if mobile else {}))
        c = g.node("Contract", "local_finance", amount=27_000_000, date=d("2024-06-01"), method="private")
        g.rel("CONTRACTOR", c, vendor)
        g.rel("APPROVED_BY", c, off)
    return build


def contract_relative_row_without_rrn(lawful: bool) -> Build:
    """The vendor gives its representative's resident number; the approving official's spouse is registered
    in HR by name and birth date only. The look-alike: a namesake born on another day."""
    def build(g: G) -> None:
        off = _official(g, g.entity("Person"), area="local_finance")
        rel = g.person("local_hr", "relative", g.entity("Person"), name="김수진", birth_date=d("1984-05-02"))
        g.rel("RELATIVE_OF", rel, off, relation="spouse")
        vendor = g.node("BusinessRecord", "local_finance", name="김상사", owner_name="김수진",
                        owner_rrn_hash="h-vendor-rep", owner_birth_date=d("1986-11-30" if lawful else "1984-05-02"),
                        address="경기도 고양시 덕양구 원당동 20-32")
        c = g.node("Contract", "local_finance", amount=86_000_000, date=d("2024-08-14"), method="private")
        g.rel("CONTRACTOR", c, vendor)
        g.rel("APPROVED_BY", c, off)
    return build

# --- HR-PAY-AFTER-RETIREMENT -------------------------------------------------------------------------------

def _retiree_paid(g: G, person: Ref, period: str, paid: str) -> Ref:
    off = g.official("local_hr", person, retired_on=d("2024-06-20"))
    pay = g.node("PayrollPayment", "local_hr", amount=3_000_000, period=period, date=d(paid))
    g.rel("PAYEE", pay, off)
    return off


def retirement_month_paid_late(lawful: bool) -> Build:
    """Pay months written 202406 / 202407: the retirement month's salary (or back pay) paid in August is
    lawful; the month after retirement is not."""
    def build(g: G) -> None:
        _retiree_paid(g, g.entity("Person"), "202406" if lawful else "202407", "2024-08-05")
    return build


def rehired(lawful: bool) -> Build:
    """Re-hired under a new employee number from September: October's salary on the old number is paid to
    someone working again (the look-alike); without the re-hire it is pay after retirement."""
    def build(g: G) -> None:
        me = g.entity("Person")
        _retiree_paid(g, me, "2024-10", "2024-10-20")
        if lawful:
            g.official("local_hr", me)
            g.nodes["Employment"][-1]["date"] = d("2024-09-01")
    return build


# --- CARD-SPLIT-PAYMENT ------------------------------------------------------------------------------------

def split_beside_lunch(lawful: bool) -> Build:
    """Lunch at a restaurant, then dinner there the same evening: two visits (the look-alike). The fraud:
    the dinner paid in two approvals a minute apart, on a day the card was also there for lunch."""
    def build(g: G) -> None:
        card = g.node("CorporateCard", "cards", limit=5_000_000)
        g.rel("ISSUED_TO", card, g.official("cards"))
        parts = [("2024-05-08T12:10:00", 320_000), ("2024-05-08T19:00:07", 450_000)]
        if not lawful:
            parts.append(("2024-05-08T19:01:07", 400_000))
        for when, amount in parts:
            c = g.node("CardApproval", "cards", amount=amount, at=at(when), date=at(when).date(), merchant="한식당",
                       mcc="5812", holiday=False)
            g.rel("WITH_CARD", c, card)
    return build


def card_on_a_public_holiday(lawful: bool) -> Build:
    """Lunch on a weekday the card system left unflagged: Labour Day (1 May 2024, a working day for
    officials) is the look-alike; the fraud is the substitute holiday for Children's Day (6 May 2024)."""
    def build(g: G) -> None:
        card = g.node("CorporateCard", "cards", limit=5_000_000)
        g.rel("ISSUED_TO", card, g.official("cards"))
        when = "2024-05-01T12:30:00" if lawful else "2024-05-06T12:30:00"
        c = g.node("CardApproval", "cards", amount=85_000, at=at(when), date=at(when).date(), merchant="한식당",
                   mcc="5812")
        g.rel("WITH_CARD", c, card)
    return build


CASES: list[tuple[str, str, Callable[[bool], Build]]] = [
    ("HR-PAYROLL-OTHER-ACCOUNT", "name-only holder agreeing with the official", payroll_name_only_holder),
    ("HR-PAYROLL-OTHER-ACCOUNT", "HR row names the account as salary account", payroll_hr_names_account),
    ("HR-PAYROLL-OTHER-ACCOUNT", "holder left unlinked but name and birth agree", payroll_holder_split_person),
    ("HR-PAYROLL-WELFARE-ACCOUNT", "the official's own benefit, recipient unlinked", payroll_welfare_own_benefit),
    ("HR-PAYROLL-WELFARE-ACCOUNT", "child allowance of the official's child", payroll_welfare_child_allowance),
    ("WEL-OTHER-ACCOUNT", "parental allowance of a relative's own child", welfare_relative_child),
    ("WEL-OTHER-ACCOUNT", "the official's own benefit, recipient unlinked", welfare_official_own_benefit),
    ("WEL-OTHER-ACCOUNT", "a name-only holder is the approver's namesake", welfare_name_only_holder_is_the_approver),
    ("TAX-REFUND-OTHER-ACCOUNT", "refund of the official's registered spouse", refund_family_member),
    ("TAX-REFUND-OTHER-ACCOUNT", "the official's own refund, taxpayer unlinked", refund_own_unlinked),
    ("TAX-REFUND-OTHER-ACCOUNT", "a relative's row without a resident number", refund_relative_row_without_rrn),
    ("TAX-REFUND-OTHER-ACCOUNT", "a name-only holder named like taxpayer and official",
     refund_name_only_holder_is_also_the_taxpayer),
    ("WEL-OTHER-ACCOUNT", "a name-only holder named like recipient and official",
     welfare_name_only_holder_is_also_the_recipient),
    ("WEL-OTHER-ACCOUNT", "a name-only holder whose name a resident also bears",
     welfare_name_only_holder_with_a_namesake_in_town),
    ("FIN-DUPLICATE-PAYMENT", "same vendor and amount, another purpose", duplicate_two_payee_records),
    ("FIN-DUPLICATE-PAYMENT", "a monthly lease, one payment a month", duplicate_monthly_lease),
    ("FIN-CONTRACT-RELATED-OFFICIAL", "a namesake of the relative", contract_owner_name_and_phone),
    ("FIN-CONTRACT-RELATED-OFFICIAL", "name only: someone else bears it", contract_owner_name_only),
    ("FIN-CONTRACT-RELATED-OFFICIAL", "name and a mobile none of her records gives",
     contract_owner_name_and_unknown_mobile),
    ("FIN-CONTRACT-RELATED-OFFICIAL", "HR row without a resident number", contract_relative_row_without_rrn),
    ("HR-PAY-AFTER-RETIREMENT", "retirement month (YYYYMM) paid late", retirement_month_paid_late),
    ("HR-PAY-AFTER-RETIREMENT", "re-hired under a new number", rehired),
    ("CARD-SPLIT-PAYMENT", "lunch and dinner at one restaurant", split_beside_lunch),
    ("CARD-HOLIDAY", "Labour Day, the holiday flag left blank", card_on_a_public_holiday),
]


def gov_of(i: int, lookalike: bool) -> str:
    return f"9{i:02d}0{2 if lookalike else 1}"


@pytest.fixture(scope="module")
def graphs(neo4j_driver):
    from testkit import fresh_graph

    fresh_graph(neo4j_driver)
    writer = GraphWriter(neo4j_driver, concurrency=1)
    for i, (_sid, _why, make) in enumerate(CASES):
        for lookalike in (True, False):
            g = G(gov_of(i, lookalike))
            make(lookalike)(g)
            g.today("2025-12-31")
            g.write(writer)
    return neo4j_driver


def _findings(driver, sid: str, gov: str) -> list[dict]:
    summary = run_batch(driver, [CATALOG[sid]], gov=gov, user="test")
    assert [r.status for r in summary.results] == ["ok"], [r.error for r in summary.results]
    return list_findings(driver, run_id=summary.run_id)


@pytest.mark.parametrize("i", range(len(CASES)), ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_lookalike_is_let_go_and_the_fraud_beside_it_is_not(graphs, i):
    sid, why, _make = CASES[i]
    assert _findings(graphs, sid, gov_of(i, True)) == [], f"{sid} flagged a lawful look-alike: {why}"
    assert _findings(graphs, sid, gov_of(i, False)), f"{sid} missed the fraud beside the look-alike: {why}"
