"""Connections, the migration advisory lock and error translation for psycopg."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from supatools.errors import (
    ConfigError,
    ConnectError,
    EnvironmentFailure,
    JobFailed,
    LockTimeout,
    SupatoolsError,
)

if TYPE_CHECKING:
    import psycopg
    from psycopg import sql

    #: the one connection type of the package: autocommit, rows as tuples
    Conn: TypeAlias = psycopg.Connection[tuple[object, ...]]

#: one advisory lock per database for every supatools migrate run
MIGRATION_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"supatools.migrate").digest()[:8], "big", signed=True
)


#: one statement of a :func:`batch`: SQL text, composed SQL, or text with its parameters
Query = Union[str, "sql.Composable", tuple[str, Any]]


def batch(conn: Conn, queries: Sequence[Query]) -> list[list[tuple[Any, ...]]]:
    """Run ``queries`` in one round trip; the rows of each, in order ([] when none).

    Over the internet a round trip costs 20-80 ms, far more than any catalog query, so
    independent queries travel together: one simple-query message, parameters bound by
    psycopg's own client-side quoting (``ClientCursor.mogrify``), never by hand. The
    statements run as one implicit transaction unless they hold their own BEGIN/COMMIT:
    an error stops the rest and rolls back those before it (a SET included). Works through
    every pooler, unlike pipeline mode.
    """
    import psycopg

    if not queries:
        return []
    binder = psycopg.ClientCursor(conn)
    texts: list[str] = []
    for query in queries:
        if isinstance(query, tuple):
            texts.append(binder.mogrify(query[0], query[1]))
        elif isinstance(query, str):
            texts.append(query)
        else:
            texts.append(query.as_string(conn))
    results: list[list[tuple[Any, ...]]] = []
    idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    try:
        with conn.cursor() as cur:
            cur.execute(";\n".join(texts))
            while True:
                results.append(list(cur.fetchall()) if cur.description is not None else [])
                if not cur.nextset():
                    break
    except psycopg.Error:
        # a BEGIN of this batch left a failed transaction open: end it; a transaction the
        # caller opened is the caller's to end
        if idle and conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR:
            conn.execute("ROLLBACK")
        raise
    if len(results) != len(queries):
        raise RuntimeError(f"batch sent {len(queries)} statements, got {len(results)} results")
    return results


def relation_oid(schema: str, relation: str) -> str:
    """SQL for the oid of ``schema.relation``, or NULL, read from the catalog.

    ``to_regclass`` raises "permission denied for schema" when the role lacks USAGE on the
    schema; the catalog is readable by every role, so existence never needs a privilege.
    Both names are constants of this program, never user input.
    """
    if not (_CATALOG_NAME.fullmatch(schema) and _CATALOG_NAME.fullmatch(relation)):
        raise ValueError(f"not a plain catalog name: {schema}.{relation}")
    return (
        "(SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
        f" ON n.oid = c.relnamespace WHERE n.nspname = '{schema}' AND c.relname = '{relation}')"
    )


_CATALOG_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def connect(
    url: str, *, redacted: str, connect_timeout: int = 10, application_name: str = "supatools"
) -> Conn:
    """Open an autocommit connection, turning every failure into a one-line ``ConnectError``."""
    import psycopg

    check_url(url, redacted)
    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=connect_timeout,
            application_name=application_name,
            client_encoding="UTF8",  # RESET ALL returns here, whatever a migration SET
        )
    except psycopg.ProgrammingError:
        # psycopg raises ProgrammingError for a conninfo it cannot parse; its text may quote
        # the string, so it is not shown
        raise ConfigError(_unparseable(redacted)) from None
    except psycopg.OperationalError as exc:
        bad_option = _BAD_OPTION.search(" ".join(str(exc).split()))
        if bad_option:
            # libpq refused an option's value before connecting: bad configuration
            raise ConfigError(
                f"database URL {redacted}: {bad_option.group(0)}; fix the URL"
            ) from None
        raise ConnectError(describe_connect_failure(exc, redacted, connect_timeout)) from None
    return conn


EXPECTED_URL = "expected postgresql://user:password@host:5432/dbname"


def foreign_scheme(url: str) -> str | None:
    """The scheme of a URL that is not PostgreSQL's (``mysql``), else None."""
    if "://" not in url:
        return None  # a libpq keyword string
    scheme = url.split("://", 1)[0].lower()
    return None if scheme in ("postgresql", "postgres") else scheme[:20]


