from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from api.graphdata import kind_of
from api.types.attribute import Attribute, stored_attributes
from api.types.entity_kind import EntityKind
from api.types.source_record import SourceRecord


@strawberry.type(description="A real person, business, parcel, building or account, as linkage resolved it.")
class Entity:
    id: str = strawberry.field(description="entity id (P-, B-, L-, D-, A-...)")
    kind: EntityKind
    gov: str | None
    name: str | None
    rrn_masked: str | None = strawberry.field(description="resident number, masked; the full number is never shown")
    birth_date: str | None
    brn: str | None
    pnu: str | None
    address: str | None
    account_key: str | None
    record_count: int | None
    props: strawberry.Private[dict[str, Any]]
    attributes: list[Attribute] = strawberry.field(resolver=stored_attributes)

    @strawberry.field(description="The source records behind this entity, each with its SAME_AS evidence.")
    async def records(self, info: Info) -> list[SourceRecord]:
        rows = await info.context.loaders.records.load(self.id)
        info.context.audit.add("records", [self.id], gov=self.gov)
        return [SourceRecord.of(row) for row in rows]

    @staticmethod
    def of(labels: list[str], props: dict[str, Any]) -> Entity:
        return Entity(
            id=props["entity_id"], kind=EntityKind(kind_of(labels)), gov=props.get("gov"), name=props.get("name"),
            rrn_masked=props.get("rrn_masked"), birth_date=_text(props.get("birth_date")), brn=props.get("brn"),
            pnu=props.get("pnu"), address=props.get("address"), account_key=props.get("account_key"),
            record_count=props.get("record_count"), props=props,
        )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
