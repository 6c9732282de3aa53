"""Apply one migration with its history rows: a transactional one as one message, a
no-transaction one statement by statement; the next message built while the server works."""

from __future__ import annotations

import contextlib
import functools
import getpass
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from supatools import __version__
from supatools.errors import MigrationFileError
from supatools.migrations import history
from supatools.migrations.failures import failure, interrupted
from supatools.migrations.results import AppliedMigration, Progress
from supatools.migrations.session import (
    RESET_IDENTITY,
    BatchError,
    OwnTransactions,
    position_in,
    rollback_if_open,
    run_batch,
)
from supatools.migrations.statements import ParsedMigration

if TYPE_CHECKING:
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


#: a transactional migration that is not the run's last commits without waiting for its
#: WAL to reach disk: the run's last commit (synchronous, as the session's default) flushes
#: the WAL of every earlier one with its own, so a run pays for one flush instead of one per
#: migration. A server crash in between loses only a tail of whole migrations together
#: with their history rows, never part of one (PostgreSQL, "Asynchronous Commit").
DEFER_FLUSH = "SET synchronous_commit = off"


@dataclass(frozen=True)
class Batch:
    """The one message of a transactional migration: its ``statements``, the migration's
    own starting at index ``first``."""

    statements: list[str]
    first: int


def transactional_batch(
    conn: Conn,
    parsed: ParsedMigration,
    prefix: list[str],
    *,
    in_transaction: bool = False,
    durable: bool = True,
    record: history.Recorder | None = None,
) -> Batch:
    """Session settings (``prefix``), BEGIN, the statements, both history inserts, COMMIT.

    With ``in_transaction`` (``--atomic``) the caller owns the transaction: no BEGIN or
    COMMIT. Without ``durable`` the commit does not wait for the disk (:data:`DEFER_FLUSH`).
    The history rows are written as the connecting role, whatever role the migration
    switched to; ``record`` is the run's :func:`recorder`.
    """
    texts = [s.text for s in parsed.statements]
    rows = (record or recorder(conn)).sql(parsed.migration, texts)
    if in_transaction:
        return Batch([*prefix, *texts, *RESET_IDENTITY, rows], len(prefix))
    if not durable:
        return Batch(
            [*prefix, DEFER_FLUSH, "BEGIN", *texts, *RESET_IDENTITY, rows, "COMMIT"],
            len(prefix) + 2,
        )
    return Batch([*prefix, "BEGIN", *texts, *RESET_IDENTITY, rows, "COMMIT"], len(prefix) + 1)


def apply_one(
    conn: Conn,
    parsed: ParsedMigration,
    prefix: list[str],
    *,
    in_transaction: bool = False,
    durable: bool = True,
    batch: Batch | None = None,
    meanwhile: Callable[[], object] | None = None,
    record: history.Recorder | None = None,
) -> AppliedMigration:
    """Apply one migration with its history rows, atomically unless it is no-transaction.

    A transactional migration travels as one message (:func:`transactional_batch`, or
    ``batch`` when the caller built it ahead); ``meanwhile`` runs while the server works
    on it (the caller prepares the next one). Without ``durable`` its commit does not wait
    for the disk; the caller makes it durable with a later synchronous commit or
    :func:`make_durable`. ``record``: the run's :func:`recorder`.
    """
    migration = parsed.migration
    count = len(parsed.statements)
    started = time.perf_counter()
    if migration.no_transaction:
        _apply_statement_by_statement(conn, parsed, prefix, started, record)
    else:
        if batch is None:
            batch = transactional_batch(
                conn, parsed, prefix, in_transaction=in_transaction, durable=durable, record=record
            )
        try:
            run_batch(conn, batch.statements, meanwhile=meanwhile)
        except KeyboardInterrupt:
            if not in_transaction:
                rollback_if_open(conn)
                raise interrupted(conn, migration) from None
            raise
        except BatchError as exc:
            if not in_transaction:
                rollback_if_open(conn)
            index = exc.index - batch.first
            failed = parsed.statements[index] if 0 <= index < count else None
            position = position_in(batch.statements, exc.index, exc.error)
            raise failure(parsed, failed, 0, exc.error, position, in_transaction) from None
    return AppliedMigration(
        migration.version,
        migration.name,
        migration.filename,
        count,
        int((time.perf_counter() - started) * 1000),
        migration.no_transaction,
    )


