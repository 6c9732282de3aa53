"""Run migrations: each atomically with its history rows, under one advisory lock.

The engine of ``migrate``: the use case's gates come in as callables (:class:`Gates`), the
way alembic's runtime takes ``fn=`` and ``on_version_apply``: a prelude check riding in
the first round trip with the session settings, an after-apply hook (the seed, notes on
what was applied) and a verdict, called inside the ``--atomic`` transaction before its
COMMIT (a failing verdict rolls the run back).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from supatools import db
from supatools.errors import MigrationFailed, MigrationFileError, UsageError
from supatools.migrations import files, history
from supatools.migrations import plan as planning
from supatools.migrations.parsing import EarlyParser, parse_all
from supatools.migrations.results import (
    AppliedMigration,
    MigrateResult,
    Progress,
    ProgressCallback,
    _noop,
)
from supatools.migrations.runner import Run
from supatools.migrations.session import (
    BatchError,
    open_connection,
    run_batch,
    session_settings_sql,
)
from supatools.migrations.statements import ParsedMigration
from supatools.redact import show_url
from supatools.settings import Settings

if TYPE_CHECKING:
    from supatools.db import Conn
    from supatools.locks import Effect
    from supatools.migrations.seed import Seeded
    from supatools.rls.audit import AuditResult

__all__ = [
    "AppliedMigration",
    "EarlyParser",
    "Gates",
    "Watch",
    "MigrateResult",
    "Progress",
    "ProgressCallback",
    "dry_run",
    "migrate",
    "parse_all",
    "select_file",
    "status",
    "table_sizes",
]


class PreludeFacts(Protocol):
    """What the prelude check learnt; the run needs only what the history looks like."""

    @property
    def history(self) -> history.Presence: ...


@dataclass(frozen=True)
class HistoryOnly:
    """The prelude's answer when the use case brings no check of its own."""

    history: history.Presence


def history_prelude(conn: Conn, prefix: list[str]) -> HistoryOnly:
    """The default prelude: the session settings and the history's presence, one round
    trip."""
    got = db.batch(conn, [*prefix, history.PRESENCE])
    return HistoryOnly(history.presence_from(got[-1][0]))


@dataclass(frozen=True)
class AfterApply:
    """What the after-apply hook is told: the migrations this run applied (in order),
    whether the history was empty before it (a fresh database), and whether the run is
    one ``--atomic`` transaction (still open)."""

    applied: tuple[ParsedMigration, ...]
    fresh: bool
    atomic: bool


@dataclass(frozen=True)
class Watch:
    """Statements that ride with the run's migration lock at no extra round trip:
    ``check`` in the round trip that takes it (after the history's DDL and read; their
    rows go to ``seen``, which says whether the database is as the last run left it),
    ``record`` in the one that releases it (see :func:`supatools.db.migration_lock`), or
    ``touch`` instead when ``seen`` said so and the run cannot have changed anything (no
    migration was pending, no seed applied, no failure): the cheaper statement for the
    same record."""

    check: Sequence[db.Query]
    seen: Callable[[list[list[tuple[Any, ...]]]], bool]
    record: Sequence[db.Query]
    touch: Sequence[db.Query] | None = None


