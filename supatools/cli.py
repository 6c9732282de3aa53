"""The command line: options in, one core call, results out.

This module is the one boundary where ``SupatoolsError`` becomes ``error: …`` on
stderr and the contract's exit code.
"""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supatools import __version__
from supatools.errors import ConfigError, JobFailed, PlanRefused, SupatoolsError, UsageError
from supatools.render.output import Output

if TYPE_CHECKING:
    from supatools.local import LocalServer, LocalStatus
    from supatools.settings import Settings

app = typer.Typer(
    name="supatools",
    help="Migrate, audit Row Level Security and preflight credentials for Supabase projects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # a traceback must never show local variables (keys)
    rich_markup_mode=None,
)
local_app = typer.Typer(
    help="An embedded PostgreSQL prepared like a Supabase project (data in .supatools/local/).",
    no_args_is_help=True,
)
app.add_typer(local_app, name="local")


@contextmanager
def boundary(out: Output) -> Iterator[None]:
    """Map every expected failure to one stderr line and its exit code."""
    try:
        yield
    except SupatoolsError as exc:
        out.error(exc.message, exc.exit_code)
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:
        from supatools import db

        if not db.is_driver_error(exc):
            raise
        error = db.translate(exc, "talking to the database")
        out.error(error.message, error.exit_code)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        out.error("interrupted", 3)
        raise typer.Exit(3) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"supatools {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Migrate, audit Row Level Security and preflight credentials for Supabase projects."""


JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
DbUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--db-url",
        help="Database URL (else SUPABASE_DB_URL, then DATABASE_URL).",
        show_default=False,
    ),
]
FailOnOpt = Annotated[
    str,
    typer.Option("--fail-on", help="Fail on findings at or above this level: error, warn, info."),
]
SchemaOpt = Annotated[
    list[str] | None,
    typer.Option("--schema", help="Exposed schema to check (repeatable).", show_default=False),
]
LocalOpt = Annotated[
    bool, typer.Option("--local", help="Use the embedded PostgreSQL (started if needed).")
]


def check_level(level: str) -> str:
    """Validate ``--fail-on``."""
    if level not in ("error", "warn", "info"):
        raise UsageError(f"--fail-on {level!r}: use error, warn or info")
    return level


def database_url(
    settings: "Settings",
    explicit_db_url: bool,
    warn: "Callable[[str], None] | None" = None,
) -> str:
    """The database to work on: ``--local``'s embedded server or the configured URL."""
    if settings.local:
        if explicit_db_url:
            raise UsageError("--local and --db-url both given; choose one")
        from supatools.local import LocalServer

        status = LocalServer.for_settings(settings).start()
        if warn is not None and settings.project_major and status.bindir:
            from supatools.local import server_major

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
    return settings.db_url


