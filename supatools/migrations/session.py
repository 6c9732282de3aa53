"""The migration session: connect, reset settings between migrations, send batches.

Transactional migrations travel as simple-query messages, several to a message
(messages.py). PostgreSQL answers with one result per statement and stops at the first
error, so counting the results names the failing statement exactly, even when the
server gives no position.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from supatools.errors import ConfigError, EnvironmentFailure
from supatools.settings import Settings

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from psycopg import pq

    from supatools.db import Conn


def open_connection(
    settings: Settings, url: str, redacted: str, application_name: str, *, deferred: bool = False
) -> Conn:
    """Connect for migrations: no auto-prepare, session settings checked once.

    ``deferred``: the caller sends :func:`session_settings_sql` itself, first in its first
    batch (one round trip less).
    """
    from supatools import db

    conn = db.connect(
        url,
        redacted=redacted,
        connect_timeout=settings.connect_timeout,
        application_name=application_name,
    )
    conn.prepare_threshold = None  # DDL must never become a server-side prepared statement
    if deferred:
        return conn
    try:
        run_batch(conn, session_settings_sql(conn, settings))
    except BatchError as exc:
        conn.close()
        if getattr(exc.error, "sqlstate", None) == "22023":  # invalid_parameter_value
            raise ConfigError(
                f"invalid timeout setting: {' '.join(str(exc.error).split())}; use values such "
                "as '10s', '500ms' or '5min'"
            ) from None
        raise db.translate(exc.error, "setting up the session") from None
    return conn


#: RESET ALL leaves the role alone (GUC_NO_RESET_ALL), so these reset it explicitly
RESET_IDENTITY = ("RESET SESSION AUTHORIZATION", "RESET ROLE")


def session_settings_sql(conn: Conn, settings: Settings) -> list[str]:
    """Statements that (re)apply supatools' session settings.

    Resets first: a ``SET`` or ``SET ROLE`` in one migration must not leak into the next.
    """
    from psycopg import sql

    statements = ["RESET ALL", *RESET_IDENTITY]
    statements.append(
        sql.SQL("SET lock_timeout = {}").format(sql.Literal(settings.lock_timeout)).as_string(conn)
    )
    if settings.statement_timeout is not None:
        statements.append(
            sql.SQL("SET statement_timeout = {}")
            .format(sql.Literal(settings.statement_timeout))
            .as_string(conn)
        )
    if conn.info.server_version >= 140000:
        # a killed client is noticed (and its lock released) within a second, even while
        # its migration is still running
        statements.append("SET client_connection_check_interval = '1s'")
    return statements


#: joins a batch; the newline first ends any trailing ``--`` comment of a statement
SEPARATOR = "\n;\n"


class BatchError(Exception):
    """Statement ``index`` of a batch failed with ``error``; ``index`` earlier ones ran,
    and ``results`` are theirs."""

    def __init__(
        self, index: int, error: Exception, results: Sequence[pq.abc.PGresult] = ()
    ) -> None:
        super().__init__(str(error))
        self.index = index
        self.error = error
        self.results = results


def run_batch(
    conn: Conn, statements: list[str], meanwhile: Callable[[], object] | None = None
) -> list[pq.abc.PGresult]:
    """Send ``statements`` as one simple-query message (one round trip); the result of
    each, in order.

    PostgreSQL answers with one result per statement and stops at the first error, so
    counting results names the failing statement exactly, even when the server gives
    no position. A newline precedes each ``;`` so a trailing ``--`` comment cannot
    swallow it. A Ctrl-C while the server works cancels the running statement on the
    server (the rest of the message never runs) instead of leaving it to finish, and is
    raised once the server has answered (:func:`_cancelled`).

    ``meanwhile`` runs after the message is sent and before its results are read, while
    the server works; its errors are its own to handle.
    """
    from psycopg import errors, generators, pq, waiting

    copying = (pq.ExecStatus.COPY_IN, pq.ExecStatus.COPY_BOTH)
    message = SEPARATOR.join(statements)
    pgconn = conn.pgconn
    interrupted = False
    try:
        pgconn.send_query(message.encode("utf-8"))
        if meanwhile is not None:
            try:
                meanwhile()
            except KeyboardInterrupt:
                interrupted = True
        if not interrupted:
            try:
                # not conn.wait: on Ctrl-C it cancels once and gives up on the connection
                # after 5 s, while a long message may still be arriving at the server
                results = waiting.wait(generators.execute(pgconn), pgconn.socket, interval=0.1)
            except KeyboardInterrupt:
                interrupted = True
        if interrupted:
            results = _cancelled(conn)
        while results and results[-1].status in copying:
            pgconn.put_copy_end(b"supatools does not feed COPY FROM STDIN")
            results = results[:-1] + conn.wait(generators.fetch_many(pgconn))
    except Exception as exc:  # Ctrl-C (not an Exception) goes on to the caller
        raise BatchError(0, exc) from None
    # before anything is composed for the next message (history rows quote with it)
    _restore_encoding(conn)
    if interrupted:
        raise KeyboardInterrupt
    done: list[pq.abc.PGresult] = []
    failure: pq.abc.PGresult | None = None
    for result in results:
        if result.status == pq.ExecStatus.FATAL_ERROR:
            failure = failure or result
        elif failure is None and result.status not in copying:
            done.append(result)
    if failure is not None:
        error = errors.error_from_result(failure, encoding="utf-8")
        raise BatchError(len(done), error, done)
    return done


def _cancelled(conn: Conn) -> list[pq.abc.PGresult]:
    """Cancel the message sent (all or part of it) and collect its results.

    A cancel that reaches the server before the backend has begun the message is
    ignored (there is no query to cancel yet) and the message would run on to its end;
    so the message is sent whole first, and the cancel is repeated every half second
    until the server answers with an error (the cancelled statement) or the end of the
    message. An earlier statement's result is not that answer: the server flushes what
    it has whenever it sends a notice. A cancel that cannot be sent (the cancel
    connection refused or timing out) is tried again, as psycopg's own does.
    """
    import contextlib
    import select

    from psycopg import generators, pq

    pgconn = conn.pgconn
    conn.wait(generators.send(pgconn))
    results: list[pq.abc.PGresult] = []
    cancelling = True
    while True:
        while not pgconn.is_busy():
            result = pgconn.get_result()
            if result is None:
                return results
            results.append(result)
            cancelling = cancelling and result.status != pq.ExecStatus.FATAL_ERROR
        if cancelling:
            with contextlib.suppress(Exception):
                conn.cancel_safe()
        readable, _, _ = select.select([pgconn.socket], [], [], 0.5)
        if readable:
            pgconn.consume_input()


def _restore_encoding(conn: Conn) -> None:
    """A migration's ``SET client_encoding`` must not reach the next message: every
    message is sent as UTF-8, so the session is put back to UTF8 after each batch (the
    connection starts in UTF8)."""
    if conn.info.encoding == "utf-8" or conn.broken:
        return
    conn.pgconn.exec_(b"RESET client_encoding")
    if conn.info.encoding != "utf-8":
        conn.pgconn.exec_(b"SET client_encoding TO 'UTF8'")


def position_in(statements: list[str], index: int, error: Exception) -> int | None:
    """The server's error position made relative to statement ``index`` of a batch."""
    import psycopg

    if not isinstance(error, psycopg.Error):
        return None
    diag = error.diag
    if diag.statement_position:
        before = sum(len(s) + len(SEPARATOR) for s in statements[:index])
        return int(diag.statement_position) - before
    # an error inside a function body: the server points into the body (internal_query),
    # so find the body in the statement, as psql shows the line inside it
    if diag.internal_position and diag.internal_query and 0 <= index < len(statements):
        at = statements[index].find(diag.internal_query)
        if at >= 0:
            return at + int(diag.internal_position)
    return None


