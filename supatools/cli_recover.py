"""Recovery and adoption on the command line: rollback, baseline, repair, backup, restore."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from supatools.render.output import Output

if TYPE_CHECKING:
    from supatools.migrations.losses import Loss


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
        from supatools.render import recover as render

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
            to=to,
            last=last,
            dry_run=dry_run,
            verify=not no_verify,
            fail_on=level,
            confirm=confirm,
        )
        render.rollback_result(out, done.value)
        done.raise_if_failed()


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
        from supatools.render import recover as render

        adopted = commands.baseline(
            settings,
            version=version,
            from_table=from_table,
            column=column,
            dry_run=dry_run,
        )
        render.adopt_result(out, adopted.value)


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
        from supatools.render import recover as render

        repaired = commands.repair(settings, status, list(versions), dry_run)
        render.adopt_result(out, repaired.value)


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

        made = commands.backup(settings, out_path, out.note, force).value
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

        restored = commands.restore(settings, file, confirm, other_database)
        out.stdout.write(restored.value + "\n")
