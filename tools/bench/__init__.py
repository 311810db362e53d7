"""Benchmarks: quality and speed figures for every stage, against truth files and other engines."""
