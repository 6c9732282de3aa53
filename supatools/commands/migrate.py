"""The migrate family: ``--list``, ``--status``, ``--dry-run``, the run itself (with
``--backup``) and ``--rehearse``.

The migrations folder is read once, before ``--local`` starts a server for it: a bad
folder stops the command with nothing started, and the run applies what was read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from supatools.commands.base import Outcome, Say, connection, gate, quiet, target
from supatools.errors import PlanRefused, UsageError

if TYPE_CHECKING:
    from supatools.commands.base import Target
    from supatools.commands.rehearsal import Rehearsal
    from supatools.migrations.apply import MigrateResult, Progress
    from supatools.migrations.files import MigrationFile
    from supatools.migrations.plan import StatusEntry
    from supatools.migrations.seed import SeedStatement
    from supatools.settings import Settings


def migration_list(settings: Settings, warn: Say = quiet) -> Outcome[list[MigrationFile]]:
    """``migrate --list``: the folder's migrations; no database."""
    from supatools.migrations.files import discover

    return Outcome(discover(settings.migrations_dir, warn))


def migration_status(
    settings: Settings, warn: Say = quiet
) -> Outcome[tuple[str, tuple[StatusEntry, ...]]]:
    """``migrate --status``: files and history side by side; fails when a migration would
    stop ``migrate`` (modified or out of order)."""
    from supatools.migrations import status_cache
    from supatools.migrations.files import discover
    from supatools.migrations.plan import blocking
    from supatools.migrations.status import status

    # the cache lives in the project's .supatools/ (local_dir's parent); only --status
    # reads it: migrate reads and hashes what it applies
    cache_dir = settings.local_dir.parent
    cached = status_cache.load(cache_dir, settings.migrations_dir)
    known = status_cache.reuse(cached)
    local = discover(settings.migrations_dir, warn, known)
    where = target(settings, warn)
    entries = status(settings, where.url, local)
    status_cache.save(cache_dir, local, cached, known)
    stopping = blocking(entries)
    return Outcome(
        (where.shown, tuple(entries)),
        ok=not stopping,
        message=f"{len(stopping)} migration(s) would stop migrate (modified or out-of-order); "
        "see the table",
        error=PlanRefused,
    )


def migration_dry_run(
    settings: Settings, *, only: str | None, include_all: bool, warn: Say = quiet
) -> Outcome[MigrateResult]:
    """``migrate --dry-run``: the plan, its SQL, locks and lint; nothing written."""
    from supatools.commands import hooks
    from supatools.migrations.files import discover

    local = discover(settings.migrations_dir, warn)
    where = target(settings, warn)
    return Outcome(
        hooks.dry_run(
            settings, where.url, only=only, include_all=include_all, on_warning=warn, local=local
        )
    )


def _backup_touched_tables(
    settings: Settings, where: Target, only: str | None, include_all: bool, say: Say
) -> None:
    """--backup-tables: the tables the pending migrations name (from their parse trees)
    that exist now, with the history; nothing to back up is said, not an error."""
    from supatools import backup as backups
    from supatools.commands.recover import backup_now
    from supatools.migrations import apply

    plan = apply.dry_run(settings, where.url, only=only, include_all=include_all)
    named = backups.touched_tables([s.text for p in plan.to_apply for s in p.statements])
    with connection(where, "backup") as conn:
        # one query for all of them: the names that are relations now
        pairs = [name.split(".", 1) for name in named]
        rows = conn.execute(
            "SELECT s || '.' || r FROM unnest(%s::text[], %s::text[]) AS t(s, r) "
            "WHERE to_regclass(format('%%I.%%I', s, r)) IS NOT NULL",
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        ).fetchall()
    present = {str(r[0]) for r in rows}
    existing = [name for name in named if name in present]
    if not existing:
        say(
            "backup: none of the tables the pending migrations touch exists yet; nothing to back up"
        )
        return
    backup_now(settings, where, None, say, tables=existing)


def migration_inputs(settings: Settings, verify: bool) -> list[SeedStatement] | None:
    """Read and check what a run reads after migrating, before anything connects: a bad
    ``policies/`` file (when the audit runs) or seed file is exit 2 with nothing applied,
    not a failure after the migrations were committed. The seed's statements when the
    run may apply it (``--seed``, or ``--local``, which seeds a fresh database)."""
    if verify and settings.policies_dir.is_dir():  # no folder: no expectations to check
        from supatools.rls.expectations import load

        load(settings.policies_dir)
    if settings.seed_files and (settings.seed or settings.local):
        from supatools.migrations.seed import read

        return read(settings.seed_files)
    return None


