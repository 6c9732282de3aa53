"""What every command of the CLI shares: the Typer app, the one boundary where
``SupatoolsError`` becomes ``error: …`` on stderr and the contract's exit code, and the
options several commands repeat."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supatools import __version__
from supatools.errors import SupatoolsError, UsageError

if TYPE_CHECKING:
    from supatools.render.output import Output


def new_app() -> typer.Typer:
    """The app without its commands: its name, help and options (``--version``,
    ``--workdir``). ``cli.command_line`` registers the commands a run needs on it."""
    app = typer.Typer(
        name="supatools",
        help="Migrate, audit Row Level Security and preflight credentials for Supabase projects.",
        no_args_is_help=True,
        # --install-completion / --show-completion: free at start-up, typer.main imports its
        # completion module either way (measured: README, Shell completion)
        add_completion=True,
        pretty_exceptions_enable=False,  # a traceback must never show local variables (keys)
        rich_markup_mode=None,
    )
    app.callback()(main_callback)
    return app


def new_local_app() -> typer.Typer:
    """``supatools local``'s group without its commands."""
    return typer.Typer(
        help="An embedded PostgreSQL prepared like a Supabase project (data in .supatools/local/).",
        no_args_is_help=True,
    )


@contextmanager
def boundary(out: "Output") -> Iterator[None]:
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


def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    workdir: Annotated[
        Path | None,
        typer.Option(
            "--workdir",
            help="Project root (else SUPATOOLS_WORKDIR, else searched upward from here).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Migrate, audit Row Level Security and preflight credentials for Supabase projects."""
    from supatools import workdir as project

    project.choose(workdir)


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
ReportFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="text, json (same as --json) or sarif (SARIF 2.1.0 for GitHub code scanning).",
        show_default=False,
    ),
]


def report_format(format_: str | None, json_: bool) -> str:
    """What ``--format`` (text, json, sarif; ``--json`` meaning json) asks for, lowercased;
    :func:`check_report_format` refuses it, inside the command's boundary."""
    return (format_ or ("json" if json_ else "text")).lower()


def check_report_format(chosen: str, format_: str | None, json_: bool) -> None:
    """Exit 2 for a format that is none of text, json, sarif, or one beside ``--json``."""
    if chosen not in ("text", "json", "sarif"):
        raise UsageError(f"--format {format_!r} is not one of text, json, sarif")
    if json_ and chosen != "json":
        raise UsageError(f"--json and --format {chosen} cannot be combined; choose one")


def check_level(level: str) -> str:
    """``--fail-on`` as a level (``warning`` is ``warn``, as the Supabase CLI spells it)."""
    from supatools.levels import normalise

    chosen = normalise(level)
    if chosen is None:
        raise UsageError(f"--fail-on {level!r}: use error, warn (or warning) or info")
    return chosen
