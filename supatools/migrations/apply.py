"""Run migrations: each atomically with its history rows, under one advisory lock."""

from __future__ import annotations

import getpass
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from supatools import __version__
from supatools.errors import (
    ConfigError,
    ConnectError,
    EnvironmentFailure,
    MigrationFailed,
    UsageError,
)
from supatools.migrations import files, history
from supatools.migrations import plan as planning
from supatools.migrations.statements import ParsedMigration, Statement, line_col, parse
from supatools.settings import Settings, redact_url

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]


@dataclass(frozen=True)
class Progress:
    """A migration started (``duration_ms`` is None) or finished."""

    index: int
    total: int
    migration: files.MigrationFile
    duration_ms: int | None


@dataclass(frozen=True)
class AppliedMigration:
    """A migration this run applied."""

    version: str
    name: str
    filename: str
    statements: int
    duration_ms: int
    no_transaction: bool


@dataclass(frozen=True)
class MigrateResult:
    """What ``migrate`` did (or, for ``--dry-run``, would do)."""

    mode: str  # "apply" | "dry-run"
    database: str  # redacted
    plan: planning.Plan
    applied: tuple[AppliedMigration, ...]
    to_apply: tuple[ParsedMigration, ...]


ProgressCallback = Callable[[Progress], None]


def _noop(_: Progress) -> None:
    return None


def open_connection(
    settings: Settings, url: str, redacted: str, application_name: str
) -> Conn:
    """Connect for migrations: no auto-prepare, session timeouts applied."""
    from supatools import db

    conn = db.connect(
        url,
        redacted=redacted,
        connect_timeout=settings.connect_timeout,
        application_name=application_name,
    )
    conn.prepare_threshold = None  # DDL must never become a server-side prepared statement
    _session_settings(conn, settings)
    return conn


def _session_settings(conn: Conn, settings: Settings) -> None:
    """(Re)apply supatools' session settings; user SETs must not leak between migrations."""
    import psycopg
    from psycopg import sql

    parts = [sql.SQL("RESET ALL")]
    if conn.info.server_version >= 140000:
        # a killed client is noticed (and its lock released) within a second, even while
        # its migration is still running
        parts.append(sql.SQL("SET client_connection_check_interval = '1s'"))
    parts.append(sql.SQL("SET lock_timeout = {}").format(sql.Literal(settings.lock_timeout)))
    if settings.statement_timeout is not None:
        parts.append(
            sql.SQL("SET statement_timeout = {}").format(sql.Literal(settings.statement_timeout))
        )
    try:
        conn.execute(sql.SQL("; ").join(parts))
    except psycopg.errors.InvalidParameterValue as exc:
        raise ConfigError(
            f"invalid timeout setting: {exc.diag.message_primary}; use values such as "
            "'10s', '500ms' or '5min'"
        ) from None


def _who() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def parse_all(pending: tuple[files.MigrationFile, ...]) -> tuple[ParsedMigration, ...]:
    """Parse every pending migration before anything runs."""
    return tuple(parse(m) for m in pending)


def _failure(parsed: ParsedMigration, stmt: Statement, index: int, exc: Exception) -> Exception:
    """Turn a server error into a one-line MigrationFailed naming file:line:column."""
    import psycopg

    migration = parsed.migration
    if not isinstance(exc, psycopg.Error) or exc.sqlstate is None:
        tail = (
            "statements before it stay applied (no-transaction file); make them safe to re-run"
            if migration.no_transaction
            else "the server rolled it back"
        )
        return ConnectError(
            f"connection lost while applying {migration.filename} (line {stmt.line}); "
            f"{tail}; run migrate again"
        )
    diag = exc.diag
    offset = stmt.start
    if diag.statement_position:
        offset = stmt.start + int(diag.statement_position) - 1
    line, column = line_col(migration.text, offset)
    message = diag.message_primary or str(exc).strip()
    extra = "".join(
        f"; {label}: {value}"
        for label, value in (("detail", diag.message_detail), ("hint", diag.message_hint))
        if value
    )
    if migration.no_transaction:
        done = index
        outcome = (
            f"{done} earlier statement(s) of this no-transaction file stay applied and it is "
            "not recorded; fix it and run again"
        )
    else:
        outcome = "it was rolled back; migrations applied before it stay applied"
    where = f"{migration.path}:{line}:{column}"
    if exc.sqlstate == "55P03":
        return EnvironmentFailure(
            f"{where}: lock not acquired within lock_timeout ({message}); {outcome}. Run again "
            "when traffic is lower, or raise --lock-timeout"
        )
    if exc.sqlstate == "57014":
        return EnvironmentFailure(
            f"{where}: statement cancelled ({message}); {outcome}. Raise --statement-timeout "
            "if the statement needs longer"
        )
    return MigrationFailed(f"{where}: SQLSTATE {exc.sqlstate}: {message}{extra}; {outcome}")


