"""Issue 23 item 6: supatools and the real Supabase CLI on one database, both directions.

The Supabase CLI is its npm package (``supabase``, with the binary in a platform package
such as ``@supabase/cli-linux-x64``): ``.ci/run`` installs it into a temporary folder when
npm is there and exports its path as ``SUPATOOLS_SUPABASE_CLI``. Without it (or a
``supabase`` on PATH) the tests are skipped with that reason, never silently:
``npm install supabase@3.1.0`` and ``SUPATOOLS_SUPABASE_CLI=node_modules/.bin/supabase``.
The CLI is a separate program, so it runs as a subprocess; supatools runs in-process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Database, run_cli, write

MIGRATIONS = {
    "20250101000000_notes.sql": "create schema if not exists app;\n"
    "create table if not exists app.notes (id bigint primary key);\n",
    "20250102000000_body.sql": "alter table app.notes add column if not exists body text;\n",
    "20250103000000_tags.sql": "create table if not exists app.tags (id bigint primary key);\n",
}
VERSIONS = sorted(name.split("_")[0] for name in MIGRATIONS)


def supabase_cli() -> str:
    given = os.environ.get("SUPATOOLS_SUPABASE_CLI") or shutil.which("supabase")
    if not given:
        pytest.skip(
            "the Supabase CLI is not installed: npm install supabase@3.1.0 and set "
            "SUPATOOLS_SUPABASE_CLI to node_modules/.bin/supabase (.ci/run does when npm is)"
        )
    return given


def supabase(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The Supabase CLI in ``project`` (its ``supabase/`` folder), failing the test on error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPABASE_", "PG"))}
    done = subprocess.run(
        [supabase_cli(), *args],
        cwd=project,
        env={**env, "SUPABASE_TELEMETRY_DISABLED": "1", "DO_NOT_TRACK": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"supabase {' '.join(args[:2])}: {done.stdout}{done.stderr}"
    return done


def supabase_applied(project: Path, url: str) -> list[str]:
    """The versions ``supabase migration list`` shows applied on the database."""
    listed = supabase(project, "migration", "list", f"--remote={url}", "--output-format", "json")
    rows = json.loads(listed.stdout)["migrations"]
    return sorted(row["remote"] for row in rows if row["remote"])


def supatools_states(project: Path, url: str) -> dict[str, str]:
    """Version → state (applied, pending...) as ``supatools migrate --status`` sees it."""
    run = run_cli("migrate", "--status", "--json", "--db-url", url, cwd=project)
    assert run.returncode == 0, run.stderr
    return {m["version"]: m["state"] for m in json.loads(run.stdout)["migrations"]}


def project_with(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "supabase" / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (tmp_path / "supabase" / "config.toml").touch()
    for name in names:
        write(folder, name, MIGRATIONS[name])
    return tmp_path


def test_db_push_then_supatools_status_then_supatools_migrate_then_migration_list(
    tmp_path: Path, database: Database
) -> None:
    supabase_cli()
    names = sorted(MIGRATIONS)
    project = project_with(tmp_path, names[:2])
    supabase(project, "db", "push", f"--remote={database.url}", "--yes")
    assert supatools_states(project, database.url) == dict.fromkeys(VERSIONS[:2], "applied")

    project_with(tmp_path, names[2:])
    applied = run_cli("migrate", "--json", "--db-url", database.url, cwd=project)
    assert applied.returncode == 0, applied.stderr
    assert [a["version"] for a in json.loads(applied.stdout)["applied"]] == VERSIONS[2:]
    assert supabase_applied(project, database.url) == VERSIONS
    # and the CLI has nothing left to push
    pushed = supabase(project, "db", "push", f"--remote={database.url}", "--yes")
    assert "Applying migration" not in pushed.stdout + pushed.stderr


def test_migration_repair_and_supatools_repair_agree(tmp_path: Path, database: Database) -> None:
    supabase_cli()
    project = project_with(tmp_path, sorted(MIGRATIONS))
    assert run_cli("migrate", "--db-url", database.url, cwd=project).returncode == 0
    last, middle = VERSIONS[2], VERSIONS[1]

    # the CLI forgets one: supatools sees it pending
    supabase(
        project,
        "migration",
        "repair",
        "--status",
        "reverted",
        last,
        f"--remote={database.url}",
        "--yes",
    )
    states = supatools_states(project, database.url)
    assert states == {VERSIONS[0]: "applied", middle: "applied", last: "pending"}

    # supatools records it again and forgets another: the CLI sees exactly that
    for status, version in (("applied", last), ("reverted", middle)):
        run = run_cli("repair", "--status", status, version, "--db-url", database.url, cwd=project)
        assert run.returncode == 0, run.stderr
    assert supabase_applied(project, database.url) == [VERSIONS[0], last]

    # and the CLI's own repair applied is what supatools calls applied
    supabase(
        project,
        "migration",
        "repair",
        "--status",
        "applied",
        middle,
        f"--remote={database.url}",
        "--yes",
    )
    assert supatools_states(project, database.url) == dict.fromkeys(VERSIONS, "applied")


def test_a_db_push_after_supatools_migrate_is_named_in_migrates_drift_warning(
    tmp_path: Path, database: Database
) -> None:
    """migrate's catalog fingerprint (issue 25 item 5): what the CLI pushed changed the
    database and the history since supatools' last run, and the warning says both."""
    supabase_cli()
    names = sorted(MIGRATIONS)
    project = project_with(tmp_path, names[:2])
    first = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=project)
    assert first.returncode == 0, first.stderr
    project_with(tmp_path, names[2:])
    supabase(project, "db", "push", f"--remote={database.url}", "--yes")
    after = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=project)
    assert after.returncode == 0, after.stderr
    [line] = [x for x in after.stderr.splitlines() if "since the last supatools migrate" in x]
    assert line.startswith("warning: 1 object(s) of the database changed since"), line
    assert "and so did the migration history (supabase db push" in line
    again = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=project)
    assert "since the last supatools migrate" not in again.stderr, again.stderr
