"""The 24 months the extract covers, Korean public holidays, and the municipality's geography."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.errors import GeneratorError

START = np.datetime64("2024-01-01")
END = np.datetime64("2025-12-31")  # inclusive
MONTHS = np.arange(np.datetime64("2024-01"), np.datetime64("2026-01"))  # 24 months
EXTRACTED_ON = np.datetime64("2026-01-15")

HOLIDAYS = np.array([
    "2024-01-01", "2024-02-09", "2024-02-10", "2024-02-11", "2024-02-12", "2024-03-01", "2024-04-10",
    "2024-05-05", "2024-05-06", "2024-05-15", "2024-06-06", "2024-08-15", "2024-09-16", "2024-09-17",
    "2024-09-18", "2024-10-01", "2024-10-03", "2024-10-09", "2024-12-25",
    "2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-03-01", "2025-03-03",
    "2025-05-05", "2025-05-06", "2025-06-03", "2025-06-06", "2025-08-15", "2025-10-03", "2025-10-05",
    "2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09", "2025-12-25",
], dtype="datetime64[D]")

_ALL_DAYS = np.arange(START, END + 1)
_WEEKDAY = (_ALL_DAYS.astype(int) + 3) % 7  # Monday = 0
WORKDAYS = _ALL_DAYS[(_WEEKDAY < 5) & ~np.isin(_ALL_DAYS, HOLIDAYS)]
OFF_DAYS = _ALL_DAYS[(_WEEKDAY >= 5) | np.isin(_ALL_DAYS, HOLIDAYS)]


def is_off_day(day: np.datetime64) -> bool:
    return bool(np.isin(np.datetime64(day, "D"), OFF_DAYS))


def workday_on_or_after(days: np.ndarray) -> np.ndarray:
    """The first workday on or after each day (days after the window stay as they are)."""
    idx = np.searchsorted(WORKDAYS, days.astype("datetime64[D]"))
    inside = idx < len(WORKDAYS)
    out = days.astype("datetime64[D]").copy()
    out[inside] = WORKDAYS[idx[inside]]
    return out


PROVINCES = {"11": "서울특별시", "26": "부산광역시", "27": "대구광역시", "28": "인천광역시", "29": "광주광역시",
             "30": "대전광역시", "31": "울산광역시", "36": "세종특별자치시", "41": "경기도", "43": "충청북도",
             "44": "충청남도", "46": "전라남도", "47": "경상북도", "48": "경상남도", "50": "제주특별자치도",
             "51": "강원특별자치도", "52": "전북특별자치도"}
CITIES = {"41110": ("수원시", "suwon"), "41130": ("성남시", "seongnam"), "41280": ("고양시", "goyang"),
          "41480": ("파주시", "paju"), "41610": ("광주시", "gjcity"), "41820": ("가평군", "gp"),
          "11110": ("종로구", "jongno"), "11680": ("강남구", "gangnam"), "26110": ("중구", "bsjunggu"),
          "28237": ("부평구", "icbp"), "28260": ("서구", "seo.incheon"), "28720": ("옹진군", "ongjin"),
          "28185": ("연수구", "yeonsu"), "27110": ("중구", "jung.daegu"), "50110": ("제주시", "jejusi")}
DONG_NAMES = ("중앙동", "신흥동", "매산동", "영화동", "송죽동", "조원동", "연무동", "파장동", "율천동", "정자동",
              "세류동", "권선동", "곡선동", "입북동", "금곡동", "호매실동", "매탄동", "원천동", "광교동", "영통동",
              "인계동", "우만동", "지동", "행궁동", "평동", "서둔동", "구운동", "장안동", "화서동", "교동")
ROAD_STEMS = ("중부대로", "경수대로", "정조로", "팔달로", "수성로", "창룡대로", "매산로", "권광로", "월드컵로",
              "동수원로", "효원로", "세권로", "덕영대로", "장다리로", "화산로", "영통로", "봉영로", "광교로")


@dataclass(frozen=True)
class Government:
    code: str
    province: str
    name: str
    domain: str

    @property
    def full_name(self) -> str:
        return f"{self.province} {self.name}"


def government(code: str) -> Government:
    """The local government of a 5-digit code (province 2 + city/county 3)."""
    if len(code) != 5 or not code.isdigit():
        raise GeneratorError(f"government code {code!r} is not 5 digits",
                             hint="use province 2 + city/county 3 digits, e.g. 41110 (Suwon)")
    if code[:2] not in PROVINCES:
        raise GeneratorError(f"government code {code!r}: unknown province {code[:2]!r}",
                             hint="provinces: " + ", ".join(sorted(PROVINCES)))
    if code[2:] == "000":
        raise GeneratorError(f"government code {code!r} names a province, not a city, county or district",
                             hint="use a city/county/district code such as 41110")
    name, domain = CITIES.get(code, (f"시군구{code[2:]}", f"g{code}"))
    return Government(code=code, province=PROVINCES[code[:2]], name=name, domain=f"{domain}.go.kr")
