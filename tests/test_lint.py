"""supatools lint (issue 10): each rule fires on its hole and stays silent on the near miss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supatools.lint import RULES, lint
from supatools.migrations.files import discover
from tests.conftest import REPO, run_cli, write

HEADER = "-- A migration with a description.\n\n"
BASE = (
    "create table if not exists public.notes (id uuid primary key, body text, owner uuid);\n"
    "alter table public.notes enable row level security;\n"
)

#: rule -> (SQL of a later file that breaks it, SQL that must not)
CASES = {
    "not_idempotent": ("create table public.t (id uuid primary key);\nalter table public.t enable row level security;", "create table if not exists public.t (id uuid primary key);\nalter table public.t enable row level security;"),
    "jsonb_undocumented": ("alter table public.notes add column if not exists meta jsonb;", "alter table public.notes add column if not exists meta jsonb;\ncomment on column public.notes.meta is '{\"k\": <text>}';"),
    "prefer_uuid_pk": ("create table if not exists public.t (id bigserial primary key);\nalter table public.t enable row level security;", "create table if not exists public.t (id uuid primary key);\nalter table public.t enable row level security;"),
    "plaintext_sensitive_column": ("alter table public.notes add column if not exists api_key text;", "alter table public.notes add column if not exists api_key_count int;"),
    "hardcoded_secret": ("select 'sk_live_" + "a1B2c3D4e5F6g7H8i9J0k1';", "select format('sk_live_%s', current_setting('app.key'));"),
    "self_tracking_insert": ("insert into public.migrations (name) values ('x');", "insert into public.notes (id) values (gen_random_uuid());"),
    "table_without_rls": ("create table if not exists public.t (id uuid primary key);", "create table if not exists public.t (id uuid primary key);\nalter table public.t enable row level security;"),
    "security_definer_without_search_path": ("create or replace function public.f() returns int language sql security definer as 'select 1';", "create or replace function public.f() returns int language sql security definer set search_path = '' as 'select 1';"),
    "dynamic_sql_injection": ("create or replace function public.f(t text) returns void language plpgsql as $$ begin execute 'drop table ' || t; end $$;", "create or replace function public.f(t text) returns void language plpgsql as $$ begin execute format('drop table %I', t); end $$;"),
    "index_without_concurrently": ("create index if not exists notes_owner on public.notes (owner);", "create index concurrently if not exists notes_owner on public.notes (owner);"),
    "volatile_default": ("alter table public.notes add column if not exists r float default random();", "alter table public.notes add column if not exists r timestamptz default now();"),
    "column_type_rewrite": ("alter table public.notes alter column body type varchar(10);", "create table if not exists public.t (a int);\nalter table public.t enable row level security;\nalter table public.t alter column a type bigint;"),
    "set_not_null_scan": ("alter table public.notes alter column body set not null;", "create table if not exists public.t (a int);\nalter table public.t enable row level security;\nalter table public.t alter column a set not null;"),
    "constraint_without_not_valid": ("alter table public.notes add constraint body_len check (length(body) < 100);", "alter table public.notes add constraint body_len check (length(body) < 100) not valid;"),
    "breaking_change": ("alter table public.notes drop column body;", "alter table public.notes add column if not exists title text;"),
    "unbatched_data_change": ("update public.notes set body = '';", "update public.notes set body = '' where id = gen_random_uuid();"),
    "blocking_maintenance": ("vacuum full public.notes;\nreindex table public.notes;", "vacuum public.notes;\nreindex table concurrently public.notes;"),
    "unique_without_index": ("alter table public.notes add constraint notes_body_key unique (body);", "create unique index concurrently if not exists notes_body_key on public.notes (body);\nalter table public.notes add constraint notes_body_key unique using index notes_body_key;"),
    "policy_without_grant": ('drop policy if exists "p" on public.notes;\ncreate policy "p" on public.notes for select to authenticated using (true);', 'drop policy if exists "p" on public.notes;\ncreate policy "p" on public.notes for select to authenticated using (true);\ngrant select on public.notes to authenticated;'),
    "user_metadata_in_policy": ('drop policy if exists "p" on public.notes;\ncreate policy "p" on public.notes for select to authenticated using ((auth.jwt() -> \'user_metadata\' ->> \'role\') = \'admin\');', 'drop policy if exists "p" on public.notes;\ncreate policy "p" on public.notes for select to authenticated using ((auth.jwt() -> \'app_metadata\' ->> \'role\') = \'admin\');'),
    "required_column_without_default": ("alter table public.notes add column if not exists rank int not null;", "alter table public.notes add column if not exists rank int not null default 0;"),
    "stored_generated_column": ("alter table public.notes add column if not exists len int generated always as (length(body)) stored;", "create table if not exists public.t (b text, len int generated always as (length(b)) stored);\nalter table public.t enable row level security;"),
    "drop_index_without_concurrently": ("drop index if exists public.notes_owner;", "drop index concurrently if exists public.notes_owner;"),
    "rls_disabled": ("alter table public.notes disable row level security;", "alter table public.notes disable row level security;\nupdate public.notes set body = '' where owner is null;\nalter table public.notes enable row level security;"),
    "api_write_grant_without_rls": ("create table if not exists public.t (id uuid primary key);\ngrant select, insert on public.t to anon;", "create table if not exists public.t (id uuid primary key);\nalter table public.t enable row level security;\ngrant select, insert on public.t to anon;"),
    "write_policy_always_true": ('drop policy if exists "p" on public.notes;\ncreate policy "p" on public.notes for delete to authenticated using (true);', 'drop policy if exists "p" on public.notes;\ncreate policy "p" on public.notes for delete to authenticated using ((select auth.uid()) = owner);'),
    "truncate_cascade": ("truncate public.notes cascade;", "truncate public.notes;"),
    "identifier_too_long": ("create index concurrently if not exists " + "i" * 64 + " on public.notes (owner);", "create index concurrently if not exists " + "i" * 63 + " on public.notes (owner);"),
    "timestamp_without_time_zone": ("alter table public.notes add column if not exists at timestamp;", "alter table public.notes add column if not exists at timestamptz;"),
}  # fmt: skip


def folder(tmp_path: Path, later: str, *, description: bool = True) -> Path:
    migrations = tmp_path / "migrations"
    migrations.mkdir(parents=True, exist_ok=True)
    write(migrations, "20250101000000_base.sql", HEADER + BASE)
    write(migrations, "20250101000000_base.down.sql", "drop table public.notes;\n")
    write(migrations, "20250102000000_later.sql", (HEADER if description else "") + later + "\n")
    write(migrations, "20250102000000_later.down.sql", "select 1;\n")
    return migrations


def rules_in_later(migrations: Path) -> set[str]:
    found = lint(discover(migrations))
    return {f.rule for f in found if f.path.name == "20250102000000_later.sql"}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_fires_on_its_hole_and_not_on_the_near_miss(tmp_path: Path, rule: str) -> None:
    hole, near_miss = CASES[rule]
    assert rule in rules_in_later(folder(tmp_path / "hole", hole))
    assert rule not in rules_in_later(folder(tmp_path / "miss", near_miss))


def test_every_rule_has_a_case_or_a_test_of_its_own() -> None:
    assert set(RULES) == set(CASES) | {
        "missing_description",
        "missing_rollback",
        "undeclared_dependency",
        "syntax_error",  # tests/test_lint_syntax.py
    }


def test_dependencies_are_inferred_from_the_parse_trees_and_checked_against_requires(
    tmp_path: Path,
) -> None:
    migrations = folder(tmp_path, "select 1;")
    uses = "update public.notes set body = '' where id = gen_random_uuid();\n"
    write(migrations, "20250102000000_later.sql", HEADER + uses)
    found = [f for f in lint(discover(migrations)) if f.rule == "undeclared_dependency"]
    assert [(f.path.name, f.line) for f in found] == [("20250102000000_later.sql", 3)]
    assert "public.notes" in found[0].message and "20250101000000" in found[0].message
    declared = "-- Uses the notes.\n-- supatools:requires 20250101000000_base\n\n" + uses
    write(migrations, "20250102000000_later.sql", declared)
    assert "undeclared_dependency" not in rules_in_later(migrations)


def test_description_rollback_policy_idempotency_and_a_service_role_jwt(tmp_path: Path) -> None:
    import base64

    claims = base64.urlsafe_b64encode(b'{"role":"service_role","iss":"supabase"}').decode()
    jwt = "eyJhbGciOiJIUzI1NiJ9." + claims.rstrip("=") + ".c2lnbmF0dXJlX29mX3RoZV90b2tlbg"
    migrations = folder(
        tmp_path,
        f"create policy \"p\" on public.notes for select using (true);\nselect '{jwt}';\n",
        description=False,
    )
    (migrations / "20250102000000_later.down.sql").unlink()
    found = {f.rule for f in lint(discover(migrations)) if f.path.name.endswith("later.sql")}
    assert {
        "missing_description",
        "missing_rollback",
        "not_idempotent",
        "hardcoded_secret",
    } <= found
    write(
        migrations,
        "20250102000000_later.sql",
        HEADER + 'drop policy if exists "p" on public.notes;\n'
        'create policy "p" on public.notes for select using (true);\n',
    )
    assert "not_idempotent" not in rules_in_later(migrations)


def test_ignore_comments_and_configured_levels(tmp_path: Path) -> None:
    migrations = folder(
        tmp_path,
        "-- supatools:ignore unbatched_data_change every row is three rows in this table\n"
        "update public.notes set body = '';\nvacuum full public.notes;",
    )
    found = rules_in_later(migrations)
    assert "blocking_maintenance" in found and "unbatched_data_change" not in found
    write(tmp_path, "pyproject.toml", '[tool.supatools.lint]\nblocking_maintenance = "error"\n')
    run = run_cli("lint", "--json", cwd=tmp_path)
    assert run.returncode == 1
    document = json.loads(run.stdout)
    assert [
        (f["rule"], f["level"], f["line"])
        for f in document["findings"]
        if f["rule"] != "undeclared_dependency"
    ] == [("blocking_maintenance", "error", 5)]
    write(tmp_path, "pyproject.toml", '[tool.supatools.lint]\nno_such_rule = "off"\n')
    bad = run_cli("lint", cwd=tmp_path)
    assert bad.returncode == 2 and "no rule 'no_such_rule'" in bad.stderr


def test_the_example_app_is_clean_and_sarif_names_file_and_line(tmp_path: Path) -> None:
    clean = run_cli("lint", "--fail-on", "warn", cwd=REPO)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "lint passed" in clean.stdout
    folder(tmp_path, "update public.notes set body = '';")
    sarif = json.loads(run_cli("lint", "--format", "sarif", cwd=tmp_path).stdout)
    [result] = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "unbatched_data_change"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "migrations/20250102000000_later.sql"
    assert location["region"]["startLine"] == 3


def test_a_secret_is_named_never_printed(tmp_path: Path) -> None:
    secret = "sk_live_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3"
    folder(tmp_path, f"select '{secret}';")
    run = run_cli("lint", "--json", cwd=tmp_path)
    assert run.returncode == 1 and "Stripe secret key" in run.stdout
    assert secret not in run.stdout + run.stderr


def test_the_readme_lint_table_lists_exactly_the_rules() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `supatools new` and `supatools lint`", 1)[1].split("\n## ", 1)[0]
    listed = {row.split("`")[1] for row in section.splitlines() if row.startswith("| `")}
    assert listed == set(RULES)


@pytest.mark.parametrize(
    ("body", "dynamic"),
    [
        ("declare q text; begin q := 'select * from ' || t; execute q; end", True),
        ("begin execute 'drop table ' || t; end", True),
        ("begin return query execute 'select ' || t; end", True),
        ("begin execute format('drop table %I', t); end", False),
        ("begin return query execute 'select 1 where a ilike ''%'' || $1' using t; end", False),
        ("begin return query select 1 where name ilike '%' || t || '%'; end", False),
        ("declare q text; begin q := 'select 1'; execute q; end", False),
        ("begin -- execute the query || later\n perform 1; end", False),
    ],
)
def test_dynamic_sql_is_read_with_the_plpgsql_parser(body: str, dynamic: bool) -> None:
    from supatools.lint import _executes_concatenation

    assert _executes_concatenation(body) is dynamic


# --- with a database: the dry-run plan and large tables ----------------------------------


def items_project(database: object, tmp_path: Path) -> Path:
    from tests.conftest import Database

    assert isinstance(database, Database)
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_items.sql",
        "-- Items.\n\ncreate table if not exists public.items (id int primary key, label text);\n"
        "alter table public.items enable row level security;\n"
        "grant all on public.items to service_role;\n"
        "insert into public.items select g, 'item ' || g from generate_series(1, 5000) g;\n"
        "analyze public.items;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", database.url, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    write(
        migrations,
        "20250102000000_required_label.sql",
        "-- Labels are required and searchable.\n-- supatools:requires 20250101000000\n\n"
        "alter table public.items alter column label set not null;\n"
        "create index if not exists items_label_idx on public.items (label);\n",
    )
    return tmp_path


def test_dry_run_shows_the_locks_the_sizes_and_the_lint_of_each_migration(
    database: object, tmp_path: Path
) -> None:
    from tests.conftest import Database

    assert isinstance(database, Database)
    project = items_project(database, tmp_path)
    run = run_cli("migrate", "--dry-run", "--json", "--db-url", database.url, cwd=project)
    assert run.returncode == 0, run.stderr
    [pending] = json.loads(run.stdout)["pending"]
    plan = {(p["line"], p["lock"], p["work"]) for p in pending["plan"]}
    assert (4, "ACCESS EXCLUSIVE", "scan") in plan and (5, "SHARE", "scan") in plan
    assert all(p["rows"] == 5000 and p["bytes"] > 0 for p in pending["plan"])
    assert pending["summary"].startswith("locks public.items (5.0k rows")
    assert "ACCESS EXCLUSIVE while reading every row" in pending["summary"]
    assert {f["rule"] for f in pending["lint"]} >= {
        "set_not_null_scan",
        "index_without_concurrently",
    }
    text = run_cli("migrate", "--dry-run", "--db-url", database.url, cwd=project).stdout
    assert "-- plan: locks public.items" in text and "--   line 5: CREATE INDEX: SHARE" in text
    assert database.applied_versions() == ["20250101000000"]  # nothing written


def test_lint_with_a_database_raises_large_table_rules_to_error(
    database: object, tmp_path: Path
) -> None:
    from tests.conftest import Database

    assert isinstance(database, Database)
    project = items_project(database, tmp_path)
    offline = run_cli("lint", "--json", cwd=project)
    assert offline.returncode == 0
    write(project, "pyproject.toml", "[tool.supatools.lint]\nlarge_table_rows = 1000\n")
    live = run_cli("lint", "--json", "--db-url", database.url, cwd=project)
    assert live.returncode == 1
    raised = [f for f in json.loads(live.stdout)["findings"] if f["level"] == "error"]
    assert {f["rule"] for f in raised} == {"set_not_null_scan", "index_without_concurrently"}
    assert all("5.0k rows" in f["message"] and "a large table" in f["message"] for f in raised)


def test_set_not_null_after_a_validated_check_in_an_earlier_file_is_not_a_scan(
    tmp_path: Path,
) -> None:
    migrations = folder(
        tmp_path,
        "alter table public.notes add constraint notes_body_nn check (body is not null) not valid;",
    )
    write(
        migrations,
        "20250103000000_validate.sql",
        HEADER + "alter table public.notes validate constraint notes_body_nn;\n",
    )
    write(
        migrations,
        "20250104000000_not_null.sql",
        HEADER + "alter table public.notes alter column body set not null;\n",
    )
    found = {(f.path.name, f.rule) for f in lint(discover(migrations))}
    assert ("20250104000000_not_null.sql", "set_not_null_scan") not in found
    assert ("20250102000000_later.sql", "constraint_without_not_valid") not in found
    (migrations / "20250103000000_validate.sql").unlink()
    found = {(f.path.name, f.rule) for f in lint(discover(migrations))}
    assert ("20250104000000_not_null.sql", "set_not_null_scan") in found


def test_create_type_is_idempotent_only_inside_a_do_block(tmp_path: Path) -> None:
    bare = folder(tmp_path / "bare", "create type public.mood as enum ('good', 'bad');")
    assert "not_idempotent" in rules_in_later(bare)
    wrapped = folder(
        tmp_path / "wrapped",
        "do $$ begin create type public.mood as enum ('good', 'bad');\n"
        "exception when duplicate_object then null; end $$;",
    )
    assert "not_idempotent" not in rules_in_later(wrapped)
