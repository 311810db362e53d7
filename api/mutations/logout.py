"""logout: the token of this request stops working."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.auth import CACHE_SECONDS, forget_token
from api.db import call
from api.permissions import IsAuthenticated
from cases.users import revoke_token


@strawberry.type
class LogoutMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description=(
        f"Revoke the token this request was sent with; every server worker refuses it within {CACHE_SECONDS:g} s "
        "(this one at once). True when it was revoked now."))
    async def logout(self, info: Info) -> bool:
        token = info.context.token
        user = info.context.require_user()
        revoked = await call(revoke_token, token) if token else False
        if token:
            forget_token(token)
        info.context.audit.add("logout", [user.username], outcome="ok" if revoked else "no-op")
        return revoked
