"""Behaviour tests from ``policies/``: run a query as an API role, inside a transaction
that is always rolled back, and compare what comes back.

A behaviour test must be unable to change anything. Three walls, each enough alone
for transaction control:

1. its SQL is parsed when ``policies/`` is read
   (:func:`supatools.migrations.refusals.refused_statement`): the query is one statement,
   and transaction control, role switches, file and program access and statements that
   cannot run in a transaction are refused (exit 2, file and key named);
2. each statement travels alone through the extended protocol (a prepared statement),
   where PostgreSQL itself refuses a second statement;
3. it runs under a savepoint of a transaction supatools opened, and before rolling back
   supatools checks that this is still the same transaction (its id) and the savepoint
   still exists. If not, the run stops with an error instead of claiming a rollback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.db import transaction_id
from supatools.errors import JobFailed
from supatools.rls.expectations import BehaviourTest, Expectations, as_text
from supatools.rls.rules import Finding

if TYPE_CHECKING:
    from supatools.db import Conn

_SAVEPOINT = "supatools_behaviour"


def _run_one(conn: Conn, text: str) -> list[tuple[str | None, ...]] | None:
    """Run one statement through the extended protocol; rows as PostgreSQL's text output.

    A prepared statement cannot hold a second command: PostgreSQL refuses
    ``select 1; commit`` there, whatever our own parse said.
    """
    cursor = conn.execute(text, prepare=True)
    if cursor.description is None:
        return None
    return [tuple(as_text(value) for value in row) for row in cursor.fetchall()]


def _outcome(conn: Conn, test: BehaviourTest) -> tuple[str, list[tuple[str | None, ...]] | None]:
    """('ok', rows) or ('refused', None) or ('setup failed: …', None)."""
    import psycopg
    from psycopg import sql

    if test.setup:
        try:
            conn.execute("SAVEPOINT supatools_setup")
            for statement in test.setup_statements:
                _run_one(conn, statement)
            conn.execute("RELEASE SAVEPOINT supatools_setup")
        except psycopg.Error as exc:
            conn.execute("ROLLBACK TO SAVEPOINT supatools_setup")
            return f"setup failed: {_message(exc)}", None
    try:
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(test.role)))
    except psycopg.Error as exc:
        conn.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
        return (
            f"cannot act as {test.role} ({_message(exc)}); the connecting role must be a "
            f"member: GRANT {test.role} TO <migration role>",
            None,
        )
    claims = json.dumps(test.claims)
    conn.execute(
        "SELECT set_config('request.jwt.claims', %s, true), "
        "set_config('request.jwt.claim.sub', %s, true), "
        "set_config('request.jwt.claim.role', %s, true)",
        (claims, str(test.claims.get("sub", "")), test.role),
    )
    conn.execute("SAVEPOINT supatools_query")
    try:
        rows = _run_one(conn, test.query) or []
    except psycopg.Error as exc:
        conn.execute("ROLLBACK TO SAVEPOINT supatools_query")
        if exc.sqlstate == "42501" or "row-level security" in str(exc):
            return "refused", None
        return f"error: {_message(exc)}", None
    return "ok", rows


def _message(exc: Exception) -> str:
    import psycopg

    if isinstance(exc, psycopg.Error) and exc.diag.message_primary:
        return exc.diag.message_primary
    return " ".join(str(exc).split())


def _isolated(conn: Conn, test: BehaviourTest) -> tuple[str, list[tuple[str | None, ...]] | None]:
    """Run ``test`` in a transaction (or, inside ``--atomic``, a savepoint) that is rolled
    back, after checking that it is still the one supatools opened."""
    from psycopg import pq

    own = conn.info.transaction_status == pq.TransactionStatus.IDLE
    if own:
        conn.execute("BEGIN")
    conn.execute(f"SAVEPOINT {_SAVEPOINT}")
    before = transaction_id(conn)
    try:
        return _outcome(conn, test)
    finally:
        status = conn.info.transaction_status
        intact = status in (pq.TransactionStatus.INTRANS, pq.TransactionStatus.INERROR)
        if intact:
            # fails if the savepoint is gone, i.e. the transaction was ended and reopened
            conn.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
            intact = transaction_id(conn) == before
        if not intact:
            raise JobFailed(
                f"behaviour test {test.name!r} ended the transaction it ran in; what it did "
                "may have been committed. Check the database, and fix the test in policies/"
            )
        conn.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")
        if own:
            conn.execute("ROLLBACK")


def run_tests(conn: Conn, expectations: Expectations) -> Iterator[Finding]:
    """A ``behaviour_test_failed`` finding for each test whose result differs."""
    for table, expected in sorted(expectations.tables.items()):
        schema, _, name = table.partition(".")
        for test in expected.tests:
            status, rows = _isolated(conn, test)
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
