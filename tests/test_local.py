"""`supatools local` under odd permissions and races (issue 7 items 8, 9 and 20)."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from supatools.errors import LocalServerError
from supatools.local import LocalServer, _give_tree, _require_reachable
from tests.conftest import project_on_a_free_port, world_readable_tmpdir

ROOT = os.geteuid() == 0


@pytest.mark.skipif(not ROOT, reason="chown needs root; CI runs as root")
def test_giving_the_data_folder_to_the_server_never_follows_a_symlink(tmp_path: Path) -> None:
    """Item 8: a symlink planted in the data folder must not hand its target over."""
    server_uid = pwd.getpwnam("postgres").pw_uid if _has("postgres") else 65534
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    outside = tmp_path / "root_only.txt"
    outside.write_text("root's")
    (data / "sub" / "planted").symlink_to(outside)
    (data / "linked_dir").symlink_to(tmp_path)
    _give_tree(data, (server_uid, server_uid))
    assert outside.stat().st_uid == 0 and tmp_path.stat().st_uid == 0
    assert os.lstat(data / "sub" / "planted").st_uid == server_uid
    assert (data / "sub").stat().st_uid == server_uid


def _has(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def test_a_folder_the_server_cannot_enter_stops_with_a_line_and_is_not_chmodded() -> None:
    """Item 8: a 0700 home stays 0700; supatools says what to do instead."""
    private = world_readable_tmpdir("supatools-perm-") / "home"
    (private / "project").mkdir(parents=True)
    private.chmod(0o700)
    nobody = (65534, 65534)
    with pytest.raises(LocalServerError, match="cannot reach .*home"):
        _require_reachable(private / "project" / ".supatools", nobody)
    assert stat.S_IMODE(private.stat().st_mode) == 0o700


def test_local_folder_that_is_a_file_is_one_clear_error(tmp_path: Path) -> None:
    """Item 9: `.supatools/local` being a file."""
    (tmp_path / ".supatools").mkdir()
    (tmp_path / ".supatools" / "local").write_text("not a folder")
    with pytest.raises(LocalServerError, match="is not a folder"):
        LocalServer(tmp_path / ".supatools" / "local").start()


def test_unwritable_project_folder_is_one_clear_error() -> None:
    """Item 9: an unwritable cwd. Root can write anywhere, so as root the check runs in a
    forked child that has given up root (uid 65534), as a normal user would run it."""
    root = world_readable_tmpdir("supatools-ro-")
    locked = root / "ro"
    locked.mkdir()
    locked.chmod(0o555)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            if ROOT:
                os.setuid(65534)
            LocalServer(locked / ".supatools" / "local").start()
        except LocalServerError as exc:
            os.write(write_end, exc.message.encode())
            code = 7
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as message:
            said = message.read()
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 7, said
        assert "cannot create" in said and str(locked) in said
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_two_starts_at_once_share_one_server() -> None:
    """Item 20: two `local start` at once on a new folder: both succeed, one server."""
    project = world_readable_tmpdir("supatools-race-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "SUPATOOLS_"))}
    command = [sys.executable, "-m", "supatools", "local", "start", "--json"]
    try:
        procs = [
            subprocess.Popen(
                command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(3)
        ]
        outputs = [p.communicate(timeout=180) for p in procs]
        codes = [p.returncode for p in procs]
        assert codes == [0, 0, 0], [o[1].decode() for o in outputs]
        import json

        ports = {json.loads(out.decode())["port"] for out, _ in outputs}
        assert len(ports) == 1
    finally:
        LocalServer(project / ".supatools" / "local").stop()
        import shutil

        shutil.rmtree(project, ignore_errors=True)


def test_local_data_is_added_to_the_project_gitignore_once(tmp_path: Path) -> None:
    """Issue 8: .supatools/ in .gitignore, created or extended, never duplicated."""
    from supatools.local import ignore_in_git

    ignore_in_git(tmp_path)
    assert (tmp_path / ".gitignore").read_text().splitlines()[-1] == ".supatools/"
    (tmp_path / ".gitignore").write_text("node_modules")  # no final newline
    ignore_in_git(tmp_path)
    ignore_in_git(tmp_path)
    lines = (tmp_path / ".gitignore").read_text().splitlines()
    assert lines[0] == "node_modules" and lines.count(".supatools/") == 1


def test_a_requested_port_in_use_is_one_clear_error() -> None:
    """Issue 8: --port / SUPATOOLS_LOCAL_PORT; a port in use is named, exit 3."""
    import socket

    from supatools.local import PORT_RANGE, project_port

    root = world_readable_tmpdir("supatools-port-")
    assert project_port(root) == project_port(root)
    assert PORT_RANGE[0] <= project_port(root) <= PORT_RANGE[1]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        server = LocalServer(root / ".supatools" / "local", port=busy)
        try:
            with pytest.raises(LocalServerError, match=f"port {busy} on 127.0.0.1 is in use") as e:
                server.start()
            assert e.value.exit_code == 3
        finally:
            server.stop()
            shutil.rmtree(root, ignore_errors=True)


def test_local_port_setting_is_validated(tmp_path: Path) -> None:
    from supatools.errors import ConfigError
    from supatools.settings import resolve

    assert resolve(cwd=tmp_path, environ={"SUPATOOLS_LOCAL_PORT": "54400"}).local_port == 54400
    for bad in ("http", "80", "70000"):
        with pytest.raises(ConfigError, match="local port") as caught:
            resolve(cwd=tmp_path, environ={"SUPATOOLS_LOCAL_PORT": bad})
        assert caught.value.exit_code == 2


def test_a_stop_and_a_start_keep_the_projects_port_with_a_client_connected() -> None:
    """A stopped server's port is held for a minute by its closed connections (TIME_WAIT).
    PostgreSQL can listen on it again, so the project keeps its port and its URL: a
    psql session or an app connected at the stop must not move the next start."""
    import psycopg

    from supatools.local import project_port

    root = project = project_on_a_free_port("supatools-port-")
    server = LocalServer(project / ".supatools" / "local")
    try:
        first = server.start()
        assert first.port == project_port(project)
        client = psycopg.connect(first.url())  # left open, as an app's or psql's
        try:
            server.stop()  # the server closes its side
            assert server.start().port == first.port
        finally:
            client.close()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def local_project() -> Iterator[Path]:
    """A project folder with one migration and its own running local server."""
    root = world_readable_tmpdir("supatools-localdb-")
    (root / "migrations").mkdir()
    (root / "migrations" / "20250101000000_notes.sql").write_text(
        "create table public.notes (id int primary key);\n"
        "alter table public.notes enable row level security;\n"
    )
    try:
        LocalServer(root / ".supatools" / "local").start()
        yield root
    finally:
        LocalServer(root / ".supatools" / "local").stop()
        shutil.rmtree(root, ignore_errors=True)


def _break_default_database(project: Path, how: str) -> None:
    """What a `local reset` killed mid-way leaves: no `postgres` database (killed between
    its DROP and CREATE), or one PostgreSQL marked invalid (killed during the DROP)."""
    import psycopg

    status = LocalServer(project / ".supatools" / "local").status()
    with psycopg.connect(status.url("template1"), autocommit=True) as conn:
        if how == "missing":
            conn.execute("DROP DATABASE postgres WITH (FORCE)")
        else:
            conn.execute("UPDATE pg_database SET datconnlimit = -2 WHERE datname = 'postgres'")
        listed = conn.execute(
            "SELECT count(*) FROM pg_database WHERE datname = 'postgres' AND datconnlimit <> -2"
        ).fetchone()
    assert listed == (0,)


@pytest.mark.parametrize("how", ["missing", "invalid"])
def test_a_reset_killed_mid_way_does_not_break_status_migrate_or_reset(
    local_project: Path, how: str
) -> None:
    """Issue 18 item 5: the default database gone from under the server (as a `local
    reset` killed between its DROP and its CREATE leaves it) is re-created by whatever
    connects to it next: `local status`, `migrate --local`, `local reset`."""
    from tests.conftest import run_cli

    _break_default_database(local_project, how)
    status = run_cli("local", "status", "--json", cwd=local_project)
    assert status.returncode == 0, status.stderr
    assert '"running": true' in status.stdout

    _break_default_database(local_project, how)
    migrated = run_cli("migrate", "--local", "--no-verify", cwd=local_project)
    assert migrated.returncode == 0, migrated.stderr
    assert "applied 1 migration(s)" in migrated.stdout

    _break_default_database(local_project, how)
    reset = run_cli("local", "reset", "--no-verify", cwd=local_project)
    assert reset.returncode == 0, reset.stderr
    import psycopg

    url = LocalServer(local_project / ".supatools" / "local").status().url()
    with psycopg.connect(url) as conn:  # re-created, bootstrapped and migrated
        found = conn.execute(
            "SELECT to_regclass('public.notes') IS NOT NULL, to_regprocedure('auth.uid()') "
            "IS NOT NULL"
        ).fetchone()
    assert found == (True, True)


def test_the_start_lock_holds_where_fcntl_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 23 item 8: on Windows `import fcntl` fails, and the start lock used to be a
    no-op there. With fcntl unimportable, a second holder must still be refused."""
    from filelock import FileLock, Timeout

    from supatools.local import _file_lock

    monkeypatch.setitem(sys.modules, "fcntl", None)  # what `import fcntl` meets on Windows
    path = tmp_path / "start.lock"
    with _file_lock(path):
        other = FileLock(str(path), thread_local=False)
        with pytest.raises(Timeout):
            other.acquire(timeout=0.2)
    other.acquire(timeout=0.2)  # released at the end of the block
    other.release()


