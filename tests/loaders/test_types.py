"""Identifier kinds: what each cleans a raw value into, and what it refuses (table-driven)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest

from loaders.types import KINDS, kind
from loaders.types.rrn import ResidentNumber

CLEAN = [
    # kind, raw, expected cleaned value (None = refused)
    ("brn", "220-81-62517", "2208162517"),
    ("brn", "220 81 62517", "2208162517"),
    ("brn", "220-81-62518", None),
    ("crn", "110111-1234569", "1101111234569"),
    ("crn", "110111-1234560", None),
    ("pnu", "4111010100-1-0001-0000", "4111010100100010000"),
    ("pnu", "4111010100300010000", None),  # land type 3
    ("pnu", "9911010100100010000", None),  # no province 99
    ("pnu", "4111010100100000000", None),  # main lot 0000
    ("pnu", "411101010010001000", None),  # 18 digits
    ("bank_code", "4", "004"),
    ("bank_code", 88, "088"),
    ("bank_code", "999", None),
    ("account_no", "123-456-789012", "123456789012"),
    ("account_no", 12345678901, "12345678901"),
    ("account_no", "123456789", None),
    ("account_no", "12345678901234567", None),
    ("account_no", "1234-5678-90AB", None),
    ("date", "20240301", "2024-03-01"),
    ("date", "2024-03-01", "2024-03-01"),
    ("date", "2024.03.01", "2024-03-01"),
    ("date", "2024. 3. 1.", "2024-03-01"),
    ("date", "2024/03/01", "2024-03-01"),
    ("date", dt.date(2024, 3, 1), "2024-03-01"),
    ("date", "2023-02-29", None),
    ("date", "2024-13-01", None),
    ("date", "01/03/2024", None),
    ("date", "1850-01-01", None),
    ("amount", "1,234,000", 1234000),
    ("amount", "1,234,000원", 1234000),
    ("amount", "₩5,000", 5000),
    ("amount", "1234.0", 1234),
    ("amount", 1234.0, 1234),
    ("amount", "12.5", None),
    ("amount", "1,23,4", None),
    ("amount", "abc", None),
    ("number", "330.5㎡", 330.5),
    ("number", "1,330.25", 1330.25),
    ("number", "inf", None),
    ("phone", "010-1234-5678", "010-1234-5678"),
    ("phone", "01012345678", "010-1234-5678"),
    ("phone", "+82 10 1234 5678", "010-1234-5678"),
    ("phone", "02-123-4567", "02-123-4567"),
    ("phone", "1234", None),
    ("phone", "010-CALL-ME", None),
    ("email", "Kim@Suwon.go.kr", "kim@suwon.go.kr"),
    ("email", "not-an-email", None),
    ("boolean", "Y", True),
    ("boolean", "예", True),
    ("boolean", "0", False),
    ("boolean", "maybe", None),
    ("mcc", "742", "0742"),
    ("mcc", "58123", None),
    ("card_no", "9410-1234-5678-9012", "9410-****-****-9012"),
    ("card_no", "9410-12", None),
    ("key", "41110-TX-0000123", "41110-TX-0000123"),
    ("key", "41110 TX 1", None),
    ("address", "경기도  수원시   장안구", "경기도 수원시 장안구"),
    ("address", "1", None),
    ("text", "  a  b ", "a b"),
    ("code", "２０２４", "2024"),  # full-width digits
]


@pytest.mark.parametrize(("name", "raw", "expected"), CLEAN)
def test_clean(name: str, raw: object, expected: object) -> None:
    k = kind(name)
    assert k.clean(raw) == expected
    if expected is None:
        assert k.validate(raw), "a refused value must come with a reason"
    else:
        assert k.validate(raw) is None


@pytest.mark.parametrize("name", sorted(set(KINDS) - {"category"}))
@pytest.mark.parametrize("empty", [None, "", "  ", "NULL", float("nan")])
def test_empty_values_are_none_without_reason(name: str, empty: object) -> None:
    assert kind(name).clean(empty) is None
    assert kind(name).validate(empty) is None


def test_datetime_keeps_time_and_gives_its_date() -> None:
    value = kind("datetime").clean("2024.03.01 23:10")
    assert value == {"value": "2024-03-01T23:10:00", "date": "2024-03-01", "time": "23:10:00"}
    assert kind("datetime").clean("20240301 2310")["value"] == "2024-03-01T23:10:00"
    assert kind("datetime").clean("20240301231005")["value"] == "2024-03-01T23:10:05"
    assert kind("datetime").clean("2024-03-01 25:10") is None


def test_category_values_and_aliases() -> None:
    k = kind("category", values=["acquisition", "property"], aliases={"취득세": "acquisition"})
    assert k.clean("Acquisition") == "acquisition"
    assert k.clean("취득세") == "acquisition"
    assert k.clean("재산세") is None and "not one of" in (k.validate("재산세") or "")
    with pytest.raises(ValueError):
        kind("category", values=["a"], aliases={"x": "b"})


RRN_KEY = b"unit-test-key"


@pytest.mark.parametrize(("raw", "masked", "birth", "sex", "check_ok"), [
    ("850101-1234566", "850101-1******", "1985-01-01", "M", True),
    ("8501011234566", "850101-1******", "1985-01-01", "M", True),
    ("850101-1234567", "850101-1******", "1985-01-01", "M", False),  # random tail since 2020-10: kept
    ("000229-4123457", "000229-4******", "2000-02-29", "F", True),
    ("750505-5123456", "750505-5******", "1975-05-05", "M", True),  # a foreigner's number
])
def test_resident_number_is_hashed_masked_and_never_kept(raw: str, masked: str, birth: str, sex: str,
                                                         check_ok: bool) -> None:
    k = ResidentNumber(RRN_KEY)
    value = k.clean(raw)
    digits = raw.replace("-", "")
    assert value["hash"] == hmac.new(RRN_KEY, digits.encode(), hashlib.sha256).hexdigest()
    assert (value["masked"], value["birth_date"], value["sex"], value["check_ok"]) == (masked, birth, sex, check_ok)
    assert digits not in repr(value) and raw not in repr(value)
    assert (k.warn(value) is not None) is (not check_ok)


@pytest.mark.parametrize("raw", ["851301-1234566", "850132-1234566", "010229-3123456", "12345", "85010112345A6",
                                 "990101-4123456"])
def test_resident_number_refusals_never_quote_the_number(raw: str) -> None:
    k = ResidentNumber(RRN_KEY)
    assert k.clean(raw) is None
    reason = k.validate(raw)
    assert reason and raw not in reason and raw.replace("-", "") not in reason


def test_masked_resident_numbers_are_accepted_without_hash() -> None:
    value = ResidentNumber(RRN_KEY).clean("850101-1******")
    assert value["hash"] is None and value["birth_date"] == "1985-01-01" and value["sex"] == "M"
    assert ResidentNumber(RRN_KEY).mask_raw("850101-1234566") == "850101-*******"


@pytest.mark.parametrize(("raw", "name", "alt"), [
    ("김 철수", "김철수", "KIM CHEOLSU"),
    ("이영희", "이영희", "LEE YEONGHUI"),
    ("이영희", "이영희", "YI YEONGHUI"),
    ("박민준(PARK MINJUN)", "박민준", "PARK MINJUN"),
    ("Kim Chul-soo", "KIM CHULSOO", None),
])
def test_names(raw: str, name: str, alt: str | None) -> None:
    value = kind("name").clean(raw)
    assert value["value"] == name
    if alt:
        assert alt in value["alts"]
    assert kind("name").compare(kind("name").clean("김철수"), kind("name").clean("김 철수")) == 1.0


def test_names_without_letters_are_refused() -> None:
    assert kind("name").clean("12345") is None
