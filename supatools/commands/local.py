"""``supatools local``: the embedded server's start, stop, status, reset and URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from supatools.commands.base import Outcome, Say

if TYPE_CHECKING:
    from supatools.local import LocalServer, LocalStatus
    from supatools.settings import Settings


def on_terminal(say: Say) -> Say | None:
    """``say`` when stderr is a terminal (a person waits for the cold start's steps), else
    None: logs and pipes get no progress lines."""
    import sys

    return say if sys.stderr.isatty() else None


def local(
    settings: Settings, act: Callable[[LocalServer], LocalStatus], say: Say | None = None
) -> Outcome[LocalStatus]:
    """Run one action on this project's server; its state afterwards. ``say``: the notes
    of a start (the grants era of a new database; its steps on a terminal)."""
    from supatools.local import LocalServer

    progress = on_terminal(say) if say is not None else None
    return Outcome(act(LocalServer.for_settings(settings, say=say, progress=progress)))


def local_reset(settings: Settings, new_server: bool) -> Outcome[LocalStatus]:
    """Drop and re-create the local database (the caller then runs migrate --local)."""
    from supatools.local import LocalServer
    from supatools.migrations.files import discover

    discover(settings.migrations_dir)  # read before the database is dropped
    return Outcome(LocalServer.for_settings(settings).reset(new_server=new_server))


def local_url(settings: Settings) -> Outcome[str]:
    """The running server's database URL (exit 3 when it is not running)."""
    from supatools.local import LocalServer

    return Outcome(LocalServer(settings.local_dir).status().url())
