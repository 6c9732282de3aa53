"""Recovery and adoption: rollback, baseline, repair, backup and restore.

Each is judged on its worst day: bad usage is said before any server starts or any
connection opens, and what would destroy rows is confirmed through the caller's
``confirm`` callback (a terminal question, or ``--yes``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from supatools.commands.base import Outcome, Say, gate, target
from supatools.errors import EnvironmentFailure, UsageError

if TYPE_CHECKING:
    from supatools.backup import Backup
    from supatools.commands.base import Target
    from supatools.db import Conn
    from supatools.migrations.adopt import AdoptResult
    from supatools.migrations.losses import Loss
    from supatools.migrations.rollback import RollbackResult
    from supatools.rls.audit import AuditResult
    from supatools.settings import Settings


def rollback(
    settings: Settings,
    *,
    to: str | None,
    last: int | None,
    dry_run: bool,
    verify: bool,
    fail_on: str,
    confirm: Callable[[tuple[Loss, ...]], bool] | None = None,
) -> Outcome[RollbackResult]:
    """Roll back; ``confirm(losses)`` is asked when the down files would destroy rows."""
    from supatools.drift import fingerprint
    from supatools.migrations.files import discover
    from supatools.migrations.rollback import check_range
    from supatools.migrations.rollback import rollback as run_rollback

    check_range(to, last)  # bad usage is exit 2 before any connection
    local = discover(settings.migrations_dir)  # the files before any server is started
    where = target(settings)

    def audit_gate(conn: Conn) -> AuditResult:
        from supatools.rls.audit import audit

        return audit(conn, settings, fail_on)

    result = run_rollback(
        settings,
        where.url,
        to=to,
        last=last,
        dry_run=dry_run,
        gate=audit_gate if verify else None,
        local=local,
        confirm=confirm,
        # what the down files change is no change outside migrations for migrate's warning
        release=fingerprint.record(),
    )
    ok, message = gate(result.audit, "; the rollback itself is done")
    return Outcome(result, ok, message)


def baseline(
    settings: Settings,
    *,
    version: str | None,
    from_table: str | None,
    column: str | None,
    dry_run: bool,
) -> Outcome[AdoptResult]:
    """Record local migrations up to ``version`` (or a home-made table's) as applied."""
    from supatools.migrations import adopt

    if (version is None) == (from_table is None):
        raise UsageError("say what to adopt: --version VERSION or --from-table SCHEMA.TABLE")
    if version is not None:  # bad input is exit 2 before a server starts or a URL is needed
        from supatools.migrations.files import discover

        adopt.check_version(discover(settings.migrations_dir), version)
    where = target(settings)
    if from_table is not None:
        return Outcome(
            adopt.baseline_from_table(settings, where.url, from_table, column, dry_run=dry_run)
        )
    assert version is not None
    return Outcome(adopt.baseline(settings, where.url, version, dry_run=dry_run))


def repair(
    settings: Settings, status: str, versions: list[str], dry_run: bool
) -> Outcome[AdoptResult]:
    """Mark versions applied or reverted in history, as ``supabase migration repair``."""
    from supatools.migrations.adopt import check_repair
    from supatools.migrations.adopt import repair as run_repair

    check_repair(status, versions)  # bad usage is exit 2 before a server starts
    where = target(settings)
    return Outcome(run_repair(settings, where.url, status, versions, dry_run=dry_run))


def backup_now(
    settings: Settings,
    where: Target,
    path: Path | None,
    say: Say,
    tables: list[str] | None = None,
    *,
    replace: bool = False,
    migrating: bool = True,
) -> Backup:
    """pg_dump of the database at ``where``, verified; lines on ``say`` saying where."""
    from supatools import backup as backups
    from supatools.backup_file import default_path

    major = backups.server_major_of(where.url)
    path = path or default_path(settings.backup_dir, backups.database_name(where.url))
    which = f"tables {', '.join(tables)} and the history" if tables is not None else "the project"
    say(f"backup: pg_dump of {which} in {where.shown} to {path} ...")
    try:
        made = backups.dump(where.url, major, path, tables=tables, on_progress=say, replace=replace)
    except EnvironmentFailure as exc:
        if not migrating:
            raise
        raise EnvironmentFailure(f"{exc.message}; nothing was migrated") from None
    say(
        f"backup: {made.path} ({made.size / 1_000_000:.1f} MB, {made.entries} entries, "
        f"verified with pg_restore --list, {made.seconds:.1f} s, {made.pg_dump})"
    )
    return made


def backup(settings: Settings, path: Path | None, say: Say, force: bool = False) -> Outcome[Backup]:
    """``supatools backup``: a verified dump, never over an earlier one unless ``force``."""
    from supatools import backup as backups
    from supatools.backup_file import target_path

    where = target(settings)
    path = target_path(path, settings.backup_dir, backups.database_name(where.url))
    return Outcome(backup_now(settings, where, path, say, replace=force, migrating=False))


def restore(
    settings: Settings,
    file: Path,
    confirm: Callable[[str], bool],
    other_database: bool = False,
) -> Outcome[str]:
    """Restore ``file`` after ``confirm(question)`` says yes."""
    from supatools import backup as backups
    from supatools import backup_restore

    backup_restore.check_file(file)  # bad input is exit 2 before any server is reached
    where = target(settings)
    major = backups.server_major_of(where.url)
    archive = backup_restore.inspect(file, major)  # bad input is said before any question
    if not confirm(f"Replace the project's objects in {where.shown} with {file}?"):
        raise UsageError(
            f"restoring {file} replaces the project's objects in {where.shown}; not confirmed, "
            "nothing was changed (without a terminal, confirm with --yes)"
        )
    backup_restore.restore(
        where.url,
        major,
        file,
        redacted=where.shown,
        lock_wait=settings.lock_wait_timeout,
        lock_timeout=settings.lock_timeout,
        other_database=other_database,
        archive=archive,
    )
    return Outcome(f"{where.shown}: restored {file}")
