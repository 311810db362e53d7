"""Constraints and indexes derived from the model, applied idempotently (IF NOT EXISTS)."""

from __future__ import annotations

from neo4j import Driver

from graph.model import Model, model


def schema_statements(m: Model | None = None) -> list[str]:
    """The DDL for the model. Names come from the checked model, never from user input."""
    m = m or model()
    statements: list[str] = []
    for kind in m.nodes.values():
        label = kind.label
        keys = ", ".join(f"n.{k}" for k in kind.key)
        statements.append(
            f"CREATE CONSTRAINT uniq_{label.lower()} IF NOT EXISTS FOR (n:{label}) REQUIRE ({keys}) IS UNIQUE"
        )
        for prop in ("gov", *kind.indexes):
            if prop in kind.key and len(kind.key) == 1:
                continue
            statements.append(
                f"CREATE INDEX idx_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            )
    for layer in ("Record", "Entity", "Fact"):
        statements.append(f"CREATE INDEX idx_{layer.lower()}_gov IF NOT EXISTS FOR (n:{layer}) ON (n.gov)")
    statements.append("CREATE INDEX idx_fact_date IF NOT EXISTS FOR (n:Fact) ON (n.date)")
    statements.append(
        "CREATE INDEX idx_record_key IF NOT EXISTS FOR (n:Record) ON (n.system, n.source_key)"
    )
    statements.append("CREATE INDEX idx_fact_key IF NOT EXISTS FOR (n:Fact) ON (n.system, n.source_key)")
    # The API looks entities up by id without knowing their kind: without this, `(e:Entity {entity_id})`
    # scans every entity (100 ms at 100k residents instead of well under 1 ms).
    statements.append("CREATE INDEX idx_entity_id IF NOT EXISTS FOR (n:Entity) ON (n.entity_id)")
    return statements


def apply_schema(driver: Driver, m: Model | None = None) -> int:
    """Create whatever constraints and indexes are missing, then wait for them to come online."""
    statements = schema_statements(m)
    with driver.session() as session:
        for statement in statements:
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    return len(statements)
