"""The checks and authoring on the command line: new, lint, verify-rls and preflight."""

from pathlib import Path
from typing import Annotated

import typer

from supatools.cli_app import (
    DbUrlOpt,
    FailOnOpt,
    JsonOpt,
    LocalOpt,
    MigrationsDirOpt,
    ReportFormatOpt,
    SchemaOpt,
    boundary,
    check_level,
    check_report_format,
    report_format,
)
from supatools.errors import UsageError
from supatools.render.output import Output


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
        linted = commands.lint(settings, paths, level)
        render.lint_result(out, linted.value, fmt, level, Path.cwd())
        linted.raise_if_failed()


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
    format_: ReportFormatOpt = None,
) -> None:
    """Prove that every table the API can reach has RLS enabled and the policies it needs.

    Example: supatools verify-rls --local --fail-on warn
    """
    chosen = report_format(format_, json_)
    out = Output(json_mode=chosen == "json")
    with boundary(out):
        check_report_format(chosen, format_, json_)
        level = check_level(fail_on)
        from supatools.settings import resolve

        settings = resolve(db_url=db_url, schemas=schema, local=local, policies_dir=policies_dir)
        if policies_dir is not None and not settings.policies_dir.is_dir():
            raise UsageError(
                f"--policies-dir {settings.policies_dir} does not exist; create it or fix the path"
            )
        from supatools import commands
        from supatools.render import audit as render

        audited = commands.verify_rls(settings, level)
        result = audited.value
        if chosen == "sarif":
            locations = commands.audit_locations(settings)
            out.json(render.sarif_document(result, locations, Path.cwd()))
        else:
            render.audit_result(out, result)
        audited.raise_if_failed()


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

        checked = commands.preflight(settings)
        render.preflight_report(out, checked.value)
        checked.raise_if_failed()
