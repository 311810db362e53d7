"""loaders stage: source-system data contracts, identifier kinds and the loaders.

Public surface: `load_directory(path, gov=..., writer=...) -> LoadSummary`, `contracts()`, `kind(name)`.
"""

from loaders.contract import contracts
from loaders.load import load_directory
from loaders.summary import FileResult, LoadSummary
from loaders.types import kind

__all__ = ["FileResult", "LoadSummary", "contracts", "kind", "load_directory"]
