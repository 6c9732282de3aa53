"""supatools new (issue 10): a migration file from the team's template."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from supatools.migrations.files import discover
from supatools.migrations.new import create, next_version, normalise
from supatools.migrations.statements import parse
from tests.conftest import REPO, Database, run_cli, write


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Add Workout Notes!", "add_workout_notes"),
        ("addWorkoutNotes", "add_workout_notes"),
        ("  create--plans  ", "create_plans"),
        ("!!!", ""),
    ],
)
def test_names_are_normalised_to_snake_case(name: str, slug: str) -> None:
    assert normalise(name) == slug


def test_the_version_follows_the_newest_even_when_the_clock_is_behind() -> None:
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert next_version([], now) == "20250101120000"
    assert next_version(["20250101115959"], now) == "20250101120000"
    assert next_version(["20300101000000"], now) == "20300101000001"


def test_new_table_template_is_idempotent_with_rls_policy_and_grants(tmp_path: Path) -> None:
    shutil.copytree(REPO / "migrations", tmp_path / "migrations")
    run = run_cli("new", "create_workout_comments", "--down", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    path, down = (Path(line) for line in run.stdout.split())
    text = path.read_text()
    assert path.parent == tmp_path / "migrations" and down.name.endswith(".down.sql")
    assert "-- supatools:requires 20250329101000_workouts" in text  # workouts is mentioned
    for piece in (
        "create table if not exists public.workout_comments",
        "enable row level security",
        "drop policy if exists",
        "grant select on public.workout_comments to authenticated",
    ):
        assert piece in text
    assert "drop table if exists public.workout_comments" in down.read_text()
    migrations = discover(tmp_path / "migrations")
    assert migrations[-1].requires and migrations[-1].description
    assert len(parse(migrations[-1]).statements) == 8
    again = run_cli("new", "create_workout_comments", cwd=tmp_path)
    assert again.returncode == 0  # a new version, never the same file
    assert len(list((tmp_path / "migrations").glob("*_create_workout_comments.sql"))) == 2


def test_the_new_file_applies_twice_and_passes_the_audit(
    database: Database, tmp_path: Path
) -> None:
    made = create(tmp_path / "migrations", "create_notes")
    text = made.path.read_text()
    with database.connect() as conn:
        conn.execute(text)
        conn.execute(text)  # idempotent
    run = run_cli("migrate", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr


def test_new_never_overwrites_and_refuses_an_empty_name(tmp_path: Path) -> None:
    run = run_cli("new", "...", cwd=tmp_path)
    assert run.returncode == 2 and "no letters or digits" in run.stderr
    made = create(tmp_path / "migrations", "x")
    from supatools.errors import UsageError
    from supatools.migrations.new import write_new

    with pytest.raises(UsageError, match="never overwrites"):
        write_new(made.path, "")


def test_supabase_cli_projects_get_their_file_in_supabase_migrations(tmp_path: Path) -> None:
    (tmp_path / "supabase" / "migrations").mkdir(parents=True)
    run = run_cli("new", "add_index_to_notes", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert Path(run.stdout.strip()).parent == tmp_path / "supabase" / "migrations"


def test_the_down_file_keeps_a_table_an_earlier_migration_creates(
    database: Database, tmp_path: Path
) -> None:
    """Issue 18 item 2: rolling back `new create_users --down` must not drop the users an
    earlier (still applied) migration created, nor their rows."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_users.sql",
        "create table public.users (\n"
        "    id uuid primary key default gen_random_uuid(),\n"
        "    user_id uuid not null references auth.users (id) on delete cascade,\n"
        "    created_at timestamptz not null default now()\n"
        ");\nalter table public.users enable row level security;\n"
        "grant select on public.users to authenticated;\n",
    )
    write(migrations, "20250101000000_users.down.sql", "drop table public.users;\n")
    run = run_cli("new", "create_users", "--down", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    up, down = (Path(line) for line in run.stdout.split())
    text = down.read_text()
    assert "drop table" not in text
    assert "created by an earlier migration (20250101000000_users.sql)" in text
    assert 'drop policy if exists "owners read their users" on public.users;' in text
    assert "drop index if exists public.users_user_id_idx;" in text
    url = ["--no-verify", "--db-url", database.url]
    assert run_cli("migrate", *url, cwd=tmp_path).returncode == 0
    with database.connect() as conn:
        conn.execute("insert into auth.users (id) values (gen_random_uuid())")
        conn.execute("insert into public.users (user_id) select id from auth.users")
    rolled = run_cli("rollback", "--last", "1", "--yes", *url, cwd=tmp_path)
    assert rolled.returncode == 0, rolled.stderr
    assert database.applied_versions() == ["20250101000000"]
    assert database.scalar("select count(*) from public.users") == 1
    assert database.scalar("select to_regclass('public.users_user_id_idx')") is None
    assert database.scalar("select count(*) from pg_policies where tablename = 'users'") == 0


@pytest.mark.parametrize(
    ("earlier", "note"),
    [
        (
            "do $$ begin execute 'create table public.users (id int)'; end $$;\n",
            "20250101000000_setup.sql runs code that names users",
        ),
        ("create table public.users (\n", "20250101000000_setup.sql does not parse"),
    ],
    ids=["dynamic-sql", "unparsable"],
)
def test_the_down_file_is_commented_out_where_the_files_cannot_tell(
    tmp_path: Path, earlier: str, note: str
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_setup.sql", earlier)
    made = create(migrations, "create_users", down=True)
    assert made.down is not None
    text = made.down.read_text()
    assert "cannot tell whether an earlier migration creates public.users" in text
    assert f"({note})" in " ".join(line.removeprefix("-- ") for line in text.splitlines())
    statements = [line for line in text.splitlines() if not line.startswith("--") and line]
    assert statements == [] and "-- drop table if exists public.users;" in text


@pytest.mark.parametrize(
    "earlier",
    [
        "create table public.users (id int);\ndrop table public.users;\n",
        "create table public.users (id int);\nalter table public.users rename to people;\n",
        "create table other.users (id int);\n",
    ],
    ids=["dropped-again", "renamed-away", "other-schema"],
)
def test_the_down_file_drops_a_table_no_earlier_file_leaves(tmp_path: Path, earlier: str) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_setup.sql", earlier)
    made = create(migrations, "create_users", down=True)
    assert made.down is not None
    assert "\ndrop table if exists public.users;\n" in made.down.read_text()
