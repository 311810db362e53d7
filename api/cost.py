"""What a request would cost, measured on its document before any of it runs.

One walk over the document, with each fragment measured once and remembered: a fragment spread adds the
remembered figures of its fragment, so `fragment F1 { ...F2 ...F2 }` costs twice F2 without walking F2
twice. strawberry's QueryDepthLimiter and MaxAliasesLimiter walk a fragment again at every spread, so
thirty levels of doubling fragments took them 2^30 steps (minutes, with the worker blocked): this walk is
linear in the document, and the document's length is bounded by the token limit at parse time.

Figures, for the operation that will run:
- fields: fields the answer would hold, a field under a list counted once per expected item (the size
  argument `first`, `nodeCap`, `maxPaths` when the field has one, else DEFAULT_LIST_SIZE);
- depth: the deepest field nesting (introspection fields not counted: the introspection query is deep by
  design and its size is bounded by the schema);
- aliases: aliases in the expanded operation (a fragment used twice counts twice);
- introspection: whether `__schema` or `__type` is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

SIZE_ARGUMENTS = ("first", "maxPaths", "nodeCap")
DEFAULT_LIST_SIZE = 10  # a list field without a size argument (records, attributes, timeline ...)
INTROSPECTION = frozenset({"__schema", "__type"})


@dataclass(frozen=True)
class Cost:
    fields: int = 0
    depth: int = 0
    aliases: int = 0
    introspection: bool = False

    def __add__(self, other: Cost) -> Cost:
        return Cost(self.fields + other.fields, max(self.depth, other.depth), self.aliases + other.aliases,
                    self.introspection or other.introspection)

    def times(self, n: int) -> Cost:
        return Cost(self.fields * n, self.depth, self.aliases * n, self.introspection)

    def deeper(self) -> Cost:
        return Cost(self.fields, self.depth + 1, self.aliases, self.introspection)


class CostError(Exception):
    """The document cannot be measured (a fragment that spreads itself); validation says the rest."""


class _Walk:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[tuple[str, int | None, bool], Cost] = {}
        self.open: set[str] = set()

    def fragment(self, name: str, sized: int | None, introspecting: bool) -> Cost:
        key = (name, sized, introspecting)
        if key in self.measured:
            return self.measured[key]
        definition = self.fragments.get(name)
        if definition is None:
            return Cost()  # unknown fragment: validation names it
        if name in self.open:
            raise CostError(f"fragment {name} spreads itself")
        self.open.add(name)
        cost = self.selections(definition.selection_set, self.schema.get_type(definition.type_condition.name.value),
                               sized=sized, introspecting=introspecting)
        self.open.discard(name)
        self.measured[key] = cost
        return cost

    def selections(self, selection_set: SelectionSetNode | None, parent: Any, *, sized: int | None,
                   introspecting: bool) -> Cost:
        total = Cost()
        if selection_set is None:
            return total
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                total = total + self.field(node, parent, sized=sized, introspecting=introspecting)
            elif isinstance(node, FragmentSpreadNode):
                total = total + self.fragment(node.name.value, sized, introspecting)
            elif isinstance(node, InlineFragmentNode):
                inner = self.schema.get_type(node.type_condition.name.value) if node.type_condition else parent
                total = total + self.selections(node.selection_set, inner, sized=sized, introspecting=introspecting)
        return total

    def field(self, node: FieldNode, parent: Any, *, sized: int | None, introspecting: bool) -> Cost:
        name = node.name.value
        introspecting = introspecting or name in INTROSPECTION
        definition = parent.fields.get(name) if isinstance(parent, GraphQLObjectType) else None
        field_type = definition.type if definition is not None else None
        is_list = _is_list(field_type)
        size = self.size(node, definition)
        if introspecting:  # the schema bounds it; counted without list sizes
            multiplier = 1
        elif size is not None:
            multiplier = size if is_list else 1
        elif is_list:
            multiplier = sized if sized is not None else DEFAULT_LIST_SIZE
        else:
            multiplier = 1
        child_type = get_named_type(field_type) if field_type is not None else None
        # A sized field that is not a list (a connection: cases(first) { edges }) passes its size to the list
        # right below it, so the size is counted once.
        passed = size if size is not None and not is_list else None
        inner = self.selections(node.selection_set, child_type, sized=passed, introspecting=introspecting)
        inner = inner.times(multiplier)
        alias = 1 if node.alias else 0
        flagged = inner.introspection or name in INTROSPECTION
        depth = 0 if introspecting else 1 + inner.depth
        return Cost(1 + inner.fields, depth, alias + inner.aliases, flagged)

    def size(self, node: FieldNode, definition: Any) -> int | None:
        """The field's expected item count: the first size argument it has, given or by default (paths has
        both maxPaths and nodeCap: its items are paths)."""
        if definition is None:
            return None
        given = {a.name.value: a.value for a in node.arguments or ()}
        for name in SIZE_ARGUMENTS:
            if name in given:
                value = given[name]
                if isinstance(value, VariableNode):
                    return _int(self.variables.get(value.name.value))
                return _int(value.value) if isinstance(value, IntValueNode) else None
            if name in definition.args:
                return _int(definition.args[name].default_value)
        return None


def _int(value: Any) -> int | None:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return None


def _is_list(field_type: Any) -> bool:
    while isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)


def operation_of(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        return next((o for o in operations if o.name and o.name.value == operation_name), None)
    return operations[0] if len(operations) == 1 else None


def measure(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None = None,
            variables: dict[str, Any] | None = None) -> Cost:
    """The cost of the operation that would run (of every operation when none can be chosen)."""
    walk = _Walk(schema, document, variables or {})
    chosen = operation_of(document, operation_name)
    operations = [chosen] if chosen else [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    total = Cost()
    for operation in operations:
        root = schema.get_root_type(operation.operation)
        total = total + walk.selections(operation.selection_set, root, sized=None, introspecting=False)
    return total


def root_fields(document: DocumentNode, operation_name: str | None = None) -> set[str]:
    """The names of the fields at the root of the operation, through fragments (each fragment once)."""
    chosen = operation_of(document, operation_name)
    if chosen is None:
        return set()
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    names: set[str] = set()
    seen: set[str] = set()
    stack = [chosen.selection_set]
    while stack:
        for node in stack.pop().selections:
            if isinstance(node, FieldNode):
                names.add(node.name.value)
            elif isinstance(node, InlineFragmentNode):
                stack.append(node.selection_set)
            elif isinstance(node, FragmentSpreadNode) and node.name.value not in seen:
                seen.add(node.name.value)
                if node.name.value in fragments:
                    stack.append(fragments[node.name.value].selection_set)
    return names
