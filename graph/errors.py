"""Errors of the graph stage."""

from __future__ import annotations

from core.errors import ChungBaekError, Neo4jUnavailable


class GraphError(ChungBaekError):
    """Base of the graph stage's errors."""


class ModelError(GraphError):
    """A model file is wrong, or a label / relationship / property is not in the model."""


class BatchRowError(GraphError):
    """A row of a write batch cannot be stored; nothing of its batch was written."""

    def __init__(self, message: str, *, row_index: int, row: dict) -> None:
        super().__init__(message)
        self.row_index = row_index
        self.row = row


__all__ = ["BatchRowError", "GraphError", "ModelError", "Neo4jUnavailable"]
