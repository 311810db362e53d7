"""Korean names: family names with their real shares, given names from common syllables,
romanisation variants (Lee/Yi/Rhee ...) and Hangul typos."""

from __future__ import annotations

import numpy as np

from loaders.types.hangul import (
    FAMILY_BY_HANGUL,
    FAMILY_NAMES,
    family_spellings,
    romanise_syllable,
    split_name,
)

# One family-name table for the whole project (loaders.types.hangul); two-syllable names included.
FAMILY = FAMILY_NAMES
GIVEN_SYLLABLES = tuple("민서지현준우예도하윤수연은진영성재희혜경정동상훈호석철미숙자순옥태원주유아나소채시건승한빈규범")

_SIMILAR_MEDIAL = {4: 6, 6: 4, 1: 5, 5: 1, 8: 13, 13: 8, 20: 18, 18: 20, 0: 2, 2: 0}
FAMILY_HANGUL = np.array([f.hangul for f in FAMILY])
FAMILY_SHARE = np.array([f.share for f in FAMILY]) / sum(f.share for f in FAMILY)
SYLLABLES = np.array(GIVEN_SYLLABLES)


def draw_family(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.choice(len(FAMILY), size=n, p=FAMILY_SHARE)


def draw_given(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, len(SYLLABLES), size=(n, 2))


# Given names that top the birth registers of each decade (boys and girls together): a third to a half of
# the people of a decade carry one of them, so namesakes (same name, same birth year) are common.
POPULAR_BY_DECADE: dict[int, tuple[str, ...]] = {
    1930: ("영수", "영자", "순자", "정순", "옥순", "영호", "정자", "춘자", "영식", "경자"),
    1940: ("영수", "영자", "정자", "순자", "영철", "정숙", "영희", "영호", "광수", "명자"),
    1950: ("영수", "영숙", "정숙", "영호", "영희", "순자", "영철", "경숙", "정희", "상철"),
    1960: ("영수", "미숙", "영숙", "정희", "경희", "영철", "성수", "순영", "상훈", "미경"),
    1970: ("정훈", "은정", "성호", "미영", "현주", "성훈", "지영", "상현", "은주", "영진"),
    1980: ("지훈", "지영", "성민", "현정", "정훈", "은영", "성진", "미정", "준영", "수진"),
    1990: ("지훈", "민지", "현우", "지혜", "성민", "유진", "준영", "수빈", "동현", "지은"),
    2000: ("민준", "서연", "현우", "민서", "지훈", "수빈", "동현", "지원", "준서", "서현"),
    2010: ("민준", "서윤", "서준", "서연", "도윤", "지우", "하준", "하은", "주원", "지유"),
    2020: ("이준", "서아", "도윤", "하윤", "시우", "지안", "서준", "이서", "하준", "아윤"),
}
ZIPF = 1.0 / np.arange(1, 11) ** 0.8


def popular_given(birth_year: np.ndarray, rng: np.random.Generator, share: float = 0.4) -> np.ndarray:
    """A popular given name of the birth decade for a share of people ('' for the others)."""
    out = np.full(len(birth_year), "", dtype=object)
    decade = np.clip(birth_year // 10 * 10, 1930, 2020)
    chosen = rng.random(len(birth_year)) < share
    for dec, names_of in POPULAR_BY_DECADE.items():
        sel = np.flatnonzero(chosen & (decade == dec))
        out[sel] = np.array(names_of, dtype=object)[rng.choice(len(names_of), size=len(sel), p=ZIPF / ZIPF.sum())]
    return out


def varied_name(name: str, rng: np.random.Generator) -> str:
    """The ways a clerk writes a known name differently: a space inside (`한 미유`), the given name's
    syllables swapped (`김준민`), one syllable dropped or a short form (`김민`)."""
    family, given = split_name(name)
    pick = rng.random()
    if pick < 0.5 or len(given) < 2:
        at = len(family) if rng.random() < 0.8 else int(rng.integers(1, len(name)))
        return f"{name[:at]} {name[at:]}"
    if pick < 0.8:
        return family + given[::-1]
    return family + given[:-1]


def hangul_names(family: np.ndarray, given: np.ndarray) -> np.ndarray:
    return np.char.add(np.char.add(FAMILY_HANGUL[family], SYLLABLES[given[:, 0]]), SYLLABLES[given[:, 1]])


def romanise(name: str, variant: int = 0) -> str:
    """A romanised spelling of a Hangul name; `variant` picks among the spellings people use."""
    family, given_name = split_name(name)
    known = FAMILY_BY_HANGUL.get(family)
    spellings = known.spellings if known else family_spellings(family)
    fam = spellings[variant % len(spellings)]
    syll = [romanise_syllable(c, old=variant % 3 == 2) for c in given_name]
    style = variant % 4
    if style == 0:
        given = "".join(syll).upper()
    elif style == 1:
        given = "-".join(s.capitalize() for s in syll)
    elif style == 2:
        given = " ".join(s.upper() for s in syll)
    else:
        given = "".join(syll).capitalize()
    return f"{fam} {given}" if style != 3 else f"{given} {fam.capitalize()}"


def hangul_typo(name: str, rng: np.random.Generator) -> str:
    """Change one syllable of the given name the way typists do (similar vowel, dropped or added final)."""
    if len(name) < 2:
        return name
    pos = int(rng.integers(1, len(name)))
    code = ord(name[pos]) - 0xAC00
    if not 0 <= code < 11172:
        return name
    ini, med, fin = code // 588, (code % 588) // 28, code % 28
    if med in _SIMILAR_MEDIAL and rng.random() < 0.6:
        med = _SIMILAR_MEDIAL[med]
    else:
        fin = 0 if fin else 4
    return name[:pos] + chr(0xAC00 + ini * 588 + med * 28 + fin) + name[pos + 1:]


BUSINESS_STEMS = ("한빛", "대성", "미래", "동방", "성진", "태양", "우리", "새한", "청솔", "푸른", "다온", "한결", "늘봄",
                  "금강", "백두", "한라", "세종", "광명", "하나로", "으뜸", "바른", "참좋은", "행복", "제일", "신흥")
CATEGORY_SUFFIX = {
    "construction": ("건설", "종합건설", "토건"), "restaurant": ("식당", "가든", "한식", "국밥"),
    "bar": ("주점", "노래클럽", "유흥주점"), "retail": ("마트", "상회", "상사"), "hospital": ("의원", "병원", "한의원"),
    "lodging": ("모텔", "호텔"), "manufacturing": ("산업", "정밀", "테크"), "services": ("기획", "컨설팅", "시스템즈"),
    "supplies": ("문구", "사무기기", "오피스"),
}
CATEGORIES = tuple(CATEGORY_SUFFIX)
CATEGORY_SHARE = np.array([0.10, 0.28, 0.04, 0.22, 0.05, 0.04, 0.10, 0.12, 0.05])


def business_name(stem: int, category: str, suffix: int, corporate: bool, style: int) -> str:
    base = BUSINESS_STEMS[stem % len(BUSINESS_STEMS)] + CATEGORY_SUFFIX[category][suffix % len(CATEGORY_SUFFIX[category])]
    if not corporate:
        return base
    return ("(주)" + base, "주식회사 " + base, base + "(주)", "㈜" + base)[style % 4]
