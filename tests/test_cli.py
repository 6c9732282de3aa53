"""The real command: exit codes, stdout/stderr split, JSON, and no secret in any output."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from supatools.local import LocalServer
from tests.conftest import (
    REPO,
    Database,
    project_on_a_free_port,
    run_cli,
    with_dbname,
    write,
)

PASSWORD = "Tr0ub4dor-and-3-horses"


@pytest.fixture(scope="module")
def password_url(embedded_server: LocalServer) -> str:
    """A role that must log in with a password (scram), on the embedded server."""
    pgdata = embedded_server.pgdata
    hba = pgdata / "pg_hba.conf"
    rule = "host all pw_user 127.0.0.1/32 scram-sha-256\n"
    if rule not in hba.read_text():
        hba.write_text(rule + hba.read_text())
    admin = embedded_server.status().url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_reload_conf()")
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'pw_user'").fetchone()
        if not exists:
            conn.execute(f"CREATE ROLE pw_user LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
    port = embedded_server.status().port
    return f"postgresql://pw_user:{PASSWORD}@127.0.0.1:{port}/postgres"


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert PASSWORD not in text


def test_list_needs_no_database_and_prints_directives() -> None:
    run = run_cli("migrate", "--list", "--json", process=True)  # the entry point itself
    assert run.returncode == 0, run.stderr
    migrations = json.loads(run.stdout)["migrations"]
    assert [m["name"] for m in migrations][:2] == ["service_role_defaults", "user_profiles"]
    index = migrations[-1]
    assert index["no_transaction"] is True and index["requires"] == ["20250329101000_workouts"]
    table = run_cli("migrate", "--list")
    assert "workouts_started_at_index" in table.stdout and table.stderr == ""


#: libraries the start-up paths must not pay for (a fresh interpreter shows what a run
#: imported): the driver, the parser, HTTP, Rich's tables, and pydantic (typer 0.29)
HEAVY = ("psycopg", "pglast", "httpx", "jwt", "rich", "pydantic")
IMPORTED = (
    "import sys; from supatools.cli import run; code = run(sys.argv[1:]); "
    "print('\\n'.join(sorted(sys.modules)), file=sys.stderr); sys.exit(code)"
)
#: the Typer floor of bench/bench_startup.py, smaller: what the CLI framework imports
TYPER_FLOOR = (
    "import sys, typer; app = typer.Typer(add_completion=False, rich_markup_mode=None); "
    "app.command()(lambda: None); app.command('second')(lambda: None); app(); "
)


def _imported(*args: str, program: str = IMPORTED) -> set[str]:
    """The modules a fresh interpreter has after running ``program`` with ``args``."""
    import subprocess
    import sys

    if program != IMPORTED:
        program = (
            "import atexit, sys; atexit.register(lambda: print('\\n'.join(sorted(sys.modules)),"
            " file=sys.stderr)); " + program
        )
    proc = subprocess.run(
        [sys.executable, "-c", program, *args], cwd=REPO, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return set(proc.stderr.split())


@pytest.mark.parametrize("args", [["--help"], ["migrate", "--list"], ["--version"]])
def test_start_up_paths_import_no_heavy_library(args: list[str]) -> None:
    loaded = {name.split(".")[0] for name in _imported(*args)}
    assert "typer" in loaded  # the check sees what a run imports
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


#: what migrate --list may import beyond the Typer floor and supatools' own modules: the
#: TOML parser (this repository's pyproject.toml has a [tool.supatools] table) and
#: dataclasses (Settings, Outcome, MigrationFile)
LIST_EXTRA = {"dataclasses", "tomllib", "tomllib._parser", "tomllib._re", "tomllib._types"}
LIST_EXTRA |= {"string", "_string"}  # tomllib's
#: modules migrate --list must not load (issue 24): the other command families, on both
#: floors of the command line, and drift's tempfile
NOT_FOR_LIST = {
    *(f"supatools.cli_{family}" for family in ("recover", "checks", "local", "drift")),
    *(f"supatools.commands.{family}" for family in ("recover", "checks", "local", "drift")),
    "supatools.commands.hooks",
    "tempfile",
}


def test_start_up_imports_little_beyond_the_typer_floor() -> None:
    """``--help`` imports nothing the Typer floor does not, but supatools' command line;
    ``migrate --list`` adds its settings and files, and no other command's family."""
    floor = _imported("--help", program=TYPER_FLOOR)
    assert "typer.main" in floor
    help_extra = {m for m in _imported("--help") - floor if not m.startswith("supatools")}
    assert help_extra == set(), sorted(help_extra)
    listed = _imported("migrate", "--list")
    assert "supatools.migrations.files" in listed and "supatools.cli_migrate" in listed
    list_extra = {m for m in listed - floor if not m.startswith("supatools")}
    assert list_extra <= LIST_EXTRA, sorted(list_extra - LIST_EXTRA)
    assert listed.isdisjoint(NOT_FOR_LIST), sorted(listed & NOT_FOR_LIST)


