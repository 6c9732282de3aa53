"""supatools backup, restore and migrate --backup against real PostgreSQL (issue 11)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.conftest import Database, run_cli, write

PASSWORD = "s3cr#t?/pw"  # the test servers trust local connections: any password works


def with_password(url: str) -> str:
    from urllib.parse import quote

    parts = urlsplit(url)
    netloc = parts.netloc.replace("@", f":{quote(PASSWORD, safe='')}@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def notes(database: Database) -> None:
    with database.connect() as conn:
        conn.execute(
            "create table public.notes (id int primary key, body text);"
            "insert into public.notes select g, 'note ' || g from generate_series(1, 500) g"
        )


def test_backup_then_a_destructive_migration_then_restore_gives_the_rows_back(
    database: Database, tmp_path: Path
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_notes.sql",
        "create table public.notes (id int primary key, body text);\n"
        "insert into public.notes select g, 'note ' || g from generate_series(1, 500) g;\n",
    )
    assert run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path).returncode == 0
    out = tmp_path / "before.dump"
    made = run_cli("backup", "--out", str(out), "--json", "--db-url", database.url, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    document = json.loads(made.stdout)
    assert document["entries"] > 0 and out.stat().st_size == document["bytes"]
    write(
        migrations,
        "20250102000000_oops.sql",
        "delete from public.notes where id > 10;\nalter table public.notes drop column body;\n",
    )
    assert run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path).returncode == 0
    assert database.scalar("select count(*) from public.notes") == 10
    restored = run_cli("restore", str(out), "--yes", "--db-url", database.url, cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert database.scalar("select count(*) from public.notes where left(body, 5) = 'note '") == 500
    # the history came back with the schema: the destructive migration is pending again
    assert database.applied_versions() == ["20250101000000"]


def test_restore_asks_before_replacing_anything(database: Database, tmp_path: Path) -> None:
    notes(database)
    out = tmp_path / "b.dump"
    run_cli("backup", "--out", str(out), "--db-url", database.url, cwd=tmp_path)
    run = run_cli("restore", str(out), "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 2 and "confirm with --yes" in run.stderr


def spy(database: Database, tmp_path: Path, exit_code: int | None = None) -> tuple[Path, Path]:
    """A pg_dump stand-in that records its argv and whether PGPASSWORD reached it, then
    runs the real pg_dump (or fails with ``exit_code``)."""
    from supatools.backup import find_tool, server_major_of

    real = find_tool("pg_dump", server_major_of(database.url))
    record = tmp_path / "argv.txt"
    script = tmp_path / "pg_dump"
    body = (
        f'if [ "$1" = "--version" ]; then exec "{real}" --version; fi\n'
        f'printf "%s\\n" "$@" > "{record}"\n'
        f'printf "PGPASSWORD=%s\\n" "${{PGPASSWORD:+set}}" >> "{record}"\n'
    )
    body += f"exit {exit_code}\n" if exit_code is not None else f'exec "{real}" "$@"\n'
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, record


def test_the_password_reaches_pg_dump_through_the_environment_never_argv(
    database: Database, tmp_path: Path
) -> None:
    notes(database)
    script, record = spy(database, tmp_path)
    run = run_cli(
        "backup",
        "--out",
        str(tmp_path / "x.dump"),
        "--db-url",
        with_password(database.url),
        cwd=tmp_path,
        env={"SUPATOOLS_PG_DUMP": str(script)},
    )
    assert run.returncode == 0, run.stderr
    seen = record.read_text()
    assert "--format=custom" in seen and "PGPASSWORD=set" in seen
    assert PASSWORD not in seen and "s3cr" not in seen
    assert PASSWORD not in run.stdout + run.stderr
    assert "s3cr%23t" not in run.stdout + run.stderr


def test_migrate_backup_runs_first_and_a_failed_backup_stops_the_run(
    database: Database, tmp_path: Path
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_a.sql", "create table public.a (id int);\n")
    script, _ = spy(database, tmp_path, exit_code=1)
    failed = run_cli(
        "migrate",
        "--backup",
        "--no-verify",
        "--db-url",
        database.url,
        cwd=tmp_path,
        env={"SUPATOOLS_PG_DUMP": str(script)},
    )
    assert failed.returncode == 3
    [line] = [x for x in failed.stderr.splitlines() if x.startswith("error:")]
    assert "backup failed" in line and "nothing was migrated" in line
    assert database.applied_versions() == []
    ok = run_cli("migrate", "--backup", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    dumps = list((tmp_path / ".supatools" / "backups").glob("*.dump"))
    assert len(dumps) == 1 and "verified with pg_restore --list" in ok.stderr
    assert database.applied_versions() == ["20250101000000"]
    assert os.path.getsize(dumps[0]) > 0


def test_backup_tables_dumps_only_what_the_pending_migrations_touch(
    database: Database, tmp_path: Path
) -> None:
    import subprocess

    from supatools.backup import find_tool, server_major_of

    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_base.sql",
        "create table public.notes (id int primary key, body text);\n"
        'create table public."Other Things" (id int);\n',
    )
    assert run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path).returncode == 0
    write(migrations, "20250102000000_change.sql", "update notes set body = upper(body);\n")
    run = run_cli(
        "migrate", "--backup-tables", "--no-verify", "--db-url", database.url, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    assert "tables public.notes and the history" in run.stderr
    [dump] = (tmp_path / ".supatools" / "backups").glob("*.dump")
    listing = subprocess.run(
        [str(find_tool("pg_restore", server_major_of(database.url))), "--list", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "TABLE public notes" in listing and "schema_migrations" in listing
    assert "Other Things" not in listing


def test_a_pg_dump_older_than_the_server_is_never_used() -> None:
    import pytest

    from supatools.backup import find_tool
    from supatools.errors import EnvironmentFailure

    with pytest.raises(EnvironmentFailure) as caught:
        find_tool("pg_dump", 99)
    assert caught.value.exit_code == 3
    assert "no pg_dump of PostgreSQL 99 or newer" in caught.value.message
    assert "postgresql-client-99" in caught.value.message


def test_a_long_dump_says_how_far_it_got(
    database: Database, tmp_path: Path, monkeypatch: object
) -> None:
    import supatools.backup as backup

    notes(database)
    monkeypatch.setattr(backup, "PROGRESS_EVERY", 0.01)  # type: ignore[attr-defined]
    script, _ = spy(database, tmp_path)
    slow = tmp_path / "slow_pg_dump"
    slow.write_text(
        '#!/bin/sh\nif [ "$1" != "--version" ]; then sleep 0.3; fi\n' + f'exec "{script}" "$@"\n'
    )
    slow.chmod(0o755)
    said: list[str] = []
    monkeypatch.setenv("SUPATOOLS_PG_DUMP", str(slow))  # type: ignore[attr-defined]
    made = backup.dump(
        database.url,
        backup.server_major_of(database.url),
        tmp_path / "x.dump",
        on_progress=said.append,
    )
    assert made.entries > 0
    assert said and all("MB written to" in line for line in said)
