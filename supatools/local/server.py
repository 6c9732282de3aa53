"""The local server's process: initdb, pg_ctl start and stop, and its state."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from supatools.errors import LocalServerError
from supatools.local.binaries import (
    STANDIN_MARK,
    find_bindir,
    server_major,
)
from supatools.local.database import (
    DEFAULT_SEARCH_PATH,
    MAINTENANCE_DB,
    bootstrap,
    ensure_database,
    recreate_database,
)
from supatools.local.files import (
    _file_lock,
    _give_tree,
    _last_line,
    _require_reachable,
    ignore_in_git,
    write_conf,
)
from supatools.local.ports import _free_port, _port_free, project_port
from supatools.local.process import die_with_parent

if TYPE_CHECKING:
    from supatools.settings import Settings


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
    #: the default-grants era the bootstrap applies ("legacy" | "explicit") and why
    grants: str | None = None
    grants_reason: str | None = None

    def url(self, database: str = "postgres") -> str:
        """A connection URL for ``database`` (trust auth: no password)."""
        if not self.running or self.port is None:
            raise LocalServerError(
                f"the local server in {self.data_dir} is not running; start it with "
                "'supatools local start'"
            )
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"


class LocalServer:
    """One embedded PostgreSQL whose files live under ``data_dir``."""

    def __init__(
        self,
        data_dir: Path,
        grants: str = "explicit",
        port: int | None = None,
        search_path: tuple[str, ...] = DEFAULT_SEARCH_PATH,
        grants_reason: str = "given by the caller",
        say: Callable[[str], None] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.data_dir = data_dir.resolve()
        self.grants = grants
        self.grants_reason = grants_reason
        #: ``say``: notes always shown; ``progress``: the cold start's steps, when wanted
        self.say = say or (lambda _: None)
        self.progress = progress or (lambda _: None)
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
                preexec_fn=die_with_parent(),
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
            return self._state(False, None, None, bindir)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return self._state(False, None, None, bindir)
        except PermissionError:
            pass  # alive, owned by the server account
        return self._state(True, port, pid, bindir)

    def _state(
        self, running: bool, port: int | None, pid: int | None, bindir: Path | None
    ) -> LocalStatus:
        return LocalStatus(
            running,
            self.data_dir,
            port,
            pid,
            bindir,
            grants=self.grants,
            grants_reason=self.grants_reason,
        )

    def _settled(self, timeout: float = 60) -> LocalStatus:
        """The server's status once it is neither starting nor stopping. A ``local start``
        or ``reset`` killed while its pg_ctl waited leaves a server starting: its
        ``postmaster.pid`` has no status line yet (no socket to connect to), then says
        ``starting``; a fast stop leaves one ``stopping`` until its process ends. Past
        ``timeout``, the status as it is (the connection then says what is wrong)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            current = self.status()
            if not current.running or time.monotonic() >= deadline:
                return current
            try:
                lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
            except OSError:
                return self.status()
            if len(lines) >= 8 and lines[7].strip() not in ("starting", "stopping"):
                return current
            time.sleep(0.05)

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
        write_conf(self.pgdata, bindir, self._run_as())

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
        current = self._settled()
        if current.running:
            self._bootstrap(current)
            return current
        bindir = find_bindir()
        owner = self._run_as()
        if owner:
            _give_tree(self.data_dir, owner)
        self._require_same_major(bindir)
        created = not (self.pgdata / "PG_VERSION").exists()
        if created:
            self.progress(f"local: initialising a PostgreSQL data folder in {self.pgdata} (initdb)")
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
        self.progress(f"local: starting PostgreSQL on 127.0.0.1:{port}")
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
        self.progress("local: preparing the database like a Supabase project (bootstrap)")
        self._bootstrap(status)
        if created:
            self.say(
                f"local: the new local database has the {self.grants} default grants: "
                f"{self.grants_reason}; set [tool.supatools.local] grants (or "
                "SUPATOOLS_LOCAL_GRANTS) to choose"
            )
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
        from supatools.redact import show_url

        current = status if status is not None else self.status()
        if not current.running:
            return current
        current = self._settled()
        if not current.running:
            return current
        if ensure_database(current.url(MAINTENANCE_DB)):
            self._bootstrap(current)  # a reset killed mid-way had left it missing
        url = current.url()
        conn = connect(url, redacted=show_url(url), application_name="supatools local")
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
        recreate_database(status.url(MAINTENANCE_DB))
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
    def for_settings(
        cls,
        settings: Settings,
        say: Callable[[str], None] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> LocalServer:
        """The project's local server as its settings describe it; its grants era is
        :func:`supatools.era.decide`'s (the setting, else the first migration's date)."""
        from supatools import era

        chosen = "auto" if settings.local_grants_source == "default" else settings.local_grants
        grants, why = era.decide(chosen, settings.local_grants_source, settings.migrations_dir)
        return cls(
            settings.local_dir,
            grants,
            settings.local_port,
            settings.search_path,
            grants_reason=why,
            say=say,
            progress=progress,
        )

    def _bootstrap(self, status: LocalStatus) -> None:
        ensure_database(status.url(MAINTENANCE_DB))
        bootstrap(status.url(), self.grants, self.search_path)
