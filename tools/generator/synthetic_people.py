"""Synthetic person records with known truth, for tests and the benchmark when no generated municipality
is at hand: people seen by several systems, with the noise those systems add (Hangul typos, romanised
names in bank books, missing or mistyped identifiers, mixed date formats)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from loaders.types.hangul import FAMILY_BY_HANGUL, FAMILY_NAMES, romanise, split_name

FAMILY = [f.hangul for f in FAMILY_NAMES]
FAMILY_P = np.array([f.share for f in FAMILY_NAMES])
GIVEN = list("민서준지현우예도하윤수영진성호재연유은태경아주원희상혜동")
SYSTEMS = ["local_tax", "welfare", "local_hr", "bank", "real_estate", "local_duties"]


def _typo(name: str, rng: np.random.Generator) -> str:
    pos = int(rng.integers(1, len(name)))
    code = ord(name[pos]) - 0xAC00
    fin = code % 28
    code = code - fin + (0 if fin else 4)
    return name[:pos] + chr(0xAC00 + code) + name[pos + 1:]


def _roman(name: str) -> str:
    family, given = split_name(name)
    return f"{FAMILY_BY_HANGUL[family].spellings[0]} {romanise(given).upper()}"


def people(n_people: int, *, seed: int = 1, per_person: tuple[int, int] = (1, 4), typo: float = 0.03,
           romanised: float = 0.1, no_rrn: float = 0.15, date_typo: float = 0.02,
           no_phone: float = 0.3) -> pd.DataFrame:
    """PersonRecord-like rows: system, source_key, name, rrn_hash, birth_date, sex, phone, address, entity_id."""
    rng = np.random.default_rng(seed)
    fam = rng.choice(len(FAMILY), n_people, p=FAMILY_P / FAMILY_P.sum())
    g1 = rng.integers(0, len(GIVEN), n_people)
    g2 = rng.integers(0, len(GIVEN), n_people)
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 65, n_people).astype("timedelta64[D]")
    sex = rng.choice(["M", "F"], n_people)
    phone = np.char.add("010", rng.integers(10_000_000, 99_999_999, n_people).astype(str))
    dong = rng.integers(1, 40, n_people)
    copies = rng.integers(per_person[0], per_person[1] + 1, n_people)
    person = np.repeat(np.arange(n_people), copies)
    n = len(person)
    names = np.array([FAMILY[f] + GIVEN[a] + GIVEN[b] for f, a, b in zip(fam, g1, g2, strict=True)], dtype=object)
    rec_name = names[person].copy()
    r = rng.random(n)
    for k in np.flatnonzero(r < typo):
        rec_name[k] = _typo(rec_name[k], rng)
    system = np.array(SYSTEMS, dtype=object)[rng.integers(0, len(SYSTEMS), n)]
    roman = (rng.random(n) < romanised) & (system == "bank")
    roman |= rng.random(n) < romanised / 4
    for k in np.flatnonzero(roman):
        rec_name[k] = _roman(names[person[k]])
    rrn = np.array([hashlib.sha256(f"rrn-{seed}-{p}".encode()).hexdigest() for p in range(n_people)], dtype=object)
    rec_rrn = rrn[person].copy()
    rec_rrn[rng.random(n) < no_rrn] = None
    dates = pd.Series(born[person]).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    for k in np.flatnonzero(rng.random(n) < date_typo):
        d = dates[k]
        dates[k] = d[:-1] + str((int(d[-1]) + 1) % 10)
    rec_phone = phone[person].astype(object)
    rec_phone[rng.random(n) < no_phone] = None
    address = np.array([f"경기도 수원시 장안구 {d}동 {int(x)}" for d, x in
                        zip(dong[person], rng.integers(1, 300, n), strict=True)], dtype=object)
    return pd.DataFrame({
        "system": system, "source_key": [f"41110-SY-{k:08d}" for k in range(n)], "gov": "41110",
        "name": rec_name, "rrn_hash": rec_rrn, "rrn_masked": None, "birth_date": dates,
        "sex": sex[person], "phone": rec_phone, "address": address,
        "entity_id": [f"T{p}" for p in person],
    })


def truth_pairs(keys: np.ndarray, entity: np.ndarray) -> set[tuple[str, str]]:
    """All unordered pairs (a < b) of records of the same true entity."""
    frame = pd.DataFrame({"k": keys, "e": entity}).sort_values("k")
    out: set[tuple[str, str]] = set()
    for _, group in frame.groupby("e"):
        ks = list(group["k"])
        for a in range(len(ks)):
            for b in range(a + 1, len(ks)):
                out.add((ks[a], ks[b]))
    return out


# -- a Korean person file, as an investigator gets it: one CSV, several systems' rows about the same people --
KOREAN_FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안",
                 "송", "류", "전", "홍", "고", "문", "양", "손", "배", "백", "허", "유", "남", "심", "노", "하", "곽",
                 "성", "차", "주", "우", "구", "민", "남궁", "황보", "제갈", "선우"]
KOREAN_FAMILY_P = np.array([21.5, 14.7, 8.4, 4.7, 4.3, 2.4, 2.1, 2.1, 2.0, 1.7, 1.5, 1.5, 1.5, 1.5, 1.4, 1.4, 1.4,
                            1.3, 1.2, 1.2, 1.1, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.6, 0.6, 0.6, 0.5, 0.4, 0.4, 0.4,
                            0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.05, 0.05, 0.03, 0.03])
# Customary romanised spellings seen in bank books and passports (first: the most common).
KOREAN_ROMAN = {"김": ["KIM", "GIM"], "이": ["LEE", "YI", "RHEE", "RI"], "박": ["PARK", "PAK", "BAK"],
                "최": ["CHOI", "CHOE"], "정": ["JUNG", "JEONG", "CHUNG"], "강": ["KANG", "GANG"], "조": ["CHO", "JO"],
                "윤": ["YOON", "YUN"], "장": ["JANG", "CHANG"], "임": ["LIM", "IM", "YIM"], "오": ["OH", "O"],
                "서": ["SEO", "SUH"], "신": ["SHIN", "SIN"], "권": ["KWON", "GWON"], "안": ["AHN", "AN"],
                "류": ["RYU", "YOO"], "유": ["YOO", "YU"], "전": ["JEON", "JUN"], "고": ["KO", "GO"],
                "문": ["MOON", "MUN"], "손": ["SON", "SOHN"], "백": ["BAEK", "PAIK"], "허": ["HEO", "HUH"],
                "노": ["NOH", "ROH"], "심": ["SIM", "SHIM"], "곽": ["KWAK", "GWAK"], "성": ["SUNG", "SEONG"],
                "주": ["JOO", "JU"], "우": ["WOO", "U"], "구": ["KOO", "GU"]}
KOREAN_GIVEN = list("민서준지현우예도하윤수영진성호재연유은태경아주원희상혜동승채다소정건시율나")
# Provinces as written in full and as people abbreviate them; cities/districts inside each.
PROVINCES = [("서울특별시", ["서울시", "서울"], ["종로구", "강남구", "송파구", "마포구", "관악구", "노원구"]),
             ("부산광역시", ["부산시", "부산"], ["해운대구", "부산진구", "사하구"]),
             ("경기도", ["경기"], ["수원시 장안구", "성남시 분당구", "고양시 일산동구", "용인시 수지구", "부천시"]),
             ("충청남도", ["충남"], ["천안시 동남구", "아산시", "공주시", "논산시"]),
             ("전라북도", ["전북"], ["전주시 완산구", "군산시", "익산시"]),
             ("경상북도", ["경북"], ["포항시 북구", "경주시", "구미시"])]
DONGS = ["신부동", "중앙동", "원동", "상도동", "역삼동", "대치동", "신림동", "화정동", "정자동", "우만동", "송정동",
         "효자동", "금암동", "명륜동", "사직동", "장기동", "용두동", "삼성동", "문화동", "평화동"]
ROADS = ["중앙로", "번영로", "충무로", "문화로", "평화로", "대학로", "시청로", "역전로", "공원로", "새마을로",
         "남부순환로", "동문로", "서문로", "신촌로", "한강대로", "세종대로"]
KOREAN_COLUMNS = "name:name,birth:date,phone:phone,address:address,rrn_key:id"


def _korean_given(n: int, decade: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Given names with a Zipf-like popularity that shifts by decade (a popular name repeats within it)."""
    pool = [a + b for a in KOREAN_GIVEN for b in KOREAN_GIVEN if a != b]
    ranks = 1.0 / np.arange(1, len(pool) + 1) ** 0.9
    out = np.empty(n, dtype=object)
    for d in np.unique(decade):
        sel = np.flatnonzero(decade == d)
        order = np.random.default_rng(int(d)).permutation(len(pool))
        p = ranks / ranks.sum()
        out[sel] = [pool[order[k]] for k in rng.choice(len(pool), len(sel), p=p)]
    return list(out)


