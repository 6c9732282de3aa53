"""Migration history: the Supabase CLI's table, and supatools' own beside it.

``supabase_migrations.schema_migrations (version, statements, name)`` is created
exactly as the Supabase CLI creates it, so both tools read the same history.
What that table lacks (checksum, applied at/by, duration, tool version) lives in
``supabase_migrations.supatools_history``. There is deliberately no foreign key
between them: the CLI's ``migration repair`` truncates its table, which a
referencing key would block; rows of ours without a partner are simply ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from supatools.db import relation_oid
from supatools.migrations.files import MigrationFile

if TYPE_CHECKING:
    from psycopg import sql

    from supatools.db import Conn, Query
    from supatools.settings import Settings

SCHEMA = "supabase_migrations"

# The Supabase CLI's own statements (pkg/migration/history.go), kept in its order.
_CLI_TABLE = (
    "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
    "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations "
    "(version text NOT NULL PRIMARY KEY)",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
    "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text",
)

_OWN_TABLE = """
CREATE TABLE IF NOT EXISTS supabase_migrations.supatools_history (
    version           text PRIMARY KEY,
    checksum          text NOT NULL,
    applied_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    applied_by        text NOT NULL,
    duration_ms       integer NOT NULL,
    supatools_version text NOT NULL,
    no_transaction    boolean NOT NULL DEFAULT false
)
"""

PRESENCE = f"""
SELECT to_regnamespace('supabase_migrations') IS NOT NULL,
       {relation_oid("supabase_migrations", "schema_migrations")} IS NOT NULL,
       {relation_oid("supabase_migrations", "supatools_history")} IS NOT NULL,
       ARRAY(SELECT attname::text FROM pg_attribute
              WHERE attrelid = {relation_oid("supabase_migrations", "schema_migrations")}
                AND attname IN ('statements', 'name') AND NOT attisdropped)
"""

_READ = """
SELECT s.version, {name}, {checksum}, {applied_at}, {applied_by}, {duration},
       {statements}
FROM supabase_migrations.schema_migrations s
{join}
ORDER BY s.version
"""

#: both history rows of a migration in one statement (one result to count, and one less
#: to parse and plan): the CLI's row in a data-modifying WITH, ours in the main INSERT,
#: whose RETURNING hands the client the duration the server measured
_RECORD = """
WITH cli AS (
    INSERT INTO supabase_migrations.schema_migrations (version, name, statements)
    VALUES ({version}, {name}, {statements})
)
INSERT INTO supabase_migrations.supatools_history
    (version, checksum, applied_by, duration_ms, supatools_version, no_transaction)
VALUES ({version}, {checksum}, {applied_by}, {duration_ms}, {tool_version}, {no_transaction})
ON CONFLICT (version) DO UPDATE SET
    checksum = EXCLUDED.checksum, applied_at = clock_timestamp(),
    applied_by = EXCLUDED.applied_by, duration_ms = EXCLUDED.duration_ms,
    supatools_version = EXCLUDED.supatools_version, no_transaction = EXCLUDED.no_transaction
