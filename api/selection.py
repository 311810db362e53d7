"""Look-ahead on the query: which fields a client asked for under the current one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField


def _names(selections: Iterable[Any]) -> Iterable[str]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        elif isinstance(selection, InlineFragment | FragmentSpread):
            yield from _names(selection.selections)


def selects(info: Info, name: str) -> bool:
    """True when the current field's selection (fragments included) asks for `name`."""
    return any(name in _names(field.selections) for field in info.selected_fields)
