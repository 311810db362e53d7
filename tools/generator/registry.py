"""Who appears in which system: party files (taxpayers, payers, payees, applicants, owners, parties) are
written once at the end, with the people and businesses that the facts of the system referred to.

`Parties.person(idx)` / `.business(idx)` hand out the party's source key, registering it on first use.
`Objects` remembers which parcels, buildings and accounts each system named, for `truth/entities.csv`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator import ids, noise
from generator.population import Municipality
from generator.rng import zfill
from generator.sink import Extract, Table, entity_ids
from generator.timeline import DONG_NAMES, START


@dataclass(frozen=True)
class PartyNoise:
    rrn_missing: float = 0.01     # rrn empty, birth date given instead
    rrn_masked: float = 0.0       # YYMMDD-S******, birth date given
    rrn_nodash: float = 0.3
    rrn_transposed: float = 0.002  # two digits swapped: checksum fails (quarantine or warning)
    typo: float = 0.01
    spaced: float = 0.01
    old_address: float = 0.5      # share of movers this system still knows at the old address
    alias_type: float = 0.05      # 개인 / 법인 instead of person / business
    varied: float = 0.01          # a space inside the name, a swapped or dropped syllable
    lot_address: float = 0.2      # the home in lot-number form instead of road-name form
    date_style: str = "iso"
    rep_rrn_missing: float = 0.15  # a business row naming its representative without a resident number


def _seq_keys(prefix: str, seq: np.ndarray) -> np.ndarray:
    return np.char.add(prefix, zfill(seq.astype(str), 7))


class Parties:
    """The party file of one system (persons and businesses in one key space)."""

    def __init__(self, m: Municipality, table: Table, type_column: str, rng: np.random.Generator,
                 party_noise: PartyNoise, extra: dict[str, str] | None = None) -> None:
        self.m = m
        self.table = table
        self.type_column = type_column
        self.rng = rng
        self.noise = party_noise
        self.pmap = np.full(m.people.n, -1, dtype=np.int64)
        self.bmap = np.full(m.businesses.n, -1, dtype=np.int64)
        self.count = 0
        self.extra = extra or {}
        self.rep_withheld: set[int] = set()  # businesses whose every row names the representative only

    def _register(self, mapping: np.ndarray, idx: np.ndarray) -> np.ndarray:
        idx = np.asarray(idx, dtype=np.int64)
        if len(idx) == 0:
            return np.array([], dtype="<U20")
        new = np.unique(idx[mapping[idx] < 0])
        mapping[new] = np.arange(self.count + 1, self.count + 1 + len(new))
        self.count += len(new)
        return _seq_keys(self.table.key_prefix, mapping[idx])

    def person(self, idx: np.ndarray | int) -> np.ndarray:
        return self._register(self.pmap, np.atleast_1d(idx))

    def business(self, idx: np.ndarray | int) -> np.ndarray:
        return self._register(self.bmap, np.atleast_1d(idx))

    def key(self, kind: int, idx: int) -> str:
        """Key of one party: kind 0 person, 1 business."""
        return str((self.person if kind == 0 else self.business)(idx)[0])

    def keys(self, kind: np.ndarray, idx: np.ndarray) -> np.ndarray:
        out = np.empty(len(idx), dtype="<U24")
        p = kind == 0
        out[p] = self.person(idx[p])
        out[~p] = self.business(idx[~p])
        return out

    def flush(self, ex: Extract) -> None:
        """Write the party file and its truth rows (call once, after every fact of the system)."""
        m, rng, nz, cols = self.m, self.rng, self.noise, {}
        pidx = np.flatnonzero(self.pmap >= 0)
        bidx = np.flatnonzero(self.bmap >= 0)
        pseq, bseq = self.pmap[pidx], self.bmap[bidx]
        people = m.people
        rrn, _broken = noise.rrn_column(people.rrn[pidx], rng, missing=nz.rrn_missing, masked=nz.rrn_masked,
                                        nodash=nz.rrn_nodash, transposed=nz.rrn_transposed)
        birth = np.where((rrn == "") | np.char.endswith(rrn, "*"), noise.dates(people.birth[pidx], rng, 0.3,
                                                                               nz.date_style), "")
        name = noise.spaced_names(noise.typo_names(people.name[pidx], rng, nz.typo), rng, nz.spaced)
        name = noise.name_variants(name, rng, nz.varied)
        moved = (people.old_address[pidx] != "") & (rng.random(len(pidx)) < nz.old_address)
        address = noise.addresses(np.where(moved, people.old_address[pidx], people.address[pidx]),
                                  np.where(moved, "", people.lot_address[pidx]),
                                  np.array(DONG_NAMES)[people.dong[pidx]], rng, lot_form=nz.lot_address)
        biz = m.businesses
        owner = biz.owner[bidx]
        b_brn = biz.brn[bidx]
        dash = rng.random(len(bidx)) < 0.5
        b_brn = np.where(dash, np.array([ids.format_brn(x) for x in b_brn], dtype="<U12"), b_brn)
        b_crn = biz.crn[bidx]
        rep_rrn = np.where((rng.random(len(bidx)) < nz.rep_rrn_missing) | np.isin(bidx, list(self.rep_withheld)),
                           "", people.rrn[owner])
        b_addr = m.parcels.address[m.buildings.parcel[biz.building[bidx]]]
        n = len(pidx) + len(bidx)
        order = np.argsort(np.concatenate([pseq, bseq]), kind="stable")
        ptype = np.where(rng.random(len(pidx)) < nz.alias_type, "개인", "person")
        btype = np.where(rng.random(len(bidx)) < nz.alias_type, np.where(b_crn != "", "법인", "사업자"), "business")
        cols = {
            self.table.key_column: _seq_keys(self.table.key_prefix, np.concatenate([pseq, bseq])),
            self.type_column: np.concatenate([ptype, btype]),
            "name": np.concatenate([name, biz.name[bidx]]),
            "rrn": np.concatenate([rrn, np.full(len(bidx), "")]),
            "birth_date": np.concatenate([birth, np.full(len(bidx), "")]),
            "brn": np.concatenate([np.full(len(pidx), ""), b_brn]),
            "crn": np.concatenate([np.full(len(pidx), ""), b_crn]),
            "representative_name": np.concatenate([np.full(len(pidx), ""), people.name[owner]]),
            "representative_rrn": np.concatenate([np.full(len(pidx), ""), rep_rrn]),
            "address": np.concatenate([address, b_addr]),
            "phone": np.concatenate([np.where(rng.random(len(pidx)) < 0.2, "", noise.phones(people.phone[pidx], rng)),
                                     np.full(len(bidx), "")]),
        }
        if "bank_code" in self.extra:
            acc = np.concatenate([people.account[pidx], biz.account[bidx]])
            has = acc >= 0
            code = np.where(has, np.array(ids.BANK_CODES)[m.accounts.bank[np.maximum(acc, 0)]], "")
            cols["bank_code"] = code
            cols["account_no"] = np.where(has, m.accounts.digits[np.maximum(acc, 0)], "")
            self.accounts_used = acc[has]
        if "category" in self.extra:
            cols["category"] = np.concatenate([np.full(len(pidx), ""), biz.category[bidx]])
        cols = {k: v for k, v in cols.items() if k in self.table.columns}
        chunk = 200_000
        for s in range(0, n, chunk):
            sel = order[s:s + chunk]
            self.table.write({k: np.asarray(v)[sel] for k, v in cols.items()})
        self.table.next_seq = self.count + 1
        keys = cols[self.table.key_column]
        ex.entities(self.table.system, keys[:len(pidx)], "person", entity_ids("person", pidx))
        ex.entities(self.table.system, keys[len(pidx):], "business", entity_ids("business", bidx))


class Objects:
    """Parcels, buildings and accounts each system names (their records are keyed by the identifier)."""

    def __init__(self, m: Municipality) -> None:
        self.m = m
        self.parcels: dict[str, np.ndarray] = {}
        self.buildings: dict[str, np.ndarray] = {}
        self.accounts: dict[str, np.ndarray] = {}

    def _mark(self, store: dict[str, np.ndarray], size: int, system: str, idx: np.ndarray | int) -> None:
        if system not in store:
            store[system] = np.zeros(size, dtype=bool)
        idx = np.atleast_1d(np.asarray(idx, dtype=np.int64))
        store[system][idx[idx >= 0]] = True

    def parcel(self, system: str, idx: np.ndarray | int) -> None:
        self._mark(self.parcels, self.m.parcels.n, system, idx)

    def building(self, system: str, idx: np.ndarray | int) -> None:
        self._mark(self.buildings, self.m.buildings.n, system, idx)

    def account(self, system: str, idx: np.ndarray | int) -> None:
        self._mark(self.accounts, self.m.accounts.n, system, idx)

    def flush(self, ex: Extract) -> None:
        m = self.m
        for system, mask in sorted(self.parcels.items()):
            i = np.flatnonzero(mask)
            ex.entities(system, m.parcels.pnu[i], "parcel", entity_ids("parcel", i))
        for system, mask in sorted(self.buildings.items()):
            i = np.flatnonzero(mask)
            ex.entities(system, m.buildings.building_no[i], "building", entity_ids("building", i))
        for system, mask in sorted(self.accounts.items()):
            i = np.flatnonzero(mask)
            keys = np.char.add(np.char.add(f"{ex.gov}-AC-", np.array(ids.BANK_CODES)[m.accounts.bank[i]]),
                               np.char.add("-", m.accounts.digits[i]))
            ex.entities(system, keys, "account", entity_ids("account", i))


def account_cols(m: Municipality, acc: np.ndarray, rng: np.random.Generator, dashed: float = 0.2,
                 holder: bool = True) -> dict[str, np.ndarray]:
    """bank_code, account_no (a share with the bank's dashes) and holder_name of account indices."""
    a = m.accounts
    code = np.array(ids.BANK_CODES)[a.bank[acc]]
    digits = a.digits[acc]
    dash = np.flatnonzero(rng.random(len(acc)) < dashed)
    shown = digits.astype(object)
    for i in dash:
        shown[i] = ids.format_account(code[i], digits[i])
    out = {"bank_code": code, "account_no": shown.astype(str)}
    if holder:
        out["holder_name"] = holder_names(m, acc)
    return out


def holder_names(m: Municipality, acc: np.ndarray) -> np.ndarray:
    a = m.accounts
    kind, holder = a.holder_kind[acc], a.holder[acc]
    out = np.full(len(acc), f"{m.gov.name}청", dtype=object)
    p = kind == 0
    out[p] = m.people.name[holder[p]]
    b = kind == 1
    out[b] = m.businesses.name[holder[b]]
    return out.astype(str)


def age_on(m: Municipality, person: np.ndarray, day: np.datetime64 = START) -> np.ndarray:
    return (day - m.people.birth[person]).astype(int) / 365.25