@dataclass(frozen=True)
class Gates:
    """The use case's part of a run, as callables (none: the engine alone).

    ``prelude(conn, prefix)`` sends the session settings ``prefix`` first and its checks
    with them, in one round trip; it may raise to refuse the run before the lock.
    ``after_apply(conn, what)`` runs after the last migration, in the run's transaction
    under ``--atomic``; it returns the seed it applied, if any. ``verdict(conn)`` runs
    last, inside the ``--atomic`` transaction before COMMIT: a result that is not ``ok``
    rolls an ``--atomic`` run back. Both results are carried into :class:`MigrateResult`.
    ``watch`` rides with the lock (:class:`Watch`). ``meanwhile()`` runs once while the
    server works on the run's first message of migrations, the client otherwise idle: it loads what
    the hooks after the run need (the audit's modules), so that the run's tail does not
    wait for it; its errors are ignored (the hook that needs it meets them again).
    """

    prelude: Callable[[Conn, list[str]], PreludeFacts] = history_prelude
    after_apply: Callable[[Conn, AfterApply], Seeded | None] | None = None
    verdict: Callable[[Conn], AuditResult] | None = None
    watch: Watch | None = None
    meanwhile: Callable[[], object] | None = None


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
    gates: Gates | None = None,
    on_progress: ProgressCallback = _noop,
    on_warning: Callable[[str], None] = lambda _: None,
    local: list[files.MigrationFile] | None = None,
) -> MigrateResult:
    """Apply every pending migration (or only ``only``), then the ``gates``' hooks. With
    ``atomic`` everything runs in one transaction, committed only when the verdict is ok.
    ``local``: the folder's files when the caller has read them already (they carry their
    text: the run applies what was read)."""
    if local is None:
        local = files.discover(settings.migrations_dir, on_warning)
    chosen = select_file(local, only)
    early = EarlyParser(local, settings.strict)
    conn = None
    try:
        conn = open_connection(settings, url, show_url(url), "supatools migrate", deferred=True)
        with db.translated("migrating"):
            return _migrate_on(
                conn,
                settings,
                url,
                local,
                chosen,
                include_all,
                atomic,
                gates or Gates(),
                on_progress,
                on_warning,
                early,
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
    gates: Gates,
    on_progress: ProgressCallback,
    on_warning: Callable[[str], None],
    early: EarlyParser,
) -> MigrateResult:
    # round trips decide the time over the internet: the session settings ride with the
    # first checks, and the history's DDL and read with the lock
    prefix = session_settings_sql(conn, settings)
    facts = gates.prelude(conn, prefix)
    then: list[db.Query] = [
        *history.ensure_statements(facts.history),
        history.read_query(history.COMPLETE),
    ]
    watch = gates.watch
    #: the database as the last run left it, and this run can have changed nothing: no
    #: migration was pending (a failing one may have committed part of itself), no seed
    #: applied, no failure after the plan
    as_left = False

    def release() -> Sequence[db.Query]:
        if watch is None:
            return ()
        return watch.touch if as_left and watch.touch is not None else watch.record

    with db.migration_lock(
        conn,
        settings.lock_wait_timeout,
        settings.lock_timeout,
        then=[*then, *(watch.check if watch else ())],
        release=release,
    ) as got:
        rows = history.rows_from(got[len(then) - 1])
        if watch is not None:
            as_left = watch.seen(got[len(then) :])
        the_plan = planning.build(local, rows, only=chosen, include_all=include_all)
        as_left = as_left and not the_plan.pending
        parsed = early.take(the_plan.pending, on_warning)
        if atomic:
            _refuse_no_transaction(parsed)
        atomic_xid = _begin_atomic(conn) if atomic else None
        run = Run(conn, parsed, prefix, atomic, idle=gates.meanwhile)
        try:
            run.apply_all(on_progress)
            seeded = None
            if gates.after_apply is not None:
                done = AfterApply(parsed[: len(run.applied)], not rows, atomic)
                seeded = gates.after_apply(conn, done)
                as_left = as_left and seeded is None
            verdict = gates.verdict(conn) if gates.verdict is not None else None
            rolled_back = atomic and _end_atomic(conn, atomic_xid, verdict, run.applied)
        except BaseException:
            as_left = False
            run.stopped()
            raise
    return MigrateResult(
        "apply",
        show_url(url),
        the_plan,
        tuple(run.applied),
        parsed,
        verdict,
        rolled_back,
        settings.migrations_dir,
        seeded,
    )


def _refuse_no_transaction(parsed: tuple[ParsedMigration, ...]) -> None:
    refused = [p.migration.filename for p in parsed if p.migration.no_transaction]
    if refused:
        raise MigrationFileError(
            "--atomic cannot include no-transaction migrations "
            f"({', '.join(refused)}); apply them in a run without --atomic"
        )


def _end_atomic(
    conn: Conn, xid: str | None, verdict: AuditResult | None, applied: list[AppliedMigration]
) -> bool:
    """COMMIT the ``--atomic`` transaction, or ROLLBACK it when the verdict is not ok
    (then True)."""
    _check_atomic_intact(conn, xid)
    if verdict is not None and not verdict.ok:
        run_batch(conn, ["ROLLBACK"])
        _check_rolled_back(conn, applied)
        return True
    try:
        run_batch(conn, ["COMMIT"])
    except BatchError as exc:
        raise MigrationFailed(
            f"COMMIT of the --atomic run failed: {' '.join(str(exc).split())}; nothing was applied"
        ) from None
    return False


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
    SQL of each pending migration and the locks it takes on existing tables with their
    live sizes (the use case adds the lint findings). ``local`` as for :func:`migrate`."""
    if local is None:
        local = files.discover(settings.migrations_dir, on_warning)
    chosen = select_file(local, only)
    conn = open_connection(settings, url, show_url(url), "supatools dry-run")
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
    return MigrateResult(
        "dry-run",
        show_url(url),
        the_plan,
        (),
        parsed,
        folder=settings.migrations_dir,
        locks=locks,
        sizes=sizes,
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
    conn = open_connection(settings, url, show_url(url), "supatools status")
    try:
        with db.translated("reading migration history"):
            rows = history.read(conn)
    finally:
        conn.close()
    return planning.status(local, rows)
