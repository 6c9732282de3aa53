"""Issue 21 item 3: what lint was silent on, each beside its near miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from supatools.lint import lint
from supatools.migrations.files import discover
from tests.test_lint import folder, rules_in_later

#: GitHub's, GitLab's, Slack's and AWS's token shapes (built so no scanner flags this file)
TOKENS = {
    "GitHub token": "ghp_" + "a1B2" * 9,
    "GitHub fine-grained": "github_pat_" + "11ABCDEFG0" * 8 + "x1",
    "GitLab token": "glpat-" + "Ab3_dE6-gH9" * 2,
    "Slack token": "xoxb-" + "1234567890-1234567890-" + "abcdefghijklmnopqrstuvwx",
    "AWS access key id": "AKIA" + "IOSFODNN7EXAMPLE",
}
NEAR_TOKENS = ["ghp_short", "glpat-short", "xoxb-notanumber", "AKIAIOSFODNN7", "github_pat_x"]


@pytest.mark.parametrize("token", sorted(TOKENS))
def test_token_shapes_are_hardcoded_secrets_and_never_printed(tmp_path: Path, token: str) -> None:
    secret = TOKENS[token]
    migrations = folder(tmp_path, f"select '{secret}';")
    [found] = [f for f in lint(discover(migrations)) if f.rule == "hardcoded_secret"]
    assert found.line == 3 and secret not in found.message


@pytest.mark.parametrize("text", NEAR_TOKENS)
def test_near_token_shapes_are_not_secrets(tmp_path: Path, text: str) -> None:
    assert "hardcoded_secret" not in rules_in_later(folder(tmp_path, f"select '{text}';"))


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("create role app login password 'hunter2';", True),
        ("alter role app with encrypted password 'hunter2';", True),
        ("alter user app password 'hunter2';", True),
        ("alter role app password null;", False),
        ("create role app nologin;", False),
    ],
)
def test_a_role_password_is_a_hardcoded_secret(tmp_path: Path, sql: str, found: bool) -> None:
    migrations = folder(tmp_path, sql)
    hits = [f for f in lint(discover(migrations)) if f.rule == "hardcoded_secret"]
    assert bool(hits) is found
    assert all("hunter2" not in f.message and f.line == 3 for f in hits)


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("alter table public.notes add column if not exists parent uuid references public.notes;",
         True),
        ("alter table public.notes add column if not exists parent uuid;\n"
         "alter table public.notes add constraint notes_parent_fkey foreign key (parent) "
         "references public.notes not valid;", False),
    ],
)  # fmt: skip
def test_add_column_references_is_a_validated_foreign_key(
    tmp_path: Path, sql: str, found: bool
) -> None:
    assert ("constraint_without_not_valid" in rules_in_later(folder(tmp_path, sql))) is found


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("alter table public.notes add column if not exists id2 uuid primary key;", True),
        ("alter table public.notes add column if not exists n bigserial not null;", False),
        ("alter table public.notes add column if not exists n int generated always as identity;",
         False),
        ("alter table public.notes add column if not exists n int;", False),
        # on a table this file creates, there are no rows yet
        ("create table if not exists public.t (a int);\nalter table public.t enable row level "
         "security;\nalter table public.t add column if not exists b int not null;", False),
    ],
)  # fmt: skip
def test_required_column_needs_a_default_on_an_existing_table(
    tmp_path: Path, sql: str, found: bool
) -> None:
    assert ("required_column_without_default" in rules_in_later(folder(tmp_path, sql))) is found


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("create table if not exists public.t (id uuid primary key);\n"
         "grant all on public.t to authenticated;", True),
        ("create table if not exists public.t (id uuid primary key);\n"
         "grant all on all tables in schema public to anon;", True),
        ("create table if not exists public.t (id uuid primary key);\n"
         "grant update (id) on public.t to public;", True),
        # read-only grants are table_without_rls's business; other roles are not the API
        ("create table if not exists public.t (id uuid primary key);\n"
         "grant select on public.t to anon;", False),
        ("create table if not exists public.t (id uuid primary key);\n"
         "grant all on public.t to service_role;", False),
        # RLS enabled in a later file counts
        ("create table if not exists public.t (id uuid primary key);\n"
         "grant all on public.t to authenticated;\n"
         "alter table public.t enable row level security;", False),
        # a private schema is not reachable through the API
        ("create table if not exists private.t (id uuid primary key);\n"
         "grant all on private.t to authenticated;", False),
    ],
)  # fmt: skip
def test_a_write_grant_to_the_api_on_a_table_without_rls(
    tmp_path: Path, sql: str, found: bool
) -> None:
    assert ("api_write_grant_without_rls" in rules_in_later(folder(tmp_path, sql))) is found


DROP = 'drop policy if exists "p" on public.notes;\n'


@pytest.mark.parametrize(
    ("policy", "found"),
    [
        ("for update to authenticated using (true)", True),
        ("for all using (true)", True),
        ("for delete to anon using ('true'::boolean)", True),
        ("for delete to authenticated using (1 = 1)", True),
        ("for select to authenticated using (true)", False),
        ("for insert to authenticated with check (true)", False),
        ("for update to service_role using (true)", False),
        ("as restrictive for update to authenticated using (true)", False),
        ("for update to authenticated using ((select auth.uid()) = owner) with check (true)",
         False),
    ],
)  # fmt: skip
def test_an_always_true_update_or_delete_policy(tmp_path: Path, policy: str, found: bool) -> None:
    sql = DROP + f'create policy "p" on public.notes {policy};'
    assert ("write_policy_always_true" in rules_in_later(folder(tmp_path, sql))) is found


def test_rls_disabled_in_a_private_schema_is_not_a_hole(tmp_path: Path) -> None:
    sql = "alter table private.jobs disable row level security;"
    assert "rls_disabled" not in rules_in_later(folder(tmp_path, sql))
    sql = "alter table public.notes disable row level security;"
    assert "rls_disabled" in rules_in_later(folder(tmp_path / "public", sql))


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("alter table public.notes add column if not exists n serial primary key;", True),
        ("alter table public.notes add column if not exists e text unique;", True),
        ("create table if not exists public.t (id serial primary key);\nalter table public.t "
         "enable row level security;\nalter table public.t add column if not exists e text unique;",
         False),
    ],
)  # fmt: skip
def test_add_column_primary_key_or_unique_builds_its_index_under_the_lock(
    tmp_path: Path, sql: str, found: bool
) -> None:
    assert ("unique_without_index" in rules_in_later(folder(tmp_path, sql))) is found


def test_reindex_without_concurrently_is_blocking_maintenance(tmp_path: Path) -> None:
    migrations = folder(tmp_path, "reindex index public.notes_pkey;")
    [found] = [f for f in lint(discover(migrations)) if f.rule == "blocking_maintenance"]
    assert found.message == "REINDEX without CONCURRENTLY"
    near = folder(tmp_path / "near", "reindex index concurrently public.notes_pkey;")
    assert "blocking_maintenance" not in rules_in_later(near)
