"""``supatools migrate``: its options, and which use case of the migrate family they ask for."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from supatools.cli_app import (
    DbUrlOpt,
    FailOnOpt,
    JsonOpt,
    LocalOpt,
    MigrationsDirOpt,
    NoVerifyOpt,
    boundary,
    check_level,
)
from supatools.errors import UsageError
from supatools.render.output import Output

if TYPE_CHECKING:
    from supatools.settings import Settings


_DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Print the plan and its SQL; write nothing.")
]
_ListOpt = Annotated[
    bool, typer.Option("--list", help="List local migrations (no database needed).")
]
_StatusOpt = Annotated[
    bool, typer.Option("--status", help="Local files and applied history side by side.")
]
_FileOpt = Annotated[
    str | None,
    typer.Option(
        "--file",
        help="Apply only this pending migration (file name or version).",
        show_default=False,
    ),
]
_IncludeAllOpt = Annotated[
    bool,
    typer.Option(
        "--include-all", help="Also apply pending migrations older than the newest applied one."
    ),
]
_AtomicOpt = Annotated[
    bool,
    typer.Option(
        "--atomic",
        help="All pending migrations in one transaction, committed only if the audit passes.",
    ),
]
_RehearseOpt = Annotated[
    bool,
    typer.Option(
        "--rehearse",
        help="Copy the target into the local server, apply and audit there; "
        "the target is only read.",
    ),
]
_WithDataOpt = Annotated[
    bool, typer.Option("--with-data", help="--rehearse with the rows too (small databases).")
]
_KeepOpt = Annotated[
    bool, typer.Option("--keep", help="--rehearse: keep the local copy and print its URL.")
]
_BackupOpt = Annotated[
    bool,
    typer.Option(
        "--backup",
        help="pg_dump the database first (verified); a failed backup stops the run.",
    ),
]
_BackupTablesOpt = Annotated[
    bool,
    typer.Option(
        "--backup-tables",
        help="Like --backup, but only the tables the pending migrations touch.",
    ),
]
_SeedOpt = Annotated[
    bool,
    typer.Option(
        "--seed",
        help="Apply supabase/seed.sql after the migrations (automatic on a fresh --local).",
    ),
]
_StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse files that are not atomic as written (COMMIT mid-file, CONCURRENTLY).",
    ),
]
_LockTimeoutOpt = Annotated[
    str | None,
    typer.Option(
        "--lock-timeout",
        help="lock_timeout for migration statements: 10s, 500ms, 2min [10s].",
        show_default=False,
    ),
]
_StatementTimeoutOpt = Annotated[
    str | None,
    typer.Option(
        "--statement-timeout",
        help="statement_timeout for migration statements, e.g. 5min [server's].",
        show_default=False,
    ),
]
_LockWaitOpt = Annotated[
    str | None,
    typer.Option(
        "--lock-wait",
        help="How long to wait for another run's lock: 60s, 2min, 500ms [60s].",
        show_default=False,
    ),
]


def migrate(
    dry_run: _DryRunOpt = False,
    list_: _ListOpt = False,
    status: _StatusOpt = False,
    file: _FileOpt = None,
    include_all: _IncludeAllOpt = False,
    json_: JsonOpt = False,
    db_url: DbUrlOpt = None,
    migrations_dir: MigrationsDirOpt = None,
    no_verify: NoVerifyOpt = False,
    atomic: _AtomicOpt = False,
    fail_on: FailOnOpt = "error",
    local: LocalOpt = False,
    rehearse: _RehearseOpt = False,
    with_data: _WithDataOpt = False,
    keep: _KeepOpt = False,
    backup: _BackupOpt = False,
    backup_tables: _BackupTablesOpt = False,
    seed: _SeedOpt = False,
    strict: _StrictOpt = False,
    lock_timeout: _LockTimeoutOpt = None,
    statement_timeout: _StatementTimeoutOpt = None,
    lock_wait: _LockWaitOpt = None,
) -> None:
    """Apply pending migrations in version order, each atomically and exactly once.

    Example: supatools migrate --local   (or: SUPABASE_DB_URL=postgresql://... supatools migrate)
    """
    out = Output(json_mode=json_)
    with boundary(out):
        _one_mode(dry_run=dry_run, list_=list_, status=status, rehearse=rehearse)
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

        if list_ or status or dry_run:
            _look(out, settings, warn, list_=list_, status=status, only=file, all_=include_all)
            return
        if rehearse:
            rehearsed = commands.rehearse(
                settings,
                with_data=with_data,
                keep=keep,
                verify=not no_verify,
                fail_on=level,
                warn=warn,
                say=out.note,
            )
            render.migrate_result(out, commands.rehearsed_run(rehearsed.value))
            rehearsed.raise_if_failed()
            return
        _apply(
            out,
            settings,
            warn,
            only=file,
            include_all=include_all,
            atomic=atomic,
            verify=not no_verify,
            fail_on=level,
            backup=backup,
            backup_tables=backup_tables,
        )


def _one_mode(**modes: bool) -> None:
    """``--dry-run``, ``--list``, ``--status`` and ``--rehearse`` exclude each other."""
    chosen = [f"--{name.rstrip('_').replace('_', '-')}" for name, on in modes.items() if on]
    if len(chosen) > 1:
        raise UsageError(f"{' and '.join(chosen)} cannot be combined; choose one")


def _look(
    out: Output,
    settings: "Settings",
    warn: "Callable[[str], None]",
    *,
    list_: bool,
    status: bool,
    only: str | None,
    all_: bool,
) -> None:
    """The modes that only look: ``--list``, ``--status`` and ``--dry-run``."""
    from supatools import commands
    from supatools.render import migrate as render

    if list_:
        render.migration_list(out, commands.migration_list(settings, warn).value)
    elif status:
        listed = commands.migration_status(settings, warn)
        database, entries = listed.value
        render.migration_status(out, database, entries, ok=listed.ok)
        listed.raise_if_failed()
    else:
        planned = commands.migration_dry_run(settings, only=only, include_all=all_, warn=warn)
        render.migrate_result(out, planned.value)


def _apply(out: Output, settings: "Settings", warn: "Callable[[str], None]", **asked: Any) -> None:
    """The run itself, with a progress line per migration while it goes."""
    from supatools import commands
    from supatools.render import migrate as render

    reporters: list[render.ProgressReporter] = []

    def progress(folder: str, database: str) -> render.ProgressReporter:
        reporters.append(render.ProgressReporter(out, Path(folder), database))
        return reporters[-1]

    try:
        applied = commands.migrate(settings, progress=progress, warn=warn, say=out.note, **asked)
    finally:
        for reporter in reporters:
            reporter.close()
    render.migrate_result(out, applied.value)
    applied.raise_if_failed()
