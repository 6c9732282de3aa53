"""Behaviour tests from ``policies/``: run a query as an API role, inside a transaction
that is always rolled back, and compare what comes back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.rls.expectations import BehaviourTest, Expectations, as_text
from supatools.rls.rules import Finding

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]


def _outcome(conn: Conn, test: BehaviourTest) -> tuple[str, list[tuple[str, ...]] | None]:
    """('ok', rows) or ('refused', None) or ('setup failed: …', None)."""
    import psycopg
    from psycopg import sql

    with conn.transaction(force_rollback=True):
        if test.setup:
            try:
                with conn.transaction():
                    conn.execute(test.setup)
            except psycopg.Error as exc:
                return f"setup failed: {exc.diag.message_primary or exc}", None
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(test.role)))
        claims = json.dumps(test.claims)
        conn.execute(
            "SELECT set_config('request.jwt.claims', %s, true), "
            "set_config('request.jwt.claim.sub', %s, true), "
            "set_config('request.jwt.claim.role', %s, true)",
            (claims, str(test.claims.get("sub", "")), test.role),
        )
        try:
            with conn.transaction():
                cursor = conn.execute(test.query)
                rows = cursor.fetchall() if cursor.description else []
        except psycopg.errors.InsufficientPrivilege:
            return "refused", None
        except psycopg.Error as exc:
            if exc.sqlstate == "42501" or "row-level security" in str(exc):
                return "refused", None
            return f"error: {exc.diag.message_primary or exc}", None
    return "ok", [tuple(as_text(v) for v in row) for row in rows]


def run_tests(conn: Conn, expectations: Expectations) -> Iterator[Finding]:
    """A ``behaviour_test_failed`` finding for each test whose result differs."""
    for table, expected in sorted(expectations.tables.items()):
        schema, _, name = table.partition(".")
        for test in expected.tests:
            status, rows = _outcome(conn, test)
            who = f"as {test.role}" + (
                f" (sub {test.claims['sub']})" if "sub" in test.claims else ""
            )
            problem = None
            if test.refused and status != "refused":
                problem = (
                    f"expected refusal, got {len(rows or [])} row(s)"
                    if rows is not None
                    else f"expected refusal, got {status}"
                )
            elif not test.refused and status != "ok":
                problem = f"expected success, got {status}"
            elif test.count is not None and rows is not None and len(rows) != test.count:
                problem = f"expected {test.count} row(s), got {len(rows)}"
            elif test.rows is not None and rows is not None and sorted(rows) != sorted(test.rows):
                problem = f"expected rows {list(map(list, test.rows))}, got {list(map(list, rows))}"
            if problem:
                yield Finding(
                    "behaviour_test_failed",
                    "error",
                    schema,
                    name,
                    f"{expected.source}: {test.name!r} {who}: {problem}",
                    "fix the policy (or the test) so the role sees what it should",
                )
