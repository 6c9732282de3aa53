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


# --- issue 18: a backup never replaces a good copy with a bad one ---------------------------


def fake_pg_dump(database: Database, tmp_path: Path, before: str) -> Path:
    """A pg_dump that runs ``before`` (shell) and then the real one."""
    from supatools.backup import find_tool, server_major_of

    real = find_tool("pg_dump", server_major_of(database.url))
    script = tmp_path / "fake_pg_dump"
    script.write_text(
        f'#!/bin/sh\nif [ "$1" = "--version" ]; then exec "{real}" --version; fi\n'
        f'{before}\nexec "{real}" "$@"\n'
    )
    script.chmod(0o755)
    return script


def one_error_line(run: object) -> str:
    stderr = run.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    [line] = [x for x in stderr.splitlines() if x.startswith("error:")]
    return str(line)


def test_an_existing_backup_is_replaced_only_with_force_and_only_by_a_verified_dump(
    database: Database, tmp_path: Path
) -> None:
    notes(database)
    out = tmp_path / "keep.dump"
    out.write_bytes(b"the previous good backup")
    refused = run_cli("backup", "--out", str(out), "--db-url", database.url, cwd=tmp_path)
    assert refused.returncode == 2
    assert "already exists" in one_error_line(refused) and "--force" in refused.stderr
    assert out.read_bytes() == b"the previous good backup"
    forced = run_cli("backup", "--out", str(out), "--force", "--db-url", database.url, cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert out.read_bytes()[:5] == b"PGDMP"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("dump")) == ["keep.dump"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_symlink_at_the_target_is_refused_and_what_it_points_to_is_untouched(
    database: Database, tmp_path: Path
) -> None:
    notes(database)
    precious = tmp_path / "precious.txt"
    precious.write_text("do not overwrite")
    link = tmp_path / "link.dump"
    link.symlink_to(precious)
    for extra in ([], ["--force"]):
        run = run_cli("backup", "--out", str(link), *extra, "--db-url", database.url)
        assert run.returncode == 2, run.stderr
        assert "symbolic link" in one_error_line(run)
        assert precious.read_text() == "do not overwrite" and link.is_symlink()


def test_out_naming_a_folder_writes_a_new_file_inside_it(
    database: Database, tmp_path: Path
) -> None:
    notes(database)
    folder = tmp_path / "dumps"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    run = run_cli("backup", "--out", str(folder), "--json", "--db-url", database.url)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    [made] = folder.iterdir()
    assert made.name.endswith(f"_{database.name}.dump")
    assert json.loads(run.stdout)["path"] == str(made)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755  # a user's own folder is left as is


def test_backups_are_0600_files_in_a_new_0700_folder(database: Database, tmp_path: Path) -> None:
    notes(database)
    run = run_cli("backup", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / ".supatools" / "backups"
    [made] = folder.iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    nested = tmp_path / "new" / "deeper" / "x.dump"
    assert run_cli("backup", "--out", str(nested), "--db-url", database.url).returncode == 0
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE(nested.parent.stat().st_mode) == 0o700


def test_a_disk_full_mid_dump_keeps_the_previous_backup_byte_for_byte(
    database: Database, tmp_path: Path
) -> None:
    """pg_dump stopped mid-write by a file size limit (SIGXFSZ, what a full disk does to a
    write): the good backup at the path stays, and nothing else is left in its folder."""
    with database.connect() as conn:
        conn.execute(
            "create table public.big (id int, body text);"
            "insert into public.big select g, md5(g::text) || md5((g * 7)::text) "
            "from generate_series(1, 200000) g"
        )
    folder = tmp_path / "dumps"
    folder.mkdir()
    out = folder / "good.dump"
    assert run_cli("backup", "--out", str(out), "--db-url", database.url).returncode == 0
    good = out.read_bytes()
    assert len(good) > 200_000
    full = fake_pg_dump(database, tmp_path, "ulimit -f 100")  # 100 blocks: a few 10 KB
    for extra in (["--force"], []):
        target = out if extra else folder / "other.dump"
        run = run_cli(
            "backup",
            "--out",
            str(target),
            *extra,
            "--db-url",
            database.url,
            env={"SUPATOOLS_PG_DUMP": str(full)},
        )
        assert run.returncode == 3, run.stderr
        assert "backup failed" in one_error_line(run)
        assert out.read_bytes() == good
        assert [p.name for p in folder.iterdir()] == ["good.dump"]


def test_a_database_with_nothing_to_dump_leaves_no_file(database: Database, tmp_path: Path) -> None:
    """An archive with no entries does not verify (exit 3), and is not left at the path
    (it once was, unverified)."""
    from tests.conftest import with_dbname

    empty = f"{database.name}_empty"
    with database.connect() as conn:
        conn.execute(f'create database "{empty}" template template0')
    try:
        out = tmp_path / "empty.dump"
        run = run_cli("backup", "--out", str(out), "--db-url", with_dbname(database.url, empty))
        assert run.returncode == 3, run.stderr
        assert "did not verify" in one_error_line(run)
        assert list(tmp_path.iterdir()) == []
    finally:
        with database.connect() as conn:
            conn.execute(f'drop database "{empty}" with (force)')


# --- issue 18: restore checks what it is given and where it goes ---------------------------


def test_restore_of_a_missing_or_non_dump_file_is_bad_input(
    database: Database, tmp_path: Path
) -> None:
    text = tmp_path / "plain.sql"
    text.write_text("create table x (id int);\n")
    corrupt = tmp_path / "corrupt.dump"
    corrupt.write_bytes(b"PGDMP" + b"\x00" * 40)
    for file, said in (
        (tmp_path / "missing.dump", "no such backup file"),
        (text, "not a pg_dump custom-format archive"),
        (corrupt, "not a readable backup"),
        (tmp_path, "is a folder"),
    ):
        run = run_cli("restore", str(file), "--yes", "--db-url", database.url)
        assert run.returncode == 2, (file, run.stderr)
        assert said in one_error_line(run)


def test_restore_into_another_database_is_refused_unless_said(
    database: Database, another_database: Database, tmp_path: Path
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_notes.sql", "create table public.notes (id int);\n")
    assert run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path).returncode == 0
    out = tmp_path / "a.dump"
    assert run_cli("backup", "--out", str(out), "--db-url", database.url).returncode == 0
    with another_database.connect() as conn:
        conn.execute("create table public.theirs (id int); insert into public.theirs values (1)")
    run = run_cli("restore", str(out), "--yes", "--db-url", another_database.url)
    assert run.returncode == 2, run.stderr
    line = one_error_line(run)
    assert f"taken from the database '{database.name}'" in line and "--other-database" in line
    assert another_database.applied_versions() == []
    assert another_database.scalar("select to_regclass('public.notes')") is None
    meant = run_cli(
        "restore", str(out), "--yes", "--other-database", "--db-url", another_database.url
    )
    assert meant.returncode == 0, meant.stderr
    assert another_database.applied_versions() == ["20250101000000"]


def test_histories_that_diverge_are_not_the_same_database(tmp_path: Path) -> None:
    import pytest

    from supatools.backup_restore import Archive, check_same_database
    from supatools.errors import UsageError

    archive = Archive("postgres", frozenset({"1", "2"}))
    for moved in ({"1"}, {"1", "2", "3"}, None, set()):
        check_same_database(
            archive, "postgres", None if moved is None else frozenset(moved), tmp_path, "db"
        )
    with pytest.raises(UsageError) as caught:
        check_same_database(archive, "postgres", frozenset({"1", "9"}), tmp_path, "db")
    assert "diverge: 2 only in the backup, 9 only in the target" in caught.value.message


def test_restore_waits_for_the_migration_lock_and_gives_up_with_exit_3(
    database: Database, tmp_path: Path
) -> None:
    from supatools.db import MIGRATION_LOCK_KEY

    notes(database)
    out = tmp_path / "b.dump"
    assert run_cli("backup", "--out", str(out), "--db-url", database.url).returncode == 0
    with database.connect() as conn:
        conn.execute("delete from public.notes")
    with database.connect() as holder:
        holder.execute("select pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        run = run_cli(
            "restore",
            str(out),
            "--yes",
            "--db-url",
            database.url,
            env={"SUPATOOLS_LOCK_WAIT_TIMEOUT": "0.5"},
        )
    assert run.returncode == 3, run.stderr
    assert "migration lock" in one_error_line(run)
    assert database.scalar("select count(*) from public.notes") == 0
    again = run_cli("restore", str(out), "--yes", "--db-url", database.url)
    assert again.returncode == 0, again.stderr
    assert database.scalar("select count(*) from public.notes") == 500


def test_a_temporary_file_of_a_killed_run_is_removed_by_the_next_backup(
    database: Database, tmp_path: Path
) -> None:
    """SIGKILL between naming a verified dump temporarily and renaming it leaves a
    ``.partial`` file; the next backup into the folder removes it (not a live run's)."""
    notes(database)
    dead = 4_000_000
    while os.path.exists(f"/proc/{dead}"):
        dead += 1
    stale = tmp_path / f".x.dump.{dead}.0a1b2c3d.partial"
    stale.write_bytes(b"PGDMP half")
    live = tmp_path / f".x.dump.{os.getppid()}.0a1b2c3d.partial"
    live.write_bytes(b"PGDMP another run's")
    run = run_cli("backup", "--out", str(tmp_path / "x.dump"), "--db-url", database.url)
    assert run.returncode == 0, run.stderr
    assert not stale.exists() and live.exists()


def test_without_o_tmpfile_a_temporary_name_stands_in_and_is_never_left(
    tmp_path: Path, monkeypatch: object
) -> None:
    """Where O_TMPFILE is missing (macOS, some filesystems): a 0600 temporary name created
    exclusively, renamed only on publish, removed on failure; --force replaces by rename."""
    import pytest

    from supatools.backup_file import PendingFile

    monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # type: ignore[attr-defined]
    target = tmp_path / "b.dump"
    with pytest.raises(RuntimeError), PendingFile(tmp_path, target.name) as pending:
        os.write(pending.fd, b"half a dump")
        assert pending.temporary is not None
        assert stat.S_IMODE(pending.temporary.stat().st_mode) == 0o600
        raise RuntimeError("pg_dump failed")
    assert list(tmp_path.iterdir()) == []
    for content, replace in ((b"first", False), (b"second", True)):
        with PendingFile(tmp_path, target.name) as pending:
            os.write(pending.fd, content)
            pending.publish(target, replace)
        assert target.read_bytes() == content
        assert [p.name for p in tmp_path.iterdir()] == ["b.dump"]
