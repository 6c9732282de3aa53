"""What every command shares: the outcome it returns, the database it works on, and the
one way it opens a connection to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

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


class _Frozen:
    """What ``@dataclass(frozen=True)`` gives, written once for the two classes below:
    immutable fields (``FrozenInstanceError``), equality and hash over every field in
    order, and a repr of the fields that may be shown. Every command imports them, and a
    dataclass compiles its generated methods at every start (1.4 ms for these two)."""

    #: every field, in order, and those a repr shows
    _order: tuple[str, ...] = ()
    _shown: tuple[str, ...] = ()

    def __init__(self, **values: Any) -> None:
        for name in self._order:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: object) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._order)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, _Frozen)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{self.__class__.__qualname__}({shown})"


class Outcome(_Frozen, Generic[T]):
    """What a command did: the core's result, and when it failed, why (one line) and as
    which error of the contract (its exit code)."""

    _order = _shown = __match_args__ = ("value", "ok", "message", "error")
    value: T
    ok: bool
    message: str
    error: type[SupatoolsError]

    def __init__(
        self,
        value: T,
        ok: bool = True,
        message: str = "",
        error: type[SupatoolsError] = JobFailed,
    ) -> None:
        super().__init__(value=value, ok=ok, message=message, error=error)

    def raise_if_failed(self) -> None:
        if not self.ok:
            raise self.error(self.message)


class Target(_Frozen):
    """The database a command works on."""

    _order = __match_args__ = ("url", "shown", "source")
    _shown = ("shown", "source")  # the url holds the password: never printed
    url: str
    #: the URL as it may be shown (password masked)
    shown: str
    #: where the URL came from: ``flag``, ``environment SUPABASE_DB_URL``, ``--local``, ...
    source: str

    def __init__(self, url: str, shown: str, source: str) -> None:
        super().__init__(url=url, shown=shown, source=source)

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
