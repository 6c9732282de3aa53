"""Apply a run's migrations with their history rows: transactional ones together, several
to a message (messages.py), a no-transaction one statement by statement; the next message
built while the server works on the current one."""

from __future__ import annotations

import contextlib
import functools
import getpass
import socket
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from supatools import __version__
from supatools.errors import MigrationFailed, MigrationFileError
from supatools.migrations import history, messages
from supatools.migrations.failures import connection_lost, failure, interrupted, lost, names
from supatools.migrations.results import AppliedMigration, Progress
from supatools.migrations.session import (
    RESET_IDENTITY,
    BatchError,
    OwnTransactions,
    position_in,
    rollback_if_open,
    run_batch,
    statement_at,
)
from supatools.migrations.statements import ParsedMigration

if TYPE_CHECKING:
    from psycopg import pq

    from supatools.db import Conn


@functools.cache
def _who() -> str:
    """``user@host`` for applied_by; the same for every migration of a run."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def recorder(conn: Conn) -> history.Recorder:
    """What writes the history rows of a run's migrations (one per run)."""
    return history.Recorder(conn, applied_by=_who(), tool_version=__version__)


def apply_alone(
    conn: Conn, parsed: ParsedMigration, prefix: list[str], record: history.Recorder
) -> AppliedMigration:
    """Apply a no-transaction migration: each statement alone, then its history rows."""
    started = time.perf_counter()
    _apply_statement_by_statement(conn, parsed, prefix, started, record)
    migration = parsed.migration
    return AppliedMigration(
        migration.version,
        migration.name,
        migration.filename,
        len(parsed.statements),
        int((time.perf_counter() - started) * 1000),
        True,
    )


def _apply_statement_by_statement(
    conn: Conn,
    parsed: ParsedMigration,
    prefix: list[str],
    started: float,
    record: history.Recorder,
) -> None:
    """A no-transaction migration: each statement alone, then its history rows."""
    migration = parsed.migration
    from psycopg import pq

    run_batch(conn, prefix)
    # what stays after a failure, from the server's transaction status (the file may
    # open and end transactions of its own)
    kept = OwnTransactions()
    idle = pq.TransactionStatus.IDLE
    for index, stmt in enumerate(parsed.statements):
        was_open = conn.info.transaction_status != idle
        try:
            run_batch(conn, [stmt.text])
        except BatchError as exc:
            rollback_if_open(conn)  # a file's own BEGIN ... failed statement
            outcome = kept.outcome()
            if parsed.as_written:
                outcome = f"this file runs as written with its own COMMITs: {outcome}"
            raise failure(
                parsed,
                stmt,
                index,
                exc.error,
                position_in([stmt.text], 0, exc.error),
                outcome=outcome,
            ) from None
        except KeyboardInterrupt:
            rollback_if_open(conn)
            raise
        kept.ran(stmt.text, stmt.line, was_open, conn.info.transaction_status != idle)

    if conn.info.transaction_status != pq.TransactionStatus.IDLE:
        rollback_if_open(conn)
        raise MigrationFileError(
            f"{migration.path}: the file opened a transaction (BEGIN) and did not end "
            "it; it was rolled back and the file is not recorded. End it with COMMIT"
        )
    elapsed = int((time.perf_counter() - started) * 1000)
    texts = [s.text for s in parsed.statements]
    rows = record.sql(migration, texts, elapsed)
    run_batch(conn, [*RESET_IDENTITY, "BEGIN", rows, "COMMIT", *messages.LEXER_RESET])


def make_durable(conn: Conn, version: str) -> None:
    """Flush the WAL of the run's earlier commits made without waiting for the disk
    (:data:`messages.DEFER_FLUSH`): a synchronous commit that writes WAL flushes all WAL before
    its own commit record. The write rewrites ``version``'s history row unchanged. Used
    when a run stops before its last (synchronous) migration; one round trip."""
    touch = history.touch_sql(conn, version)
    run_batch(conn, ["RESET synchronous_commit", *RESET_IDENTITY, "BEGIN", touch, "COMMIT"])