@app.command()
def migrate(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan and its SQL; write nothing.")
    ] = False,
    list_: Annotated[
        bool, typer.Option("--list", help="List local migrations (no database needed).")
    ] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Local files and applied history side by side.")
    ] = False,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            help="Apply only this pending migration (file name or version).",
            show_default=False,
        ),
    ] = None,
    include_all: Annotated[
        bool,
        typer.Option(
            "--include-all", help="Also apply pending migrations older than the newest applied one."
        ),
    ] = False,
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    migrations_dir: Annotated[
        Path | None,
        typer.Option(
            "--migrations-dir", help="Migrations folder (default migrations/).", show_default=False
        ),
    ] = None,
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="Skip the RLS audit after applying.")
    ] = False,
    atomic: Annotated[
        bool,
        typer.Option(
            "--atomic",
            help="All pending migrations in one transaction, committed only if the audit passes.",
        ),
    ] = False,
    fail_on: FailOnOpt = "error",
    local: LocalOpt = False,
    rehearse: Annotated[
        bool,
        typer.Option(
            "--rehearse",
            help="Copy the target into the local server, apply and audit there; "
            "the target is only read.",
        ),
    ] = False,
    with_data: Annotated[
        bool, typer.Option("--with-data", help="--rehearse with the rows too (small databases).")
    ] = False,
    keep: Annotated[
        bool, typer.Option("--keep", help="--rehearse: keep the local copy and print its URL.")
    ] = False,
    backup: Annotated[
        bool,
        typer.Option(
            "--backup",
            help="pg_dump the database first (verified); a failed backup stops the run.",
        ),
    ] = False,
    backup_tables: Annotated[
        bool,
        typer.Option(
            "--backup-tables",
            help="Like --backup, but only the tables the pending migrations touch.",
        ),
    ] = False,
    seed: Annotated[
        bool,
        typer.Option(
            "--seed",
            help="Apply supabase/seed.sql after the migrations (automatic on a fresh --local).",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse files that are not atomic as written (COMMIT mid-file, CONCURRENTLY).",
        ),
    ] = False,
    lock_timeout: Annotated[
        str | None,
        typer.Option(
            "--lock-timeout",
            help="lock_timeout for migration statements: 10s, 500ms, 2min [10s].",
            show_default=False,
        ),
    ] = None,
    statement_timeout: Annotated[
        str | None,
        typer.Option(
            "--statement-timeout",
            help="statement_timeout for migration statements, e.g. 5min [server's].",
            show_default=False,
        ),
    ] = None,
    lock_wait: Annotated[
        str | None,
        typer.Option(
            "--lock-wait",
            help="How long to wait for another run's lock: 60s, 2min, 500ms [60s].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Apply pending migrations in version order, each atomically and exactly once.

    Example: supatools migrate --local   (or: SUPABASE_DB_URL=postgresql://... supatools migrate)
    """
    out = Output(json_mode=json_)
    with boundary(out):
        modes = [
            name
            for name, on in (
                ("--dry-run", dry_run),
                ("--list", list_),
                ("--status", status),
                ("--rehearse", rehearse),
            )
            if on
        ]
        if len(modes) > 1:
            raise UsageError(f"{' and '.join(modes)} cannot be combined; choose one")
        level = check_level(fail_on)
        from supatools.settings import resolve

        settings = resolve(
            db_url=db_url,
            migrations_dir=migrations_dir,
            local=local,
            lock_timeout=lock_timeout,
            statement_timeout=statement_timeout,
            lock_wait_timeout=lock_wait,
            strict=strict,
            seed=seed,
        )
        from supatools.render import migrate as render

        def warn(message: str) -> None:
            out.note(f"warning: {message}")

        from supatools.migrations.files import discover

        if list_:
            render.migration_list(out, discover(settings.migrations_dir, warn))
            return
        # the files are read (names, encoding, NUL bytes, folder) before --local starts a
        # server for them; a bad folder stops here with nothing started
        discover(settings.migrations_dir)
        url = database_url(settings, explicit_db_url=db_url is not None, warn=warn)
        from supatools.migrations import apply
        from supatools.settings import redact_url

        if status:
            from supatools.migrations.plan import blocking

            entries = apply.status(settings, url, warn)
            stopping = blocking(entries)
            render.migration_status(out, redact_url(url), entries, ok=not stopping)
            if stopping:
                raise PlanRefused(
                    f"{len(stopping)} migration(s) would stop migrate "
                    "(modified or out-of-order); see the table"
                )
            return
        if dry_run:
            render.migrate_result(
                out,
                apply.dry_run(settings, url, only=file, include_all=include_all, on_warning=warn),
            )
            return
        if rehearse:
            _rehearse(
                out,
                settings,
                url,
                with_data=with_data,
                keep=keep,
                verify=not no_verify,
                fail_on=level,
            )
            return
        if backup and backup_tables:
            raise UsageError("--backup and --backup-tables cannot be combined; choose one")
        if backup:
            # before the lock is taken and before anything is applied (exit 3 on failure)
            _take_backup(out, settings, url)
        elif backup_tables:
            _backup_touched_tables(out, settings, url, file, include_all)
        reporter = render.ProgressReporter(out, settings.migrations_dir, redact_url(url))
        try:
            result = apply.migrate(
                settings,
                url,
                only=file,
                include_all=include_all,
                atomic=atomic,
                verify=not no_verify,
                fail_on=level,
                on_progress=reporter,
                on_warning=warn,
            )
        finally:
            reporter.close()
        render.migrate_result(out, result)
        if result.audit is not None and not result.audit.ok:
            from supatools.rls.audit import gate_message

            undone = "; the --atomic run was rolled back" if result.rolled_back else ""
            raise JobFailed(gate_message(result.audit) + undone)


@app.command("rollback")
def rollback(
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Roll back every migration applied after this version.", show_default=False
        ),
    ] = None,
    last: Annotated[
        int | None,
        typer.Option(
            "--last", help="Roll back the N newest applied migrations.", show_default=False
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan and the SQL; write nothing.")
    ] = False,
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
    migrations_dir: Annotated[
        Path | None,
        typer.Option(
            "--migrations-dir", help="Migrations folder (default migrations/).", show_default=False
        ),
    ] = None,
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="Skip the RLS audit after rolling back.")
    ] = False,
    fail_on: FailOnOpt = "error",
) -> None:
    """Run the .down.sql of applied migrations, newest first, each with its history rows.

    Example: supatools rollback --last 1 --dry-run
    """
    out = Output(json_mode=json_)
    with boundary(out):
        level = check_level(fail_on)
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, migrations_dir=migrations_dir, local=local)
        from supatools.migrations.files import discover

        discover(settings.migrations_dir)  # the files before any server is started
        url = database_url(settings, explicit_db_url=db_url is not None)
        from supatools.migrations.rollback import rollback as run_rollback
        from supatools.render import migrate as render

        result = run_rollback(
            settings, url, to=to, last=last, dry_run=dry_run, verify=not no_verify, fail_on=level
        )
        render.rollback_result(out, result)
        if result.audit is not None and not result.audit.ok:
            from supatools.rls.audit import gate_message

            raise JobFailed(gate_message(result.audit) + "; the rollback itself is done")


MigrationsDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--migrations-dir", help="Migrations folder (default migrations/).", show_default=False
    ),
]


@app.command("new")
def new_migration(
    name: Annotated[str, typer.Argument(help="What the migration does, e.g. add_workout_notes.")],
    down: Annotated[bool, typer.Option("--down", help="Also create its .down.sql.")] = False,
    migrations_dir: MigrationsDirOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Create a migration file from the team's template (never overwrites).

    Example: supatools new add_workout_notes --down
    """
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools.migrations.new import create
        from supatools.settings import resolve

        settings = resolve(migrations_dir=migrations_dir)
        made = create(settings.migrations_dir, name, down=down)
        if out.json_mode:
            out.json(
                {
                    "ok": True,
                    "path": str(made.path),
                    "down": str(made.down) if made.down else None,
                    "requires": made.requires,
                }
            )
            return
        for path in (made.path, made.down):
            if path is not None:
                out.stdout.write(f"{path}\n")


@app.command("lint")
def lint_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Migration files to lint (default: all).", show_default=False),
    ] = None,
    fail_on: FailOnOpt = "error",
    output_format: Annotated[str, typer.Option("--format", help="text, json or sarif.")] = "text",
    json_: JsonOpt = False,
    migrations_dir: MigrationsDirOpt = None,
    schema: SchemaOpt = None,
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
) -> None:
    """Check migration files against the team's practices with PostgreSQL's parser
    (with --db-url/--local, large-table rules rise to error on large tables).

    Example: supatools lint --fail-on warn
    """
    fmt = "json" if json_ else output_format
    if fmt not in ("text", "json", "sarif"):
        raise_usage = UsageError(f"--format {fmt!r}: use text, json or sarif")
    else:
        raise_usage = None
    out = Output(json_mode=fmt != "text")
    with boundary(out):
        if raise_usage is not None:
            raise raise_usage
        level = check_level(fail_on)
        from supatools.lint import lint
        from supatools.migrations.files import discover
        from supatools.render import lint as render
        from supatools.settings import resolve

        settings = resolve(
            migrations_dir=migrations_dir, schemas=schema, db_url=db_url, local=local
        )
        migrations = discover(settings.migrations_dir)
        only = None
        if paths:
            only = {p.resolve() for p in paths}
            known = {m.path.resolve() for m in migrations}
            strangers = sorted(str(p) for p in only - known)
            if strangers:
                raise UsageError(
                    f"{strangers[0]} is not a migration of {settings.migrations_dir}; lint "
                    "reads files in their folder, in version order"
                )
        exposed = settings.schemas or settings.api_schemas or ("public",)
        levels = {k: v for k, v in settings.lint_levels.items() if not k.startswith("large_table_")}
        findings = lint(migrations, only, tuple(exposed), levels)
        if db_url is not None or local:
            # live sizes only when asked: lint needs no database
            from supatools import lint as linting
            from supatools.db import connect
            from supatools.migrations.apply import _sizes

            url = database_url(settings, explicit_db_url=db_url is not None)
            tables = sorted({f.table for f in findings if f.table})
            conn = connect(url, redacted=redact_url_of(url), application_name="supatools lint")
            try:
                sizes = _sizes(conn, tables)
            finally:
                conn.close()
            findings = linting.with_sizes(
                findings,
                sizes,
                float(settings.lint_levels.get("large_table_rows", linting.LARGE_ROWS)),
                int(settings.lint_levels.get("large_table_bytes", linting.LARGE_BYTES)),
            )
        failing = render.lint_result(out, findings, fmt, level, Path.cwd())
        if failing:
            raise JobFailed(
                f"lint found {failing} finding(s) at or above {level}; fix them, or silence "
                "one with '-- supatools:ignore RULE reason'"
            )


@app.command("baseline")
def baseline(
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            help="Record every local migration up to this one as applied.",
            show_default=False,
        ),
    ] = None,
    from_table: Annotated[
        str | None,
        typer.Option(
            "--from-table",
            help="Adopt a home-made tracking table (schema.table) instead.",
            show_default=False,
        ),
    ] = None,
    column: Annotated[
        str | None,
        typer.Option(
            "--column", help="--from-table: the column naming the migrations.", show_default=False
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be recorded; write nothing.")
    ] = False,
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
    migrations_dir: MigrationsDirOpt = None,
) -> None:
    """Adopt a database migrated by hand: record local migrations up to VERSION as
    applied without running them.

    Example: supatools baseline --version 20250330120000 --dry-run
    """
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, migrations_dir=migrations_dir, local=local)
        url = database_url(settings, explicit_db_url=db_url is not None)
        from supatools.migrations import adopt
        from supatools.render import migrate as render

        if (version is None) == (from_table is None):
            raise UsageError("say what to adopt: --version VERSION or --from-table SCHEMA.TABLE")
        if from_table is not None:
            result = adopt.baseline_from_table(settings, url, from_table, column, dry_run=dry_run)
        else:
            assert version is not None
            result = adopt.baseline(settings, url, version, dry_run=dry_run)
        render.adopt_result(out, result)


