"""Issue 23 item 3: the pre-commit hooks of ``.pre-commit-hooks.yaml``.

In-process: each hook's ``files``/``exclude`` pattern picks the files pre-commit would pass
from a sample project, and its entry runs on them. Then pre-commit itself (the test
extra) runs ``try-repo`` on a sample project in a temporary git repository, installing
the hooks from this checkout as a user's would; that test is skipped, with the reason,
only when pre-commit or git is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from supatools import cli_precommit
from tests.conftest import REPO, run_cli, write

yaml = pytest.importorskip("yaml", reason="PyYAML (pre-commit's dependency, test extra) missing")

HOOKS: dict[str, dict[str, Any]] = {
    hook["id"]: hook
    for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
}
GOOD = (
    "-- notes\ncreate table if not exists public.notes (id uuid primary key);\n"
    "alter table public.notes enable row level security;\n"
)


def picked(hook: str, paths: list[str]) -> list[str]:
    """The paths pre-commit passes to ``hook`` (its ``files``, minus its ``exclude``)."""
    spec = HOOKS[hook]
    chosen = [p for p in paths if re.search(spec["files"], p)]
    if "exclude" in spec:
        chosen = [p for p in chosen if not re.search(spec["exclude"], p)]
    return chosen


def sample_project(root: Path) -> list[str]:
    folder = root / "supabase" / "migrations"
    folder.mkdir(parents=True)
    (root / "supabase" / "config.toml").write_text("")
    write(folder, "20250101000000_notes.sql", GOOD)
    write(folder, "20250101000000_notes.down.sql", "drop table if exists public.notes;\n")
    write(root, "schema.sql", "select 1;\n")  # not a migration: no hook looks at it
    return [
        "supabase/migrations/20250101000000_notes.sql",
        "supabase/migrations/20250101000000_notes.down.sql",
        "schema.sql",
    ]


def test_hooks_are_python_hooks_over_migration_files() -> None:
    assert set(HOOKS) == {"supatools-names", "supatools-lint"}
    assert {hook["language"] for hook in HOOKS.values()} == {"python"}
    assert HOOKS["supatools-lint"]["entry"] == "supatools lint"
    assert picked("supatools-lint", ["migrations/1_a.sql", "apps/db/supabase/migrations/1_a.sql"])
    assert not picked("supatools-lint", ["schema.sql", "migrations/1_a.down.sql", "a/b.py"])
    assert not picked("supatools-lint", ["my_migrations/1_a.sql"])


def test_names_hook_passes_a_clean_folder_and_fails_on_what_the_cli_skips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sample_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    chosen = picked("supatools-names", files)
    assert chosen == files[:2]
    assert cli_precommit.main(chosen) == 0
    assert capsys.readouterr().err == ""

    write(tmp_path / "supabase" / "migrations", "init.sql", "select 1;\n")
    assert cli_precommit.main(["supabase/migrations/init.sql"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "error: supabase/migrations/init.sql: skipped, as the Supabase CLI skips it (a "
        "migration is named <version>_<name>.sql, e.g. 20250327183223_user_profiles.sql); "
        "rename it, or move it out of supabase/migrations\n"
    )


def test_names_hook_fails_on_a_duplicate_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sample_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "supabase" / "migrations", "20250101000000_other.sql", GOOD)
    assert cli_precommit.main(["supabase/migrations/20250101000000_other.sql"]) == 2
    assert capsys.readouterr().err == (
        "error: duplicate version 20250101000000: 20250101000000_notes.sql and "
        "20250101000000_other.sql; give one of them a new timestamp\n"
    )
    # what `migrate --list` says of the same folder: also exit 2 (it does not for init.sql)
    assert run_cli("migrate", "--list", cwd=tmp_path).returncode == 2


def test_lint_hook_entry_on_the_files_pre_commit_passes(tmp_path: Path) -> None:
    files = sample_project(tmp_path)
    chosen = picked("supatools-lint", files)
    assert chosen == files[:1]  # the rollback file and schema.sql are not passed
    entry = HOOKS["supatools-lint"]["entry"].split()[1:]
    passing = run_cli(*entry, *chosen, cwd=tmp_path)
    assert passing.returncode == 0, passing.stderr
    open_table = "-- open\ncreate table if not exists public.open (id uuid primary key);\n"
    write(tmp_path / "supabase" / "migrations", "20250102000000_open.sql", open_table)
    failing = run_cli(*entry, "supabase/migrations/20250102000000_open.sql", cwd=tmp_path)
    assert failing.returncode == 1
    assert "20250102000000_open.sql:2: error: table_without_rls:" in failing.stdout


def _pre_commit() -> list[str]:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]' installs it)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit needs it")
    return [sys.executable, "-m", "pre_commit"]


def test_pre_commit_try_repo_runs_both_hooks_on_a_sample_project(tmp_path: Path) -> None:
    """pre-commit installs the hooks from this checkout (a venv with supatools, from the
    package index: most of the ~20 s) and runs them as a user's ``pre-commit run`` would.
    One run, one hook passing and one failing (each hook's other verdict is proven
    in-process above): a second try-repo would install the venv again."""
    command = _pre_commit()
    project = tmp_path / "project"
    project.mkdir()
    sample_project(project)
    open_table = "-- open\ncreate table if not exists public.open (id uuid primary key);\n"
    write(project / "supabase" / "migrations", "20250102000000_open.sql", open_table)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SUPATOOLS_", "GIT_"))},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    subprocess.run(["git", "init", "-q", "."], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=project, check=True, env=env)
    started = time.monotonic()
    done = subprocess.run(
        [*command, "try-repo", str(REPO), "--all-files", "--verbose"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(f"pre-commit try-repo (hook venv install included): {time.monotonic() - started:.1f} s")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"supatools migration names\.+Passed", done.stdout), done.stdout
    assert re.search(r"supatools lint\.+Failed", done.stdout), done.stdout
    assert "20250102000000_open.sql:2: error: table_without_rls:" in done.stdout
    assert "20250101000000_notes.sql:2: error" not in done.stdout
