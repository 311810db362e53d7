"""Korean personal names: Hangul normalisation, jamo, one romanisation and one family-name table.

The one copy that loaders, linkage and the generator share. A Hangul name is family name first, usually one
syllable (`김`), sometimes two (`남궁`, `황보`, `제갈`, `선우`, `독고` ...). Romanisation is the Revised
Romanisation syllable by syllable (names are romanised without sound changes across syllables); the older
McCune-Reischauer-like spellings people still carry in passports and bank books (`eo` -> `u`, `g` -> `k`)
are available as `old=True`. Family names have customary spellings (Lee/Yi/Rhee/I, Park/Pak/Bak ...);
`fold_family` maps every one of them back to the Revised Romanisation of the Hangul.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
           "yu", "eu", "ui", "i")
# Finals as pronounced at the end of a name syllable: ㄺ -> k, ㄻ -> m, ㄿ -> p, the other ㄹ clusters -> l.
FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
          "ng", "t", "t", "k", "t", "p", "t")
OLD_SPELLING = {"eo": "u", "eu": "u", "g": "k", "d": "t", "b": "p", "j": "ch", "wo": "wo"}
SYLLABLE_BASE, SYLLABLE_COUNT = 0xAC00, 11172
HANGUL = re.compile(r"[가-힣]")
HANGUL_NAME = re.compile(r"^[가-힣]{2,5}$")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FamilyName:
    hangul: str
    share: float                 # per cent of people (Statistics Korea 2015 census, rounded)
    spellings: tuple[str, ...]   # customary romanisations, most common first


FAMILY_NAMES: tuple[FamilyName, ...] = tuple(FamilyName(h, s, sp) for h, s, sp in (
    ("김", 21.5, ("KIM", "GIM")), ("이", 14.7, ("LEE", "YI", "RHEE", "I", "RI", "LI")),
    ("박", 8.4, ("PARK", "PAK", "BAK", "BAHK")), ("최", 4.7, ("CHOI", "CHOE")),
    ("정", 4.3, ("JUNG", "JEONG", "CHUNG", "CHEONG")), ("강", 2.3, ("KANG", "GANG")), ("조", 2.1, ("CHO", "JO")),
    ("윤", 2.0, ("YOON", "YUN")), ("장", 2.0, ("JANG", "CHANG")), ("임", 1.7, ("LIM", "IM", "YIM", "RIM")),
    ("한", 1.5, ("HAN",)), ("오", 1.5, ("OH", "O")), ("서", 1.5, ("SEO", "SUH")), ("신", 1.4, ("SHIN", "SIN")),
    ("권", 1.4, ("KWON", "GWON")), ("황", 1.4, ("HWANG",)), ("안", 1.3, ("AHN", "AN")), ("송", 1.3, ("SONG",)),
    ("류", 1.1, ("RYU", "YOO", "YU", "RYOO", "RHYU", "LYU")), ("전", 1.1, ("JEON", "JUN", "CHUN")), ("홍", 1.0, ("HONG",)),
    ("고", 0.9, ("KO", "GO")), ("문", 0.9, ("MOON", "MUN")), ("양", 0.9, ("YANG",)), ("손", 0.9, ("SON", "SOHN")),
    ("배", 0.8, ("BAE", "PAE")), ("백", 0.8, ("BAEK", "PAIK", "BAIK", "PAEK")), ("허", 0.7, ("HEO", "HUH", "HUR")),
    ("유", 0.7, ("YOO", "YU", "YOU")), ("남", 0.6, ("NAM",)), ("심", 0.6, ("SIM", "SHIM")),
    ("노", 0.6, ("NOH", "ROH", "NO")), ("하", 0.5, ("HA",)), ("곽", 0.4, ("KWAK", "GWAK")),
    ("성", 0.4, ("SUNG", "SEONG")), ("차", 0.4, ("CHA",)), ("주", 0.4, ("JOO", "JU", "CHOO")),
    ("우", 0.4, ("WOO", "U")), ("구", 0.4, ("KOO", "GU", "KU")), ("민", 0.3, ("MIN",)), ("진", 0.3, ("JIN", "CHIN")),
    ("지", 0.3, ("JI", "CHI")), ("엄", 0.3, ("EOM", "UM", "EUM")), ("채", 0.3, ("CHAE",)), ("나", 0.3, ("NA", "RA")),
    ("원", 0.3, ("WON",)), ("천", 0.2, ("CHEON",)), ("방", 0.2, ("BANG",)), ("공", 0.2, ("KONG", "GONG")),
    ("현", 0.2, ("HYUN", "HYEON")), ("함", 0.2, ("HAM",)), ("변", 0.2, ("BYUN", "BYEON")), ("염", 0.1, ("YEOM", "YUM")),
    ("여", 0.1, ("YEO",)), ("추", 0.1, ("CHOO", "CHU")), ("도", 0.1, ("DO", "DOH")), ("소", 0.1, ("SO",)),
    ("석", 0.1, ("SEOK", "SUK")), ("선", 0.1, ("SEON", "SUN")), ("설", 0.1, ("SEOL", "SUL")), ("마", 0.1, ("MA",)),
    ("길", 0.1, ("GIL", "KIL")), ("연", 0.1, ("YEON",)), ("위", 0.05, ("WI", "WEE")), ("표", 0.05, ("PYO",)),
    ("명", 0.05, ("MYUNG", "MYEONG")), ("기", 0.05, ("KI", "GI")), ("반", 0.05, ("BAN",)), ("왕", 0.05, ("WANG",)),
    ("금", 0.05, ("KEUM", "GEUM")), ("옥", 0.05, ("OK",)), ("육", 0.05, ("YOOK", "YUK")), ("인", 0.05, ("IN",)),
    ("맹", 0.05, ("MAENG",)), ("제", 0.05, ("JE",)), ("모", 0.05, ("MO",)), ("탁", 0.05, ("TAK",)),
    # two-syllable family names
    ("남궁", 0.04, ("NAMGUNG", "NAMKOONG", "NAMKUNG")), ("황보", 0.02, ("HWANGBO",)),
    ("제갈", 0.01, ("JEGAL", "CHEGAL")), ("선우", 0.01, ("SEONWOO", "SUNWOO", "SEONU")),
    ("독고", 0.005, ("DOKGO", "TOKKO")), ("사공", 0.01, ("SAGONG",)), ("서문", 0.004, ("SEOMUN", "SUHMOON")),
    ("동방", 0.001, ("DONGBANG",)), ("어금", 0.001, ("EOGEUM",)),
))
FAMILY_BY_HANGUL = {f.hangul: f for f in FAMILY_NAMES}
TWO_SYLLABLE_FAMILIES = frozenset(f.hangul for f in FAMILY_NAMES if len(f.hangul) == 2)


def romanise_syllable(ch: str, *, old: bool = False) -> str:
    """One Hangul syllable in lower-case Revised Romanisation (or the older spelling); others unchanged."""
    code = ord(ch) - SYLLABLE_BASE
    if not 0 <= code < SYLLABLE_COUNT:
        return ch
    parts = [INITIALS[code // 588], MEDIALS[(code % 588) // 28]]
    if old:
        parts = [OLD_SPELLING.get(p, p) for p in parts]
    return "".join(parts) + FINALS[code % 28]


def romanise(text: str, *, old: bool = False) -> str:
    """A Hangul string romanised syllable by syllable, lower case (`김민준` -> `gimminjun`)."""
    return "".join(romanise_syllable(ch, old=old) for ch in text)


def normalise(name: str | None) -> str | None:
    """NFKC/NFC form of a name with single spaces; a Hangul name loses its spaces (`한 미유` -> `한미유`)."""
    if name is None:
        return None
    text = SPACES.sub(" ", unicodedata.normalize("NFC", unicodedata.normalize("NFKC", str(name)))).strip()
    if not text:
        return None
    if HANGUL.search(text) and not re.search(r"[A-Za-z]", text):
        text = text.replace(" ", "")
    return text


def jamo(text: str | None) -> str | None:
    """Hangul split into letters (NFD), spaces dropped: a one-letter typo costs one letter, not a syllable."""
    text = normalise(text)
    return unicodedata.normalize("NFD", text.replace(" ", "")) if text else None


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a Hangul name without spaces; two-syllable family names when the name is long
    enough to leave a given name (`남궁민수` -> `남궁`, `민수`; `남궁` alone -> `남`, `궁`)."""
    if len(name) >= 3 and name[:2] in TWO_SYLLABLE_FAMILIES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def family_spellings(family: str) -> tuple[str, ...]:
    """Upper-case romanisations of a Hangul family name: Revised Romanisation first, then customary ones."""
    rr = romanise(family).upper()
    known = FAMILY_BY_HANGUL.get(family)
    return tuple(dict.fromkeys((rr, *(known.spellings if known else ()))))