@app.command("repair")
def repair(
    versions: Annotated[list[str], typer.Argument(help="Versions to mark.", show_default=False)],
    status: Annotated[
        str,
        typer.Option("--status", help="applied (record without running) or reverted (forget)."),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
    migrations_dir: MigrationsDirOpt = None,
) -> None:
    """Mark migrations applied or reverted in history, as `supabase migration repair` does.

    Example: supatools repair --status reverted 20250331080000
    """
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, migrations_dir=migrations_dir, local=local)
        url = database_url(settings, explicit_db_url=db_url is not None)
        from supatools.migrations.adopt import repair as run_repair
        from supatools.render import migrate as render

        render.adopt_result(out, run_repair(settings, url, status, list(versions), dry_run=dry_run))


def _take_backup(
    out: Output,
    settings: "Settings",
    url: str,
    path: Path | None = None,
    tables: list[str] | None = None,
) -> None:
    """pg_dump of the database at ``url``, verified; one line on stderr saying where."""
    from supatools import backup as backups

    major = backups.server_major_of(url)
    target = path or backups.default_path(settings.backup_dir, backups.database_name(url))
    which = f"tables {', '.join(tables)} and the history" if tables is not None else "the project"
    out.note(f"backup: pg_dump of {which} in {redact_url_of(url)} to {target} ...")
    made = backups.dump(url, major, target, tables=tables, on_progress=out.note)
    out.note(
        f"backup: {made.path} ({made.size / 1_000_000:.1f} MB, {made.entries} entries, "
        f"verified with pg_restore --list, {made.seconds:.1f} s, {made.pg_dump})"
    )
    if out.json_mode and path is not None:
        out.json(
            {
                "ok": True,
                "path": str(made.path),
                "bytes": made.size,
                "entries": made.entries,
                "pg_dump": str(made.pg_dump),
            }
        )


