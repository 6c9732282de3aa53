"""Run migrations: each atomically with its history rows, under one advisory lock."""

from __future__ import annotations

import contextlib
import functools
import getpass
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from supatools import __version__, db
from supatools.errors import (
    ConfigError,
    ConnectError,
    EnvironmentFailure,
    MigrationFailed,
    MigrationFileError,
    PlanRefused,
    UsageError,
)
from supatools.migrations import files, history
from supatools.migrations import plan as planning
from supatools.migrations.session import (
    READ_ONLY,
    RESET_IDENTITY,
    TO_PRIMARY,
    BatchError,
    OwnTransactions,
    open_connection,
    position_in,
    refuse_read_only,
    rollback_if_open,
    run_batch,
    session_settings_sql,
)
from supatools.migrations.statements import ParsedMigration, Statement, line_col, parse
from supatools.settings import Settings, redact_url

if TYPE_CHECKING:
    import psycopg

    from supatools.lint import LintFinding
    from supatools.locks import Effect
    from supatools.migrations.seed import Seeded, SeedStatement
    from supatools.rls.audit import AuditResult

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
    audit: AuditResult | None = None
    rolled_back: bool = False  # --atomic run undone because the audit failed
    folder: Path = Path("migrations")  # the migrations folder the run read
    seeded: Seeded | None = None  # the seed applied after the migrations, if any
    #: --dry-run: what each pending migration locks, by version: (line, effect)
    locks: dict[str, list[tuple[int, Effect]]] = field(default_factory=dict)
    #: --dry-run: live (row estimate, total bytes) of the tables those touch
    sizes: dict[str, tuple[float, int]] = field(default_factory=dict)
    #: --dry-run: lint findings of the pending files
    lint: tuple[LintFinding, ...] = ()


ProgressCallback = Callable[[Progress], None]


def _noop(_: Progress) -> None:
    return None


