"""Query plans for tests that check how a query reads its rows, on SQLite and on PostgreSQL."""

from __future__ import annotations

from django.db import connection


def explain(sql: str, params) -> str:
    """The plan of ``sql`` as text: ``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN`` on PostgreSQL with
    sequential scans off (a test's few rows would otherwise be read whole, whatever the indexes).
    Call inside the test's transaction: the setting ends with it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
