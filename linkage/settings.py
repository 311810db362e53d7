"""A linkage pipeline described as data: fields and their standardisation, deterministic identifiers,
blocking rules, comparisons, classifier and thresholds. Accepts objects or plain dicts, round-trips to
JSON with its trained weights (`to_json` / `from_json`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from linkage.blocking import BlockingRule, blocking_rule_from_dict
from linkage.classifier import MatchWeights
from linkage.comparisons import Comparison
from linkage.errors import SettingsError
from linkage.registry import COMPARISONS, STANDARDISERS


def comparison_from_dict(data: Comparison | dict[str, Any]) -> Comparison:
    if isinstance(data, Comparison):
        return data
    data = dict(data)
    kind = data.pop("type", None)
    if kind not in COMPARISONS:
        raise SettingsError(f"unknown comparison type {kind!r}", hint=f"use one of {', '.join(COMPARISONS)}")
    for key in ("thresholds", "tolerances"):
        if key in data:
            data[key] = tuple(data[key])
    try:
        return COMPARISONS[kind](**data)
    except TypeError as exc:
        raise SettingsError(f"comparison {kind!r}: {exc}") from None


@dataclass(frozen=True)
class FieldSpec:
    """A standardised column `name` made from input column `source` with standardiser `standardise`."""

    name: str
    source: str
    standardise: str = "text"

    def __post_init__(self) -> None:
        if self.standardise not in STANDARDISERS:
            raise SettingsError(f"field {self.name!r}: unknown standardiser {self.standardise!r}",
                                hint=f"use one of {', '.join(STANDARDISERS)}")

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "source": self.source, "standardise": self.standardise}


@dataclass(frozen=True)
class AnchorRule:
    """Records sharing `on` (an account both name as their own) are one party when every comparison in
    `agree` reaches its level (the name agrees in Hangul or romanised form) and none in `against` is
    present below its level (a different complete birth date); cannot-link fields must not differ."""

    on: str
    agree: dict[str, int]
    against: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"on": self.on, "agree": dict(self.agree), "against": dict(self.against)}


@dataclass
class LinkageSettings:
    """One pipeline. `deterministic`: fields whose equality links (valid strong identifiers);
    `cannot_link`: fields whose disagreement (both present) forbids a link; `threshold`: the match
    probability from which a pair is a link; clusters bigger than `max_cluster_size`, or merges of two
    groups through pairs weaker than `strong_probability`, are refused (the chaining guard)."""

    name: str
    fields: list[FieldSpec]
    blocking_rules: list[BlockingRule]
    comparisons: list[Comparison]
    deterministic: list[str] = field(default_factory=list)
    cannot_link: list[str] = field(default_factory=list)
    waive_conflict_when_exact: list[str] = field(default_factory=list)  # comparisons; see engine.score_pairs
    waive_needs_one_of: list[str] = field(default_factory=list)  # ... and at least one of these exact too
    anchors: list[AnchorRule] = field(default_factory=list)
    # comparisons whose exact agreement weighs by how common the value is (term frequencies, as Splink)
    tf_adjust: list[str] = field(default_factory=list)
    classifier: str = "em"
    threshold: float = 0.5
    strong_probability: float = 0.999
    max_cluster_size: int = 50
    trained: MatchWeights | None = None

    def __post_init__(self) -> None:
        self.fields = [f if isinstance(f, FieldSpec) else FieldSpec(**f) for f in self.fields]
        self.blocking_rules = [blocking_rule_from_dict(r) for r in self.blocking_rules]
        self.comparisons = [comparison_from_dict(c) for c in self.comparisons]
        self.anchors = [a if isinstance(a, AnchorRule) else AnchorRule(**a) for a in self.anchors]
        if isinstance(self.trained, dict):
            self.trained = MatchWeights.from_dict(self.trained)
        if self.classifier not in ("em", "logistic"):
            raise SettingsError(f"settings {self.name!r}: classifier must be 'em' or 'logistic'",
                                hint=f"got {self.classifier!r}")
        if not 0 < self.threshold < 1:
            raise SettingsError(f"settings {self.name!r}: threshold must lie between 0 and 1",
                                hint=f"got {self.threshold}")
        names = {f.name for f in self.fields}
        used = {c for r in self.blocking_rules for c in r.columns()} | set(self.deterministic) | set(self.cannot_link)
        used |= {a.on for a in self.anchors}
        compared = {c.name for c in self.comparisons}
        named = set(self.tf_adjust) | {k for a in self.anchors for k in (*a.agree, *a.against)}
        if named - compared:
            raise SettingsError(f"settings {self.name!r}: tf_adjust and anchors name unknown comparisons: "
                                f"{', '.join(sorted(named - compared))}", hint="use comparison names")
        for comp in self.comparisons:
            used |= comp.input_columns()
        unknown = sorted(used - names)
        if unknown:
            raise SettingsError(f"settings {self.name!r} use columns that no field makes: {', '.join(unknown)}",
                                hint="add a field for each, or fix the name")

    @property
    def tops(self) -> dict[str, int]:
        return {c.name: c.top for c in self.comparisons}

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "fields": [f.to_dict() for f in self.fields],
            "blocking_rules": [r.to_dict() for r in self.blocking_rules],
            "comparisons": [c.to_dict() for c in self.comparisons],
            "deterministic": list(self.deterministic),
            "cannot_link": list(self.cannot_link),
            "waive_conflict_when_exact": list(self.waive_conflict_when_exact),
            "waive_needs_one_of": list(self.waive_needs_one_of),
            "anchors": [a.to_dict() for a in self.anchors],
            "tf_adjust": list(self.tf_adjust),
            "classifier": self.classifier,
            "threshold": self.threshold,
            "strong_probability": self.strong_probability,
            "max_cluster_size": self.max_cluster_size,
            "trained": self.trained.to_dict() if self.trained else None,
        }

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkageSettings:
        try:
            return cls(**data)
        except TypeError as exc:
            raise SettingsError(f"linkage settings: {exc}") from None

    @classmethod
    def from_json(cls, text: str) -> LinkageSettings:
        return cls.from_dict(json.loads(text))

    def standardise(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The standardised fields of `frame` (RangeIndex).

        Each standardiser runs once per distinct input value (names, dates and addresses repeat across
        systems), and the results are spread back by the column's codes."""
        out = {}
        distinct: dict[str, tuple[np.ndarray, pd.Series]] = {}
        for f in self.fields:
            if f.source not in frame.columns:
                raise SettingsError(f"settings {self.name!r}: field {f.name!r} needs input column {f.source!r}",
                                    hint=f"the input has: {', '.join(map(str, frame.columns))}")
            if f.source not in distinct:
                codes, uniques = pd.factorize(frame[f.source].to_numpy(dtype=object), use_na_sentinel=True)
                distinct[f.source] = codes, pd.Series(uniques, dtype=object)
            codes, uniques = distinct[f.source]
            values = STANDARDISERS[f.standardise](uniques)
            if f.standardise == "number":
                table = np.append(values.to_numpy(dtype=float), np.nan)
            else:
                table = np.append(values.to_numpy(dtype=object), None)
                table[pd.isna(table)] = None
            out[f.name] = table[codes]  # code -1 (missing input) picks the appended missing value
        return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))