# Any spelling of a family name, lower case -> one canonical token. Names that share a spelling (류 and 유
# are both YOO and YU) share the token: the Revised Romanisation of the more common of them.
def _fold_table() -> dict[str, str]:
    group: dict[str, str] = {}
    for f in sorted(FAMILY_NAMES, key=lambda f: -f.share):
        spellings = [s.lower() for s in family_spellings(f.hangul)]
        canonical = next((group[s] for s in spellings if s in group), romanise(f.hangul))
        for s in spellings:
            group.setdefault(s, canonical)
    return group


_FOLD = _fold_table()
FAMILY_SPELLINGS = frozenset(_FOLD)


def fold_family(token: str) -> str:
    """`lee`, `yi`, `rhee` -> `i`; `park`, `pak` -> `bak`; `yoo` -> `ryu`; an unknown token stays as it is."""
    return _FOLD.get(token.lower(), token.lower())


_LATIN_NOISE = re.compile(r"[^a-z ]+")
_OLD_TO_NEW = (("ŏ", "eo"), ("ŭ", "eu"))


def romanised_key(name: str | None) -> str | None:
    """One comparable Latin form of a person's name: folded family name, a space, the given name's letters.

    `김민준` -> `gim minjun`; `KIM MIN-JUN`, `Minjun Kim`, `Gim MINJUN` -> `gim minjun`; `YIM MINJI` -> `im minji`;
    `남궁민수` and `NAMGOONG MINSU`-like spellings share `namgung`.
    """
    text = normalise(name)
    if not text:
        return None
    if HANGUL.search(text):
        hangul = re.sub(r"[^가-힣]", "", text)
        if not hangul:
            return None
        family, given = split_name(hangul)
        return f"{fold_family(romanise(family))} {romanise(given)}".strip()
    letters = text.lower()
    for old, new in _OLD_TO_NEW:
        letters = letters.replace(old, new)
    letters = SPACES.sub(" ", _LATIN_NOISE.sub(" ", letters.replace("-", "").replace("'", ""))).strip()
    if not letters:
        return None
    tokens = letters.split(" ")
    if len(tokens) == 1:
        return tokens[0]
    # The family name is first, unless the last token is a family name and the first is not.
    if tokens[0] not in FAMILY_SPELLINGS and tokens[-1] in FAMILY_SPELLINGS:
        tokens = [tokens[-1], *tokens[:-1]]
    return f"{fold_family(tokens[0])} {''.join(tokens[1:])}"


def romanisations(name: str) -> list[str]:
    """Upper-case romanised forms of a Hangul personal name: every family spelling + the RR given name."""
    if not HANGUL_NAME.match(name):
        return []
    family, given = split_name(name)
    rr_given = romanise(given).upper()
    return list(dict.fromkeys(f"{f} {rr_given}" for f in family_spellings(family)))


def is_hangul_name(text: str) -> bool:
    return bool(HANGUL_NAME.match(text))
