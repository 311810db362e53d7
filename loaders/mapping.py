"""One row of an extract -> cleaned values -> the nodes and relationships its contract maps it to.

Every value is cleaned here, once, by its column's identifier kind. A row is refused when a required
value is missing or unusable; an unusable optional value is dropped with a warning (the row is kept, the
warning file says which value was dropped and why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from loaders.contract import FileContract, NodeSpec, Ref, RelSpec, Template
from loaders.masking import FREE_TEXT_KINDS, mask_value
from loaders.storable import unstorable
from loaders.types import is_empty

# A resident-number-shaped run of digits; scrubbed from anything written for people to read.
# An accounting negative, `(5,000)` or `(₩5,000원)`: the amount kind reads what is inside.
ACCOUNTING_NEGATIVE = re.compile(r"^\s*\(\s*([^()\-]*?)\s*\)\s*$")
KEY_GOV = re.compile(r"^(\d{5})-")  # source keys start with their government's code
RRN_SHAPE = re.compile(r"(?<!\d)(\d{6})[\s-]?([0-9])(\d{6})(?!\d)")


def scrub(text: str) -> str:
    return RRN_SHAPE.sub(r"\1-*******", text)


@dataclass
class MappedRow:
    key: str
    nodes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (label, properties with key)
    # (relationship index, start label, start key, end labels, end system, end key, properties)
    rels: list[tuple[int, str, str, tuple[str, ...], str, str, dict[str, Any]]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)


@dataclass
class Refusal:
    reasons: list[str]


class RowMapper:
    """Compiled mapping of one file contract for one load (government code, columns present)."""

    def __init__(self, contract: FileContract, gov: str, present: set[str]) -> None:
        self.contract = contract
        self.system = contract.system
        self.gov = gov
        self.columns = [(c.name, c.kind, c.required) for c in contract.columns.values() if c.name in present]
        self.negative = {c.name: c.negative for c in contract.columns.values()
                         if c.kind.graph_type in ("int", "float") and c.negative != "allow"}
        self.absent = [c.name for c in contract.columns.values() if c.name not in present]

    # -- values -----------------------------------------------------------------------------------
    def clean(self, raw: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[tuple[str, str]]]:
        values: dict[str, Any] = dict.fromkeys(self.absent)
        reasons: list[str] = []
        warnings: list[tuple[str, str]] = []
        for name, kind, required in self.columns:
            value = raw.get(name)
            if is_empty(value):
                values[name] = None
                if required:
                    reasons.append(f"{name}: required value is missing")
                continue
            if type(value) is str and "\x00" in value:
                reasons.append(f"{name}: {unstorable(value)}")
                continue
            if kind.name == "amount" and type(value) is str and (m := ACCOUNTING_NEGATIVE.match(value)):
                value = "-" + m.group(1)
            cleaned = kind.clean_present(value)
            values[name] = cleaned
            stored = unstorable(cleaned)
            if stored:
                reasons.append(f"{name}: {stored}")
                continue
            if cleaned is None:
                why = (kind.validate(value) or "not valid").removeprefix(f"{kind.name}: ")
                if required:
                    reasons.append(f"{name}: {why}")
                else:
                    warnings.append((name, f"value dropped: {why}"))
                continue
            if kind.name in FREE_TEXT_KINDS:
                cleaned, found = mask_value(cleaned)
                if found:
                    values[name] = cleaned
                    warnings.append((name, "a resident registration number in this text was masked "
                                           "(YYMMDD-S******); remove it at the source"))
            if kind.name == "key" and (g := KEY_GOV.match(cleaned)) and g.group(1) != self.gov:
                reasons.append(f"{name}: {cleaned[:40]} is a key of government {g.group(1)}, not of {self.gov} "
                               "(this load); load that government's rows with its own --gov")
                continue
            if name in self.negative and isinstance(cleaned, int | float) and cleaned < 0:
                if self.negative[name] == "refuse":
                    reasons.append(f"{name}: negative ({cleaned:,}), the contract allows none")
                    continue
                warnings.append((name, f"negative amount ({cleaned:,}); check the source"))
            warning = kind.warn(cleaned)
            if warning:
                warnings.append((name, warning.removeprefix(f"{kind.name}: ")))
        return values, reasons, warnings

    def _get(self, values: dict[str, Any], ref: Ref) -> Any:
        if ref.column == "gov":
            return self.gov
        value = values.get(ref.column)
        if value is None:
            return None
        if ref.part == "value":
            return value["value"] if isinstance(value, dict) else value
        return self.contract.columns[ref.column].kind.part(value, ref.part)

    def render(self, template: Template, values: dict[str, Any]) -> str | None:
        out = template.text
        for ref in template.refs:
            value = self._get(values, ref)
            if value is None or value == "":
                return None
            token = "{" + ref.column + ("" if ref.part == "value" else "." + ref.part) + "}"
            out = out.replace(token, str(value), 1)
        return out

    def _props(self, spec: dict[str, tuple[Ref, ...]], values: dict[str, Any]) -> dict[str, Any]:
        props = {}
        for prop, refs in spec.items():
            for ref in refs:
                value = self._get(values, ref)
                if value is not None and value != []:
                    props[prop] = value
                    break
        return props

    @staticmethod
    def _applies(node: NodeSpec, values: dict[str, Any]) -> bool:
        when = node.when
        for col, allowed in when.equals.items():
            if values.get(col) not in allowed:
                return False
        return all(values.get(col) is not None for col in when.present)

    # -- rows -------------------------------------------------------------------------------------
    def map(self, raw: dict[str, Any]) -> MappedRow | Refusal:
        values, reasons, warnings = self.clean(raw)
        if reasons:
            return Refusal(reasons)
        key = self.render(self.contract.key, values)
        if key is None:
            return Refusal(["the key is empty"])
        row = MappedRow(key=key, warnings=warnings)
        emitted: dict[str, tuple[str, str]] = {}  # node id -> (label, source key)
        for node in self.contract.nodes:
            if node.id in emitted or not self._applies(node, values):
                continue
            source_key = self.render(node.source_key, values)
            if source_key is None:
                continue
            props = self._props(node.properties, values)
            props.update(node.constants)
            for prop, template in node.templates.items():
                rendered = self.render(template, values)
                if rendered is not None:
                    props[prop] = rendered
            props.update(system=self.system, source_key=source_key, gov=self.gov)
            row.nodes.append((node.label, props))
            emitted[node.id] = (node.label, source_key)
        if self.contract.nodes[0].id not in emitted:
            return Refusal(["no node of the contract applies to this row"])
        for index, rel in enumerate(self.contract.relationships):
            self._relationship(index, rel, values, emitted, row)
        return row

    def _relationship(self, index: int, rel: RelSpec, values: dict[str, Any],
                      emitted: dict[str, tuple[str, str]], row: MappedRow) -> None:
        start = emitted.get(rel.from_id)
        if start is None:
            return
        if rel.to_node is not None:
            end = emitted.get(rel.to_node)
            if end is None:
                return
            labels, system, end_key = (end[0],), self.system, end[1]
        else:
            assert rel.to_key is not None
            end_key = self.render(rel.to_key, values)
            if end_key is None:
                return
            labels, system = rel.to_labels, rel.to_system
        row.rels.append((index, start[0], start[1], labels, system, end_key, self._props(rel.properties, values)))
