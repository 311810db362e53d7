"""`python -m heldout extract`: the whole held-out municipality, written as ten systems' files plus truth/."""

from __future__ import annotations

import random
from pathlib import Path

from heldout import korean as K
from heldout import property as prop
from heldout.plants import Plants
from heldout.town import Business, Person, Town
from heldout.world import background, found_businesses, hire, populate


def bank_accounts(t: Town) -> None:
    """The bank feed: one row per account used anywhere, its holder as the bank knows them."""
    rng = t.rng
    planted = {k for _, keys in t.planted for k in keys}
    for acc in sorted(t.used_accounts):
        holder = t.holders[acc]
        key = f"{t.gov}-AH-{acc[0]}-{acc[1]}"
        row = {"bank_code": acc[0], "account_no": acc[1], "opened_on": t.date_between(
            K.date(2000, 1, 1), K.date(2021, 12, 31)).isoformat()}
        if isinstance(holder, Person):
            form = t.holder_form.get(acc)
            r = rng.random()
            form = form or ("name" if r < 0.05 else "birth" if r < 0.35 else "rrn")
            roman = form == "roman" or (form != "name" and rng.random() < 0.1)
            row.update({"holder_type": "person",
                        "holder_name": K.romanise(holder.family, holder.given, rng) if roman else holder.name})
            if form == "rrn":
                row["holder_rrn"] = holder.rrn
            elif form in ("birth", "roman"):
                row["holder_birth_date"] = holder.birth.isoformat()
            t.truth("bank", key, "person", holder.pid)
            if holder.official and (form == "name" or roman) and acc == holder.account and acc not in t.holder_form:
                # the official's own salary account, the bank's holder row too thin to prove it: lawful
                t.decoy("HR-PAYROLL-OTHER-ACCOUNT", "local_hr",
                        [k for k in getattr(holder, "payroll_keys", []) if f"local_hr:{k}" not in planted],
                        "own salary account; the bank gives the holder by name only or romanised")
        elif isinstance(holder, Business):
            row.update({"holder_type": rng.choice(["business", "법인"]), "holder_name": holder.name,
                        "holder_brn": holder.brn, "holder_crn": holder.crn or ""})
            t.truth("bank", key, "business", holder.bid)
        else:
            row.update({"holder_type": "business", "holder_name": "고양시 덕양구청", "holder_brn": K.brn(random.Random(t.gov))})
            t.truth("bank", key, "business", "H-GOV")
        t.add("bank", "accounts", row)
        t.truth("bank", f"{t.gov}-AC-{acc[0]}-{acc[1]}", "account", f"{acc[0]}-{acc[1]}")


def make_town(residents: int, seed: int, gov: str) -> Town:
    t = Town(residents, seed, gov)
    populate(t)
    hire(t)
    found_businesses(t)
    plants = Plants(t)
    plants.before()
    background(t)
    prop.build(t)
    plants.after()
    bank_accounts(t)
    return t


def extract(residents: int, seed: int, gov: str, out: Path) -> dict[str, int]:
    t = make_town(residents, seed, gov)
    t.write(out)
    return {"rows": sum(len(r) for r in t.rows.values()), "planted": len(t.planted), "decoys": len(t.decoys),
            "people": len(t.people)}
