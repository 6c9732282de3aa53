"""The command layer: one function per command, between the CLI and the core.

Each function resolves what its command works on (the database target, the files),
calls the typed core, and returns an :class:`Outcome`: the core's result, whether the
command succeeded, and the one-line message when it did not. ``cli.py`` keeps the
options and the rendering; nothing here prints, except the progress and warning
callbacks the CLI hands in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from supatools.errors import ConfigError, JobFailed, PlanRefused, SupatoolsError, UsageError

if TYPE_CHECKING:
    from supatools.backup import Backup
    from supatools.lint import LintFinding
    from supatools.local import LocalServer, LocalStatus
    from supatools.migrations.adopt import AdoptResult
    from supatools.migrations.apply import MigrateResult, Progress
    from supatools.migrations.files import MigrationFile
    from supatools.migrations.losses import Loss
    from supatools.migrations.new import Created
    from supatools.migrations.plan import StatusEntry
    from supatools.migrations.rollback import Conn, RollbackResult
    from supatools.migrations.seed import SeedStatement
    from supatools.preflight import PreflightReport
    from supatools.rehearsal import Rehearsal
    from supatools.rls.audit import AuditResult
    from supatools.settings import Settings

T = TypeVar("T")
Say = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a command did: the core's result, and when it failed, why (one line) and as
    which error of the contract (its exit code)."""

    value: T
    ok: bool = True
    message: str = ""
    error: type[SupatoolsError] = JobFailed

    def raise_if_failed(self) -> None:
        if not self.ok:
            raise self.error(self.message)


# --- the database a command works on ------------------------------------------------------


def target(settings: Settings, explicit_db_url: bool, warn: Say | None = None) -> str:
    """The database to work on: ``--local``'s embedded server or the configured URL."""
    if settings.local:
        if explicit_db_url:
            raise UsageError("--local and --db-url both given; choose one")
        from supatools.local import LocalServer, server_major

        status = LocalServer.for_settings(settings).start()
        if warn is not None and settings.project_major and status.bindir:
            running = server_major(status.bindir)
            if running != settings.project_major:
                warn(
                    f"supabase/config.toml says the project runs PostgreSQL "
                    f"{settings.project_major} ([db] major_version); the local server is "
                    f"PostgreSQL {running} ({status.bindir}): point SUPATOOLS_PG_BINDIR at a "
                    f"PostgreSQL {settings.project_major} installation to match it"
                )
        return status.url()
    if not settings.db_url:
        raise ConfigError(
            "no database URL: pass --db-url, or set SUPABASE_DB_URL (or DATABASE_URL), or use "
            "--local for the embedded server"
        )
    from supatools.db import check_url

    check_url(settings.db_url)  # a URL that cannot mean what it says is bad input (exit 2)
    return settings.db_url


def _redacted(url: str) -> str:
    from supatools.settings import redact_url

    return redact_url(url)


def _gate(audit: AuditResult | None, suffix: str = "") -> tuple[bool, str]:
    if audit is None or audit.ok:
        return True, ""
    from supatools.rls.audit import gate_message

    return False, gate_message(audit) + suffix


# --- migrate --------------------------------------------------------------------------------


def migration_list(settings: Settings, warn: Say = _quiet) -> Outcome[list[MigrationFile]]:
    from supatools.migrations.files import discover

    return Outcome(discover(settings.migrations_dir, warn))


def migration_status(
    settings: Settings, explicit_db_url: bool, warn: Say = _quiet
) -> Outcome[tuple[str, tuple[StatusEntry, ...]]]:
    from supatools.migrations import apply
    from supatools.migrations.files import discover
    from supatools.migrations.plan import blocking

    local = discover(settings.migrations_dir, warn)  # the files before any server starts
    url = target(settings, explicit_db_url, warn)
    entries = apply.status(settings, url, warn, local=local)
    stopping = blocking(entries)
    return Outcome(
        (_redacted(url), tuple(entries)),
        ok=not stopping,
        message=f"{len(stopping)} migration(s) would stop migrate (modified or out-of-order); "
        "see the table",
        error=PlanRefused,
    )


def migration_dry_run(
    settings: Settings,
    explicit_db_url: bool,
    *,
    only: str | None,
    include_all: bool,
    warn: Say = _quiet,
) -> Outcome[MigrateResult]:
    from supatools import run_hooks
    from supatools.migrations.files import discover

    local = discover(settings.migrations_dir, warn)
    url = target(settings, explicit_db_url, warn)
    return Outcome(
        run_hooks.dry_run(
            settings, url, only=only, include_all=include_all, on_warning=warn, local=local
        )
    )