def test_a_command_alone_parses_and_helps_as_in_the_whole_command_line() -> None:
    """A run naming a command registers only that one: its help and its usage errors are
    those of the whole command line, for every command."""
    from typer.testing import CliRunner

    from supatools import cli

    names = [name for name, _, _ in cli.COMMANDS] + ["local"]
    calls = [[name, "--help"] for name in names] + [[name, "--no-such-flag"] for name in names]
    calls += [["local", name, "--help"] for name, _ in cli.LOCAL_COMMANDS]
    runner = CliRunner()
    whole = cli.command_line()
    for args in calls:
        alone = cli.command_line(cli._named_command(args))
        assert len(alone.registered_commands) + len(alone.registered_groups) == 1
        expected = runner.invoke(whole, args, prog_name="supatools")
        got = runner.invoke(alone, args, prog_name="supatools")
        assert (got.exit_code, got.output) == (expected.exit_code, expected.output), args
        assert expected.output.strip(), args
    assert cli._named_command(["--workdir", "x", "migrate", "--list"]) == "migrate"
    assert cli._named_command(["--workdir=x", "local", "url"]) == "local"
    for args in ([], ["--help"], ["--version"], ["migrat"], ["--workdir", "migrate"]):
        assert cli._named_command(args) is None, args


def test_the_command_layer_loads_a_family_when_first_used() -> None:
    """``commands.migrate``, ``.local`` and ``.drift`` are the use cases even after their
    modules of the same name were imported first (importing a submodule sets its
    package's attribute to the module)."""
    program = (
        "import sys, types; import supatools.commands as c; "
        "assert not [m for m in sys.modules if m.startswith('supatools.commands.')]; "
        "import supatools.commands.migrate, supatools.commands.local, supatools.commands.drift; "
        "from supatools.commands import hooks; "
        "assert isinstance(hooks, types.ModuleType); "
        "assert all(callable(f) and not isinstance(f, types.ModuleType) "
        "for f in (c.migrate, c.local, c.drift, c.rollback, c.Outcome)); "
        "assert c.migrate.__module__ == 'supatools.commands.migrate'; "
        "assert sorted(c._FAMILY) == sorted(c.__all__); print('ok')"
    )
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", program], cwd=REPO, capture_output=True, text=True)
    assert proc.stdout == "ok\n", proc.stderr


def test_printable_needs_no_pattern_for_any_escaped_character() -> None:
    """``printable`` returns text as it is when it has no backslash and str.isprintable
    takes it: right only while every other escaped character is one isprintable refuses."""
    from supatools.render.output import _ESCAPES, printable

    assert all(not chr(code).isprintable() for code in _ESCAPES if chr(code) != "\\")
    assert printable("a\\b\u202e\x1b\u00a0é") == "a\\\\b\\u202e\\x1b\u00a0é"


