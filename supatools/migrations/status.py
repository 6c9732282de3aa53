"""``migrate --status``: local files and applied history side by side, read lightly.

The same answer as :func:`apply.status` in the same round trips (the session's settings,
the history's presence, the history), without loading the apply engine, and reading
only what the status table and its comparison need: no duration, the Supabase CLI's
``statements`` only for rows supatools did not record (they have no checksum), and no
ORDER BY, since :func:`plan.status` orders by version itself, as Python compares
strings (a sort under the database's collation costs more than the read).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from supatools.migrations import history
from supatools.migrations.plan import StatusEntry
from supatools.migrations.plan import status as compare

if TYPE_CHECKING:
    from psycopg import sql

    from supatools.db import Conn
    from supatools.migrations.files import MigrationFile
    from supatools.settings import Settings

_READ = """
SELECT s.version, {name}, {checksum}, {applied_at}, {applied_by}, {statements}
FROM supabase_migrations.schema_migrations s
{join}
"""


def status_query(present: history.Presence) -> sql.Composed:
    """The query :func:`read_history` sends, for tables as ``present`` says."""
    from psycopg import sql

    columns = present.cli_columns
    null = sql.SQL("NULL")
    own = present.own_table
    statements = "s.statements" if "statements" in columns else "NULL::text[]"
    if own and "statements" in columns:
        statements = "CASE WHEN h.version IS NULL THEN s.statements END"
    return sql.SQL(_READ).format(
        name=sql.SQL("coalesce(s.name, '')" if "name" in columns else "''"),
        checksum=sql.SQL("h.checksum") if own else null,
        applied_at=sql.SQL("h.applied_at") if own else sql.SQL("NULL::timestamptz"),
        applied_by=sql.SQL("h.applied_by") if own else null,
        statements=sql.SQL(statements),
        join=sql.SQL(
            "LEFT JOIN supabase_migrations.supatools_history h ON h.version = s.version"
            if own
            else ""
        ),
    )


def rows_from(result: list[tuple[Any, ...]]) -> list[history.HistoryRow]:
    """The rows of :func:`status_query`, read; ``duration_ms`` is None."""
    rows: list[history.HistoryRow] = []
    append = rows.append
    row_type = history.HistoryRow
    for version, name, digest, applied_at, applied_by, statements in result:
        append(
            row_type(
                str(version),
                str(name),
                None if digest is None else str(digest),
                applied_at if isinstance(applied_at, datetime) else None,
                None if applied_by is None else str(applied_by),
                None,
                None if statements is None else tuple(str(s) for s in statements),
            )
        )
    return rows


def read_history(conn: Conn) -> list[history.HistoryRow]:
    """:func:`history.read`'s rows (no duration), in no order; two round trips, nothing
    changed (a missing table is an empty history)."""
    present = history.tables_present(conn)
    if not present.cli_table:
        return []
    return rows_from(conn.execute(status_query(present)).fetchall())


def status(settings: Settings, url: str, local: list[MigrationFile]) -> tuple[StatusEntry, ...]:
    """``local`` (as discovered) and the database's history side by side."""
    from supatools import db
    from supatools.migrations.session import open_connection
    from supatools.redact import show_url

    conn = open_connection(settings, url, show_url(url), "supatools status")
    try:
        with db.translated("reading migration history"):
            rows = read_history(conn)
    finally:
        conn.close()
    return compare(local, rows)