def backup_now(
    settings: Settings,
    url: str,
    path: Path | None,
    say: Say,
    tables: list[str] | None = None,
    *,
    replace: bool = False,
    migrating: bool = True,
) -> Backup:
    """pg_dump of the database at ``url``, verified; lines on ``say`` saying where."""
    from supatools import backup as backups
    from supatools.backup_file import default_path
    from supatools.errors import EnvironmentFailure

    major = backups.server_major_of(url)
    where = path or default_path(settings.backup_dir, backups.database_name(url))
    which = f"tables {', '.join(tables)} and the history" if tables is not None else "the project"
    say(f"backup: pg_dump of {which} in {_redacted(url)} to {where} ...")
    try:
        made = backups.dump(url, major, where, tables=tables, on_progress=say, replace=replace)
    except EnvironmentFailure as exc:
        if not migrating:
            raise
        raise EnvironmentFailure(f"{exc.message}; nothing was migrated") from None
    say(
        f"backup: {made.path} ({made.size / 1_000_000:.1f} MB, {made.entries} entries, "
        f"verified with pg_restore --list, {made.seconds:.1f} s, {made.pg_dump})"
    )
    return made


def _backup_touched_tables(
    settings: Settings, url: str, only: str | None, include_all: bool, say: Say
) -> None:
    """--backup-tables: the tables the pending migrations name (from their parse trees)
    that exist now, with the history; nothing to back up is said, not an error."""
    from supatools import backup as backups
    from supatools.db import connect
    from supatools.migrations import apply

    plan = apply.dry_run(settings, url, only=only, include_all=include_all)
    named = backups.touched_tables([s.text for p in plan.to_apply for s in p.statements])
    conn = connect(url, redacted=_redacted(url), application_name="supatools backup")
    try:
        # one query for all of them: the names that are relations now
        pairs = [name.split(".", 1) for name in named]
        rows = conn.execute(
            "SELECT s || '.' || r FROM unnest(%s::text[], %s::text[]) AS t(s, r) "
            "WHERE to_regclass(format('%%I.%%I', s, r)) IS NOT NULL",
            ([p[0] for p in pairs], [p[1] for p in pairs]),
        ).fetchall()
    finally:
        conn.close()
    present = {str(r[0]) for r in rows}
    existing = [name for name in named if name in present]
    if not existing:
        say(
            "backup: none of the tables the pending migrations touch exists yet; nothing to back up"
        )
        return
    backup_now(settings, url, None, say, tables=existing)


def migration_inputs(settings: Settings, verify: bool) -> list[SeedStatement] | None:
    """Read and check what a run reads after migrating, before anything connects: a bad
    ``policies/`` file (when the audit runs) or seed file is exit 2 with nothing applied,
    not a failure after the migrations were committed. The seed's statements when the
    run may apply it (``--seed``, or ``--local``, which seeds a fresh database)."""
    if verify:
        from supatools.rls.expectations import load

        load(settings.policies_dir)
    if settings.seed_files and (settings.seed or settings.local):
        from supatools.migrations.seed import read

        return read(settings.seed_files)
    return None


def migrate(
    settings: Settings,
    explicit_db_url: bool,
    *,
    only: str | None,
    include_all: bool,
    atomic: bool,
    verify: bool,
    fail_on: str,
    backup: bool,
    backup_tables: bool,
    progress: Callable[[str, str], Callable[[Progress], None]],
    warn: Say = _quiet,
    say: Say = _quiet,
) -> Outcome[MigrateResult]:
    """Apply the pending migrations (after a backup when asked), then the RLS gate.
    ``progress(folder, database)`` gives the callback that shows each migration."""
    from supatools import run_hooks
    from supatools.migrations.files import discover

    if backup and backup_tables:
        raise UsageError("--backup and --backup-tables cannot be combined; choose one")
    # the files are read (names, encoding, NUL bytes, folder) before --local starts a
    # server for them; a bad folder stops here with nothing started. The run applies
    # what was read here (one read of the folder).
    local = discover(settings.migrations_dir, warn)
    seed_statements = migration_inputs(settings, verify)
    if settings.seed or settings.local:  # a run that may seed says what its patterns missed
        for note in settings.seed_warnings:
            warn(note)
    url = target(settings, explicit_db_url, warn)
    if backup:
        # before the lock is taken and before anything is applied (exit 3 on failure)
        backup_now(settings, url, None, say)
    elif backup_tables:
        _backup_touched_tables(settings, url, only, include_all, say)
    result = run_hooks.migrate(
        settings,
        url,
        only=only,
        include_all=include_all,
        atomic=atomic,
        verify=verify,
        fail_on=fail_on,
        on_progress=progress(str(settings.migrations_dir), _redacted(url)),
        on_warning=warn,
        local=local,
        seed_statements=seed_statements,
    )
    ok, message = _gate(
        result.audit, "; the --atomic run was rolled back" if result.rolled_back else ""
    )
    return Outcome(result, ok, message)


