"""``supatools rollback``: run the ``.down.sql`` of applied migrations, newest first.

Every check runs before anything does: each migration in range must have its local
file unchanged since it was applied and a down file, and a migration that ran outside
a transaction needs a down file that says so too. Then, under the same advisory lock
as ``migrate``, each down file runs in its own transaction together with the deletion
of its history rows (both tables): a rollback is recorded exactly when it happened.
The first failure stops the run with ``file:line``; the RLS gate runs after, as for
``migrate``. Before anything runs, every statement of the chosen down files that
destroys rows (DROP TABLE, DROP COLUMN, TRUNCATE, DELETE, DROP SCHEMA ... CASCADE) is
listed with the live row count of its table, and when any would take rows, the
caller's ``confirm`` must say yes (as ``restore`` asks).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from supatools import db
from supatools.errors import PlanRefused, UsageError
from supatools.migrations import files, history
from supatools.migrations import plan as planning
from supatools.migrations.failures import failure
from supatools.migrations.losses import Loss, losses
from supatools.migrations.results import AppliedMigration
from supatools.migrations.session import (
    RESET_IDENTITY,
    BatchError,
    open_connection,
    position_in,
    rollback_if_open,
    run_batch,
    session_settings_sql,
)
from supatools.migrations.statements import ParsedMigration, parse
from supatools.redact import show_url
from supatools.settings import Settings

if TYPE_CHECKING:
    from supatools.db import Conn
    from supatools.rls.audit import AuditResult


@dataclass(frozen=True)
class RollbackResult:
    """What ``rollback`` did (or, with ``dry_run``, would do), newest first."""

    mode: str  # "rollback" | "dry-run"
    database: str  # redacted
    steps: tuple[ParsedMigration, ...]  # the down files, in the order they run
    undone: tuple[AppliedMigration, ...]
    audit: AuditResult | None = None
    folder: Path = Path("migrations")
    #: the statements of the down files that destroy rows, with the live rows they touch
    losses: tuple[Loss, ...] = ()


def check_range(to: str | None, last: int | None) -> None:
    """Bad usage (exit 2) before any connection: one of --to and --last, and N >= 1."""
    if (to is None) == (last is None):
        raise UsageError("say how far back: --to VERSION or --last N (one of them, not both)")
    if last is not None and last < 1:
        raise UsageError(f"--last {last}: N is how many migrations to roll back, 1 or more")


def choose(
    local: list[files.MigrationFile],
    rows: list[history.HistoryRow],
    *,
    to: str | None,
    last: int | None,
) -> list[files.MigrationFile]:
    """The applied migrations to roll back, newest first, refusing (exit 1) anything that
    cannot be rolled back as the files say."""
    check_range(to, last)
    applied = sorted((r.version for r in rows), reverse=True)
    if to is not None:
        version = to.split("_", 1)[0]
        if version not in applied:
            raise PlanRefused(
                f"--to {to}: version {version} is not applied; see supatools migrate --status"
            )
        chosen = [v for v in applied if v > version]
    else:
        assert last is not None
        if last > len(applied):
            raise PlanRefused(f"--last {last}: {len(applied)} migration(s) are applied")
        chosen = applied[:last]
    by_version = {m.version: m for m in local}
    states = {e.version: e.state for e in planning.status(local, rows)}
    picked: list[files.MigrationFile] = []
    for version in chosen:
        migration = by_version.get(version)
        if migration is None:
            raise PlanRefused(
                f"{version} is applied but has no local file, so no rollback file either; "
                "nothing was rolled back"
            )
        if states.get(version) == planning.State.MODIFIED:
            raise PlanRefused(
                f"{migration.path} changed since it was applied: its rollback may not undo "
                "what ran; restore the file as applied (git) or roll back by hand. Nothing "
                "was rolled back"
            )
        if migration.down_path is None:
            raise PlanRefused(
                f"{migration.path} has no rollback file ({migration.version}_"
                f"{migration.name}.down.sql); write it, or roll back fewer migrations. "
                "Nothing was rolled back"
            )
        picked.append(migration)
    return picked


def read_downs(picked: list[files.MigrationFile]) -> tuple[ParsedMigration, ...]:
    """Each down file read and parsed (atomic unless it says it is not)."""
    parsed: list[ParsedMigration] = []
    for migration in picked:
        assert migration.down_path is not None
        down = files.read_migration(migration.down_path, migration.version, migration.name, None)
        # the up file ran outside a transaction by its directive or, for CONCURRENTLY
        # index builds, by supatools' own choice
        if parse(migration).migration.no_transaction and not down.no_transaction:
            raise PlanRefused(
                f"{migration.path} ran outside a transaction, and its rollback "
                f"{down.path} does not say '-- supatools:no-transaction': an index built "
                "CONCURRENTLY is dropped CONCURRENTLY, outside a transaction too. Mark the "
                "file; nothing was rolled back"
            )
        parsed.append(parse(down, strict=True))
    return tuple(parsed)


def undo_one(conn: Conn, down: ParsedMigration, settings: Settings) -> AppliedMigration:
    """Run one down file with the deletion of its history rows."""
    migration = down.migration
    texts = [s.text for s in down.statements]
    started = time.perf_counter()
    prefix = session_settings_sql(conn, settings)
    forget = history.forget_sql(conn, migration.version)
    if migration.no_transaction:
        run_batch(conn, prefix)
        for index, stmt in enumerate(down.statements):
            try:
                run_batch(conn, [stmt.text])
            except BatchError as exc:
                rollback_if_open(conn)
                raise failure(
                    down,
                    stmt,
                    index,
                    exc.error,
                    position_in([stmt.text], 0, exc.error),
                    outcome=f"{index} earlier statement(s) of this no-transaction rollback "
                    "stay applied and the migration is still recorded as applied; fix the "
                    "file and run rollback again",
                ) from None
        run_batch(conn, [*RESET_IDENTITY, "BEGIN", *forget, "COMMIT"])
    else:
        batch = [*prefix, "BEGIN", *texts, *RESET_IDENTITY, *forget, "COMMIT"]
        first = len(prefix) + 1
        try:
            run_batch(conn, batch)
        except BatchError as exc:
            rollback_if_open(conn)
            index = exc.index - first
            failed = down.statements[index] if 0 <= index < len(texts) else None
            position = position_in(batch, exc.index, exc.error)
            raise failure(
                down,
                failed,
                0,
                exc.error,
                position,
                outcome="this rollback was undone and the migration is still recorded as "
                "applied; the newer ones before it stay rolled back",
            ) from None
    return AppliedMigration(
        migration.version,
        migration.name,
        migration.filename,
        len(texts),
        int((time.perf_counter() - started) * 1000),
        migration.no_transaction,
    )


def _confirmed(
    destroyed: tuple[Loss, ...], confirm: Callable[[tuple[Loss, ...]], bool] | None
) -> None:
    """Refuse (exit 2, nothing rolled back) rows going without a yes."""
    taking = [loss for loss in destroyed if loss.touches_rows]
    if not taking or (confirm is not None and confirm(destroyed)):
        return
    tables = sorted({loss.table for loss in taking})
    raise UsageError(
        f"the rollback destroys rows of {len(tables)} table(s) ({', '.join(tables[:3])}"
        f"{' ...' if len(tables) > 3 else ''}); not confirmed, nothing was rolled back "
        "(see them with --dry-run; without a terminal, confirm with --yes)"
    )


def rollback(
    settings: Settings,
    url: str,
    *,
    to: str | None = None,
    last: int | None = None,
    dry_run: bool = False,
    gate: Callable[[Conn], AuditResult] | None = None,
    local: list[files.MigrationFile] | None = None,
    confirm: Callable[[tuple[Loss, ...]], bool] | None = None,
    release: Sequence[db.Query] = (),
) -> RollbackResult:
    """Roll back applied migrations newest first (see the module docstring). ``gate``: the
    RLS audit to run after (none: skipped); ``local``: the folder's files when the caller
    has read them already; ``confirm(losses)`` is asked when the down files would destroy
    rows (none: refused); ``release`` rides with the lock's release
    (:func:`supatools.db.migration_lock`)."""
    if local is None:
        local = files.discover(settings.migrations_dir)
    conn = open_connection(settings, url, show_url(url), "supatools rollback")
    try:
        with db.translated("rolling back"):
            if dry_run:
                rows = history.read(conn)
                downs = read_downs(choose(local, rows, to=to, last=last))
                return RollbackResult(
                    "dry-run",
                    show_url(url),
                    downs,
                    (),
                    folder=settings.migrations_dir,
                    losses=losses(conn, downs),
                )
            with history.locked(conn, settings, release) as rows:
                downs = read_downs(choose(local, rows, to=to, last=last))
                destroyed = losses(conn, downs)
                _confirmed(destroyed, confirm)
                undone = [undo_one(conn, down, settings) for down in downs]
                audit_result = gate(conn) if gate is not None else None
            return RollbackResult(
                "rollback",
                show_url(url),
                downs,
                tuple(undone),
                audit_result,
                settings.migrations_dir,
                destroyed,
            )
    finally:
        conn.close()
