from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Kinds of resolved entities.")
class EntityKind(Enum):
    PERSON = "Person"
    BUSINESS = "Business"
    PARCEL = "Parcel"
    BUILDING = "Building"
    ACCOUNT = "Account"
