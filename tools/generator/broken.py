"""A small share of deliberately broken rows in every file, so that the loaders' quarantine is exercised.

Each broken row has a fresh key and one required value that no parser accepts (an impossible date, an
amount with letters, a missing required value). Broken rows are in no truth file."""

from __future__ import annotations

import numpy as np

from generator import contracts
from generator.context import Ctx

SHARE = 2000  # one broken row per this many rows, at least one per file


def write_broken_rows(ctx: Ctx) -> None:
    rng = ctx.rng("broken")
    for (system, file), table in sorted(ctx.tables.items()):
        spec = contracts.column_specs(system, file)
        n = max(1, table.rows // SHARE)
        required = [c for c, s in spec.items() if s.required]
        dates = [c for c in required if spec[c].kind.name in ("date", "datetime")]
        amounts = [c for c in required if spec[c].kind.name == "amount"]
        rows: dict[str, list[str]] = {c: [] for c in table.columns}
        keys = table.keys(n) if table.key_column else np.array([""] * n)
        for i in range(n):
            row = {c: "" for c in table.columns}
            if table.key_column:
                row[table.key_column] = str(keys[i])
            for c in required:
                if c != table.key_column and spec[c].kind.name in ("key", "text", "name", "code"):
                    row[c] = "X"
            choice = int(rng.integers(0, 3))
            if dates and choice == 0:
                row[dates[0]] = "2024-13-45"
            elif amounts and choice == 1:
                row[amounts[0]] = "12O,OOO"
            else:
                blank = [c for c in required if c != table.key_column] or required
                row[blank[0]] = ""
                if system == "bank" and file == "accounts":
                    row["bank_code"], row["account_no"] = "004", f"99{i:06d}"
                    row["holder_type"] = "nobody"
            for c in table.columns:
                rows[c].append(row[c])
        table.write({c: np.array(v) for c, v in rows.items()})
        ctx.state.setdefault("broken", {})[f"{system}/{file}"] = n
