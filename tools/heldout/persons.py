"""`python -m heldout persons`: one Korean person file for `chungbaek match`, with its truth beside it.

About 1.75 records per person; columns name, birth, phone, address, rrn_key (mostly blank). The traits of
real registers: namesakes, spaces and dropped syllables in names, romanised names, three phone forms,
road and lot addresses, moves, missing values.
"""

from __future__ import annotations

import csv
import hashlib
import random
from datetime import date, timedelta
from pathlib import Path

from heldout import korean as K


def persons(people: int, seed: int, out: Path) -> dict[str, int]:
    rng = random.Random(seed)
    rows, truth = [], []
    for i in range(people):
        sex = rng.choice("mf")
        y = rng.randint(1940, 2015)
        birth = date(y, 1, 1) + timedelta(days=rng.randrange(365))
        family, given = K.pick_family(rng), K.pick_given(rng, sex, y)
        phone = K.phone(rng)
        place = K.Place("41281", rng)
        moved = K.Place("41281", rng) if rng.random() < 0.25 else None
        rrn_key = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:16]
        n = rng.choices([1, 2, 3, 4], weights=[45, 38, 14, 3])[0]
        for _ in range(n):
            r = rng.random()
            name = K.romanise(family, given, rng) if r < 0.05 else K.name_variant(family, given, rng, p=0.08)
            b = ""
            if rng.random() < 0.9:
                b = birth.strftime(rng.choice(["%Y-%m-%d", "%Y%m%d", "%Y.%m.%d"]))
                if rng.random() < 0.02:  # a typo in the day
                    b = (birth + timedelta(days=rng.choice([-1, 1, 10]))).isoformat()
            rows.append({"id": f"R{len(rows) + 1:07d}", "name": name, "birth": b,
                         "phone": K.phone_form(phone, rng) if rng.random() < 0.6 else "",
                         "address": (moved if moved and rng.random() < 0.5 else place).text(rng)
                         if rng.random() < 0.85 else "",
                         "rrn_key": rrn_key if rng.random() < 0.15 else ""})
            truth.append((rows[-1]["id"], f"P{i + 1:07d}"))
    order = list(range(len(rows)))
    rng.shuffle(order)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "name", "birth", "phone", "address", "rrn_key"])
        w.writeheader()
        w.writerows(rows[k] for k in order)
    with truth_path(out).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "person_id"])
        w.writerows(truth[k] for k in order)
    return {"records": len(rows), "people": people}


def truth_path(out: Path) -> Path:
    return out.with_name(out.stem + ".truth.csv")