@functools.cache
def _who() -> str:
    """``user@host`` for applied_by; the same for every migration of a run."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def parse_all(
    pending: tuple[files.MigrationFile, ...],
    on_warning: Callable[[str], None] | None = None,
    strict: bool = False,
) -> tuple[ParsedMigration, ...]:
    """Parse every pending migration before anything runs; say each notice."""
    parsed = tuple(parse(m, strict) for m in pending)
    for item in parsed:
        if item.notice and on_warning is not None:
            on_warning(item.notice)
    return parsed


class EarlyParser:
    """Parses the local files newest first on a thread of its own while the run connects,
    checks and takes the lock (waits on the network, with the GIL released), so that the
    pending files, usually the newest, are parsed when the plan is known. ``take`` then
    stops it and parses what it did not reach, reporting notices and errors of the
    pending files in their order, exactly as :func:`parse_all` does."""

    def __init__(self, local: list[files.MigrationFile], strict: bool) -> None:
        import threading

        self._strict = strict
        self._done: dict[str, ParsedMigration | Exception] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(list(reversed(local)),), name="supatools-parse", daemon=True
        )
        self._thread.start()

    def _run(self, newest_first: list[files.MigrationFile]) -> None:
        for migration in newest_first:
            if self._stop.is_set():
                return
            try:
                self._done[migration.version] = parse(migration, self._strict)
            except Exception as exc:  # kept for take(): only a pending file's error counts
                self._done[migration.version] = exc

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def take(
        self,
        pending: tuple[files.MigrationFile, ...],
        on_warning: Callable[[str], None] | None = None,
    ) -> tuple[ParsedMigration, ...]:
        self.stop()
        parsed: list[ParsedMigration] = []
        for migration in pending:
            done = self._done.get(migration.version)
            if done is None or (
                isinstance(done, ParsedMigration) and done.migration.path != migration.path
            ):
                done = parse(migration, self._strict)
            if isinstance(done, Exception):
                raise done
            parsed.append(done)
        for item in parsed:
            if item.notice and on_warning is not None:
                on_warning(item.notice)
        return tuple(parsed)


def _failure(
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
    if db.connection_lost(exc) or not isinstance(exc, psycopg.Error):
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
) -> Batch:
    """Session settings (``prefix``), BEGIN, the statements, both history inserts, COMMIT.

    With ``in_transaction`` (``--atomic``) the caller owns the transaction: no BEGIN or
    COMMIT. Without ``durable`` the commit does not wait for the disk (:data:`DEFER_FLUSH`).
    The history rows are written as the connecting role, whatever role the migration
    switched to.
    """
    texts = [s.text for s in parsed.statements]
    record = history.record_sql(
        conn, parsed.migration, texts, applied_by=_who(), tool_version=__version__
    )
    if in_transaction:
        return Batch([*prefix, *texts, *RESET_IDENTITY, record], len(prefix))
    if not durable:
        prefix = [*prefix, DEFER_FLUSH]
    return Batch([*prefix, "BEGIN", *texts, *RESET_IDENTITY, record, "COMMIT"], len(prefix) + 1)


def apply_one(
    conn: Conn,
    parsed: ParsedMigration,
    prefix: list[str],
    *,
    in_transaction: bool = False,
    durable: bool = True,
    batch: Batch | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> AppliedMigration:
    """Apply one migration with its history rows, atomically unless it is no-transaction.

    A transactional migration travels as one message (:func:`transactional_batch`, or
    ``batch`` when the caller built it ahead); ``meanwhile`` runs while the server works
    on it (the caller prepares the next one). Without ``durable`` its commit does not wait
    for the disk; the caller makes it durable with a later synchronous commit or
    :func:`make_durable`.
    """
    migration = parsed.migration
    texts = [s.text for s in parsed.statements]
    started = time.perf_counter()
    who = _who()
    if migration.no_transaction:
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
                raise _failure(
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
        record = history.record_sql(
            conn, migration, texts, applied_by=who, tool_version=__version__, duration_ms=elapsed
        )
        run_batch(conn, [*RESET_IDENTITY, "BEGIN", record, "COMMIT"])
    else:
        if batch is None:
            batch = transactional_batch(
                conn, parsed, prefix, in_transaction=in_transaction, durable=durable
            )
        try:
            run_batch(conn, batch.statements, meanwhile=meanwhile)
        except KeyboardInterrupt:
            if not in_transaction:
                rollback_if_open(conn)
                raise _interrupted(conn, migration) from None
            raise
        except BatchError as exc:
            if not in_transaction:
                rollback_if_open(conn)
            index = exc.index - batch.first
            failed = parsed.statements[index] if 0 <= index < len(texts) else None
            position = position_in(batch.statements, exc.index, exc.error)
            raise _failure(parsed, failed, 0, exc.error, position, in_transaction) from None
    return AppliedMigration(
        migration.version,
        migration.name,
        migration.filename,
        len(texts),
        int((time.perf_counter() - started) * 1000),
        migration.no_transaction,
    )


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


def _interrupted(conn: Conn, migration: files.MigrationFile) -> EnvironmentFailure:
    """Ctrl-C during a migration: say what happened to it, after checking the history."""
    try:
        recorded = history.count_recorded(conn, [migration.version])
    except Exception:
        return EnvironmentFailure(
            f"interrupted while applying {migration.filename}; it was applied whole or not "
            "at all: check supatools migrate --status"
        )
    if recorded:
        return EnvironmentFailure(
            f"interrupted; {migration.filename} had already been committed and is recorded; "
            "run migrate again for the rest"
        )
    return EnvironmentFailure(
        f"interrupted; {migration.filename} was cancelled and rolled back, nothing of it "
        "applied; run migrate again"
    )


def select_file(
    local: list[files.MigrationFile], reference: str | None
) -> files.MigrationFile | None:
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
    atomic: bool = False,
    verify: bool = True,
    fail_on: str = "error",
    on_progress: ProgressCallback = _noop,
    on_warning: Callable[[str], None] = lambda _: None,
    local: list[files.MigrationFile] | None = None,
    seed_statements: list[SeedStatement] | None = None,
) -> MigrateResult:
    """Apply every pending migration (or only ``only``), then audit RLS (unless not
    ``verify``). With ``atomic`` everything runs in one transaction that is committed only
    when the audit passes. ``local``: the folder's files when the caller has read them
    already (they carry their text: the run applies what was read); ``seed_statements``
    likewise for the seed (:func:`supatools.migrations.seed.read`)."""
    from supatools import preflight

    if local is None:
        local = files.discover(settings.migrations_dir, on_warning)
    chosen = select_file(local, only)
    for check in preflight.check_db_url(url, settings.db_url_source):
        if check.status == preflight.FAIL:
            error = ConfigError if check.id == "db_url" else PlanRefused
            raise error(f"{check.detail}; {check.hint}")
    early = EarlyParser(local, settings.strict)
    conn = None
    try:
        conn = open_connection(settings, url, redact_url(url), "supatools migrate", deferred=True)
        with db.translated("migrating"):
            return _migrate_on(
                conn,
                settings,
                url,
                local,
                chosen,
                include_all,
                atomic,
                verify,
                fail_on,
                on_progress,
                on_warning,
                early,
                seed_statements,
            )
    finally:
        early.stop()
        if conn is not None:
            conn.close()


def _migrate_on(
    conn: Conn,
    settings: Settings,
    url: str,
    local: list[files.MigrationFile],
    chosen: files.MigrationFile | None,
    include_all: bool,
    atomic: bool,
    verify: bool,
    fail_on: str,
    on_progress: ProgressCallback,
    on_warning: Callable[[str], None],
    early: EarlyParser,
    seed_statements: list[SeedStatement] | None = None,
) -> MigrateResult:
    from supatools import preflight

    # round trips decide the time over the internet: the session settings ride with the
    # first checks, and the history's DDL and read with the lock
    prefix = session_settings_sql(conn, settings)
    facts = preflight.database_facts(conn, settings, full=True, prelude=prefix)
    for check in facts.checks:
        if check.status == preflight.FAIL and check.id in preflight.BLOCKS_MIGRATE:
            refuse_read_only(conn)
            raise PlanRefused(f"preflight {check.id}: {check.detail}; {check.hint}")
        if check.status in (preflight.FAIL, preflight.WARN):
            # grant problems only warn here: the migration itself may be the fix
            on_warning(f"preflight {check.id}: {check.detail}; fix: {check.hint}")
    with db.migration_lock(
        conn,
        settings.lock_wait_timeout,
        settings.lock_timeout,
        then=[*history.ensure_statements(facts.history), history.read_query(history.COMPLETE)],
    ) as got:
        rows = history.rows_from(got[-1])
        the_plan = planning.build(local, rows, only=chosen, include_all=include_all)
        parsed = early.take(the_plan.pending, on_warning)
        if atomic:
            refused = [p.migration.filename for p in parsed if p.migration.no_transaction]
            if refused:
                raise MigrationFileError(
                    "--atomic cannot include no-transaction migrations "
                    f"({', '.join(refused)}); apply them in a run without --atomic"
                )
        applied: list[AppliedMigration] = []
        total = len(parsed)
        audit_result = None
        rolled_back = False
        seeded = None
        atomic_xid = _begin_atomic(conn) if atomic else None
        #: the newest migration committed without waiting for the disk, until a
        #: synchronous commit makes it durable
        deferred: str | None = None
        ahead = _Ahead(conn, parsed, prefix, atomic)
        try:
            for index, item in enumerate(parsed, start=1):
                on_progress(Progress(index, total, item.migration, None))
                durable = ahead.durable(index - 1)
                try:
                    done = apply_one(
                        conn,
                        item,
                        prefix,
                        in_transaction=atomic,
                        durable=durable,
                        batch=ahead.take(index - 1),
                        meanwhile=functools.partial(ahead.prepare, index),
                    )
                except BaseException:
                    # a Ctrl-C may come after this migration's own commit: flushing
                    # through its row (or an earlier one) covers it and everything before
                    deferred = deferred or (None if durable else item.migration.version)
                    raise
                deferred = None if durable else item.migration.version
                applied.append(done)
                on_progress(Progress(index, total, item.migration, done.duration_ms))
            for message in _standins_created(conn, parsed[: len(applied)]):
                on_warning(message)
            # the seed: with --seed, or on a fresh local database (as `supabase start`)
            fresh_local = settings.local and not rows and bool(applied)
            if settings.seed_files and (settings.seed or fresh_local):
                from supatools.migrations import seed

                seeded = seed.apply(
                    conn, settings.seed_files, in_transaction=atomic, statements=seed_statements
                )
            if verify:
                from supatools.rls.audit import audit

                audit_result = audit(
                    conn, settings, fail_on, known=(facts.schemas, facts.schemas_source)
                )
            if atomic:
                _check_atomic_intact(conn, atomic_xid)
                if audit_result is not None and not audit_result.ok:
                    run_batch(conn, ["ROLLBACK"])
                    _check_rolled_back(conn, applied)
                    rolled_back = True
                else:
                    try:
                        run_batch(conn, ["COMMIT"])
                    except BatchError as exc:
                        raise MigrationFailed(
                            f"COMMIT of the --atomic run failed: {' '.join(str(exc).split())}; "
                            "nothing was applied"
                        ) from None
        except BaseException:
            if atomic:
                rollback_if_open(conn)
            elif deferred is not None and not conn.broken:
                # whatever stopped the run (a migration, Ctrl-C, a progress line that
                # could not be written), what it applied is made durable before it ends
                with contextlib.suppress(Exception):  # the first failure is the news
                    make_durable(conn, deferred)
            raise
    return MigrateResult(
        "apply",
        redact_url(url),
        the_plan,
        tuple(applied),
        parsed,
        audit_result,
        rolled_back,
        settings.migrations_dir,
        seeded,
    )


_CREATE_EXTENSION = re.compile(
    r'create\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[\w$-]+)', re.IGNORECASE
)


#: calls that reach an extension supatools may stand in for, by extension: a run whose
#: migrations call them on a server where that extension is a stand-in says so. One
#: pattern with a group per extension: one search per statement.
_STANDIN_CALL = re.compile(
    r"(?P<pgcrypto>\b(?:crypt|gen_salt|pgp_sym_(?:en|de)crypt\w*|armor|dearmor)\s*\()"
    r"|(?P<uuid_ossp>\buuid_generate_v5\s*\()"
    r"|(?P<pg_cron>\bcron\.\w+\s*\()"
    r"|(?P<pg_net>\bnet\.http_\w+\s*\()"
    r"|(?P<http>\bhttp(?:_get|_post|_put|_patch|_delete|_head)?\s*\()"
    r"|(?P<supabase_vault>\bvault\.\w+)"
    r"|(?P<pg_graphql>\bgraphql(?:_public)?\.\w+\s*\()",
    re.IGNORECASE,
)


#: substrings every match of _STANDIN_CALL contains (a cheap test first)
_STANDIN_KEYS = (
    "crypt",
    "gen_salt",
    "armor",
    "uuid_generate_v5",
    "cron.",
    "net.",
    "http",
    "vault.",
    "graphql",
)


def _standins_created(conn: Conn, parsed: tuple[ParsedMigration, ...]) -> list[str]:
    """A line for each stand-in extension the run created or called into (on the local
    server, pgcrypto's crypt() is not bcrypt, pg_net sends nothing, ...): what works and
    what does not. One query, only when the run created or called such an extension."""
    used: dict[str, str] = {}
    for item in parsed:
        for stmt in item.statements:
            match = _CREATE_EXTENSION.match(stmt.text)
            if match:
                name = match.group(1)
                name = name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()
                used.setdefault(name, f"{item.migration.filename}:{stmt.line}")
                continue
            low = stmt.text.lower()
            if not any(key in low for key in _STANDIN_KEYS):
                continue  # most statements: no regex at all
            for found in _STANDIN_CALL.finditer(stmt.text):
                extension = str(found.lastgroup).replace("uuid_ossp", "uuid-ossp")
                used.setdefault(extension, f"{item.migration.filename}:{stmt.line}")
    if not used:
        return []
    from supatools.local import STANDIN_MARK

    rows = conn.execute(
        "SELECT e.extname, a.comment FROM pg_extension e "
        "JOIN pg_available_extensions a ON a.name = e.extname "
        "WHERE e.extname = ANY(%s) AND starts_with(a.comment, %s) ORDER BY 1",
        (list(used), STANDIN_MARK),
    ).fetchall()
    return [
        f"{used[str(name)]}: {name} is a stand-in on this server "
        f"({str(comment).split(':', 1)[-1].strip()})"
        for name, comment in rows
    ]


def _begin_atomic(conn: Conn) -> str:
    """Open the ``--atomic`` transaction; its id, to prove later it is still the same one."""
    run_batch(conn, ["BEGIN"])
    return db.transaction_id(conn)


def _check_atomic_intact(conn: Conn, xid: str | None) -> None:
    """Refuse to claim anything about the ``--atomic`` transaction unless it is still open
    and still the one supatools began."""
    from psycopg import pq

    status = conn.info.transaction_status
    current = None
    if status == pq.TransactionStatus.INTRANS:
        current = db.transaction_id(conn)
    if current != xid:
        raise MigrationFailed(
            "the --atomic transaction was ended before supatools could decide (something "
            "inside the run committed or rolled back); what it applied may have been "
            "committed. Check supatools migrate --status and the schema before running again"
        )


def _check_rolled_back(conn: Conn, applied: list[AppliedMigration]) -> None:
    """After the ``--atomic`` ROLLBACK, prove none of its migrations is recorded."""
    recorded = history.count_recorded(conn, [a.version for a in applied])
    if recorded:
        raise MigrationFailed(
            f"the --atomic run was rolled back, yet {recorded} of its migrations are recorded "
            "as applied; check supatools migrate --status and the schema"
        )


def dry_run(
    settings: Settings,
    url: str,
    *,
    only: str | None = None,
    include_all: bool = False,
    on_warning: Callable[[str], None] | None = None,
    local: list[files.MigrationFile] | None = None,
) -> MigrateResult:
    """Read history and build the plan, writing nothing (not even the history table): the
    SQL of each pending migration, the locks it takes on existing tables with their live
    sizes, and its lint findings. ``local`` as for :func:`migrate`."""
    if local is None:
        local = files.discover(settings.migrations_dir, on_warning)
    chosen = select_file(local, only)
    conn = open_connection(settings, url, redact_url(url), "supatools dry-run")
    try:
        with db.translated("reading migration history"):
            rows = history.read(conn)
            the_plan = planning.build(local, rows, only=chosen, include_all=include_all)
            parsed = parse_all(the_plan.pending, on_warning, settings.strict)
            locks = _locks_of(parsed)
            sizes = table_sizes(
                conn, sorted({e.table for items in locks.values() for _, e in items})
            )
    finally:
        conn.close()
    from supatools.lint import lint

    pending_paths = {p.migration.path.resolve() for p in parsed}
    findings = tuple(
        lint(local, pending_paths, settings.schemas or settings.api_schemas or ("public",))
        if pending_paths
        else ()
    )
    return MigrateResult(
        "dry-run",
        redact_url(url),
        the_plan,
        (),
        parsed,
        folder=settings.migrations_dir,
        locks=locks,
        sizes=sizes,
        lint=findings,
    )


def _locks_of(parsed: tuple[ParsedMigration, ...]) -> dict[str, list[tuple[int, Effect]]]:
    """Each pending migration's table locks, from PostgreSQL's parse of each statement."""
    import json

    from pglast import parser

    from supatools.locks import effects

    found: dict[str, list[tuple[int, Effect]]] = {}
    for item in parsed:
        created: set[str] = set()
        mine: list[tuple[int, Effect]] = []
        for stmt in item.statements:
            try:
                tree = json.loads(parser.parse_sql_json(stmt.text))
            except parser.ParseError:
                continue
            for raw in tree.get("stmts", []):
                ((kind, fields),) = raw["stmt"].items()
                mine += [(stmt.line, e) for e in effects(kind, fields, created)]
        found[item.migration.version] = mine
    return found


def table_sizes(conn: Conn, tables: list[str]) -> dict[str, tuple[float, int]]:
    """(row estimate, total bytes) of the tables that exist, in one query."""
    if not tables:
        return {}
    rows = conn.execute(
        "SELECT n.nspname || '.' || c.relname, greatest(c.reltuples, 0)::float8, "
        "pg_total_relation_size(c.oid) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname || '.' || c.relname = ANY(%s) AND c.relkind IN ('r', 'p', 'm')",
        (tables,),
    ).fetchall()
    return {str(name): (float(str(count)), int(str(size))) for name, count, size in rows}


def status(
    settings: Settings,
    url: str,
    on_warning: Callable[[str], None] | None = None,
    local: list[files.MigrationFile] | None = None,
) -> tuple[planning.StatusEntry, ...]:
    """Local files and applied history side by side. ``local`` as for :func:`migrate`."""
    if local is None:
        local = files.discover(settings.migrations_dir, on_warning)
    conn = open_connection(settings, url, redact_url(url), "supatools status")
    try:
        with db.translated("reading migration history"):
            rows = history.read(conn)
    finally:
        conn.close()
    return planning.status(local, rows)