def _syllable(ch: str) -> str:
    """Revised Romanisation of one syllable, by the linkage's own romaniser (family 김 + the syllable)."""
    from linkage.standardise import romanised_name

    return (romanised_name("김" + ch) or " ").split(" ", 1)[1]


def _romanised(family: str, given: str, rng: np.random.Generator) -> str:
    spellings = KOREAN_ROMAN.get(family) or ["".join(_syllable(c) for c in family).upper()]
    fam = spellings[0] if rng.random() < 0.6 else spellings[int(rng.integers(0, len(spellings)))]
    parts = [_syllable(c).upper() for c in given]
    style = rng.random()
    giv = "-".join(parts) if style < 0.35 else ("".join(parts) if style < 0.8 else " ".join(parts))
    if rng.random() < 0.3:
        giv = giv.title()
        fam = fam.title()
    return f"{giv} {fam}" if rng.random() < 0.15 else f"{fam} {giv}"


def _jamo_typo(name: str, rng: np.random.Generator) -> str:
    pos = int(rng.integers(len(name) - 1, len(name))) if len(name) > 1 else 0
    pos = max(1, pos) if len(name) > 1 else 0
    code = ord(name[pos]) - 0xAC00
    if not 0 <= code < 11172:
        return name
    ini, med, fin = code // 588, (code % 588) // 28, code % 28
    if rng.random() < 0.5:
        fin = 0 if fin else 4  # a final consonant added or lost (민/미, 서/선)
    else:
        med = {0: 4, 4: 0, 8: 13, 13: 8, 20: 18, 18: 20, 1: 5, 5: 1}.get(med, (med + 1) % 21)  # ㅏ/ㅓ, ㅗ/ㅜ, ㅐ/ㅔ
    return name[:pos] + chr(0xAC00 + ini * 588 + med * 28 + fin) + name[pos + 1:]


