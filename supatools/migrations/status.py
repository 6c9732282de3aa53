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
from typing import TYPE_CHECKING, Any, NamedTuple

from supatools.migrations import history
from supatools.migrations.plan import StatusEntry
from supatools.migrations.plan import status as compare

if TYPE_CHECKING:
    from psycopg import sql

    from supatools.db import Conn
    from supatools.migrations.files import MigrationFile
    from supatools.settings import Settings

_READ = """
SELECT s.version::text, {name}, {checksum}, {applied_at}, {applied_by}, {statements}
FROM supabase_migrations.schema_migrations s
{join}
"""


class StatusRow(NamedTuple):
    """One applied migration as ``--status`` reads it (what :class:`plan.Applied` asks);
    a tuple, as the driver gives it: 10,000 dataclasses are felt."""

    version: str
    name: str
    checksum: str | None  # None: written by the Supabase CLI (or another tool)
    applied_at: datetime | None
    applied_by: str | None
    statements: list[str] | None  # only fetched when there is no checksum


def status_query(present: history.Presence) -> sql.Composed:
    """The query :func:`read_history` sends, for tables as ``present`` says."""
    from psycopg import sql

    return sql.SQL(_READ).format(**history.columns(present))


def rows_from(result: list[tuple[Any, ...]]) -> list[StatusRow]:
    """The rows of :func:`status_query`: its casts make every value the row's type."""
    return list(map(StatusRow._make, result))


def read_history(conn: Conn) -> list[StatusRow]:
    """:func:`history.read`'s rows (but the duration), in no order; two round trips,
    nothing changed (a missing table is an empty history)."""
    present = history.tables_present(conn)
    if not present.cli_table:
        return []
    # binary results: a timestamptz is 8 bytes to read, not text to parse (a third of the
    # fetch over 10,000 rows); the same values, and the same one round trip
    return rows_from(conn.cursor(binary=True).execute(status_query(present)).fetchall())


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
