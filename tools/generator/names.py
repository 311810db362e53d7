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