def test_the_entry_point_leaves_with_its_exit_code_and_all_of_its_output(tmp_path: Path) -> None:
    """main() ends the process without the interpreter's teardown once stdout and stderr
    are flushed: every byte and the contract's exit code still arrive."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for n in range(3000):  # ~1 MB of JSON: many pipe buffers
        write(folder, f"20250101{n:06d}_t{n}.sql", f"create table if not exists t{n} (id int);\n")
    listed = run_cli("migrate", "--list", "--json", "--migrations-dir", str(folder), process=True)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)["migrations"]) == 3000
    usage = run_cli("migrate", "--no-such-flag", process=True)
    assert usage.returncode == 2 and usage.stderr.startswith("error: ")
    nobody = run_cli(
        "migrate", "--status", "--db-url", "postgresql://postgres@127.0.0.1:1/postgres",
        "--migrations-dir", str(folder), process=True,
    )  # fmt: skip
    assert nobody.returncode == 3 and "127.0.0.1" in nobody.stderr


def test_no_database_url_exits_2_with_a_hint(tmp_path: Path) -> None:
    (tmp_path / "migrations").mkdir()
    run = run_cli("migrate", cwd=tmp_path)
    assert run.returncode == 2
    assert "no database URL" in run.stderr and "--local" in run.stderr
    assert run.stdout == ""


def test_unknown_flag_and_combined_modes_exit_2() -> None:
    assert run_cli("migrate", "--frobnicate").returncode == 2
    run = run_cli("migrate", "--list", "--status", "--json")
    assert run.returncode == 2 and json.loads(run.stdout)["ok"] is False


def test_bad_migration_name_exits_2_before_connecting(tmp_path: Path) -> None:
    (tmp_path / "2025_oops.sql").write_bytes(b"select 1;\x00")
    run = run_cli(
        "migrate",
        "--migrations-dir",
        str(tmp_path),
        "--db-url",
        "postgresql://nobody@127.0.0.1:1/x",
    )
    assert run.returncode == 2 and "2025_oops.sql" in run.stderr


def test_wrong_password_exits_3_without_showing_it(password_url: str) -> None:
    wrong = password_url.replace(PASSWORD, PASSWORD[::-1])
    started = time.monotonic()
    run = run_cli("migrate", "--db-url", wrong)
    assert run.returncode == 3
    assert time.monotonic() - started < 20
    assert "password authentication failed" in run.stderr
    assert "pw_user:***@127.0.0.1" in run.stderr
    assert PASSWORD[::-1] not in run.stderr + run.stdout
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_right_password_never_appears_in_any_output(password_url: str, tmp_path: Path) -> None:
    from supatools.local import bootstrap

    db_name = f"pw_{int(time.time() * 1000)}"
    with psycopg.connect(password_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {db_name}")
    url = with_dbname(password_url, db_name)
    bootstrap(url)
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_ok.sql", "create table public.ok (id int);\n")
    write(migrations, "20250102000000_bad.sql", "select * from nowhere;\n")
    env = {"SUPABASE_DB_URL": url, "SUPABASE_SERVICE_ROLE_KEY": "sb_secret_" + PASSWORD}
    outputs: list[str] = []
    for args in (
        ["--list"],
        ["--dry-run"],
        ["--dry-run", "--json"],
        [],
        ["--json"],
        ["--status"],
        ["--status", "--json"],
    ):
        run = run_cli("migrate", *args, cwd=tmp_path, env=env)
        outputs += [run.stdout, run.stderr]
        if "--json" in args:
            document = json.loads(run.stdout)  # one JSON document, also on failure
            assert "ok" in document
    assert any("pw_user:***@" in text for text in outputs)
    assert_no_secret(*outputs)
    with psycopg.connect(password_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {db_name} WITH (FORCE)")


def test_nothing_listening_exits_3_quickly() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = run_cli("migrate", "--db-url", f"postgresql://u:{PASSWORD}@127.0.0.1:{port}/db")
    assert run.returncode == 3
    assert "cannot connect" in run.stderr and "u:***@" in run.stderr
    assert_no_secret(run.stderr, run.stdout)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP listener on loopback that accepts and never answers: a server that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for conn in accepted:
        conn.close()
    listener.close()


def test_unresponsive_server_times_out_with_exit_3(silent_server: int) -> None:
    started = time.monotonic()
    run = run_cli(
        "migrate",
        "--db-url",
        f"postgresql://u:{PASSWORD}@127.0.0.1:{silent_server}/d",
        env={"SUPATOOLS_CONNECT_TIMEOUT": "2"},
    )
    elapsed = time.monotonic() - started
    assert run.returncode == 3, run.stderr
    assert 1.5 < elapsed < 20
    assert "timeout" in run.stderr.lower()
    assert_no_secret(run.stderr, run.stdout)


def test_transaction_pooler_url_is_refused(tmp_path: Path) -> None:
    (tmp_path / "migrations").mkdir()
    run = run_cli(
        "migrate",
        "--db-url",
        f"postgresql://postgres.ref:{PASSWORD}@aws-0-eu.pooler.supabase.com:6543/postgres",
        cwd=tmp_path,
    )
    assert run.returncode == 1 and "port 5432" in run.stderr
    assert_no_secret(run.stderr)


def test_migrate_applies_with_summary_on_stdout_and_progress_on_stderr(
    database: Database,
) -> None:
    run = run_cli("migrate", "--db-url", database.url)
    assert run.returncode == 0, run.stderr
    assert "applied 6 migration(s)" in run.stdout and "[6/6] applied" in run.stderr
    assert "applying" not in run.stdout
    again = run_cli("migrate", "--db-url", database.url, "--json")
    document = json.loads(again.stdout)
    assert again.returncode == 0
    assert (document["ok"], document["mode"], document["applied"]) == (True, "apply", [])
    assert document["database"] == database.url and document["rolled_back"] is False
    assert document["verify"]["ok"] is True and document["verify"]["tables_checked"] == 5


def test_local_start_status_url_stop_and_migrate_local(tmp_path: Path) -> None:
    project = project_on_a_free_port("supatools-local-")
    try:
        (project / "migrations").symlink_to(REPO / "migrations")
        run = run_cli("migrate", "--local", "--json", cwd=project)
        assert run.returncode == 0, run.stderr
        assert len(json.loads(run.stdout)["applied"]) == 6
        status = json.loads(run_cli("local", "status", "--json", cwd=project).stdout)
        assert status["running"] is True
        assert status["server_version"][:2].isdigit() and "plpgsql" in status["extensions"]
        assert status["data_dir"] == str(project / ".supatools" / "local")
        url = run_cli("local", "url", cwd=project).stdout.strip()
        # issue 8: the project's stable default port, the same on every start
        from supatools.local import project_port

        assert url.endswith(f":{project_port(project)}/postgres"), url
        with psycopg.connect(url) as conn:
            assert conn.execute(
                "SELECT rolbypassrls FROM pg_roles WHERE rolname = 'service_role'"
            ).fetchone() == (True,)
            assert conn.execute("SELECT count(*) FROM public.profiles").fetchone() == (0,)
        assert run_cli("migrate", "--local", "--json", cwd=project).returncode == 0
        stopped = run_cli("local", "stop", "--json", cwd=project)
        assert json.loads(stopped.stdout)["running"] is False
        gone = run_cli("local", "url", cwd=project)
        assert gone.returncode == 3 and "supatools local start" in gone.stderr
    finally:
        LocalServer(project / ".supatools" / "local").stop()
        import shutil

        shutil.rmtree(project, ignore_errors=True)


def test_a_crash_shows_a_traceback_without_the_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from supatools import cli
    from supatools.migrations import status

    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/postgres"

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"unexpected failure while using {url}")

    (tmp_path / "migrations").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUPABASE_DB_URL", url)
    monkeypatch.setattr(status, "status", broken)  # the --status engine
    monkeypatch.setattr("sys.argv", ["supatools", "migrate", "--status"])
    # run() with no arguments reads sys.argv, as main() does (main then ends the process)
    code = cli.run()
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" in captured.err and "RuntimeError" in captured.err
    assert PASSWORD not in captured.err + captured.out
    assert "postgres:***@127.0.0.1" in captured.err


def test_a_profiled_process_exits_normally_so_the_profile_is_written() -> None:
    """The fast exit stands aside while cProfile runs (sys.setprofile before Python 3.12,
    sys.monitoring since), so `python -m cProfile -m supatools …` still writes its file."""
    import cProfile

    from supatools import cli

    assert not cli._watched()
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        watched = cli._watched()
    finally:
        profiler.disable()
    assert watched


def test_outcome_and_target_behave_as_the_frozen_dataclasses_they_were() -> None:
    """Outcome and Target are plain classes for start-up; equality, hash, repr (never the
    URL), immutability, copies and positional matching are a frozen dataclass's."""
    import copy
    import dataclasses

    from supatools.commands.base import Outcome, Target
    from supatools.errors import JobFailed, UsageError

    @dataclasses.dataclass(frozen=True)
    class Was:  # Target as it was written
        url: str = dataclasses.field(repr=False)
        shown: str
        source: str

    Was.__qualname__ = "Target"  # its repr names the class by this
    secret = "postgresql://u:pw@h/d"
    pairs = [
        (
            Target(secret, "postgresql://u:***@h/d", "flag"),
            Was(secret, "postgresql://u:***@h/d", "flag"),
        ),
        (Target("x", "y", "--local"), Was("x", "y", "--local")),
    ]
    for target, was in pairs:
        assert repr(target) == repr(was) and hash(target) == hash(was)
    assert "pw" not in repr(pairs[0][0])
    first, second = pairs[0][0], pairs[1][0]
    assert first == Target(first.url, first.shown, first.source) and first != second
    assert first != Target("postgresql://u:other@h/d", first.shown, first.source)
    assert first.__eq__(pairs[0][1]) is NotImplemented
    assert copy.deepcopy(first) == first and copy.copy(second) == second
    for change in (lambda: setattr(first, "url", "z"), lambda: delattr(first, "shown")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            change()
    done = Outcome([1], ok=False, message="m", error=UsageError)
    assert repr(done) == "Outcome(value=[1], ok=False, message='m', error=<class " + (
        "'supatools.errors.UsageError'>)"
    )
    assert done == Outcome([1], False, "m", UsageError) and done != Outcome([1])
    assert (Outcome(1).ok, Outcome(1).message, Outcome(1).error) == (True, "", JobFailed)
    assert Outcome[int](3) == Outcome(3) and hash(Outcome(3)) == hash((3, True, "", JobFailed))
    match done:
        case Outcome(value, ok):
            assert (value, ok) == ([1], False)
    with pytest.raises(UsageError, match="m"):
        done.raise_if_failed()