def _record_name(family: str, given: str, rng: np.random.Generator, *, romanised: float) -> str:
    r = rng.random()
    if r < romanised:
        return _romanised(family, given, rng)
    r = rng.random()
    if r < 0.05:
        return f"{family} {given}"  # a space after the family name: "한 미유"
    if r < 0.065 and len(given) == 2:
        return family + given[::-1]  # swapped syllables
    if r < 0.08 and len(given) >= 2:
        return family + given[0]  # a shortened given name (a dropped syllable)
    if r < 0.11:
        return _jamo_typo(family + given, rng)
    return family + given


def korean_people(n_people: int, *, seed: int = 1, romanised: float = 0.08, namesakes: float = 0.06,
                  moved: float = 0.15, new_phone: float = 0.1) -> pd.DataFrame:
    """One CSV-like frame of about 1.75 records per person: id, name, birth, phone, address, rrn_key, and the
    truth in person_id. Traits: common family names (Kim/Lee/Park ~45 %) and given names popular within a decade
    (namesakes, some planted with the same birth year), romanised names (Lee/Yi/Rhee, hyphens, given name first),
    spaces inside names, swapped or dropped syllables, one-letter (jamo) typos, three phone forms, addresses in
    road-name and lot-number form with abbreviated provinces and floor/unit suffixes, moves and new phones,
    birth dates in several formats, and a resident number that is mostly missing, sometimes masked
    (YYMMDD-S******) and sometimes a keyed hash (never in clear)."""
    rng = np.random.default_rng(seed)
    fam_idx = rng.choice(len(KOREAN_FAMILY), n_people, p=KOREAN_FAMILY_P / KOREAN_FAMILY_P.sum())
    family = np.array(KOREAN_FAMILY, dtype=object)[fam_idx]
    born = np.datetime64("1940-01-01") + rng.integers(0, 365 * 70, n_people).astype("timedelta64[D]")
    years = born.astype("datetime64[Y]").astype(int) + 1970
    given = np.array(_korean_given(n_people, years // 10, rng), dtype=object)
    # Planted namesakes: a person with another's full name, half of them born in the same year.
    twins = np.flatnonzero(rng.random(n_people) < namesakes)
    other = rng.integers(0, n_people, len(twins))
    family[twins], given[twins] = family[other], given[other]
    same_year = rng.random(len(twins)) < 0.5
    shift = rng.integers(0, 360, int(same_year.sum())).astype("timedelta64[D]")
    born[twins[same_year]] = born[other[same_year]].astype("datetime64[Y]").astype("datetime64[D]") + shift
    sex = rng.choice([1, 2], n_people)
    phones = rng.integers(10_000_000, 99_999_999, (n_people, 2))
    places = rng.integers(0, 10**9, (n_people, 2))
    copies = rng.choice([1, 2, 3, 4], n_people, p=[0.5, 0.3, 0.15, 0.05])
    person = np.repeat(np.arange(n_people), copies)
    n = len(person)
    rrn_hash = [hashlib.sha256(f"korean-rrn-{seed}-{p}".encode()).hexdigest()[:32] for p in range(n_people)]
    rows = []
    dates = pd.Series(born).dt.strftime("%Y%m%d").to_numpy(dtype=object)
    for k in range(n):
        p = int(person[k])
        first = k == 0 or person[k - 1] != p
        name = family[p] + given[p] if first else _record_name(family[p], given[p], rng, romanised=romanised)
        d = dates[p]
        r = rng.random()
        if r < 0.08:
            birth = ""
        else:
            if rng.random() < 0.02:
                d = d[:-1] + str((int(d[-1]) + 1) % 10)
            f = rng.random()
            birth = f"{d[:4]}-{d[4:6]}-{d[6:]}" if f < 0.5 else (d if f < 0.75 else f"{d[:4]}.{d[4:6]}.{d[6:]}")
        ph = int(phones[p, 1] if (not first and rng.random() < new_phone) else phones[p, 0])
        f = rng.random()
        digits = f"{ph:08d}"
        phone = ("" if f < 0.3 else f"010-{digits[:4]}-{digits[4:]}" if f < 0.6 else f"010{digits}" if f < 0.85
                 else f"+82 10-{digits[:4]}-{digits[4:]}")
        place = int(places[p, 1] if (not first and rng.random() < moved) else places[p, 0])
        address = _address(place, rng)
        r = rng.random()
        rrn = (rrn_hash[p] if r < 0.15 else f"{d[2:8]}-{sex[p] + (2 if years[p] >= 2000 else 0)}******"
               if r < 0.25 else "")
        rows.append((name, birth, phone, address, rrn, f"P{p:07d}"))
    frame = pd.DataFrame(rows, columns=["name", "birth", "phone", "address", "rrn_key", "person_id"])
    frame = frame.iloc[rng.permutation(n)].reset_index(drop=True)
    frame.insert(0, "id", [f"R{k:07d}" for k in range(n)])
    return frame


def _address(place: int, rng: np.random.Generator) -> str:
    """One place (a number) written as a person or a clerk would: road-name or lot-number form, the province
    in full or abbreviated, with or without floor and unit."""
    prov, short, districts = PROVINCES[place % len(PROVINCES)]
    district = districts[(place // 7) % len(districts)]
    dong = DONGS[(place // 53) % len(DONGS)]
    road = ROADS[(place // 61) % len(ROADS)]
    lot = f"{(place // 1009) % 900 + 1}-{(place // 907) % 30 + 1}"
    building = (place // 11) % 200 + 1
    province = prov if rng.random() < 0.6 else short[int(rng.integers(0, len(short)))]
    if rng.random() < 0.55:
        text = f"{province} {district} {road} {building}"
    else:
        text = f"{province} {district} {dong} {lot}"
    r = rng.random()
    if r < 0.2:
        text += f" {(place // 13) % 15 + 1}층"
    elif r < 0.35:
        text += f" {(place // 17) % 9 + 101}동 {(place // 19) % 15 + 1}0{(place // 23) % 4 + 1}호"
    return text
