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
from core.connection import guarded
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
        self.auth_error: ChungBaekError | None = None
        self._looked_up = user is not None or token is None

    async def authenticate(self) -> None:
        """Look the token up, once (api.extensions.Authentication calls it when the document passed its
        limits, so a refused document never reaches the database)."""
        if self._looked_up:
            return
        self._looked_up = True
        assert self.token is not None
        try:
            # A cached token answers on the event loop; only a miss goes to the database in a thread.
            self.user = cached_user(self.token) or await to_thread.run_sync(_lookup, self.token,
                                                                            abandon_on_cancel=True)
        except ChungBaekError as exc:
            self.auth_error = exc
            return
        if self.user is not None:
            self.audit.username, self.audit.role = self.user.username, self.user.role

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


def _lookup(token: str) -> User | None:
    with guarded():
        return user_of_token(token)


async def build_context(request: Any, response: Any) -> Context:
    token = bearer(request.headers.get("authorization"))
    return Context(request, response, None, token_given=token is not None, token=token)