def check_url(url: str, redacted: str | None = None) -> None:
    """Refuse (exit 2) a database URL that cannot mean what it says, before any network.

    A foreign scheme, a string libpq cannot parse, a user part holding characters that
    must be percent-encoded (libpq would read ``u:pa/ss@host`` as host ``u``, port ``pa``),
    a port that is not a number from 1 to 65535.
    """
    from supatools.redact import misencoded_userinfo, parse_conninfo, show_url

    shown = redacted if redacted is not None else show_url(url)
    scheme = foreign_scheme(url)
    if scheme is not None:
        raise ConfigError(
            f"database URL {shown}: {scheme}:// is not a PostgreSQL URL; {EXPECTED_URL}"
        )
    shown_user = misencoded_userinfo(url)
    if shown_user is not None:
        raise ConfigError(
            f'database URL "{url.split("://", 1)[0]}://{shown_user}...": the password contains '
            "characters that must be percent-encoded (/ @ # ? and spaces); "
            "percent-encode it: / as %2F, @ as %40, # as %23, ? as %3F, a space as %20 "
            '(python -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], '
            "safe=''))\" PASSWORD)"
        )
    info = parse_conninfo(url)
    if info is None:
        raise ConfigError(_unparseable(shown))
    for port in (info.get("port") or "").split(","):
        if port and not (port.strip().isdigit() and 1 <= int(port) <= 65535):
            # the port is not shown: an unencoded password can end up there
            raise ConfigError(
                "invalid port number in the database URL: a port is a number from 1 to 65535;"
                " fix the URL (and percent-encode special characters in the password)"
            )


def _unparseable(redacted: str) -> str:
    return (
        f"database URL {redacted} cannot be parsed by libpq; {EXPECTED_URL} "
        "(percent-encode special characters in the password)"
    )


#: libpq's messages for an option value it cannot use (checked before any network)
_BAD_OPTION = re.compile(
    r"invalid (?:port number|integer value|[\w ]+ value|connection option|sslmode value)"
    r"[^;]*?(?=$|\n|;)"
)


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


@contextmanager
def migration_lock(
    conn: Conn,
    wait_seconds: float,
    restore_lock_timeout: str = "10s",
    then: Sequence[Query] = (),
    release: Sequence[Query] | Callable[[], Sequence[Query]] = (),
) -> Iterator[list[list[tuple[Any, ...]]]]:
    """Hold the session advisory lock for the whole block; wait at most ``wait_seconds``.

    The wait is PostgreSQL's own ``lock_timeout`` on ``pg_advisory_lock``, so no polling;
    on timeout the holder's pid and application_name are named. ``then`` runs right after
    the lock is taken, in the same round trip and the same implicit transaction (so an
    error in it undoes it whole, and the lock_timeout too); the block gets its results.
    ``release`` runs before the unlock, in its round trip, when the block ends normally or
    with an error (not on an interrupt) and no transaction is left open; if it fails, the
    lock is released alone. A callable ``release`` is asked for its statements then, when
    the block knows what it did.
    """
    import psycopg
    from psycopg import sql

    wait_ms = max(1, math.ceil(wait_seconds * 1000))  # 0 would mean "wait forever"
    taking: list[Query] = [
        # each statement after the lock must see what the previous holder committed, even
        # when the role's default isolation would take one snapshot before the wait
        "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
        sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{wait_ms}ms")),
        ("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,)),
        # back to the migration's own lock_timeout, never RESET to the server's default
        # (often 0: wait forever) while the migration lock is held
        sql.SQL("SET lock_timeout = {}").format(sql.Literal(restore_lock_timeout)),
        *then,
    ]
    try:
        results = batch(conn, taking)[4:]
    except psycopg.errors.LockNotAvailable:
        raise LockTimeout(
            f"another migration run holds the migration lock ({lock_holder(conn)}) and did not "
            f"finish within {wait_seconds:g}s; wait for it to finish, or stop it with "
            "SELECT pg_terminate_backend(<pid>) if it is stuck, then run again"
        ) from None
    except BaseException:
        _unlock(conn)  # a session lock outlives the failed transaction that took it
        raise
    try:
        yield results
    except Exception:
        _unlock(conn, release() if callable(release) else release)
        raise
    except BaseException:
        _unlock(conn)
        raise
    _unlock(conn, release() if callable(release) else release)


def _unlock(conn: Conn, release: Sequence[Query] = ()) -> None:
    """Release the migration lock if this session holds it (harmless when it does not),
    after ``release`` when no transaction is open (see :func:`migration_lock`)."""
    if conn.closed or conn.broken:
        return
    import psycopg

    if release and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
        try:
            batch(conn, [*release, _unlock_query()])
            return
        except psycopg.Error:
            if conn.closed or conn.broken:
                return
    try:
        batch(conn, [_unlock_query()])
    except psycopg.Error:
        if not conn.closed and not conn.broken:
            raise


def _unlock_query() -> Query:
    high, low = _lock_ids()
    return (
        "SELECT pg_advisory_unlock(%(key)s) WHERE EXISTS (SELECT 1 FROM pg_locks "
        "WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted "
        "AND classid = %(high)s::bigint::oid AND objid = %(low)s::bigint::oid "
        "AND objsubid = 1)",
        {"key": MIGRATION_LOCK_KEY, "high": high, "low": low},
    )


def _lock_ids() -> tuple[int, int]:
    """The migration lock as pg_locks shows it: (classid, objid), the key's two halves."""
    unsigned = MIGRATION_LOCK_KEY & 0xFFFFFFFFFFFFFFFF
    return unsigned >> 32, unsigned & 0xFFFFFFFF


def lock_holder(conn: Conn) -> str:
    """Describe the session holding the migration lock: pid, application_name, user."""
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
        _lock_ids(),
    ).fetchone()
    if row is None:
        return "holder already gone"
    pid, app, user, started = row
    return f"pid {pid}, application_name {app or '(none)'!r}, user {user}, since {started:%H:%M:%S}"


