"""Quiet when nothing is wrong (issue 23 item 7): migrate's preflight warns that new tables
will not reach service_role only when the run's own migrations did not set the default
privileges; the example app's first migration sets them, so its first run is quiet."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO, Database, run_cli, write

WARNING = "preflight default_privileges: tables or sequences"


def test_the_example_apps_first_run_does_not_warn_about_what_it_sets(
    database: Database, tmp_path: Path
) -> None:
    shutil.copytree(REPO / "migrations", tmp_path / "migrations")
    assert database.scalar("select count(*) from pg_default_acl") == 0  # the check would fire
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "default_privileges" not in run.stderr
    assert "applied 6 migration(s)" in run.stdout
    again = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert again.returncode == 0 and "default_privileges" not in again.stderr


def test_a_run_that_does_not_set_them_still_warns_once_with_the_fix(
    database: Database, tmp_path: Path
) -> None:
    (tmp_path / "migrations").mkdir()
    write(tmp_path / "migrations", "20250101000000_t.sql", "create table t (id int);\n")
    for _ in range(2):  # applying it, then with nothing to apply: the database lacks them
        run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert run.stderr.count(WARNING) == 1
        assert 'fix: ALTER DEFAULT PRIVILEGES FOR ROLE "' in run.stderr