def statement_at(statements: list[str], error: Exception) -> int | None:
    """The statement of a batch that the server's error position points into, if it
    gives one. It tells what counting results cannot when the server refused the whole
    message before running any of it (a syntax error its parser found)."""
    import psycopg

    if not isinstance(error, psycopg.Error) or not error.diag.statement_position:
        return None
    offset = int(error.diag.statement_position) - 1
    for index, statement in enumerate(statements):
        offset -= len(statement) + len(SEPARATOR)
        if offset < 0:
            return index
    return None


def rollback_if_open(conn: Conn) -> None:
    """Leave a transaction (aborted or not) that a failed batch left open."""
    from psycopg import pq

    if conn.broken or conn.closed:
        return
    if conn.info.transaction_status not in (
        pq.TransactionStatus.IDLE,
        pq.TransactionStatus.UNKNOWN,
    ):
        try:
            run_batch(conn, ["ROLLBACK"])
        except BatchError:
            pass  # the session is gone: the server has rolled the transaction back


#: statements that control transactions: they apply nothing themselves
_CONTROL = frozenset(
    {"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE"}
)


class OwnTransactions:
    """What the statements of a file run outside supatools' transaction (no-transaction,
    or as written with its own BEGIN/COMMIT) have committed so far, read from the
    server's transaction status after each one rather than from the text: a failure
    then says how many statements stay applied and what was rolled back."""

    def __init__(self) -> None:
        self.committed = 0  # statements whose changes are committed
        self.pending = 0  # statements run in the transaction the file holds open now
        self.open_at: int | None = None  # the line of that transaction's BEGIN

    def ran(self, text: str, line: int, was_open: bool, is_open: bool) -> None:
        """Statement ``text`` at ``line`` succeeded; a transaction was open before it
        (``was_open``) and is open after it (``is_open``)."""
        word = text.split(None, 1)[0].upper() if text.split() else ""
        ends = word in ("COMMIT", "END")
        undoes = word in ("ROLLBACK", "ABORT") and not _TO_SAVEPOINT.match(text)
        if not was_open and is_open:
            self.pending, self.open_at = 0, line
        elif was_open and ends:
            self.committed += self.pending
            self.pending = 0
        elif was_open and undoes:
            self.pending = 0
        elif word not in _CONTROL:
            if is_open:
                self.pending += 1
            else:
                self.committed += 1
        if not is_open:
            self.pending, self.open_at = 0, None

    def outcome(self) -> str:
        """What stays after a statement failed (the open transaction is rolled back)."""
        kept = f"{self.committed} earlier statement(s) of this file stay applied"
        if self.open_at is None:
            return f"{kept} and it is not recorded; fix it and run again"
        return (
            f"{kept}; the transaction it opened at line {self.open_at} was rolled back with "
            f"its {self.pending} statement(s); it is not recorded; fix it and run again"
        )


_TO_SAVEPOINT = re.compile(r"\s*(?:rollback|abort)\s+(?:work\s+|transaction\s+)?to\b", re.I)


#: SQLSTATE 25006 (read_only_sql_transaction): the environment, not the migration, failed
READ_ONLY = "the database is read-only (SQLSTATE 25006: a read replica or hot standby?)"
TO_PRIMARY = (
    "Point --db-url at the primary; if this is the primary, turn default_transaction_read_only "
    "off (Supabase turns it on when the disk is nearly full: free space first)"
)


def refuse_read_only(conn: Conn) -> None:
    """A read-only session is the environment's failure (exit 3), not the job's: checked
    only once a preflight check has failed (no round trip on the way to a good run)."""
    row = conn.execute(
        "SELECT current_setting('transaction_read_only') = 'on', pg_is_in_recovery()"
    ).fetchone()
    if row is None or not row[0]:
        return
    if row[1]:
        raise EnvironmentFailure(
            "the database is read-only: a hot standby (in recovery), i.e. a read replica; "
            "nothing was applied. Point --db-url at the primary"
        )
    raise EnvironmentFailure(
        "the database is read-only (default_transaction_read_only is on for this session: "
        f"a read replica?); nothing was applied. {TO_PRIMARY}"
    )