RETURNING duration_ms
"""

#: the first statement of a migration's transaction when the server measures it: the
#: moment it began, kept for the transaction alone (set_config's ``is_local``). Several
#: migrations share one message, and with it ``statement_timestamp()`` and
#: ``transaction_timestamp()`` (the time the message arrived), so neither can time one.
#: Whole microseconds since the epoch: no DateStyle, TimeZone or extra_float_digits
#: reads it back differently.
MARK = (
    "SELECT set_config('supatools.began', "
    "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint::text, true)"
)

#: milliseconds since :data:`MARK`; since the message arrived when the migration itself
#: reset the mark (a ``RESET ALL`` of its own), so then it includes the migrations
#: before it in the same message
SERVER_DURATION_MS = (
    "(coalesce((extract(epoch FROM clock_timestamp()) * 1000000)::bigint "
    "- nullif(current_setting('supatools.began', true), '')::bigint, "
    "(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000000)::bigint) "
    "/ 1000)::integer"
)


@dataclass(frozen=True)
class HistoryRow:
    """One applied migration as the database remembers it."""

    version: str
    name: str
    checksum: str | None  # None: written by the Supabase CLI (or another tool)
    applied_at: datetime | None
    applied_by: str | None
    duration_ms: int | None
    statements: tuple[str, ...] | None  # only fetched when there is no checksum


@dataclass(frozen=True)
class Presence:
    """Which parts of the history exist."""

    schema: bool
    cli_table: bool
    own_table: bool
    cli_columns: frozenset[str]

    @property
    def cli_ready(self) -> bool:
        return self.cli_table and self.cli_columns == {"statements", "name"}


def tables_present(conn: Conn) -> Presence:
    """What of the history schema and tables exists."""
    row = conn.execute(PRESENCE).fetchone()
    assert row is not None
    return presence_from(row)


def presence_from(row: tuple[Any, ...]) -> Presence:
    """A row of :data:`PRESENCE`, read."""
    schema, cli, own, columns = row
    return Presence(
        bool(schema),
        bool(cli),
        bool(own),
        frozenset(str(c) for c in columns or ()),
    )


def ensure_statements(present: Presence) -> list[str]:
    """The DDL that creates what ``present`` lacks (none when all exists: no locks taken).

    ``CREATE SCHEMA IF NOT EXISTS`` checks the database CREATE privilege before it
    looks for the schema, so it is only sent when the schema is missing.
    """
    statements: list[str] = []
    if not present.cli_ready:
        statements += _CLI_TABLE[0 if not present.schema else 1 :]
    if not present.own_table:
        statements.append(_OWN_TABLE)
    return statements


def ensure_tables(conn: Conn) -> None:
    """Create both history tables if missing, in one transaction."""
    statements = ensure_statements(tables_present(conn))
    if statements:
        with conn.transaction():
            for statement in statements:
                conn.execute(statement)


#: what the history looks like once :func:`ensure_statements` ran
COMPLETE = Presence(True, True, True, frozenset({"statements", "name"}))


def columns(present: Presence) -> dict[str, sql.Composable]:
    """The history's columns, as ``present`` says the tables have them, for a query's
    ``{name}``, ``{checksum}``, ``{applied_at}``, ``{applied_by}``, ``{duration}``,
    ``{statements}`` and ``{join}``: each cast to its type (a column the tables lack is a
    NULL of it), and the Supabase CLI's ``statements`` only for rows supatools did not
    record (they have no checksum)."""
    from psycopg import sql

    cli = present.cli_columns
    own = present.own_table
    statements = "s.statements::text[]" if "statements" in cli else "NULL::text[]"
    if own and "statements" in cli:
        statements = "CASE WHEN h.version IS NULL THEN s.statements::text[] END"
    return {
        "name": sql.SQL("coalesce(s.name::text, '')" if "name" in cli else "''"),
        "checksum": sql.SQL("h.checksum::text" if own else "NULL::text"),
        "applied_at": sql.SQL("h.applied_at::timestamptz" if own else "NULL::timestamptz"),
        "applied_by": sql.SQL("h.applied_by::text" if own else "NULL::text"),
        "duration": sql.SQL("h.duration_ms::integer" if own else "NULL::integer"),
        "statements": sql.SQL(statements),
        "join": sql.SQL(
            "LEFT JOIN supabase_migrations.supatools_history h ON h.version = s.version"
            if own
            else ""
        ),
    }


def read_query(present: Presence) -> sql.Composed:
    """The query that reads every applied migration from tables as ``present`` says."""
    from psycopg import sql

    return sql.SQL(_READ).format(**columns(present))


def rows_from(result: list[tuple[Any, ...]]) -> list[HistoryRow]:
    """The rows of :func:`read_query`, read."""
    rows: list[HistoryRow] = []
    for version, name, digest, applied_at, applied_by, duration, statements in result:
        rows.append(
            HistoryRow(
                version=str(version),
                name=str(name),
                checksum=str(digest) if digest is not None else None,
                applied_at=applied_at if isinstance(applied_at, datetime) else None,
                applied_by=str(applied_by) if applied_by is not None else None,
                duration_ms=int(str(duration)) if duration is not None else None,
                statements=(
                    tuple(str(s) for s in statements) if isinstance(statements, list) else None
                ),
            )
        )
    return rows


def read(conn: Conn) -> list[HistoryRow]:
    """Every applied migration, oldest first; empty when no history table exists yet.

    A table written by an old Supabase CLI (no ``name`` or ``statements`` column) is read
    as it is: nothing is changed before ``migrate`` takes its lock. Two round trips; the
    presence travels with other queries where the caller can batch them.
    """
    present = tables_present(conn)
    if not present.cli_table:
        return []
    return rows_from(conn.execute(read_query(present)).fetchall())


def recorded(conn: Conn, versions: list[str]) -> set[str]:
    """Which of ``versions`` the CLI's history table holds."""
    if not versions:
        return set()
    rows = conn.execute(
        "SELECT version FROM supabase_migrations.schema_migrations WHERE version = ANY(%s)",
        (versions,),
    ).fetchall()
    return {str(row[0]) for row in rows}


