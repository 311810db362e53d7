"""Korean names: family names with their real shares, given names from common syllables,
romanisation variants (Lee/Yi/Rhee ...) and Hangul typos."""

from __future__ import annotations

import numpy as np

# (hangul, share in %, romanisations: the first is the most common)
FAMILY: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("김", 21.5, ("KIM", "GIM")), ("이", 14.7, ("LEE", "YI", "RHEE", "RI")), ("박", 8.4, ("PARK", "PAK", "BAK")),
    ("최", 4.7, ("CHOI", "CHOE")), ("정", 4.3, ("JUNG", "JEONG", "CHUNG")), ("강", 2.3, ("KANG", "GANG")),
    ("조", 2.1, ("CHO", "JO")), ("윤", 2.0, ("YOON", "YUN")), ("장", 2.0, ("JANG", "CHANG")),
    ("임", 1.7, ("LIM", "IM", "YIM")), ("한", 1.5, ("HAN",)), ("오", 1.5, ("OH", "O")), ("서", 1.5, ("SEO", "SUH")),
    ("신", 1.4, ("SHIN", "SIN")), ("권", 1.4, ("KWON", "GWON")), ("황", 1.4, ("HWANG",)), ("안", 1.3, ("AHN", "AN")),
    ("송", 1.3, ("SONG",)), ("류", 1.1, ("RYU", "YOO")), ("전", 1.1, ("JEON", "JUN", "CHUN")),
    ("홍", 1.0, ("HONG",)), ("고", 0.9, ("KO", "GO")), ("문", 0.9, ("MOON", "MUN")), ("양", 0.9, ("YANG",)),
    ("손", 0.9, ("SON", "SOHN")), ("배", 0.8, ("BAE",)), ("백", 0.8, ("BAEK", "PAIK")), ("허", 0.7, ("HEO", "HUH")),
    ("유", 0.7, ("YU", "YOO")), ("남", 0.6, ("NAM",)), ("심", 0.6, ("SIM", "SHIM")), ("노", 0.6, ("NO", "ROH")),
    ("하", 0.5, ("HA",)), ("곽", 0.4, ("KWAK", "GWAK")), ("성", 0.4, ("SUNG", "SEONG")), ("차", 0.4, ("CHA",)),
)
GIVEN_SYLLABLES = tuple("민서지현준우예도하윤수연은진영성재희혜경정동상훈호석철미숙자순옥태원주유아나소채시건승한빈규범")

INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i")
FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
          "ng", "t", "t", "k", "t", "p", "t")
# older (McCune-Reischauer-like) spellings people still use in passports and bank books
OLD_SPELLING = {"eo": "u", "eu": "u", "g": "k", "d": "t", "b": "p", "j": "ch", "ae": "ae", "wo": "won"}

_SIMILAR_MEDIAL = {4: 6, 6: 4, 1: 5, 5: 1, 8: 13, 13: 8, 20: 18, 18: 20, 0: 2, 2: 0}
FAMILY_HANGUL = np.array([f[0] for f in FAMILY])
FAMILY_SHARE = np.array([f[1] for f in FAMILY]) / sum(f[1] for f in FAMILY)
SYLLABLES = np.array(GIVEN_SYLLABLES)


def draw_family(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.choice(len(FAMILY), size=n, p=FAMILY_SHARE)


def draw_given(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, len(SYLLABLES), size=(n, 2))


def hangul_names(family: np.ndarray, given: np.ndarray) -> np.ndarray:
    return np.char.add(np.char.add(FAMILY_HANGUL[family], SYLLABLES[given[:, 0]]), SYLLABLES[given[:, 1]])


def romanise_syllable(ch: str, old: bool = False) -> str:
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return ch
    ini, med, fin = code // 588, (code % 588) // 28, code % 28
    parts = [INITIALS[ini], MEDIALS[med], FINALS[fin]]
    if old:
        parts = [OLD_SPELLING.get(p, p) for p in parts[:2]] + [parts[2]]
    return "".join(parts)


def romanise(name: str, variant: int = 0) -> str:
    """A romanised spelling of a Hangul name; `variant` picks among the spellings people use."""
    family = next((f for f in FAMILY if f[0] == name[0]), None)
    fam = family[2][variant % len(family[2])] if family else romanise_syllable(name[0]).upper()
    syll = [romanise_syllable(c, old=variant % 3 == 2) for c in name[1:]]
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
