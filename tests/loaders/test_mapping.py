"""A row through its contract: cleaned values, the label chosen by a column, derived nodes, relationships."""

from __future__ import annotations

from loaders.contract import contracts
from loaders.mapping import MappedRow, Refusal, RowMapper


def _mapper(system: str, stem: str) -> RowMapper:
    fc = contracts()[system].files[stem]
    return RowMapper(fc, "41110", set(fc.columns))


def test_taxpayer_becomes_person_or_business_by_its_type() -> None:
    mapper = _mapper("local_tax", "taxpayers")
    person = mapper.map({"taxpayer_no": "41110-TX-1", "taxpayer_type": "개인", "name": "김 철수",
                         "rrn": "850101-1234566", "phone": "01012345678"})
    assert isinstance(person, MappedRow)
    (label, props), = person.nodes
    assert label == "PersonRecord"
    assert props["name"] == "김철수" and props["role"] == "taxpayer" and props["birth_date"] == "1985-01-01"
    assert props["rrn_masked"] == "850101-1******" and len(props["rrn_hash"]) == 64
    assert "850101-1234566" not in repr(person) and "8501011234566" not in repr(person)
    assert (props["system"], props["source_key"], props["gov"]) == ("local_tax", "41110-TX-1", "41110")
    business = mapper.map({"taxpayer_no": "41110-TX-2", "taxpayer_type": "법인", "name": "(주)한빛",
                           "brn": "220-81-62517"})
    assert business.nodes[0][0] == "BusinessRecord" and business.nodes[0][1]["brn"] == "2208162517"


def test_refund_derives_its_account_and_links_taxpayer_account_and_official() -> None:
    row = _mapper("local_tax", "refunds").map({
        "refund_no": "41110-RF-1", "taxpayer_no": "41110-TX-1", "refund_date": "2024.03.01", "amount": "12,000",
        "bank_code": "4", "account_no": "123-456-789012", "processed_by": "41110-HR-7"})
    assert isinstance(row, MappedRow)
    nodes = dict(row.nodes)
    assert nodes["TaxRefund"]["amount"] == 12000 and nodes["TaxRefund"]["date"] == "2024-03-01"
    assert nodes["AccountRecord"]["source_key"] == "41110-AC-004-123456789012"
    assert nodes["AccountRecord"]["account_key"] == "004-123456789012"
    links = {(r[0], r[3], r[4], r[5]) for r in row.rels}
    assert (0, ("PersonRecord", "BusinessRecord"), "local_tax", "41110-TX-1") in links
    assert (2, ("AccountRecord",), "local_tax", "41110-AC-004-123456789012") in links
    assert (3, ("PersonRecord",), "local_hr", "41110-HR-7") in links


def test_optional_values_that_are_unusable_are_dropped_with_a_warning() -> None:
    row = _mapper("local_tax", "refunds").map({
        "refund_no": "41110-RF-1", "taxpayer_no": "41110-TX-1", "refund_date": "20240301", "amount": "1",
        "bank_code": "004", "account_no": "1234567890", "processed_by": "bad key with spaces"})
    assert isinstance(row, MappedRow)
    assert [w[0] for w in row.warnings] == ["processed_by"]
    assert all(r[4] != "local_hr" for r in row.rels)  # no link to an official that cannot be named


def test_required_values_refuse_the_row_with_every_reason() -> None:
    refusal = _mapper("local_tax", "refunds").map({"refund_no": "41110-RF-1", "amount": "1.5"})
    assert isinstance(refusal, Refusal)
    columns = {reason.split(":")[0] for reason in refusal.reasons}
    assert columns == {"taxpayer_no", "refund_date", "amount", "bank_code", "account_no"}


def test_relative_links_to_the_official_with_the_relation() -> None:
    row = _mapper("local_hr", "family").map({"relative_no": "41110-FM-1", "employee_no": "41110-HR-7",
                                             "relation": "배우자", "name": "이영희"})
    (rel,) = row.rels
    assert rel[3:] == (("PersonRecord",), "local_hr", "41110-HR-7", {"relation": "spouse"})
    assert "LEE YEONGHUI" in row.nodes[0][1]["name_alts"]


def test_accounting_negatives_and_what_the_contract_says_about_negative_amounts() -> None:
    base = {"assessment_no": "41110-AS-1", "taxpayer_no": "41110-TX-1", "tax_type": "취득세",
            "assessed_on": "2024-03-01"}
    mapper = _mapper("local_tax", "assessments")
    # tax_base warns (the default), tax_amount refuses (`negative: refuse` in local_tax.yaml)
    row = mapper.map({**base, "tax_amount": "5,000", "tax_base": "(1,200,000원)"})
    assert isinstance(row, MappedRow)
    assert dict(row.nodes)["TaxAssessment"]["base_amount"] == -1_200_000
    assert [c for c, _w in row.warnings] == ["tax_base"] and "negative" in row.warnings[0][1]
    for text in ("(5000)", "-5,000원", "(₩5,000)"):
        refused = mapper.map({**base, "tax_amount": text})
        assert isinstance(refused, Refusal) and refused.reasons == ["tax_amount: negative (-5,000), the contract "
                                                                    "allows none"], text
    assert isinstance(mapper.map({**base, "tax_amount": "((5000))"}), Refusal)
    assert isinstance(mapper.map({**base, "tax_amount": str(1 << 63)}), Refusal)
    assert isinstance(mapper.map({**base, "tax_amount": str((1 << 63) - 1)}), MappedRow)


def test_resident_numbers_typed_into_free_text_are_masked_and_warned() -> None:
    row = _mapper("local_tax", "taxpayers").map({
        "taxpayer_no": "41110-TX-9", "taxpayer_type": "개인", "name": "홍길동7306041295942",
        "address": "서울 종로구 730604-1295942 (세입자)", "phone": "010-1234-5678"})
    assert isinstance(row, MappedRow)
    props = row.nodes[0][1]
    assert "1295942" not in repr(props)
    assert "730604-1******" in props["address"] and props["address"].startswith("서울 종로구 ")
    assert "730604-1******" in props["name"]
    assert sorted(c for c, w in row.warnings if "resident registration number" in w) == ["address", "name"]
    note = _mapper("local_tax", "refunds").map({
        "refund_no": "41110-RF-9", "taxpayer_no": "41110-TX-9", "refund_date": "2024-03-01", "amount": "1000",
        "bank_code": "004", "account_no": "123456789012", "reason": "본인 확인 7306041295942, 8501011234566 대리"})
    assert isinstance(note, MappedRow)
    assert dict(note.nodes)["TaxRefund"]["reason"] == "본인 확인 730604-1******, 850101-1****** 대리"
    # An account number of 13 digits is not a resident number: its kind keeps it.
    assert dict(note.nodes)["AccountRecord"]["account_no"] == "123456789012"


def test_mask_text_leaves_other_digit_runs_alone() -> None:
    from loaders.masking import mask_text

    assert mask_text("tel 01012345678, 2024-07-01, 12345678901234") == ("tel 01012345678, 2024-07-01, "
                                                                          "12345678901234", 0)
    assert mask_text("731399-1234567") == ("731399-1234567", 0)  # no 99th day
    assert mask_text("a 000101 3123456 b") == ("a 000101-3****** b", 1)
