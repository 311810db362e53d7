"""The municipality as numpy arrays: people in households, officials in an org chart, businesses,
parcels, buildings and bank accounts. Nothing here knows about files or columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator import ids, names
from generator.rng import stream, zfill
from generator.timeline import DONG_NAMES, END, ROAD_STEMS, START, Government

NAT = np.datetime64("NaT", "D")


@dataclass
class People:
    family: np.ndarray
    given: np.ndarray
    name: np.ndarray
    male: np.ndarray
    birth: np.ndarray
    rrn: np.ndarray
    household: np.ndarray
    hh_pos: np.ndarray          # 0 head, 1 spouse, 2.. children
    dong: np.ndarray
    address: np.ndarray
    old_address: np.ndarray     # "" unless the person moved during the window
    lot_address: np.ndarray     # the same home in lot-number form (town + lot), as land records write it
    phone: np.ndarray
    death: np.ndarray           # NaT if alive at the end of the window
    account: np.ndarray         # index of the person's main account, -1 for minors

    @property
    def n(self) -> int:
        return len(self.name)


@dataclass
class Households:
    start: np.ndarray   # index of the head in People
    size: np.ndarray


@dataclass
class Unit:
    code: str
    name: str
    parent: int         # index in the unit list, -1 for the root
    area: str           # business area, "" if none
    level: int          # 0 root, 1 bureau, 2 division, 3 team
    head: int = -1      # index into Officials


@dataclass
class Officials:
    person: np.ndarray
    unit: np.ndarray
    grade: np.ndarray
    employee_no: np.ndarray
    user_id: np.ndarray
    email: np.ndarray
    hired: np.ndarray
    retired_on: np.ndarray
    pc_id: np.ndarray

    @property
    def n(self) -> int:
        return len(self.person)


@dataclass
class Businesses:
    owner: np.ndarray
    brn: np.ndarray
    crn: np.ndarray     # "" when not a corporation
    name: np.ndarray
    category: np.ndarray
    building: np.ndarray
    account: np.ndarray

    @property
    def n(self) -> int:
        return len(self.owner)


@dataclass
class Parcels:
    pnu: np.ndarray
    dong: np.ndarray
    land_type: np.ndarray
    area: np.ndarray
    owner_kind: np.ndarray   # 0 person, 1 business, 2 the government (public land)
    owner: np.ndarray
    address: np.ndarray

    @property
    def n(self) -> int:
        return len(self.pnu)


@dataclass
class Buildings:
    building_no: np.ndarray
    parcel: np.ndarray
    floor_area: np.ndarray
    use: np.ndarray
    owner_kind: np.ndarray
    owner: np.ndarray
    approved: np.ndarray     # use approval (completion) date; inside the window for new buildings
    value: np.ndarray

    @property
    def n(self) -> int:
        return len(self.building_no)


@dataclass
class Accounts:
    bank: np.ndarray         # index into ids.BANK_CODES
    digits: np.ndarray
    holder_kind: np.ndarray  # 0 person, 1 business, 2 the government
    holder: np.ndarray

    @property
    def n(self) -> int:
        return len(self.bank)

    def key(self, i: int) -> str:
        return f"{ids.BANK_CODES[self.bank[i]]}-{self.digits[i]}"


@dataclass
class Municipality:
    gov: Government
    seed: int
    people: People
    households: Households
    units: list[Unit]
    officials: Officials
    businesses: Businesses
    parcels: Parcels
    buildings: Buildings
    accounts: Accounts
    treasury_account: int


LAND_TYPES = np.array(["대", "전", "답", "임야", "도로", "하천", "공원", "잡종지"])
BUILDING_USES = np.array(["단독주택", "공동주택", "제1종근린생활시설", "제2종근린생활시설", "업무시설", "숙박시설",
                          "위락시설", "공장"])


def _households(n: int, rng: np.random.Generator) -> np.ndarray:
    sizes = rng.choice([1, 2, 3, 4, 5], size=n // 2 + 10, p=[0.33, 0.28, 0.20, 0.15, 0.04])
    cum = np.cumsum(sizes)
    k = int(np.searchsorted(cum, n)) + 1
    sizes = sizes[:k].copy()
    sizes[-1] -= cum[k - 1] - n
    return sizes[sizes > 0]


def _living_namesakes(name: np.ndarray, birth: np.ndarray, death: np.ndarray, pos: np.ndarray,
                      rng: np.random.Generator, share: float = 0.5) -> np.ndarray:
    """Give half of the dead a living namesake born the same year (another day): a head of household of
    about that age takes the dead person's name and birth year."""
    dead = np.flatnonzero(~np.isnat(death))
    living_heads = np.flatnonzero(np.isnat(death) & (pos == 0))
    if not len(dead) or not len(living_heads):
        return np.zeros(0, dtype=np.int64)
    year = birth.astype("datetime64[Y]")
    taken = set()
    for i in dead[rng.random(len(dead)) < share]:
        near = living_heads[np.abs((year[living_heads] - year[i]).astype(int)) <= 3]
        near = [k for k in near if k not in taken]
        if not near:
            continue
        k = near[int(rng.integers(0, len(near)))]
        taken.add(k)
        name[k] = name[i]
        new = year[i].astype("datetime64[D]") + np.timedelta64(int(rng.integers(0, 365)), "D")
        birth[k] = new if new != birth[i] else new + np.timedelta64(1, "D")
    return np.array(sorted(taken), dtype=np.int64)


