from __future__ import annotations

import strawberry

from cases.users import User


@strawberry.type(description="The user a token belongs to.")
class Viewer:
    username: str
    display_name: str
    role: str
    governments: list[str]

    @staticmethod
    def of(user: User) -> Viewer:
        return Viewer(username=user.username, display_name=user.display_name, role=user.role,
                      governments=list(user.governments))
