"""Issue 23 item 2: the GitHub Action (``action.yml``) and its job summary.

The action's own shell steps run here as GitHub runs them (bash, the step's ``env:``
with its ``${{ inputs.* }}`` resolved, a faked ``RUNNER_TEMP``, ``GITHUB_OUTPUT``,
``GITHUB_STEP_SUMMARY``, ``GITHUB_PATH``, ``GITHUB_WORKSPACE``) against a real database:
a subprocess is what a step is. The summary renderer is also driven in-process on the
documents ``migrate --json`` and ``lint --json`` print.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from supatools.local import LocalServer
from supatools.render import github
from tests.conftest import REPO, Database, run_cli, world_readable_tmpdir, write

yaml = pytest.importorskip("yaml", reason="PyYAML (pre-commit's dependency, test extra) missing")

ACTION: dict[str, Any] = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS: dict[str, dict[str, Any]] = {s.get("id") or s["name"]: s for s in ACTION["runs"]["steps"]}

FIRST = "-- the first table\ncreate schema app;\ncreate table app.notes (id bigint primary key);\n"
SECOND = "-- a column\nalter table app.notes add column body text;\n"


def test_action_is_a_composite_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {
        "db-url", "mode", "fail-on", "working-directory", "migrations-dir",
        "python-version", "supatools-package", "upload-sarif",
    }  # fmt: skip
    assert ACTION["inputs"]["mode"]["default"] == "rehearse"  # the default writes nothing
    uses = [s.get("uses", "") for s in ACTION["runs"]["steps"]]
    assert uses[0].startswith("actions/setup-python@")
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            # expressions in a script are a script injection; every value comes in by env
            assert "${{" not in step["run"], step["name"]
    # the secret reaches one step, through its environment
    holders = [s["name"] for s in ACTION["runs"]["steps"] if "inputs.db-url" in json.dumps(s)]
    assert holders == ["supatools migrate"]
    assert STEPS["migrate"]["env"]["SUPABASE_DB_URL"] == "${{ inputs.db-url }}"


def _run_step(step_id: str, inputs: dict[str, str], github_env: dict[str, str]) -> int:
    """One ``run:`` step of the action in bash, with its ``env:`` resolved as the runner does."""
    step = STEPS[step_id]
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUPABASE_", "DATABASE_URL", "SUPATOOLS_", "PG"))
    }
    env.update(github_env)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    given = {**defaults, **inputs}
    for name, value in (step.get("env") or {}).items():
        env[name] = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: given[m[1]], str(value))
    cwd = Path(github_env["GITHUB_WORKSPACE"]) / given["working-directory"]
    done = subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env=env, timeout=120)
    return done.returncode


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def _faked_runner(tmp_path: Path) -> dict[str, str]:
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    files = {
        "GITHUB_OUTPUT": tmp_path / "output",
        "GITHUB_STEP_SUMMARY": tmp_path / "summary.md",
        "GITHUB_PATH": tmp_path / "path",
    }
    for file in files.values():
        file.touch()
    return {
        "RUNNER_TEMP": str(temp),
        "GITHUB_WORKSPACE": str(tmp_path / "workspace"),
        **{k: str(v) for k, v in files.items()},
    }


def test_action_steps_lint_migrate_and_summarise_on_a_real_database(
    tmp_path: Path, database: Database
) -> None:
    runner = _faked_runner(tmp_path)
    migrations = tmp_path / "workspace" / "app" / "supabase" / "migrations"
    migrations.mkdir(parents=True)
    (migrations.parent / "config.toml").write_text("")
    write(migrations, "20250101000000_first.sql", FIRST)
    write(migrations, "20250102000000_second.sql", SECOND)
    inputs = {
        "mode": "migrate",
        "db-url": database.url,
        "working-directory": "app",
        "migrations-dir": "supabase/migrations",
        "fail-on": "error",
    }
    for step in ("lint", "migrate", "summary"):
        assert _run_step(step, inputs, runner) == 0, step
    outputs = _outputs(Path(runner["GITHUB_OUTPUT"]))
    # lint lists every finding (7 notices here); only those at --fail-on fail the job
    assert outputs == {"exit": "0", "sarif": "true", "applied": "2", "findings": "7"}
    assert database.applied_versions() == ["20250101000000", "20250102000000"]
    summary = Path(runner["GITHUB_STEP_SUMMARY"]).read_text()
    assert "| 20250101000000 | first | 2 |" in summary
    assert "| 20250102000000 | second | 1 |" in summary
    assert "| warn | no_tables_checked | public | no table found in public" in summary
    assert "lint passed (--fail-on error): 7 finding(s)" in summary
    assert "| info | missing_rollback | supabase/migrations/20250101000000_first.sql:1 |" in summary
    sarif = json.loads((Path(runner["RUNNER_TEMP"]) / "supatools.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    # the verdict step passes on both exits 0, and fails the job on a lint failure
    verdict = {"GITHUB_OUTPUT": runner["GITHUB_OUTPUT"], **runner}
    step_env = {"LINT_EXIT": "0", "MIGRATE_EXIT": "0", "MODE": "migrate"}
    assert _verdict(step_env, verdict) == 0
    assert _verdict({**step_env, "LINT_EXIT": "1"}, verdict) == 1


def test_action_rehearse_mode_applies_on_a_copy_and_writes_nothing(database: Database) -> None:
    """The default mode: the copy lives in supatools' embedded server, in the workspace."""
    base = world_readable_tmpdir("supatools-action-")
    try:
        runner = _faked_runner(base)
        migrations = base / "workspace" / "migrations"
        migrations.mkdir(parents=True)
        write(migrations, "20250101000000_first.sql", FIRST)
        inputs = {"db-url": database.url}  # mode: the default, rehearse
        for step in ("lint", "migrate", "summary"):
            assert _run_step(step, inputs, runner) == 0, step
        outputs = _outputs(Path(runner["GITHUB_OUTPUT"]))
        assert outputs == {"exit": "0", "sarif": "true", "applied": "1", "findings": "4"}
        assert database.applied_versions() == []  # the target is only read
        summary = Path(runner["GITHUB_STEP_SUMMARY"]).read_text()
        assert "### supatools migrate --rehearse\n\n" in summary
        assert "| 20250101000000 | first | 2 |" in summary
    finally:
        LocalServer(base / "workspace" / ".supatools" / "local").stop()
        shutil.rmtree(base, ignore_errors=True)


