"""Connections, the migration advisory lock and error translation for psycopg."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from supatools.errors import ConfigError, ConnectError, LockTimeout

if TYPE_CHECKING:
    import psycopg

#: one advisory lock per database for every supatools migrate run
MIGRATION_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"supatools.migrate").digest()[:8], "big", signed=True
)


def connect(
    url: str, *, redacted: str, connect_timeout: int = 10, application_name: str = "supatools"
) -> psycopg.Connection[tuple[object, ...]]:
    """Open an autocommit connection, turning every failure into a one-line ``ConnectError``."""
    import psycopg

    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=connect_timeout,
            application_name=application_name,
        )
    except psycopg.ProgrammingError as exc:
        # psycopg raises ProgrammingError for a conninfo it cannot parse
        raise ConfigError(
            f"database URL {redacted} is not valid ({_first_line(exc)}); "
            "expected postgresql://user:password@host:5432/dbname"
        ) from None
    except psycopg.OperationalError as exc:
        raise ConnectError(describe_connect_failure(exc, redacted, connect_timeout)) from None
    return conn


def describe_connect_failure(exc: Exception, redacted: str, connect_timeout: int) -> str:
    """One line that says why the connection failed and what to try."""
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if "password authentication failed" in lowered or "authentication failed" in lowered:
        hint = "check the user and password in the database URL"
    elif "timeout" in lowered or "timed out" in lowered:
        hint = f"no answer within {connect_timeout}s; check host, port and firewall"
    elif "connection refused" in lowered:
        hint = "nothing is listening there; check host and port, or start the server"
    elif "does not exist" in lowered:
        hint = "check the database name in the URL"
    else:
        hint = "check the database URL and that the server is reachable"
    return f"cannot connect to {redacted}: {text}; {hint}"


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@contextmanager
def migration_lock(
    conn: psycopg.Connection[tuple[object, ...]], wait_seconds: float
) -> Iterator[None]:
    """Hold the session advisory lock for the whole block; wait at most ``wait_seconds``.

    The wait is PostgreSQL's own ``lock_timeout`` on ``pg_advisory_lock``, so no polling;
    on timeout the holder's pid and application_name are named.
    """
    import psycopg
    from psycopg import sql

    with conn.cursor() as cur:
        cur.execute(
            sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{int(wait_seconds * 1000)}ms"))
        )
        try:
            cur.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        except psycopg.errors.LockNotAvailable:
            raise LockTimeout(
                f"another migration run holds the migration lock ({lock_holder(conn)}) and did not "
                f"finish within {wait_seconds:g}s; wait for it to finish, or stop it with "
                "SELECT pg_terminate_backend(<pid>) if it is stuck, then run again"
            ) from None
        finally:
            cur.execute("RESET lock_timeout")
    try:
        yield
    finally:
        if not conn.closed and not conn.broken:
            with conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))


def lock_holder(conn: psycopg.Connection[tuple[object, ...]]) -> str:
    """Describe the session holding the migration lock: pid, application_name, user."""
    unsigned = MIGRATION_LOCK_KEY & 0xFFFFFFFFFFFFFFFF
    row = conn.execute(
        """
        SELECT a.pid, a.application_name, a.usename, a.backend_start
        FROM pg_locks l
        JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = %s::bigint::oid AND l.objid = %s::bigint::oid AND l.objsubid = 1
        LIMIT 1
        """,
        (unsigned >> 32, unsigned & 0xFFFFFFFF),
    ).fetchone()
    if row is None:
        return "holder already gone"
    pid, app, user, started = row
    return f"pid {pid}, application_name {app or '(none)'!r}, user {user}, since {started:%H:%M:%S}"
