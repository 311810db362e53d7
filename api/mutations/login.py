"""login(username, password) -> a short-lived token."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from api.db import call
from api.errors import UNAUTHENTICATED
from api.types.results import LoginResult, LoginSuccess, MutationError
from api.types.viewer import Viewer
from cases.users import issue_token, verify_password
from core.clock import now_iso

TOKEN_TTL_SECONDS = 8 * 3600


@strawberry.type
class LoginMutation:
    @strawberry.mutation(description="A token valid for eight hours, for `Authorization: Bearer <token>`.")
    async def login(self, info: Info, username: str, password: str) -> LoginResult:
        user = await call(verify_password, username, password) if username and password else None
        info.context.audit.username = username
        if user is None:
            info.context.audit.add("login", [username], outcome="refused")
            return MutationError(code=UNAUTHENTICATED, message="unknown user, wrong password or disabled user",
                                 hint="check the username and password, or ask an admin: chungbaek users password NAME")
        token = await call(issue_token, user.username, TOKEN_TTL_SECONDS)
        info.context.audit.role = user.role
        info.context.audit.add("login", [user.username])
        expires = now_iso(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=TOKEN_TTL_SECONDS))
        return LoginSuccess(token=token, expires_at=expires, user=Viewer.of(user))
