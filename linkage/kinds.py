"""Column kinds for ad-hoc matching (`chungbaek match`): each kind says how a column is standardised,
compared and whether it is good for blocking. A pipeline is built from `col:kind` pairs automatically."""

from __future__ import annotations

from dataclasses import dataclass

from linkage.blocking import BlockingRule, ExactBlockingRule, SortedNeighbourhoodRule
from linkage.comparisons import (
    Comparison,
    DateComparison,
    ExactMatchComparison,
    IdentifierComparison,
    NumericComparison,
    StringAtThresholdsComparison,
)
from linkage.errors import InputError
from linkage.settings import FieldSpec, LinkageSettings


@dataclass(frozen=True)
class ColumnKind:
    name: str
    standardise: str
    block_exact: bool
    sorted_neighbourhood: bool
    description: str

    def comparison(self, column: str) -> Comparison:
        if self.name == "name":
            return StringAtThresholdsComparison(column, thresholds=(0.7, 0.88, 0.95))
        if self.name == "text":
            return StringAtThresholdsComparison(column, metric="token_set", thresholds=(0.5, 0.8, 0.95))
        if self.name == "address":
            return StringAtThresholdsComparison(column, metric="jaro_winkler", thresholds=(0.7, 0.85, 0.95))
        if self.name == "date":
            return DateComparison(column)
        if self.name in ("id", "code"):
            return IdentifierComparison(column)
        if self.name == "number":
            return NumericComparison(column, tolerances=(0.1, 0.01))
        return ExactMatchComparison(column)


KINDS = {k.name: k for k in (
    ColumnKind("name", "name", True, True, "a person's or business's name (Jaro-Winkler at 0.7 / 0.88 / 0.95)"),
    ColumnKind("text", "text", False, False, "free text (token-set similarity)"),
    ColumnKind("date", "date", True, False, "a date in any common format (exact, one typo, same year)"),
    ColumnKind("code", "code", True, False, "a short code such as a postcode (exact or one edit)"),
    ColumnKind("id", "code", True, False, "an identifier typed by hand (exact or one edit)"),
    ColumnKind("category", "text", False, False, "a category (exact)"),
    ColumnKind("phone", "phone", True, False, "a phone number (last 8 digits)"),
    ColumnKind("address", "text", False, True, "an address (Jaro-Winkler)"),
    ColumnKind("number", "number", False, False, "a number (exact, within 1 %, within 10 %)"),
)}


def parse_columns(spec: str) -> list[tuple[str, str]]:
    """`col:kind,col:kind` -> [(col, kind)]; a clear error for anything else."""
    out: list[tuple[str, str]] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        column, sep, kind = part.rpartition(":")
        if not sep or not column:
            raise InputError(f"--columns: {part!r} is not col:kind",
                             hint=f"write e.g. surname:name,dob:date; kinds: {', '.join(KINDS)}")
        if kind not in KINDS:
            raise InputError(f"--columns: unknown kind {kind!r} for column {column!r}",
                             hint=f"use one of: {', '.join(KINDS)}")
        out.append((column, kind))
    if not out:
        raise InputError("--columns names no columns", hint="write e.g. surname:name,dob:date")
    seen = [c for c, _ in out]
    dupes = sorted({c for c in seen if seen.count(c) > 1})
    if dupes:
        raise InputError(f"--columns names {', '.join(dupes)} more than once")
    return out


def settings_for(columns: list[tuple[str, str]], *, threshold: float = 0.5) -> LinkageSettings:
    """A pipeline for these columns: blocking on every exact-blockable column and sorted neighbourhoods
    on names and addresses; one comparison per column; EM."""
    fields = [FieldSpec(f"c{n}", col, KINDS[kind].standardise) for n, (col, kind) in enumerate(columns)]
    rules: list[BlockingRule] = []
    comparisons: list[Comparison] = []
    for f, (col, kind) in zip(fields, columns, strict=True):
        k = KINDS[kind]
        comp = k.comparison(f.name)
        comparisons.append(type(comp)(**{**comp.__dict__, "output": col}))
        if k.block_exact:
            rules.append(ExactBlockingRule(on=(f.name,)))
        if k.sorted_neighbourhood:
            rules.append(SortedNeighbourhoodRule(on=f.name, window=7))
    if not rules:
        # Nothing to block on alone: pair up records that agree on any two categories/numbers/texts.
        names = [f.name for f in fields]
        rules = [ExactBlockingRule(on=(a, b)) for n, a in enumerate(names) for b in names[n + 1:]] or [
            ExactBlockingRule(on=(names[0],))]
    return LinkageSettings(name="match", fields=fields, blocking_rules=rules, comparisons=comparisons,
                           threshold=threshold)
