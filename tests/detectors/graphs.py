"""A tiny builder of fixture graphs as the loaders and linkage would write them (records, facts, entities,
SAME_AS), written through GraphWriter."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from graph.model import model
from graph.writer import GraphWriter

Ref = tuple[str, dict[str, Any]]  # (label, key properties)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class G:
    """Nodes and relationships of one government's fixture graph."""

    def __init__(self, gov: str) -> None:
        self.gov = gov
        self.n = 0
        self.nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)

    def key(self, tag: str) -> str:
        self.n += 1
        return f"{self.gov}-{tag}-{self.n:05d}"

    def node(self, label: str, system: str, source_key: str | None = None, **props: Any) -> Ref:
        key = {"system": system, "source_key": source_key or self.key(label[:3].upper())}
        self.nodes[label].append({**key, "gov": self.gov, **props})
        return label, key

    def entity(self, label: str, **props: Any) -> Ref:
        prefix = model().node(label).prefix if hasattr(model().node(label), "prefix") else label[0]
        key = {"entity_id": f"{prefix}-{self.key('E')}"}
        self.nodes[label].append({**key, "gov": self.gov, **props})
        return label, key

    def rel(self, rel_type: str, a: Ref, b: Ref, **props: Any) -> None:
        self.rels[(rel_type, a[0], b[0])].append({"start": a[1], "end": b[1], "props": props})

    def same(self, record: Ref, entity: Ref) -> None:
        self.rel("SAME_AS", record, entity, score=1.0, method="fixture")

    @staticmethod
    def k(ref: Ref) -> str:
        return f"{ref[1]['system']}:{ref[1]['source_key']}"

    # -- common shapes ---------------------------------------------------------------------------
    def person(self, system: str, role: str, person: Ref | None = None, **props: Any) -> Ref:
        rec = self.node("PersonRecord", system, role=role, name=props.pop("name", "홍길동"), **props)
        if person is not None:
            self.same(rec, person)
        return rec

    def official(self, area: str = "local_tax", person: Ref | None = None, **emp: Any) -> Ref:
        unit = self.unit(area)
        rec = self.person("local_hr", "official", person, source_key=self.key("E"), name="김공무")
        e = self.node("Employment", "local_hr", source_key=rec[1]["source_key"] + "-EMP", date=d("2010-01-01"), **emp)
        self.rel("EMPLOYEE", e, rec)
        self.rel("IN_UNIT", e, unit)
        return rec

    def unit(self, area: str) -> Ref:
        return self.node("OrgUnit", "local_hr", source_key=f"{self.gov}-U-{area}", area=area, name=area)

    def account(self, system: str, account: Ref | None, holder: Ref | None = None, no: str = "1") -> Ref:
        rec = self.node("AccountRecord", system, source_key=f"{self.gov}-AC-088-{no}", bank_code="088",
                        account_no=no, account_key=f"088-{no}")
        if account is not None:
            self.same(rec, account)
        if holder is not None:
            self.rel("HOLDS", holder, rec)
        return rec

    def bank_holder(self, person: Ref, account: Ref, no: str) -> Ref:
        """The bank's record of the account and its holder, both linked."""
        holder = self.person("bank", "holder", person, source_key=f"{self.gov}-AH-088-{no}")
        return self.account("bank", account, holder, no)

    def today(self, when: str = "2025-12-31") -> None:
        """A fact that marks the end of the extract (the runner's as_of)."""
        self.node("Payment", "local_finance", amount=1, date=d(when), kind="expense", purpose="marker")

    def write(self, writer: GraphWriter) -> None:
        for label, rows in self.nodes.items():
            merged: dict[tuple[Any, ...], dict[str, Any]] = {}
            for row in rows:
                merged.setdefault(tuple(sorted((k, str(v)) for k, v in row.items() if k in (
                    "system", "source_key", "entity_id"))), {}).update(row)
            writer.merge_nodes(label, list(merged.values()))
        for (rel_type, a, b), rows in self.rels.items():
            writer.merge_relationships(rel_type, a, b, rows)
