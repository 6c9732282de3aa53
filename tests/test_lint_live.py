"""Issue 21 item 2: with a database named (``lint --db-url`` / ``--local``), the grants it
already holds for anon and authenticated count for ``policy_without_grant``: its default
privileges (made by hand or by the platform) and its tables' own grants."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Database, run_cli, write

HEADER = "-- d\n\n"
POLICY = (
    'drop policy if exists "p" on {table};\n'
    'create policy "p" on {table} for select to authenticated using (true);\n'
)


def project(tmp_path: Path) -> Path:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_notes.sql",
        HEADER + "create table if not exists public.notes (id uuid primary key);\n"
        "alter table public.notes enable row level security;\n"
        + POLICY.format(table="public.notes")
        + POLICY.format(table="app.items"),
    )
    write(migrations, "20250101000000_notes.down.sql", "select 1;\n")
    return tmp_path


def without_grant(run_stdout: str) -> list[str]:
    findings = json.loads(run_stdout)["findings"]
    return sorted(
        f["message"].rsplit(" ", 1)[-1] for f in findings if f["rule"] == "policy_without_grant"
    )


def test_the_databases_default_privileges_and_table_grants_count(
    database: Database, tmp_path: Path
) -> None:
    root = project(tmp_path)
    offline = run_cli("lint", "--json", cwd=root)
    assert without_grant(offline.stdout) == ["app.items", "public.notes"]
    # a database that grants nothing yet: the same two
    live = run_cli("lint", "--json", "--db-url", database.url, cwd=root)
    assert live.returncode == 0, live.stderr
    assert without_grant(live.stdout) == ["app.items", "public.notes"]
    with database.connect() as conn:
        conn.execute(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO authenticated"
        )
        conn.execute("CREATE SCHEMA app")
        conn.execute("CREATE TABLE app.items (id int)")
        conn.execute("GRANT SELECT ON app.items TO authenticated")
    live = run_cli("lint", "--json", "--db-url", database.url, cwd=root)
    assert live.returncode == 0, live.stderr
    assert without_grant(live.stdout) == []
    # the files alone still cannot tell
    assert without_grant(run_cli("lint", "--json", cwd=root).stdout) == [
        "app.items",
        "public.notes",
    ]
