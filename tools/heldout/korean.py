"""Korean identifiers, names, addresses and phones, written from DESIGN.md section 11 alone.

Deliberately independent of the product's own types library and of the generator: the held-out town must
not share their assumptions.
"""

from __future__ import annotations

import random
from datetime import date

FAMILY = [("김", 21.5), ("이", 14.7), ("박", 8.4), ("최", 4.7), ("정", 4.3), ("강", 2.4), ("조", 2.1),
          ("윤", 2.0), ("장", 2.0), ("임", 1.7), ("한", 1.5), ("오", 1.5), ("서", 1.5), ("신", 1.5),
          ("권", 1.4), ("황", 1.4), ("안", 1.4), ("송", 1.3), ("전", 1.3), ("홍", 1.1), ("유", 1.0),
          ("고", 0.9), ("문", 0.9), ("양", 0.8), ("손", 0.8), ("배", 0.8), ("백", 0.7), ("허", 0.6),
          ("남궁", 0.05), ("황보", 0.05), ("제갈", 0.03), ("선우", 0.03)]
ROMAN_FAMILY = {"김": ["KIM", "GIM"], "이": ["LEE", "YI", "RHEE"], "박": ["PARK", "PAK", "BAK"],
                "최": ["CHOI", "CHOE"], "정": ["JUNG", "JEONG", "CHUNG"], "임": ["LIM", "YIM", "IM"],
                "조": ["CHO", "JO"], "윤": ["YOON", "YUN"], "강": ["KANG", "GANG"], "장": ["JANG", "CHANG"],
                "한": ["HAN"], "오": ["OH", "O"], "서": ["SEO", "SUH"], "신": ["SHIN", "SIN"],
                "권": ["KWON", "GWON"], "황": ["HWANG"], "안": ["AHN", "AN"], "송": ["SONG"],
                "전": ["JEON", "JUN"], "홍": ["HONG"], "유": ["YOO", "YU"], "고": ["KO", "GO"],
                "문": ["MOON", "MUN"], "양": ["YANG"], "손": ["SON", "SOHN"], "배": ["BAE"],
                "백": ["BAEK", "PAIK"], "허": ["HEO", "HUH"]}
# Given names by decade of birth, most popular first (namesakes come from the head of each list).
GIVEN = {
    "m_old": "영수 영호 영철 상철 정수 성호 성수 영식 광수 병철 종수 재호 동수 승호 정호 만수 용수 기철".split(),
    "f_old": "영숙 정숙 영자 순자 명숙 경숙 영희 정희 미숙 순희 옥순 춘자 말순 숙자 경자 정순 영순".split(),
    "m_mid": "정훈 성진 지훈 동현 민수 준호 상훈 성민 재훈 현우 준영 영진 진우 태호 성훈 민호 승현 재영".split(),
    "f_mid": "지영 미영 은정 현정 수진 은영 미경 지현 혜진 선영 유진 정은 미정 은주 소영 혜영 지은".split(),
    "m_new": "민준 서준 도윤 예준 시우 하준 지호 주원 지훈 준우 건우 현우 우진 선우 서진 유준 연우 민재".split(),
    "f_new": "서연 서윤 지우 서현 민서 하은 하윤 윤서 지유 지민 채원 수아 지아 다은 예은 수빈 민지 예린".split(),
}
SYL_I = "g kk n d tt r m b pp s ss  j jj ch k t p h".split(" ")
SYL_V = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
SYL_F = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
         "t", "ng", "t", "t", "k", "t", "p", "t"]


def pick_family(rng: random.Random) -> str:
    return rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]


def pick_given(rng: random.Random, sex: str, year: int) -> str:
    era = "old" if year < 1965 else "mid" if year < 1995 else "new"
    pool = GIVEN[f"{sex}_{era}"]
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(pool))]
    return rng.choices(pool, weights=weights)[0]


def rr(syllables: str) -> str:
    """Revised Romanisation, syllable by syllable (no sound-change rules: banks do not apply them)."""
    out = []
    for ch in syllables:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            out.append(ch)
            continue
        i, v, f = code // 588, (code % 588) // 28, code % 28
        out.append(SYL_I[i] + SYL_V[v] + SYL_F[f])
    return "".join(out)


def romanise(family: str, given: str, rng: random.Random) -> str:
    fam = rng.choice(ROMAN_FAMILY.get(family, [rr(family).upper()]))
    parts = [rr(s).upper() for s in given]
    style = rng.random()
    g = "-".join(parts) if style < 0.4 else "".join(parts) if style < 0.8 else " ".join(parts)
    return f"{fam} {g}" if rng.random() < 0.85 else f"{g} {fam}"


def name_variant(family: str, given: str, rng: random.Random, p: float = 0.06) -> str:
    """How a clerk typed the name: usually exact, sometimes with a space, a dropped or swapped syllable."""
    r = rng.random()
    if r > p:
        return family + given
    if r < p * 0.6:
        return f"{family} {given}"
    if r < p * 0.8 and len(given) == 2:
        return family + given[0]
    if len(given) == 2:
        return family + given[1] + given[0]
    return family + given


