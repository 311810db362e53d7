"""A second, independent municipality generator (held-out data), written from the published contracts only."""