def rehearse(
    settings: Settings,
    explicit_db_url: bool,
    *,
    with_data: bool,
    keep: bool,
    verify: bool,
    fail_on: str,
    warn: Say = _quiet,
    say: Say = _quiet,
) -> Outcome[Rehearsal]:
    """migrate --rehearse: the run on a local copy; its outcome is the real run's."""
    from supatools.migrations.files import discover
    from supatools.rehearsal import rehearse as run_rehearsal

    discover(settings.migrations_dir)
    migration_inputs(settings, verify)
    url = target(settings, explicit_db_url, warn)
    say(f"rehearsal: copying {_redacted(url)} into the local server (only read)")
    done = run_rehearsal(
        settings,
        url,
        with_data=with_data,
        keep=keep,
        verify=verify,
        fail_on=fail_on,
        on_warning=warn,
    )
    where = f"the copy is kept at {done.copy}" if done.kept else "the copy was dropped"
    if done.failure is not None:
        failure = done.failure
        failure.message = f"rehearsal on a copy of {done.target}: {failure.message}; {where}"
        raise failure
    say(f"rehearsal: nothing of {done.target} was written; {where}")
    from supatools.migrations.results import MigrateResult

    assert isinstance(done.result, MigrateResult)
    ok, message = _gate(done.result.audit)
    return Outcome(done, ok, "rehearsal: " + message if message else "")


# --- verify-rls and preflight ------------------------------------------------------------


def verify_rls(settings: Settings, explicit_db_url: bool, fail_on: str) -> Outcome[AuditResult]:
    from supatools.db import connect
    from supatools.rls.audit import audit

    url = target(settings, explicit_db_url)
    conn = connect(
        url,
        redacted=_redacted(url),
        connect_timeout=settings.connect_timeout,
        application_name="supatools verify-rls",
    )
    try:
        result = audit(conn, settings, fail_on)
    finally:
        conn.close()
    ok, message = _gate(result)
    return Outcome(result, ok, message)


def preflight(settings: Settings, explicit_db_url: bool) -> Outcome[PreflightReport]:
    from supatools.preflight import preflight as run_preflight

    url = target(settings, explicit_db_url) if (settings.local or settings.db_url) else None
    report = run_preflight(settings, url)
    failed = [c.id for c in report.checks if c.status == "fail"]
    return Outcome(
        report,
        report.ok,
        f"preflight: {len(failed)} check(s) failed ({', '.join(failed)}); fix them as their "
        "hints say, then run again",
    )


# --- recovery and adoption -----------------------------------------------------------------


def rollback(
    settings: Settings,
    explicit_db_url: bool,
    *,
    to: str | None,
    last: int | None,
    dry_run: bool,
    verify: bool,
    fail_on: str,
    confirm: Callable[[tuple[Loss, ...]], bool] | None = None,
) -> Outcome[RollbackResult]:
    """Roll back; ``confirm(losses)`` is asked when the down files would destroy rows."""
    from supatools.migrations.files import discover
    from supatools.migrations.rollback import check_range
    from supatools.migrations.rollback import rollback as run_rollback

    check_range(to, last)  # bad usage is exit 2 before any connection
    local = discover(settings.migrations_dir)  # the files before any server is started
    url = target(settings, explicit_db_url)

    def gate(conn: Conn) -> AuditResult:
        from supatools.rls.audit import audit

        return audit(conn, settings, fail_on)

    result = run_rollback(
        settings,
        url,
        to=to,
        last=last,
        dry_run=dry_run,
        gate=gate if verify else None,
        local=local,
        confirm=confirm,
    )
    ok, message = _gate(result.audit, "; the rollback itself is done")
    return Outcome(result, ok, message)


def baseline(
    settings: Settings,
    explicit_db_url: bool,
    *,
    version: str | None,
    from_table: str | None,
    column: str | None,
    dry_run: bool,
) -> Outcome[AdoptResult]:
    from supatools.migrations import adopt

    if (version is None) == (from_table is None):
        raise UsageError("say what to adopt: --version VERSION or --from-table SCHEMA.TABLE")
    if version is not None:  # bad input is exit 2 before a server starts or a URL is needed
        from supatools.migrations.files import discover

        adopt.check_version(discover(settings.migrations_dir), version)
    url = target(settings, explicit_db_url)
    if from_table is not None:
        return Outcome(
            adopt.baseline_from_table(settings, url, from_table, column, dry_run=dry_run)
        )
    assert version is not None
    return Outcome(adopt.baseline(settings, url, version, dry_run=dry_run))


