"""The context of one request: who asks (from the bearer token), their loaders and their audit log."""

from __future__ import annotations

from typing import Any

from anyio import to_thread

from api.audit import AuditLog
from api.auth import bearer, cached_user, user_of_token
from api.db import fetch
from api.errors import ApiError
from api.loaders import Loaders
from api.scope import PERSONAL_ROLES, USER_KEYS
from cases.users import User
from core.errors import ChungBaekError


class Context:
    def __init__(self, request: Any, response: Any, user: User | None, token_given: bool,
                 token: str | None = None) -> None:
        self.request = request
        self.token = token
        self.response = response
        self.user = user
        self.token_given = token_given
        self.loaders = Loaders()
        self.audit = AuditLog(username=user.username if user else None, role=user.role if user else None)
        self._keys: tuple[list[str], list[str]] | None = None
        self.auth_error: Exception | None = None

    def require_user(self) -> User:
        if self.user is None:
            raise ApiError("no valid token", code="UNAUTHENTICATED")
        return self.user

    async def person_keys(self) -> tuple[list[str], list[str]]:
        """The user's own PersonRecord keys and the units they head (with the units below), once a request."""
        if self._keys is None:
            user = self.require_user()
            if user.role not in PERSONAL_ROLES:  # auditors and the ministry see cases by government alone
                self._keys = ([], [])
                return self._keys
            rows = await fetch(USER_KEYS, username=user.username)
            keys = [row["key"] for row in rows if row["key"]]
            units = sorted({u for row in rows for u in row["units"] if u})
            self._keys = (keys, units)
        return self._keys


async def build_context(request: Any, response: Any) -> Context:
    token = bearer(request.headers.get("authorization"))
    user, problem = None, None
    if token:
        try:
            # A cached token answers on the event loop; only a miss goes to the database in a thread.
            user = cached_user(token) or await to_thread.run_sync(user_of_token, token)
        except ChungBaekError as exc:  # the database is down: say so instead of "bad token"
            problem = exc
    context = Context(request, response, user, token_given=token is not None, token=token)
    context.auth_error = problem
    return context
