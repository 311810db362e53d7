"""Mutations, one per module; each returns `Success | MutationError` and is audited."""
