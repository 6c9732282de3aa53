"""The command line: options in, one core call, results out.

This module is the one boundary where ``SupatoolsError`` becomes ``error: …`` on
stderr and the contract's exit code.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supatools import __version__
from supatools.errors import SupatoolsError, UsageError
from supatools.render.output import Output

if TYPE_CHECKING:
    from supatools.local import LocalServer, LocalStatus
    from supatools.migrations.losses import Loss

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

MigrationsDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--migrations-dir", help="Migrations folder (default migrations/).", show_default=False
    ),
]
NoVerifyOpt = Annotated[bool, typer.Option("--no-verify", help="Skip the RLS audit after the run.")]


def check_level(level: str) -> str:
    """Validate ``--fail-on``."""
    if level not in ("error", "warn", "info"):
        raise UsageError(f"--fail-on {level!r}: use error, warn or info")
    return level


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
    migrations_dir: MigrationsDirOpt = None,
    no_verify: NoVerifyOpt = False,
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
        from supatools import commands
        from supatools.render import migrate as render

        def warn(message: str) -> None:
            out.note(f"warning: {message}")

        explicit = db_url is not None
        if list_:
            render.migration_list(out, commands.migration_list(settings, warn).value)
            return
        if status:
            listed = commands.migration_status(settings, explicit, warn)
            database, entries = listed.value
            render.migration_status(out, database, entries, ok=listed.ok)
            listed.raise_if_failed()
            return
        if dry_run:
            planned = commands.migration_dry_run(
                settings, explicit, only=file, include_all=include_all, warn=warn
            )
            render.migrate_result(out, planned.value)
            return
        if rehearse:
            rehearsed = commands.rehearse(
                settings,
                explicit,
                with_data=with_data,
                keep=keep,
                verify=not no_verify,
                fail_on=level,
                warn=warn,
                say=out.note,
            )
            from supatools.migrations.apply import MigrateResult

            assert isinstance(rehearsed.value.result, MigrateResult)
            render.migrate_result(out, rehearsed.value.result)
            rehearsed.raise_if_failed()
            return
        reporters: list[render.ProgressReporter] = []

        def progress(folder: str, database: str) -> render.ProgressReporter:
            reporters.append(render.ProgressReporter(out, Path(folder), database))
            return reporters[-1]

        try:
            applied = commands.migrate(
                settings,
                explicit,
                only=file,
                include_all=include_all,
                atomic=atomic,
                verify=not no_verify,
                fail_on=level,
                backup=backup,
                backup_tables=backup_tables,
                progress=progress,
                warn=warn,
                say=out.note,
            )
        finally:
            for reporter in reporters:
                reporter.close()
        render.migrate_result(out, applied.value)
        applied.raise_if_failed()


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
    yes: Annotated[
        bool,
        typer.Option("--yes", help="Do not ask before destroying rows (CI)."),
    ] = False,
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
    migrations_dir: MigrationsDirOpt = None,
    no_verify: NoVerifyOpt = False,
    fail_on: FailOnOpt = "error",
) -> None:
    """Run the .down.sql of applied migrations, newest first, each with its history rows.
    Statements that destroy rows are listed with their tables' live row counts, and
    asked about (or --yes).

    Example: supatools rollback --last 1 --dry-run
    """
    out = Output(json_mode=json_)
    with boundary(out):
        level = check_level(fail_on)
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, migrations_dir=migrations_dir, local=local)
        from supatools import commands
        from supatools.render import migrate as render

        def confirm(losses: "tuple[Loss, ...]") -> bool:
            # as restore: no terminal to ask on (CI, a pipe) and no --yes is refused
            if yes:
                return True
            if not sys.stdin.isatty():
                return False
            for loss in losses:
                out.note(loss.describe())
            return typer.confirm("Roll back, destroying these rows?", err=True)

        done = commands.rollback(
            settings,
            db_url is not None,
            to=to,
            last=last,
            dry_run=dry_run,
            verify=not no_verify,
            fail_on=level,
            confirm=confirm,
        )
        render.rollback_result(out, done.value)
        done.raise_if_failed()


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
        from supatools import commands
        from supatools.settings import resolve

        made = commands.new(resolve(migrations_dir=migrations_dir), name, down).value
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
    output_format: Annotated[
        str, typer.Option("--format", help="text, json, sarif or github (annotations).")
    ] = "text",
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
    if fmt not in ("text", "json", "sarif", "github"):
        raise_usage = UsageError(f"--format {fmt!r}: use text, json, sarif or github")
    else:
        raise_usage = None
    out = Output(json_mode=fmt in ("json", "sarif"))
    with boundary(out):
        if raise_usage is not None:
            raise raise_usage
        level = check_level(fail_on)
        from supatools import commands
        from supatools.render import lint as render
        from supatools.settings import resolve

        settings = resolve(
            migrations_dir=migrations_dir, schemas=schema, db_url=db_url, local=local
        )
        linted = commands.lint(
            settings, paths, level, db_url is not None or local, db_url is not None
        )
        render.lint_result(out, linted.value, fmt, level, Path.cwd())
        linted.raise_if_failed()


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
        from supatools import commands
        from supatools.render import migrate as render

        adopted = commands.baseline(
            settings,
            db_url is not None,
            version=version,
            from_table=from_table,
            column=column,
            dry_run=dry_run,
        )
        render.adopt_result(out, adopted.value)


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
        from supatools import commands
        from supatools.render import migrate as render

        repaired = commands.repair(settings, db_url is not None, status, list(versions), dry_run)
        render.adopt_result(out, repaired.value)


@app.command("backup")
def backup_command(
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The dump file, or a folder for a new one (default "
            ".supatools/backups/<UTC time>_<database>.dump).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace an existing --out file (only once the new dump verified)."
        ),
    ] = False,
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
        from supatools import commands

        made = commands.backup(settings, db_url is not None, out_path, out.note, force).value
        if out.json_mode:
            out.json(
                {
                    "ok": True,
                    "path": str(made.path),
                    "bytes": made.size,
                    "entries": made.entries,
                    "pg_dump": str(made.pg_dump),
                }
            )


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="A dump written by supatools backup.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation (CI).")] = False,
    other_database: Annotated[
        bool,
        typer.Option(
            "--other-database",
            help="The target is meant to be another database than the one dumped "
            "(a copy, a new project): skip the same-database check.",
        ),
    ] = False,
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
        from supatools import commands

        def confirm(question: str) -> bool:
            # no terminal to ask on (CI, a pipe) and no --yes: refused, never assumed
            return yes or (sys.stdin.isatty() and typer.confirm(question))

        restored = commands.restore(settings, db_url is not None, file, confirm, other_database)
        out.stdout.write(restored.value + "\n")


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
        from supatools import commands
        from supatools.render import audit as render

        audited = commands.verify_rls(settings, db_url is not None, level)
        result = audited.value
        if chosen == "sarif":
            from supatools.rls.locate import creations

            out.json(render.sarif_document(result, creations(settings.migrations_dir), Path.cwd()))
        else:
            render.audit_result(out, result)
        audited.raise_if_failed()


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
        from supatools import commands
        from supatools.render import checks as render

        checked = commands.preflight(settings, db_url is not None)
        render.preflight_report(out, checked.value)
        checked.raise_if_failed()


def _show_local(
    json_: bool, act: "Callable[[LocalServer], LocalStatus]", port: int | None = None
) -> None:
    """Run one ``supatools local`` action on this project's server and show its state."""
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools import commands
        from supatools.render import local as render
        from supatools.settings import resolve

        render.local_status(out, commands.local(resolve(local_port=port), act).value)


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
    no_verify: NoVerifyOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Drop and re-create the local database, then apply the migrations and the seed.

    Example: supatools local reset
    """
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools import commands
        from supatools.settings import resolve

        status = commands.local_reset(resolve(local=True), new_server).value
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
    except KeyboardInterrupt:  # Ctrl-C outside a command's boundary (parsing its options)
        Output(json_mode="--json" in args).error("interrupted", 3)
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


def _watched() -> bool:
    """Whether a debugger, tracer, profiler or coverage watches this process (their
    results are written at exit): ``sys.settrace``/``setprofile`` and, from Python 3.12,
    ``sys.monitoring`` tools (cProfile and coverage register there)."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is not None and any(monitoring.get_tool(i) for i in range(6)):
        return True
    return "coverage" in sys.modules


def main() -> None:
    """Console-script entry point: run, then leave without tearing the interpreter down.

    Everything a command opens it also closes (connections, files, servers it stops,
    temporary folders: all in ``with`` blocks or ``finally``), so what is left at the end
    is the interpreter's own teardown: freeing every module and object one by one, 10 ms
    after ``--help`` and about 80 ms after a 400-migration run, for nothing. Once stdout
    and stderr are flushed the process ends there, as mypy does. Not when a tracer, a
    profiler or coverage is watching the process: they write their results at exit.
    """
    code = run()
    if _watched():
        raise SystemExit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (supatools … | head): nothing to add
            pass
    os._exit(code)
