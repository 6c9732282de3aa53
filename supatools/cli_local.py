"""``supatools local`` on the command line: start, stop, status, reset and url."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from supatools.cli_app import (
    JsonOpt,
    NoVerifyOpt,
    boundary,
)
from supatools.cli_migrate import migrate
from supatools.render.output import Output

if TYPE_CHECKING:
    from supatools.local import LocalServer, LocalStatus


def _show_local(
    json_: bool, act: "Callable[[LocalServer], LocalStatus]", port: int | None = None
) -> None:
    """Run one ``supatools local`` action on this project's server and show its state."""
    out = Output(json_mode=json_)
    with boundary(out):
        from supatools import commands
        from supatools.render import local as render
        from supatools.settings import resolve

        render.local_status(out, commands.local(resolve(local_port=port), act, say=out.note).value)


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


def local_stop(json_: JsonOpt = False) -> None:
    """Stop the embedded server; its data stays in .supatools/local/.

    Example: supatools local stop
    """
    _show_local(json_, lambda server: server.stop())


def local_status(json_: JsonOpt = False) -> None:
    """Say whether the embedded server runs, where, which PostgreSQL and what extensions.

    Example: supatools local status --json
    """
    _show_local(json_, lambda server: server.describe())


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


def local_url() -> None:
    """Print the embedded server's database URL (exit 3 when it is not running).

    Example: psql "$(supatools local url)"
    """
    out = Output()
    with boundary(out):
        from supatools import commands
        from supatools.settings import resolve

        out.stdout.write(commands.local_url(resolve()).value + "\n")