def repair(
    settings: Settings, explicit_db_url: bool, status: str, versions: list[str], dry_run: bool
) -> Outcome[AdoptResult]:
    from supatools.migrations.adopt import check_repair
    from supatools.migrations.adopt import repair as run_repair

    check_repair(status, versions)  # bad usage is exit 2 before a server starts
    url = target(settings, explicit_db_url)
    return Outcome(run_repair(settings, url, status, versions, dry_run=dry_run))


def backup(
    settings: Settings, explicit_db_url: bool, path: Path | None, say: Say, force: bool = False
) -> Outcome[Backup]:
    from supatools import backup as backups
    from supatools.backup_file import target_path

    url = target(settings, explicit_db_url)
    where = target_path(path, settings.backup_dir, backups.database_name(url))
    return Outcome(backup_now(settings, url, where, say, replace=force, migrating=False))


def restore(
    settings: Settings,
    explicit_db_url: bool,
    file: Path,
    confirm: Callable[[str], bool],
    other_database: bool = False,
) -> Outcome[str]:
    """Restore ``file`` after ``confirm(question)`` says yes."""
    from supatools import backup as backups
    from supatools import backup_restore

    url = target(settings, explicit_db_url)
    shown = _redacted(url)
    major = backups.server_major_of(url)
    archive = backup_restore.inspect(file, major)  # bad input is said before any question
    if not confirm(f"Replace the project's objects in {shown} with {file}?"):
        raise UsageError(
            f"restoring {file} replaces the project's objects in {shown}; not confirmed, "
            "nothing was changed (without a terminal, confirm with --yes)"
        )
    backup_restore.restore(
        url,
        major,
        file,
        redacted=shown,
        lock_wait=settings.lock_wait_timeout,
        lock_timeout=settings.lock_timeout,
        other_database=other_database,
        archive=archive,
    )
    return Outcome(f"{shown}: restored {file}")


# --- authoring --------------------------------------------------------------------------------


def new(settings: Settings, name: str, down: bool) -> Outcome[Created]:
    from supatools.migrations.new import create

    return Outcome(create(settings.migrations_dir, name, down=down))


def lint(
    settings: Settings,
    paths: list[Path] | None,
    fail_on: str,
    live: bool,
    explicit_db_url: bool,
) -> Outcome[list[LintFinding]]:
    """The lint findings of ``paths`` (all files when None), with live table sizes when
    ``live`` (--db-url / --local)."""
    from supatools import lint as linting
    from supatools.migrations.files import discover

    migrations = discover(settings.migrations_dir)
    only = None
    if paths:
        only = {p.resolve() for p in paths}
        strangers = sorted(str(p) for p in only - {m.path.resolve() for m in migrations})
        if strangers:
            raise UsageError(
                f"{strangers[0]} is not a migration of {settings.migrations_dir}; lint reads "
                "files in their folder, in version order"
            )
    exposed = settings.schemas or settings.api_schemas or ("public",)
    findings = linting.lint(migrations, only, tuple(exposed), settings.lint_levels)
    if live:
        # live sizes only when asked: lint needs no database
        from supatools.db import connect
        from supatools.migrations.apply import table_sizes

        url = target(settings, explicit_db_url)
        conn = connect(url, redacted=_redacted(url), application_name="supatools lint")
        try:
            sizes = table_sizes(conn, sorted({f.table for f in findings if f.table}))
        finally:
            conn.close()
        findings = linting.with_sizes(findings, sizes, *settings.lint_large_table)
    failing = sum(
        1 for f in findings if linting.LEVELS.index(f.level) <= linting.LEVELS.index(fail_on)
    )
    return Outcome(
        findings,
        failing == 0,
        f"lint found {failing} finding(s) at or above {fail_on}; fix them, or silence one "
        "with '-- supatools:ignore RULE reason'",
    )


# --- supatools local ----------------------------------------------------------------------------


def local(settings: Settings, act: Callable[[LocalServer], LocalStatus]) -> Outcome[LocalStatus]:
    from supatools.local import LocalServer

    return Outcome(act(LocalServer.for_settings(settings)))


def local_reset(settings: Settings, new_server: bool) -> Outcome[LocalStatus]:
    """Drop and re-create the local database (the caller then runs migrate --local)."""
    from supatools.local import LocalServer
    from supatools.migrations.files import discover

    discover(settings.migrations_dir)  # read before the database is dropped
    return Outcome(LocalServer.for_settings(settings).reset(new_server=new_server))