def _apply_statement_by_statement(
    conn: Conn,
    parsed: ParsedMigration,
    prefix: list[str],
    started: float,
    record: history.Recorder | None,
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
    rows = (record or recorder(conn)).sql(migration, texts, elapsed)
    run_batch(conn, [*RESET_IDENTITY, "BEGIN", rows, "COMMIT"])


class _Ahead:
    """The next migration's message, built while the server runs the current one: the
    client's share of a migration (its history rows, the message text) overlaps the
    server's instead of following it. Best effort: a batch that could not be built ahead
    is built again, and fails, in its turn."""

    def __init__(
        self, conn: Conn, parsed: tuple[ParsedMigration, ...], prefix: list[str], atomic: bool
    ) -> None:
        self._conn, self._parsed, self._prefix, self._atomic = conn, parsed, prefix, atomic
        self._ready: dict[int, Batch] = {}
        self.record = recorder(conn)

    def durable(self, index: int) -> bool:
        """Whether migration ``index`` (0-based) commits synchronously: the run's last,
        every no-transaction one, and all of ``--atomic`` (one transaction)."""
        item = self._parsed[index]
        return self._atomic or index == len(self._parsed) - 1 or item.migration.no_transaction

    def prepare(self, index: int) -> None:
        if index >= len(self._parsed) or self._parsed[index].migration.no_transaction:
            return
        with contextlib.suppress(Exception):
            self._ready[index] = transactional_batch(
                self._conn,
                self._parsed[index],
                self._prefix,
                in_transaction=self._atomic,
                durable=self.durable(index),
                record=self.record,
            )

    def take(self, index: int) -> Batch | None:
        return self._ready.pop(index, None)


def make_durable(conn: Conn, version: str) -> None:
    """Flush the WAL of the run's earlier commits made without waiting for the disk
    (:data:`DEFER_FLUSH`): a synchronous commit that writes WAL flushes all WAL before
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
        #: the first transactional migration (see apply.Gates.meanwhile)
        self._idle = idle
        self.applied: list[AppliedMigration] = []
        #: the newest migration committed without waiting for the disk, until a
        #: synchronous commit makes it durable
        self._deferred: str | None = None
        self._ahead = _Ahead(conn, parsed, prefix, atomic)

    def apply_all(self, on_progress: Callable[[Progress], None]) -> None:
        total = len(self._parsed)
        ahead = self._ahead
        for index, item in enumerate(self._parsed, start=1):
            on_progress(Progress(index, total, item.migration, None))
            durable = ahead.durable(index - 1)
            try:
                done = apply_one(
                    self._conn,
                    item,
                    self._prefix,
                    in_transaction=self._atomic,
                    durable=durable,
                    batch=ahead.take(index - 1),
                    meanwhile=self._meanwhile(index),
                    record=ahead.record,
                )
            except BaseException:
                # a Ctrl-C may come after this migration's own commit: flushing
                # through its row (or an earlier one) covers it and everything before
                self._deferred = self._deferred or (None if durable else item.migration.version)
                raise
            self._deferred = None if durable else item.migration.version
            self.applied.append(done)
            on_progress(Progress(index, total, item.migration, done.duration_ms))

    def _meanwhile(self, index: int) -> Callable[[], None]:
        """While the server runs migration ``index`` (1-based): build the next message,
        and the first time, the caller's idle work."""
        idle = self._idle
        if idle is None or self._parsed[index - 1].migration.no_transaction:
            return functools.partial(self._ahead.prepare, index)
        self._idle = None

        def both() -> None:
            self._ahead.prepare(index)
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
