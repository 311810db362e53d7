"""Permission classes: every field but `login` needs an authenticated user."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info

from api.errors import FORBIDDEN, UNAUTHENTICATED


class IsAuthenticated(BasePermission):
    message = ("a valid token is needed: none was sent, or it is unknown, expired or revoked. Send "
               "`Authorization: Bearer <token>` with a token from the login mutation or `chungbaek users token NAME`")
    error_extensions = {"code": UNAUTHENTICATED}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        if info.context.auth_error is not None:
            raise info.context.auth_error
        return info.context.user is not None


class IsMinistryOrAdmin(BasePermission):
    message = "only ministry and admin users may do this"
    error_extensions = {"code": FORBIDDEN}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        user = info.context.user
        return user is not None and user.role in ("ministry", "admin")
