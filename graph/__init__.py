"""The Neo4j side: model, schema, batched writer, reads and networkx projections."""

from core.connection import close_drivers, get_driver
from graph.errors import BatchRowError, GraphError, ModelError, Neo4jUnavailable
from graph.model import Model, model
from graph.read import read
from graph.schema import apply_schema
from graph.writer import GraphWriter

__all__ = [
    "BatchRowError", "GraphError", "GraphWriter", "Model", "ModelError", "Neo4jUnavailable",
    "apply_schema", "close_drivers", "get_driver", "model", "read",
]