def count_recorded(conn: Conn, versions: list[str]) -> int:
    """How many of ``versions`` the CLI's history table holds."""
    return len(recorded(conn, versions))


class Recorder:
    """Both history inserts of a migration as SQL text with literal values, to send in the
    message that carries the migration (no round trip of their own).

    Made once per run: the values are quoted by psycopg's own dumpers (the ones
    ``sql.Literal`` uses, taken once from one transformer), and the statements go in an
    ``ARRAY[...]`` of such literals; composing ``sql.Literal`` objects per migration cost
    about ten times as much. The connection's encoding must be UTF-8 when :meth:`sql` is
    called (the migration session restores it after every message).
    """

    def __init__(self, conn: Conn, *, applied_by: str, tool_version: str) -> None:
        from psycopg.adapt import PyFormat, Transformer

        transformer = Transformer(conn)
        self._quote_text = transformer.get_dumper("", PyFormat.TEXT).quote
        self._dumper = transformer.get_dumper
        self._format = PyFormat.TEXT
        self._applied_by = self.literal(applied_by)
        self._tool_version = self.literal(tool_version)

    def literal(self, value: str | int | bool) -> str:
        """``value`` as an SQL literal, as ``sql.Literal(value)`` writes it."""
        if isinstance(value, str):
            return str(self._quote_text(value), "utf-8")
        return str(self._dumper(value, self._format).quote(value), "utf-8")

    def sql(
        self, migration: MigrationFile, statements: Sequence[str], duration_ms: int | None = None
    ) -> str:
        """The inserts of ``migration`` with ``statements``; without ``duration_ms`` the
        server measures the message."""
        quote = self._quote_text
        listed = b", ".join([quote(text) for text in statements]).decode("utf-8")
        return _RECORD.format(
            version=self.literal(migration.version),
            name=self.literal(migration.name),
            statements=f"ARRAY[{listed}]::text[]",
            checksum=self.literal(migration.checksum),
            applied_by=self._applied_by,
            duration_ms=SERVER_DURATION_MS if duration_ms is None else self.literal(duration_ms),
            tool_version=self._tool_version,
            no_transaction=self.literal(migration.no_transaction),
        )


def touch_sql(conn: Conn, version: str) -> str:
    """``version``'s supatools history row rewritten unchanged: a write, so that the
    transaction carrying it has WAL to flush (see apply.make_durable)."""
    from psycopg import sql

    return (
        sql.SQL(
            "UPDATE supabase_migrations.supatools_history SET applied_by = applied_by "
            "WHERE version = {}"
        )
        .format(sql.Literal(version))
        .as_string(conn)
    )


def forget_sql(conn: Conn, version: str) -> list[str]:
    """The deletion of ``version`` from both history tables (rollback, repair reverted)."""
    from psycopg import sql

    return [
        sql.SQL("DELETE FROM supabase_migrations.{} WHERE version = {}")
        .format(sql.Identifier(table), sql.Literal(version))
        .as_string(conn)
        for table in ("schema_migrations", "supatools_history")
    ]


@contextmanager
def locked(
    conn: Conn, settings: Settings, release: Sequence[Query] = ()
) -> Iterator[list[HistoryRow]]:
    """The migration lock held for the ``with`` block, and the history read right after
    taking it (its tables made first if missing): one round trip, as ``migrate`` does.
    For commands that change history (rollback, baseline, repair). ``release`` rides
    with the unlock (:func:`supatools.db.migration_lock`)."""
    from supatools import db

    present = presence_from(conn.execute(PRESENCE).fetchone() or ())
    with db.migration_lock(
        conn,
        settings.lock_wait_timeout,
        settings.lock_timeout,
        then=[*ensure_statements(present), read_query(COMPLETE)],
        release=release,
    ) as got:
        yield rows_from(got[-1])