def test_action_lint_only_needs_no_database(tmp_path: Path) -> None:
    runner = _faked_runner(tmp_path)
    migrations = tmp_path / "workspace" / "migrations"
    migrations.mkdir(parents=True)
    write(migrations, "20250101000000_open.sql", "create table public.open (id int);\n")
    inputs = {"mode": "lint-only", "fail-on": "error"}
    for step in ("lint", "summary"):
        assert _run_step(step, inputs, runner) == 0, step
    outputs = _outputs(Path(runner["GITHUB_OUTPUT"]))
    assert outputs["exit"] == "1" and outputs["applied"] == "0"  # the verdict step fails it
    summary = Path(runner["GITHUB_STEP_SUMMARY"]).read_text()
    assert "lint **FAILED** (--fail-on error)" in summary
    assert "| error | table_without_rls | migrations/20250101000000_open.sql:1 |" in summary
    assert "supatools migrate" not in summary
    step_env = {"LINT_EXIT": "1", "MIGRATE_EXIT": "", "MODE": "lint-only"}
    assert _verdict(step_env, runner) == 1
    assert _verdict({**step_env, "LINT_EXIT": "0"}, runner) == 0


def _verdict(step_env: dict[str, str], runner: dict[str, str]) -> int:
    script = STEPS["verdict"]["run"]
    done = subprocess.run(
        ["bash", "-c", script], env={**os.environ, **runner, **step_env}, capture_output=True
    )
    return done.returncode


def test_action_refuses_an_unknown_mode_and_an_empty_url(tmp_path: Path) -> None:
    runner = _faked_runner(tmp_path)
    (tmp_path / "workspace").mkdir()
    assert _run_step("install supatools", {"mode": "deploy"}, runner) == 2
    # migrate without a URL: the step records exit 2 for the verdict, and says why
    assert _run_step("migrate", {"mode": "migrate"}, runner) == 0
    assert _outputs(Path(runner["GITHUB_OUTPUT"])) == {"exit": "2"}


def test_summary_tables_from_the_commands_json(
    tmp_path: Path, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_first.sql", FIRST)
    write(migrations, "20250102000000_pipe|name.sql", "create table app.bad (id int);\n")
    lint = run_cli("lint", "--json", "--fail-on", "info", cwd=tmp_path)
    migrate = run_cli("migrate", "--json", "--db-url", database.url, cwd=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    (tmp_path / "lint.json").write_text(lint.stdout)
    (tmp_path / "migrate.json").write_text(migrate.stdout)
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    args = ["--lint", str(tmp_path / "lint.json"), "--migrate", str(tmp_path / "migrate.json")]
    assert github.main(args) == 0
    text = summary.read_text()
    assert "| version | name | statements | ms |\n|---|---|---|---|\n| 20250101000000 |" in text
    assert "| 20250102000000 | pipe\\|name | 1 |" in text  # a | in a name keeps its row
    findings = json.loads(lint.stdout)["findings"]
    assert len(findings) > 0
    assert f"lint **FAILED** (--fail-on info): {len(findings)} finding(s)" in text
    first = findings[0]
    assert f"| {first['level']} | {first['rule']} | migrations/" in text
    assert _outputs(output) == {"applied": "2", "findings": str(len(findings))}


def test_summary_of_a_failed_or_missing_document(tmp_path: Path) -> None:
    failed = run_cli("migrate", "--json", "--db-url", "postgresql://u:hunter2@127.0.0.1:1/x")
    assert failed.returncode == 3
    document = json.loads(failed.stdout)
    text = github.migrate_markdown(document)
    assert text.startswith("### supatools migrate\n\n**failed** (exit 3): ")
    assert "hunter2" not in text
    assert github.read_document(tmp_path / "absent.json") is None
    (tmp_path / "empty.json").write_text("")
    assert github.read_document(tmp_path / "empty.json") is None
    assert "no result: the step did not run" in github.lint_markdown(None)


def test_summary_cells_hold_no_line_break_pipe_or_control_character() -> None:
    assert github.cell("a|b\nc\x1b[31m`x`") == "a\\|b c [31m'x'"
    assert github.cell(None) == ""


def test_project_urls_name_the_repository_sarif_names() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    from supatools.render import sarif

    urls = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]
    source = Path(sarif.__file__).read_text()
    assert f'"informationUri": "{urls["Source"]}"' in source
    assert urls["Issues"] == urls["Source"] + "/issues"