def build_people(gov: Government, n: int, seed: int) -> tuple[People, Households]:
    rng = stream(seed, "people")
    sizes = _households(n, rng)
    h = len(sizes)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    household = np.repeat(np.arange(h), sizes)
    pos = np.arange(n) - start[household]
    head_age = np.where(sizes == 1, rng.integers(20, 90, size=h), rng.integers(28, 80, size=h))
    age = head_age[household].astype(float)
    spouse = pos == 1
    age[spouse] += rng.integers(-4, 5, size=int(spouse.sum()))
    kids = pos >= 2
    age[kids] = np.clip(age[kids] - rng.integers(24, 38, size=int(kids.sum())), 0, None)
    birth = (START - (age * 365.25).astype(int).astype("timedelta64[D]")
             - rng.integers(0, 365, size=n).astype("timedelta64[D]"))
    head_male = rng.random(h) < 0.7
    male = np.where(pos == 0, head_male[household], np.where(spouse, ~head_male[household], rng.random(n) < 0.51))
    family = names.draw_family(n, rng)
    # Children carry the head's family name, except step-children of a remarriage (their own father's).
    step = kids & (rng.random(n) < 0.06)
    family[kids & ~step] = family[start[household[kids & ~step]]]
    given = names.draw_given(n, rng)
    name = names.hangul_names(family, given).astype(object)
    popular = names.popular_given(birth.astype("datetime64[Y]").astype(int) + 1970, rng)
    has_popular = popular != ""
    name[has_popular] = names.FAMILY_HANGUL[family[has_popular]].astype(object) + popular[has_popular]
    random_tail = birth >= np.datetime64("2020-10-01")
    rrn = ids.make_rrns(birth, male, rng, random_tail=random_tail)
    dong_h = rng.integers(0, len(DONG_NAMES), size=h)
    road_h = rng.integers(0, len(ROAD_STEMS), size=h)
    bno_h = rng.integers(1, 400, size=h)
    apt = rng.random(h) < 0.6
    unit_txt = np.where(apt, np.char.add(np.char.add(" ", rng.integers(101, 120, size=h).astype(str)),
                                          np.char.add("동 ", np.char.add(rng.integers(1, 25, size=h).astype(str),
                                                                        "01호"))), "")
    base = f"{gov.province} {gov.name} "
    addr_h = np.char.add(np.char.add(np.char.add(base, np.array(ROAD_STEMS)[road_h]), " "), bno_h.astype(str))
    addr_h = np.char.add(addr_h, unit_txt)
    address = addr_h[household]
    moved = rng.random(n) < 0.03
    old_h = np.char.add(np.char.add(np.char.add(base, np.array(ROAD_STEMS)[(road_h + 5) % len(ROAD_STEMS)]), " "),
                        ((bno_h * 7) % 400 + 1).astype(str))
    old_address = np.where(moved, old_h[household], "")
    lot_h = np.char.add(np.char.add(np.char.add(base, np.array(DONG_NAMES)[dong_h]), " "),
                        np.char.add(rng.integers(1, 900, size=h).astype(str),
                                    np.where(rng.random(h) < 0.4, np.char.add("-", rng.integers(1, 30, size=h)
                                                                              .astype(str)), "")))
    lot_address = lot_h[household]
    phone = np.char.add(np.char.add("010-", rng.integers(2000, 10000, size=n).astype(str)),
                        np.char.add("-", zfill(rng.integers(0, 10000, size=n).astype(str), 4)))
    years = (np.datetime64("2025-12-31") - birth).astype(int) / 365.25
    p_death = np.clip((years - 55) / 40, 0.0005, 0.2) * 0.08
    dies = rng.random(n) < p_death
    death = np.full(n, NAT)
    window = int((END - START).astype(int))
    death[dies] = START + rng.integers(0, window, size=int(dies.sum())).astype("timedelta64[D]")
    renamed = _living_namesakes(name, birth, death, pos, rng)
    rrn[renamed] = ids.make_rrns(birth[renamed], male[renamed], rng,
                                 random_tail=birth[renamed] >= np.datetime64("2020-10-01"))
    name = name.astype(str)
    people = People(family=family, given=given, name=name, male=male, birth=birth, rrn=rrn, household=household,
                    hh_pos=pos, dong=dong_h[household], address=address, old_address=old_address,
                    lot_address=lot_address, phone=phone,
                    death=death, account=np.full(n, -1))
    return people, Households(start=start, size=sizes)