class Run:
    """The migrations of one run as they apply, and what to do when the run stops."""

    def __init__(
        self,
        conn: Conn,
        parsed: tuple[ParsedMigration, ...],
        prefix: list[str],
        atomic: bool,
        idle: Callable[[], object] | None = None,
    ) -> None:
        self._conn, self._parsed, self._prefix, self._atomic = conn, parsed, prefix, atomic
        #: the caller's work for the client's idle time, done once while the server runs
        #: the first transactional message (see apply.Gates.meanwhile)
        self._idle = idle
        self.applied: list[AppliedMigration] = []
        #: the newest migration committed without waiting for the disk, until a
        #: synchronous commit makes it durable
        self._deferred: str | None = None
        self._spans = messages.groups(parsed)
        self._ahead = messages.Ahead(parsed, self._spans, prefix, atomic, recorder(conn))

    def apply_all(self, on_progress: Callable[[Progress], None]) -> None:
        for group, span in enumerate(self._spans):
            if self._parsed[span.start].migration.no_transaction:
                self._alone(span.start, on_progress)
            else:
                self._message(group, span, on_progress)

    def _alone(self, index: int, on_progress: Callable[[Progress], None]) -> None:
        """A no-transaction migration, statement by statement; it commits synchronously,
        which makes every earlier commit durable too."""
        item = self._parsed[index]
        total = len(self._parsed)
        on_progress(Progress(index + 1, total, item.migration, None))
        done = apply_alone(self._conn, item, self._prefix, self._ahead.record)
        self._deferred = None
        self.applied.append(done)
        on_progress(Progress(index + 1, total, item.migration, done.duration_ms))

    def _message(self, group: int, span: range, on_progress: Callable[[Progress], None]) -> None:
        """The transactional migrations of ``span`` in one message (messages.py)."""
        items = self._parsed[span.start : span.stop]
        total = len(self._parsed)
        last = (span.stop, items[-1].migration) if len(items) > 1 else None
        on_progress(Progress(span.start + 1, total, items[0].migration, None, last))
        message = self._ahead.message(group)
        self._send(message, span.start, on_progress, self._meanwhile(group))

    def _send(
        self,
        message: messages.Message,
        start: int,
        on_progress: Callable[[Progress], None],
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        """Send ``message`` (its first migration is number ``start``, 0-based) and take
        what it committed; on failure, raise the one line that names the failing one."""
        if not self._ahead.durable(start):
            # from now on some of it may commit without the disk flush: flushing through
            # its first row (or an earlier one) covers whatever did; a row that never
            # committed is harmless to name
            self._deferred = self._deferred or message.parts[0].parsed.migration.version
        try:
            results = run_batch(self._conn, message.statements, meanwhile=meanwhile)
        except KeyboardInterrupt:
            if self._atomic:
                raise
            rollback_if_open(self._conn)
            raise interrupted(self._conn, [p.parsed.migration for p in message.parts]) from None
        except BatchError as exc:
            index, placed = _located(message, exc)
            if not self._atomic:
                rollback_if_open(self._conn)
                self._after_failure(message, exc, index, start, on_progress)
            raise self._failure(message, exc, index, placed) from None
        if len(results) != len(message.statements) or not all(
            self._atomic or results[p.end].command_status == b"COMMIT" for p in message.parts
        ):
            raise MigrationFailed(
                f"the server answered {len(results)} result(s) for the "
                f"{len(message.statements)} statements of the message carrying "
                f"{names([p.parsed.migration.filename for p in message.parts])}: it read the "
                "SQL differently from supatools; each "
                "migration was applied whole or not at all: check supatools migrate --status"
            )
        self._committed(start, message.parts, results, on_progress)

    def _after_failure(
        self,
        message: messages.Message,
        exc: BatchError,
        index: int,
        start: int,
        on_progress: Callable[[Progress], None],
    ) -> None:
        """Take what a failed message committed. When the server's parser refused the
        whole message at a later migration (a syntax newer than the server), none of it
        ran: the migrations before that one are sent again on their own, as they would
        have run with one message each."""
        failed = message.parts.index(message.part_at(index))
        if failed > 0 and exc.index == 0 and not exc.results and not lost(exc.error):
            before = tuple(p.parsed for p in message.parts[:failed])
            again = messages.build(before, self._prefix, self._ahead.record, durable_last=False)
            self._send(again, start, on_progress)
            return
        done = [p for p in message.parts if p.done_by(exc.index)]
        self._committed(start, done, exc.results, on_progress)

    def _committed(
        self,
        start: int,
        parts: Sequence[messages.Part],
        results: Sequence[pq.abc.PGresult],
        on_progress: Callable[[Progress], None],
    ) -> None:
        """Take ``parts`` (the first of them migration ``start``, 0-based) as applied,
        each with the duration the server measured, then say so."""
        if not parts:
            return
        index = start + len(parts) - 1
        self._deferred = None if self._ahead.durable(index) else parts[-1].parsed.migration.version
        done: list[AppliedMigration] = []
        for part in parts:
            migration = part.parsed.migration
            done.append(
                AppliedMigration(
                    migration.version,
                    migration.name,
                    migration.filename,
                    len(part.parsed.statements),
                    _duration(results, part.record),
                    False,
                )
            )
        self.applied += done
        total = len(self._parsed)
        for offset, applied in enumerate(done):
            migration = parts[offset].parsed.migration
            on_progress(Progress(start + offset + 1, total, migration, applied.duration_ms))

    def _failure(
        self, message: messages.Message, exc: BatchError, index: int, placed: bool
    ) -> Exception:
        """The failing migration of ``message`` (statement ``index`` failed), its
        statement and place, in one line; the server's error position only when
        ``placed`` (:func:`_located`)."""
        if len(message.parts) > 1 and lost(exc.error) and not self._atomic:
            return connection_lost([p.parsed.migration for p in message.parts], exc.error)
        part = message.part_at(index)
        parsed = part.parsed
        own = index - part.first
        failed = parsed.statements[own] if 0 <= own < len(parsed.statements) else None
        position = position_in(message.statements, index, exc.error) if placed else None
        return failure(parsed, failed, 0, exc.error, position, self._atomic)

    def _meanwhile(self, group: int) -> Callable[[], None]:
        """While the server runs message ``group``: build the next one, and the first
        time, the caller's idle work."""
        idle = self._idle
        if idle is None:
            return functools.partial(self._ahead.prepare, group + 1)
        self._idle = None

        def both() -> None:
            self._ahead.prepare(group + 1)
            with contextlib.suppress(Exception):
                idle()

        return both

    def stopped(self) -> None:
        """Whatever stopped the run (a migration, Ctrl-C, a progress line that could not
        be written, a hook): ``--atomic`` is rolled back, else what it applied is made
        durable before it ends."""
        if self._atomic:
            rollback_if_open(self._conn)
        elif self._deferred is not None and not self._conn.broken:
            with contextlib.suppress(Exception):  # the first failure is the news
                make_durable(self._conn, self._deferred)


def _located(message: messages.Message, exc: BatchError) -> tuple[int, bool]:
    """The statement of ``message`` that failed, and whether the server's error position
    may place the error in it. The statement is the count of results before the error,
    or where the position points when nothing ran (the server refused the whole message
    while parsing it). A position pointing elsewhere is not trusted: for an error in a
    function's body the server finds the body's text anywhere in the message."""
    at = statement_at(message.statements, exc.error)
    if at is None:
        return exc.index, True  # no statement position: position_in reads the body's
    if at == exc.index or (exc.index == 0 and not exc.results):
        return at, True
    return exc.index, False


def _duration(results: Sequence[pq.abc.PGresult], index: int) -> int:
    """The duration a history insert returned (milliseconds; 0 if it did not)."""
    if index < len(results):
        value = results[index].get_value(0, 0) if results[index].ntuples else None
        if value is not None:
            return int(value)
    return 0
