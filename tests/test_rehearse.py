"""migrate --rehearse against real PostgreSQL (issue 11): the real run on a local copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from supatools.local import LocalServer
from tests.conftest import Database, run_cli, world_readable_tmpdir, write


@pytest.fixture
def project() -> Iterator[Path]:
    root = world_readable_tmpdir("supatools-rehearse-")
    (root / "migrations").mkdir()
    (root / "migrations").chmod(0o755)
    try:
        yield root
    finally:
        LocalServer(root / ".supatools" / "local").stop()
        shutil.rmtree(root, ignore_errors=True)


def test_a_rehearsal_applies_on_a_copy_and_never_writes_the_target(
    database: Database, project: Path
) -> None:
    migrations = project / "migrations"
    write(
        migrations,
        "20250101000000_notes.sql",
        "create table public.notes (id int primary key, body text);\n"
        "alter table public.notes enable row level security;\n"
        "create policy r on public.notes for select to authenticated using (true);\n"
        "grant select on public.notes to authenticated;\n"
        "grant all on public.notes to service_role;\n",
    )
    assert run_cli("migrate", "--db-url", database.url, cwd=project).returncode == 0
    with database.connect() as conn:
        conn.execute("insert into public.notes values (1, null), (2, null)")
    write(
        migrations,
        "20250102000000_required.sql",
        "alter table public.notes alter column body set not null;\n",
    )
    # schema only: the copy has no rows, so the NOT NULL passes there
    plain = run_cli("migrate", "--rehearse", "--db-url", database.url, cwd=project)
    assert plain.returncode == 0, plain.stderr
    assert "applied 1 migration(s)" in plain.stdout and "the copy was dropped" in plain.stderr
    # with the rows, it fails where the real run would, and names the line
    rows = run_cli("migrate", "--rehearse", "--with-data", "--db-url", database.url, cwd=project)
    assert rows.returncode == 1
    [line] = [x for x in rows.stderr.splitlines() if x.startswith("error:")]
    assert "rehearsal on a copy of" in line and "_required.sql:1:" in line and "23502" in line
    # the target: only read
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select count(*) from public.notes where body is null") == 2
    server = LocalServer(project / ".supatools" / "local").status().url()
    with psycopg.connect(server, autocommit=True) as conn:
        left = conn.execute(
            "select count(*) from pg_database where datname like 'supatools_rehearsal_%'"
        ).fetchone()
    assert left == (0,)


def test_keep_leaves_the_copy_for_inspection(database: Database, project: Path) -> None:
    write(project / "migrations", "20250101000000_t.sql", "create table public.t (id int);\n")
    run = run_cli(
        "migrate", "--rehearse", "--keep", "--no-verify", "--db-url", database.url, cwd=project
    )
    assert run.returncode == 0, run.stderr
    kept = run.stderr.split("the copy is kept at ")[1].split()[0]
    with psycopg.connect(kept, autocommit=True) as conn:
        assert conn.execute("select to_regclass('public.t') is not null").fetchone() == (True,)
    assert database.scalar("select to_regclass('public.t')") is None