def cold_start(settings: Settings, local: list[MigrationFile], say: Say) -> None:
    """``--local`` with no server running yet: check every file's syntax first (a broken
    file then costs no initdb and no start; pgflow's 20 files, 300 KB: ~15 ms against a
    ~5 s cold start), then start the server, its steps shown on a terminal and the grants
    era said when the database is new. A running server is left to :func:`target`."""
    if not settings.local or settings.db_url_source == "flag":
        return
    from supatools.commands.local import on_terminal
    from supatools.local import LocalServer
    from supatools.migrations.statements import raw_statements

    server = LocalServer.for_settings(settings, say=say, progress=on_terminal(say))
    if server.status().running:
        return
    for migration in local:
        raw_statements(migration)  # a syntax error is exit 2 naming file:line:column
    server.start()


def migrate(
    settings: Settings,
    *,
    only: str | None,
    include_all: bool,
    atomic: bool,
    verify: bool,
    fail_on: str,
    backup: bool,
    backup_tables: bool,
    progress: Callable[[str, str], Callable[[Progress], None]],
    warn: Say = quiet,
    say: Say = quiet,
) -> Outcome[MigrateResult]:
    """Apply the pending migrations (after a backup when asked), then the RLS gate.
    ``progress(folder, database)`` gives the callback that shows each migration."""
    from supatools.commands import hooks
    from supatools.commands.recover import backup_now
    from supatools.migrations.files import discover

    if backup and backup_tables:
        raise UsageError("--backup and --backup-tables cannot be combined; choose one")
    local = discover(settings.migrations_dir, warn)
    seed_statements = migration_inputs(settings, verify)
    if settings.seed or settings.local:  # a run that may seed says what its patterns missed
        for note in settings.seed_warnings:
            warn(note)
    cold_start(settings, local, say)
    where = target(settings, warn)
    if backup:
        # before the lock is taken and before anything is applied (exit 3 on failure)
        backup_now(settings, where, None, say)
    elif backup_tables:
        _backup_touched_tables(settings, where, only, include_all, say)
    result = hooks.migrate(
        settings,
        where.url,
        only=only,
        include_all=include_all,
        atomic=atomic,
        verify=verify,
        fail_on=fail_on,
        on_progress=progress(str(settings.migrations_dir), where.shown),
        on_warning=warn,
        local=local,
        seed_statements=seed_statements,
    )
    ok, message = gate(
        result.audit, "; the --atomic run was rolled back" if result.rolled_back else ""
    )
    return Outcome(result, ok, message)


def rehearse(
    settings: Settings,
    *,
    with_data: bool,
    keep: bool,
    verify: bool,
    fail_on: str,
    warn: Say = quiet,
    say: Say = quiet,
) -> Outcome[Rehearsal]:
    """migrate --rehearse: the run on a local copy; its outcome is the real run's."""
    from supatools.commands.rehearsal import rehearse as run_rehearsal
    from supatools.migrations.files import discover

    discover(settings.migrations_dir)
    migration_inputs(settings, verify)
    where = target(settings, warn)
    say(f"rehearsal: copying {where.shown} into the local server (only read)")
    done = run_rehearsal(
        settings,
        where.url,
        with_data=with_data,
        keep=keep,
        verify=verify,
        fail_on=fail_on,
        on_warning=warn,
    )
    kept = f"the copy is kept at {done.copy}" if done.kept else "the copy was dropped"
    if done.failure is not None:
        failure = done.failure
        failure.message = f"rehearsal on a copy of {done.target}: {failure.message}; {kept}"
        raise failure
    say(f"rehearsal: nothing of {done.target} was written; {kept}")
    ok, message = gate(rehearsed_run(done).audit)
    return Outcome(done, ok, "rehearsal: " + message if message else "")


def rehearsed_run(done: Rehearsal) -> MigrateResult:
    """The migrate result of a rehearsal that finished."""
    from supatools.migrations.results import MigrateResult

    assert isinstance(done.result, MigrateResult)
    return done.result
