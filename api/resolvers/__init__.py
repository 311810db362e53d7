"""Query resolvers: argument checks, jurisdiction, then parameterised Cypher through api.db."""