def apply_one(conn: Conn, parsed: ParsedMigration) -> AppliedMigration:
    """Apply one migration with its history rows, atomically unless it is no-transaction."""
    import psycopg

    migration = parsed.migration
    texts = [s.text for s in parsed.statements]
    started = time.perf_counter()

    def run_statements() -> None:
        for index, stmt in enumerate(parsed.statements):
            try:
                conn.execute(stmt.text)
            except psycopg.Error as exc:
                raise _failure(parsed, stmt, index, exc) from None

    def write_history() -> None:
        history.record(
            conn,
            version=migration.version,
            name=migration.name,
            statements=texts,
            checksum=migration.checksum,
            applied_by=_who(),
            duration_ms=int((time.perf_counter() - started) * 1000),
            tool_version=__version__,
            no_transaction=migration.no_transaction,
        )

    if migration.no_transaction:
        run_statements()
        with conn.transaction():
            write_history()
    else:
        with conn.transaction():
            run_statements()
            write_history()
    return AppliedMigration(
        migration.version,
        migration.name,
        migration.filename,
        len(texts),
        int((time.perf_counter() - started) * 1000),
        migration.no_transaction,
    )


def select_file(local: list[files.MigrationFile], reference: str | None) -> files.MigrationFile | None:
    """The migration named by ``--file``, or None without it; unknown names exit 2."""
    if reference is None:
        return None
    found = files.find(local, reference)
    if found is None:
        raise UsageError(
            f"--file {reference}: no such migration in the migrations folder; "
            "give a file name or a 14-digit version (see migrate --list)"
        )
    return found


def migrate(
    settings: Settings,
    url: str,
    *,
    only: str | None = None,
    include_all: bool = False,
    on_progress: ProgressCallback = _noop,
) -> MigrateResult:
    """Apply every pending migration (or only ``only``) and return what was applied."""
    from supatools import db

    local = files.discover(settings.migrations_dir)
    chosen = select_file(local, only)
    conn = open_connection(settings, url, redact_url(url), "supatools migrate")
    try:
        with db.migration_lock(conn, settings.lock_wait_timeout):
            history.ensure_tables(conn)
            the_plan = planning.build(
                local, history.read(conn), only=chosen, include_all=include_all
            )
            parsed = parse_all(the_plan.pending)
            applied: list[AppliedMigration] = []
            total = len(parsed)
            for index, item in enumerate(parsed, start=1):
                on_progress(Progress(index, total, item.migration, None))
                _session_settings(conn, settings)
                done = apply_one(conn, item)
                applied.append(done)
                on_progress(Progress(index, total, item.migration, done.duration_ms))
    finally:
        conn.close()
    return MigrateResult("apply", redact_url(url), the_plan, tuple(applied), parsed)


def dry_run(
    settings: Settings, url: str, *, only: str | None = None, include_all: bool = False
) -> MigrateResult:
    """Read history and build the plan, writing nothing (not even the history table)."""
    local = files.discover(settings.migrations_dir)
    chosen = select_file(local, only)
    conn = open_connection(settings, url, redact_url(url), "supatools dry-run")
    try:
        the_plan = planning.build(local, history.read(conn), only=chosen, include_all=include_all)
    finally:
        conn.close()
    return MigrateResult(
        "dry-run", redact_url(url), the_plan, (), parse_all(the_plan.pending)
    )


def status(settings: Settings, url: str) -> tuple[planning.StatusEntry, ...]:
    """Local files and applied history side by side."""
    local = files.discover(settings.migrations_dir)
    conn = open_connection(settings, url, redact_url(url), "supatools status")
    try:
        rows = history.read(conn)
    finally:
        conn.close()
    return planning.status(local, rows)