AREA_DIVISIONS = (
    ("재정경제국", "세정과", "local_tax", ("취득세팀", "재산세팀", "주민세팀", "세무조사팀")),
    ("재정경제국", "징수과", "local_duties", ("세외수입팀", "체납관리팀", "과태료팀")),
    ("재정경제국", "회계과", "local_finance", ("지출팀", "계약팀", "재산관리팀")),
    ("재정경제국", "재무과", "cards", ("재무운영팀", "카드관리팀")),
    ("기획행정국", "민원여권과", "saeol", ("민원팀", "인허가팀", "위생팀")),
    ("기획행정국", "총무과", "local_hr", ("인사팀", "급여팀", "복무팀")),
    ("복지문화국", "복지정책과", "welfare", ("기초생활팀", "복지급여팀", "통합조사팀")),
    ("도시안전국", "건축과", "construction", ("건축허가팀", "사용승인팀", "건축물관리팀")),
    ("도시안전국", "토지정보과", "real_estate", ("지적팀", "부동산관리팀", "공간정보팀")),
    ("도시안전국", "도로과", "", ("도로관리팀", "도로점용팀")),
    ("복지문화국", "문화체육과", "", ("문화예술팀", "체육진흥팀")),
    ("도시안전국", "환경정책과", "", ("환경관리팀", "자원순환팀")),
)


