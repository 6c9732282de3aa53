"""``supatools drift`` on the command line."""

from typing import Annotated

import typer

from supatools.cli_app import DbUrlOpt, JsonOpt, LocalOpt, MigrationsDirOpt, boundary
from supatools.errors import UsageError
from supatools.render.output import Output


def drift(
    db_url: DbUrlOpt = None,
    local: LocalOpt = False,
    migrations_dir: MigrationsDirOpt = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Compare with this database instead of replaying the applied migrations.",
            show_default=False,
        ),
    ] = None,
    write: Annotated[
        str | None,
        typer.Option(
            "--write",
            help="Write a migration NAME that keeps the live state of what drifted.",
            show_default=False,
        ),
    ] = None,
    json_: JsonOpt = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="text, json (same as --json) or sarif (SARIF 2.1.0 for GitHub code scanning).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find what changed in the database outside migrations (security drift fails).

    Example: supatools drift --db-url "$SUPABASE_DB_URL"
    """
    chosen = (format_ or ("json" if json_ else "text")).lower()
    out = Output(json_mode=chosen in ("json", "sarif"))
    with boundary(out):
        if chosen not in ("text", "json", "sarif"):
            raise UsageError(f"--format {format_!r} is not one of text, json, sarif")
        if json_ and chosen != "json":
            raise UsageError(f"--json and --format {chosen} cannot be combined; choose one")
        from supatools import commands
        from supatools.render import drift as render
        from supatools.settings import resolve

        settings = resolve(migrations_dir=migrations_dir, db_url=db_url, local=local)
        found = commands.drift(settings, against=against, write=write, on_warning=out.note)
        if chosen == "sarif":
            out.json(render.sarif_document(found.value))
        else:
            render.drift_report(out, found.value)
        found.raise_if_failed()
