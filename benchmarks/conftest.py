"""Benchmarks compare gametheory with its peers in the same run (pytest-benchmark groups).

Run: ``python -m pytest benchmarks --benchmark-only --benchmark-group-by=group``.
"""
