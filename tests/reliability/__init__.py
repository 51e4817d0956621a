"""Reliability suite (issue 7, "Tests"): real processes against SQLite and PostgreSQL.

Scenarios live in test_reliability.py, the worker processes in worker.py, the invariants
(computed from the tables) in invariants.py.
"""
