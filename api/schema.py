"""The GraphQL schema: query and mutation groups merged, with the limits and error handling of every request."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import MaxTokensLimiter, ParserCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.extensions import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FIELDS,
    AuditTrail,
    Authentication,
    ClientErrors,
    RequestCost,
)
from api.mutations.acknowledge import AcknowledgeMutation
from api.mutations.act import ActMutation
from api.mutations.close import CloseMutation
from api.mutations.comment import CommentMutation
from api.mutations.detector_run import DetectorRunMutation
from api.mutations.exclude import ExcludeMutation
from api.mutations.login import LoginMutation
from api.mutations.logout import LogoutMutation
from api.queries.cases import CaseQueries
from api.queries.catalog import CatalogQueries
from api.queries.entities import EntityQueries
from api.queries.graph import GraphQueries
from api.types.money import KRW, KRW_SCALAR

MAX_TOKENS = 2000
__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_FIELDS", "MAX_TOKENS", "schema", "sdl"]


Query = merge_types("Query", (EntityQueries, GraphQueries, CaseQueries, CatalogQueries))
Mutation = merge_types("Mutation", (LoginMutation, LogoutMutation, AcknowledgeMutation, ActMutation, ExcludeMutation,
                                    CommentMutation, CloseMutation, DetectorRunMutation))


class Schema(strawberry.Schema):
    def process_errors(self, errors: Any, execution_context: Any = None) -> None:
        """Expected errors are answers, not incidents: the ClientErrors extension logs the unexpected ones."""


def make_schema() -> strawberry.Schema:
    return Schema(
        query=Query, mutation=Mutation, config=StrawberryConfig(scalar_map={KRW: KRW_SCALAR}),
        extensions=[
            ClientErrors,
            # Clients send the same few query texts again and again: parse each once (bounded LRU; the
            # token limit is part of the cache key, and failed parses are not cached).
            lambda: ParserCache(maxsize=256),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            # Cost, depth and aliases measured in one linear walk (api.cost) before the validation rules run
            # (strawberry's depth and alias limiters walk a fragment again at every spread: exponential);
            # the validation of a parsed document always gives the same errors: once per text.
            RequestCost,
            Authentication,
            AuditTrail,
        ],
    )


schema = make_schema()


def sdl() -> str:
    """The schema in SDL, as kept in api/schema.graphql."""
    return schema.as_str() + "\n"