def build_org(gov: Government, people: People, n_residents: int, seed: int) -> tuple[list[Unit], Officials]:
    rng = stream(seed, "officials")
    units: list[Unit] = [Unit(code=f"{gov.code}000000", name=f"{gov.name}청", parent=-1, area="", level=0)]
    bureaus: dict[str, int] = {}
    teams: list[int] = []
    for b_name, d_name, area, team_names in AREA_DIVISIONS:
        if b_name not in bureaus:
            bureaus[b_name] = len(units)
            units.append(Unit(f"{gov.code}{len(units):03d}000", b_name, 0, "", 1))
        d_idx = len(units)
        units.append(Unit(f"{gov.code}{d_idx:03d}100", d_name, bureaus[b_name], area, 2))
        for t in team_names:
            teams.append(len(units))
            units.append(Unit(f"{gov.code}{len(units):03d}200", t, d_idx, area, 3))
    n_off = max(len(units) + len(teams) * 2, round(n_residents * 0.0075))
    age = (START - people.birth).astype(int) / 365.25
    eligible = np.flatnonzero((age >= 27) & (age <= 59) & np.isnat(people.death)
                              & (np.bincount(people.household)[people.household] >= 2))
    person = np.sort(rng.choice(eligible, size=min(n_off, len(eligible)), replace=False))
    n_off = len(person)
    order = rng.permutation(n_off)
    grade = np.full(n_off, 0)
    unit = np.full(n_off, -1)
    # heads first: root (grade 3), bureaus (4), divisions (5), teams (6); the rest are staff of teams
    for i, u in enumerate(units):
        o = order[i]
        u.head = int(o)
        unit[o] = i
        grade[o] = 3 + u.level
    staff = order[len(units):]
    unit[staff] = np.array(teams)[np.arange(len(staff)) % len(teams)]
    grade[staff] = rng.integers(7, 10, size=len(staff))
    emp = np.char.add(f"{gov.code}-HR-E", zfill((np.arange(n_off) + 1).astype(str), 7))
    user_id = np.char.add(np.char.add("u", gov.code), zfill(np.arange(n_off).astype(str), 5))
    email = np.char.add(user_id, "@" + gov.domain)
    hired = START - rng.integers(365, 365 * 30, size=n_off).astype("timedelta64[D]")
    retired = np.full(n_off, NAT)
    p_age = age[person]
    retiring = (p_age >= 58.5) | (rng.random(n_off) < 0.01)
    retiring &= grade >= 6   # unit heads stay for the whole window
    halves = np.array(["2024-06-30", "2024-12-31", "2025-06-30"], dtype="datetime64[D]")
    retired[retiring] = halves[rng.integers(0, 3, size=int(retiring.sum()))]
    pc_id = np.char.add(f"PC-{gov.code}-", zfill(np.arange(n_off).astype(str), 5))
    return units, Officials(person=person, unit=unit, grade=grade, employee_no=emp, user_id=user_id, email=email,
                            hired=hired, retired_on=retired, pc_id=pc_id)


