from __future__ import annotations

from typing import Any

import strawberry

from api.graphdata import kind_of, node_key
from api.types.attribute import Attribute, stored_attributes
from api.types.same_as import SameAsEvidence


@strawberry.type(description="A row of a source system behind an entity (system + source key).")
class SourceRecord:
    key: str = strawberry.field(description="`system:source_key`")
    system: str
    source_key: str
    kind: str
    gov: str | None
    name: str | None
    rrn_masked: str | None = strawberry.field(description="the resident number, masked (YYMMDD-S******)")
    props: strawberry.Private[dict[str, Any]]
    attributes: list[Attribute] = strawberry.field(resolver=stored_attributes)
    same_as: SameAsEvidence | None

    @staticmethod
    def of(row: dict[str, Any]) -> SourceRecord:
        props, link = row["props"], row.get("same_as") or None
        return SourceRecord(
            key=node_key(row["labels"], props), system=props.get("system") or "", source_key=props.get("source_key") or "",
            kind=kind_of(row["labels"]), gov=props.get("gov"), name=props.get("name") or props.get("holder_name"),
            rrn_masked=props.get("rrn_masked"), props=props,
            same_as=SameAsEvidence(score=link.get("score"), method=link.get("method"), evidence=link.get("evidence"),
                                   run_id=link.get("run_id")) if link else None,
        )
