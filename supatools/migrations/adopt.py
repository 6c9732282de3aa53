"""Adopting an existing database: ``baseline`` and ``repair``.

``baseline --version V`` records every local migration up to V as applied without
running it (a database migrated by hand); ``repair --status applied|reverted V...`` is
the Supabase CLI's ``migration repair`` on both history tables. Both run under the
migration lock, in one transaction, and fill supatools' checksum from the current file
where the Supabase CLI's row has none, saying so.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING

from supatools import __version__, db
from supatools.errors import PlanRefused, UsageError
from supatools.migrations import files, history
from supatools.migrations.session import open_connection, run_batch
from supatools.migrations.statements import parse
from supatools.redact import show_url
from supatools.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from supatools.db import Conn

#: a version recorded as applied without running it (both tables; an existing row of
#: the Supabase CLI's is kept, ours gets the checksum of the current file)
_MARK = (
    """
INSERT INTO supabase_migrations.schema_migrations (version, name, statements)
VALUES ({version}, {name}, {statements}) ON CONFLICT (version) DO NOTHING
""",
    """
INSERT INTO supabase_migrations.supatools_history
    (version, checksum, applied_by, duration_ms, supatools_version, no_transaction)
VALUES ({version}, {checksum}, {applied_by}, 0, {tool_version}, {no_transaction})
ON CONFLICT (version) DO UPDATE SET checksum = EXCLUDED.checksum
""",
)


@dataclass(frozen=True)
class Change:
    """One history change: a version recorded, its checksum filled, or forgotten."""

    version: str
    name: str
    action: str  # "recorded" | "checksum filled" | "forgotten" | "already recorded"


@dataclass(frozen=True)
class AdoptResult:
    command: str  # "baseline" | "repair"
    database: str  # redacted
    dry_run: bool
    changes: tuple[Change, ...]


def _mark_sql(conn: Conn, migration: files.MigrationFile) -> list[str]:
    from psycopg import sql

    parsed = parse(migration)
    values = {
        "version": sql.Literal(migration.version),
        "name": sql.Literal(migration.name),
        "statements": sql.Literal([s.text for s in parsed.statements]),
        "checksum": sql.Literal(migration.checksum),
        "applied_by": sql.Literal(f"{getpass.getuser()}@{socket.gethostname()} (not run)"),
        "tool_version": sql.Literal(__version__),
        "no_transaction": sql.Literal(parsed.migration.no_transaction),
    }
    return [sql.SQL(template).format(**values).as_string(conn) for template in _MARK]


def _applied(
    conn: Conn, migration: files.MigrationFile, row: history.HistoryRow | None
) -> tuple[Change, list[str]]:
    """Record ``migration`` as applied without running it: nothing when history already
    has it with a checksum; our checksum alone when only the Supabase CLI's row exists."""
    if row is not None and row.checksum is not None:
        return Change(migration.version, migration.name, "already recorded"), []
    action = "checksum filled" if row is not None else "recorded"
    return Change(migration.version, migration.name, action), _mark_sql(conn, migration)


def _run(
    settings: Settings,
    url: str,
    command: str,
    dry_run: bool,
    choose: Callable[[Conn, list[history.HistoryRow]], tuple[list[Change], list[str]]],
) -> AdoptResult:
    """Take the lock, read history, let ``choose(conn, rows)`` decide the changes and their
    SQL, and run that SQL in one transaction (unless ``dry_run``)."""
    conn = open_connection(settings, url, show_url(url), f"supatools {command}")
    try:
        with db.translated(command):
            if dry_run:
                changes, _ = choose(conn, history.read(conn))
                return AdoptResult(command, show_url(url), True, tuple(changes))
            with history.locked(conn, settings) as rows:
                changes, statements = choose(conn, rows)
                if statements:
                    run_batch(conn, ["BEGIN", *statements, "COMMIT"])
            return AdoptResult(command, show_url(url), False, tuple(changes))
    finally:
        conn.close()


def check_version(local: list[files.MigrationFile], version: str) -> str:
    """The version of ``--version`` (a file name works too); not a local one is exit 2."""
    target = version.split("_", 1)[0]
    if not any(m.version == target for m in local):
        raise UsageError(
            f"--version {version}: no local migration has version {target}; see "
            "supatools migrate --list"
        )
    return target


def check_repair(status: str, versions: list[str]) -> None:
    """Bad usage of ``repair`` (exit 2), before any connection."""
    if status not in ("applied", "reverted"):
        raise UsageError(f"--status {status!r}: use applied or reverted")
    if not versions:
        raise UsageError("name the versions to repair")


