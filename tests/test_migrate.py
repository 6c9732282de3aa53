"""supatools migrate against real PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from supatools.commands import hooks as run_hooks
from supatools.errors import (
    EnvironmentFailure,
    LockTimeout,
    MigrationFailed,
    MigrationFileError,
    PlanRefused,
)
from supatools.migrations import apply
from supatools.migrations.plan import State
from supatools.settings import Settings
from tests.conftest import REPO, Database, run_cli, write

T1 = "create table public.t1 (id int primary key);\n"
T2 = "create table public.t2 (id int primary key);\n"


def settings_for(directory: Path, **overrides: object) -> Settings:
    return Settings(migrations_dir=directory, **overrides)  # type: ignore[arg-type]


def tables(db: Database) -> set[str]:
    with db.connect() as conn:
        return {
            str(r[0])
            for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }


def test_example_app_applies_with_history_in_both_tables(database: Database) -> None:
    result = run_hooks.migrate(settings_for(REPO / "migrations"), database.url)
    versions = [a.version for a in result.applied]
    assert versions == sorted(versions) and len(versions) == 6
    assert database.applied_versions() == versions
    assert tables(database) == {
        "profiles",
        "exercises",
        "workouts",
        "workout_sets",
        "training_plans",
    }
    with database.connect() as conn:
        rows = conn.execute(
            "SELECT s.version, s.name, cardinality(s.statements), h.checksum, h.applied_by, "
            "h.supatools_version, h.no_transaction FROM supabase_migrations.schema_migrations s "
            "JOIN supabase_migrations.supatools_history h USING (version) ORDER BY 1"
        ).fetchall()
        assert [r[1] for r in rows] == [
            "service_role_defaults",
            "user_profiles",
            "exercises",
            "workouts",
            "training_plans",
            "workouts_started_at_index",
        ]
        assert all(len(str(r[3])) == 64 and r[4] and r[5] == "0.1.0" for r in rows)
        assert [r[6] for r in rows] == [False, False, False, False, False, True]
        # the outer BEGIN/COMMIT pair of training_plans is not among its statements
        plans = conn.execute(
            "SELECT statements FROM supabase_migrations.schema_migrations "
            "WHERE name = 'training_plans'"
        ).fetchone()[0]  # type: ignore[index]
        assert not any(s.lower() in ("begin", "commit") for s in plans)
        indexed = conn.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = "
            "'public.workouts_user_started_idx'::regclass"
        ).fetchone()
        assert indexed == (True,)
    again = run_hooks.migrate(settings_for(REPO / "migrations"), database.url)
    assert again.applied == ()


def test_failing_migration_leaves_no_trace_and_names_file_line_column(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_first.sql", T1)
    bad = write(
        migrations_dir,
        "20250102000000_broken.sql",
        "-- café: a multi-byte character before the error\n"
        "create table public.half (id int);\n"
        "insert into public.half values (1);\n"
        "select * from\n   public.does_not_exist;\n",
    )
    write(migrations_dir, "20250103000000_after.sql", T2)
    with pytest.raises(MigrationFailed) as caught:
        run_hooks.migrate(settings_for(migrations_dir), database.url)
    message = caught.value.message
    assert f"{bad}:5:4:" in message
    assert "SQLSTATE 42P01" in message and 'relation "public.does_not_exist"' in message
    assert database.applied_versions() == ["20250101000000"]
    assert tables(database) == {"t1"}  # "half" was rolled back, "after" never ran


def test_cli_failure_is_one_line_on_stderr_with_exit_1(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_bad.sql", "select 1/0;\n")
    run = run_cli("migrate", "--db-url", database.url, "--migrations-dir", str(migrations_dir))
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "20250101000000_bad.sql:1:" in run.stderr and "22012" in run.stderr
    assert "Traceback" not in run.stderr
    json_run = run_cli(
        "migrate", "--json", "--db-url", database.url, "--migrations-dir", str(migrations_dir)
    )
    document = json.loads(json_run.stdout)
    assert json_run.returncode == 1
    assert document["ok"] is False and document["error"]["exit_code"] == 1


def test_modified_applied_migration_stops_before_anything_runs(
    database: Database, migrations_dir: Path
) -> None:
    first = write(migrations_dir, "20250101000000_first.sql", T1)
    run_hooks.migrate(settings_for(migrations_dir), database.url)
    # line endings and trailing whitespace do not count as a change
    first.write_bytes(T1.replace("\n", "  \r\n").encode() + b"\r\n\r\n")
    write(migrations_dir, "20250102000000_second.sql", T2)
    entries = apply.status(settings_for(migrations_dir), database.url)
    assert [e.state for e in entries] == [State.APPLIED, State.PENDING]

    first.write_text(T1.replace("id int", "id bigint"))
    with pytest.raises(PlanRefused, match="20250101000000_first.sql"):
        run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert tables(database) == {"t1"}
    run = run_cli(
        "migrate",
        "--status",
        "--db-url",
        database.url,
        "--migrations-dir",
        str(migrations_dir),
        "--json",
    )
    states = {m["version"]: m["state"] for m in json.loads(run.stdout)["migrations"]}
    assert states == {"20250101000000": "modified", "20250102000000": "pending"}
    assert run.returncode == 1


def test_status_shows_missing_and_out_of_order_and_include_all(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_first.sql", T1)
    gone = write(migrations_dir, "20250103000000_gone.sql", T2)
    run_hooks.migrate(settings_for(migrations_dir), database.url)
    gone.unlink()
    write(migrations_dir, "20250102000000_late.sql", "create table public.late (id int);\n")
    entries = {e.version: e for e in apply.status(settings_for(migrations_dir), database.url)}
    assert entries["20250101000000"].state is State.APPLIED
    assert entries["20250101000000"].applied_at is not None
    assert entries["20250102000000"].state is State.OUT_OF_ORDER
    assert entries["20250103000000"].state is State.MISSING
    with pytest.raises(PlanRefused, match="--include-all"):
        run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert "late" not in tables(database)
    result = run_hooks.migrate(settings_for(migrations_dir), database.url, include_all=True)
    assert [a.version for a in result.applied] == ["20250102000000"]


def test_dry_run_writes_nothing_not_even_history(database: Database) -> None:
    run = run_cli("migrate", "--dry-run", "--db-url", database.url)
    assert run.returncode == 0, run.stderr
    assert "create table if not exists public.profiles" in run.stdout
    assert "20250331080000_workouts_started_at_index.sql" in run.stdout
    assert database.scalar("SELECT to_regnamespace('supabase_migrations')::text") is None
    assert tables(database) == set()
    document = json.loads(
        run_cli("migrate", "--dry-run", "--json", "--db-url", database.url).stdout
    )
    assert [p["name"] for p in document["pending"]][:2] == [
        "service_role_defaults",
        "user_profiles",
    ]
    assert document["pending"][0]["sql"].startswith("-- Let the service role")


def test_file_applies_one_pending_migration_after_checking_requires(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_first.sql", T1)
    write(
        migrations_dir,
        "20250102000000_second.sql",
        "-- needs first\n-- requires: 20250101000000_first\n" + T2,
    )
    with pytest.raises(PlanRefused, match="requires 20250101000000_first"):
        run_hooks.migrate(settings_for(migrations_dir), database.url, only="20250102000000")
    assert database.applied_versions() == []
    run_hooks.migrate(settings_for(migrations_dir), database.url, only="20250101000000_first.sql")
    assert database.applied_versions() == ["20250101000000"]
    run_hooks.migrate(settings_for(migrations_dir), database.url, only="20250102000000_second")
    assert database.applied_versions() == ["20250101000000", "20250102000000"]


def test_requires_unknown_migration_is_bad_input(database: Database, migrations_dir: Path) -> None:
    write(migrations_dir, "20250102000000_second.sql", "-- requires: 20240101000000\n" + T2)
    with pytest.raises(MigrationFileError, match="neither a local migration"):
        run_hooks.migrate(settings_for(migrations_dir), database.url)


def test_rows_written_by_supabase_cli_are_judged_by_their_statements(
    database: Database, migrations_dir: Path
) -> None:
    text = "-- made by the CLI\ncreate table public.t1 (id int primary key);\n\nselect 1;\n"
    path = write(migrations_dir, "20250101000000_first.sql", text)
    with database.connect() as conn:
        for statement in (
            "CREATE SCHEMA supabase_migrations",
            "CREATE TABLE supabase_migrations.schema_migrations "
            "(version text NOT NULL PRIMARY KEY, statements text[], name text)",
        ):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO supabase_migrations.schema_migrations VALUES (%s, %s, %s)",
            (
                "20250101000000",
                ["-- made by the CLI\ncreate table public.t1 (id int primary key);", "select 1;"],
                "first",
            ),
        )
    entries = apply.status(settings_for(migrations_dir), database.url)
    assert [e.state for e in entries] == [State.APPLIED]
    path.write_text(text.replace("select 1", "select 2"))
    entries = apply.status(settings_for(migrations_dir), database.url)
    assert [e.state for e in entries] == [State.MODIFIED]


def test_session_settings_do_not_leak_between_migrations(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_sets.sql",
        "set search_path = nowhere;\nset lock_timeout = '1h';\nset role service_role;\n",
    )
    write(
        migrations_dir,
        "20250102000000_uses.sql",
        "create table t2 (id int);\n"
        "do $$ begin if current_setting('lock_timeout') <> '10s' then "
        "raise exception 'lock_timeout leaked: %', current_setting('lock_timeout'); "
        "end if; end $$;\n",
    )
    run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert "t2" in tables(database)
    # created by the connecting role, not by the role the previous migration switched to
    assert database.scalar("SELECT tableowner FROM pg_tables WHERE tablename = 't2'") != (
        "service_role"
    )


def test_percent_signs_and_dollar_quotes_pass_through_untouched(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_fn.sql",
        "create function public.pct() returns text language sql as $$ select '100%; ok' $$;\n"
        "create table public.p as select public.pct() as v;\n",
    )
    run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert database.scalar("SELECT v FROM public.p") == "100%; ok"


def test_no_transaction_file_runs_outside_a_transaction(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_t.sql", T1)
    write(
        migrations_dir,
        "20250102000000_idx.sql",
        "-- index\n-- supatools:no-transaction\n"
        "create index concurrently if not exists t1_id on public.t1 (id);\n"
        "create index concurrently if not exists broken on public.nope (id);\n",
    )
    with pytest.raises(MigrationFailed) as caught:
        run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert "1 earlier statement(s)" in caught.value.message
    assert "20250102000000_idx.sql:4:" in caught.value.message
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("SELECT to_regclass('public.t1_id')::text") == "t1_id"


def test_lock_timeout_in_a_migration_is_an_environment_failure(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_t.sql", T1)
    run_hooks.migrate(settings_for(migrations_dir), database.url)
    write(migrations_dir, "20250102000000_alter.sql", "alter table public.t1 add column x int;\n")
    with database.connect() as blocker:
        blocker.execute("BEGIN")
        blocker.execute("LOCK TABLE public.t1 IN ACCESS SHARE MODE")
        with pytest.raises(EnvironmentFailure, match="lock not acquired") as caught:
            run_hooks.migrate(settings_for(migrations_dir, lock_timeout="200ms"), database.url)
        blocker.execute("ROLLBACK")
    assert caught.value.exit_code == 3
    assert database.applied_versions() == ["20250101000000"]


def test_second_run_gives_up_on_the_lock_naming_the_holder(
    database: Database, migrations_dir: Path
) -> None:
    from supatools import db

    write(migrations_dir, "20250101000000_t.sql", T1)
    with database.connect() as holder:
        holder.execute("SET application_name = 'other deploy'")
        holder.execute("SELECT pg_advisory_lock(%s)", (db.MIGRATION_LOCK_KEY,))
        pid = holder.info.backend_pid
        with pytest.raises(LockTimeout) as caught:
            run_hooks.migrate(settings_for(migrations_dir, lock_wait_timeout=0.5), database.url)
    assert f"pid {pid}" in caught.value.message and "'other deploy'" in caught.value.message
    assert database.applied_versions() == []


def test_example_app_copied_elsewhere_still_applies(database: Database, tmp_path: Path) -> None:
    target = tmp_path / "supabase" / "migrations"
    shutil.copytree(REPO / "migrations", target)
    run = run_cli("migrate", "--db-url", database.url, cwd=tmp_path)  # default folder fallback
    assert run.returncode == 0, run.stderr
    assert len(database.applied_versions()) == 6


def test_error_without_a_server_position_still_names_the_statement_line(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_div.sql",
        "create table public.d (id int); -- trailing comment\nselect 1 -- no semicolon yet\n;\n"
        "select 2;\n\n  select 1/0;\n",
    )
    with pytest.raises(MigrationFailed) as caught:
        run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert "20250101000000_div.sql:6:3: SQLSTATE 22012" in caught.value.message
    assert tables(database) == set()


def test_deferred_constraint_failing_at_commit_rolls_back(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_deferred.sql",
        "create table public.parent (id int primary key);\n"
        "create table public.child (parent_id int references public.parent "
        "deferrable initially deferred);\n"
        "insert into public.child values (42);\n",
    )
    with pytest.raises(MigrationFailed, match="SQLSTATE 23503") as caught:
        run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert "_deferred.sql:3:" in caught.value.message
    assert tables(database) == set() and database.applied_versions() == []


def test_copy_from_stdin_is_refused_before_anything_runs(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_a.sql", T1)
    write(migrations_dir, "20250102000000_copy.sql", "copy public.t1 from stdin;\n")
    with pytest.raises(MigrationFileError, match=r"_copy.sql:1: COPY"):
        run_hooks.migrate(settings_for(migrations_dir), database.url)
    assert database.applied_versions() == []


def test_a_concurrent_index_file_applies_outside_a_transaction_and_says_so(
    database: Database, migrations_dir: Path
) -> None:
    """Issue 8: no directive needed for CREATE INDEX CONCURRENTLY; --atomic refuses it."""
    write(migrations_dir, "20250101000000_t.sql", "create table public.t (a int);\n")
    write(
        migrations_dir,
        "20250101000001_idx.sql",
        "-- An index, built without blocking writes.\n"
        "create index concurrently t_a on public.t (a);\n",
    )
    warnings: list[str] = []
    settings = settings_for(migrations_dir)
    with pytest.raises(MigrationFileError, match="--atomic cannot include no-transaction"):
        run_hooks.migrate(settings, database.url, atomic=True, verify=False)
    result = run_hooks.migrate(settings, database.url, verify=False, on_warning=warnings.append)
    assert [a.no_transaction for a in result.applied] == [False, True]
    assert any("20250101000001_idx.sql:2" in w and "outside" in w for w in warnings)
    assert database.scalar("select to_regclass('public.t_a')::text") == "t_a"
    assert database.scalar(
        "select no_transaction from supabase_migrations.supatools_history "
        "where version = '20250101000001'"
    )


def test_an_error_inside_a_function_body_names_the_line_inside_it(
    database: Database, migrations_dir: Path
) -> None:
    """Issue 8: the line of the body, as psql shows it, not the CREATE FUNCTION line."""
    write(
        migrations_dir,
        "20250101000000_fn.sql",
        "-- A function with a typo in its body.\n"
        "create table public.a (id int);\n"
        "\n"
        "create or replace function public.zz() returns int language plpgsql as $$\n"
        "begin\n"
        "  return 1 +;\n"
        "end\n"
        "$$;\n",
    )
    with pytest.raises(MigrationFailed, match=r"20250101000000_fn\.sql:6:\d+: SQLSTATE 42601"):
        run_hooks.migrate(settings_for(migrations_dir), database.url, verify=False)


# --- files that control their own transactions (issue 8) --------------------------------

OWN_COMMITS = (
    "-- a file as the Supabase CLI runs it: its own transactions\n"
    "create table public.first (id int);\n"
    "begin;\n"
    "drop publication if exists supabase_realtime;\n"
    "create publication supabase_realtime for table public.first;\n"
    "commit;\n"
    "create table public.second (id int);\n"
)


def test_a_file_with_its_own_commits_runs_as_written_and_is_recorded(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_own.sql", OWN_COMMITS)
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=migrations_dir.parent)
    assert run.returncode == 0, run.stderr
    assert "_own.sql:6: the file ends its own transaction (COMMIT)" in run.stderr
    assert "not atomic" in run.stderr
    assert {"first", "second"} <= tables(database)
    assert database.applied_versions() == ["20250101000000"]
    published = database.scalar(
        "select string_agg(tablename, ',') from pg_publication_tables "
        "where pubname = 'supabase_realtime'"
    )
    assert published == "first"
    again = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=migrations_dir.parent)
    assert again.returncode == 0 and database.applied_versions() == ["20250101000000"]


def test_strict_refuses_a_file_with_its_own_commits_before_anything_runs(
    database: Database, migrations_dir: Path
) -> None:
    write(migrations_dir, "20250101000000_own.sql", OWN_COMMITS)
    run = run_cli(
        "migrate", "--strict", "--no-verify", "--db-url", database.url, cwd=migrations_dir.parent
    )
    assert run.returncode == 2
    assert "_own.sql:6: COMMIT inside a migration" in run.stderr
    assert "first" not in tables(database) and database.applied_versions() == []


def test_a_failure_after_its_own_commit_keeps_what_it_committed_and_rolls_back_the_rest(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_own.sql",
        "create table public.kept (id int);\n"
        "commit;\n"
        "begin;\n"
        "create table public.undone (id int);\n"
        "select 1 / 0;\n"
        "commit;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=migrations_dir.parent)
    assert run.returncode == 1
    [line] = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    assert "_own.sql:5:" in line and "22012" in line and "not recorded" in line
    assert "kept" in tables(database) and "undone" not in tables(database)
    assert database.applied_versions() == []


def test_a_file_that_leaves_its_own_transaction_open_is_rolled_back_and_not_recorded(
    database: Database, migrations_dir: Path
) -> None:
    write(
        migrations_dir,
        "20250101000000_own.sql",
        "create table public.kept (id int);\ncommit;\nbegin;\ncreate table public.open (id int);\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=migrations_dir.parent)
    assert run.returncode == 2, run.stderr
    assert "opened a transaction (BEGIN) and did not end it" in run.stderr
    assert "open" not in tables(database) and database.applied_versions() == []
