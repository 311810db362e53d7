"""Why two records were (or were not) linked: field by field levels and weights, the identifiers that
decided, the blocking rules that brought them together, and what the graph holds for them."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from neo4j import Driver

from graph.read import read
from linkage.blocking import ExactBlockingRule, SortedNeighbourhoodRule
from linkage.classifier import probability
from linkage.comparisons import Comparison, CrossNameComparison
from linkage.engine import anchored_pairs, compare, tf_adjustments
from linkage.errors import InputError, LinkageError
from linkage.pipelines import ENTITY_KINDS, EntityKind, record_frame
from linkage.settings import LinkageSettings

READ_RECORD = ("MATCH (r:Record {system: $system, source_key: $source_key}) "
               "OPTIONAL MATCH (r)-[s:SAME_AS]->(e) "
               "RETURN labels(r) AS labels, r {.*} AS r, e.entity_id AS entity_id, s.method AS method, "
               "s.score AS score")


@dataclass
class FieldExplanation:
    comparison: str
    left: Any
    right: Any
    level: int
    level_label: str
    weight: float


@dataclass
class Explanation:
    left_key: str
    right_key: str
    kind: str
    fields: list[FieldExplanation]
    prior: float
    match_weight: float
    probability: float
    threshold: float
    decision: str  # link / no link
    decided_by: str  # deterministic:<field>, probabilistic:<method>, cannot_link:<field>
    blocked_by: list[str]
    left_entity: str | None = None
    right_entity: str | None = None
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        lines = [f"{self.left_key}  vs  {self.right_key}  ({self.kind})",
                 f"{'comparison':<14} {'left':<28} {'right':<28} {'level':<34} {'weight':>8}"]
        for f in self.fields:
            lines.append(f"{f.comparison:<14} {str(f.left)[:27]:<28} {str(f.right)[:27]:<28} "
                         f"{f.level_label[:33]:<34} {f.weight:>+8.2f}")
        lines.append(f"{'prior':<106} {self.prior:>+8.2f}")
        lines.append(f"match weight {self.match_weight:+.2f} bits -> probability {self.probability:.6f} "
                     f"(threshold {self.threshold})")
        lines.append(f"pairwise decision: {self.decision} ({self.decided_by})")
        lines.append("compared because: " + (", ".join(self.blocked_by) or "no blocking rule pairs them"))
        if self.left_entity or self.right_entity:
            lines.append(f"entities in the graph: {self.left_entity} / {self.right_entity}")
        lines.extend(f"- {r}" for r in self.reasons)
        return "\n".join(lines)


def _blocked_by(settings: LinkageSettings, sl: pd.DataFrame) -> list[str]:
    out = []
    for rule in settings.blocking_rules:
        cols = rule.columns()
        a, b = sl.iloc[0], sl.iloc[1]
        if isinstance(rule, ExactBlockingRule):
            if all(a[c] is not None and a[c] == b[c] for c in cols):
                out.append(rule.describe())
        elif isinstance(rule, SortedNeighbourhoodRule):
            if all(a[c] is not None and a[c] == b[c] for c in rule.block_on) and a[rule.on] and b[rule.on]:
                out.append(f"{rule.describe()} (if within {rule.window} positions)")
    for f in settings.deterministic:
        if sl.iloc[0][f] is not None and sl.iloc[0][f] == sl.iloc[1][f]:
            out.append(f"exact({f}) [identifier]")
    return out


def explain_records(kind: EntityKind, left: dict[str, Any], right: dict[str, Any],
                    settings: LinkageSettings) -> Explanation:
    """Explain one pair of record rows under trained settings (no database needed)."""
    if settings.trained is None:
        raise LinkageError("these settings are not trained", hint="run chungbaek link first")
    frame = record_frame(kind, [left, right])
    sl = settings.standardise(frame)
    levels = compare(settings, sl, sl, np.array([0]), np.array([1]))
    weights = settings.trained.field_weights(levels)
    fields = []
    for comp in settings.comparisons:
        level = int(levels[comp.name].iloc[0])
        labels = comp.level_labels()
        fields.append(FieldExplanation(comp.name, _shown(comp, sl.iloc[0], comp.column),
                                       _shown(comp, sl.iloc[1], comp.right), level,
                                       "missing" if level < 0 else labels[level],
                                       round(float(weights[comp.name][0]), 3)))
    total = float(settings.trained.score(levels)[0])
    by_name = {c.name: c for c in settings.comparisons}
    for name, adj in tf_adjustments(settings, sl, np.array([0]), levels).items():
        if adj[0] == 0:
            continue
        value = sl.iloc[0][by_name[name].column]
        table = settings.trained.tf.get(name, {})
        count = table.get("values", {}).get(str(value), 1)
        fields.append(FieldExplanation(f"tf {name}", _shown(by_name[name], sl.iloc[0], by_name[name].column), "",
                                       int(levels[name].iloc[0]),
                                       f"{count} of {table.get('n', 0)} records hold it", round(float(adj[0]), 3)))
        total += float(adj[0])
    prob = float(probability(total))
    decided, reasons = f"probabilistic:{settings.trained.method}", []
    decision = "link" if prob >= settings.threshold else "no link"
    for f in settings.cannot_link:
        a, b = sl.iloc[0][f], sl.iloc[1][f]
        if a is not None and b is not None and a != b:
            decided, decision = f"cannot_link:{f}", "no link"
            reasons.append(f"different valid {f}: records with two different {f} are never linked")
    conflict = np.array([decided.startswith("cannot_link")])
    if settings.anchors and anchored_pairs(settings, sl, sl, np.array([0]), np.array([1]), levels, conflict)[0]:
        decided, decision = "anchored:" + "+".join(a.on for a in settings.anchors), "link"
        reasons.append("both records name the same account as their own and the names agree")
    for f in settings.deterministic:
        if sl.iloc[0][f] is not None and sl.iloc[0][f] == sl.iloc[1][f]:
            decided, decision = f"deterministic:{f}", "link"
            reasons.append(f"same valid {f}: linked whatever the other fields say")
            break
    if decision == "no link" and decided.startswith("probabilistic"):
        reasons.append(f"probability {prob:.4f} is below the threshold {settings.threshold}")
        worst = sorted(fields, key=lambda f: f.weight)[:2]
        reasons.append("most against: " + ", ".join(f"{f.comparison} ({f.level_label}, {f.weight:+.1f})"
                                                     for f in worst))
    return Explanation("", "", kind.kind, fields, round(settings.trained.prior, 3), round(total, 3),
                       round(prob, 6), settings.threshold, decision, decided, _blocked_by(settings, sl),
                       reasons=reasons)


def _shown(comp: Comparison, row: pd.Series, column: str) -> Any:
    """The compared value as a person reads it (Hangul recomposed; both forms of a cross-name)."""
    value = row[column]
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
    if isinstance(comp, CrossNameComparison):
        alt = row[comp.alt_column]
        return f"{value} / {alt}" if value and alt and value != alt else (value or alt)
    return value


def _split_key(key: str) -> tuple[str, str]:
    system, sep, source_key = key.partition(":")
    if not sep or not system or not source_key:
        raise InputError(f"{key!r} is not a record key", hint="write system:source_key, e.g. bank:41110-AH-004-123")
    return system, source_key


def explain(key1: str, key2: str, *, driver: Driver | None = None,
            settings: LinkageSettings | None = None) -> Explanation:
    """Explain the link (or its absence) between two records named `system:source_key`."""
    from linkage.link import latest_settings

    found = []
    for key in (key1, key2):
        system, source_key = _split_key(key)
        rows = read(READ_RECORD, driver, system=system, source_key=source_key)
        if not rows:
            raise InputError(f"no record {key} in the graph", hint="check the key (system:source_key)")
        found.append(rows[0])
    kinds = []
    for row in found:
        kind = next((k for k in ENTITY_KINDS.values() if k.record_label in row["labels"]), None)
        if kind is None:
            raise InputError(f"{row['r'].get('system')}:{row['r'].get('source_key')} is not a record linkage "
                             "resolves", hint="use PersonRecord, BusinessRecord, ParcelRecord, BuildingRecord "
                             "or AccountRecord keys")
        kinds.append(kind)
    if kinds[0] is not kinds[1]:
        raise InputError(f"{key1} is a {kinds[0].record_label} and {key2} a {kinds[1].record_label}",
                         hint="only records of the same kind can be the same entity")
    kind = kinds[0]
    settings = settings or latest_settings(kind.kind, driver=driver)
    if settings is None:
        raise LinkageError("no link run has been recorded yet", hint="run chungbaek link first")
    out = explain_records(kind, found[0]["r"], found[1]["r"], settings)
    out.left_key, out.right_key = key1, key2
    out.left_entity, out.right_entity = found[0]["entity_id"], found[1]["entity_id"]
    if out.left_entity and out.left_entity == out.right_entity:
        out.reasons.append(f"both records belong to entity {out.left_entity}"
                           + ("" if out.decision == "link" else " through other records"))
    elif out.left_entity and out.right_entity and out.decision == "link":
        out.reasons.append("the pair scores as a link, but the chaining guard (or a conflicting identifier "
                           "elsewhere in the groups) kept their entities apart")
    return out
