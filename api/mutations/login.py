"""login(username, password) -> a short-lived token; failed logins throttled per username and address."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from api.db import call
from api.errors import LIMIT_EXCEEDED, UNAUTHENTICATED
from api.types.results import LoginResult, LoginSuccess, MutationError
from api.types.viewer import Viewer
from cases.logins import locked_until, record_failure, record_success
from cases.users import issue_token, verify_password
from core.clock import now_iso

TOKEN_TTL_SECONDS = 8 * 3600


def _address(info: Info) -> str | None:
    request = info.context.request
    client = getattr(request, "client", None) if request is not None else None
    return client.host if client else None


@strawberry.type
class LoginMutation:
    @strawberry.mutation(description="A token valid for eight hours, for `Authorization: Bearer <token>`. After "
                                     "10 failed logins of one username (50 from one address) within 15 minutes, "
                                     "logins are refused for 15 minutes.")
    async def login(self, info: Info, username: str, password: str) -> LoginResult:
        address = _address(info)
        info.context.audit.username = username
        until = await call(locked_until, username, address)
        if until is not None:
            info.context.audit.add("login", [username], outcome="refused")
            return MutationError(code=LIMIT_EXCEEDED, message=f"too many failed logins; try again after {until} UTC",
                                 hint="ask an admin to check the account: chungbaek users password NAME")
        user = await call(verify_password, username, password) if username and password else None
        if user is None:
            await call(record_failure, username, address)
            info.context.audit.add("login", [username], outcome="refused")
            return MutationError(code=UNAUTHENTICATED, message="unknown user, wrong password or disabled user",
                                 hint="check the username and password, or ask an admin: chungbaek users password NAME")
        await call(record_success, username)
        token = await call(issue_token, user.username, TOKEN_TTL_SECONDS)
        info.context.audit.role = user.role
        info.context.audit.add("login", [user.username])
        expires = now_iso(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=TOKEN_TTL_SECONDS))
        return LoginSuccess(token=token, expires_at=expires, user=Viewer.of(user))