def build_municipality(gov: Government, n: int, seed: int) -> Municipality:
    people, households = build_people(gov, n, seed)
    units, officials = build_org(gov, people, n, seed)
    rng = stream(seed, "property")
    grown = np.flatnonzero((START - people.birth).astype(int) >= 20 * 365)
    adult = grown[np.isnat(people.death[grown])]
    # businesses
    nb = max(40, n // 12)
    category = rng.choice(len(names.CATEGORIES), size=nb, p=names.CATEGORY_SHARE)
    corporate = rng.random(nb) < 0.15
    owner = rng.choice(adult, size=nb)
    brn = ids.make_brns(nb, rng)
    crn = np.where(corporate, ids.make_crns(nb, gov.code, rng), "")
    stems = rng.integers(0, 10_000, size=nb)
    style = rng.integers(0, 4, size=nb)
    bname = np.array([names.business_name(int(stems[i]), names.CATEGORIES[category[i]], int(stems[i] // 25),
                                          bool(corporate[i]), int(style[i])) for i in range(nb)])
    bname = np.char.add(bname, np.where(np.arange(nb) >= 625, np.char.add(" ", (np.arange(nb) // 625).astype(str)
                                                                          ), ""))
    # parcels: numbered per legal dong
    npar = max(200, int(n * 0.35))
    dong = rng.integers(0, len(DONG_NAMES), size=npar)
    order = np.argsort(dong, kind="stable")
    seq = np.empty(npar, dtype=np.int64)
    counts = np.bincount(dong, minlength=len(DONG_NAMES))
    seq[order] = np.arange(npar) - np.repeat(np.cumsum(counts) - counts, counts)
    main = seq // 3 + 1
    sub = seq % 3
    land = rng.choice(len(LAND_TYPES), size=npar, p=[0.55, 0.1, 0.08, 0.12, 0.07, 0.02, 0.02, 0.04])
    forest = land == 3
    dong_code = np.char.add(gov.code, zfill((100 + dong * 3 + 1).astype(str), 3))
    pnu_v = np.char.add(np.char.add(np.char.add(dong_code, "00"), np.where(forest, "2", "1")),
                        np.char.add(zfill(main.astype(str), 4), zfill(sub.astype(str), 4)))
    area = np.round(rng.lognormal(5.5, 0.8, size=npar), 1)
    public = np.isin(land, [4, 5, 6]) | (rng.random(npar) < 0.04)
    owner_kind = np.where(public, 2, np.where(rng.random(npar) < 0.2, 1, 0))
    p_owner = np.where(owner_kind == 0, rng.choice(adult, size=npar), np.where(owner_kind == 1,
                                                                               rng.integers(0, nb, npar), -1))
    number = np.where(sub > 0, np.char.add(np.char.add(main.astype(str), "-"), sub.astype(str)), main.astype(str))
    jibun = np.char.add(np.char.add(np.array(DONG_NAMES)[dong], np.where(forest, " 산", " ")), number)
    paddr = np.char.add(f"{gov.province} {gov.name} ", jibun)
    parcels = Parcels(pnu=pnu_v, dong=dong, land_type=LAND_TYPES[land], area=area, owner_kind=owner_kind,
                      owner=p_owner, address=paddr)
    # buildings on private building land
    sites = np.flatnonzero((land == 0) & (owner_kind != 2))
    nbld = min(len(sites), max(60, int(n * 0.12)))
    bparcel = np.sort(rng.choice(sites, size=nbld, replace=False))
    use = rng.choice(len(BUILDING_USES), size=nbld, p=[0.3, 0.25, 0.2, 0.12, 0.06, 0.03, 0.02, 0.02])
    floor = np.round(rng.lognormal(5.3, 0.9, size=nbld), 1)
    new = rng.random(nbld) < 0.06
    window = int((END - START).astype(int)) - 120
    approved = START - rng.integers(400, 365 * 40, size=nbld).astype("timedelta64[D]")
    approved[new] = START + rng.integers(0, window, size=int(new.sum())).astype("timedelta64[D]")
    value = (floor * rng.integers(900_000, 2_200_000, size=nbld)).astype(np.int64) // 1000 * 1000
    bno = np.char.add(f"{gov.code}-", zfill((np.arange(nbld) * 7 + 100003).astype(str), 9))
    buildings = Buildings(building_no=bno, parcel=bparcel, floor_area=floor, use=BUILDING_USES[use],
                          owner_kind=owner_kind[bparcel], owner=p_owner[bparcel], approved=approved, value=value)
    # each business sits in a building
    bbuilding = rng.integers(0, nbld, size=nb)
    # accounts: one per adult (a second for 30%), one per business, the treasury account
    second = grown[rng.random(len(grown)) < 0.3]
    holder = np.concatenate([grown, second, np.arange(nb), [0]])
    kind = np.concatenate([np.zeros(len(grown) + len(second), dtype=np.int64), np.ones(nb, dtype=np.int64), [2]])
    bank = rng.choice(len(ids.BANK_CODES), size=len(holder), p=[0.27, 0.2, 0.17, 0.14, 0.14, 0.08])
    bank[-1] = 4
    digits = ids.make_accounts(bank, rng)
    accounts = Accounts(bank=bank, digits=digits, holder_kind=kind, holder=holder)
    people.account[grown] = np.arange(len(grown))
    businesses = Businesses(owner=owner, brn=brn, crn=crn, name=bname, category=np.array(names.CATEGORIES)[category],
                            building=bbuilding, account=len(grown) + len(second) + np.arange(nb))
    return Municipality(gov=gov, seed=seed, people=people, households=households, units=units, officials=officials,
                        businesses=businesses, parcels=parcels, buildings=buildings, accounts=accounts,
                        treasury_account=len(holder) - 1)