#: SQLSTATEs that mean the session is gone: admin shutdown, crash shutdown, cannot connect now
CONNECTION_LOST = ("57P01", "57P02", "57P03")


def connection_lost(exc: BaseException) -> bool:
    """The session is gone: no SQLSTATE (the socket closed), class 08, or a shutdown."""
    sqlstate = getattr(exc, "sqlstate", None)
    return (
        not is_driver_error(exc)
        or sqlstate is None
        or sqlstate.startswith("08")
        or (sqlstate in CONNECTION_LOST)
    )


def transaction_id(conn: Conn) -> str:
    """The id of the open transaction (assigning one): proof that it is still the same."""
    row = conn.execute("SELECT txid_current()::text", prepare=False).fetchone()
    return str(row[0]) if row else ""


def is_driver_error(exc: BaseException) -> bool:
    """True for an exception raised by psycopg (checked without importing psycopg)."""
    return type(exc).__module__.split(".")[0] in ("psycopg", "psycopg_binary", "psycopg_c")


def server_message(exc: BaseException) -> str:
    """The server's message, detail and hint as one line."""
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    parts = [primary or str(exc) or type(exc).__name__]
    for label in ("detail", "hint"):
        value = getattr(diag, f"message_{label}", None) if diag is not None else None
        if value:
            parts.append(f"{label}: {value}")
    return "; ".join(" ".join(part.split()) for part in parts)


def translate(exc: BaseException, doing: str) -> SupatoolsError:
    """The one translation of a psycopg error into the error tree, for every command.

    ``doing`` says what supatools was doing ("reading migration history").
    """
    sqlstate = getattr(exc, "sqlstate", None)
    message = server_message(exc)
    if sqlstate is None or connection_lost(exc):
        return ConnectError(
            f"connection lost while {doing}: {message}; check that the server is up and run "
            "again (nothing half-done is kept: an open transaction was rolled back by the server)"
        )
    if sqlstate == "55P03":
        return LockTimeout(f"lock not acquired in time while {doing}: {message}; run again later")
    if sqlstate == "57014":
        return EnvironmentFailure(f"statement cancelled while {doing}: {message}")
    if sqlstate == "25006":
        return EnvironmentFailure(
            f"the database is read-only ({doing}: {message}); connect to the primary, or turn "
            "off default_transaction_read_only for the migration role"
        )
    if sqlstate == "42501" or sqlstate.startswith("28"):
        return EnvironmentFailure(
            f"permission denied while {doing}: {message}; connect as the project's owner role "
            "(postgres) or grant what is missing (supatools preflight lists it)"
        )
    if sqlstate == "3D000":
        return ConnectError(f"{message} ({doing}); check the database name in the URL")
    return JobFailed(f"{doing} failed: SQLSTATE {sqlstate}: {message}")


@contextmanager
def translated(doing: str) -> Iterator[None]:
    """Turn a psycopg error raised in the block into the error tree (see :func:`translate`)."""
    try:
        yield
    except Exception as exc:
        if is_driver_error(exc):
            raise translate(exc, doing) from None
        raise