def _rehearse(
    out: Output,
    settings: "Settings",
    url: str,
    *,
    with_data: bool,
    keep: bool,
    verify: bool,
    fail_on: str,
) -> None:
    """migrate --rehearse: the run on a local copy; its exit code is the real run's."""
    from supatools.migrations.rehearse import rehearse
    from supatools.render import migrate as render

    def warn(message: str) -> None:
        out.note(f"warning: {message}")

    out.note(f"rehearsal: copying {redact_url_of(url)} into the local server (only read)")
    done = rehearse(
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
    from supatools.migrations.apply import MigrateResult

    assert isinstance(done.result, MigrateResult)
    render.migrate_result(out, done.result)
    out.note(f"rehearsal: nothing of {done.target} was written; {where}")
    if done.result.audit is not None and not done.result.audit.ok:
        from supatools.rls.audit import gate_message

        raise JobFailed("rehearsal: " + gate_message(done.result.audit))


def _backup_touched_tables(
    out: Output, settings: "Settings", url: str, only: str | None, include_all: bool
) -> None:
    """--backup-tables: the tables the pending migrations name (from their parse trees)
    that exist now, with the history; nothing to back up is said, not an error."""
    from supatools import backup as backups
    from supatools.db import connect
    from supatools.migrations import apply

    plan = apply.dry_run(settings, url, only=only, include_all=include_all)
    named = backups.touched_tables([s.text for p in plan.to_apply for s in p.statements])
    conn = connect(url, redacted=redact_url_of(url), application_name="supatools backup")
    try:
        existing = [
            name
            for name in named
            if conn.execute(
                "SELECT to_regclass(format('%%I.%%I', %s::text, %s::text)) IS NOT NULL",
                tuple(name.split(".", 1)),
            ).fetchone()
            == (True,)
        ]
    finally:
        conn.close()
    if not existing:
        out.note(
            "backup: none of the tables the pending migrations touch exists yet; nothing to back up"
        )
        return
    _take_backup(out, settings, url, tables=existing)


def redact_url_of(url: str) -> str:
    from supatools.settings import redact_url

    return redact_url(url)


@app.command("backup")
def backup_command(
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The dump file (default .supatools/backups/<UTC time>_<database>.dump).",
            show_default=False,
        ),
    ] = None,
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
) -> None:
    """A pg_dump (custom format) of the project's schemas and history, verified.

    Example: supatools backup   (then: supatools restore .supatools/backups/<file>.dump)
    """
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, local=local)
        url = database_url(settings, explicit_db_url=db_url is not None)
        if out_path is None:
            from supatools import backup as backups

            out_path = backups.default_path(settings.backup_dir, backups.database_name(url))
        _take_backup(out, settings, url, out_path)


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="A dump written by supatools backup.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation (CI).")] = False,
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
) -> None:
    """Restore a backup with pg_restore, in one transaction: the project's objects in
    the dump are dropped and re-created with their rows.

    Example: supatools restore .supatools/backups/20261201T101500Z_postgres.dump --yes
    """
    out = Output()
    with boundary(out):
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, local=local)
        url = database_url(settings, explicit_db_url=db_url is not None)
        shown = redact_url_of(url)
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError(
                    f"restoring {file} replaces the project's objects in {shown}; "
                    "confirm with --yes"
                )
            if not typer.confirm(f"Replace the project's objects in {shown} with {file}?"):
                raise UsageError("restore not confirmed; nothing was changed")
        from supatools import backup as backups

        backups.restore(url, backups.server_major_of(url), file)
        out.stdout.write(f"{shown}: restored {file}\n")