# -- identifiers ---------------------------------------------------------------------------------------
RRN_W = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]


def rrn(birth: date, sex: str, rng: random.Random) -> str:
    century = 1 if birth.year < 2000 else 3
    s = century + (0 if sex == "m" else 1)
    body = f"{birth:%y%m%d}{s}" + "".join(str(rng.randrange(10)) for _ in range(5))
    if birth >= date(2020, 10, 1):
        check = rng.randrange(10)  # random tails since October 2020
    else:
        check = (11 - sum(int(d) * w for d, w in zip(body, RRN_W, strict=True)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{check}"


def masked(number: str) -> str:
    return number[:8] + "******"


def brn(rng: random.Random) -> str:
    d = [rng.randrange(10) for _ in range(9)]
    d[0] = rng.randrange(1, 10)
    s = sum(x * w for x, w in zip(d, [1, 3, 7, 1, 3, 7, 1, 3, 5], strict=True)) + d[8] * 5 // 10
    return "".join(map(str, d)) + str((10 - s % 10) % 10)


def brn_hyphen(number: str) -> str:
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def crn(rng: random.Random) -> str:
    d = [rng.randrange(10) for _ in range(12)]
    s = sum(x * (1 if i % 2 == 0 else 2) for i, x in enumerate(d))
    return "".join(map(str, d)) + str((10 - s % 10) % 10)


BANKS = {"004": 14, "088": 12, "020": 13, "081": 14, "011": 13, "003": 14}


def account(rng: random.Random) -> tuple[str, str]:
    bank = rng.choice(list(BANKS))
    n = BANKS[bank]
    return bank, "".join(str(rng.randrange(10)) for _ in range(n))


def account_text(no: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return no
    return f"{no[:3]}-{no[3:6]}-{no[6:]}"


def phone(rng: random.Random) -> str:
    return f"010{rng.randrange(10**8):08d}"


def phone_form(p: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return f"{p[:3]}-{p[3:7]}-{p[7:]}"
    if r < 0.8:
        return p
    return f"+82 {p[1:3]}-{p[3:7]}-{p[7:]}"


# -- places ---------------------------------------------------------------------------------------
PROVINCES = {"41": ("경기도", "경기"), "11": ("서울특별시", "서울시"), "26": ("부산광역시", "부산"),
             "44": ("충청남도", "충남"), "28": ("인천광역시", "인천")}
CITIES = {"41281": "고양시 덕양구", "41111": "수원시 장안구", "41131": "성남시 수정구", "11110": "종로구",
          "26110": "중구", "44131": "천안시 동남구", "28110": "중구"}
DONGS = ["주교동", "원당동", "성사동", "화정동", "행신동", "토당동", "능곡동", "관산동", "고양동", "대자동",
         "삼송동", "도내동"]
ROADS = ["화정로", "충장로", "고양대로", "중앙로", "호국로", "행신로", "토당로", "능곡로", "원당로", "성사로",
         "관산로", "삼송로", "도내로", "신원로", "권율대로"]


class Place:
    """One address: a lot (dong + number) and its road-name form, optionally a unit."""

    def __init__(self, gov: str, rng: random.Random, dong_ix: int | None = None) -> None:
        self.gov = gov
        self.dong_ix = rng.randrange(len(DONGS)) if dong_ix is None else dong_ix
        self.main = rng.randint(1, 999)
        self.sub = rng.choice([0, 0, 0, rng.randint(1, 40)])
        self.land = 1 if rng.random() < 0.95 else 2
        self.road = rng.choice(ROADS)
        self.road_no = rng.randint(1, 300)
        self.unit = (f"{rng.randint(101, 120)}동 {rng.randint(1, 25)}{rng.randint(1, 4):02d}호"
                     if rng.random() < 0.5 else "")

    @property
    def dong_code(self) -> str:
        return f"{self.gov}{101 + self.dong_ix:03d}00"

    @property
    def pnu(self) -> str:
        return f"{self.dong_code}{self.land}{self.main:04d}{self.sub:04d}"

    def text(self, rng: random.Random, unit: bool = True) -> str:
        full, short = PROVINCES.get(self.gov[:2], ("경기도", "경기"))
        prov = full if rng.random() < 0.6 else short
        city = CITIES.get(self.gov, "덕양구")
        if rng.random() < 0.55:
            base = f"{prov} {city} {self.road} {self.road_no}"
            sep = ", "
        else:
            lot = f"{self.main}" + (f"-{self.sub}" if self.sub else "")
            base = f"{prov} {city} {DONGS[self.dong_ix]} {'산' if self.land == 2 else ''}{lot}"
            sep = " "
        if unit and self.unit and rng.random() < 0.75:
            return base + sep + self.unit
        return base
