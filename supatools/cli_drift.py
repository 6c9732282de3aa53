"""``supatools drift`` on the command line."""

from typing import Annotated

import typer

from supatools.cli_app import (
    DbUrlOpt,
    JsonOpt,
    LocalOpt,
    MigrationsDirOpt,
    ReportFormatOpt,
    boundary,
    check_report_format,
    report_format,
)
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
    format_: ReportFormatOpt = None,
) -> None:
    """Find what changed in the database outside migrations (security drift fails).

    Example: supatools drift --db-url "$SUPABASE_DB_URL"
    """
    chosen = report_format(format_, json_)
    out = Output(json_mode=chosen in ("json", "sarif"))
    with boundary(out):
        check_report_format(chosen, format_, json_)
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
