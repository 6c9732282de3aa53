"""Real PostgreSQL for every database test: ``SUPATOOLS_TEST_DSN``, else the embedded server.

Each test gets a fresh database cloned from a template prepared like a Supabase
project. There is no skip: without a database the session errors out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from supatools.local import LocalServer, bootstrap_sql

REPO = Path(__file__).resolve().parent.parent


def with_dbname(dsn: str, dbname: str) -> str:
    """``dsn`` pointing at another database, as a URL."""
    if "://" in dsn:
        parts = urlsplit(dsn)
        return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, ""))
    info = psycopg.conninfo.conninfo_to_dict(dsn)
    info["dbname"] = dbname
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in info.items()})


#: test servers' data goes to memory where the machine has a tmpfs for it: the suite
#: creates and drops a database per test, and on a disk every drop's deleted files
#: (discarded blocks on a VM's disk) cost kernel time: the suite took 59 s on this VM
#: with its servers on disk, 30 s in memory
FAST_TMP = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else None


def world_readable_tmpdir(prefix: str) -> Path:
    """A temp dir the server account can reach when tests run as root (pytest's are 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=FAST_TMP))
    path.chmod(0o755)
    return path


def project_on_a_free_port(prefix: str) -> Path:
    """A project folder (world-readable) whose stable local port is free right now.

    The stable ports lie in the range the kernel also hands out to outgoing connections,
    and the suite makes thousands: a test that asserts the stable port picks a folder
    whose port no socket holds, instead of failing when one happens to.
    """
    from supatools.local import _port_free, project_port

    while True:
        path = world_readable_tmpdir(prefix)
        if _port_free(project_port(path)):
            return path
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def embedded_server() -> Iterator[LocalServer]:
    """An embedded PostgreSQL of ``supatools local``, for the whole session."""
    root = world_readable_tmpdir("supatools-test-pg-")
    server = LocalServer(root / "local")
    status = server.start()
    # a throw-away server: nothing to keep after a crash, so no fsync (every test's
    # CREATE and DROP DATABASE waits on it otherwise); test settings, not supatools'
    with psycopg.connect(status.url(), autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET fsync = off")
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def admin_dsn(request: pytest.FixtureRequest) -> str:
    """A superuser connection string to the server under test."""
    dsn = os.environ.get("SUPATOOLS_TEST_DSN")
    if dsn:
        return dsn
    server: LocalServer = request.getfixturevalue("embedded_server")
    return server.status().url()


@pytest.fixture(scope="session")
def template_db(admin_dsn: str) -> Iterator[str]:
    """A database prepared like a Supabase project, cloned for each test."""
    name = f"supatools_tpl_{os.getpid()}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with psycopg.connect(with_dbname(admin_dsn, name), autocommit=True) as conn:
        conn.execute(bootstrap_sql())
    yield name
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@dataclass
class Database:
    """A fresh database for one test."""

    url: str
    name: str

    def connect(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.url, autocommit=True)

    def scalar(self, query: str, params: tuple[object, ...] = ()) -> object:
        with self.connect() as conn:
            row = conn.execute(query, params).fetchone()  # type: ignore[arg-type]
            return row[0] if row else None

    def applied_versions(self) -> list[str]:
        with self.connect() as conn:
            if not conn.execute(
                "SELECT to_regclass('supabase_migrations.schema_migrations')"
            ).fetchone()[0]:  # type: ignore[index]
                return []
            return [
                str(r[0])
                for r in conn.execute(
                    "SELECT version FROM supabase_migrations.schema_migrations ORDER BY 1"
                )
            ]


@pytest.fixture(scope="session")
def dropper(admin_dsn: str) -> Iterator[Callable[[str], None]]:
    """Drops finished tests' databases on a thread of its own, so the next test does not
    wait for the server to remove files; the session waits for every drop at its end."""
    from concurrent.futures import ThreadPoolExecutor

    def drop(name: str) -> None:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = []
        yield lambda name: pending.append(pool.submit(drop, name))
        for future in pending:
            future.result()  # a drop that failed fails the session


def fresh_database(admin_dsn: str, template: str) -> Database:
    """A new database cloned from ``template`` on the server of ``admin_dsn``."""
    name = f"supatools_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return Database(with_dbname(admin_dsn, name), name)


@pytest.fixture
def database(
    admin_dsn: str, template_db: str, dropper: Callable[[str], None]
) -> Iterator[Database]:
    made = fresh_database(admin_dsn, template_db)
    yield made
    dropper(made.name)


@pytest.fixture
def another_database(
    admin_dsn: str, template_db: str, dropper: Callable[[str], None]
) -> Iterator[Database]:
    """A second fresh database, for tests that compare two."""
    made = fresh_database(admin_dsn, template_db)
    yield made
    dropper(made.name)


@pytest.fixture
def local_database(embedded_server: LocalServer) -> Iterator[str]:
    """A fresh database on the embedded server, bootstrapped as `supatools local` does,
    whatever SUPATOOLS_TEST_DSN says: the stand-in extensions need PostgreSQL 18's
    extension_control_path, and the corpus runs on `supatools local` as users run it."""
    admin = embedded_server.status().url()
    name = f"local_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = with_dbname(admin, name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(bootstrap_sql())
    yield url
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def migrations_dir(tmp_path: Path) -> Path:
    path = tmp_path / "migrations"
    path.mkdir()
    return path


def write(directory: Path, filename: str, text: str) -> Path:
    path = directory / filename
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    process: bool = False,
) -> Run:
    """Run the real ``supatools`` command line with a clean environment.

    In-process (``cli.run``, the same function the console script calls) unless
    ``process``: a subprocess only where a process matters (signals, races, the entry
    point itself), so the suite does not pay an interpreter start per check.
    """
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUPABASE_", "DATABASE_URL", "SUPATOOLS_", "PG"))
    }
    full_env.update(env or {})
    if process:
        proc = subprocess.run(
            [sys.executable, "-m", "supatools", *args],
            cwd=cwd or REPO,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)
    from typer.testing import CliRunner

    from supatools import cli

    # Typer's CliRunner isolates stdin (empty, not a terminal), stdout, stderr and the
    # environment; the command line runs through cli.run, the console script's function
    overrides: dict[str, str | None] = {k: None for k in os.environ if k not in full_env}
    overrides.update(full_env)
    saved_cwd = Path.cwd()
    try:
        os.chdir(cwd or REPO)
        with CliRunner().isolation(env=overrides) as (out, err, _):
            code = cli.run(list(args))
            sys.stdout.flush()
            sys.stderr.flush()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    finally:
        os.chdir(saved_cwd)
    return Run(code, stdout, stderr)
