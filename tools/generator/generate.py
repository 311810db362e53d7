"""`generate(...)`: write one synthetic municipality (ten systems, truth files) into a directory."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from generator import bank, bg_money, bg_permits, bg_property, broken, contracts
from generator import planted_anomaly as pa
from generator import planted_money as pm
from generator import planted_property as pp
from generator.context import Ctx, open_context
from generator.errors import GeneratorError
from generator.plant_base import TRANSFER_OF, Picker, count
from generator.plant_prepare import prepare
from generator.population import build_municipality
from generator.sink import Extract
from generator.timeline import government

MIN_RESIDENTS = 500
MAX_RESIDENTS = 5_000_000


@dataclass
class Summary:
    out: Path
    government: str
    residents: int
    seed: int
    seconds: float
    files: dict[str, int] = field(default_factory=dict)
    planted: int = 0
    decoys: int = 0
    entities: int = 0

    @property
    def rows(self) -> int:
        return sum(self.files.values())

    def as_dict(self) -> dict[str, object]:
        return {"out": str(self.out), "government": self.government, "residents": self.residents, "seed": self.seed,
                "seconds": round(self.seconds, 2), "rows": self.rows,
                "rows_per_second": round(self.rows / self.seconds) if self.seconds else None,
                "planted_cases": self.planted, "decoys": self.decoys, "truth_entities": self.entities,
                "files": self.files}


def _steps(k: int) -> list[tuple[str, Callable[[Ctx], None]]]:
    def plants(fn: Callable[..., None], *args: object) -> Callable[[Ctx], None]:
        def run(ctx: Ctx) -> None:
            fn(ctx, ctx.state["picker"], ctx.rng(f"plant/{fn.__name__}"), *args)
        return run

    return [
        ("land register", bg_property.land_register),
        ("building register", bg_property.building_register),
        ("licences", bg_permits.licences),
        ("transfers", bg_property.transfers),
        ("construction", bg_property.construction),
        ("public land", bg_property.disposals),
        ("real-name law", bg_property.realname),
        ("property tax", bg_property.property_tax),
        ("resident tax", bg_permits.resident_tax),
        ("occupancy", bg_permits.occupancy),
        ("violations", bg_permits.violations),
        ("officials and payroll", bg_money.org_and_officials),
        ("welfare", bg_money.welfare),
        ("finance", bg_money.finance),
        ("refunds", bg_money.refunds),
        ("reductions", bg_money.reductions),
        ("cards", bg_money.cards),
        ("logins", bg_money.logins),
        ("planted: use approvals", plants(pp.plant_use_approval, k)),
        ("planted: public land", plants(pp.plant_public_land, k)),
        ("planted: illegal buildings", plants(pp.plant_illegal, k)),
        ("planted: heavy rate", plants(pp.plant_heavy_bar, k)),
        ("planted: workplaces", plants(pp.plant_workplace, k)),
        ("planted: real-name", plants(pp.plant_realname, k)),
        ("planted: occupancy", plants(pp.plant_permits, k)),
        ("planted: food sanitation", plants(pp.plant_food, k)),
        ("planted: late registration", plants(pp.plant_late_registration, k)),
        ("planted: development", plants(pp.plant_development, k)),
        ("planted: retirement", plants(pm.plant_after_retirement)),
        ("planted: payroll account", plants(pm.plant_payroll_other, k)),
        ("planted: payroll and welfare", plants(pm.plant_payroll_welfare, k)),
        ("planted: paid after death", plants(pm.plant_paid_after_death, k)),
        ("planted: welfare account", plants(pm.plant_welfare_other, k)),
        ("planted: refund account", plants(pm.plant_refund_other, k)),
        ("planted: refund to the dead", plants(pm.plant_refund_dead, k)),
        ("planted: reductions", plants(pm.plant_reduction_self, k)),
        ("planted: related contracts", plants(pm.plant_related_contract)),
        ("planted: duplicates", plants(pm.plant_duplicates, k)),
        ("planted: transfer mismatch", plants(pm.plant_transfer_mismatch, k)),
        ("planted: shared PC", plants(pm.plant_shared_pc, k)),
        ("planted: cards", plants(pm.plant_cards, k)),
        ("planted: anomalies", plants(pa.plant_anomalies, k)),
        ("arrears", bg_permits.arrears),
        ("party files", _flush_parties),
        ("bank accounts", bank.accounts),
        ("bank transfers", bank.transfers),
        ("broken rows", broken.write_broken_rows),
        ("truth", _flush_truth),
    ]


def _flush_parties(ctx: Ctx) -> None:
    for system in sorted(ctx.parties):
        parties = ctx.parties[system]
        parties.flush(ctx.ex)
        if hasattr(parties, "accounts_used"):
            ctx.objects.account(system, parties.accounts_used)


def _flush_truth(ctx: Ctx) -> None:
    ctx.objects.flush(ctx.ex)
    keys = ctx.state.get("transfer_keys", {})
    resolved = []
    for scenario, evidence in ctx.ex.planted:
        resolved.append((scenario, _resolve(evidence, keys)))
    ctx.ex.planted = resolved
    ctx.ex.decoys = [(s, _resolve(e, keys), note) for s, e, note in ctx.ex.decoys]


def _resolve(evidence: str, transfer_keys: dict[str, str]) -> str:
    out = []
    for item in evidence.split(";"):
        if item.startswith(TRANSFER_OF):
            key = transfer_keys.get(item[len(TRANSFER_OF):])
            if key:
                out.append(f"bank:{key}")
        elif item and not item.endswith(":None"):
            out.append(item)
    return ";".join(out)


def generate(residents: int, seed: int, out: Path, gov_code: str = "41110", progress: bool = True) -> Summary:
    """Write a municipality of `residents` people (same seed, same bytes) and return what was written."""
    if not MIN_RESIDENTS <= residents <= MAX_RESIDENTS:
        raise GeneratorError(f"--residents {residents} is out of range",
                             hint=f"use {MIN_RESIDENTS:,} to {MAX_RESIDENTS:,} residents")
    gov = government(gov_code)
    contracts.contracts()  # fail early on a missing or broken contract
    started = time.perf_counter()
    if out.exists() and not out.is_dir():
        raise GeneratorError(f"{out} is a file, not a directory", hint="choose a new or empty --out directory")
    if out.exists() and any(out.iterdir()) and not (out / "truth").is_dir():
        raise GeneratorError(f"{out} exists and does not look like an extract",
                             hint="choose an empty or new --out directory")
    ex = Extract(out, gov.code)
    k = count(residents)
    bar = tqdm(total=0, desc="municipality", unit="step", disable=not progress, leave=False)
    m = build_municipality(gov, residents, seed)
    ctx = open_context(m, ex, seed)
    prepare(ctx, k)
    ctx.state["picker"] = Picker(ctx, ctx.rng("plant/picker"))
    steps = _steps(k)
    bar.reset(total=len(steps))
    for name, step in steps:
        bar.set_description(name)
        step(ctx)
        bar.update()
    bar.close()
    files = ex.close()
    np.seterr(all="ignore")
    return Summary(out=out, government=gov.code, residents=residents, seed=seed,
                   seconds=time.perf_counter() - started, files=files, planted=len(ex.planted),
                   decoys=len(ex.decoys), entities=ex.entity_rows)