@app.command("verify-rls")
def verify_rls(
    schema: SchemaOpt = None,
    fail_on: FailOnOpt = "error",
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    policies_dir: Annotated[
        Path | None,
        typer.Option(
            "--policies-dir", help="Expectations folder (default policies/).", show_default=False
        ),
    ] = None,
    local: LocalOpt = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="text, json (same as --json) or sarif (SARIF 2.1.0 for GitHub code scanning).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Prove that every table the API can reach has RLS enabled and the policies it needs.

    Example: supatools verify-rls --local --fail-on warn
    """
    chosen = (format_ or ("json" if json_ else "text")).lower()
    out = Output(json_mode=chosen == "json")
    with boundary(out):
        if chosen not in ("text", "json", "sarif"):
            raise UsageError(f"--format {format_!r} is not one of text, json, sarif")
        if json_ and chosen != "json":
            raise UsageError(f"--json and --format {chosen} cannot be combined; choose one")
        level = check_level(fail_on)
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, schemas=schema, local=local, policies_dir=policies_dir)
        if policies_dir is not None and not settings.policies_dir.is_dir():
            raise UsageError(
                f"--policies-dir {settings.policies_dir} does not exist; create it or fix the path"
            )
        url = database_url(settings, explicit_db_url=db_url is not None)
        from supatools.db import connect
        from supatools.render import audit as render
        from supatools.rls.audit import audit
        from supatools.settings import redact_url

        conn = connect(
            url,
            redacted=redact_url(url),
            connect_timeout=settings.connect_timeout,
            application_name="supatools verify-rls",
        )
        try:
            result = audit(conn, settings, level)
        finally:
            conn.close()
        if chosen == "sarif":
            from supatools.rls.locate import creations

            out.json(render.sarif_document(result, creations(settings.migrations_dir), Path.cwd()))
        else:
            render.audit_result(out, result)
        if not result.ok:
            from supatools.rls.audit import gate_message

            raise JobFailed(gate_message(result))


@app.command()
def preflight(
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    supabase_url: Annotated[
        str | None,
        typer.Option("--supabase-url", help="Project URL (else SUPABASE_URL).", show_default=False),
    ] = None,
    schema: SchemaOpt = None,
    local: LocalOpt = False,
) -> None:
    """Check that the database URL and the service-role key work and carry the permissions
    the job needs. The key is read from SUPABASE_SERVICE_ROLE_KEY or SUPABASE_SECRET_KEY.

    Example: SUPABASE_URL=https://<ref>.supabase.co supatools preflight --json
    """
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, supabase_url=supabase_url, schemas=schema, local=local)
        from supatools.preflight import preflight as run_preflight
        from supatools.render import checks as render

        url = (
            database_url(settings, explicit_db_url=db_url is not None)
            if (settings.local or settings.db_url)
            else None
        )
        report = run_preflight(settings, url)
        render.preflight_report(out, report)
        if not report.ok:
            failed = [c.id for c in report.checks if c.status == "fail"]
            raise JobFailed(
                f"preflight: {len(failed)} check(s) failed ({', '.join(failed)}); "
                "fix them as their hints say, then run again"
            )


def _show_local(
    json_: bool, act: "Callable[[LocalServer], LocalStatus]", port: int | None = None
) -> None:
    """Run one ``supatools local`` action on this project's server and show its state."""
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools.local import LocalServer
        from supatools.render import local as render
        from supatools.settings import resolve

        settings = resolve(local_port=port)
        server = LocalServer.for_settings(settings)
        render.local_status(out, act(server))


@local_app.command("start")
def local_start(
    json_: JsonOpt = False,
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            help="Port on 127.0.0.1 (else SUPATOOLS_LOCAL_PORT, else a stable one per project).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start the embedded server (initialising it the first time).

    Example: supatools local start && psql "$(supatools local url)"
    """
    _show_local(json_, lambda server: server.describe(server.start()), port)


@local_app.command("stop")
def local_stop(json_: JsonOpt = False) -> None:
    """Stop the embedded server; its data stays in .supatools/local/.

    Example: supatools local stop
    """
    _show_local(json_, lambda server: server.stop())


@local_app.command("status")
def local_status(json_: JsonOpt = False) -> None:
    """Say whether the embedded server runs, where, which PostgreSQL and what extensions.

    Example: supatools local status --json
    """
    _show_local(json_, lambda server: server.describe())


@local_app.command("reset")
def local_reset(
    new_server: Annotated[
        bool,
        typer.Option(
            "--new-server",
            help="Data made by another PostgreSQL major: move it aside and start a new one.",
        ),
    ] = False,
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="Skip the RLS audit after applying.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Drop and re-create the local database, then apply the migrations and the seed.

    Example: supatools local reset
    """
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools.local import LocalServer
        from supatools.settings import resolve

        settings = resolve(local=True)
        server = LocalServer.for_settings(settings)
        discover_first = settings.migrations_dir  # read before the database is dropped
        from supatools.migrations.files import discover

        discover(discover_first)
        status = server.reset(new_server=new_server)
        out.note(f"reset the local database {status.url()}")
    # the same run as `migrate --local` on the fresh database: migrations, seed, audit
    migrate(local=True, no_verify=no_verify, json_=json_)


@local_app.command("url")
def local_url() -> None:
    """Print the embedded server's database URL (exit 3 when it is not running).

    Example: psql "$(supatools local url)"
    """
    out = Output()
    with boundary(out):
        from supatools.local import LocalServer
        from supatools.settings import resolve

        out.stdout.write(LocalServer(resolve().local_dir).status().url() + "\n")


def run(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv``; return the exit code. Every failure that is
    not a bug is one ``error:`` line on stderr (and, with ``--json``, one JSON document).

    An unexpected exception is a bug and still shows its traceback, but scrubbed of every
    known secret and without local variables.
    """
    from supatools import redact

    args = list(sys.argv[1:] if argv is None else argv)
    redact.forget_all()
    try:
        code = app(args=args, prog_name="supatools", standalone_mode=False)
        return int(code or 0)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        Output(json_mode="--json" in args).error("aborted", 3)
        return 3
    except typer.TyperException as exc:  # Click's usage errors: unknown flag, bad value
        exit_code = int(getattr(exc, "exit_code", 2) or 2)
        raw = str(getattr(exc, "format_message", exc.__str__)())
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare ``supatools``: the help
            sys.stderr.write(raw.rstrip() + "\n")
            return exit_code
        message = " ".join(raw.split())
        command = next((a for a in args if not a.startswith("-")), "")
        Output(json_mode="--json" in args).error(
            f"{message}; see 'supatools {command + ' ' if command else ''}--help'", exit_code
        )
        return exit_code
    except Exception:
        import traceback

        from supatools.render.output import learn_environment_secrets

        learn_environment_secrets()
        text = redact.scrub(traceback.format_exc())
        sys.stderr.write(text + "error: this is a bug in supatools; please report it\n")
        return 1


def main() -> None:
    """Console-script entry point."""
    raise SystemExit(run())
