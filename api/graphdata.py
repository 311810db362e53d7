"""Turning graph rows into what clients may see: keys, labels, and properties without hashes."""

from __future__ import annotations

import json
from typing import Any

from graph.model import model

# Application nodes never shown in graph walks (users, tokens, outbox, audit, benchmarks...).
HIDDEN_PROPS = ("password_hash", "token_hash")


def walkable_labels() -> list[str]:
    """Labels a neighbourhood or path may pass through: records, entities, facts, org units and cards."""
    return sorted(k.label for k in model().nodes.values()
                  if k.source in ("records.yaml", "entities.yaml", "facts.yaml"))


def clean_props(props: dict[str, Any] | None) -> dict[str, Any]:
    """Properties without keyed hashes or secrets (a resident number's hash is a join key, not for people)."""
    return {k: v for k, v in (props or {}).items() if not k.endswith("_hash") and k not in HIDDEN_PROPS}


def node_key(labels: list[str], props: dict[str, Any]) -> str:
    if props.get("entity_id"):
        return str(props["entity_id"])
    if props.get("system") and props.get("source_key"):
        return f"{props['system']}:{props['source_key']}"
    if props.get("case_id"):
        return str(props["case_id"])
    return ""


def kind_of(labels: list[str]) -> str:
    """The node's own label (not its layer)."""
    own = [label for label in labels if label not in ("Record", "Entity", "Fact")]
    return own[0] if own else (labels[0] if labels else "")


def layer_of(labels: list[str]) -> str:
    for layer in ("Entity", "Record", "Fact"):
        if layer in labels:
            return layer
    return kind_of(labels)


def caption(labels: list[str], props: dict[str, Any]) -> str:
    for name in ("name", "subject_name", "holder_name", "business_name", "address", "account_key", "pnu",
                 "title", "purpose", "tax_type", "duty_type", "license_type", "permit_type"):
        if props.get(name):
            return str(props[name])
    return kind_of(labels)


def value_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict, bool)) or value is None:
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def attributes(props: dict[str, Any]) -> list[tuple[str, str]]:
    return [(k, value_text(v)) for k, v in sorted(clean_props(props).items()) if v is not None]


def split_key(key: str) -> tuple[str, str] | None:
    system, sep, source_key = key.partition(":")
    return (system, source_key) if sep and system and source_key else None
