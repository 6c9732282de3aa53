"""What every command shares: the outcome it returns, the database it works on, and the
one way it opens a connection to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from supatools.errors import ConfigError, JobFailed, SupatoolsError, UsageError

if TYPE_CHECKING:
    from supatools.db import Conn
    from supatools.rls.audit import AuditResult
    from supatools.settings import Settings

T = TypeVar("T")
Say = Callable[[str], None]


def quiet(_: str) -> None:
    """A ``Say`` that says nothing."""
    return None


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a command did: the core's result, and when it failed, why (one line) and as
    which error of the contract (its exit code)."""

    value: T
    ok: bool = True
    message: str = ""
    error: type[SupatoolsError] = JobFailed

    def raise_if_failed(self) -> None:
        if not self.ok:
            raise self.error(self.message)


@dataclass(frozen=True)
class Target:
    """The database a command works on."""

    url: str = field(repr=False)  # holds the password: never printed
    #: the URL as it may be shown (password masked)
    shown: str
    #: where the URL came from: ``flag``, ``environment SUPABASE_DB_URL``, ``--local``, ...
    source: str

    @property
    def explicit(self) -> bool:
        """Given on the command line (``--db-url``)."""
        return self.source == "flag"


def target(settings: Settings, warn: Say | None = None) -> Target:
    """The database to work on: ``--local``'s embedded server (started if needed) or the
    configured URL, checked before anything connects (a URL that cannot mean what it
    says is bad input, exit 2)."""
    from supatools.redact import show_url

    if settings.local:
        if settings.db_url_source == "flag":
            raise UsageError("--local and --db-url both given; choose one")
        url = _local_url(settings, warn)
        return Target(url, show_url(url), "--local")
    if not settings.db_url:
        raise ConfigError(
            "no database URL: pass --db-url, or set SUPABASE_DB_URL (or DATABASE_URL), or use "
            "--local for the embedded server"
        )
    from supatools.db import check_url

    check_url(settings.db_url)
    return Target(settings.db_url, show_url(settings.db_url), settings.db_url_source)


def _local_url(settings: Settings, warn: Say | None) -> str:
    from supatools.local import LocalServer, server_major

    status = LocalServer.for_settings(settings).start()
    if warn is not None and settings.project_major and status.bindir:
        running = server_major(status.bindir)
        if running != settings.project_major:
            warn(
                f"supabase/config.toml says the project runs PostgreSQL "
                f"{settings.project_major} ([db] major_version); the local server is "
                f"PostgreSQL {running} ({status.bindir}): point SUPATOOLS_PG_BINDIR at a "
                f"PostgreSQL {settings.project_major} installation to match it"
            )
    return status.url()


@contextmanager
def connection(
    where: Target, application: str, connect_timeout: int | None = None
) -> Iterator[Conn]:
    """An autocommit connection to ``where``, closed when the block ends; every failure
    to connect is the one-line ``ConnectError``."""
    from supatools.db import connect

    extra = {} if connect_timeout is None else {"connect_timeout": connect_timeout}
    conn = connect(
        where.url, redacted=where.shown, application_name=f"supatools {application}", **extra
    )
    try:
        yield conn
    finally:
        conn.close()


def gate(audit: AuditResult | None, suffix: str = "") -> tuple[bool, str]:
    """The RLS gate's verdict on ``audit``: whether it passed, and the message when not."""
    if audit is None or audit.ok:
        return True, ""
    from supatools.rls.audit import gate_message

    return False, gate_message(audit) + suffix
