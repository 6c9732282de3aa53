"""The Supabase CLI's habits (issue 23 item 5): the project root is searched upward (or
said with --workdir / SUPATOOLS_WORKDIR) and every relative path resolves against it;
`new` writes into supabase/migrations in a Supabase CLI project; `rollback --last`
without a number means 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supatools import workdir
from supatools.cli import _shorthands
from tests.conftest import Database, run_cli, write


def _supabase_project(root: Path) -> Path:
    (root / "supabase" / "functions" / "hello").mkdir(parents=True)
    write(root / "supabase", "config.toml", '[api]\nschemas = ["public"]\n')
    return root


def _made(run_stdout: str) -> list[Path]:
    return sorted(Path(p) for p in run_stdout.split() if p.endswith(".sql"))


def test_new_in_a_supabase_cli_project_writes_into_supabase_migrations(tmp_path: Path) -> None:
    project = _supabase_project(tmp_path / "app")
    run = run_cli("new", "create_things", cwd=project)
    assert run.returncode == 0, run.stderr
    made = list((project / "supabase" / "migrations").glob("*_create_things.sql"))
    assert len(made) == 1 and not (project / "migrations").exists()
    # and from a folder inside the project, the same folder (the root is searched upward)
    again = run_cli("new", "more_things", cwd=project / "supabase" / "functions" / "hello")
    assert again.returncode == 0, again.stderr
    assert len(list((project / "supabase" / "migrations").glob("*_more_things.sql"))) == 1
    assert not (project / "supabase" / "functions" / "hello" / "migrations").exists()
    # every command still finds one folder (no "both folders exist")
    lint = run_cli("lint", cwd=project)
    assert "both" not in lint.stderr and lint.returncode in (0, 1), lint.stderr


def test_a_plain_folder_keeps_migrations_in_the_current_folder(tmp_path: Path) -> None:
    # nothing marks a project here or above (up to /tmp's own parents): the current
    # folder is the root, as before
    run = run_cli("new", "first", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert len(list((tmp_path / "migrations").glob("*_first.sql"))) == 1


@pytest.mark.parametrize(
    "marker",
    ["migrations/", "supabase/config.toml", "pyproject.toml", "supatools.toml"],
)
def test_the_root_is_searched_upward(tmp_path: Path, marker: str) -> None:
    root = tmp_path / "project"
    if marker.endswith("/"):
        (root / marker).mkdir(parents=True)
    elif marker == "pyproject.toml":
        root.mkdir()
        write(root, marker, '[project]\nname = "x"\n\n[tool.supatools]\nlock_timeout = "5s"\n')
    else:
        (root / Path(marker).parent).mkdir(parents=True)
        write(root / Path(marker).parent, Path(marker).name, "")
    deeper = root / "src" / "deeper"
    deeper.mkdir(parents=True)
    # local status names the data folder it would use: the root's .supatools/local
    run = run_cli("local", "status", cwd=deeper)
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"stopped (data in {root / '.supatools' / 'local'})\n"


def test_a_pyproject_without_our_table_is_not_a_root(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir(parents=True)
    (tmp_path / "migrations").mkdir()
    write(tmp_path / "pkg", "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nx = 1\n')
    assert workdir.search(tmp_path / "pkg") == tmp_path


def test_the_search_stops_before_home_and_the_filesystem_root(tmp_path: Path) -> None:
    home = tmp_path / "home"
    start = home / "code" / "scratch"
    start.mkdir(parents=True)
    (tmp_path / "migrations").mkdir()  # above home: never adopted
    assert workdir.search(start, home) == start
    (home / "migrations").mkdir()  # home itself: not looked at from below
    assert workdir.search(start, home) == start
    (home / "code" / "migrations").mkdir()  # inside home: found
    assert workdir.search(start, home) == home / "code"
    # the start folder is always looked at, even when it is home
    assert workdir.search(home, home) == home


def test_a_scratch_folder_under_tmpdir_never_adopts_a_checkout_above_it(tmp_path: Path) -> None:
    # CI may point TMPDIR inside the checkout, which has its own migrations folder
    checkout = tmp_path / "checkout"
    (checkout / "migrations").mkdir(parents=True)
    scratch = checkout / "tmp" / "pytest-1" / "test0"
    scratch.mkdir(parents=True)
    run = run_cli("local", "status", cwd=scratch, env={"TMPDIR": str(checkout / "tmp")})
    assert run.stdout == f"stopped (data in {scratch / '.supatools' / 'local'})\n"
    # without the temporary folder there, the checkout is the project root
    run = run_cli("local", "status", cwd=scratch, env={"TMPDIR": str(tmp_path / "elsewhere")})
    assert run.stdout == f"stopped (data in {checkout / '.supatools' / 'local'})\n"


@pytest.mark.parametrize("where", ["before", "after", "equals", "environment"])
def test_workdir_says_the_root(tmp_path: Path, where: str) -> None:
    root = _supabase_project(tmp_path / "app")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    args = {
        "before": ["--workdir", str(root), "new", "named"],
        "after": ["new", "named", "--workdir", str(root)],
        "equals": ["new", f"--workdir={root}", "named"],
        "environment": ["new", "named"],
    }[where]
    env = {"SUPATOOLS_WORKDIR": str(root)} if where == "environment" else {}
    run = run_cli(*args, cwd=elsewhere, env=env)
    assert run.returncode == 0, run.stderr
    assert len(list((root / "supabase" / "migrations").glob("*_named.sql"))) == 1
    assert list(elsewhere.iterdir()) == []


def test_workdir_that_is_not_a_folder_is_exit_2_in_one_line(tmp_path: Path) -> None:
    for args, env in (
        (("--workdir", str(tmp_path / "missing"), "new", "x"), {}),
        (("new", "x"), {"SUPATOOLS_WORKDIR": str(tmp_path / "missing")}),
    ):
        run = run_cli(*args, cwd=tmp_path, env=env)
        assert run.returncode == 2
        assert run.stderr.count("\n") == 1 and "no such folder" in run.stderr
        assert "Traceback" not in run.stderr and run.stdout == ""
    assert list(tmp_path.iterdir()) == []
    # with --json, the one JSON document says it too
    run = run_cli("migrate", "--json", "--workdir", str(tmp_path / "missing"), cwd=tmp_path)
    assert run.returncode == 2
    assert json.loads(run.stdout)["error"]["exit_code"] == 2


def test_workdir_is_forgotten_between_runs(tmp_path: Path) -> None:
    root = _supabase_project(tmp_path / "app")
    assert run_cli("--workdir", str(root), "local", "status", cwd=tmp_path).returncode == 0
    run = run_cli("local", "status", cwd=tmp_path)
    assert run.stdout == f"stopped (data in {tmp_path / '.supatools' / 'local'})\n"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["rollback", "--last"], ["rollback", "--last", "1"]),
        (["rollback", "--last", "--dry-run"], ["rollback", "--last", "1", "--dry-run"]),
        (["rollback", "--last", "3"], ["rollback", "--last", "3"]),
        (["rollback", "--last", "-2"], ["rollback", "--last", "-2"]),
        (["rollback", "--last=2"], ["rollback", "--last=2"]),
        (["migrate", "--last"], ["migrate", "--last"]),  # not rollback's: Typer says so
        (["new", "x", "--workdir", "w"], ["--workdir", "w", "new", "x"]),
        (["new", "--", "--workdir"], ["new", "--", "--workdir"]),
    ],
)
def test_shorthands(argv: list[str], expected: list[str]) -> None:
    assert _shorthands(argv) == expected


def test_rollback_last_without_a_number_rolls_back_one(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for version, name in (("20250101000000", "one"), ("20250102000000", "two")):
        write(folder, f"{version}_{name}.sql", f"create table {name} (id int);\n")
        write(folder, f"{version}_{name}.down.sql", f"drop table {name};\n")
    url = ("--db-url", database.url)
    assert run_cli("migrate", "--no-verify", *url, cwd=tmp_path).returncode == 0
    plan = run_cli("rollback", "--last", "--dry-run", "--json", *url, cwd=tmp_path)
    assert plan.returncode == 0, plan.stderr
    assert [r["version"] for r in json.loads(plan.stdout)["rollbacks"]] == ["20250102000000"]
    run = run_cli("rollback", "--no-verify", *url, "--last", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert database.applied_versions() == ["20250101000000"]
