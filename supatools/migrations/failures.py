"""Server errors of a run, turned into one line naming ``file:line:column``, the SQLSTATE
and what stays applied; shared by migrate and rollback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from supatools import db
from supatools.errors import ConnectError, EnvironmentFailure, MigrationFailed
from supatools.migrations import files, history
from supatools.migrations.session import READ_ONLY, TO_PRIMARY
from supatools.migrations.statements import ParsedMigration, Statement, line_col

if TYPE_CHECKING:
    from supatools.db import Conn


def failure(
    parsed: ParsedMigration,
    stmt: Statement | None,
    done: int,
    exc: Exception,
    position: int | None,
    atomic: bool = False,
    outcome: str | None = None,
) -> Exception:
    """Turn a server error into a one-line error naming file:line:column and SQLSTATE.

    ``position`` is the 1-based character offset of the error inside ``stmt``.
    """
    import psycopg

    migration = parsed.migration
    if outcome is not None:
        pass  # the caller's words (rollback)
    elif parsed.as_written:
        outcome = (
            "this file runs as written with its own COMMITs: what it committed before this "
            "statement stays applied, its open transaction was rolled back, and it is not "
            "recorded; fix it and run again"
        )
    elif migration.no_transaction:
        outcome = (
            f"{done} earlier statement(s) of this no-transaction file stay applied and it is "
            "not recorded; fix it and run again"
        )
    elif atomic:
        outcome = "the whole run was rolled back (--atomic): nothing was applied"
    else:
        outcome = "it was rolled back; migrations applied before it stay applied"
    if lost(exc):
        if not migration.no_transaction and not atomic:
            outcome = (
                "the migration was rolled back by the server"
                if isinstance(exc, psycopg.Error) and exc.sqlstate
                else "it was applied whole or not at all, never half (migrate --status "
                "tells which once the server is back)"
            )
        return ConnectError(
            f"connection lost while applying {migration.filename}: "
            f"{' '.join(str(exc).split()) or type(exc).__name__}; {outcome}; run migrate again"
        )
    assert isinstance(exc, psycopg.Error)  # lost() said so
    diag = exc.diag
    if stmt is None:  # the COMMIT failed, e.g. a deferred constraint
        line, column = line_col(migration.text, len(migration.text.rstrip()))
    else:
        offset = stmt.start + (position - 1 if position else 0)
        line, column = line_col(migration.text, offset)
    message = diag.message_primary or str(exc).strip()
    extra = "".join(
        f"; {label}: {value}"
        for label, value in (("detail", diag.message_detail), ("hint", diag.message_hint))
        if value
    )
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
    if exc.sqlstate == "25006":
        return EnvironmentFailure(f"{where}: {READ_ONLY} ({message}); {outcome}. {TO_PRIMARY}")
    missing = _MISSING_EXTENSION.match(message) if exc.sqlstate == "0A000" else None
    if missing:
        return MigrationFailed(
            f'{where}: extension "{missing.group(1)}" is not available on this server '
            f"(SQLSTATE 0A000); {outcome}. Install it on the server; for supatools local, "
            "point SUPATOOLS_PG_BINDIR at a PostgreSQL that has it (the README lists what "
            "the local server provides)"
        )
    return MigrationFailed(f"{where}: SQLSTATE {exc.sqlstate}: {message}{extra}; {outcome}")


_MISSING_EXTENSION = re.compile(r'extension "([^"]+)" is not available')


def interrupted(conn: Conn, migrations: Sequence[files.MigrationFile]) -> EnvironmentFailure:
    """Ctrl-C during a message of ``migrations`` (in order): say what happened to each,
    after checking the history. Those before the cancelled one had committed; those
    after it never ran."""
    span = names([m.filename for m in migrations])
    try:
        kept = history.recorded(conn, [m.version for m in migrations])
    except Exception:
        return EnvironmentFailure(
            f"interrupted while applying {span}; each was applied whole or not at all: "
            "check supatools migrate --status"
        )
    committed = [m.filename for m in migrations if m.version in kept]
    cancelled = [m.filename for m in migrations if m.version not in kept]
    if not cancelled:
        verb = "had" if len(committed) == 1 else "had all"
        return EnvironmentFailure(
            f"interrupted; {span} {verb} already been committed and recorded; run migrate "
            "again for the rest"
        )
    before = ""
    if committed:
        before = f"{names(committed)} committed and recorded before it; "
    after = f"; {names(cancelled[1:])} did not run" if len(cancelled) > 1 else ""
    return EnvironmentFailure(
        f"interrupted; {before}{cancelled[0]} was cancelled and rolled back, nothing of it "
        f"applied{after}; run migrate again"
    )


def lost(exc: Exception) -> bool:
    """Whether ``exc`` is the connection failing rather than a statement."""
    import psycopg

    return db.connection_lost(exc) or not isinstance(exc, psycopg.Error)


def connection_lost(migrations: Sequence[files.MigrationFile], exc: Exception) -> ConnectError:
    """The connection failed during a message of several migrations: each was applied
    whole or not at all, and only the server knows how far it got."""
    return ConnectError(
        f"connection lost while applying {names([m.filename for m in migrations])}: "
        f"{' '.join(str(exc).split()) or type(exc).__name__}; each was applied whole or not "
        "at all, never half (migrate --status tells which once the server is back); run "
        "migrate again"
    )


def names(filenames: Sequence[str]) -> str:
    """``a.sql``, ``a.sql and b.sql`` or ``a.sql … z.sql (26 migrations)``."""
    if len(filenames) <= 2:
        return " and ".join(filenames)
    return f"{filenames[0]} … {filenames[-1]} ({len(filenames)} migrations)"
