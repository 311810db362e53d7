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
    ("number", "105평", None),  # a unit of area in a plain number: refused, never read as 105
    ("area", "330.5㎡", 330.5),
    ("area", "330.5 m²", 330.5),
    ("area", "1,330.25", 1330.25),
    ("area", 329.5, 329.5),
    ("area", "105평", 347.11),  # 105 x 3.3058 = 347.109 m2
    ("area", "105 평", 347.11),
    ("area", "99.7坪", 329.59),
    ("area", "１００평", 330.58),  # full-width digits
    ("area", "105평형", None),  # an apartment size class, not a floor area
    ("area", "105평㎡", None),
    ("area", "-12.5", None),
    ("area", -12.5, None),
    ("area", "3 acres", None),
    ("area", "inf", None),
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


# --- the Korean types library: names, phones, addresses -------------------------------------------------

from loaders.types import hangul, places  # noqa: E402

ROMANISED_KEY = [
    ("김민준", "gim minjun"),
    ("KIM MIN-JUN", "gim minjun"),
    ("Minjun Kim", "gim minjun"),
    ("이서연", "i seoyeon"),
    ("LEE SEOYEON", "i seoyeon"),
    ("Yi Seoyeon", "i seoyeon"),
    ("RHEE SEOYEON", "i seoyeon"),
    ("I SEOYEON", "i seoyeon"),
    ("PARK JI-YEONG", "bak jiyeong"),
    ("Pak Jiyeong", "bak jiyeong"),
    ("박지영", "bak jiyeong"),
    ("YIM MINJI", "im minji"),
    ("LIM MINJI", "im minji"),
    ("임민지", "im minji"),
    ("CHOE SUA", "choe sua"),
    ("CHOI SUA", "choe sua"),
    ("CHUNG HAEIN", "jeong haein"),
    ("정해인", "jeong haein"),
    ("한 미유", "han miyu"),
    ("남궁민수", "namgung minsu"),
    ("NAMKOONG MINSU", "namgung minsu"),
    ("황보 혜정", "hwangbo hyejeong"),
    ("제갈공명", "jegal gongmyeong"),
    ("선우은숙", "seonu eunsuk"),
    ("SUNWOO EUNSUK", "seonu eunsuk"),
    ("독고영재", "dokgo yeongjae"),
    ("YOO JIMIN", "ryu jimin"),  # 유 and 류 share YOO/YU: one token for both
    ("유지민", "ryu jimin"),
    ("류지민", "ryu jimin"),
    ("", None),
    ("---", None),
]


@pytest.mark.parametrize(("raw", "key"), ROMANISED_KEY)
def test_romanised_key(raw: str, key: str | None) -> None:
    assert hangul.romanised_key(raw) == key


@pytest.mark.parametrize(("text", "roman"), [
    ("닭", "dak"), ("삶", "sam"), ("읊", "eup"), ("여덟", "yeodeol"), ("값", "gap"), ("않", "an"),
    ("김", "gim"), ("쌍", "ssang"),
])
def test_final_consonant_clusters_romanise_once(text: str, roman: str) -> None:
    assert hangul.romanise(text) == roman


@pytest.mark.parametrize(("name", "parts"), [
    ("김민준", ("김", "민준")), ("남궁민수", ("남궁", "민수")), ("남궁", ("남", "궁")), ("황보현", ("황보", "현")),
    ("선우", ("선", "우")), ("이", ("이", "")),
])
def test_split_name_knows_two_syllable_family_names(name: str, parts: tuple[str, str]) -> None:
    assert hangul.split_name(name) == parts


def test_jamo_and_normalise() -> None:
    assert hangul.normalise(" 한  미유 ") == "한미유"
    assert hangul.normalise("Kim  Minjun") == "Kim Minjun"
    assert hangul.jamo("김") == "\u1100\u1175\u11b7"
    # NFD input (letters typed separately) is the same name as the composed one
    assert hangul.jamo("\u1100\u1175\u11b7민준") == hangul.jamo("김민준")
    assert hangul.normalise("\u1100\u1175\u11b7") == "김"


def test_one_family_table_with_shares_and_spellings() -> None:
    table = hangul.FAMILY_BY_HANGUL
    assert {"LEE", "YI", "RHEE", "I"} <= set(table["이"].spellings)
    assert {"PARK", "PAK", "BAK"} <= set(table["박"].spellings)
    assert {"남궁", "황보", "제갈", "선우", "독고"} <= hangul.TWO_SYLLABLE_FAMILIES
    big3 = table["김"].share + table["이"].share + table["박"].share
    assert 44 <= big3 <= 46
    assert hangul.romanisations("박지영")[:2] == ["BAK JIYEONG", "PARK JIYEONG"]


@pytest.mark.parametrize(("raw", "digits"), [
    ("010-1234-5678", "01012345678"), ("01012345678", "01012345678"), ("+82 10-1234-5678", "01012345678"),
    ("+82-10-1234-5678", "01012345678"), ("(02) 123-4567", "021234567"), ("+82 2 123 4567", "021234567"),
    ("010.1234.5678", "01012345678"), ("12345", None), ("call me", None), ("", None),
])
def test_phone_digits(raw: str, digits: str | None) -> None:
    assert places.phone_digits(raw) == digits


def test_phone_kind_gives_one_form_for_three_spellings() -> None:
    phone = kind("phone")
    assert {phone.clean(v) for v in ("010-1234-5678", "01012345678", "+82 10-1234-5678")} == {"010-1234-5678"}


@pytest.mark.parametrize(("left", "right"), [
    ("충청남도 천안시 동남구 신부동 123-4", "충남 천안시 동남구 신부동 123-4"),
    ("서울특별시 중구 세종대로 110", "서울시 중구 세종대로 110 3층"),
    ("서울특별시 중구 세종대로 110, 101동 1201호", "서울 중구 세종대로 110"),
    ("경기도 수원시 팔달구 효원로 241 (인계동)", "경기 수원시 팔달구 효원로 241 지하1층 (인계동)"),
])
def test_address_forms_of_one_place_share_one_key(left: str, right: str) -> None:
    assert places.address_key(left) == places.address_key(right)


def test_road_and_lot_forms_share_province_locality_and_town() -> None:
    road = places.address_parts("충청남도 천안시 동남구 만남로 12 (신부동) 3층 301호")
    lot = places.address_parts("충남 천안시 동남구 신부동 123-4")
    assert (road.province, road.locality, road.town) == (lot.province, lot.locality, lot.town) == (
        "충남", ("천안시", "동남구"), "신부동")
    assert (road.road, road.building_no, lot.lot) == ("만남로", "12", "123-4")
    other = places.address_parts("충남 천안시 동남구 신부2동 123-4")
    assert other.town == "신부2동" and other.key() != lot.key()


def test_area_refusals_say_what_to_write() -> None:
    assert "negative" in (kind("area").validate("-12.5") or "")
    assert "평" in (kind("area").validate("105평형") or "")