def baseline(settings: Settings, url: str, version: str, *, dry_run: bool = False) -> AdoptResult:
    """Record every local migration up to ``version`` as applied, without running it."""
    local = files.discover(settings.migrations_dir)
    target = check_version(local, version)

    def decide(conn: Conn, rows: list[history.HistoryRow]) -> tuple[list[Change], list[str]]:
        beyond = sorted(r.version for r in rows if r.version.isdigit() and r.version > target)
        if beyond:
            raise PlanRefused(
                f"history already holds {len(beyond)} migration(s) after {target} "
                f"({', '.join(beyond[:3])}{' ...' if len(beyond) > 3 else ''}); a baseline "
                "only records what came before anything applied"
            )
        recorded = {r.version: r for r in rows}
        changes: list[Change] = []
        statements: list[str] = []
        for migration in local:
            if migration.version > target:
                break
            change, sql_text = _applied(conn, migration, recorded.get(migration.version))
            changes.append(change)
            statements += sql_text
        return changes, statements

    return _run(settings, url, "baseline", dry_run, decide)


def repair(
    settings: Settings, url: str, status: str, versions: list[str], *, dry_run: bool = False
) -> AdoptResult:
    """The Supabase CLI's ``migration repair``: mark versions applied or reverted."""
    check_repair(status, versions)
    local = {m.version: m for m in files.discover(settings.migrations_dir)}
    wanted = [v.split("_", 1)[0] for v in versions]

    def decide(conn: Conn, rows: list[history.HistoryRow]) -> tuple[list[Change], list[str]]:
        recorded = {r.version: r for r in rows}
        changes: list[Change] = []
        statements: list[str] = []
        for version in wanted:
            row = recorded.get(version)
            if status == "reverted":
                name = row.name if row else (local[version].name if version in local else "")
                if row is None:
                    changes.append(Change(version, name, "not recorded"))
                    continue
                changes.append(Change(version, name, "forgotten"))
                statements += history.forget_sql(conn, version)
                continue
            migration = local.get(version)
            if migration is None:
                raise PlanRefused(
                    f"{version}: no local migration with this version, so nothing to record "
                    "as applied; see supatools migrate --list"
                )
            change, sql_text = _applied(conn, migration, row)
            changes.append(change)
            statements += sql_text
        return changes, statements

    return _run(settings, url, "repair", dry_run, decide)


#: columns a home-made tracking table names its migrations by, in the order tried
_TRACKING_COLUMNS = ("version", "filename", "file_name", "file", "migration", "name")


def baseline_from_table(
    settings: Settings,
    url: str,
    table: str,
    column: str | None = None,
    *,
    dry_run: bool = False,
) -> AdoptResult:
    """Adopt a home-made tracking table: each of its rows naming a local migration (by
    file name, name without .sql, or version) records that migration as applied without
    running it; rows naming no file and files no row names are reported."""
    from psycopg import sql

    local = files.discover(settings.migrations_dir)
    schema, _, name = table.rpartition(".")
    schema = schema or "public"

    def match(value: str) -> files.MigrationFile | None:
        value = value.strip().rsplit("/", 1)[-1]
        for migration in local:
            stem = f"{migration.version}_{migration.name}"
            if value in (migration.filename, stem, migration.version):
                return migration
        return None

    def decide(conn: Conn, rows: list[history.HistoryRow]) -> tuple[list[Change], list[str]]:
        exists = conn.execute(
            "SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = "
            "to_regclass(format('%%I.%%I', %s::text, %s::text)) AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY a.attnum",
            (schema, name),
        ).fetchall()
        columns = [str(r[0]) for r in exists]
        if not columns:
            raise PlanRefused(f"--from-table {table}: no such table (or no access to it)")
        chosen = column or next((c for c in _TRACKING_COLUMNS if c in columns), None)
        if chosen is None or chosen not in columns:
            raise PlanRefused(
                f"--from-table {table}: say which column names the migrations with --column "
                f"(it has {', '.join(columns)})"
            )
        values = [
            str(r[0])
            for r in conn.execute(
                sql.SQL("SELECT {}::text FROM {} WHERE {} IS NOT NULL").format(
                    sql.Identifier(chosen),
                    sql.Identifier(schema, name),
                    sql.Identifier(chosen),
                )
            ).fetchall()
        ]
        recorded = {r.version: r for r in rows}
        changes: list[Change] = []
        statements: list[str] = []
        matched: set[str] = set()
        for value in values:
            migration = match(value)
            if migration is None:
                changes.append(Change(value, "", "no local file"))
                continue
            if migration.version in matched:
                continue
            matched.add(migration.version)
            change, sql_text = _applied(conn, migration, recorded.get(migration.version))
            changes.append(change)
            statements += sql_text
        for migration in local:
            if migration.version not in matched and migration.version not in recorded:
                changes.append(Change(migration.version, migration.name, "not in the table"))
        return changes, statements

    return _run(settings, url, "baseline", dry_run, decide)
