"""Query fields, grouped by subject and combined with merge_types in api.schema."""
