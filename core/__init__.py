"""The shared base every stage stands on: settings, errors, logging, the clock and the Neo4j connection.

It imports no stage and no shell; everything else may import it.
"""