def test_no_module_takes_a_posix_only_file_lock() -> None:
    """Issue 23 item 8: every file lock goes through filelock (one cross-platform lock)."""
    import re

    package = Path(__file__).resolve().parent.parent / "supatools"
    posix_only = re.compile(r"^\s*(import|from)\s+(fcntl|msvcrt)\b", re.MULTILINE)
    users = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if posix_only.search(p.read_text(encoding="utf-8"))
    )
    assert users == []


def _pid_file(local: Path, pid: int, status: str | None) -> None:
    """A postmaster.pid as PostgreSQL writes it: 7 lines at first, the 8th (the status)
    once the sockets are open."""
    pgdata = local / "data"
    pgdata.mkdir(parents=True, exist_ok=True)
    lines = [str(pid), str(pgdata), "1765000000", "54999", "/tmp", "127.0.0.1", "0 0"]
    if status is not None:
        lines.append(status.ljust(8))
    (pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")


def test_a_server_starting_or_stopping_is_waited_for_before_anything_connects(
    tmp_path: Path,
) -> None:
    """A reset killed while its pg_ctl waited leaves a postmaster whose pid file has no
    status line yet (no socket: 'Connection refused', seen in CI's fault test), then says
    starting; a fast stop leaves one stopping until its process ends. The status is read
    once it is neither."""
    import threading
    import time

    server = LocalServer(tmp_path / "local")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _pid_file(tmp_path / "local", alive.pid, None)
        timer = threading.Timer(0.3, _pid_file, (tmp_path / "local", alive.pid, "ready"))
        started = time.monotonic()
        timer.start()
        settled = server._settled(timeout=10)
        assert settled.running and time.monotonic() - started >= 0.3
        _pid_file(tmp_path / "local", alive.pid, "stopping")
        # killed and reaped: a postmaster is no child of ours, so never a zombie
        threading.Timer(0.3, lambda: (alive.kill(), alive.wait())).start()
        assert not server._settled(timeout=10).running
    finally:
        alive.kill()
        alive.wait()
